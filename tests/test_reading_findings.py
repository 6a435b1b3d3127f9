"""Findings first on every screen, and the small things a phone reader trips over (issue: reading, round three).

In a real browser at a phone's 390 px and a laptop's 1366 px, in both palettes: the Summary of Qualitative Findings
keeps each finding's words beside its confidence badge however far a reader scrolls the table sideways, no
finding's statement (or the judgements on it) is cut behind "more", nothing floats over a table header, filter
checkboxes are big enough for a finger, file names on /data/ wrap only between their parts, and tables in running
text say when they scroll. Uses the session's one built site and test_reading's guarded `open_page`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

import test_reading

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

open_page = test_reading.open_page
"""test_reading's guarded page at a width and palette (the fixture, shared)."""
read_page = test_reading.read_page
"""test_reading's page shared by the tests that only read it (the fixture, shared)."""

SCHEMES = ("default", "slate")
FINDINGS_TABLES = ("summary-of-qualitative-findings", "cerqual-evidence-profile")

BADGE_BESIDE_FINDING = """([id, end]) => {
  const table = document.getElementById(id);
  const scroller = table.closest(".synthsite-scroll");
  const column = table.querySelector("td[data-column='confidence']");
  scroller.scrollLeft = 0;
  // Scroll the table sideways until the confidence column is in view, as a reader's thumb would (or to its end).
  const reach = column.getBoundingClientRect().right - scroller.getBoundingClientRect().right;
  if (reach > 0) scroller.scrollLeft = reach + 4;
  if (end) scroller.scrollLeft = scroller.scrollWidth;
  const rows = [];
  for (const row of table.tBodies[0].rows) {
    if (row.hidden) continue;
    row.scrollIntoView({block: "center"});
    const frame = scroller.getBoundingClientRect();
    const finding = row.querySelector("td[data-column='finding']").getBoundingClientRect();
    const badge = row.querySelector("td[data-column='confidence'] .synthsite-confidence").getBoundingClientRect();
    const probe = document.elementFromPoint(finding.left + 8, finding.top + 8);
    rows.push({
      findingShown: finding.left >= frame.left - 1 && finding.right <= frame.right + 1 && finding.width > 100,
      badgeShown: end || (badge.left >= frame.left - 1 && badge.right <= frame.right + 1),
      beside: end || finding.right <= badge.left + 1,
      onTop: !!probe && !!probe.closest("td[data-column='finding']"),
      scrolled: scroller.scrollLeft,
    });
  }
  return rows;
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", (390, 1366))
def test_each_findings_words_stay_beside_its_confidence_badge(
    open_page: Callable[..., Page], width: int, scheme: str
) -> None:
    """Scrolled sideways to the badges, every row still shows its finding's words, not its number alone."""
    page = open_page("findings", width, scheme)
    for end in (False, True):
        check_badges_beside_findings(page.evaluate(BADGE_BESIDE_FINDING, ["summary-of-qualitative-findings", end]))


def check_badges_beside_findings(rows: list[dict[str, object]]) -> None:
    assert rows
    for number, row in enumerate(rows, start=1):
        assert row["badgeShown"], f"finding {number}: the badge is not in view ({row})"
        assert row["findingShown"] and row["onTop"], f"finding {number}: its words are not beside its badge ({row})"
        assert row["beside"], f"finding {number}: the finding overlaps its badge ({row})"


@pytest.mark.parametrize("width", (390, 1366))
def test_no_finding_statement_or_judgement_is_clamped(read_page: Callable[..., Page], width: int) -> None:
    for kind, tables in (("findings", FINDINGS_TABLES), ("themes", ("summary-of-findings",)), ("theme", ("cerqual",))):
        page = read_page(kind, width)
        for table_id in tables:
            table = page.locator(f"table#{table_id}")
            assert table.count() == 1, f"/{kind}: no #{table_id}"
            assert table.locator(".synthsite-clamp, button.synthsite-more").count() == 0, f"/{kind} #{table_id}"
            cut = table.evaluate(
                "t => [...t.querySelectorAll('td')].filter(c => c.scrollHeight > c.clientHeight + 1).length"
            )
            assert cut == 0, f"/{kind} #{table_id}: {cut} cells show less than their text"


def test_other_long_cells_are_still_clamped(read_page: Callable[..., Page]) -> None:
    """The rule is the findings tables', not a switch that turned clamping off everywhere."""
    page = read_page("compare-limitations", 1366)
    assert page.locator("table#limitations button.synthsite-more:visible").count() > 0


