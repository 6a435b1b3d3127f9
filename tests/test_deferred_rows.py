"""Light pages at scale (issue 14): long tables, the reference list and a large heatmap carry their first page of
rows in the HTML and fetch the rest, with sorting, filtering, paging, downloads, citation and the map's keyboard,
tips and phone list working over every row.

One synthetic site just past `scale.PAGE_ROWS` studies, built once for the module, in headless Chromium.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from httpsite import serve_folder
from sitebuild import config_for, mkdocs_build
from synthsite.render.heatmap import HEATMAP_ROWS
from synthsite.render.tableview import ROWS_SUFFIX
from synthsite.scale import HEATMAP_CELLS, PAGE_ROWS
from synthsite_dev.synthetic import write_corpus

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.slow, pytest.mark.scale, pytest.mark.browser, pytest.mark.xdist_group("deferred-rows")]

STUDIES = PAGE_ROWS + 12
THEMES = 24
"""Enough synthesized themes that the heatmap (a column per publication year) has more than `HEATMAP_CELLS` cells,
so its page draws the first rows and fetches the others."""
READY = """() => [...document.querySelectorAll("table[data-synthsite-table]")]
  .every(table => table.hasAttribute("data-synthsite-ready"))"""


LAST = f"study-{STUDIES - 1:05d}"
"""The last study: its row is only in the rows files, and it alone is set in Iceland and has the largest sample."""
LARGEST_SAMPLE = 999
SERVICE = """<b>Ærø & "Søndre"</b> it's &amp; <i>clinic</i>"""
"""Its service: markup, references and quotes as text, which the rows file carries escaped."""


