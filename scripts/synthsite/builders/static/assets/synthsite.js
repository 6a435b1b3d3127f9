/* synthsite: tables you can sort, filter, page, share and download; copy buttons; the heatmap's grid, tips,
 * filters and downloads. This file boots them; each job is a script of its own, loaded before it (the list, in
 * load order, is EXTRA_JAVASCRIPT in synthsite/builders/packaged.py; docs/architecture.md has the map):
 *
 *   synthsite-csv.js, synthsite-row-html.js, synthsite-table-logic.js, synthsite-filter-logic.js,
 *   synthsite-heatmap-logic.js, synthsite-page-logic.js   the decisions, pure (no DOM; node --test tests/js/)
 *   synthsite-rows.js      fetches the rows of long tables past the first page
 *   synthsite-print.js     print labels of block tables, link addresses in print
 *   synthsite-cite.js      "Copy citation" buttons
 *   synthsite-tables.js    sorting, paging and the text filter, clamped cells, the scroll cue
 *   synthsite-filters.js   the tables' filter forms, their state in the URL, the CSV of the rows shown
 *   synthsite-heatmap-export.js   the heatmap's SVG and PNG downloads
 *   synthsite-heatmap.js   the heatmap's grid, tips, phone list, filters and caption
 *
 * They are classic scripts sharing one namespace, `synthsite` on the global object (modules would not load from
 * file://, where the offline archive is read). Everything runs on every page Material shows, including pages
 * reached by instant navigation (Material's `document$` observable emits for each), so it works without a full
 * reload; each element is wired once (data-synthsite-ready). Material's own tables and code blocks get the two
 * accessibility repairs below.
 */
(() => {
  "use strict";

  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});

  /* On narrow screens Material lets a wide Markdown table scroll sideways inside .md-typeset__scrollwrap. A region
   * that scrolls must be reachable by keyboard (WCAG 2.1.1; axe: scrollable-region-focusable): one holding no
   * focusable element (link, sortable header) becomes a named tab stop itself; arrow keys then scroll it. */
  const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  const focusableScrollRegions = () => {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (wrap.hasAttribute("tabindex") || wrap.scrollWidth <= wrap.clientWidth) continue;
      if (wrap.querySelector(FOCUSABLE)) continue;
      const caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", synthsite.pageLogic.scrollRegionLabel(caption ? caption.textContent : null));
    }
  };

  /* Material gives each code block's copy button a <nav>: several unnamed navigation landmarks on one page, which
   * a screen reader's list of landmarks cannot tell apart (axe: landmark-unique). Each gets a name of its own. */
  const nameCodeNavs = () => {
    document.querySelectorAll(".md-code__nav").forEach((nav, n) => {
      if (!nav.hasAttribute("aria-label")) nav.setAttribute("aria-label", synthsite.pageLogic.codeNavLabel(n));
    });
  };

  const once = (element) => {
    if (element.hasAttribute("data-synthsite-ready")) return false;
    element.setAttribute("data-synthsite-ready", "");
    return true;
  };

  /* A long table whose other rows synthsite-rows.js is still fetching is wired once they are in. */
  const rowsPending = (table) => !!table && table.hasAttribute("data-rows-src") && !table.hasAttribute("data-rows-loaded");

  const setup = () => {
    const { tables, filters, cite, heatmap, print } = synthsite;
    for (const table of document.querySelectorAll("table[data-synthsite-table]")) {
      if (rowsPending(table) || !once(table)) continue;
      tables.wire(table);
    }
    for (const form of document.querySelectorAll("form[data-synthsite-filters]")) {
      if (rowsPending(document.getElementById(form.getAttribute("data-synthsite-filters")))) continue;
      if (once(form)) filters.wire(form);
    }
    for (const block of document.querySelectorAll(".synthsite-cite")) if (once(block)) cite.wire(block);
    const maps = document.querySelectorAll(".synthsite-heatmap");
    for (const figure of maps) {
      /* a large map's other rows are fetched like a long table's: it is wired once they are in */
      if (!rowsPending(figure.querySelector("[data-rows-src]")) && once(figure)) heatmap.wire(figure);
    }
    if (maps.length) heatmap.watchPalette();
    focusableScrollRegions();
    print.markTargets(document);
    nameCodeNavs();
    tables.cueMaterialTables();
    setTimeout(() => {
      /* in case Material wraps its tables or adds its buttons after this ran */
      nameCodeNavs();
      tables.cueMaterialTables();
    }, 0);
  };

  document.addEventListener("synthsite:rows-loaded", setup);
  window.addEventListener("resize", focusableScrollRegions);
  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
