/* synthsite: the rows of long tables, fetched after the page is shown.
 *
 * A table with more rows than one page (data-page-size) carries only its first page in the HTML, so the page stays
 * light however large the synthesis grows (the reference list does the same with its items); the rest are
 * pre-rendered, escaped <tr> fragments in a JSON list beside the page (data-rows-src). This script fetches them
 * and hands a table's fragments to synthsite-tables.js as they are (table.synthsiteDeferredRows: it puts into the
 * page only the rows shown, a page at a time, making them with `synthsite.rows` below and reading them with
 * synthsite-row-html.js, so that it never handles HTML itself), or appends a list's items (or a large heatmap's
 * rows, SVG fragments parsed in the picture's own rowgroup); then it marks the
 * holder data-rows-loaded and announces "synthsite:rows-loaded" on the document, upon which synthsite.js wires
 * sorting, filtering and paging across every row (it leaves such a table alone until then). Without JavaScript
 * the first page of rows and a note pointing to the CSV and JSON downloads show.
 * Kept apart from the table controls so the two can change independently.
 */
(() => {
  "use strict";

  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});

  /* <tr> elements from row fragments, parsed together in a <tbody> outside the page (where they are not
   * rendered; scripts parsed this way never run). */
  const rows = (fragments) => {
    const holder = document.createElement("tbody");
    holder.innerHTML = fragments.join("");
    if (holder.rows.length === fragments.length) return Array.from(holder.rows);
    return fragments.map((fragment) => {
      // a fragment that is not one row: each alone
      holder.innerHTML = fragment;
      return holder.rows[0] || document.createElement("tr");
    });
  };

  /* A row of the page, as the rows file would hold it. */
  const fragment = (row) => row.outerHTML;

  synthsite.rows = { rows, fragment };

  /* Fetching the rows past the first page ------------------------------------------------------------- */

  const finish = (table, note, message) => {
    table.setAttribute("data-rows-loaded", "");
    if (note) {
      if (message) note.textContent = message;
      else note.hidden = true;
    }
    document.dispatchEvent(new CustomEvent("synthsite:rows-loaded", { detail: { table } }));
  };

  const load = (table) => {
    table.setAttribute("data-rows-loading", "");
    const note = document.querySelector(`[data-rows-note="${table.id}"]`);
    const url = new URL(table.getAttribute("data-rows-src"), window.location.href);
    fetch(url.href, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
        return response.json();
      })
      .then((fetched) => {
        if (!Array.isArray(fetched)) throw new Error("not a list of rows");
        if (table.tBodies) table.synthsiteDeferredRows = fetched; // shown a page at a time by synthsite-tables.js
        else table.insertAdjacentHTML("beforeend", fetched.join("")); // a list (the references) or a map takes all
        finish(table, note, null);
      })
      .catch(() => {
        finish(table, note, "The other rows could not be loaded; the CSV and JSON downloads hold every row.");
      });
  };

  const setup = () => {
    for (const holder of document.querySelectorAll("[data-rows-src]:not([data-rows-loading])")) {
      if (!holder.tBodies || holder.tBodies.length) load(holder);
    }
  };

  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
