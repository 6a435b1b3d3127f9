"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./assets.js");

const logic = load("synthsite-heatmap-logic.js");

test("luminance follows WCAG: black 0, white 1, green brighter than blue", () => {
  assert.equal(logic.luminance("rgb(0, 0, 0)"), 0);
  assert.ok(Math.abs(logic.luminance("rgb(255, 255, 255)") - 1) < 1e-9);
  assert.ok(logic.luminance("rgb(0, 128, 0)") > logic.luminance("rgb(0, 0, 128)"));
  assert.ok(Math.abs(logic.luminance("rgba(255, 0, 0, 0.5)") - 0.2126) < 1e-9, "alpha is ignored");
});

test("scaleDirection: darker when the key's last shade is darker than its first", () => {
  assert.equal(logic.scaleDirection("rgb(240, 240, 255)", "rgb(10, 20, 90)"), "darker");
  assert.equal(logic.scaleDirection("rgb(10, 20, 90)", "rgb(240, 240, 255)"), "lighter");
});

test("mapStatus counts the cells shown and names the ticked values", () => {
  assert.equal(logic.mapStatus(12, 12, {}), "Showing 12 of 12 cells");
  assert.equal(
    logic.mapStatus(3, 12, { country: ["Denmark", "Norway"], year: ["2019"] }),
    "Showing 3 of 12 cells (country: Denmark, Norway; year: 2019)",
  );
});

test("shadeOf reads a cell's shade from its class, 1 when it has none", () => {
  assert.equal(logic.shadeOf("s4"), "4");
  assert.equal(logic.shadeOf("s2 synthsite-heat--current"), "2");
  assert.equal(logic.shadeOf("synthsite-heat-out s3"), "3");
  assert.equal(logic.shadeOf("synthsite-heat-out"), "1");
  assert.equal(logic.shadeOf("s12"), "1");
  assert.equal(logic.shadeOf(null), "1");
});

test("keysHint says where Enter leads", () => {
  assert.match(logic.keysHint(true, true), /Enter opens the theme\)$/);
  assert.match(logic.keysHint(false, false), /Enter opens the theme\)$/);
  assert.match(logic.keysHint(false, true), /Enter opens the study's evidence\)$/);
});

/* Three shown rows: each a header (column 1) and cells at these columns. */
const rows = [
  [1, 2, 5],
  [1, 3, 4, 6],
  [1, 6],
];
const move = (key, r, c, extra = {}) =>
  logic.gridMove({ key, ctrl: false, rows, here: rows[r] || extra.here, r, c, column: (rows[r] || extra.here)[c], ...extra });

test("gridMove: left and right within a row, stopping at its ends", () => {
  assert.deepEqual(move("ArrowRight", 1, 1), { row: 1, index: 2 });
  assert.deepEqual(move("ArrowRight", 1, 3), { row: 1, index: 3 });
  assert.deepEqual(move("ArrowLeft", 1, 1), { row: 1, index: 0 });
  assert.deepEqual(move("ArrowLeft", 1, 0), { row: 1, index: 0 });
});

test("gridMove: up and down to the nearest column, the first of equals, stopping at the grid's edges", () => {
  assert.deepEqual(move("ArrowDown", 0, 2), { row: 1, index: 2 }, "column 5: 4 and 6 are as near; 4 comes first");
  assert.deepEqual(move("ArrowDown", 1, 3), { row: 2, index: 1 });
  assert.deepEqual(move("ArrowUp", 1, 1), { row: 0, index: 1 });
  assert.deepEqual(move("ArrowDown", 2, 1), { row: 2, index: 1 });
  assert.deepEqual(move("ArrowUp", 0, 0), { row: 0, index: 0 });
});

test("gridMove: Home and End in the row, with Ctrl in the grid; other keys are not the grid's", () => {
  assert.deepEqual(move("Home", 1, 2), { row: 1, index: 0 });
  assert.deepEqual(move("End", 1, 0), { row: 1, index: 3 });
  assert.deepEqual(move("Home", 1, 2, { ctrl: true }), { row: 0, index: 0 });
  assert.deepEqual(move("End", 0, 0, { ctrl: true }), { row: 2, index: 1 });
  assert.equal(move("Tab", 1, 1), null);
  assert.equal(move("a", 1, 1), null);
});

test("gridMove from a row the filters hid: down goes to the first shown row", () => {
  const here = [1, 7];
  assert.deepEqual(move("ArrowDown", -1, 1, { here, column: 7 }), { row: 0, index: 2 });
  assert.deepEqual(move("ArrowUp", -1, 1, { here, column: 7 }), { row: -1, index: 1 });
});

test("wrapWords breaks before a line would pass the width", () => {
  assert.deepEqual(logic.wrapWords("one two three four", 9), ["one two", "three", "four"]);
  assert.deepEqual(logic.wrapWords("unbreakablewordlongerthanwidth ok", 5), ["unbreakablewordlongerthanwidth", "ok"]);
  assert.deepEqual(logic.wrapWords("", 10), []);
});

test("exportCaption adds the filter line only when filters are ticked", () => {
  assert.equal(logic.exportCaption("Themes by study.", "Showing 12 of 12 cells"), "Themes by study.");
  assert.equal(
    logic.exportCaption("Themes by study.", "Showing 3 of 12 cells (country: Denmark)"),
    "Themes by study. Showing 3 of 12 cells (country: Denmark).",
  );
  assert.equal(logic.exportCaption("Themes.", ""), "Themes.");
});

test("exportLayout puts the key under the map and the caption under the key, and sizes the picture", () => {
  const layout = logic.exportLayout(
    300,
    200,
    [
      { words: "fewer", swatch: false },
      { words: "1", swatch: true },
      { words: "more", swatch: false },
    ],
    "A caption.",
  );
  assert.deepEqual(
    layout.key.map(({ words, x, y }) => [words, x, y]),
    [
      ["fewer", 8, 214],
      ["1", 48.5, 214],
      ["more", 80.5, 214],
    ],
  );
  assert.deepEqual(layout.key[1].box, { x: 48.5, y: 201, width: 26, height: 18 });
  assert.equal(layout.key[1].middle, 61.5);
  assert.deepEqual(layout.lines, [{ text: "A caption.", x: 8, y: 238 }]);
  assert.deepEqual([layout.width, layout.height], [300, 254]);
});

test("exportLayout widens the picture for a long key and wraps the caption to its width", () => {
  const key = Array.from({ length: 12 }, (_, i) => ({ words: `shade ${i}`, swatch: true }));
  const caption = "word ".repeat(60).trim();
  const layout = logic.exportLayout(100, 50, key, caption);
  const last = layout.key[layout.key.length - 1];
  assert.equal(layout.width, last.box.x + last.box.width + 6 + 8);
  assert.ok(layout.lines.length > 1);
  const chars = Math.floor((layout.width - 8 - 16) / 6.2);
  for (const line of layout.lines) assert.ok(line.text.length <= chars, line.text);
  assert.equal(layout.height, layout.lines[layout.lines.length - 1].y + 16);
});

test("svgFile is an XML document ending in a line end", () => {
  assert.equal(logic.svgFile("<svg/>"), '<?xml version="1.0" encoding="UTF-8"?>\n<svg/>\n');
});
