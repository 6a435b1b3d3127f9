/* synthsite: the themes heatmap. An ARIA grid (themes.md.j2): a header row of columns, then a row per theme whose
 * header links to the theme page and whose filled cells link to the study's evidence (in a large synthesis only
 * the row header links, and the cells are focusable gridcells). Each cell's words are its SVG <title>, written
 * once; hover or focus shows them as a tip. The grid is one Tab stop (a roving tabindex, as the ARIA grid pattern
 * does): the arrow keys move between themes and filled cells, Home/End to a row's ends, Ctrl+Home/End to the
 * grid's, Enter follows the focused link (a cell without one follows its row's). Phones get the same cells as a
 * list per theme, built here. The key's own colours decide the caption's words ("darker: more" or "lighter:
 * more"), and the map's filters keep the cells that match; synthsite-heatmap-export.js adds the downloads. The
 * decisions are synthsite-heatmap-logic.js's.
 */
(() => {
  "use strict";

  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});
  const logic = synthsite.heatmapLogic;
  const filterLogic = synthsite.filterLogic;

  /* The grid: rows, their headers and cells ------------------------------------------------------------- */

  const heatWords = (element) => {
    const title = element.querySelector(":scope > title");
    return title ? title.textContent : "";
  };

  const heatRowHead = (row) => row.querySelector(".synthsite-heat-row-head");

  /* A cell's target, the element that draws its rectangle and carries its shade (class s1 to s3): the gridcell's
   * link, or the gridcell itself when it has none. */
  const cellTarget = (gridcell) => gridcell.querySelector(":scope > a") || gridcell;

  /* A row's cells: their targets, in column order. */
  const heatCells = (row) => Array.from(row.querySelectorAll("[role=gridcell]"), cellTarget);

  /* What the keyboard stops at in a row: its header, then its cells (those the map's filters leave shown). */
  const heatTargets = (row) => [heatRowHead(row), ...heatCells(row).filter((cell) => !cell.synthsiteFiltered)];

  const heatColumn = (target) => {
    const cell = target.closest("[aria-colindex]");
    return cell ? parseInt(cell.getAttribute("aria-colindex"), 10) : 1;
  };

  const isLink = (element) => element.tagName.toLowerCase() === "a";

  const linkOf = (element) => element.getAttribute("href") || element.getAttribute("xlink:href");

  const heatRows = (figure) => Array.from(figure.querySelectorAll("svg .synthsite-heat-row"));

  const targetOf = (element) => {
    const found = element && element.closest ? element.closest(".synthsite-heat-row-head, [role=gridcell]") : null;
    return found && found.getAttribute("role") === "gridcell" ? cellTarget(found) : found;
  };

  /* The phone's list: a line per theme with a chip per filled cell ---------------------------------------- */

  const heatChip = (cell, columns) => {
    const chip = document.createElement(isLink(cell) ? "a" : "span");
    chip.className = `synthsite-heat-chip synthsite-heat-chip--${logic.shadeOf(cell.getAttribute("class"))}`;
    chip.synthsiteCell = cell;
    if (isLink(cell)) chip.setAttribute("href", linkOf(cell));
    const seen = document.createElement("span");
    seen.setAttribute("aria-hidden", "true");
    seen.append(`${columns[heatColumn(cell)] || ""} `);
    const markText = document.createElement("span");
    markText.className = "synthsite-heat-chip-mark";
    markText.textContent = cell.querySelector("text").textContent;
    seen.appendChild(markText);
    const words = document.createElement("span");
    words.className = "synthsite-visually-hidden";
    words.textContent = heatWords(cell);
    chip.append(seen, words);
    return chip;
  };

  const heatList = (figure) => {
    const columns = {};
    for (const head of figure.querySelectorAll(".synthsite-heatmap-columns text")) {
      columns[head.getAttribute("aria-colindex")] = head.textContent;
    }
    const list = document.createElement("ul");
    list.className = "synthsite-heatmap-list";
    for (const row of heatRows(figure)) {
      const head = heatRowHead(row);
      const item = document.createElement("li");
      item.synthsiteRow = row;
      item.setAttribute("data-confidence", row.getAttribute("data-confidence") || "");
      const theme = document.createElement("a");
      theme.className = "synthsite-heatmap-list-theme";
      theme.textContent = heatWords(head);
      theme.setAttribute("href", linkOf(head));
      item.append(theme, ": ");
      for (const cell of heatCells(row)) item.append(" ", heatChip(cell, columns));
      list.appendChild(item);
    }
    const text = figure.querySelector(".synthsite-heat-text");
    if (text) text.appendChild(list);
    else figure.insertBefore(list, figure.querySelector(".synthsite-heatmap-scroll").nextSibling);
    figure.classList.add("synthsite-heatmap--listed");
    figure.synthsiteList = list;
    if (figure.synthsiteApplyFilters) figure.synthsiteApplyFilters();
  };

  /* The width below which synthsite.css shows the list instead of the picture (its @media rule). */
  const PHONE = "screen and (max-width: 44.984375em)";

  /* The list is built when it is to be seen: on a wide screen it would be a thousand hidden elements more to
   * make while the page loads. */
  const listWhenNarrow = (figure) => {
    const narrow = typeof window.matchMedia === "function" ? window.matchMedia(PHONE) : null;
    const text = figure.querySelector(".synthsite-heat-text");
    const list = () => {
      if (figure.synthsiteListed) return;
      figure.synthsiteListed = true;
      heatList(figure);
    };
    const build = () => {
      if (narrow && !narrow.matches) return;
      if (text) text.open = true; /* on a phone the list is the map */
      list();
    };
    build();
    if (text) {
      text.addEventListener("toggle", () => {
        if (text.open) list();
      });
    }
    if (narrow && !figure.synthsiteListed && typeof narrow.addEventListener === "function") {
      narrow.addEventListener("change", build);
    }
  };

  /* The caption says which way the palette's own scale runs, read from the key's first and last shades. */
  const describeScale = (figure) => {
    const swatches = figure.querySelectorAll(
      ".synthsite-heat-key:not(.synthsite-heat-key--confidence) [class*='synthsite-heat-swatch--']" +
        ":not(.synthsite-heat-swatch--contradicts):not(.synthsite-heat-swatch--plain)",
    );
    if (swatches.length < 2) return;
    const direction = logic.scaleDirection(
      getComputedStyle(swatches[0]).backgroundColor,
      getComputedStyle(swatches[swatches.length - 1]).backgroundColor,
    );
    for (const words of figure.querySelectorAll(".synthsite-heat-direction")) words.textContent = direction;
  };

  /* Palette switches repaint the heatmap: its caption follows the new scale. */
  let watchingPalette = false;
  const watchPalette = () => {
    if (watchingPalette || typeof MutationObserver !== "function") return;
    watchingPalette = true;
    new MutationObserver(() => {
      for (const figure of document.querySelectorAll(".synthsite-heatmap")) describeScale(figure);
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  };

  /* Keyboard: one Tab stop for the grid; the arrow keys move it ----------------------------------------- */

  const wireGrid = (figure, show) => {
    const rows = heatRows(figure);
    if (!rows.length) return;
    for (const row of rows) {
      for (const target of [heatRowHead(row), ...heatCells(row)]) target.setAttribute("tabindex", "-1");
    }
    const region = figure.querySelector(".synthsite-heatmap-scroll");
    if (region) region.removeAttribute("tabindex"); /* the grid's own Tab stop is inside it */
    let current = null;
    const rove = (target) => {
      if (current && current !== target) current.setAttribute("tabindex", "-1");
      current = target;
      target.setAttribute("tabindex", "0");
    };
    const shownRows = () => rows.filter((row) => !row.synthsiteFiltered);
    figure.synthsiteRove = () => {
      if (current && !current.synthsiteFiltered && !current.closest(".synthsite-heat-row").synthsiteFiltered) return;
      const shown = shownRows();
      const first = shown.length ? heatTargets(shown[0]) : [];
      if (first.length) rove(first[1] || first[0]);
    };
    figure.synthsiteRove();
    const move = (target) => {
      if (!target) return;
      rove(target);
      target.focus();
      if (target.scrollIntoView) target.scrollIntoView({ block: "nearest", inline: "nearest" });
      show(target, true);
    };
    figure.addEventListener("focusin", (event) => {
      const target = targetOf(event.target);
      if (target && figure.contains(target) && target.closest("svg")) rove(target);
    });
    figure.addEventListener("keydown", (event) => {
      const target = targetOf(event.target);
      if (!target || !target.closest("svg")) return;
      const shown = shownRows();
      const row = target.closest(".synthsite-heat-row");
      const targets = heatTargets(row);
      if (event.key === "Enter" && !isLink(target)) {
        event.preventDefault();
        window.location.href = new URL(linkOf(heatRowHead(row)), document.baseURI).href;
        return;
      }
      const shownTargets = shown.map(heatTargets);
      const r = shown.indexOf(row);
      const c = targets.indexOf(target);
      const step = logic.gridMove({
        key: event.key,
        ctrl: event.ctrlKey,
        rows: shownTargets.map((each) => each.map(heatColumn)),
        here: targets.map(heatColumn),
        r,
        c,
        column: heatColumn(target),
      });
      if (!step) return;
      event.preventDefault();
      if (step.row === r) move(step.index === c ? target : targets[step.index]);
      else move((shownTargets[step.row] || [])[step.index]);
    });
  };

  /* The map's filters (a form above it, like the tables'): colour the cells by linked study themes or by the
   * finding's CERQual confidence, and keep only the cells whose studies or links match the ticked perspectives,
   * countries, years and relations. Each cell's values are its data-perspective, data-country, data-year and
   * data-relation ("|" between values). The state lives in the page URL (`?crosswalk-heatmap.country=Denmark`,
   * `?crosswalk-heatmap.colour=confidence`), the list of links (the map as text) and the keyboard follow the
   * filters, and a line says how many cells are shown. */
  const wireMapFilters = (figure) => {
    const form = figure.querySelector("form[data-synthsite-map]");
    if (!form) return;
    const { filters } = synthsite;
    const cells = Array.from(figure.querySelectorAll("svg [role=gridcell]"));
    const prefix = `${figure.id}.`;
    const output = form.querySelector("output");
    const colour = () => {
      const radio = form.querySelector("input[name=colour]:checked");
      return radio ? radio.value : "count";
    };
    const wanted = () => {
      const out = {};
      for (const box of form.querySelectorAll("input[type=checkbox]:checked")) {
        (out[box.name] = out[box.name] || []).push(box.value);
      }
      return out;
    };
    const apply = () => {
      const chosen = wanted();
      let shown = 0;
      for (const cell of cells) {
        const keep = filterLogic.matchesChosen(
          (facet) => filterLogic.facetValues(cell.getAttribute(`data-${facet}`)),
          chosen,
        );
        cell.classList.toggle("synthsite-heat-out", !keep);
        cellTarget(cell).synthsiteFiltered = !keep;
        if (keep) shown++;
      }
      const byConfidence = colour() === "confidence";
      figure.classList.toggle("synthsite-heatmap--confidence", byConfidence);
      figure.querySelector(".synthsite-heat-key:not(.synthsite-heat-key--confidence)").hidden = byConfidence;
      figure.querySelector(".synthsite-heat-key--confidence").hidden = !byConfidence;
      figure.querySelector(".synthsite-heat-caption-count").hidden = byConfidence;
      figure.querySelector(".synthsite-heat-caption-confidence").hidden = !byConfidence;
      for (const chip of figure.querySelectorAll(".synthsite-heatmap-list .synthsite-heat-chip")) {
        chip.hidden = !!chip.synthsiteCell.synthsiteFiltered;
      }
      output.textContent = logic.mapStatus(shown, cells.length, chosen);
      filters.showChosenCounts(form, chosen);
      if (figure.synthsiteRove) figure.synthsiteRove();
      return chosen;
    };
    const writeUrl = (chosen) => filters.writeUrlState(prefix, filterLogic.mapStateEntries(prefix, colour(), chosen));
    const readUrl = () => {
      const params = new URLSearchParams(window.location.search);
      for (const box of form.querySelectorAll("input[type=checkbox]")) {
        box.checked = params.getAll(prefix + box.name).includes(box.value);
      }
      const radio = form.querySelector(`input[name=colour][value='${params.get(`${prefix}colour`) || "count"}']`);
      if (radio) radio.checked = true;
    };
    form.addEventListener("change", () => writeUrl(apply()));
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("reset", (event) => {
      event.preventDefault();
      for (const box of form.querySelectorAll("input[type=checkbox]")) box.checked = false;
      form.querySelector("input[name=colour][value=count]").checked = true;
      writeUrl(apply());
    });
    figure.synthsiteApplyFilters = apply;
    form.hidden = false;
    readUrl();
    apply();
  };

  /* The tip under a focused or hovered target --------------------------------------------------------- */

  const wire = (figure) => {
    const tip = figure.querySelector(".synthsite-heat-tip");
    if (!tip) return;
    wireMapFilters(figure);
    listWhenNarrow(figure);
    describeScale(figure);
    let current = null;
    const mark = (cell) => {
      if (current) current.classList.remove("synthsite-heat--current");
      current = cell;
      if (cell) cell.classList.add("synthsite-heat--current");
    };
    const show = (target, keys) => {
      const row = target.closest(".synthsite-heat-row");
      const head = target.classList.contains("synthsite-heat-row-head");
      tip.textContent = "";
      if (!head && !isLink(target)) {
        const theme = document.createElement("strong");
        theme.textContent = heatWords(heatRowHead(row));
        tip.append(theme, document.createElement("br"));
      }
      tip.append(heatWords(target));
      if (keys) {
        const hint = document.createElement("span");
        hint.className = "synthsite-heat-tip-keys";
        hint.textContent = logic.keysHint(head, isLink(target));
        tip.appendChild(hint);
      }
      mark(head ? null : target);
      tip.hidden = false;
      const box = target.getBoundingClientRect();
      const frame = figure.getBoundingClientRect();
      tip.style.left = `${Math.max(0, box.left - frame.left)}px`;
      tip.style.top = `${box.bottom - frame.top + 4}px`;
    };
    figure.addEventListener("focusin", (event) => {
      const target = targetOf(event.target);
      if (target && figure.contains(target)) show(target, true);
    });
    figure.addEventListener("mouseover", (event) => {
      const target = targetOf(event.target);
      if (target && figure.contains(target) && !target.classList.contains("synthsite-heat-row-head")) show(target, false);
    });
    const hide = () => {
      tip.hidden = true;
      mark(null);
    };
    figure.addEventListener("focusout", hide);
    figure.addEventListener("mouseleave", hide);
    wireGrid(figure, show);
    synthsite.heatmapExport.wire(figure);
  };

  synthsite.heatmap = { wire, watchPalette };
})();
