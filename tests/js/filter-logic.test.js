"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./assets.js");

const logic = load("synthsite-filter-logic.js");

test("filterValues reads a JSON list and nothing else", () => {
  assert.deepEqual(logic.filterValues('["Denmark","Norway"]'), ["Denmark", "Norway"]);
  assert.deepEqual(logic.filterValues('{"a": 1}'), []);
  assert.deepEqual(logic.filterValues("not json"), []);
  assert.deepEqual(logic.filterValues(null), []);
});

test("cellFilterValues finds the column's cell among a row's cells", () => {
  const cells = [
    { attributes: { "data-column": "study" }, text: "Smith" },
    { attributes: { "data-column": "country", "data-filter-values": '["Denmark"]' }, text: "Denmark" },
  ];
  assert.deepEqual(logic.cellFilterValues(cells, "country"), ["Denmark"]);
  assert.deepEqual(logic.cellFilterValues(cells, "study"), []);
  assert.deepEqual(logic.cellFilterValues(cells, "year"), []);
});

test("matchesChosen: any ticked value within a filter, every filter across them", () => {
  const row = { country: ["Denmark", "Norway"], design: ["interviews"] };
  const valuesOf = (column) => row[column] || [];
  assert.equal(logic.matchesChosen(valuesOf, {}), true);
  assert.equal(logic.matchesChosen(valuesOf, { country: ["Sweden", "Norway"] }), true);
  assert.equal(logic.matchesChosen(valuesOf, { country: ["Sweden"] }), false);
  assert.equal(logic.matchesChosen(valuesOf, { country: ["Denmark"], design: ["survey"] }), false);
  assert.equal(logic.matchesChosen(valuesOf, { country: ["Denmark"], design: ["interviews"] }), true);
  assert.equal(logic.matchesChosen(valuesOf, { year: ["2001"] }), false);
});

test("facetValues splits a heatmap cell's attribute at |", () => {
  assert.deepEqual(logic.facetValues("Denmark|United Kingdom"), ["Denmark", "United Kingdom"]);
  assert.deepEqual(logic.facetValues(null), [""]);
});

test("chosenLabel names the ticked values", () => {
  assert.equal(logic.chosenLabel(["Denmark", "Norway"]), "(Denmark, Norway)");
  assert.equal(logic.chosenLabel([]), "");
});

test("the state in the URL: one parameter per ticked value, under the table's id", () => {
  const chosen = { country: ["Denmark", "Norway"], year: ["2019"] };
  assert.deepEqual(logic.stateEntries("studies.", chosen), [
    ["studies.country", "Denmark"],
    ["studies.country", "Norway"],
    ["studies.year", "2019"],
  ]);
  assert.equal(logic.isStateKey("studies.", "studies.country"), true);
  assert.equal(logic.isStateKey("studies.", "other.country"), false);
  assert.equal(logic.isStateKey("studies.", "q"), false);
});

test("the heatmap's state names its colouring only when it is not the default", () => {
  assert.deepEqual(logic.mapStateEntries("map.", "count", { country: ["Denmark"] }), [["map.country", "Denmark"]]);
  assert.deepEqual(logic.mapStateEntries("map.", "confidence", {}), [["map.colour", "confidence"]]);
});