def _set_apart(root: Path) -> None:
    path = root / "synthesis" / "studies" / f"{LAST}.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["setting"]["countries"] = ["IS"]
    record["setting"]["services"] = [SERVICE]
    group = record["sample"]["groups"][0]
    group["n"] += LARGEST_SAMPLE - record["sample"]["total"]
    group["gender"] = {"women": group["n"] // 2, "men": group["n"] - group["n"] // 2}
    record["sample"]["total"] = LARGEST_SAMPLE
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_corpus(tmp_path_factory.mktemp("deferred") / "project", STUDIES, themes=THEMES)
    _set_apart(root)
    site = root.parent / "site"
    result = mkdocs_build(config_for(root, root.parent / "config"), site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve_folder(site) as url:
        yield url


@pytest.fixture
def tab(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def _csv_rows(site: Path, path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((site / path).read_text(encoding="utf-8"))))


def test_the_page_carries_one_page_of_rows_and_the_rest_are_beside_it(site: Path) -> None:
    html = (site / "studies" / "index.html").read_text(encoding="utf-8")
    table = re.search(r'<table id="studies"[^>]*>.*?</table>', html, re.DOTALL)
    assert table is not None
    assert f'data-rows-src="studies.rows.json" data-row-count="{STUDIES}"' in table.group(0)
    assert table.group(0).count("<tr>") == PAGE_ROWS + 1  # the header row too
    rows = json.loads((site / "studies" / "studies.rows.json").read_text(encoding="utf-8"))
    assert len(rows) == STUDIES - PAGE_ROWS
    assert all(re.fullmatch(r"<tr>\n(<td[^>]*>.*</td>\n)+</tr>\n", row, re.DOTALL) for row in rows)
    assert len(_csv_rows(site, "studies/studies.csv")) == STUDIES  # the download is the whole table


def _last_label(site: Path) -> str:
    """How the last study's row names it (its first cell)."""
    return next(row["study"] for row in _csv_rows(site, "studies/studies.csv") if row["study_id"] == LAST)


def _rows_in_page(tab: Page, table: str) -> int:
    return int(tab.evaluate(f"document.querySelector('#{table} tbody').rows.length"))


def test_sorting_filtering_and_paging_cover_every_row(tab: Page, base_url: str, site: Path) -> None:
    tab.goto(base_url + "studies/")
    tab.wait_for_function(READY)
    assert tab.locator("[data-rows-note='studies']").is_hidden()
    status = tab.locator("form[data-synthsite-filters='studies'] output")
    assert status.inner_text() == f"Showing {PAGE_ROWS} of {STUDIES} rows"
    assert _rows_in_page(tab, "studies") == PAGE_ROWS, "only the rows shown are in the page"

    header = tab.locator("#studies th[data-column='n']")
    header.click()
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    first = tab.locator("#studies tbody tr").first
    assert first.locator("td").first.inner_text() == _last_label(site), "the largest sample (in the rows file) first"
    column = int(header.evaluate("th => th.cellIndex"))
    assert first.locator("td").nth(column).inner_text() == str(LARGEST_SAMPLE)
    assert _rows_in_page(tab, "studies") == PAGE_ROWS

    countries = [row["countries"] for row in _csv_rows(site, "studies/studies.csv")]
    country = countries[0].split(";")[0].strip()
    tab.click("details[data-filter-column='countries'] > summary")
    tab.check(f"details[data-filter-column='countries'] input[value='{country}']")
    expected = sum(1 for value in countries if country in [c.strip() for c in value.split(";")])
    assert _rows_in_page(tab, "studies") == min(expected, PAGE_ROWS)
    assert str(expected) in status.inner_text()

    tab.click("form[data-synthsite-filters='studies'] button[type=reset]")
    more = tab.get_by_role("button", name=f"Show {PAGE_ROWS} more")
    more.click()
    assert _rows_in_page(tab, "studies") == STUDIES
    assert status.inner_text() == f"Showing all {STUDIES} rows"
    assert more.is_hidden() and tab.get_by_role("button", name="Show all rows").is_hidden()


def test_a_filter_value_found_only_in_the_fetched_rows_is_offered_and_filters(
    tab: Page, base_url: str, site: Path
) -> None:
    tab.goto(base_url + "studies/")
    tab.wait_for_function(READY)
    tab.click("details[data-filter-column='countries'] > summary")
    tab.check("details[data-filter-column='countries'] input[value='Iceland']")
    shown = tab.locator("#studies tbody tr")
    assert shown.count() == 1
    assert shown.first.locator("td").first.inner_text() == _last_label(site)
    assert tab.locator("form[data-synthsite-filters='studies'] output").inner_text() == f"Showing 1 of {STUDIES} rows"
    assert "studies.countries=Iceland" in tab.url, "the filter is in the address, to share"
    tab.reload()
    tab.wait_for_function(READY)
    assert [shown.nth(i).locator("td").first.inner_text() for i in range(shown.count())] == [_last_label(site)]


def test_the_text_filter_finds_a_row_that_only_the_rows_file_holds(tab: Page, base_url: str, site: Path) -> None:
    label = _last_label(site)
    assert label not in (site / "studies" / "index.html").read_text(encoding="utf-8"), "the row is not in the page"
    tab.goto(base_url + "studies/")
    tab.wait_for_function(READY)
    tab.fill("#find-studies", label.lower())
    tab.wait_for_function("document.querySelector('#studies tbody').rows.length === 1")
    assert tab.locator("#studies tbody tr").first.locator("td").first.inner_text() == label
    assert tab.locator("form[data-synthsite-filters='studies'] output").inner_text() == f"Showing 1 of {STUDIES} rows"
    tab.fill("#find-studies", "")
    tab.wait_for_function(f"document.querySelector('#studies tbody').rows.length === {PAGE_ROWS}")
    tab.fill("#find-studies", 'ærø & "SØNDRE"</b> IT\'S &amp;')  # the text as read, never its markup
    tab.wait_for_function("document.querySelector('#studies tbody').rows.length === 1")
    assert SERVICE in tab.locator("#studies tbody tr").first.inner_text()


# The order tablesort gives when every row is in one table, as it was before rows were shown on demand: the page's
# first rows and the rows file in a table of their own, sorted by the vendored tablesort, header click by click.
EXPECTED_ORDERS = """async ([id, clicks]) => {
  const table = document.getElementById(id);
  const original = new DOMParser().parseFromString(await (await fetch(location.href)).text(), "text/html");
  const copy = document.createElement("table");
  copy.innerHTML = original.getElementById(id).innerHTML;
  const rows = await (await fetch(new URL(table.getAttribute("data-rows-src"), location.href))).json();
  copy.tBodies[0].insertAdjacentHTML("beforeend", rows.join(""));
  [...copy.tBodies[0].rows].forEach((row, i) => row.setAttribute("data-i", i));
  new Tablesort(copy);
  const orders = [];
  for (const column of clicks) {
    copy.querySelector(`thead th[data-column="${column}"]`).click();
    orders.push([...copy.tBodies[0].rows].map(row => Number(row.getAttribute("data-i"))));
  }
  return orders;
}"""
SORTABLE = """id => [...document.querySelectorAll(`#${id} thead th[data-column]`)]
  .filter(th => th.getAttribute("data-sort-method") !== "none").map(th => th.getAttribute("data-column"))"""
SHOWN_ORDER = "id => [...document.getElementById(id).tBodies[0].rows].map(row => row.synthsiteIndex)"


@pytest.mark.parametrize(
    ("path", "table"), [("studies/", "studies"), ("findings/disconfirming/", "disconfirming-evidence")]
)
def test_long_tables_sort_every_row_exactly_as_tablesort_does(tab: Page, base_url: str, path: str, table: str) -> None:
    tab.goto(base_url + path)
    tab.wait_for_function(READY)
    columns = tab.evaluate(SORTABLE, table)
    assert len(columns) > 2
    clicks = [column for column in columns for _ in range(2)]  # ascending, then descending, column by column
    expected = tab.evaluate(EXPECTED_ORDERS, [table, clicks])
    total = len(expected[0])
    assert total > PAGE_ROWS
    tab.locator(f"[data-synthsite-block='{table}']").get_by_role("button", name="Show all rows").click()
    for column, order in zip(clicks, expected, strict=True):
        tab.locator(f"#{table} thead th[data-column='{column}']").click()
        assert tab.evaluate(SHOWN_ORDER, table) == order, f"sorted by {column}"


MOST_ROWS = """() => {
  // The most rows any table body held at one time, counted change by change from the first (the observer's
  // reports come later, when the body may already be short again).
  window.mostRows = 0;
  const held = new Map();
  const rows = nodes => [...nodes].filter(node => node.nodeName === "TR").length;
  new MutationObserver(changes => {
    for (const change of changes) {
      if (change.target.nodeName !== "TBODY") continue;
      const now = (held.get(change.target) || 0) + rows(change.addedNodes) - rows(change.removedNodes);
      held.set(change.target, now);
      window.mostRows = Math.max(window.mostRows, now);
    }
  }).observe(document, {childList: true, subtree: true});
}"""


def test_only_the_rows_shown_are_put_in_the_page(tab: Page, base_url: str, site: Path) -> None:
    """The protection that keeps a long table's page quick: the fetched rows stay data until they are shown."""
    total = len(_csv_rows(site, "findings/disconfirming/disconfirming-evidence.csv"))
    assert total > 2 * PAGE_ROWS
    tab.add_init_script(f"({MOST_ROWS})()")
    tab.goto(base_url + "findings/disconfirming/")
    tab.wait_for_function(READY)
    table = "disconfirming-evidence"
    assert _rows_in_page(tab, table) == PAGE_ROWS
    assert tab.evaluate("window.mostRows") <= PAGE_ROWS, "no more rows than one page were ever in the table"
    tab.get_by_role("button", name=f"Show {PAGE_ROWS} more").click()
    assert _rows_in_page(tab, table) == 2 * PAGE_ROWS
    assert tab.locator(".synthsite-pager-count").inner_text() == f"Showing {2 * PAGE_ROWS} of {total} rows"
    tab.locator(f"#{table} thead th").first.click()
    assert _rows_in_page(tab, table) == 2 * PAGE_ROWS, "sorting keeps the page as long as it was"
    tab.get_by_role("button", name="Show all rows").click()
    assert _rows_in_page(tab, table) == total
    assert tab.locator(".synthsite-pager-count").inner_text() == f"Showing all {total} rows"


def test_downloads_and_citation_of_the_whole_table_are_unchanged(tab: Page, base_url: str) -> None:
    tab.goto(base_url + "compare/samples/")
    tab.wait_for_function(READY)
    block = tab.locator(".synthsite-table-block").first
    links = block.locator(".synthsite-table-downloads a")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert [href.rsplit("/", 1)[-1] for href in hrefs] == ["samples.csv", "samples.json"]
    downloaded = tab.request.get(hrefs[0]).text()
    assert len(list(csv.DictReader(io.StringIO(downloaded)))) == STUDIES
    block.locator(".synthsite-cite summary").click()
    assert "fingerprint" in block.locator(".synthsite-cite").inner_text()


def test_the_reference_list_fetches_its_other_entries(tab: Page, base_url: str) -> None:
    tab.goto(base_url + "references/")
    tab.wait_for_selector("#references-list[data-rows-loaded]")
    assert tab.locator("#references-list > li").count() == STUDIES
    assert tab.locator("[data-rows-note='references-list']").is_hidden()


# The heatmap at scale: a column per publication year, each theme row one link, each cell's words written once.

HEATMAP_READY = "() => document.querySelector('.synthsite-heatmap[data-synthsite-ready]') !== null"
FOCUSED = """() => {
  const cell = document.activeElement;
  const row = cell.closest('.synthsite-heat-row');
  const head = row.querySelector('.synthsite-heat-row-head');
  return {cls: cell.getAttribute('class'), role: cell.getAttribute('role'), href: head.getAttribute('xlink:href'),
          theme: head.querySelector(':scope > title').textContent,
          cells: [...row.querySelectorAll('[role=gridcell] > title')].map(title => title.textContent)};
}"""


def test_the_heatmap_at_scale_is_one_tab_stop_whose_cells_the_arrow_keys_read(tab: Page, base_url: str) -> None:
    """A column per year: only the row headers link (to the theme's evidence table); the cells are focusable
    gridcells the arrow keys move through, and Enter on one opens its row's link."""
    tab.goto(base_url + "themes/")
    tab.wait_for_function(HEATMAP_READY)
    assert tab.locator(".synthsite-heatmap-scroll a").count() == tab.locator(".synthsite-heat-row").count() > 1
    assert tab.locator(".synthsite-heatmap svg [tabindex='0']").count() == 1, "the grid is one Tab stop"
    tab.locator(".synthsite-heatmap svg [tabindex='0']").focus()
    cell = tab.evaluate(FOCUSED)
    assert (
        any(re.fullmatch(r"s[123]", name) for name in cell["cls"].split())
        and cell["role"] == "gridcell"
        and len(cell["cells"]) > 1
    )
    tip = tab.locator(".synthsite-heat-tip")
    assert tip.inner_text().startswith(f"{cell['theme']}\n{cell['cells'][0]}")
    tab.keyboard.press("ArrowRight")
    assert tip.inner_text().startswith(f"{cell['theme']}\n{cell['cells'][1]}")
    assert tab.locator(".synthsite-heat--current > title").text_content() == cell["cells"][1]
    cdp = tab.context.new_cdp_session(tab)
    element = cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})["result"]
    node = cdp.send("Accessibility.getPartialAXTree", {"objectId": element["objectId"], "fetchRelatives": False})
    assert (node["nodes"][0]["role"]["value"], node["nodes"][0]["name"]["value"]) == ("gridcell", cell["cells"][1])
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate(FOCUSED)["theme"] != cell["theme"], "down moves to the next theme"
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/themes/{cell['href']}")


