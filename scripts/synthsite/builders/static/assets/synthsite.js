/* synthsite: sortable and filterable tables.
 *
 * Runs on every page Material shows, including pages reached by instant navigation (Material's
 * `document$` observable emits for each), so tables work without a full reload. Sorting uses the
 * vendored tablesort library; numeric columns carry data-sort-method="number". Filters are <select>
 * controls generated at build time (hidden until this script wires them): a row stays visible when,
 * for every active filter, the cell's data-filter-values list holds the chosen value.
 * Keyboard: tablesort makes each sortable header focusable (tabindex 0), sorts on Enter and keeps
 * aria-sort up to date; Space sorts too here, as it does on a button.
 * Long tables (data-page-size, set at build time above 100 rows) show a page of rows at a time, so a
 * 1,000-row table stays quick to lay out and to read: the select filters and a "Find rows containing"
 * text filter always look at every row, then the first page of matching rows is shown, and "Show more"
 * or "Show all rows" lengthen it. Without JavaScript every row is shown.
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

  function rowText(row) {
    if (row.synthsiteText === undefined) row.synthsiteText = row.textContent.toLowerCase();
    return row.synthsiteText;
  }

  /* Show the rows that pass the select filters and the text filter, up to the page limit of a long table,
   * and say how many are shown in the filter form's and the pager's outputs. */
  function refresh(table) {
    var paging = table.synthsitePaging || null;
    var rows = table.tBodies.length ? table.tBodies[0].rows : [];
    var words = paging ? paging.words : [];
    var limit = paging ? paging.limit : rows.length;
    var matching = 0;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var match = !rows[i].synthsiteFiltered;
      for (var k = 0; match && k < words.length; k++) {
        if (rowText(rows[i]).indexOf(words[k]) < 0) match = false;
      }
      if (match) matching++;
      rows[i].hidden = !(match && matching <= limit);
      if (!rows[i].hidden) shown++;
    }
    var total = rows.length;
    var status;
    if (shown < matching) {
      status = "Showing " + shown + " of " + matching + (matching === total ? " rows" :
        " matching rows (" + total + " in all)");
    } else {
      status = matching === total ? "Showing all " + total + " rows" : "Showing " + matching + " of " + total + " rows";
    }
    var form = table.synthsiteForm;
    var output = form ? form.querySelector("output") : null;
    if (output) output.textContent = status;
    if (paging) {
      paging.output.textContent = status;
      paging.more.hidden = shown >= matching;
      paging.all.hidden = shown >= matching;
    }
  }

  function applyFilters(form, table) {
    var selects = form.querySelectorAll("select[data-filter-column]");
    var rows = table.tBodies.length ? table.tBodies[0].rows : [];
    for (var i = 0; i < rows.length; i++) {
      var visible = true;
      for (var j = 0; j < selects.length; j++) {
        var wanted = selects[j].value;
        if (wanted && cellValues(rows[i], selects[j].getAttribute("data-filter-column")).indexOf(wanted) < 0) {
          visible = false;
          break;
        }
      }
      rows[i].synthsiteFiltered = !visible;
    }
    if (table.synthsitePaging) table.synthsitePaging.limit = table.synthsitePaging.size;
    refresh(table);
  }

  function wireFilters(form) {
    var table = document.getElementById(form.getAttribute("data-synthsite-filters"));
    if (!table) return;
    table.synthsiteForm = form;
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

  function pagerButton(text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button synthsite-pager-button";
    button.textContent = text;
    return button;
  }

  function wirePaging(table) {
    var size = parseInt(table.getAttribute("data-page-size"), 10);
    if (!(size > 0)) return;
    var block = table.closest(".synthsite-table-block") || table.parentNode;
    var anchor = table;
    while (anchor.parentNode && anchor.parentNode !== block) anchor = anchor.parentNode;
    var find = document.createElement("p");
    find.className = "synthsite-text-filter";
    var label = document.createElement("label");
    label.htmlFor = "find-" + table.id;
    label.textContent = "Find rows containing";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "find-" + table.id;
    input.autocomplete = "off";
    find.appendChild(label);
    find.appendChild(document.createTextNode(" "));
    find.appendChild(input);
    var pager = document.createElement("p");
    pager.className = "synthsite-pager";
    var output = document.createElement("output");
    output.className = "synthsite-pager-count";
    // The filter form's output already announces changes; a table without one announces them here.
    if (!document.querySelector('form[data-synthsite-filters="' + table.id + '"]')) {
      output.setAttribute("aria-live", "polite");
    }
    var more = pagerButton("Show " + size + " more");
    var all = pagerButton("Show all rows");
    pager.appendChild(output);
    pager.appendChild(document.createTextNode(" "));
    pager.appendChild(more);
    pager.appendChild(document.createTextNode(" "));
    pager.appendChild(all);
    block.insertBefore(find, anchor);
    block.insertBefore(pager, anchor.nextSibling);
    var paging = { size: size, limit: size, words: [], more: more, all: all, output: output };
    table.synthsitePaging = paging;
    more.addEventListener("click", function () {
      paging.limit += size;
      refresh(table);
    });
    all.addEventListener("click", function () {
      paging.limit = Infinity;
      refresh(table);
    });
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        paging.words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        paging.limit = size;
        refresh(table);
      }, 150);
    });
    table.addEventListener("afterSort", function () { refresh(table); });
    refresh(table);
  }

  function sortOnSpace(table) {
    var headers = table.tHead ? table.tHead.querySelectorAll("th[tabindex]") : [];
    for (var i = 0; i < headers.length; i++) {
      headers[i].addEventListener("keydown", function (event) {
        if (event.key !== " " && event.key !== "Spacebar") return;
        event.preventDefault();
        this.click();
      });
    }
  }

  /* A long table whose other rows synthsite-rows.js is still fetching is wired once they are in. */
  function rowsPending(table) {
    return !!table && table.hasAttribute("data-rows-src") && !table.hasAttribute("data-rows-loaded");
  }

  /* On narrow screens Material lets a wide Markdown table scroll sideways inside .md-typeset__scrollwrap. A region
   * that scrolls must be reachable by keyboard (WCAG 2.1.1; axe: scrollable-region-focusable): one holding no
   * focusable element (link, sortable header) becomes a named tab stop itself; arrow keys then scroll it. */
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function focusableScrollRegions() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.hasAttribute("tabindex") || wrap.scrollWidth <= wrap.clientWidth) continue;
      if (wrap.querySelector(FOCUSABLE)) continue;
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", (caption ? caption.textContent.trim() + ": " : "") + "table, scrolls sideways");
    }
  }

  function setup() {
    var tables = document.querySelectorAll("table[data-synthsite-table]");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (table.hasAttribute("data-synthsite-ready") || rowsPending(table)) continue;
      table.setAttribute("data-synthsite-ready", "");
      if (typeof window.Tablesort === "function") {
        new window.Tablesort(table);
        sortOnSpace(table);
      }
      wirePaging(table);
    }
    var forms = document.querySelectorAll("form[data-synthsite-filters]");
    for (var f = 0; f < forms.length; f++) {
      if (forms[f].hasAttribute("data-synthsite-ready")) continue;
      if (rowsPending(document.getElementById(forms[f].getAttribute("data-synthsite-filters")))) continue;
      forms[f].setAttribute("data-synthsite-ready", "");
      wireFilters(forms[f]);
    }
    focusableScrollRegions();
  }

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
