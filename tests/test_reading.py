"""Reading the synthesis in a real browser, at a laptop's 1366 px and a phone's 390 px, in both palettes and in print.

Uses the session's one built site (conftest `built_site`) and the guard of test_browser (no request leaves
localhost, no console errors). Each test states one promise to readers: wide tables keep their first column in
view, heatmap cells are keyboard links with a tip, citations copy, every table fits an A4 page in print, filters
live in the URL and say when nothing matches, the CSV of the rows shown is exactly those rows, and axe finds no
serious or critical violation.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast
from urllib.parse import parse_qs, urlsplit

import pytest

from sharedpages import (
    DEFAULT_SCHEME,
    DEFAULT_WIDTH,
    FINGERPRINT,
    NEXT_FRAMES,
    Loader,
    PageShelf,
    SharedPage,
    View,
    order_shared_page_readers,
    shared_view,
)
from test_browser import (
    AXE,
    AXE_RUN,
    OPTIONAL_PAGES,
    PAGE_TYPES,
    READY,
    SEARCH_READY,
    SERIOUS,
    Guard,
    format_violations,
    new_guarded_page,
    resolve,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

WIDTHS = (1366, 390)
COLUMN_WIDTHS_READ = """() => [...document.querySelectorAll("table.synthsite-table th")]
  .map(th => [th.getBoundingClientRect().width, getComputedStyle(th, "::after").backgroundColor])"""
"""A read such as the reading tests make: sizes and computed styles."""
A4_PRINT_WIDTH = 700
"""CSS pixels across an A4 page inside the print stylesheet's 12 mm margins (186 mm at 96 px per inch = 703)."""
CONTENT_PAGES = [kind for kind in PAGE_TYPES if kind != "not-found"]


def page_path(built_site: Path, kind: str) -> str:
    """The path of a page of type `kind` (or a path itself); skips the test where this site has no such page."""
    path = resolve(built_site, PAGE_TYPES.get(kind, kind))
    if kind in OPTIONAL_PAGES and not (built_site / path / "index.html").is_file():
        pytest.skip(f"this site has no /{path}")
    return path


def load(page: Page, url: str) -> None:
    """Opens `url` and waits until Material has booted and synthsite.js has wired every table."""
    page.goto(url)
    page.wait_for_function(READY)


@pytest.fixture
def open_page(browser: Browser, site_url: str, built_site: Path) -> Iterator[Callable[..., Page]]:
    """Opens a guarded page of one page type at a width and palette, the test's own (it may click, type, scroll,
    resize or print it); fails the test on what the guard saw."""
    opened: list[tuple[BrowserContext, Guard]] = []

    def factory(kind: str, width: int = DEFAULT_WIDTH, scheme: str = DEFAULT_SCHEME, **options: object) -> Page:
        path = page_path(built_site, kind)
        context, page, guard = new_guarded_page(browser, site_url, width, scheme, **options)
        opened.append((context, guard))
        load(page, site_url + path)
        return page

    yield factory
    problems = [problem for _context, guard in opened for problem in guard.problems()]
    for context, _guard in opened:
        context.close()
    assert not problems, "\n".join(problems)


def guarded_loader(browser: Browser, site_url: str, path: str) -> Loader:
    """Loads `path` for a shared page's view, as `open_page` loads a page of the test's own."""

    def loader(view: View) -> tuple[BrowserContext, Page, Guard]:
        context, page, guard = new_guarded_page(browser, site_url, view.width, view.scheme)
        try:
            load(page, site_url + path)
        except Exception:
            context.close()
            raise
        return context, page, guard

    return loader


