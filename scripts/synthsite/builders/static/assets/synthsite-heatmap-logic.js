/* synthsite: the heatmap's decisions, apart from the page: which way the palette's scale runs (read from the key's
 * colours), what the filter line says, where the arrow keys move in the grid, and how the downloaded picture lays
 * out its key and caption under the map. Pure: no DOM (synthsite-heatmap.js wires the figure; node's test runner
 * checks these, tests/js/).
 */
(() => {
  "use strict";

  /* Relative luminance (WCAG) of a computed CSS colour ("rgb(r, g, b)"). */
  const luminance = (colour) => {
    const parts = (colour.match(/[\d.]+/g) || ["0", "0", "0"]).slice(0, 3).map(Number);
    const weights = [0.2126, 0.7152, 0.0722];
    let sum = 0;
    for (let i = 0; i < 3; i++) {
      const v = parts[i] / 255;
      sum += weights[i] * (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    }
    return sum;
  };

  /* The caption's word for "more": the key's last shade darker than its first, or lighter (a dark palette). */
  const scaleDirection = (firstColour, lastColour) =>
    luminance(lastColour) < luminance(firstColour) ? "darker" : "lighter";

  /* The line under the map's filters: how many cells are shown, and by which ticked values. */
  const mapStatus = (shown, total, chosen) => {
    const said = Object.entries(chosen).map(([facet, values]) => `${facet}: ${values.join(", ")}`);
    return `Showing ${shown} of ${total} cells${said.length ? ` (${said.join("; ")})` : ""}`;
  };

  /* A cell's shade (1 to 9) from its class (sN, themes.md.j2); a chip of the phone list takes the same. */
  const shadeOf = (className) => {
    const shade = /(?:^|\s)s(\d)(?:\s|$)/.exec(className || "");
    return shade ? shade[1] : "1";
  };

  /* The tip's hint for keyboard users: where Enter leads from this target. */
  const keysHint = (rowHead, link) =>
    ` (arrow keys: other cells and themes; Enter opens ${rowHead || !link ? "the theme" : "the study's evidence"})`;

  /* Where a key moves the grid's focus (the ARIA grid pattern). `rows`: for each row the filters leave shown, the
   * columns (aria-colindex) of its targets, its header first; `here`: those of the focused target's row, `r` that
   * row's place in `rows` (-1: filtered out), `c` the target's place in `here` (-1: filtered out), `column` its
   * column. Returns {row, index}: a place in `rows` (or `r`, the focused row) and a target in it; {r, c} stays
   * put; null for a key the grid leaves alone. */
  const gridMove = ({ key, ctrl, rows, here, r, c, column }) => {
    const stay = { row: r, index: c };
    const nearest = (row) => {
      const columns = rows[row];
      let best = 0;
      columns.forEach((each, index) => {
        if (Math.abs(each - column) < Math.abs(columns[best] - column)) best = index;
      });
      return { row, index: best };
    };
    switch (key) {
      case "ArrowRight":
        return c + 1 < here.length ? { row: r, index: c + 1 } : stay;
      case "ArrowLeft":
        return c - 1 >= 0 ? { row: r, index: c - 1 } : stay;
      case "ArrowDown":
        return r + 1 < rows.length ? nearest(r + 1) : stay;
      case "ArrowUp":
        return r - 1 >= 0 ? nearest(r - 1) : stay;
      case "Home":
        return ctrl ? { row: 0, index: 0 } : { row: r, index: 0 };
      case "End":
        return ctrl
          ? { row: rows.length - 1, index: rows.length ? rows[rows.length - 1].length - 1 : 0 }
          : { row: r, index: here.length - 1 };
      default:
        return null;
    }
  };

  /* Greedy line breaks: words joined until a line would pass `chars` characters. */
  const wrapWords = (text, chars) => {
    const lines = [];
    let line = "";
    for (const word of text.split(/\s+/)) {
      if (line && `${line} ${word}`.length > chars) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    if (line) lines.push(line);
    return lines;
  };

  /* The caption of the downloaded picture: the figure's, and the filter line when filters are ticked. */
  const exportCaption = (caption, status) => (status && /\(/.test(status) ? `${caption} ${status}.` : caption);

  /* Where the downloaded picture puts its key and caption under a map of `width` x `height`: each key item
   * ({words, swatch}: a coloured swatch or plain words) at its place, then the caption in lines that fit the
   * width. Returns the items placed, the caption's lines and the whole picture's size. */
  const exportLayout = (width, height, keyItems, caption) => {
    let x = 8;
    const y = height + 14;
    const key = [];
    for (const item of keyItems) {
      if (item.swatch) {
        const boxWidth = Math.max(26, item.words.length * 8 + 10);
        key.push({ ...item, x, y, box: { x, y: y - 13, width: boxWidth, height: 18 }, middle: x + boxWidth / 2 });
        x += boxWidth + 6;
      } else {
        key.push({ ...item, x, y });
        x += item.words.length * 6.5 + 8;
      }
    }
    const captionTop = y + 24;
    const chars = Math.max(40, Math.floor((Math.max(width, x) - 16) / 6.2));
    const lines = wrapWords(caption, chars).map((text, l) => ({ text, x: 8, y: captionTop + l * 16 }));
    return { key, lines, width: Math.max(width, x + 8), height: captionTop + lines.length * 16 };
  };

  /* The SVG file: an XML declaration, the serialised picture and a final line end. */
  const svgFile = (serialised) => `<?xml version="1.0" encoding="UTF-8"?>\n${serialised}\n`;

  const api = {
    luminance,
    scaleDirection,
    mapStatus,
    shadeOf,
    keysHint,
    gridMove,
    wrapWords,
    exportCaption,
    exportLayout,
    svgFile,
  };
  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});
  synthsite.heatmapLogic = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})();
