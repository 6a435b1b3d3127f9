/* synthsite: the tables' own controls: sorting (vendored tablesort; numeric columns carry
 * data-sort-method="number"), paging of long tables with a text filter, clamping long cells, and the cue that a
 * table scrolls sideways. synthsite.js wires each table once (`wire`); synthsite-filters.js narrows the rows and
 * calls `refresh`. The decisions (which rows show, what the status says, what a row sorts by) are
 * synthsite-table-logic.js's.
 *
 * Long tables (data-page-size) show a page of rows at a time; filters and the text filter look at every row.
 * Such a table has its first page of rows in the HTML and the rest fetched by synthsite-rows.js as pre-rendered
 * <tr> fragments (table.synthsiteDeferredRows). Putting 13,000 rows into the page made it slow to become usable
 * (the browser styles every row, shown or not), so each row is a record instead: its HTML, and its <tr> once it
 * has been shown. Sorting, filters and the text filter work on the records, reading cell text, sort keys and
 * filter values from the HTML (synthsite-row-html.js reads it once); the page holds only the rows shown, in
 * order, so a table of 13,000 rows costs the page no more than one of 100. The first page's rows are records
 * too, read from their HTML. This script itself never parses or writes HTML.
 * A row's position in the table's CSV download is its position when the page loaded (synthsiteIndex).
 * Without JavaScript every row in the HTML is shown, unclamped (a long table's first page, with a note).
 */
