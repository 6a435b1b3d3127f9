/* synthsite: tables you can sort, filter, page, share and download; copy buttons; the heatmap's focus tips.
 *
 * Runs on every page Material shows, including pages reached by instant navigation (Material's `document$`
 * observable emits for each), so everything works without a full reload. One function per job, each wired
 * from `setup`: sorting (vendored tablesort; numeric columns carry data-sort-method="number"), filters,
 * filter state in the URL, the "no rows match" message, the CSV of the rows shown, paging of long tables,
 * clamping long cells, the scroll cue, copy buttons on citation blocks, print link targets and heatmap tips.
 *
 * Filters are checkbox groups generated at build time (the form stays hidden until this script wires it):
 * within one filter a row matches any ticked value, across filters it must match every filter; a cell's
 * values are the JSON list in its data-filter-values. The ticked values live in the page URL's query
 * (`?<table id>.<column>=<value>`, repeated per value), so a filtered table can be shared and survives a reload.
 * Long tables (data-page-size) show a page of rows at a time; filters and the text filter look at every row.
 * Such a table keeps every row as a record (see "Long tables" below) and only the rows shown are in the page,
 * so a table of 13,000 rows costs the page no more than one of 100.
 * A row's position in the table's CSV download is its position when the page loaded (`rowIndex`).
 * Without JavaScript every row in the HTML is shown, unclamped (a long table's first page, with a note).
 */
