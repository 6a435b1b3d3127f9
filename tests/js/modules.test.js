// The browser code's files as a whole: every pure module loads in node (no DOM at load or call time), registers
// itself in the shared `synthsite` namespace that the page's classic scripts share, and exports the same object.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { ASSETS, load } = require("./assets.js");

const PURE = {
  "synthsite-csv.js": "csv",
  "synthsite-row-html.js": "rowHtml",
  "synthsite-table-logic.js": "tableLogic",
  "synthsite-filter-logic.js": "filterLogic",
  "synthsite-heatmap-logic.js": "heatmapLogic",
  "synthsite-page-logic.js": "pageLogic",
};

test("each pure module loads without a page and registers under its name", () => {
  assert.equal(typeof globalThis.document, "undefined");
  for (const [file, name] of Object.entries(PURE)) {
    const api = load(file);
    assert.ok(Object.keys(api).length > 0, file);
    assert.equal(globalThis.synthsite[name], api, file);
  }
});

test("every file of the browser code is written in modern syntax: no var, strict mode, one closure", () => {
  const files = fs.readdirSync(ASSETS).filter((name) => name.endsWith(".js"));
  assert.ok(files.includes("synthsite.js"));
  for (const file of files) {
    const source = fs.readFileSync(path.join(ASSETS, file), "utf8");
    assert.doesNotMatch(source, /(^|[\s;(])var\s/m, `${file} declares with var`);
    assert.doesNotMatch(source, /\bfunction\s*[\w$]*\s*\(/, `${file} uses a function expression, not an arrow`);
    assert.match(source, /^\(\(\) => \{\n {2}"use strict";/m, `${file} is one strict closure`);
  }
});