@pytest.fixture
def read_page(
    shared_pages: PageShelf, browser: Browser, site_url: str, built_site: Path
) -> Iterator[Callable[..., Page]]:
    """A guarded page of one page type at a width and palette that every test reading the same view shares
    (tests/sharedpages.py), for tests that only read it. Fails the test on what the guard saw, and if the test
    changed the page (that test needs `open_page`). A test whose width or palette is not the default says so
    with `@pytest.mark.page_view(width=..., scheme=...)` or parameters of those names, so the suite can run
    the readers of one view together."""
    read: dict[View, SharedPage] = {}

    def factory(kind: str, width: int = DEFAULT_WIDTH, scheme: str = DEFAULT_SCHEME) -> Page:
        view = View(kind, width, scheme)
        read[view] = shared_pages.get(view, guarded_loader(browser, site_url, page_path(built_site, kind)))
        return read[view].page

    yield factory
    problems = [problem for shared in read.values() for problem in shared.guard.problems()]
    changed = [
        f"/{view.kind} at {view.width} px ({view.scheme}), {change}"
        for view, shared in read.items()
        if shared_pages.pages.get(view) is shared
        for change in shared_pages.changes(view)
    ]
    if changed:
        problems.append("this test changed a page that other tests read (it needs its own: open_page):")
    assert not problems + changed, "\n".join(problems + changed)


# Tables that fit --------------------------------------------------------------------------------------------

WIDE_TABLES = """async () => {
 const laidOut = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
 const found = [];
 for (const table of document.querySelectorAll("table.synthsite-table")) {
  const scroller = table.closest(".synthsite-scroll");
  // Off screen a box with `content-visibility: auto` is not laid out (its width is a placeholder's): measure
  // each table where a reader meets it, after its scroll cue has followed the layout.
  scroller.scrollIntoView({block: "nearest"});
  await laidOut();
  const wide = scroller.scrollWidth > scroller.clientWidth + 2;
  const first = [...table.querySelectorAll("tr > :first-child")];
  const sticky = first.every(cell => getComputedStyle(cell).position === "sticky");
  let stays = true;
  if (wide) {
    const before = first.map(cell => cell.getBoundingClientRect().left);
    scroller.scrollLeft = scroller.scrollWidth;
    const after = first.map(cell => cell.getBoundingClientRect().left);
    stays = after.every((left, i) => Math.abs(left - before[i]) < 1);
    scroller.scrollLeft = 0;
  }
  const cue = scroller.previousElementSibling;
  const cued = cue && cue.classList.contains("synthsite-scroll-cue") && !cue.hidden;
  found.push({id: table.id, wide, sticky, stays, cued, focusable: scroller.tabIndex === 0});
 }
 window.scrollTo(0, 0);
 return found;
}"""


def check_wide_tables(page: Page, where: str) -> None:
    for table in page.evaluate(WIDE_TABLES):
        assert table["focusable"], f"{where}: #{table['id']}'s scroll region is not keyboard-reachable"
        if table["wide"]:
            assert table["sticky"] and table["stays"], f"{where}: #{table['id']} scrolls its first column away"
            assert table["cued"], f"{where}: #{table['id']} is wider than the page and does not say so"


def add_axe(page: Page) -> None:
    """axe-core on the page, its <script> element removed again (the page's markup as it was, for readers after)."""
    page.add_script_tag(path=str(AXE)).evaluate("script => script.remove()")


def check_axe(page: Page, where: str) -> None:
    add_axe(page)
    violations = [v for v in page.evaluate(AXE_RUN) if v["impact"] in SERIOUS]
    assert not violations, f"{where}:\n{format_violations(violations)}"


@pytest.mark.parametrize("kind", CONTENT_PAGES)
def test_each_page_type_reads_on_a_laptop_a_phone_and_paper(open_page: Callable[..., Page], kind: str) -> None:
    """One page per type, resized in place: at 1366 and 390 px no wide table lets its first column scroll away
    and each says it scrolls; printed, every table fits an A4 page and no navigation is printed. (axe runs in
    test_browser at laptop width in both palettes and at phone width in the light one; the dark one is below.)"""
    page = open_page(kind, 1366)
    check_wide_tables(page, f"/{kind} at 1366px")
    page.set_viewport_size({"width": 390, "height": 900})
    page.wait_for_timeout(100)  # the scroll cue follows the resize
    check_wide_tables(page, f"/{kind} at 390px")
    page.set_viewport_size({"width": A4_PRINT_WIDTH, "height": 900})
    page.emulate_media(media="print")
    assert page.evaluate(PRINT_FIT) == [], f"/{kind} printed"


