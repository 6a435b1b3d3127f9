"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./assets.js");

const { htmlText, attributes, read } = load("synthsite-row-html.js");

test("htmlText drops tags and decodes the references the build writes", () => {
  assert.equal(htmlText("<a href=\"x\">Fish &amp; chips</a> &lt;b&gt; &quot;q&quot; &#39;s&#x27;"), "Fish & chips <b> \"q\" 's'");
  assert.equal(htmlText("a&nbsp;b"), "a\u00a0b");
  assert.equal(htmlText("&#128512;"), "\u{1F600}");
});

test("htmlText leaves references it may not decode to the browser (as written outside one)", () => {
  assert.equal(htmlText("&#0; &#xD800; &eacute;"), "&#0; &#xD800; &eacute;");
  assert.equal(htmlText("&constructor;"), "&constructor;", "no inherited property is a named reference");
});

test("attributes reads names in lower case, values decoded, bare attributes as empty", () => {
  assert.deepEqual(attributes(' data-Column="year" data-sort="2001" hidden title="a &amp; b"'), {
    "data-column": "year",
    "data-sort": "2001",
    hidden: "",
    title: "a & b",
  });
});

test("read gives the row's lower-case text and each cell's text and attributes", () => {
  const row =
    '<tr data-x="1"><td data-column="study" data-sort="smith">Smith &amp; Jones\r\n2020</td>' +
    '<td data-column="country" data-filter-values="[&quot;Denmark&quot;]"><a href="/d/">Denmark</a></td></tr>';
  const parsed = read(row);
  assert.equal(parsed.text, "smith & jones\n2020denmark");
  assert.equal(parsed.cells.length, 2);
  assert.deepEqual(parsed.cells[0], {
    attributes: { "data-column": "study", "data-sort": "smith" },
    text: "Smith & Jones\n2020",
  });
  assert.equal(parsed.cells[1].attributes["data-filter-values"], '["Denmark"]');
  assert.equal(parsed.cells[1].text, "Denmark");
});

test("read tolerates a fragment without its closing tag", () => {
  assert.deepEqual(
    read("<tr><td>a</td><td>b</td>").cells.map((cell) => cell.text),
    ["a", "b"],
  );
});