FLOATING_OVER_HEADERS = """() => {
  const covered = [];
  for (const cell of document.querySelectorAll("table thead th")) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0 || box.bottom < 60 || box.top > window.innerHeight - 2) continue;
    const clip = (cell.closest(".synthsite-scroll, .md-typeset__scrollwrap") || document.body).getBoundingClientRect();
    for (const [x, y] of [[box.left + 4, box.top + 4], [box.left + box.width / 2, box.top + box.height / 2]]) {
      if (x < Math.max(0, clip.left) || x > Math.min(window.innerWidth, clip.right)) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && !cell.contains(hit) && !hit.closest(".md-header")) covered.push(`${cell.textContent.trim()}: ${hit.className}`);
    }
  }
  return covered;
}"""


@pytest.mark.parametrize("width", (390, 1366))
def test_nothing_floats_over_a_table_header(open_page: Callable[..., Page], width: int) -> None:
    """Scrolling down a long table and back up (when Material used to float "Back to top"), every header cell is
    itself at its own place, under no button."""
    page = open_page("compare-limitations", width)
    header = page.locator("table#limitations thead")
    for _ in range(3):
        header.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.mouse.wheel(0, 900)
        page.wait_for_timeout(150)
        page.mouse.wheel(0, -700)
        page.wait_for_timeout(400)
        header.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().top - 120)")
        page.wait_for_timeout(300)
        assert page.evaluate(FLOATING_OVER_HEADERS) == []
    assert page.locator(".md-top").count() == 0, "a floating back-to-top button is back"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_filter_checkboxes_are_a_fingers_size(open_page: Callable[..., Page], scheme: str) -> None:
    page = open_page("studies", 390, scheme)
    page.locator("form[data-synthsite-filters='studies'] details").evaluate_all(
        "all => all.forEach(d => d.open = true)"
    )
    sizes = page.locator("form[data-synthsite-filters='studies'] input[type=checkbox]").evaluate_all(
        "boxes => boxes.map(b => { const r = b.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes


FILE_NAME_LINES = """() => [...document.querySelectorAll("#downloads code")].map(code => {
  const text = code.textContent;
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  const tops = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      tops.push(range.getClientRects()[0].top);
    }
  }
  const breaks = [];
  for (let i = 1; i < tops.length; i++) if (tops[i] > tops[i - 1] + 2) breaks.push(text[i - 1]);
  return {text, breaks};
})"""


@pytest.mark.page_view(width=390)
def test_data_file_names_wrap_only_between_their_parts(read_page: Callable[..., Page]) -> None:
    page = read_page("data", 390)
    names = page.evaluate(FILE_NAME_LINES)
    assert names and any(name["breaks"] for name in names), "no file name wraps at 390 px: the test proves nothing"
    for name in names:
        assert all(char in "._-/" for char in name["breaks"]), f"{name['text']} breaks inside a word"


PLAIN_TABLE_CUES = """() => [...document.querySelectorAll(".md-typeset__scrollwrap")].map(wrap => ({
  id: (wrap.querySelector("table") || {}).id,
  wide: wrap.scrollWidth > wrap.clientWidth + 2,
  cued: !!wrap.previousElementSibling && wrap.previousElementSibling.classList.contains("synthsite-scroll-cue")
    && !wrap.previousElementSibling.hidden,
}))"""


@pytest.mark.parametrize(("kind", "table"), [("reporting-entreq", "entreq"), ("theme", "leave-one-out")])
def test_tables_in_running_text_say_when_they_scroll(open_page: Callable[..., Page], kind: str, table: str) -> None:
    page = open_page(kind, 390)
    page.wait_for_timeout(100)
    found = {item["id"]: item for item in page.evaluate(PLAIN_TABLE_CUES)}
    assert table in found, f"/{kind}: #{table} is not in a scroll wrapper ({sorted(found)})"
    assert found[table]["wide"], f"/{kind}: #{table} fits at 390 px: the test proves nothing"
    assert found[table]["cued"], f"/{kind}: #{table} scrolls sideways and does not say so"
    page.set_viewport_size({"width": 1366, "height": 900})
    page.wait_for_timeout(150)
    assert all(not item["cued"] for item in page.evaluate(PLAIN_TABLE_CUES) if not item["wide"])


LANDMARKS = """async () => (await axe.run(document, {runOnly: ["landmark-unique"]})).violations.map(v => v.id)"""


@pytest.mark.parametrize("kind", ["methods", "contribute"])
def test_every_landmark_has_a_name_of_its_own(read_page: Callable[..., Page], kind: str) -> None:
    page = read_page(kind, 1366)
    page.wait_for_timeout(100)
    test_reading.add_axe(page)
    assert page.evaluate(LANDMARKS) == []
