/* synthsite: the tables' filter forms. Filters are checkbox groups generated at build time (the form stays hidden
 * until this script wires it); a cell's values are the JSON list in its data-filter-values, and which rows match
 * is synthsite-filter-logic.js's decision (within one filter any ticked value, across filters every filter). The
 * ticked values live in the page URL's query (`?<table id>.<column>=<value>`, repeated per value), so a filtered
 * table can be shared and survives a reload. The form also brings the "no rows match" message with its "Clear
 * filters" button, and a button for the CSV of the rows shown: the table's own CSV download, cut to the rows on
 * screen in their order (synthsite-csv.js).
 */
(() => {
  "use strict";

  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});
  const logic = synthsite.filterLogic;

  /* The ticked values of a form, by filter: {column: [value, ...]} (filters with none ticked left out). */
  const chosenValues = (form) => {
    const chosen = {};
    for (const group of form.querySelectorAll("[data-filter-column]")) {
      const values = Array.from(group.querySelectorAll("input[type=checkbox]:checked"), (box) => box.value);
      if (values.length) chosen[group.getAttribute("data-filter-column")] = values;
    }
    return chosen;
  };

  /* Each filter's badge names its ticked values (the heatmap's filters use it too). */
  const showChosenCounts = (form, chosen) => {
    for (const group of form.querySelectorAll("[data-filter-column]")) {
      const badge = group.querySelector(".synthsite-filter-chosen");
      if (badge) badge.textContent = logic.chosenLabel(chosen[group.getAttribute("data-filter-column")] || []);
    }
  };

  /* The page URL's query with this prefix's parameters replaced by these (no new history entry). */
  const writeUrlState = (prefix, entries) => {
    const url = new URL(window.location.href);
    const keys = [];
    url.searchParams.forEach((value, key) => {
      if (logic.isStateKey(prefix, key)) keys.push(key);
    });
    for (const key of keys) url.searchParams.delete(key);
    for (const [key, value] of entries) url.searchParams.append(key, value);
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
  };

  const applyFilters = (form, table) => {
    const { tables } = synthsite;
    const chosen = chosenValues(form);
    const rows = table.synthsiteRecords || tables.bodyRows(table);
    for (const row of rows) {
      row.synthsiteFiltered = !logic.matchesChosen((column) => tables.cellValues(row, column), chosen);
    }
    if (table.synthsitePaging) table.synthsitePaging.limit = table.synthsitePaging.size;
    showChosenCounts(form, chosen);
    tables.refresh(table);
    return chosen;
  };

  const saveState = (table, chosen) => writeUrlState(`${table.id}.`, logic.stateEntries(`${table.id}.`, chosen));

  /* The boxes ticked as the page URL says: `?<table>.<column>=<value>` once per ticked value. */
  const readUrlState = (form, table) => {
    const params = new URLSearchParams(window.location.search);
    for (const box of form.querySelectorAll("input[type=checkbox]")) {
      const column = box.closest("[data-filter-column]").getAttribute("data-filter-column");
      box.checked = params.getAll(`${table.id}.${column}`).includes(box.value);
    }
  };

  const clearFilters = (form, table) => {
    for (const box of form.querySelectorAll("input[type=checkbox]")) box.checked = false;
    saveState(table, applyFilters(form, table));
  };

  const emptyMessage = (form, table) => {
    const message = document.createElement("p");
    message.className = "synthsite-no-rows";
    message.setAttribute("role", "status");
    message.hidden = true;
    message.append("No rows match these filters. ");
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "md-button synthsite-filter-reset";
    clear.textContent = "Clear filters";
    clear.addEventListener("click", () => clearFilters(form, table));
    message.appendChild(clear);
    const scroller = table.closest(".synthsite-scroll") || table;
    scroller.parentNode.insertBefore(message, scroller.nextSibling);
    table.synthsiteEmpty = message;
  };

  /* The table's CSV download, fetched when asked for and cut to the rows on screen, in their order. */
  const csvOfShownButton = (table) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button synthsite-csv-shown";
    button.textContent = "CSV of the rows shown";
    button.addEventListener("click", () => {
      fetch(table.getAttribute("data-csv"))
        .then((response) => response.text())
        .then((text) => {
          const positions = Array.from(synthsite.tables.bodyRows(table))
            .filter((row) => !row.hidden)
            .map((row) => row.synthsiteIndex);
          const link = document.createElement("a");
          link.href = URL.createObjectURL(new Blob([synthsite.csv.shownCsv(text, positions)], { type: "text/csv" }));
          link.download = `${table.id}-shown.csv`;
          document.body.appendChild(link);
          link.click();
          link.remove();
        });
    });
    return button;
  };

  const wire = (form) => {
    const table = document.getElementById(form.getAttribute("data-synthsite-filters"));
    if (!table) return;
    table.synthsiteForm = form;
    form.addEventListener("change", () => saveState(table, applyFilters(form, table)));
    form.addEventListener("reset", (event) => {
      event.preventDefault();
      clearFilters(form, table);
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    emptyMessage(form, table);
    (form.querySelector("fieldset") || form).appendChild(csvOfShownButton(table));
    form.hidden = false;
    readUrlState(form, table);
    applyFilters(form, table);
  };

  synthsite.filters = { wire, showChosenCounts, writeUrlState };
})();