def test_a_phone_gets_every_heatmap_cell_as_a_chip_with_its_words(tab: Page, base_url: str) -> None:
    tab.set_viewport_size({"width": 390, "height": 900})
    tab.goto(base_url + "themes/")
    tab.wait_for_function(HEATMAP_READY)
    assert tab.locator(".synthsite-heatmap-scroll").is_hidden()
    chips = tab.locator(".synthsite-heatmap-list .synthsite-heat-chip")
    words = tab.eval_on_selector_all("[role=gridcell] > title", "titles => titles.map(t => t.textContent)")
    assert chips.count() == len(words) > 0
    assert chips.first.is_visible()
    said = tab.eval_on_selector_all(
        ".synthsite-heatmap-list .synthsite-heat-chip", "chips => chips.map(c => c.lastChild.textContent)"
    )
    assert said == words, "each chip carries its cell's words for a screen reader"
    themes = tab.eval_on_selector_all(
        ".synthsite-heatmap-list-theme", "links => links.map(a => a.getAttribute('href'))"
    )
    rows = tab.eval_on_selector_all(
        ".synthsite-heat-row-head", "heads => heads.map(head => head.getAttribute('xlink:href'))"
    )
    assert themes == rows


def test_the_heatmap_list_is_built_only_when_the_screen_is_narrow(tab: Page, base_url: str) -> None:
    tab.goto(base_url + "themes/")
    tab.wait_for_function(HEATMAP_READY)
    chips = tab.locator(".synthsite-heatmap-list .synthsite-heat-chip")
    assert chips.count() == 0, "a wide screen shows the picture and makes no list"
    tab.set_viewport_size({"width": 390, "height": 900})
    chips.first.wait_for()
    assert chips.count() == tab.locator("[role=gridcell] > title").count()
    assert tab.locator(".synthsite-heatmap-scroll").is_hidden()


