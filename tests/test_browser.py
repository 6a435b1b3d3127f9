"""The built site in a real browser (headless Debian Chromium driven by Playwright), served on 127.0.0.1 only.

Every page runs under a guard that aborts and records any request to another host and collects console errors
and uncaught exceptions; a test fails if its guard saw any. axe-core (vendored in tests/vendor/axe-core) checks
every page type in the light and the dark palette. Set SYNTHSITE_SCREENSHOTS=DIR to keep a full-page screenshot
of each page the accessibility tests open.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from sitebuild import mkdocs_settings
from synthsite.render.registry import PAGES

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page, Response, Route

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
OTHER_HOSTS = re.compile(r"^(?!https?://(?:127\.0\.0\.1|localhost)(?::\d+)?/)")
"""What the guard's route sees: every request but those to this machine (which the route would let through
anyway). Routing each local request through the test process cost Chromium, its driver and the test about a sixth
of every page load; a look-alike host (`127.0.0.1.example.org`) still reaches the route and is blocked there."""
SERIOUS = frozenset({"serious", "critical"})
PHONE_WIDTH = 390
"""A phone's viewport width in CSS pixels: wide tables and the heatmap scroll sideways there."""

READY = """() => window.document$ !== undefined && [...document.querySelectorAll("table[data-synthsite-table]")]
  .every(table => table.hasAttribute("data-synthsite-ready"))"""
"""Material has booted and synthsite.js has wired every table (it marks them), on this page or after instant navigation."""

SEARCH_READY = """() => { const meta = document.querySelector(".md-search-result__meta");
  return meta !== null && meta.textContent.trim() !== "Initializing search"; }"""
