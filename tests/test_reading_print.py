"""Columns sized by their content, scroll cues wherever a table still scrolls, and print that fits A4.

In a real browser on the session's one built site (test_reading's guarded `open_page`): numeric columns stay under
80 px at 1366 and 390 px in both palettes, the tables that can fit a laptop screen do, every table in running text
that scrolls says so, and every page type printed to A4 by Chromium (read back with pypdf) has no page that holds
only a table's header, with no header cell broken inside a word.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

import test_reading

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

open_page = test_reading.open_page
"""test_reading's guarded page at a width and palette (the fixture, shared)."""
read_page = test_reading.read_page
"""test_reading's page shared by the tests that only read it (the fixture, shared)."""

CONTENT_PAGES = test_reading.CONTENT_PAGES
NUMERIC_LIMIT = 80
TABLE_PAGES = ("studies", "compare-samples", "compare-appraisal", "compare-limitations", "study", "findings", "themes")

COLUMN_WIDTHS = """() => [...document.querySelectorAll("table.synthsite-table th[data-sort-method='number']")]
  .map(th => ({table: th.closest("table").id, column: th.dataset.column, width: th.getBoundingClientRect().width}))"""


@pytest.mark.parametrize("scheme", ("default", "slate"))
@pytest.mark.parametrize("width", (1366, 390))
def test_numeric_columns_are_narrow(read_page: Callable[..., Page], width: int, scheme: str) -> None:
    seen = 0
    for kind in TABLE_PAGES:
        page = read_page(kind, width, scheme)
        for column in page.evaluate(COLUMN_WIDTHS):
            seen += 1
            assert 0 < column["width"] < NUMERIC_LIMIT, f"/{kind} #{column['table']} {column['column']}: {column}"
    assert seen > 10, "too few numeric columns to prove anything"


SCROLLS = """() => [...document.querySelectorAll("table.synthsite-table")].map(table => {
  const scroller = table.closest(".synthsite-scroll");
  return {id: table.id, over: scroller.scrollWidth - scroller.clientWidth};
})"""


@pytest.mark.parametrize("kind", ["studies", "compare-samples", "compare-appraisal", "study"])
def test_tables_that_can_fit_a_laptop_screen_do(read_page: Callable[..., Page], kind: str) -> None:
    """Before, every column took at least 100 px and these scrolled sideways at 1366 px."""
    page = read_page(kind, 1366)
    assert [table for table in page.evaluate(SCROLLS) if table["over"] > 2] == []


PLAIN_CUES = """() => [...document.querySelectorAll(".md-typeset__scrollwrap")]
  .filter(wrap => wrap.scrollWidth > wrap.clientWidth + 2)
  .filter(wrap => !(wrap.previousElementSibling && wrap.previousElementSibling.classList.contains("synthsite-scroll-cue")
    && !wrap.previousElementSibling.hidden))
  .map(wrap => (wrap.querySelector("table") || {}).id || wrap.textContent.slice(0, 40))"""


@pytest.mark.page_view(width=390)
@pytest.mark.parametrize("kind", CONTENT_PAGES)
def test_every_table_that_scrolls_on_a_phone_says_so(read_page: Callable[..., Page], kind: str) -> None:
    """Generated tables are checked by test_reading (check_wide_tables); these are the tables in running text."""
    page = read_page(kind, 390)
    page.wait_for_timeout(100)
    assert page.evaluate(PLAIN_CUES) == []


BROKEN_HEADERS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll(".md-content table th")) {
    const text = cell.textContent;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let previous = null;
    let before = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      before = " "; // an element boundary (a <br>, a badge) may break the line
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        const char = node.data[i];
        if (box && previous && box.top > previous.top + 2 && /\\w/.test(char) && /\\w/.test(before)) {
          broken.push(`${(cell.closest("table").id || "table")}: ${text.trim()}`);
        }
        if (box) previous = box;
        before = char;
      }
    }
  }
  return [...new Set(broken)];
}"""

HEADERS = """() => [...document.querySelectorAll(".md-content table")].map(table => ({
  caption: table.caption ? table.caption.textContent : "",
  header: table.tHead ? table.tHead.textContent : "",
}))"""


def letters(text: str) -> str:
    """The text without whitespace: PDF text comes out with words cut into pieces and lines in another order."""
    return re.sub(r"\s+", "", text)


def header_alone(page_text: str, tables: list[dict[str, str]]) -> str | None:
    """The caption of a table whose header (with its caption) is all a page holds after the caption, or all the page
    holds at all; None when every page with a header also holds some of its rows."""
    text = letters(page_text)
    for table in tables:
        caption, header = letters(table["caption"]), letters(table["header"])
        if not header:
            continue
        tail = text.rsplit(caption, 1)[1] if caption and caption in text else text
        if tail and Counter(tail) <= Counter(header + caption):
            return table["caption"] or table["header"]
    return None


@pytest.mark.parametrize("kind", CONTENT_PAGES)
def test_every_page_type_prints_to_a4_with_no_header_alone_or_broken(open_page: Callable[..., Page], kind: str) -> None:
    page = open_page(kind, test_reading.A4_PRINT_WIDTH)
    page.emulate_media(media="print")
    assert page.evaluate(BROKEN_HEADERS) == [], f"/{kind}: header cells break inside a word"
    tables = page.evaluate(HEADERS)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) >= 1
    for number, sheet in enumerate(pdf.pages, start=1):
        alone = header_alone(sheet.extract_text() or "", tables)
        assert alone is None, f"/{kind}: page {number} ends with the header of {alone!r} and none of its rows"


def test_a_table_too_wide_for_a4_prints_one_labelled_block_per_row(open_page: Callable[..., Page]) -> None:
    """/compare/limitations/ used to print its header alone on page 1, then four rows over six pages with the
    header "Limitations" broken a letter or two per line."""
    page = open_page("compare-limitations", test_reading.A4_PRINT_WIDTH)
    page.emulate_media(media="print")
    table = page.locator("table#limitations")
    assert table.get_attribute("data-print") == "blocks"
    assert table.evaluate("t => getComputedStyle(t.tHead).display") == "none"
    labels = table.evaluate(
        "t => [...t.tBodies[0].rows[0].cells].slice(1).filter(c => c.textContent.trim())"
        ".map(c => getComputedStyle(c, '::before').content)"
    )
    assert labels and all(label.endswith(': "') and len(label) > 4 for label in labels), labels
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) <= 4, f"{len(pdf.pages)} A4 pages for four studies"
    first = pdf.pages[0].extract_text() or ""
    assert "Kirkegaard Thomsen" in first and "Sampling:" in first