def test_the_summary_of_findings_fits_a_laptop_screen(open_page: Callable[..., Page]) -> None:
    page = open_page("findings", 1366)
    assert not [t for t in page.evaluate(WIDE_TABLES) if t["id"] == "summary-of-qualitative-findings" and t["wide"]]


def test_sortable_headers_show_that_they_sort_before_any_click(read_page: Callable[..., Page]) -> None:
    page = read_page("studies")
    icons = page.eval_on_selector_all(
        "table#studies th[role=columnheader]",
        "cells => cells.map(cell => getComputedStyle(cell, '::after').backgroundColor)",
    )
    assert icons and all(colour not in ("rgba(0, 0, 0, 0)", "transparent") for colour in icons), icons


# Heatmap ----------------------------------------------------------------------------------------------------


def accessible(page: Page, expression: str) -> tuple[str, str]:
    """The role and name Chromium's accessibility tree gives the element `expression` evaluates to (what a screen
    reader is told; an SVG element's name can come from its <title>)."""
    cdp = page.context.new_cdp_session(page)
    element = cdp.send("Runtime.evaluate", {"expression": expression})["result"]
    node = cdp.send("Accessibility.getPartialAXTree", {"objectId": element["objectId"], "fetchRelatives": False})
    first = node["nodes"][0]
    return first["role"]["value"], first.get("name", {}).get("value", "")


def test_heatmap_cells_are_links_reached_by_keyboard_with_their_tip(open_page: Callable[..., Page]) -> None:
    page = open_page("themes", 1366)
    assert not page.locator(".synthsite-heatmap-list").is_visible(), "a laptop gets the picture, not the phone list"
    page.locator("form[data-synthsite-map] button[type=reset]").focus()  # the map's last control before it
    page.keyboard.press("Tab")  # the grid's one Tab stop
    focused = page.evaluate(
        "() => ({cls: document.activeElement.getAttribute('class'), href: document.activeElement.getAttribute('xlink:href'),"
        " title: document.activeElement.querySelector(':scope > title').textContent,"
        " role: document.activeElement.parentNode.getAttribute('role')})"
    )
    assert any(re.fullmatch(r"s[123]", name) for name in focused["cls"].split()) and focused["role"] == "gridcell", (
        focused
    )
    tip = page.locator(".synthsite-heat-tip")
    assert tip.is_visible() and tip.inner_text().startswith(focused["title"])
    assert " × " in focused["title"], "a cell that is a link names both its study and its theme"
    assert accessible(page, "document.activeElement") == ("link", focused["title"]), "the cell's name is its words"
    theme, _, anchor = focused["href"].partition("#")
    assert theme.endswith("/") and anchor.startswith(("study-", "contradicting-study-")), focused
    page.keyboard.press("Enter")
    page.wait_for_function(READY)
    assert urlsplit(page.url).fragment == anchor
    assert page.locator(f"[id='{anchor}']").count() == 1, "the study's evidence is not on the theme page"