LAST_ROW = """() => {
  const rows = [...document.querySelectorAll('#crosswalk-heatmap svg .synthsite-heat-row')];
  const cell = rows[rows.length - 1].querySelector('[role=gridcell]');
  const active = document.activeElement.closest('[role=row]');
  return {rows: rows.map(row => row.getAttribute('aria-rowindex')), svg: cell.namespaceURI, drawn: cell.getBBox().width,
          fill: getComputedStyle(cell.querySelector('use')).fill, shade: cell.getAttribute('class'),
          words: cell.querySelector(':scope > title').textContent,
          cells: document.querySelectorAll('#crosswalk-heatmap svg [role=gridcell]').length,
          status: document.querySelector('.synthsite-heat-filters output').textContent,
          note: document.querySelector('[data-rows-note=crosswalk-heatmap-rows]').hidden,
          focusedRow: active ? active.getAttribute('aria-rowindex') : null};
}"""


def test_a_large_heatmap_draws_its_first_rows_and_fetches_the_others(tab: Page, base_url: str, site: Path) -> None:
    """The page draws the themes holding the first `HEATMAP_CELLS` cells; the others come from the rows file and
    are drawn as the first are (SVG, shaded), with the keyboard, tips and filter line reaching them."""
    html = (site / "themes" / "index.html").read_text(encoding="utf-8")
    rows = json.loads((site / "themes" / f"{HEATMAP_ROWS}{ROWS_SUFFIX}").read_text(encoding="utf-8"))
    drawn = html.count('<g class="synthsite-heat-row"')
    assert drawn > 0 and rows and drawn + len(rows) == THEMES
    cells = html.count('role="gridcell"') + "".join(rows).count('role="gridcell"')
    assert html.count('role="gridcell"') <= HEATMAP_CELLS < cells
    tab.goto(base_url + "themes/")
    tab.wait_for_function(HEATMAP_READY)
    state = tab.evaluate(LAST_ROW)
    assert state["rows"] == [str(n) for n in range(2, THEMES + 2)], "every theme's row, in order"
    assert state["svg"] == "http://www.w3.org/2000/svg" and state["drawn"] > 0, state
    shades = tab.eval_on_selector_all(
        ".synthsite-heat-key [class*='synthsite-heat-swatch--']", "s => s.map(e => getComputedStyle(e).backgroundColor)"
    )
    assert re.fullmatch(r"s[123]", state["shade"]) and state["fill"] in shades, state
    assert state["cells"] == cells and state["status"] == f"Showing {cells} of {cells} cells"
    assert state["note"], "the note for readers without JavaScript is hidden once the rows are in"
    tab.locator(".synthsite-heatmap svg [tabindex='0']").focus()
    tab.keyboard.press("Control+End")
    state = tab.evaluate(LAST_ROW)
    assert state["focusedRow"] == str(THEMES + 1), "the keyboard reaches a fetched row"
    words = tab.evaluate("() => document.activeElement.querySelector(':scope > title').textContent")
    assert words in tab.locator(".synthsite-heat-tip").inner_text()
