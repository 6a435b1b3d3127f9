/* synthsite: what the filters decide, for the tables' filter forms and the heatmap's: a cell's values, whether a
 * row or a cell matches the ticked values (within one filter any ticked value, across filters every filter), what
 * a filter's badge says, and the filter state as the page URL's query (`?<table id>.<column>=<value>`, once per
 * ticked value; the heatmap adds `<figure id>.colour`). Pure: no DOM (synthsite-filters.js and
 * synthsite-heatmap.js wire the forms; node's test runner checks these, tests/js/).
 */
(() => {
  "use strict";

  /* A cell's values: the JSON list of its data-filter-values (anything else: none). */
  const filterValues = (json) => {
    try {
      const values = JSON.parse(json || "[]");
      return Array.isArray(values) ? values : [];
    } catch {
      return [];
    }
  };

  /* The values of a row's cell of this column, from its cells as synthsite-row-html.js reads them. */
  const cellFilterValues = (cells, column) => {
    const cell = cells.find((each) => each.attributes["data-column"] === column);
    return cell ? filterValues(cell.attributes["data-filter-values"]) : [];
  };

  /* A heatmap cell's values of one facet: its data-<facet> attribute, "|" between values. */
  const facetValues = (attribute) => (attribute || "").split("|");

  /* A row (or cell) matches when, for every filter with a ticked value, it holds one of the ticked values;
   * `valuesOf(column)` gives its values. */
  const matchesChosen = (valuesOf, chosen) =>
    Object.entries(chosen).every(([column, wanted]) => {
      const values = valuesOf(column);
      return wanted.some((value) => values.includes(value));
    });

  /* The badge beside a filter's name: its ticked values. */
  const chosenLabel = (values) => (values.length ? `(${values.join(", ")})` : "");

  /* The query parameters of a state (prefix: the table's or figure's id and a dot). */
  const isStateKey = (prefix, key) => key.startsWith(prefix);

  const stateEntries = (prefix, chosen) =>
    Object.entries(chosen).flatMap(([column, values]) => values.map((value) => [`${prefix}${column}`, value]));

  /* The heatmap's state: its colouring unless it is the default (count), then the ticked values. */
  const mapStateEntries = (prefix, colour, chosen) =>
    (colour !== "count" ? [[`${prefix}colour`, colour]] : []).concat(stateEntries(prefix, chosen));

  const api = { filterValues, cellFilterValues, facetValues, matchesChosen, chosenLabel, isStateKey, stateEntries, mapStateEntries };
  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});
  synthsite.filterLogic = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})();