(() => {
  "use strict";

  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});
  const logic = synthsite.tableLogic;
  const filterLogic = synthsite.filterLogic;

  /* Rows and cells ------------------------------------------------------------------------------------ */

  const bodyRows = (table) => (table.tBodies.length ? table.tBodies[0].rows : []);

  const numberRows = (table) => {
    Array.from(bodyRows(table)).forEach((row, i) => {
      if (row.synthsiteIndex === undefined) row.synthsiteIndex = i;
    });
  };

  /* The row's text (lower case, for the text filter) and its cells' text and attributes, read from its HTML by
   * synthsite-row-html.js, once. */
  const parsedRecord = (item) => {
    if (!item.parsed) item.parsed = synthsite.rowHtml.read(item.html);
    return item.parsed;
  };

  /* A row's (or record's) filter values of one column. */
  const cellValues = (row, column) => {
    if (row.synthsiteRecord === row) return filterLogic.cellFilterValues(parsedRecord(row).cells, column);
    const cell = row.querySelector(`td[data-column="${column}"]`);
    return cell ? filterLogic.filterValues(cell.getAttribute("data-filter-values")) : [];
  };

  const rowText = (row) => {
    if (row.synthsiteText === undefined) row.synthsiteText = row.textContent.toLowerCase();
    return row.synthsiteText;
  };

  /* Which rows show: filters, text filter and page limit ------------------------------------------------ */

  const showStatus = (table, shown, matching, total) => {
    const paging = table.synthsitePaging || null;
    const status = logic.statusText(shown, matching, total);
    const form = table.synthsiteForm;
    const output = form ? form.querySelector("output") : null;
    if (output) output.textContent = status;
    if (paging) {
      paging.output.textContent = status;
      paging.more.hidden = shown >= matching;
      paging.all.hidden = shown >= matching;
    }
    if (table.synthsiteEmpty) table.synthsiteEmpty.hidden = matching > 0;
  };

  /* Show the rows that pass the filters and the text filter, up to the page limit of a long table, and say
   * how many are shown (filter form, pager, and the "no rows match" message). */
  const refresh = (table) => {
    if (table.synthsiteRecords) {
      refreshRecords(table);
      return;
    }
    const paging = table.synthsitePaging || null;
    const rows = Array.from(bodyRows(table));
    const words = paging ? paging.words : [];
    const limit = paging ? paging.limit : rows.length;
    const passes = (row) => !row.synthsiteFiltered && (!words.length || logic.hasWords(rowText(row), words));
    const { shown, matching } = logic.pageOf(rows, passes, limit);
    const visible = new Set(shown);
    for (const row of rows) row.hidden = !visible.has(row);
    showStatus(table, shown.length, matching, rows.length);
  };

  /* Long tables: every row a record, only the rows shown in the page --------------------------------- */

  const record = (index, html, tr) => {
    const item = { synthsiteIndex: index, html, tr, parsed: null, synthsiteFiltered: false, standIn: null };
    item.synthsiteRecord = item;
    if (tr) tr.synthsiteRecord = item;
    return item;
  };

  /* After the page is ready, the records' HTML is read in small slices while the browser is idle, so the
   * first sort or search of a long table does not wait for it (each record is read once either way). */
  const readWhenIdle = (records) => {
    let next = 0;
    const later =
      typeof window.requestIdleCallback === "function"
        ? (work) => window.requestIdleCallback(work, { timeout: 1000 })
        : (work) => setTimeout(work, 50);
    const slice = () => {
      const end = Math.min(next + 500, records.length);
      for (; next < end; next++) parsedRecord(records[next]);
      if (next < records.length) later(slice);
    };
    later(slice);
  };

  const makeRecords = (table) => {
    if (!logic.pageSize(table.getAttribute("data-page-size"))) return;
    const rows = Array.from(bodyRows(table));
    const deferred = table.synthsiteDeferredRows || [];
    const records = rows.map((row) => record(row.synthsiteIndex, synthsite.rows.fragment(row), row));
    deferred.forEach((html, k) => records.push(record(rows.length + k, String(html), null)));
    table.synthsiteDeferredRows = null;
    table.synthsiteRecords = records;
    readWhenIdle(records);
  };

  const recordMatchesWords = (item, words) => !words.length || logic.hasWords(parsedRecord(item).text, words);

  /* Sorting: the vendored tablesort itself sorts a stand-in table holding one cell per record with the
   * record's sort key as its data-sort, so the order (number or text comparison, detected from the first
   * values as tablesort does; ties by the current order) is exactly what tablesort gives the rows. */
  const sortRecords = (table, sorter, header, update) => {
    let stand = table.synthsiteStandIn;
    if (!stand) {
      stand = document.createElement("table");
      stand
        .appendChild(document.createElement("thead"))
        .appendChild(document.createElement("tr"))
        .appendChild(document.createElement("th"));
      stand.appendChild(document.createElement("tbody"));
      table.synthsiteStandIn = stand;
    }
    const standHeader = stand.tHead.rows[0].cells[0];
    for (const name of ["data-sort-method", "data-sort-reverse", "aria-sort"]) {
      if (header.hasAttribute(name)) standHeader.setAttribute(name, header.getAttribute(name));
      else standHeader.removeAttribute(name);
    }
    const body = stand.tBodies[0];
    body.textContent = "";
    const column = header.cellIndex;
    for (const item of table.synthsiteRecords) {
      if (!item.standIn) {
        item.standIn = document.createElement("tr");
        item.standIn.appendChild(document.createElement("td"));
        item.standIn.synthsiteRecord = item;
      }
      item.standIn.firstChild.setAttribute("data-sort", logic.sortKey(parsedRecord(item).cells[column]));
      body.appendChild(item.standIn);
    }
    table.dispatchEvent(new CustomEvent("beforeSort"));
    window.Tablesort.prototype.sortTable.call({ table: stand, thead: true, options: sorter.options }, standHeader, update);
    if (standHeader.hasAttribute("aria-sort")) header.setAttribute("aria-sort", standHeader.getAttribute("aria-sort"));
    table.synthsiteRecords = Array.from(body.rows, (row) => row.synthsiteRecord);
    table.dispatchEvent(new CustomEvent("afterSort"));
  };

  /* The page shows the records that pass the filters and the text filter, up to the page limit. */
  const refreshRecords = (table) => {
    const records = table.synthsiteRecords;
    const paging = table.synthsitePaging || null;
    const words = paging ? paging.words : [];
    const limit = paging ? paging.limit : records.length;
    const passes = (item) => !item.synthsiteFiltered && recordMatchesWords(item, words);
    const { shown, matching } = logic.pageOf(records, passes, limit);
    showRecords(table, shown, records.length);
    showStatus(table, shown.length, matching, records.length);
  };

  /* Rows never shown before are made together (by synthsite-rows.js), then the body is changed only
   * from the first row that differs, so "Show more" appends and the rows already shown stay put. */
  const showRecords = (table, shown, total) => {
    const fresh = shown.filter((item) => !item.tr);
    if (fresh.length) {
      const rows = synthsite.rows.rows(fresh.map((item) => item.html));
      fresh.forEach((item, k) => {
        item.tr = rows[k];
        rows[k].synthsiteIndex = item.synthsiteIndex;
        rows[k].synthsiteRecord = item;
      });
    }
    const body = table.tBodies[0];
    const current = body.rows;
    let same = 0;
    while (same < shown.length && same < current.length && current[same] === shown[same].tr) same++;
    if (same < current.length) {
      const stale = document.createRange();
      stale.setStartBefore(current[same]);
      stale.setEndAfter(body.lastChild);
      stale.deleteContents();
    }
    const added = document.createDocumentFragment();
    for (const item of shown.slice(same)) {
      item.tr.hidden = false;
      added.appendChild(item.tr);
    }
    body.appendChild(added);
    synthsite.print.labelCells(
      table,
      fresh.map((item) => item.tr),
    );
    if (!logic.clampsCells(table.hasAttribute("data-read-whole"), total)) return; /* a long table pages instead */
    const clamps = shown.filter((item) => !item.tr.synthsiteClamped).flatMap((item) => clampRow(item.tr));
    for (const clamp of clamps) dropIdleClamp(clamp); /* measured after all are in: one layout */
  };

  /* Sorting ------------------------------------------------------------------------------------------- */

  /* Space sorts a focused header as Enter does (a header is a button to keyboard users). */
  const sortOnSpace = (table) => {
    const headers = table.tHead ? table.tHead.querySelectorAll("th[tabindex]") : [];
    for (const header of headers) {
      header.addEventListener("keydown", (event) => {
        if (event.key !== " " && event.key !== "Spacebar") return;
        event.preventDefault();
        event.currentTarget.click();
      });
    }
  };

  const wireSorting = (table) => {
    if (typeof window.Tablesort !== "function") return;
    const sorter = new window.Tablesort(table);
    if (table.synthsiteRecords) {
      sorter.sortTable = (header, update) => sortRecords(table, sorter, header, update);
    }
    sortOnSpace(table);
    const headers = table.tHead ? table.tHead.querySelectorAll("th[role=columnheader]") : [];
    for (const header of headers) {
      if (!header.title) header.title = "Sort by this column";
    }
  };

  /* Long cells: clamped to a few lines with a button that shows the rest -------------------------------- */

  const clampCell = (cell) => {
    const box = document.createElement("div");
    box.className = "synthsite-clamp";
    while (cell.firstChild) box.appendChild(cell.firstChild);
    cell.appendChild(box);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "synthsite-more";
    button.textContent = "more";
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", () => {
      const open = box.classList.toggle("synthsite-clamp--open");
      button.textContent = open ? "less" : "more";
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    cell.appendChild(button);
    return { box, button };
  };

  /* A clamp that hides nothing (the text fits in its lines at this width) loses its button. */
  const dropIdleClamp = (clamp) => {
    if (clamp.box.scrollHeight <= clamp.box.clientHeight + 2) {
      clamp.button.hidden = true;
      clamp.box.classList.add("synthsite-clamp--open");
    }
  };

  const clampRow = (row) => {
    const clamps = Array.from(row.cells)
      .filter((cell) => logic.needsClamp(cell.textContent))
      .map(clampCell);
    row.synthsiteClamped = true;
    return clamps;
  };

  const wireClamps = (table) => {
    const rows = Array.from(bodyRows(table));
    if (!logic.clampsCells(table.hasAttribute("data-read-whole"), rows.length)) return;
    const clamps = rows.flatMap(clampRow);
    for (const clamp of clamps) dropIdleClamp(clamp); /* measured after all are wrapped: one layout */
  };

  /* Paging of long tables ----------------------------------------------------------------------------- */

  const pagerButton = (text) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button synthsite-pager-button";
    button.textContent = text;
    return button;
  };

  const wirePaging = (table) => {
    const size = logic.pageSize(table.getAttribute("data-page-size"));
    if (!size) return;
    const block = table.closest(".synthsite-table-block") || table.parentNode;
    let anchor = table;
    while (anchor.parentNode && anchor.parentNode !== block) anchor = anchor.parentNode;
    const find = document.createElement("p");
    find.className = "synthsite-text-filter";
    const label = document.createElement("label");
    label.htmlFor = `find-${table.id}`;
    label.textContent = "Find rows containing";
    const input = document.createElement("input");
    input.type = "search";
    input.id = `find-${table.id}`;
    input.autocomplete = "off";
    find.append(label, " ", input);
    const pager = document.createElement("p");
    pager.className = "synthsite-pager";
    const output = document.createElement("output");
    output.className = "synthsite-pager-count";
    // The filter form's output already announces changes; a table without one announces them here.
    if (!document.querySelector(`form[data-synthsite-filters="${table.id}"]`)) {
      output.setAttribute("aria-live", "polite");
    }
    const more = pagerButton(`Show ${size} more`);
    const all = pagerButton("Show all rows");
    pager.append(output, " ", more, " ", all);
    block.insertBefore(find, anchor);
    block.insertBefore(pager, anchor.nextSibling);
    const paging = { size, limit: size, words: [], more, all, output };
    table.synthsitePaging = paging;
    more.addEventListener("click", () => {
      paging.limit += size;
      refresh(table);
    });
    all.addEventListener("click", () => {
      paging.limit = Infinity;
      refresh(table);
    });
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        paging.words = logic.searchWords(input.value);
        paging.limit = size;
        refresh(table);
      }, 150);
    });
    table.addEventListener("afterSort", () => refresh(table));
    refresh(table);
  };

  /* Scroll cue: says so when a table is wider than its column, and which way there is more ------------- */

  const CUE = "The table is wider than the page: scroll sideways (or use the arrow keys on it) to see every column.";

  const updateScrollCue = (scroller) => {
    const more = scroller.scrollWidth - scroller.clientWidth > 2;
    scroller.classList.toggle("synthsite-scroll--more", more);
    scroller.classList.toggle("synthsite-scroll--left", more && scroller.scrollLeft > 2);
    scroller.classList.toggle(
      "synthsite-scroll--right",
      more && scroller.scrollLeft + scroller.clientWidth < scroller.scrollWidth - 2,
    );
    if (scroller.synthsiteCue) scroller.synthsiteCue.hidden = !more;
  };

  const cueScroller = (scroller, text) => {
    const cue = document.createElement("p");
    cue.className = "synthsite-scroll-cue";
    cue.textContent = text;
    cue.hidden = true;
    scroller.parentNode.insertBefore(cue, scroller);
    scroller.synthsiteCue = cue;
    scroller.addEventListener("scroll", () => updateScrollCue(scroller), { passive: true });
    if (typeof ResizeObserver === "function") new ResizeObserver(() => updateScrollCue(scroller)).observe(scroller);
    updateScrollCue(scroller);
  };

  const wireScrollCue = (table) => {
    const scroller = table.closest(".synthsite-scroll");
    if (scroller) cueScroller(scroller, `${CUE} The first column stays in place.`);
  };

  /* Tables in running text (ENTREQ, leave-one-study-out, the methods page) scroll inside the wrapper Material
   * gives them; they say so too. */
  const cueMaterialTables = () => {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (!wrap.synthsiteCue) cueScroller(wrap, CUE);
    }
  };

  /* One table, once: number its rows, make records of a long one, then sorting, clamps, print labels, paging
   * and the scroll cue. */
  const wire = (table) => {
    numberRows(table);
    makeRecords(table);
    wireSorting(table);
    if (!table.synthsiteRecords) wireClamps(table);
    synthsite.print.labelCells(table, bodyRows(table));
    wirePaging(table);
    wireScrollCue(table);
  };

  synthsite.tables = { wire, refresh, bodyRows, cellValues, cueMaterialTables };
})();
