/* synthsite: the decisions behind a table's controls, apart from the page: which rows a page shows, what the
 * status line says, what the text filter looks for, what a row sorts by, which cells are clamped. Pure: no DOM
 * (synthsite-tables.js applies them to the page; node's test runner checks them, tests/js/).
 */
(() => {
  "use strict";

  /* Cells with more text than this are clamped to a few lines, with a "more" button. */
  const CLAMP_CHARS = 280;

  /* Tables with more rows than this are never clamped: they page instead, and measuring every cell would cost
   * more than it helps. */
  const CLAMP_MAX_ROWS = 200;

  /* The rows shown at first, from a table's data-page-size; null when the table is not paged. */
  const pageSize = (attribute) => {
    const size = parseInt(attribute, 10);
    return size > 0 ? size : null;
  };

  /* What the filter form and the pager say: how many rows are shown, of how many that match, of how many. */
  const statusText = (shown, matching, total) => {
    if (shown < matching) {
      return `Showing ${shown} of ${matching}${matching === total ? " rows" : ` matching rows (${total} in all)`}`;
    }
    return matching === total ? `Showing all ${total} rows` : `Showing ${matching} of ${total} rows`;
  };

  /* The words typed into "Find rows containing", as the row texts are compared (lower case). */
  const searchWords = (typed) => typed.toLowerCase().split(/\s+/).filter(Boolean);

  /* A row's lower-case text holds every word. */
  const hasWords = (text, words) => words.every((word) => text.includes(word));

  /* The items that match, up to `limit` of them (the page shown), and how many match in all. */
  const pageOf = (items, matches, limit) => {
    const shown = [];
    let matching = 0;
    for (const item of items) {
      if (!matches(item)) continue;
      matching++;
      if (matching <= limit) shown.push(item);
    }
    return { shown, matching };
  };

  /* What tablesort sorts a cell by (a cell read by synthsite-row-html.js): its data-sort, or else its text. */
  const sortKey = (cell) => (cell ? cell.attributes["data-sort"] || cell.text || "" : "");

  /* A cell long enough to be clamped. */
  const needsClamp = (text) => text.length > CLAMP_CHARS;

  /* A table whose cells are clamped: neither read whole (a findings table, data-read-whole: a finding and the
   * judgements on it are never cut mid-sentence behind "more") nor long. */
  const clampsCells = (readWhole, rowCount) => !readWhole && rowCount <= CLAMP_MAX_ROWS;

  const api = { CLAMP_CHARS, CLAMP_MAX_ROWS, pageSize, statusText, searchWords, hasWords, pageOf, sortKey, needsClamp, clampsCells };
  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});
  synthsite.tableLogic = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})();
