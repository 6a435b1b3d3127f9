"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./assets.js");

const { parseCsv, csvLine, shownCsv } = load("synthsite-csv.js");

test("parseCsv reads quoted fields with commas, doubled quotes and line ends", () => {
  const text = 'id,quote\r\ns1,"He said ""no"", then left"\r\ns2,"two\nlines"\r\n';
  assert.deepEqual(parseCsv(text), [
    ["id", "quote"],
    ["s1", 'He said "no", then left'],
    ["s2", "two\nlines"],
  ]);
});

test("parseCsv keeps a last record without a line end and empty fields", () => {
  assert.deepEqual(parseCsv("a,,c\n,b,"), [
    ["a", "", "c"],
    ["", "b", ""],
  ]);
  assert.deepEqual(parseCsv(""), []);
});

test("csvLine quotes only the fields that need it", () => {
  assert.equal(csvLine(["plain", "a,b", 'say "hi"', "two\nlines", ""]), 'plain,"a,b","say ""hi""","two\nlines",\n');
});

test("csvLine and parseCsv round-trip hostile fields", () => {
  const record = ['=HYPERLINK("x")', "comma, inside", '"', "\r\n", "ünïcödé ✓"];
  assert.deepEqual(parseCsv(csvLine(record)), [record]);
});

test("shownCsv keeps the header and the rows shown, in the order shown", () => {
  const text = "id,year\ns1,2001\ns2,2002\ns3,2003\n";
  assert.equal(shownCsv(text, [2, 0]), "id,year\ns3,2003\ns1,2001\n");
  assert.equal(shownCsv(text, []), "id,year\n");
  assert.equal(shownCsv(text, [7]), "id,year\n", "a position past the end is left out");
  assert.equal(shownCsv("", [0]), "");
});
