/* synthsite: the rows of long tables, fetched after the page is shown.
 *
 * A table with more rows than one page (data-page-size) carries only its first page in the HTML, so the
 * page stays light however large the synthesis grows (the reference list does the same with its items); the
 * rest are pre-rendered, escaped <tr> fragments in a JSON list beside the page (data-rows-src). This module
 * fetches them and hands a table's fragments to synthsite.js as they are (table.synthsiteDeferredRows: it puts
 * into the page only the rows shown, a page at a time), or appends a list's items; then it marks the holder
 * data-rows-loaded and announces "synthsite:rows-loaded" on the document, upon which synthsite.js wires
 * sorting, filtering and paging across every row (it leaves such a table alone until then). Without
 * JavaScript the first page of rows and a note pointing to the CSV and JSON downloads show.
 * Kept apart from synthsite.js (which owns the table controls) so the two can change independently.
 */
(function () {
  "use strict";

  function finish(table, note, message) {
    table.setAttribute("data-rows-loaded", "");
    if (note) {
      if (message) note.textContent = message;
      else note.hidden = true;
    }
    document.dispatchEvent(new CustomEvent("synthsite:rows-loaded", { detail: { table: table } }));
  }

  function load(table) {
    table.setAttribute("data-rows-loading", "");
    var note = document.querySelector('[data-rows-note="' + table.id + '"]');
    var url = new URL(table.getAttribute("data-rows-src"), window.location.href);
    fetch(url.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (rows) {
        if (!Array.isArray(rows)) throw new Error("not a list of rows");
        if (table.tBodies) table.synthsiteDeferredRows = rows; // synthsite.js shows them a page at a time
        else table.insertAdjacentHTML("beforeend", rows.join("")); // a list (the references) takes every item
        finish(table, note, null);
      })
      .catch(function () {
        finish(table, note, "The other rows could not be loaded; the CSV and JSON downloads hold every row.");
      });
  }

  function setup() {
    var holders = document.querySelectorAll("[data-rows-src]:not([data-rows-loading])");
    for (var i = 0; i < holders.length; i++) {
      if (!holders[i].tBodies || holders[i].tBodies.length) load(holders[i]);
    }
  }

  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
