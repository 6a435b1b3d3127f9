"""Light pages at scale (issue 14): long tables and the reference list carry their first page of rows in the
HTML and fetch the rest, with sorting, filtering, paging, downloads and citation working over every row.

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

from httpsite import serve_folder
from sitebuild import config_for, mkdocs_build
from synthsite.scale import PAGE_ROWS
from synthsite.synthetic import write_corpus

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("deferred-rows")]

STUDIES = PAGE_ROWS + 12
READY = """() => [...document.querySelectorAll("table[data-synthsite-table]")]
  .every(table => table.hasAttribute("data-synthsite-ready"))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_corpus(tmp_path_factory.mktemp("deferred") / "project", STUDIES)
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


def test_sorting_filtering_and_paging_cover_every_row(tab: Page, base_url: str, site: Path) -> None:
    tab.goto(base_url + "studies/")
    tab.wait_for_function(READY)
    body = "#studies tbody tr"
    assert tab.locator(body).count() == STUDIES
    assert tab.locator("[data-rows-note='studies']").is_hidden()
    status = tab.locator("form[data-synthsite-filters='studies'] output")
    assert status.inner_text() == f"Showing {PAGE_ROWS} of {STUDIES} rows"

    # The newest study is among the fetched rows (the synthetic years rise with the study number).
    years = [int(row["year"]) for row in _csv_rows(site, "studies/studies.csv")]
    header = tab.locator("#studies th[data-column='year']")
    header.click()
    header.click()
    first = tab.locator(body).first
    assert str(max(years)) in first.inner_text()
    assert header.get_attribute("aria-sort") == "descending"

    countries = [row["countries"] for row in _csv_rows(site, "studies/studies.csv")]
    country = countries[-1].split(";")[0].strip()
    tab.click("details[data-filter-column='countries'] > summary")
    tab.check(f"details[data-filter-column='countries'] input[value='{country}']")
    expected = sum(1 for value in countries if country in [c.strip() for c in value.split(";")])
    visible = tab.locator(f"{body}:not([hidden])").count()
    assert visible == min(expected, PAGE_ROWS)
    assert str(expected) in status.inner_text()

    tab.click("form[data-synthsite-filters='studies'] button[type=reset]")
    tab.get_by_role("button", name="Show all rows").first.click()
    assert tab.locator(f"{body}:not([hidden])").count() == STUDIES


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
FOCUSED_ROW = """() => {
  const row = document.activeElement;
  return {cls: row.getAttribute('class'), href: row.getAttribute('xlink:href'),
          theme: row.querySelector(':scope > title').textContent,
          cells: [...row.querySelectorAll(':scope > g > title')].map(title => title.textContent)};
}"""


def test_a_heatmap_row_is_one_tab_stop_whose_cells_the_arrow_keys_read(tab: Page, base_url: str) -> None:
    tab.goto(base_url + "themes/")
    tab.wait_for_function(HEATMAP_READY)
    assert tab.locator(".synthsite-heatmap-scroll a").count() == tab.locator(".synthsite-heat-row").count() > 1
    tab.locator(".synthsite-heatmap-scroll").focus()
    tab.keyboard.press("Tab")
    row = tab.evaluate(FOCUSED_ROW)
    assert "synthsite-heat-row" in row["cls"].split() and len(row["cells"]) > 1, row
    tip = tab.locator(".synthsite-heat-tip")
    assert tip.inner_text().startswith(f"{row['theme']}\n{row['cells'][0]}")
    tab.keyboard.press("ArrowRight")
    assert tip.inner_text().startswith(f"{row['theme']}\n{row['cells'][1]}")
    assert tab.locator(".synthsite-heat--current > title").text_content() == row["cells"][1]
    cdp = tab.context.new_cdp_session(tab)
    for expression, role, name in [
        ("document.activeElement", "link", row["theme"]),
        ("document.querySelector('.synthsite-heat--current')", "group", row["cells"][1]),
    ]:
        element = cdp.send("Runtime.evaluate", {"expression": expression})["result"]
        node = cdp.send("Accessibility.getPartialAXTree", {"objectId": element["objectId"], "fetchRelatives": False})
        assert (node["nodes"][0]["role"]["value"], node["nodes"][0]["name"]["value"]) == (role, name)
    tab.keyboard.press("Tab")
    assert tab.evaluate(FOCUSED_ROW)["theme"] != row["theme"], "the next tab stop is the next theme, not a cell"
    tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/themes/{row['href']}")


def test_a_phone_gets_every_heatmap_cell_as_a_chip_with_its_words(tab: Page, base_url: str) -> None:
    tab.set_viewport_size({"width": 390, "height": 900})
    tab.goto(base_url + "themes/")
    tab.wait_for_function(HEATMAP_READY)
    assert tab.locator(".synthsite-heatmap-scroll").is_hidden()
    chips = tab.locator(".synthsite-heatmap-list .synthsite-heat-chip")
    words = tab.eval_on_selector_all(".synthsite-heat-row > g > title", "titles => titles.map(t => t.textContent)")
    assert chips.count() == len(words) > 0
    assert chips.first.is_visible()
    said = tab.eval_on_selector_all(
        ".synthsite-heatmap-list .synthsite-heat-chip", "chips => chips.map(c => c.lastChild.textContent)"
    )
    assert said == words, "each chip carries its cell's words for a screen reader"
    themes = tab.eval_on_selector_all(
        ".synthsite-heatmap-list-theme", "links => links.map(a => a.getAttribute('href'))"
    )
    rows = tab.eval_on_selector_all(".synthsite-heat-row", "rows => rows.map(row => row.getAttribute('xlink:href'))")
    assert themes == rows
