/* synthsite: the heatmap's downloads. The picture as the page shows it (this palette's colours, the cells the
 * filters leave), with its key and caption, as SVG or PNG: made here from the page, nothing fetched. Where the key
 * and caption go is synthsite-heatmap-logic.js's decision (exportLayout); synthsite-heatmap.js adds the buttons
 * through `wire`.
 */
(() => {
  "use strict";

  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});
  const logic = synthsite.heatmapLogic;

  const SVG_NS = "http://www.w3.org/2000/svg";
  const XLINK_NS = "http://www.w3.org/1999/xlink";
  const PAINT = ["fill", "stroke", "stroke-width", "stroke-dasharray", "font-size", "font-family", "font-weight", "opacity"];

  /* The shared cell rectangles in <defs> take their fill from each <use>, so they keep only their outline. */
  const OUTLINE = ["stroke", "stroke-width", "stroke-dasharray"];

  /* The copy carries the computed paint of each element as attributes (the file has no stylesheet). */
  const inlinePaint = (from, to) => {
    if (from.nodeType !== 1) return;
    const style = getComputedStyle(from);
    if (style.display === "none" && !from.closest("defs")) to.setAttribute("display", "none"); /* filtered out */
    const paint = from.closest("defs") ? (from.tagName.toLowerCase() === "defs" ? [] : OUTLINE) : PAINT;
    for (const property of paint) {
      const value = style.getPropertyValue(property);
      if (value) to.setAttribute(property, value);
    }
    to.removeAttribute("class");
    to.removeAttribute("tabindex");
    to.removeAttribute("href");
    to.removeAttributeNS(XLINK_NS, "href");
    if (to.tagName.toLowerCase() === "use") to.setAttributeNS(XLINK_NS, "xlink:href", from.getAttribute("xlink:href"));
    for (let k = 0; k < from.children.length; k++) inlinePaint(from.children[k], to.children[k]);
  };

  const svgElement = (name, attributes, text) => {
    const element = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    if (text !== undefined) element.textContent = text;
    return element;
  };

  /* The key shown (count or confidence) as the layout's items: each swatch or run of words, in order. */
  const keyItems = (figure) => {
    const key = figure.querySelector(".synthsite-heat-key:not([hidden])");
    const items = [];
    for (const node of key.childNodes) {
      const words = synthsite.pageLogic.squash(node.textContent);
      if (!words) continue;
      items.push({ words, node, swatch: node.nodeType === 1 && /synthsite-heat-swatch/.test(node.className) });
    }
    return items;
  };

  const heatPicture = (figure) => {
    const svg = figure.querySelector(".synthsite-heatmap-scroll svg");
    const copy = svg.cloneNode(true);
    inlinePaint(svg, copy);
    copy.removeAttribute("role");
    const page = getComputedStyle(document.body);
    const text = { "font-size": "12px", "font-family": getComputedStyle(svg).fontFamily, fill: page.color };
    let caption = synthsite.pageLogic.squash(figure.querySelector("figcaption > :not([hidden])").textContent);
    const status = figure.querySelector(".synthsite-heat-filters output");
    caption = logic.exportCaption(caption, status ? status.textContent : "");
    const layout = logic.exportLayout(
      parseFloat(svg.getAttribute("width")),
      parseFloat(svg.getAttribute("height")),
      keyItems(figure),
      caption,
    );
    const added = svgElement("g", { class: "synthsite-heat-export-key" });
    for (const item of layout.key) {
      if (item.swatch) {
        const swatch = getComputedStyle(item.node);
        const box = { ...item.box, rx: 3, fill: swatch.backgroundColor };
        if (/contradicts/.test(item.node.className)) {
          box.stroke = getComputedStyle(item.node).outlineColor; /* the key's own dashed outline */
          box["stroke-width"] = 2;
          box["stroke-dasharray"] = "4 2";
        }
        added.appendChild(svgElement("rect", box));
        const label = { ...text, x: item.middle, y: item.y, fill: swatch.color, "text-anchor": "middle", "font-weight": 700 };
        added.appendChild(svgElement("text", label, item.words));
      } else {
        added.appendChild(svgElement("text", { ...text, x: item.x, y: item.y }, item.words));
      }
    }
    for (const line of layout.lines) added.appendChild(svgElement("text", { ...text, x: line.x, y: line.y }, line.text));
    const { width, height } = layout;
    copy.insertBefore(svgElement("rect", { x: 0, y: 0, width, height, fill: page.backgroundColor }), copy.firstChild);
    copy.appendChild(added);
    copy.setAttribute("width", width);
    copy.setAttribute("height", height);
    copy.setAttribute("viewBox", `0 0 ${width} ${height}`);
    return { text: logic.svgFile(new XMLSerializer().serializeToString(copy)), width, height };
  };

  const saveBlob = (blob, name) => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  /* The PNG: the SVG drawn at twice its size on a canvas. */
  const heatPng = (picture, done) => {
    const image = new Image();
    const url = URL.createObjectURL(new Blob([picture.text], { type: "image/svg+xml" }));
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = picture.width * 2;
      canvas.height = picture.height * 2;
      const context = canvas.getContext("2d");
      context.scale(2, 2);
      context.drawImage(image, 0, 0);
      URL.revokeObjectURL(url);
      canvas.toBlob(done, "image/png");
    };
    image.src = url;
  };

  const wire = (figure) => {
    const bar = document.createElement("p");
    bar.className = "synthsite-heat-downloads";
    bar.append("Download the picture with its key and caption: ");
    [
      ["SVG", "svg"],
      ["PNG", "png"],
    ].forEach(([label, extension], i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button synthsite-heat-download";
      button.textContent = label;
      button.setAttribute("aria-label", `Download the heatmap as ${label}`);
      button.addEventListener("click", () => {
        const picture = heatPicture(figure);
        const name = `${figure.id || "heatmap"}.${extension}`;
        if (extension === "svg") saveBlob(new Blob([picture.text], { type: "image/svg+xml" }), name);
        else heatPng(picture, (blob) => saveBlob(blob, name));
      });
      if (i) bar.append(" ");
      bar.appendChild(button);
    });
    figure.insertBefore(bar, figure.querySelector("figcaption").nextSibling);
  };

  synthsite.heatmapExport = { wire };
})();
