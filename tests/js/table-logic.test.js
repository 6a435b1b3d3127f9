"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./assets.js");

const logic = load("synthsite-table-logic.js");

test("statusText says what is shown, of what matches, of how many", () => {
  assert.equal(logic.statusText(10, 10, 10), "Showing all 10 rows");
  assert.equal(logic.statusText(3, 3, 10), "Showing 3 of 10 rows");
  assert.equal(logic.statusText(100, 250, 250), "Showing 100 of 250 rows");
  assert.equal(logic.statusText(100, 120, 250), "Showing 100 of 120 matching rows (250 in all)");
  assert.equal(logic.statusText(0, 0, 5), "Showing 0 of 5 rows");
});

test("pageSize reads data-page-size; anything but a positive number means no paging", () => {
  assert.equal(logic.pageSize("100"), 100);
  assert.equal(logic.pageSize("0"), null);
  assert.equal(logic.pageSize("-5"), null);
  assert.equal(logic.pageSize(null), null);
  assert.equal(logic.pageSize("many"), null);
});

test("pageOf shows the first `limit` matches and counts every match", () => {
  const items = [1, 2, 3, 4, 5, 6, 7, 8];
  const even = (n) => n % 2 === 0;
  assert.deepEqual(logic.pageOf(items, even, 2), { shown: [2, 4], matching: 4 });
  assert.deepEqual(logic.pageOf(items, even, Infinity), { shown: [2, 4, 6, 8], matching: 4 });
  assert.deepEqual(logic.pageOf(items, () => false, 3), { shown: [], matching: 0 });
  assert.deepEqual(logic.pageOf([], even, 3), { shown: [], matching: 0 });
});

test("searchWords and hasWords: every typed word, in any case, anywhere in the row", () => {
  const words = logic.searchWords("  Nurse   DENMARK ");
  assert.deepEqual(words, ["nurse", "denmark"]);
  assert.equal(logic.hasWords("a nurse in denmark, 2019", words), true);
  assert.equal(logic.hasWords("a nurse in norway", words), false);
  assert.deepEqual(logic.searchWords("   "), []);
  assert.equal(logic.hasWords("anything", []), true);
});

test("sortKey: the cell's data-sort, else its text, else nothing", () => {
  assert.equal(logic.sortKey({ attributes: { "data-sort": "2019" }, text: "May 2019" }), "2019");
  assert.equal(logic.sortKey({ attributes: {}, text: "Smith" }), "Smith");
  assert.equal(logic.sortKey({ attributes: { "data-sort": "" }, text: "" }), "");
  assert.equal(logic.sortKey(undefined), "");
});

test("cells are clamped past CLAMP_CHARS, and only in short tables not read whole", () => {
  assert.equal(logic.needsClamp("x".repeat(logic.CLAMP_CHARS)), false);
  assert.equal(logic.needsClamp("x".repeat(logic.CLAMP_CHARS + 1)), true);
  assert.equal(logic.clampsCells(false, logic.CLAMP_MAX_ROWS), true);
  assert.equal(logic.clampsCells(false, logic.CLAMP_MAX_ROWS + 1), false);
  assert.equal(logic.clampsCells(true, 3), false);
});