def test_heatmap_cells_link_to_each_study_theme_page_evidence(read_page: Callable[..., Page], built_site: Path) -> None:
    page = read_page("themes", 1366)
    targets = page.eval_on_selector_all(
        "[role=gridcell] > a", "links => links.map(link => link.getAttribute('xlink:href'))"
    )
    assert targets
    for target in targets:
        theme, _, anchor = target.partition("#")
        html = (built_site / "themes" / theme / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in html, target


def test_a_phone_gets_the_heatmap_as_links_per_theme(open_page: Callable[..., Page]) -> None:
    page = open_page("themes", 390)
    assert not page.locator(".synthsite-heatmap-scroll").is_visible()
    chips = page.locator(".synthsite-heatmap-list a.synthsite-heat-chip")
    assert chips.count() == page.locator("[role=gridcell] > a").count() > 0
    cells = page.eval_on_selector_all("[role=gridcell] > a > title", "titles => titles.map(t => t.textContent)")
    assert [chip.get_attribute("href") for chip in chips.all()] == page.eval_on_selector_all(
        "[role=gridcell] > a", "links => links.map(link => link.getAttribute('xlink:href'))"
    )
    names = [
        chip.evaluate("chip => chip.querySelector('.synthsite-visually-hidden').textContent") for chip in chips.all()
    ]
    assert names == cells, "each chip carries its cell's words for a screen reader"
    chips.first.focus()
    assert page.evaluate("() => document.activeElement.classList.contains('synthsite-heat-chip')")
    box = chips.first.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_heatmap_scale_reads_the_same_way_in_both_palettes(read_page: Callable[..., Page], scheme: str) -> None:
    """More links means further from the page background, whichever palette (the dark one used to reverse it)."""
    page = read_page("themes", 1366, scheme)
    contrast = page.evaluate("""() => {
      const rgb = text => text.match(/\\d+/g).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
      const page = lum(rgb(getComputedStyle(document.body).backgroundColor));
      return [1, 2, 3].map(step => {
        const swatch = document.querySelector(`.synthsite-heat-swatch--${step}`);
        const l = lum(rgb(getComputedStyle(swatch).backgroundColor));
        return (Math.max(l, page) + 0.05) / (Math.min(l, page) + 0.05);
      });
    }""")
    assert contrast[0] < contrast[1] < contrast[2], contrast


# Copy buttons -----------------------------------------------------------------------------------------------


def test_the_copy_button_puts_the_citation_on_the_clipboard(open_page: Callable[..., Page]) -> None:
    page = open_page("home", 1366, permissions=["clipboard-read", "clipboard-write"])
    page.bring_to_front()  # the clipboard only takes text from a focused document
    block = page.locator(".synthsite-cite").first
    block.get_by_role("button", name="Copy citation").click()
    expected = " ".join(block.locator(".synthsite-cite-apa").inner_text().split())
    status = block.locator(".synthsite-copy-status")
    status.wait_for(state="visible")
    page.wait_for_function("el => el.textContent !== ''", arg=status.element_handle())
    assert status.inner_text() == "Copied to the clipboard."
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    assert "Version" in expected and "http" in expected


def test_every_citation_block_has_a_copy_button_and_wraps(open_page: Callable[..., Page]) -> None:
    page = open_page("findings", 390)
    for block in page.locator(".synthsite-cite").all():  # those inside closed <details> too
        assert block.locator("button.synthsite-copy-button").all_text_contents() == ["Copy citation"]
    page.locator("details.synthsite-cite > summary").first.click()
    code = page.locator(".synthsite-cite pre code").first
    assert code.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "the BibTeX overflows its box"


# Print ------------------------------------------------------------------------------------------------------

PRINT_FIT = """() => {
  const problems = [];
  for (const table of document.querySelectorAll("table.synthsite-table")) {
    const box = table.getBoundingClientRect();
    if (box.right > window.innerWidth + 1) problems.push(`#${table.id} runs ${Math.round(box.right - window.innerWidth)}px off the page`);
    for (const cell of table.querySelectorAll("th, td")) {
      if (cell.scrollWidth > cell.clientWidth + 1) { problems.push(`#${table.id}: a cell overflows`); break; }
    }
    if (getComputedStyle(table.closest(".synthsite-scroll")).overflowX !== "visible") problems.push(`#${table.id} scrolls in print`);
  }
  for (const chrome of document.querySelectorAll(".md-header, .md-sidebar, .md-search, .synthsite-filters, .md-footer")) {
    if (getComputedStyle(chrome).display !== "none") problems.push(`${chrome.className} is printed`);
  }
  return problems;
}"""


def test_print_shows_where_links_lead(open_page: Callable[..., Page]) -> None:
    page = open_page("home", A4_PRINT_WIDTH)
    page.emulate_media(media="print")
    after = page.eval_on_selector_all(
        ".md-content a[data-print-url]", "links => links.map(link => getComputedStyle(link, '::after').content)"
    )
    assert after and all("http" in content for content in after), after[:3]


# Filters ----------------------------------------------------------------------------------------------------


def tick(page: Page, table: str, column: str, value: str) -> None:
    group = page.locator(f"form[data-synthsite-filters='{table}'] details[data-filter-column='{column}']")
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    group.locator(f"input[type=checkbox][value='{value}']").check()


def shown(page: Page, table: str) -> list[str]:
    return page.eval_on_selector_all(
        f"table#{table} tbody tr:not([hidden]) td:first-child", "cells => cells.map(c => c.textContent.trim())"
    )


def test_filters_are_multi_select_and_survive_a_reload_from_the_url(open_page: Callable[..., Page]) -> None:
    page = open_page("studies")
    every = shown(page, "studies")
    tick(page, "studies", "countries", "Sweden")
    one = shown(page, "studies")
    tick(page, "studies", "countries", "Norway")
    two = shown(page, "studies")
    assert 0 < len(one) < len(two) < len(every), "ticking a second country must widen, not narrow"
    assert parse_qs(urlsplit(page.url).query) == {"studies.countries": ["Norway", "Sweden"]}
    page.reload()
    page.wait_for_function(READY)
    assert shown(page, "studies") == two
    assert page.locator("input[value='Sweden']").is_checked() and page.locator("input[value='Norway']").is_checked()


def test_an_empty_combination_says_so_and_clears(open_page: Callable[..., Page]) -> None:
    page = open_page("studies")
    every = shown(page, "studies")
    message = page.locator(".synthsite-no-rows")
    assert not message.is_visible()
    page.locator("form[data-synthsite-filters='studies'] details").evaluate_all(
        "all => all.forEach(d => d.open = true)"
    )
    countries = page.locator("details[data-filter-column='countries'] input[type=checkbox]").evaluate_all(
        "boxes => boxes.map(box => box.value)"
    )
    for country in countries:  # some pair of one country and one year matches nothing in a real corpus
        tick(page, "studies", "countries", country)
        for year in page.locator("details[data-filter-column='year'] input[type=checkbox]").all():
            year.check()
            if not shown(page, "studies"):
                break
            year.uncheck()
        if not shown(page, "studies"):
            break
        page.locator(f"details[data-filter-column='countries'] input[value='{country}']").uncheck()
    assert shown(page, "studies") == [], "no filter combination was empty"
    assert message.is_visible() and "No rows match" in message.inner_text()
    message.get_by_role("button", name="Clear filters").click()
    assert shown(page, "studies") == every
    assert not message.is_visible()
    assert urlsplit(page.url).query == ""


def test_the_csv_of_the_rows_shown_holds_exactly_those_rows_in_their_order(open_page: Callable[..., Page]) -> None:
    page = open_page("studies", accept_downloads=True)
    page.locator("table#studies th[data-column='n']").click()  # sort, so order matters too
    tick(page, "studies", "perspectives", "service users")
    visible = shown(page, "studies")
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV of the rows shown").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    full = page.evaluate(
        "url => fetch(url).then(r => r.text())", page.locator("table#studies").get_attribute("data-csv")
    )
    assert rows[0] == next(csv.reader(io.StringIO(full)))
    name = rows[0].index("study")  # the column the page shows first (the CSV may lead with the study's id)
    assert [row[name] for row in rows[1:]] == visible
    assert 0 < len(visible) < len(list(csv.reader(io.StringIO(full)))) - 1


