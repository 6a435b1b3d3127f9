/* synthsite: what a printed page needs from the script. A table too wide for A4 (data-print="blocks") prints one
 * block per row, each cell led by its column's header, which the print stylesheet reads from the cell's
 * data-label; and each link of the text carries its full address (data-print-url), which the print stylesheet
 * writes after it, so a printed page says where its links lead.
 */
(() => {
  "use strict";

  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});

  /* Each cell of these rows (of a table that prints as blocks) gets its column's header as data-label. */
  const labelCells = (table, rows) => {
    if (table.getAttribute("data-print") !== "blocks" || !table.tHead) return;
    const heads = table.tHead.rows[0].cells;
    for (const row of rows) {
      const cells = row.cells;
      for (let c = 0; c < cells.length && c < heads.length; c++) {
        if (!cells[c].hasAttribute("data-label")) cells[c].setAttribute("data-label", heads[c].textContent.trim());
      }
    }
  };

  /* Links of the text (not of tables, pictures or navigation) carry their address for print. */
  const markTargets = (root) => {
    const { printsAddress } = synthsite.pageLogic;
    for (const link of root.querySelectorAll(".md-content a[href]:not(.headerlink):not(.md-button)")) {
      if (link.closest("table, svg, nav")) continue;
      if (printsAddress(link.getAttribute("href"), link.href, link.textContent)) {
        link.setAttribute("data-print-url", link.href);
      }
    }
  };

  synthsite.print = { labelCells, markTargets };
})();
