/* synthsite: sortable and filterable tables.
 *
 * Runs on every page Material shows, including pages reached by instant navigation (Material's
 * `document$` observable emits for each), so tables work without a full reload. Sorting uses the
 * vendored tablesort library; numeric columns carry data-sort-method="number". Filters are <select>
 * controls generated at build time (hidden until this script wires them): a row stays visible when,
 * for every active filter, the cell's data-filter-values list holds the chosen value.
 */
(function () {
  "use strict";

  function cellValues(row, column) {
    var cell = row.querySelector('td[data-column="' + column + '"]');
    if (!cell) return [];
    try {
      var values = JSON.parse(cell.getAttribute("data-filter-values") || "[]");
      return Array.isArray(values) ? values : [];
    } catch (error) {
      return [];
    }
  }

  function applyFilters(form, table) {
    var selects = form.querySelectorAll("select[data-filter-column]");
    var rows = table.tBodies.length ? table.tBodies[0].rows : [];
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var visible = true;
      for (var j = 0; j < selects.length; j++) {
        var wanted = selects[j].value;
        if (wanted && cellValues(rows[i], selects[j].getAttribute("data-filter-column")).indexOf(wanted) < 0) {
          visible = false;
          break;
        }
      }
      rows[i].hidden = !visible;
      if (visible) shown++;
    }
    var output = form.querySelector("output");
    if (output) {
      output.textContent = shown === rows.length ? "Showing all " + rows.length + " rows" :
        "Showing " + shown + " of " + rows.length + " rows";
    }
  }

  function wireFilters(form) {
    var table = document.getElementById(form.getAttribute("data-synthsite-filters"));
    if (!table) return;
    var selects = form.querySelectorAll("select[data-filter-column]");
    for (var i = 0; i < selects.length; i++) {
      selects[i].addEventListener("change", function () { applyFilters(form, table); });
    }
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      for (var k = 0; k < selects.length; k++) selects[k].value = "";
      applyFilters(form, table);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    applyFilters(form, table);
  }

  function setup() {
    var tables = document.querySelectorAll("table[data-synthsite-table]");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (table.hasAttribute("data-synthsite-ready")) continue;
      table.setAttribute("data-synthsite-ready", "");
      if (typeof window.Tablesort === "function") new window.Tablesort(table);
    }
    var forms = document.querySelectorAll("form[data-synthsite-filters]");
    for (var f = 0; f < forms.length; f++) {
      if (forms[f].hasAttribute("data-synthsite-ready")) continue;
      forms[f].setAttribute("data-synthsite-ready", "");
      wireFilters(forms[f]);
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