# Accessibility at phone width ---------------------------------------------------------------------------------


@pytest.mark.page_view(width=390, scheme="slate")
@pytest.mark.parametrize("kind", CONTENT_PAGES)
def test_no_serious_accessibility_violations_on_a_phone_in_the_dark_palette(
    read_page: Callable[..., Page], kind: str
) -> None:
    """test_browser checks the light palette at 390 px; this is the dark one."""
    check_axe(read_page(kind, 390, "slate"), f"/{kind} at 390px (dark)")


def test_code_blocks_in_numbered_steps_render_as_code(built_site: Path) -> None:
    """The contributor guide's steps hold fenced code: each renders as a code block inside its step, and the
    steps keep counting (without superfences and four-space nesting they became one line of inline text)."""
    path = built_site / "contribute" / "index.html"
    if not path.is_file():
        pytest.skip("this site has no /contribute/")
    html = path.read_text(encoding="utf-8")
    assert "<p>sh git clone" not in html and "<code>sh" not in html
    steps = re.findall(r"<ol>(.*?)</ol>", html, flags=re.DOTALL)
    assert any(step.count("<li>") >= 3 and step.count('class="highlight"') >= 2 for step in steps)


# Pages that reading tests share (tests/sharedpages.py) ---------------------------------------------------------