"""Material's search worker has loaded the index (the result line leaves its English 'Initializing search')."""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
}"""


def _page_types() -> dict[str, str]:
    kinds = {}
    for spec in PAGES:
        kinds[spec.each or spec.url.rstrip("/").replace("/", "-") or "home"] = spec.url.replace("{id}", "*")
    return {**kinds, "contribute": "contribute/", "not-found": "no-such-page/"}


PAGE_TYPES = _page_types()
"""One page of each registry entry (`*` is a family's first page), the hand-written guide and the 404 page."""

OPTIONAL_PAGES = frozenset({"contribute"})


@dataclass
class Guard:
    """What pages tried that they must not: requests to other hosts, console errors, uncaught exceptions."""

    external: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    """(message, URL of the resource or script it concerns)."""

    def route(self, route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort("blockedbyclient")

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append((f"console: {message.text}", message.location.get("url", "")))

    def page_error(self, error: Exception) -> None:
        self.errors.append((f"uncaught: {error}", ""))

    def forgive(self, url: str) -> None:
        """Drop console errors about `url`: the test caused them on purpose (a 404, a fetch while offline)."""
        self.errors = [(text, where) for text, where in self.errors if where != url]

    def problems(self) -> list[str]:
        return [f"request to another host: {url}" for url in self.external] + [
            f"{text} [{where}]" for text, where in self.errors
        ]


@dataclass
class Tab:
    """One guarded page in its own browser context, with the site's base URL."""

    context: BrowserContext
    page: Page
    base: str
    guard: Guard

    def open(self, path: str) -> Response | None:
        response = self.page.goto(self.base + path)
        self.page.wait_for_function(READY)
        return response

    def url(self, path: str) -> str:
        return self.base + path


def mkdocs_config() -> dict[str, Any]:
    return mkdocs_settings()


def stored_palette(scheme: str) -> dict[str, Any]:
    """The value Material keeps in localStorage once a reader picks the palette with this scheme."""
    for index, palette in enumerate(mkdocs_config()["theme"]["palette"]):
        if palette["scheme"] == scheme:
            keys = ("media", "scheme", "primary", "accent")
            return {"index": index, "color": {key: palette[key] for key in keys}}
    raise AssertionError(f"mkdocs.yml has no palette with scheme {scheme!r}")


def palette_key(base: str) -> str:
    """Material's localStorage key: the site's root path, a dot and the name (`__md_set` in its templates)."""
    return urlsplit(base).path + ".__palette"


def new_guarded_page(
    browser: Browser, site_url: str, width: int, scheme: str, height: int = 900, **options: object
) -> tuple[BrowserContext, Page, Guard]:
    """A page in a context of its own at a width and palette, under the guard, not yet loaded."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme="dark" if scheme == "slate" else "light",
        **options,  # type: ignore[arg-type]
    )
    if scheme != "default":
        stored = json.dumps(json.dumps(stored_palette(scheme)))
        context.add_init_script(f"localStorage.setItem({json.dumps(palette_key(site_url))}, {stored});")
    guard = Guard()
    context.route(OTHER_HOSTS, guard.route)
    page = context.new_page()
    page.on("console", guard.console)
    page.on("pageerror", guard.page_error)
    return context, page, guard


@pytest.fixture
def open_tab(browser: Browser, site_url: str) -> Iterator[Callable[..., Tab]]:
    """Opens guarded tabs (scheme "default" or "slate"); after the test, closes them and fails on what they saw."""
    tabs: list[Tab] = []

    def factory(scheme: str = "default", width: int = 1280) -> Tab:
        height = 900 if width > PHONE_WIDTH else 844
        context, page, guard = new_guarded_page(browser, site_url, width, scheme, height=height)
        tab = Tab(context, page, site_url, guard)
        tabs.append(tab)
        return tab

    yield factory
    for tab in tabs:
        tab.context.close()
    problems = [problem for tab in tabs for problem in tab.guard.problems()]
    assert not problems, "\n".join(problems)


@pytest.fixture
def tab(open_tab: Callable[..., Tab]) -> Tab:
    return open_tab()


# Helpers -------------------------------------------------------------------------------------------------------


def add_rows_with_n(page: Page, table: str, values: list[str]) -> None:
    """Append copies of the first row with other n values: the corpus' n are all two digits, where text order
    and numeric order agree, so without these a text sort would pass for a numeric one."""
    page.eval_on_selector(
        f"table#{table}",
        """(table, values) => { for (const value of values) {
             const row = table.tBodies[0].rows[0].cloneNode(true);
             row.querySelector('td[data-column="n"]').textContent = value;
             table.tBodies[0].appendChild(row); } }""",
        values,
    )


def column(page: Page, table: str, name: str) -> list[str]:
    return page.eval_on_selector_all(
        f"table#{table} tbody tr:not([hidden]) td[data-column='{name}']",
        "cells => cells.map(cell => cell.textContent.trim())",
    )


def check_sorts_numerically(page: Page, table: str, sort: Callable[[], None]) -> None:
    """`sort()` twice (click, key): first ascending then descending, as numbers, with aria-sort following."""
    header = page.locator(f"table#{table} thead th[data-column='n']")
    numbers = sorted(int(value) for value in column(page, table, "n"))
    sort()
    assert header.get_attribute("aria-sort") == "ascending"
    assert [int(value) for value in column(page, table, "n")] == numbers
    sort()
    assert header.get_attribute("aria-sort") == "descending"
    assert [int(value) for value in column(page, table, "n")] == numbers[::-1]


def filter_values(page: Page, table: str, name: str) -> list[list[str]]:
    """Per row, the values the filter matches in this column, read from the build's data-filter-values."""
    raw = page.eval_on_selector_all(
        f"table#{table} tbody td[data-column='{name}']", "cells => cells.map(c => c.dataset.filterValues)"
    )
    return [json.loads(value) for value in raw]


def visible_rows(page: Page, table: str) -> int:
    return page.locator(f"table#{table} tbody tr:visible").count()


def filter_box(page: Page, table: str, column: str, value: str) -> Locator:
    """The checkbox of one filter value (filters are checkbox groups in a <details> per column)."""
    group = page.locator(f"form[data-synthsite-filters='{table}'] details[data-filter-column='{column}']")
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    return group.locator(f"input[type=checkbox][value='{value}']")


def check_filters(page: Page, table: str) -> None:
    """Every value of every filter shows exactly the rows holding that value, and unticking shows all again."""
    form = page.locator(f"form[data-synthsite-filters='{table}']")
    total = page.locator(f"table#{table} tbody tr").count()
    narrowed = False
    for group in form.locator("details[data-filter-column]").all():
        name = group.get_attribute("data-filter-column") or ""
        values = filter_values(page, table, name)
        for box in group.locator("input[type=checkbox]").all():
            value = box.get_attribute("value") or ""
            filter_box(page, table, name, value).check()
            expected = sum(value in row for row in values)
            assert visible_rows(page, table) == expected, (name, value)
            count = f"Showing all {total} rows" if expected == total else f"Showing {expected} of {total} rows"
            assert form.locator("output").inner_text() == count
            narrowed = narrowed or expected < total
            box.uncheck()
            assert visible_rows(page, table) == total
    assert narrowed, "no filter choice narrowed the table"


def search(page: Page, query: str) -> list[str]:
    """Type into Material's search box (it reacts to key events, so type, not fill); the result pages' URLs.

    Material searches after every key, in a worker, so the first results shown may be for the first letters
    ("res" finds "research"): the list is read only once it has stayed the same for a while after the last key.
    It shows results ten at a time and adds more as the list is scrolled, as a reader would; the list is scrolled
    too, so a page that ranks eleventh (the ranking moves as pages are added to the site) still counts as found."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    page.locator(".md-search-result__item").first.wait_for()

    def shown() -> list[str]:
        links = page.eval_on_selector_all(
            ".md-search-result__item > a.md-search-result__link", "links => links.map(link => link.href)"
        )
        return [urlsplit(link)._replace(query="", fragment="").geturl() for link in links]

    last: list[str] = []
    steady = 0
    for _ in range(60):  # at most about 12 s
        page.eval_on_selector(".md-search__scrollwrap", "wrap => { wrap.scrollTop = wrap.scrollHeight; }")
        page.wait_for_timeout(200)
        now = shown()
        steady = steady + 1 if now == last else 0
        if steady >= 3:
            break
        last = now
    return last


def follow(page: Page, link: Locator) -> None:
    """Click a link and wait until the new page's content is in and wired (instant navigation swaps it in
    after the URL changes, so the URL alone says nothing)."""
    page.evaluate("() => document.querySelector('article.md-content__inner').setAttribute('data-left', '')")
    link.click()
    page.wait_for_function("() => document.querySelector('article.md-content__inner:not([data-left])') !== null")
    page.wait_for_function(READY)


def heading(page: Page) -> str:
    return page.locator("article.md-content__inner h1").first.inner_text()


# The guard itself ----------------------------------------------------------------------------------------------


def test_guard_blocks_and_records_requests_to_other_hosts(tab: Tab) -> None:
    tab.open("")
    outcome = tab.page.evaluate("() => fetch('https://example.org/probe').then(() => 'loaded', () => 'blocked')")
    assert outcome == "blocked"
    assert tab.guard.external == ["https://example.org/probe"]
    tab.guard.external.clear()
    tab.guard.forgive("https://example.org/probe")


@pytest.mark.parametrize("url", ["http://127.0.0.1.example.org/probe", "http://localhost.example.org:8000/probe"])
def test_guard_blocks_a_host_that_only_begins_like_this_machine(tab: Tab, url: str) -> None:
    tab.open("")
    assert tab.page.evaluate("url => fetch(url).then(() => 'loaded', () => 'blocked')", url) == "blocked"
    assert tab.guard.external == [url]
    tab.guard.external.clear()
    tab.guard.forgive(url)


def test_the_guard_routes_every_request_but_those_to_this_machine() -> None:
    routed = ["https://example.org/", "http://127.0.0.1.example.org/", "http://localhost.evil/x", "ftp://127.0.0.1/"]
    local = ["http://127.0.0.1:8123/site/", "http://localhost/", "https://127.0.0.1:1/assets/x.js"]
    assert all(OTHER_HOSTS.match(url) for url in routed)
    assert not any(OTHER_HOSTS.match(url) for url in local)


# Search --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "page", "title"),
    [  # words from the real corpus: one in a synthesized theme's title, one in a study's paper title
        ("pessimism", "themes/pressures-and-pessimism-wear-staff-down/", "Pressures and pessimism wear staff down"),
        ("resilience", "studies/vivolo-2024/", "Vivolo et al. (2024)"),
    ],
)
def test_search_finds_the_page_with_the_network_off(tab: Tab, query: str, page: str, title: str) -> None:
    tab.open("")
    tab.page.wait_for_function(SEARCH_READY)
    tab.context.set_offline(True)
    probe = tab.url(f"search/search_index.json?probe={query}")
    assert tab.page.evaluate("url => fetch(url).then(() => 'online', () => 'offline')", probe) == "offline"
    tab.guard.forgive(probe)

    results = search(tab.page, query)
    assert tab.url(page) in results, results
    tab.context.set_offline(False)
    follow(
        tab.page, tab.page.locator(f".md-search-result__item > a.md-search-result__link[href^='{tab.url(page)}']").first
    )
    assert urlsplit(tab.page.url)._replace(query="").geturl() == tab.url(page)
    assert heading(tab.page) == title


def test_a_theme_title_word_ranks_its_theme_first(tab: Tab) -> None:
    tab.open("studies/")
    tab.page.wait_for_function(SEARCH_READY)
    results = search(tab.page, "pessimism")
    assert results[0] == tab.url("themes/pressures-and-pessimism-wear-staff-down/"), results


# Sorting and filtering -----------------------------------------------------------------------------------------


def test_sorting_by_n_orders_numerically(tab: Tab) -> None:
    tab.open("studies/")
    add_rows_with_n(tab.page, "studies", ["9", "100"])
    header = tab.page.locator("table#studies thead th[data-column='n']")
    check_sorts_numerically(tab.page, "studies", header.click)


def test_filters_narrow_rows(tab: Tab) -> None:
    tab.open("studies/")
    check_filters(tab.page, "studies")
    studies = column(tab.page, "studies", "study")
    rows = zip(
        studies,
        filter_values(tab.page, "studies", "countries"),
        filter_values(tab.page, "studies", "perspectives"),
        strict=True,
    )
    countries = filter_box(tab.page, "studies", "countries", "Sweden")
    perspectives = filter_box(tab.page, "studies", "perspectives", "staff")
    countries.check()
    perspectives.check()
    both = [study for study, where, who in rows if "Sweden" in where and "staff" in who]
    assert column(tab.page, "studies", "study") == both
    assert 0 < len(both) < len(studies)
    tab.page.get_by_role("button", name="Clear filters").first.click()
    assert column(tab.page, "studies", "study") == studies
    assert not countries.is_checked() and not perspectives.is_checked()


def test_tables_work_after_instant_navigation(tab: Tab) -> None:
    tab.open("")
    tab.page.evaluate("() => { window.synthsiteSameDocument = true; }")
    for stop in ("Studies", "Themes", "Studies"):
        follow(tab.page, tab.page.locator("nav.md-nav--primary").get_by_role("link", name=stop, exact=True))
        assert tab.page.url == tab.url(stop.lower() + "/")
        assert heading(tab.page) == stop
        assert tab.page.evaluate("() => window.synthsiteSameDocument") is True, "a full page load, not instant"
        if stop == "Themes":
            check_filters(tab.page, "summary-of-findings")
    add_rows_with_n(tab.page, "studies", ["7", "250"])
    header = tab.page.locator("table#studies thead th[data-column='n']")
    check_sorts_numerically(tab.page, "studies", header.click)
    check_filters(tab.page, "studies")


# Keyboard ------------------------------------------------------------------------------------------------------


def focused(page: Page) -> dict[str, str | None]:
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, column: document.activeElement.dataset.column ?? null})"
    )


def test_sortable_headers_work_by_keyboard(tab: Tab) -> None:
    tab.open("studies/")
    add_rows_with_n(tab.page, "studies", ["9", "100"])
    tab.page.get_by_role("button", name="CSV of the rows shown").focus()
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("() => document.activeElement.classList.contains('synthsite-scroll')"), "no scroll region"
    tab.page.keyboard.press("Tab")
    assert focused(tab.page) == {"tag": "TH", "column": "study"}, "Tab after the filters does not reach the headers"
    for _ in range(10):
        if focused(tab.page)["column"] == "n":
            break
        tab.page.keyboard.press("Tab")
    assert focused(tab.page) == {"tag": "TH", "column": "n"}
    scroll = tab.page.evaluate("() => window.scrollY")
    keys = iter(["Enter", " "])
    check_sorts_numerically(tab.page, "studies", lambda: tab.page.keyboard.press(next(keys)))
    assert tab.page.evaluate("() => window.scrollY") == scroll, "Space scrolled the page instead of only sorting"


def test_filter_controls_are_labelled_and_work_by_keyboard(tab: Tab) -> None:
    for path in ("studies/", "themes/"):
        tab.open(path)
        boxes = tab.page.locator("form[data-synthsite-filters] input[type=checkbox]")
        assert boxes.count() > 0, path
        labels = boxes.evaluate_all("els => els.map(el => [...el.labels].map(l => l.textContent.trim()).join(' '))")
        assert all(labels), (path, labels)
        groups = tab.page.locator("form[data-synthsite-filters] details[data-filter-column] > summary")
        assert all(text.strip() for text in groups.all_inner_texts()), path
    tab.open("studies/")
    total = visible_rows(tab.page, "studies")
    summary = tab.page.locator("details[data-filter-column='countries'] > summary")
    summary.focus()
    tab.page.keyboard.press("Enter")
    tab.page.keyboard.press("Tab")
    tab.page.keyboard.press("Space")
    chosen = tab.page.evaluate("() => document.activeElement.checked && document.activeElement.value")
    assert chosen, "Enter, Tab, Space on the Countries filter ticked nothing"
    expected = sum(chosen in row for row in filter_values(tab.page, "studies", "countries"))
    assert visible_rows(tab.page, "studies") == expected < total


# Palette -------------------------------------------------------------------------------------------------------


def test_the_palette_toggle_is_remembered_across_pages(tab: Tab) -> None:
    tab.open("")
    assert tab.page.evaluate("() => document.body.dataset.mdColorScheme") == "default"
    tab.page.get_by_title("Switch to dark mode").click()
    assert tab.page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
    stored = tab.page.evaluate("key => localStorage.getItem(key)", palette_key(tab.base))
    assert json.loads(stored) == stored_palette("slate"), "the accessibility tests store a different value"
    tab.open("studies/")
    assert tab.page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"


# Accessibility -------------------------------------------------------------------------------------------------


def resolve(built_site: Path, path: str) -> str:
    if "*" not in path:
        return path
    parent = path.split("*")[0]
    children = sorted(index.parent.name for index in (built_site / parent).glob("*/index.html"))
    assert children, f"no page under /{parent}"
    return f"{parent}{children[0]}/"


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']}: {violation['id']}: {violation['help']}")
        lines += [f"    {node['target']}: {' '.join(node['summary'].split())}" for node in violation["nodes"]]
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_serious_accessibility_violations(
    open_tab: Callable[..., Tab], built_site: Path, kind: str, scheme: str
) -> None:
    check_accessibility(open_tab, built_site, kind, scheme, 1280)


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_serious_accessibility_violations_at_phone_width(
    open_tab: Callable[..., Tab], built_site: Path, kind: str
) -> None:
    """At 390 px wide tables and the heatmap scroll: each scroll region must be reachable by keyboard."""
    check_accessibility(open_tab, built_site, kind, "default", PHONE_WIDTH)


def check_accessibility(open_tab: Callable[..., Tab], built_site: Path, kind: str, scheme: str, width: int) -> None:
    path = resolve(built_site, PAGE_TYPES[kind])
    if kind in OPTIONAL_PAGES and not (built_site / path / "index.html").is_file():
        pytest.skip(f"this site has no /{path}")
    tab = open_tab(scheme, width)
    response = tab.open(path)
    assert response is not None
    if kind == "not-found":
        assert response.status == 404
        assert "404" in heading(tab.page)
        tab.guard.forgive(tab.url(path))
    else:
        assert response.status == 200, path
    assert tab.page.evaluate("() => document.body.dataset.mdColorScheme") == scheme
    if folder := os.environ.get("SYNTHSITE_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        tab.page.screenshot(path=str(Path(folder) / f"{kind}-{scheme}-{width}.png"), full_page=True)
    tab.page.add_script_tag(path=str(AXE))
    violations = [v for v in tab.page.evaluate(AXE_RUN) if v["impact"] in SERIOUS]
    assert not violations, f"/{path} ({scheme}, {width} px):\n{format_violations(violations)}"


def test_the_heatmap_scrolls_by_keyboard_where_it_is_wider_than_the_page(open_tab: Callable[..., Tab]) -> None:
    """Just above phone width the picture is shown and overflows: its region is named, and each cell the arrow keys
    reach is brought into view within it (at phone width a list of links replaces the picture; test_reading checks
    that)."""
    tab = open_tab("default", 730)
    tab.open("themes/")
    region = tab.page.locator(".synthsite-heatmap-scroll")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the heatmap does not scroll at this width"
    assert region.get_attribute("aria-label")
    region.locator("[tabindex='0']").focus()
    for key in ("Control+End", "Control+Home", "End"):
        tab.page.keyboard.press(key)
        assert tab.page.evaluate(
            """() => { const box = document.activeElement.getBoundingClientRect();
              const frame = document.querySelector('.synthsite-heatmap-scroll').getBoundingClientRect();
              return box.left >= frame.left - 1 && box.right <= frame.right + 1; }"""
        ), f"{key}: the focused cell is out of view"


def test_search_dialog_has_an_accessible_name(tab: Tab) -> None:
    """Material's dialog has no name; the packaged theme layer names it by script (no copied search partial)."""
    tab.open("")
    assert tab.page.get_attribute('.md-search[role="dialog"]', "aria-label") == "Search"