(function () {
  "use strict";

  var CLAMP_CHARS = 280; /* cells with more text than this are clamped to a few lines, with a "more" button */

  /* Rows and cells ------------------------------------------------------------------------------------ */

  function bodyRows(table) {
    return table.tBodies.length ? table.tBodies[0].rows : [];
  }

  function rowIndex(row) {
    return row.synthsiteIndex;
  }

  function numberRows(table) {
    var rows = bodyRows(table);
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].synthsiteIndex === undefined) rows[i].synthsiteIndex = i;
    }
  }

  function cellValues(row, column) {
    if (row.synthsiteRecord === row) return recordValues(row, column);
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

  /* Which rows show: filters, text filter and page limit ------------------------------------------------ */

  function statusText(shown, matching, total) {
    if (shown < matching) {
      return "Showing " + shown + " of " + matching + (matching === total ? " rows" :
        " matching rows (" + total + " in all)");
    }
    return matching === total ? "Showing all " + total + " rows" : "Showing " + matching + " of " + total + " rows";
  }

  /* Show the rows that pass the filters and the text filter, up to the page limit of a long table, and say
   * how many are shown (filter form, pager, and the "no rows match" message). */
  function refresh(table) {
    if (table.synthsiteRecords) {
      refreshRecords(table);
      return;
    }
    var paging = table.synthsitePaging || null;
    var rows = bodyRows(table);
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
    showStatus(table, shown, matching, rows.length);
  }

  function showStatus(table, shown, matching, total) {
    var paging = table.synthsitePaging || null;
    var status = statusText(shown, matching, total);
    var form = table.synthsiteForm;
    var output = form ? form.querySelector("output") : null;
    if (output) output.textContent = status;
    if (paging) {
      paging.output.textContent = status;
      paging.more.hidden = shown >= matching;
      paging.all.hidden = shown >= matching;
    }
    if (table.synthsiteEmpty) table.synthsiteEmpty.hidden = matching > 0;
  }

  /* Filters ------------------------------------------------------------------------------------------- */

  function chosenValues(form) {
    var chosen = {};
    var groups = form.querySelectorAll("[data-filter-column]");
    for (var i = 0; i < groups.length; i++) {
      var ticked = groups[i].querySelectorAll("input[type=checkbox]:checked");
      var values = [];
      for (var k = 0; k < ticked.length; k++) values.push(ticked[k].value);
      if (values.length) chosen[groups[i].getAttribute("data-filter-column")] = values;
    }
    return chosen;
  }

  function rowMatches(row, chosen) {
    for (var column in chosen) {
      var values = cellValues(row, column);
      var wanted = chosen[column];
      var any = false;
      for (var i = 0; i < wanted.length && !any; i++) any = values.indexOf(wanted[i]) >= 0;
      if (!any) return false;
    }
    return true;
  }

  function showChosenCounts(form, chosen) {
    var groups = form.querySelectorAll("[data-filter-column]");
    for (var i = 0; i < groups.length; i++) {
      var values = chosen[groups[i].getAttribute("data-filter-column")] || [];
      var badge = groups[i].querySelector(".synthsite-filter-chosen");
      if (badge) badge.textContent = values.length ? "(" + values.join(", ") + ")" : "";
    }
  }

  function applyFilters(form, table) {
    var chosen = chosenValues(form);
    var rows = table.synthsiteRecords || bodyRows(table);
    for (var i = 0; i < rows.length; i++) rows[i].synthsiteFiltered = !rowMatches(rows[i], chosen);
    if (table.synthsitePaging) table.synthsitePaging.limit = table.synthsitePaging.size;
    showChosenCounts(form, chosen);
    refresh(table);
    return chosen;
  }

  /* Filter state in the URL: `?<table>.<column>=<value>` once per ticked value. */
  function readUrlState(form, table) {
    var params = new URLSearchParams(window.location.search);
    var boxes = form.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) {
      var column = boxes[i].closest("[data-filter-column]").getAttribute("data-filter-column");
      boxes[i].checked = params.getAll(table.id + "." + column).indexOf(boxes[i].value) >= 0;
    }
  }

  function writeUrlState(table, chosen) {
    var url = new URL(window.location.href);
    var prefix = table.id + ".";
    var keys = [];
    url.searchParams.forEach(function (value, key) { if (key.indexOf(prefix) === 0) keys.push(key); });
    for (var i = 0; i < keys.length; i++) url.searchParams.delete(keys[i]);
    for (var column in chosen) {
      for (var k = 0; k < chosen[column].length; k++) url.searchParams.append(prefix + column, chosen[column][k]);
    }
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
  }

  function clearFilters(form, table) {
    var boxes = form.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = false;
    writeUrlState(table, applyFilters(form, table));
  }

  function emptyMessage(form, table) {
    var message = document.createElement("p");
    message.className = "synthsite-no-rows";
    message.setAttribute("role", "status");
    message.hidden = true;
    message.appendChild(document.createTextNode("No rows match these filters. "));
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "md-button synthsite-filter-reset";
    clear.textContent = "Clear filters";
    clear.addEventListener("click", function () { clearFilters(form, table); });
    message.appendChild(clear);
    var scroller = table.closest(".synthsite-scroll") || table;
    scroller.parentNode.insertBefore(message, scroller.nextSibling);
    table.synthsiteEmpty = message;
  }

  function wireFilters(form) {
    var table = document.getElementById(form.getAttribute("data-synthsite-filters"));
    if (!table) return;
    table.synthsiteForm = form;
    form.addEventListener("change", function () { writeUrlState(table, applyFilters(form, table)); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      clearFilters(form, table);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    emptyMessage(form, table);
    (form.querySelector("fieldset") || form).appendChild(csvOfShownButton(table));
    form.hidden = false;
    readUrlState(form, table);
    applyFilters(form, table);
  }

  /* The CSV of the rows shown: the table's own CSV download, cut to the rows on screen in their order. */

  function parseCsv(text) {
    var records = [];
    var record = [];
    var field = "";
    var quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { record.push(field); field = ""; }
      else if (c === "\n") { record.push(field); records.push(record); record = []; field = ""; }
      else if (c !== "\r") field += c;
    }
    if (field !== "" || record.length) { record.push(field); records.push(record); }
    return records;
  }

  function csvLine(record) {
    return record.map(function (field) {
      return /[",\n\r]/.test(field) ? '"' + field.replace(/"/g, '""') + '"' : field;
    }).join(",") + "\n";
  }

  function shownCsv(table, text) {
    var records = parseCsv(text);
    var out = csvLine(records[0]);
    var rows = bodyRows(table);
    for (var i = 0; i < rows.length; i++) {
      if (!rows[i].hidden && records[rowIndex(rows[i]) + 1]) out += csvLine(records[rowIndex(rows[i]) + 1]);
    }
    return out;
  }

  function csvOfShownButton(table) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button synthsite-csv-shown";
    button.textContent = "CSV of the rows shown";
    button.addEventListener("click", function () {
      fetch(table.getAttribute("data-csv")).then(function (response) { return response.text(); }).then(function (text) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(new Blob([shownCsv(table, text)], { type: "text/csv" }));
        link.download = table.id + "-shown.csv";
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
    });
    return button;
  }

  /* Paging of long tables ----------------------------------------------------------------------------- */

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

  /* Long tables: every row a record, only the rows shown in the page --------------------------------- */
  /* A long table (data-page-size) has its first page of rows in the HTML and the rest fetched by
   * synthsite-rows.js as pre-rendered <tr> fragments (table.synthsiteDeferredRows). Putting 13,000 rows into
   * the page made it slow to become usable (the browser styles every row, shown or not), so each row is a
   * record instead: its HTML, and its <tr> once it has been shown. Sorting, filters and the text filter work
   * on the records, reading cell text, sort keys and filter values from the HTML (read once, by
   * synthsite-rows.js); the page holds only the rows shown, in order. The first page's rows are records too,
   * read from their HTML. This script itself never parses or writes HTML. */

  /* After the page is ready, the records' HTML is read in small slices while the browser is idle, so the
   * first sort or search of a long table does not wait for it (each record is read once either way). */
  function readWhenIdle(records) {
    var next = 0;
    var later = typeof window.requestIdleCallback === "function"
      ? function (work) { window.requestIdleCallback(work, { timeout: 1000 }); }
      : function (work) { setTimeout(work, 50); };
    function slice() {
      var end = Math.min(next + 500, records.length);
      for (; next < end; next++) parsedRecord(records[next]);
      if (next < records.length) later(slice);
    }
    later(slice);
  }

  function makeRecords(table) {
    var size = parseInt(table.getAttribute("data-page-size"), 10);
    if (!(size > 0)) return;
    var rows = bodyRows(table);
    var deferred = table.synthsiteDeferredRows || [];
    var records = [];
    for (var i = 0; i < rows.length; i++) {
      records.push(record(rows[i].synthsiteIndex, window.synthsiteRows.fragment(rows[i]), rows[i]));
    }
    for (var k = 0; k < deferred.length; k++) records.push(record(rows.length + k, String(deferred[k]), null));
    table.synthsiteDeferredRows = null;
    table.synthsiteRecords = records;
    readWhenIdle(records);
  }

  function record(index, html, tr) {
    var item = { synthsiteIndex: index, html: html, tr: tr, parsed: null, synthsiteFiltered: false, standIn: null };
    item.synthsiteRecord = item;
    if (tr) tr.synthsiteRecord = item;
    return item;
  }

  /* The row's text (lower case, for the text filter) and its cells' text and attributes, read from its HTML by
   * synthsite-rows.js (window.synthsiteRows), the one script that handles the rows' HTML. */
  function parsedRecord(item) {
    if (!item.parsed) item.parsed = window.synthsiteRows.read(item.html);
    return item.parsed;
  }

  function recordValues(item, column) {
    var cells = parsedRecord(item).cells;
    for (var i = 0; i < cells.length; i++) {
      if (cells[i].attributes["data-column"] !== column) continue;
      try {
        var values = JSON.parse(cells[i].attributes["data-filter-values"] || "[]");
        return Array.isArray(values) ? values : [];
      } catch (error) {
        return [];
      }
    }
    return [];
  }

  /* What tablesort sorts a cell by: its data-sort attribute, or else its text. */
  function recordSortKey(item, cellIndex) {
    var cell = parsedRecord(item).cells[cellIndex];
    return cell ? cell.attributes["data-sort"] || cell.text || "" : "";
  }

  function recordMatchesWords(item, words) {
    if (!words.length) return true;
    var text = parsedRecord(item).text;
    for (var k = 0; k < words.length; k++) if (text.indexOf(words[k]) < 0) return false;
    return true;
  }

  /* Sorting: the vendored tablesort itself sorts a stand-in table holding one cell per record with the
   * record's sort key as its data-sort, so the order (number or text comparison, detected from the first
   * values as tablesort does; ties by the current order) is exactly what tablesort gives the rows. */
  function sortRecords(table, sorter, header, update) {
    var stand = table.synthsiteStandIn;
    if (!stand) {
      stand = document.createElement("table");
      stand.appendChild(document.createElement("thead")).appendChild(document.createElement("tr"))
        .appendChild(document.createElement("th"));
      stand.appendChild(document.createElement("tbody"));
      table.synthsiteStandIn = stand;
    }
    var standHeader = stand.tHead.rows[0].cells[0];
    ["data-sort-method", "data-sort-reverse", "aria-sort"].forEach(function (name) {
      if (header.hasAttribute(name)) standHeader.setAttribute(name, header.getAttribute(name));
      else standHeader.removeAttribute(name);
    });
    var records = table.synthsiteRecords;
    var body = stand.tBodies[0];
    body.textContent = "";
    var column = header.cellIndex;
    for (var i = 0; i < records.length; i++) {
      var item = records[i];
      if (!item.standIn) {
        item.standIn = document.createElement("tr");
        item.standIn.appendChild(document.createElement("td"));
        item.standIn.synthsiteRecord = item;
      }
      item.standIn.firstChild.setAttribute("data-sort", recordSortKey(item, column));
      body.appendChild(item.standIn);
    }
    table.dispatchEvent(new CustomEvent("beforeSort"));
    window.Tablesort.prototype.sortTable.call({ table: stand, thead: true, options: sorter.options }, standHeader, update);
    if (standHeader.hasAttribute("aria-sort")) header.setAttribute("aria-sort", standHeader.getAttribute("aria-sort"));
    var sorted = [];
    for (var r = 0; r < body.rows.length; r++) sorted.push(body.rows[r].synthsiteRecord);
    table.synthsiteRecords = sorted;
    table.dispatchEvent(new CustomEvent("afterSort"));
  }

  /* The page shows the records that pass the filters and the text filter, up to the page limit. */
  function refreshRecords(table) {
    var records = table.synthsiteRecords;
    var paging = table.synthsitePaging || null;
    var words = paging ? paging.words : [];
    var limit = paging ? paging.limit : records.length;
    var shown = [];
    var matching = 0;
    for (var i = 0; i < records.length; i++) {
      if (records[i].synthsiteFiltered || !recordMatchesWords(records[i], words)) continue;
      matching++;
      if (matching <= limit) shown.push(records[i]);
    }
    showRecords(table, shown, records.length);
    showStatus(table, shown.length, matching, records.length);
  }

  /* Rows never shown before are made together (by synthsite-rows.js), then the body is changed only
   * from the first row that differs, so "Show more" appends and the rows already shown stay put. */
  function showRecords(table, shown, total) {
    var fresh = [];
    for (var i = 0; i < shown.length; i++) if (!shown[i].tr) fresh.push(shown[i]);
    if (fresh.length) {
      var rows = window.synthsiteRows.rows(fresh.map(function (item) { return item.html; }));
      for (var k = 0; k < fresh.length; k++) {
        fresh[k].tr = rows[k];
        rows[k].synthsiteIndex = fresh[k].synthsiteIndex;
        rows[k].synthsiteRecord = fresh[k];
      }
    }
    var body = table.tBodies[0];
    var current = body.rows;
    var same = 0;
    while (same < shown.length && same < current.length && current[same] === shown[same].tr) same++;
    if (same < current.length) {
      var stale = document.createRange();
      stale.setStartBefore(current[same]);
      stale.setEndAfter(body.lastChild);
      stale.deleteContents();
    }
    var added = document.createDocumentFragment();
    for (var s = same; s < shown.length; s++) {
      shown[s].tr.hidden = false;
      added.appendChild(shown[s].tr);
    }
    body.appendChild(added);
    labelCells(table, fresh.map(function (item) { return item.tr; }));
    if (total > 200 || !clampable(table)) return; /* as wireClamps: a long table pages instead of clamping */
    var clamps = [];
    for (var c = 0; c < shown.length; c++) if (!shown[c].tr.synthsiteClamped) clamps = clamps.concat(clampRow(shown[c].tr));
    for (var d = 0; d < clamps.length; d++) dropIdleClamp(clamps[d]); /* measured after all are in: one layout */
  }

  /* Sorting ------------------------------------------------------------------------------------------- */

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

  function wireSorting(table) {
    if (typeof window.Tablesort !== "function") return;
    var sorter = new window.Tablesort(table);
    if (table.synthsiteRecords) {
      sorter.sortTable = function (header, update) { sortRecords(table, sorter, header, update); };
    }
    sortOnSpace(table);
    var headers = table.tHead ? table.tHead.querySelectorAll("th[role=columnheader]") : [];
    for (var i = 0; i < headers.length; i++) {
      if (!headers[i].title) headers[i].title = "Sort by this column";
    }
  }

  /* Long cells: clamped to a few lines with a button that shows the rest -------------------------------- */

  function clampCell(cell) {
    var box = document.createElement("div");
    box.className = "synthsite-clamp";
    while (cell.firstChild) box.appendChild(cell.firstChild);
    cell.appendChild(box);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "synthsite-more";
    button.textContent = "more";
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = box.classList.toggle("synthsite-clamp--open");
      button.textContent = open ? "less" : "more";
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    cell.appendChild(button);
    return { box: box, button: button };
  }

  /* A clamp that hides nothing (the text fits in its lines at this width) loses its button. */
  function dropIdleClamp(clamp) {
    if (clamp.box.scrollHeight <= clamp.box.clientHeight + 2) {
      clamp.button.hidden = true;
      clamp.box.classList.add("synthsite-clamp--open");
    }
  }

  function clampRow(row) {
    var clamps = [];
    var cells = row.cells;
    for (var k = 0; k < cells.length; k++) {
      if (cells[k].textContent.length > CLAMP_CHARS) clamps.push(clampCell(cells[k]));
    }
    row.synthsiteClamped = true;
    return clamps;
  }

  /* A findings table (data-read-whole) is never clamped: a finding's statement and the judgements on it are
   * read whole, never cut mid-sentence behind "more". */
  function clampable(table) {
    return !table.hasAttribute("data-read-whole");
  }

  function wireClamps(table) {
    var rows = bodyRows(table);
    if (!clampable(table)) return;
    if (rows.length > 200) return; /* long tables page instead; measuring every cell would cost more than it helps */
    var clamps = [];
    for (var i = 0; i < rows.length; i++) clamps = clamps.concat(clampRow(rows[i]));
    for (var c = 0; c < clamps.length; c++) dropIdleClamp(clamps[c]); /* measured after all are wrapped: one layout */
  }

  /* Scroll cue: says so when a table is wider than its column, and which way there is more ------------- */

  function updateScrollCue(scroller) {
    var more = scroller.scrollWidth - scroller.clientWidth > 2;
    scroller.classList.toggle("synthsite-scroll--more", more);
    scroller.classList.toggle("synthsite-scroll--left", more && scroller.scrollLeft > 2);
    scroller.classList.toggle(
      "synthsite-scroll--right", more && scroller.scrollLeft + scroller.clientWidth < scroller.scrollWidth - 2);
    if (scroller.synthsiteCue) scroller.synthsiteCue.hidden = !more;
  }

  var CUE = "The table is wider than the page: scroll sideways (or use the arrow keys on it) to see every column.";

  function wireScrollCue(table) {
    var scroller = table.closest(".synthsite-scroll");
    if (scroller) cueScroller(scroller, CUE + " The first column stays in place.");
  }

  /* Tables in running text (ENTREQ, leave-one-study-out, the methods page) scroll inside the wrapper Material
   * gives them; they say so too. */
  function cueMaterialTables() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      if (!wraps[i].synthsiteCue) cueScroller(wraps[i], CUE);
    }
  }

  function cueScroller(scroller, text) {
    var cue = document.createElement("p");
    cue.className = "synthsite-scroll-cue";
    cue.textContent = text;
    cue.hidden = true;
    scroller.parentNode.insertBefore(cue, scroller);
    scroller.synthsiteCue = cue;
    scroller.addEventListener("scroll", function () { updateScrollCue(scroller); }, { passive: true });
    if (typeof ResizeObserver === "function") new ResizeObserver(function () { updateScrollCue(scroller); }).observe(scroller);
    updateScrollCue(scroller);
  }

  /* Print: a table too wide for A4 (data-print="blocks") prints one block per row; each cell carries its
   * column's header as data-label, which the print stylesheet writes before it. */
  function labelCells(table, rows) {
    if (table.getAttribute("data-print") !== "blocks" || !table.tHead) return;
    var heads = table.tHead.rows[0].cells;
    for (var r = 0; r < rows.length; r++) {
      var cells = rows[r].cells;
      for (var c = 0; c < cells.length && c < heads.length; c++) {
        if (!cells[c].hasAttribute("data-label")) cells[c].setAttribute("data-label", heads[c].textContent.trim());
      }
    }
  }

  /* Copy buttons on citation blocks (code blocks get Material's own) ----------------------------------- */

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function wireCopy(block) {
    var apa = block.querySelector(".synthsite-cite-apa");
    if (!apa) return;
    var bar = document.createElement("p");
    bar.className = "synthsite-copy";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button synthsite-copy-button";
    button.textContent = "Copy citation";
    var said = document.createElement("span");
    said.className = "synthsite-copy-status";
    said.setAttribute("role", "status");
    button.addEventListener("click", function () {
      copyText(apa.textContent.replace(/\s+/g, " ").trim()).then(
        function () { said.textContent = "Copied to the clipboard."; },
        function () { said.textContent = "Could not copy: select the text and copy it."; });
    });
    bar.appendChild(button);
    bar.appendChild(document.createTextNode(" "));
    bar.appendChild(said);
    apa.parentNode.insertBefore(bar, apa.nextSibling);
  }

  /* Print: each link's full address, so a printed page says where its links lead ----------------------- */

  function markPrintTargets(root) {
    var links = root.querySelectorAll(".md-content a[href]:not(.headerlink):not(.md-button)");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      if (!href || href.charAt(0) === "#" || links[i].closest("table, svg, nav")) continue;
      if (links[i].textContent.trim() === links[i].href) continue;
      links[i].setAttribute("data-print-url", links[i].href);
    }
  }

  /* Heatmap: an ARIA grid (themes.md.j2): a header row of columns, then a row per theme whose header links to the
   * theme page and whose filled cells link to the study's evidence (in a large synthesis only the row header links,
   * and the cells are focusable gridcells). Each cell's words are its SVG <title>, written once; hover or focus
   * shows them as a tip. The grid is one Tab stop (a roving tabindex, as the ARIA grid pattern does): the arrow keys
   * move between themes and filled cells, Home/End to a row's ends, Ctrl+Home/End to the grid's, Enter follows the
   * focused link (a cell without one follows its row's). Phones get the same cells as a list per theme, built
   * here. The key's own colours decide the caption's words ("darker: more" or "lighter: more"), and the picture
   * downloads as SVG or PNG with its key and caption, made here from what the page shows. */

  function heatWords(element) {
    var title = element.querySelector(":scope > title");
    return title ? title.textContent : "";
  }

  function heatRowHead(row) {
    return row.querySelector(".synthsite-heat-row-head");
  }

  /* A row's cells: the elements that draw a rectangle (a link, or a gridcell without one). */
  function heatCells(row) {
    return Array.prototype.slice.call(row.querySelectorAll(".synthsite-heat-cell"));
  }

  /* What the keyboard stops at in a row: its header, then its cells (those the map's filters leave shown). */
  function heatTargets(row) {
    return [heatRowHead(row)].concat(heatCells(row).filter(function (cell) { return !cell.synthsiteFiltered; }));
  }

  function heatColumn(target) {
    var cell = target.closest("[aria-colindex]");
    return cell ? parseInt(cell.getAttribute("aria-colindex"), 10) : 1;
  }

  function isLink(element) {
    return element.tagName.toLowerCase() === "a";
  }

  function linkOf(element) {
    return element.getAttribute("href") || element.getAttribute("xlink:href");
  }

  function heatRows(figure) {
    return Array.prototype.slice.call(figure.querySelectorAll("svg .synthsite-heat-row"));
  }

  function heatList(figure) {
    var columns = {};
    var heads = figure.querySelectorAll(".synthsite-heatmap-columns text");
    for (var h = 0; h < heads.length; h++) columns[heads[h].getAttribute("aria-colindex")] = heads[h].textContent;
    var list = document.createElement("ul");
    list.className = "synthsite-heatmap-list";
    var rows = heatRows(figure);
    for (var r = 0; r < rows.length; r++) {
      var row = rows[r];
      var head = heatRowHead(row);
      var item = document.createElement("li");
      item.synthsiteRow = row;
      item.setAttribute("data-confidence", row.getAttribute("data-confidence") || "");
      var theme = document.createElement("a");
      theme.className = "synthsite-heatmap-list-theme";
      theme.textContent = heatWords(head);
      theme.setAttribute("href", linkOf(head));
      item.appendChild(theme);
      item.appendChild(document.createTextNode(": "));
      var cells = heatCells(row);
      for (var c = 0; c < cells.length; c++) {
        var cell = cells[c];
        var shade = /synthsite-heat--(\d)/.exec(cell.getAttribute("class") || "");
        var chip = document.createElement(isLink(cell) ? "a" : "span");
        chip.className = "synthsite-heat-chip synthsite-heat-chip--" + (shade ? shade[1] : "1");
        chip.synthsiteCell = cell;
        if (isLink(cell)) chip.setAttribute("href", linkOf(cell));
        var mark = cell.querySelector("text");
        var seen = document.createElement("span");
        seen.setAttribute("aria-hidden", "true");
        seen.appendChild(document.createTextNode((columns[heatColumn(cell)] || "") + " "));
        var markText = document.createElement("span");
        markText.className = "synthsite-heat-chip-mark";
        markText.textContent = mark.textContent;
        seen.appendChild(markText);
        var words = document.createElement("span");
        words.className = "synthsite-visually-hidden";
        words.textContent = heatWords(cell);
        chip.appendChild(seen);
        chip.appendChild(words);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(chip);
      }
      list.appendChild(item);
    }
    var text = figure.querySelector(".synthsite-heat-text");
    if (text) text.appendChild(list);
    else figure.insertBefore(list, figure.querySelector(".synthsite-heatmap-scroll").nextSibling);
    figure.classList.add("synthsite-heatmap--listed");
    figure.synthsiteList = list;
    if (figure.synthsiteApplyFilters) figure.synthsiteApplyFilters();
  }

  /* The width below which synthsite.css shows the list instead of the picture (its @media rule). */
  var PHONE = "screen and (max-width: 44.984375em)";

  /* The list is built when it is to be seen: on a wide screen it would be a thousand hidden elements more to
   * make while the page loads. */
  function listWhenNarrow(figure) {
    var narrow = typeof window.matchMedia === "function" ? window.matchMedia(PHONE) : null;
    var text = figure.querySelector(".synthsite-heat-text");
    function list() {
      if (figure.synthsiteListed) return;
      figure.synthsiteListed = true;
      heatList(figure);
    }
    function build() {
      if (narrow && !narrow.matches) return;
      if (text) text.open = true; /* on a phone the list is the map */
      list();
    }
    build();
    if (text) text.addEventListener("toggle", function () { if (text.open) list(); });
    if (narrow && !figure.synthsiteListed && typeof narrow.addEventListener === "function") {
      narrow.addEventListener("change", build);
    }
  }

  /* Relative luminance (WCAG) of a computed CSS colour. */
  function luminance(colour) {
    var parts = (colour.match(/[\d.]+/g) || ["0", "0", "0"]).slice(0, 3).map(Number);
    var weights = [0.2126, 0.7152, 0.0722];
    var sum = 0;
    for (var i = 0; i < 3; i++) {
      var v = parts[i] / 255;
      sum += weights[i] * (v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    }
    return sum;
  }

  /* The caption says which way the palette's own scale runs, read from the key's first and last shades. */
  function describeScale(figure) {
    var swatches = figure.querySelectorAll(".synthsite-heat-key:not(.synthsite-heat-key--confidence) [class*='synthsite-heat-swatch--']:not(.synthsite-heat-swatch--contradicts):not(.synthsite-heat-swatch--plain)");
    if (swatches.length < 2) return;
    var first = luminance(getComputedStyle(swatches[0]).backgroundColor);
    var last = luminance(getComputedStyle(swatches[swatches.length - 1]).backgroundColor);
    var words = figure.querySelectorAll(".synthsite-heat-direction");
    for (var i = 0; i < words.length; i++) words[i].textContent = last < first ? "darker" : "lighter";
  }

  /* Keyboard: one Tab stop for the grid; the arrow keys move it. */
  function wireGrid(figure, show) {
    var rows = heatRows(figure);
    if (!rows.length) return;
    var all = [];
    for (var r = 0; r < rows.length; r++) all = all.concat([heatRowHead(rows[r])], heatCells(rows[r]));
    for (var a = 0; a < all.length; a++) all[a].setAttribute("tabindex", "-1");
    var region = figure.querySelector(".synthsite-heatmap-scroll");
    if (region) region.removeAttribute("tabindex"); /* the grid's own Tab stop is inside it */
    var current = null;
    function rove(target) {
      if (current && current !== target) current.setAttribute("tabindex", "-1");
      current = target;
      target.setAttribute("tabindex", "0");
    }
    figure.synthsiteRove = function () {
      var shown = rows.filter(function (row) { return !row.synthsiteFiltered; });
      if (current && !current.synthsiteFiltered && !current.closest(".synthsite-heat-row").synthsiteFiltered) return;
      var first = shown.length ? heatTargets(shown[0]) : [];
      if (first.length) rove(first[1] || first[0]);
    };
    figure.synthsiteRove();
    function move(target) {
      if (!target) return;
      rove(target);
      target.focus();
      if (target.scrollIntoView) target.scrollIntoView({ block: "nearest", inline: "nearest" });
      show(target, true);
    }
    function nearest(row, column) {
      var targets = heatTargets(row);
      var best = targets[0];
      for (var i = 0; i < targets.length; i++) {
        if (Math.abs(heatColumn(targets[i]) - column) < Math.abs(heatColumn(best) - column)) best = targets[i];
      }
      return best;
    }
    figure.addEventListener("focusin", function (event) {
      var target = event.target.closest ? event.target.closest(".synthsite-heat-row-head, .synthsite-heat-cell") : null;
      if (target && figure.contains(target) && target.closest("svg")) rove(target);
    });
    figure.addEventListener("keydown", function (event) {
      var target = event.target.closest ? event.target.closest(".synthsite-heat-row-head, .synthsite-heat-cell") : null;
      if (!target || !target.closest("svg")) return;
      var shown = rows.filter(function (row) { return !row.synthsiteFiltered; });
      var row = target.closest(".synthsite-heat-row");
      var r = shown.indexOf(row);
      var targets = heatTargets(row);
      var c = targets.indexOf(target);
      var key = event.key;
      if (key === "Enter" && !isLink(target)) {
        event.preventDefault();
        window.location.href = new URL(linkOf(heatRowHead(row)), document.baseURI).href;
        return;
      }
      var next = null;
      if (key === "ArrowRight") next = targets[c + 1] || target;
      else if (key === "ArrowLeft") next = targets[c - 1] || target;
      else if (key === "ArrowDown") next = shown[r + 1] ? nearest(shown[r + 1], heatColumn(target)) : target;
      else if (key === "ArrowUp") next = shown[r - 1] ? nearest(shown[r - 1], heatColumn(target)) : target;
      else if (key === "Home" && event.ctrlKey) next = heatTargets(shown[0])[0];
      else if (key === "End" && event.ctrlKey) next = heatTargets(shown[shown.length - 1]).slice(-1)[0];
      else if (key === "Home") next = targets[0];
      else if (key === "End") next = targets[targets.length - 1];
      else return;
      event.preventDefault();
      move(next);
    });
  }

  function wireHeatmap(figure) {
    var tip = figure.querySelector(".synthsite-heat-tip");
    if (!tip) return;
    wireMapFilters(figure);
    listWhenNarrow(figure);
    describeScale(figure);
    var current = null;
    function mark(cell) {
      if (current) current.classList.remove("synthsite-heat--current");
      current = cell;
      if (cell) cell.classList.add("synthsite-heat--current");
    }
    function show(target, keys) {
      var row = target.closest(".synthsite-heat-row");
      var head = target.classList.contains("synthsite-heat-row-head");
      tip.textContent = "";
      if (!head && !isLink(target)) {
        var theme = document.createElement("strong");
        theme.textContent = heatWords(heatRowHead(row));
        tip.appendChild(theme);
        tip.appendChild(document.createElement("br"));
      }
      tip.appendChild(document.createTextNode(heatWords(target)));
      if (keys) {
        var hint = document.createElement("span");
        hint.className = "synthsite-heat-tip-keys";
        hint.textContent = " (arrow keys: other cells and themes; Enter opens " +
          (head || !isLink(target) ? "the theme" : "the study's evidence") + ")";
        tip.appendChild(hint);
      }
      mark(head ? null : target);
      tip.hidden = false;
      var box = target.getBoundingClientRect();
      var frame = figure.getBoundingClientRect();
      tip.style.left = Math.max(0, box.left - frame.left) + "px";
      tip.style.top = (box.bottom - frame.top + 4) + "px";
    }
    function targetOf(element) {
      return element && element.closest ? element.closest(".synthsite-heat-row-head, .synthsite-heat-cell") : null;
    }
    figure.addEventListener("focusin", function (event) {
      var target = targetOf(event.target);
      if (target && figure.contains(target)) show(target, true);
    });
    figure.addEventListener("mouseover", function (event) {
      var target = targetOf(event.target);
      if (target && figure.contains(target) && !target.classList.contains("synthsite-heat-row-head")) show(target, false);
    });
    function hide() {
      tip.hidden = true;
      mark(null);
    }
    figure.addEventListener("focusout", hide);
    figure.addEventListener("mouseleave", hide);
    wireGrid(figure, show);
    wireHeatDownloads(figure);
  }

  /* The map's filters (a form above it, like the tables'): colour the cells by linked study themes or by the
   * finding's CERQual confidence, and keep only the cells whose studies or links match the ticked perspectives,
   * countries, years and relations (within a filter any value, across filters every filter). Each cell's values
   * are its data-perspective, data-country, data-year and data-relation ("|" between values). The state lives in
   * the page URL (`?crosswalk-heatmap.country=Denmark`, `?crosswalk-heatmap.colour=confidence`), the list of links
   * (the map as text) and the keyboard follow the filters, and a line says how many cells are shown. */
  function wireMapFilters(figure) {
    var form = figure.querySelector("form[data-synthsite-map]");
    if (!form) return;
    var cells = Array.prototype.slice.call(figure.querySelectorAll("svg [role=gridcell]"));
    var prefix = figure.id + ".";
    var output = form.querySelector("output");
    function colour() {
      var radio = form.querySelector("input[name=colour]:checked");
      return radio ? radio.value : "count";
    }
    function wanted() {
      var out = {};
      var boxes = form.querySelectorAll("input[type=checkbox]:checked");
      for (var i = 0; i < boxes.length; i++) (out[boxes[i].name] = out[boxes[i].name] || []).push(boxes[i].value);
      return out;
    }
    function matches(cell, chosen) {
      for (var facet in chosen) {
        var values = (cell.getAttribute("data-" + facet) || "").split("|");
        var any = false;
        for (var v = 0; v < chosen[facet].length && !any; v++) any = values.indexOf(chosen[facet][v]) >= 0;
        if (!any) return false;
      }
      return true;
    }
    function apply() {
      var chosen = wanted();
      var shown = 0;
      for (var i = 0; i < cells.length; i++) {
        var keep = matches(cells[i], chosen);
        cells[i].classList.toggle("synthsite-heat-out", !keep);
        (cells[i].querySelector(".synthsite-heat-cell") || cells[i]).synthsiteFiltered = !keep;
        if (keep) shown++;
      }
      var byConfidence = colour() === "confidence";
      figure.classList.toggle("synthsite-heatmap--confidence", byConfidence);
      figure.querySelector(".synthsite-heat-key:not(.synthsite-heat-key--confidence)").hidden = byConfidence;
      figure.querySelector(".synthsite-heat-key--confidence").hidden = !byConfidence;
      figure.querySelector(".synthsite-heat-caption-count").hidden = byConfidence;
      figure.querySelector(".synthsite-heat-caption-confidence").hidden = !byConfidence;
      var chips = figure.querySelectorAll(".synthsite-heatmap-list .synthsite-heat-chip");
      for (var c = 0; c < chips.length; c++) chips[c].hidden = !!chips[c].synthsiteCell.synthsiteFiltered;
      var said = [];
      for (var facet in chosen) said.push(facet + ": " + chosen[facet].join(", "));
      output.textContent = "Showing " + shown + " of " + cells.length + " cells" + (said.length ? " (" + said.join("; ") + ")" : "");
      showChosenCounts(form, chosen);
      if (figure.synthsiteRove) figure.synthsiteRove();
      return chosen;
    }
    function writeUrl(chosen) {
      var url = new URL(window.location.href);
      var keys = [];
      url.searchParams.forEach(function (value, key) { if (key.indexOf(prefix) === 0) keys.push(key); });
      for (var i = 0; i < keys.length; i++) url.searchParams.delete(keys[i]);
      if (colour() !== "count") url.searchParams.append(prefix + "colour", colour());
      for (var facet in chosen) {
        for (var k = 0; k < chosen[facet].length; k++) url.searchParams.append(prefix + facet, chosen[facet][k]);
      }
      if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
    }
    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      var boxes = form.querySelectorAll("input[type=checkbox]");
      for (var i = 0; i < boxes.length; i++) boxes[i].checked = params.getAll(prefix + boxes[i].name).indexOf(boxes[i].value) >= 0;
      var radio = form.querySelector("input[name=colour][value='" + (params.get(prefix + "colour") || "count") + "']");
      if (radio) radio.checked = true;
    }
    form.addEventListener("change", function () { writeUrl(apply()); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      var boxes = form.querySelectorAll("input[type=checkbox]");
      for (var i = 0; i < boxes.length; i++) boxes[i].checked = false;
      form.querySelector("input[name=colour][value=count]").checked = true;
      writeUrl(apply());
    });
    figure.synthsiteApplyFilters = apply;
    form.hidden = false;
    readUrl();
    apply();
  }

  /* Downloads: the picture as shown (this palette's colours), with its key and caption, as SVG or PNG; made here,
   * nothing fetched. */
  var SVG_NS = "http://www.w3.org/2000/svg";
  var PAINT = ["fill", "stroke", "stroke-width", "stroke-dasharray", "font-size", "font-family", "font-weight", "opacity"];

  /* The shared cell rectangles in <defs> take their fill from each <use>, so they keep only their outline. */
  var OUTLINE = ["stroke", "stroke-width", "stroke-dasharray"];

  function inlinePaint(from, to) {
    if (from.nodeType !== 1) return;
    var style = getComputedStyle(from);
    if (style.display === "none" && !from.closest("defs")) to.setAttribute("display", "none"); /* filtered out */
    var paint = from.closest("defs") ? (from.tagName.toLowerCase() === "defs" ? [] : OUTLINE) : PAINT;
    for (var i = 0; i < paint.length; i++) {
      var value = style.getPropertyValue(paint[i]);
      if (value) to.setAttribute(paint[i], value);
    }
    to.removeAttribute("class");
    to.removeAttribute("tabindex");
    to.removeAttribute("href");
    to.removeAttributeNS("http://www.w3.org/1999/xlink", "href");
    if (to.tagName.toLowerCase() === "use") to.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:href", from.getAttribute("xlink:href"));
    for (var k = 0; k < from.children.length; k++) inlinePaint(from.children[k], to.children[k]);
  }

  function svgElement(name, attributes, text) {
    var element = document.createElementNS(SVG_NS, name);
    for (var key in attributes) element.setAttribute(key, attributes[key]);
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function wrapWords(text, chars) {
    var lines = [];
    var line = "";
    text.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > chars) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    return lines;
  }

  function heatPicture(figure) {
    var svg = figure.querySelector(".synthsite-heatmap-scroll svg");
    var copy = svg.cloneNode(true);
    inlinePaint(svg, copy);
    copy.removeAttribute("role");
    var width = parseFloat(svg.getAttribute("width"));
    var height = parseFloat(svg.getAttribute("height"));
    var page = getComputedStyle(document.body);
    var text = { "font-size": "12px", "font-family": getComputedStyle(svg).fontFamily, fill: page.color };
    var added = svgElement("g", { "class": "synthsite-heat-export-key" });
    var x = 8;
    var y = height + 14;
    var key = figure.querySelector(".synthsite-heat-key:not([hidden])");
    for (var n = 0; n < key.childNodes.length; n++) {
      var node = key.childNodes[n];
      var words = node.textContent.replace(/\s+/g, " ").trim();
      if (!words) continue;
      if (node.nodeType === 1 && /synthsite-heat-swatch/.test(node.className)) {
        var swatch = getComputedStyle(node);
        var box = { x: x, y: y - 13, width: Math.max(26, words.length * 8 + 10), height: 18, rx: 3, fill: swatch.backgroundColor };
        if (/contradicts/.test(node.className)) {
          box.stroke = getComputedStyle(figure.querySelector("#synthsite-cell-dashed")).stroke;
          box["stroke-width"] = 2;
          box["stroke-dasharray"] = "4 2";
        }
        added.appendChild(svgElement("rect", box));
        added.appendChild(svgElement("text", Object.assign({}, text, { x: x + box.width / 2, y: y, fill: swatch.color, "text-anchor": "middle", "font-weight": 700 }), words));
        x += box.width + 6;
      } else {
        added.appendChild(svgElement("text", Object.assign({}, text, { x: x, y: y }), words));
        x += words.length * 6.5 + 8;
      }
    }
    y += 24;
    var caption = figure.querySelector("figcaption > :not([hidden])").textContent.replace(/\s+/g, " ").trim();
    var status = figure.querySelector(".synthsite-heat-filters output");
    if (status && status.textContent && /\(/.test(status.textContent)) caption += " " + status.textContent + ".";
    var lines = wrapWords(caption, Math.max(40, Math.floor((Math.max(width, x) - 16) / 6.2)));
    for (var l = 0; l < lines.length; l++) {
      added.appendChild(svgElement("text", Object.assign({}, text, { x: 8, y: y + l * 16 }), lines[l]));
    }
    var total = y + lines.length * 16;
    var wide = Math.max(width, x + 8);
    copy.insertBefore(svgElement("rect", { x: 0, y: 0, width: wide, height: total, fill: page.backgroundColor }), copy.firstChild);
    copy.appendChild(added);
    copy.setAttribute("width", wide);
    copy.setAttribute("height", total);
    copy.setAttribute("viewBox", "0 0 " + wide + " " + total);
    return { text: '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy) + "\n", width: wide, height: total };
  }

  function saveBlob(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function heatPng(picture, done) {
    var image = new Image();
    var url = URL.createObjectURL(new Blob([picture.text], { type: "image/svg+xml" }));
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = picture.width * 2;
      canvas.height = picture.height * 2;
      var context = canvas.getContext("2d");
      context.scale(2, 2);
      context.drawImage(image, 0, 0);
      URL.revokeObjectURL(url);
      canvas.toBlob(done, "image/png");
    };
    image.src = url;
  }

  function wireHeatDownloads(figure) {
    var bar = document.createElement("p");
    bar.className = "synthsite-heat-downloads";
    bar.appendChild(document.createTextNode("Download the picture with its key and caption: "));
    [["SVG", "svg"], ["PNG", "png"]].forEach(function (kind, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button synthsite-heat-download";
      button.textContent = kind[0];
      button.setAttribute("aria-label", "Download the heatmap as " + kind[0]);
      button.addEventListener("click", function () {
        var picture = heatPicture(figure);
        var name = (figure.id || "heatmap") + "." + kind[1];
        if (kind[1] === "svg") saveBlob(new Blob([picture.text], { type: "image/svg+xml" }), name);
        else heatPng(picture, function (blob) { saveBlob(blob, name); });
      });
      if (i) bar.appendChild(document.createTextNode(" "));
      bar.appendChild(button);
    });
    figure.insertBefore(bar, figure.querySelector("figcaption").nextSibling);
  }

  /* Palette switches repaint the heatmap: its caption follows the new scale. */
  function watchPalette() {
    if (watchPalette.done || typeof MutationObserver !== "function") return;
    watchPalette.done = true;
    new MutationObserver(function () {
      var maps = document.querySelectorAll(".synthsite-heatmap");
      for (var m = 0; m < maps.length; m++) describeScale(maps[m]);
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
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

  /* Material gives each code block's copy button a <nav>: several unnamed navigation landmarks on one page, which
   * a screen reader's list of landmarks cannot tell apart (axe: landmark-unique). Each gets a name of its own. */
  function nameCodeNavs() {
    var navs = document.querySelectorAll(".md-code__nav");
    for (var i = 0; i < navs.length; i++) {
      if (!navs[i].hasAttribute("aria-label")) navs[i].setAttribute("aria-label", "Code block " + (i + 1) + " tools");
    }
  }

  /* Setup --------------------------------------------------------------------------------------------- */

  function once(element) {
    if (element.hasAttribute("data-synthsite-ready")) return false;
    element.setAttribute("data-synthsite-ready", "");
    return true;
  }

  function setup() {
    var tables = document.querySelectorAll("table[data-synthsite-table]");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (rowsPending(table) || !once(table)) continue;
      numberRows(table);
      makeRecords(table);
      wireSorting(table);
      if (!table.synthsiteRecords) wireClamps(table);
      labelCells(table, bodyRows(table));
      wirePaging(table);
      wireScrollCue(table);
    }
    var forms = document.querySelectorAll("form[data-synthsite-filters]");
    for (var f = 0; f < forms.length; f++) {
      if (rowsPending(document.getElementById(forms[f].getAttribute("data-synthsite-filters")))) continue;
      if (once(forms[f])) wireFilters(forms[f]);
    }
    var cites = document.querySelectorAll(".synthsite-cite");
    for (var c = 0; c < cites.length; c++) if (once(cites[c])) wireCopy(cites[c]);
    var maps = document.querySelectorAll(".synthsite-heatmap");
    for (var m = 0; m < maps.length; m++) if (once(maps[m])) wireHeatmap(maps[m]);
    if (maps.length) watchPalette();
    focusableScrollRegions();
    markPrintTargets(document);
    nameCodeNavs();
    cueMaterialTables();
    setTimeout(function () { /* in case Material wraps its tables or adds its buttons after this ran */
      nameCodeNavs();
      cueMaterialTables();
    }, 0);
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