CHANGES = (
    ("window", "() => window.scrollTo(0, 300)"),
    ("scrolled", "() => { document.querySelector('.synthsite-scroll').scrollLeft = 40; }"),
    ("markup", "() => document.querySelector(\"table#studies th[data-column='n']\").click()"),
    (
        "controls",
        "() => { document.querySelector('form[data-synthsite-filters] input[type=checkbox]').checked = true; }",
    ),
    ("focus", "() => document.querySelector('table#studies th[data-column=\"n\"]').focus()"),
    ("selection", "() => getSelection().selectAllChildren(document.querySelector('h1'))"),
    ("storage", "() => sessionStorage.setItem('a-test-was-here', '1')"),
)
"""What a test could do to a page and the part of the fingerprint that must see it."""


def test_a_shared_page_s_fingerprint_sees_what_a_test_changed_and_nothing_else(
    open_page: Callable[..., Page],
) -> None:
    """Reading leaves the fingerprint as it was, and so does the search index arriving after the page is ready
    (the one thing that changes by itself); scrolling, sorting, ticking a filter, focusing, selecting text and
    storing a value each show."""
    page = open_page("studies", 390)
    before = page.evaluate(FINGERPRINT)
    page.evaluate(COLUMN_WIDTHS_READ)
    page.wait_for_function(SEARCH_READY)
    assert page.evaluate(FINGERPRINT) == before
    for part, change in CHANGES:
        page.evaluate(change)
        after = page.evaluate(FINGERPRINT)
        assert after[part] != before[part], f"{part} went unseen: {after}"
        before = after


def test_a_shared_page_a_test_changed_is_never_read_again(browser: Browser, site_url: str, built_site: Path) -> None:
    """A page read and left as it was is handed to the next reader without a load; one a test changed is closed
    (its changes named) and the next reader gets it loaded afresh."""
    shelf = PageShelf()
    view = View("studies", DEFAULT_WIDTH, DEFAULT_SCHEME)
    loader = guarded_loader(browser, site_url, page_path(built_site, "studies"))
    try:
        page = shelf.get(view, loader).page
        page.evaluate(COLUMN_WIDTHS_READ)
        assert shelf.changes(view) == []
        assert shelf.get(view, loader).page is page and shelf.loads == 1
        page.evaluate("() => window.scrollTo(0, 300)")
        assert [change for change in shelf.changes(view) if change.startswith("window")], "a scroll went unseen"
        assert view not in shelf.pages and page.is_closed()
        assert shelf.get(view, loader).page is not page and shelf.loads == 2
        other = View("studies", 390, DEFAULT_SCHEME)
        shelf.get(other, loader)
        assert list(shelf.pages) == [other], "pages of another width stay open"
    finally:
        shelf.close()


@dataclass
class FakeItem:
    """What `shared_view` reads of a collected test."""

    name: str
    fixturenames: tuple[str, ...] = ("read_page",)
    params: dict[str, object] = field(default_factory=dict)
    mark: dict[str, object] | None = None

    @property
    def callspec(self) -> SimpleNamespace | None:
        return SimpleNamespace(params=self.params) if self.params else None

    def get_closest_marker(self, name: str) -> SimpleNamespace | None:
        return SimpleNamespace(kwargs=self.mark) if name == "page_view" and self.mark is not None else None


BOX_WIDTHS = """() => [...document.querySelectorAll(".synthsite-scroll")].map(box => box.scrollWidth)"""
"""The scroll boxes' content widths, as they stand: reading them does not lay out a skipped block's content."""
LAY_OUT_CELLS = """() => document.querySelectorAll(".synthsite-scroll td").forEach(cell => cell.offsetWidth)"""
"""Asking where each cell is lays out every block (as a reader measuring cells does)."""


