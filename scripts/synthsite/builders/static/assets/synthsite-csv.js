/* synthsite: CSV text, read and written as the tables' CSV downloads hold it (a field with a comma, a quote or a
 * line end is quoted, its quotes doubled). Pure: no page, no DOM (synthsite-filters.js makes "CSV of the rows
 * shown" with it; node's test runner checks it, tests/js/).
 */
(() => {
  "use strict";

  /* Records (lists of fields) from CSV text; a quoted field may hold commas, doubled quotes and line ends. */
  const parseCsv = (text) => {
    const records = [];
    let record = [];
    let field = "";
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") {
        record.push(field);
        field = "";
      } else if (c === "\n") {
        record.push(field);
        records.push(record);
        record = [];
        field = "";
      } else if (c !== "\r") field += c;
    }
    if (field !== "" || record.length) {
      record.push(field);
      records.push(record);
    }
    return records;
  };

  /* One record as a CSV line. */
  const csvLine = (record) =>
    `${record.map((field) => (/[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field)).join(",")}\n`;

  /* The header and the data records at these positions (0: the first after the header), in this order; a
   * position past the end is left out. */
  const shownCsv = (text, positions) => {
    const records = parseCsv(text);
    if (!records.length) return "";
    let out = csvLine(records[0]);
    for (const position of positions) if (records[position + 1]) out += csvLine(records[position + 1]);
    return out;
  };

  const api = { parseCsv, csvLine, shownCsv };
  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});
  synthsite.csv = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})();
