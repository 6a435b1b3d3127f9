"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./assets.js");

const logic = load("synthsite-page-logic.js");

test("squash reads text as it shows: one space between words, none at the ends", () => {
  assert.equal(logic.squash("\n  Smith, J.\n   (2020).\tTitle.  "), "Smith, J. (2020). Title.");
});

test("printsAddress: links leaving the page whose text is not already their address", () => {
  assert.equal(logic.printsAddress("../studies/", "https://x.org/studies/", "Studies"), true);
  assert.equal(logic.printsAddress("#top", "https://x.org/p/#top", "Top"), false);
  assert.equal(logic.printsAddress("https://doi.org/10/1", "https://doi.org/10/1", " https://doi.org/10/1 "), false);
  assert.equal(logic.printsAddress("", "https://x.org/p/", "here"), false);
  assert.equal(logic.printsAddress(null, "https://x.org/p/", "here"), false);
});

test("the names of scrolling tables and code tool bars", () => {
  assert.equal(logic.scrollRegionLabel(" ENTREQ items \n"), "ENTREQ items: table, scrolls sideways");
  assert.equal(logic.scrollRegionLabel(null), "table, scrolls sideways");
  assert.equal(logic.codeNavLabel(0), "Code block 1 tools");
});