LATE_ANSWER = """<!doctype html><p id="box">text</p><script>
  // Like the site's scroll cues: the first read of the layout gets an answer two frames later.
  const scrollLeft = Object.getOwnPropertyDescriptor(Element.prototype, "scrollLeft");
  let asked = false;
  Object.defineProperty(Element.prototype, "scrollLeft", { get() {
    if (!asked) {
      asked = true;
      requestAnimationFrame(() => requestAnimationFrame(() => document.getElementById("box").classList.add("wide")));
    }
    return scrollLeft.get.call(this);
  } });
</script>"""


class NoProblems:
    def problems(self) -> list[str]:
        return []


def test_a_shared_page_is_compared_with_itself_once_its_scripts_have_answered_the_layout(browser: Browser) -> None:
    """Taking the first fingerprint lays out the page, and a page's scripts answer a frame or two later (a scroll
    box found wider than its column gets its cue): the fingerprint a reader is held to is the settled one, so the
    first reader is not blamed for a change no test made."""
    shelf = PageShelf()
    view = View("late", DEFAULT_WIDTH, DEFAULT_SCHEME)

    def load(view: View) -> tuple[BrowserContext, Page, NoProblems]:
        context = browser.new_context()
        page = context.new_page()
        page.route("http://late.invalid/", lambda route: route.fulfill(body=LATE_ANSWER, content_type="text/html"))
        page.goto("http://late.invalid/")  # an origin of its own (the fingerprint reads storage); never on the network
        return context, page, NoProblems()

    try:
        page = shelf.get(view, load).page
        page.evaluate(NEXT_FRAMES)
        page.evaluate(NEXT_FRAMES)
        assert page.evaluate("() => document.getElementById('box').className") == "wide"
        assert shelf.changes(view) == []
    finally:
        shelf.close()


def test_a_shared_page_is_laid_out_whole_before_its_first_reader(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    """Off-screen blocks (content-visibility: auto) report a placeholder's size until something lays them out; on
    a shared page the first reader finds them laid out already, so no reader depends on another having measured."""
    shelf = PageShelf()
    view = View("findings", 390, DEFAULT_SCHEME)
    try:
        page = shelf.get(view, guarded_loader(browser, site_url, page_path(built_site, "findings"))).page
        first = page.evaluate(BOX_WIDTHS)
        page.evaluate(LAY_OUT_CELLS)
        assert len(first) > 1 and first == page.evaluate(BOX_WIDTHS)
    finally:
        shelf.close()


def test_the_readers_of_each_width_and_palette_run_one_after_another(request: pytest.FixtureRequest) -> None:
    """The shelf keeps one view's pages: the readers of a view run together, from where the first reader was, in
    their order; other tests keep theirs. (And so it is in this session.)"""
    items = [
        FakeItem("first", fixturenames=("open_page",)),
        FakeItem("phone-dark", mark={"width": 390, "scheme": "slate"}),
        FakeItem("laptop"),
        FakeItem("other", fixturenames=()),
        FakeItem("phone", params={"width": 390, "kind": "data"}),
        FakeItem("phone-dark-2", params={"width": 390, "scheme": "slate"}),
        FakeItem("laptop-2", params={"scheme": "default"}),
        FakeItem("last", fixturenames=("open_page",)),
    ]
    order_shared_page_readers(cast("list[pytest.Item]", items))
    assert [item.name for item in items] == [
        "first", "phone", "phone-dark", "phone-dark-2", "laptop", "laptop-2", "other", "last",
    ]  # fmt: skip
    views = [view for view in map(shared_view, request.session.items) if view is not None]
    runs = [view for at, view in enumerate(views) if at == 0 or view != views[at - 1]]
    assert len(runs) == len(set(runs)), runs


def test_an_xdist_group_reaches_the_scheduler(request: pytest.FixtureRequest) -> None:
    """With `--dist loadgroup` (make test, make check, CI) a test's id ends with its xdist_group, which is how
    pytest-xdist sends a group's tests to one worker, and so its one Chromium and one shelf of shared pages
    (conftest.carry_xdist_groups); this module's group is "site"."""
    if getattr(request.config.option, "loadgroup", False):
        assert request.node.nodeid.endswith("@site"), request.node.nodeid
    else:
        assert "@" not in request.node.nodeid, request.node.nodeid
