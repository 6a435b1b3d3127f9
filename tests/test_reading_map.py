"""The map answers questions: the crosswalk heatmap coloured by the finding's CERQual confidence and filtered by
perspective, country, year and relation, with the state in the URL and the list of links (the map as text)
following the same filters. In a real browser at 390 and 1366 px, both palettes (test_reading's `open_page`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

import test_reading

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

open_page = test_reading.open_page
"""test_reading's guarded page at a width and palette (the fixture, shared)."""

MAP = "crosswalk-heatmap"

STATE = """() => {
  const cells = [...document.querySelectorAll("#crosswalk-heatmap svg [role=gridcell]")];
  const shown = cells.filter(c => getComputedStyle(c).display !== "none");
  const details = document.querySelector(".synthsite-heat-text");
  if (details && !details.open) details.open = true;
  const chips = [...document.querySelectorAll(".synthsite-heatmap-list .synthsite-heat-chip")]
    .filter(chip => !chip.hidden).map(chip => chip.querySelector(".synthsite-visually-hidden").textContent);
  const key = [...document.querySelectorAll(".synthsite-heat-key--confidence [class*='synthsite-heat-swatch--']")]
    .map(s => [s.textContent, getComputedStyle(s).backgroundColor]);
  return {
    total: cells.length,
    shown: shown.map(c => ({
      country: (c.dataset.country || "").split("|"), perspective: (c.dataset.perspective || "").split("|"),
      year: (c.dataset.year || "").split("|"), relation: (c.dataset.relation || "").split("|"),
      confidence: c.closest("[data-confidence]").dataset.confidence,
      fill: getComputedStyle(c.querySelector("use")).fill,
      words: c.querySelector(":scope > a > title, :scope > title").textContent,
    })),
    chips,
    key: Object.fromEntries(key),
    confidenceKeyShown: !document.querySelector(".synthsite-heat-key--confidence").hidden,
    status: document.querySelector(".synthsite-heat-filters output").textContent,
  };
}"""


def choose(page: Page, facet: str, value: str) -> None:
    group = page.locator(f"form[data-synthsite-map='{MAP}'] details[data-filter-column='{facet}']")
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    group.locator(f"input[type=checkbox][value='{value}']").check()


def options(page: Page, facet: str) -> list[str]:
    return page.locator(f"form[data-synthsite-map='{MAP}'] input[name='{facet}']").evaluate_all(
        "boxes => boxes.map(b => b.value)"
    )


@pytest.mark.parametrize("scheme", ("default", "slate"))
@pytest.mark.parametrize("width", (1366, 390))
@pytest.mark.parametrize("facet", ("country", "perspective", "year", "relation"))
def test_each_filter_keeps_only_matching_cells_and_the_text_follows(
    open_page: Callable[..., Page], facet: str, width: int, scheme: str
) -> None:
    page = open_page("themes", width, scheme)
    every = page.evaluate(STATE)
    values = options(page, facet)
    assert values, f"the map offers no {facet} filter"
    narrowing = None
    for value in values:  # a value some cells lack, so the filter visibly narrows the map
        choose(page, facet, value)
        state = page.evaluate(STATE)
        if 0 < len(state["shown"]) < every["total"]:
            narrowing = value
            break
        page.locator(f"input[name='{facet}'][value='{value}']").uncheck()
    assert narrowing is not None, f"no {facet} narrows the map: the test proves nothing"
    assert all(narrowing in cell[facet] for cell in state["shown"]), state["shown"]
    assert sorted(state["chips"]) == sorted(cell["words"] for cell in state["shown"]), "the list does not follow"
    assert state["status"].startswith(f"Showing {len(state['shown'])} of {every['total']} cells")
    assert parse_qs(urlsplit(page.url).query) == {f"{MAP}.{facet}": [narrowing]}
    page.reload()
    page.wait_for_function(test_reading.READY)
    again = page.evaluate(STATE)
    assert [c["words"] for c in again["shown"]] == [c["words"] for c in state["shown"]], "the URL does not restore"


@pytest.mark.parametrize("scheme", ("default", "slate"))
@pytest.mark.parametrize("width", (1366, 390))
def test_the_map_colours_cells_by_the_findings_confidence(
    open_page: Callable[..., Page], width: int, scheme: str
) -> None:
    page = open_page("themes", width, scheme)
    if width == 390:
        page.locator("form[data-synthsite-map] fieldset.synthsite-heat-colour").scroll_into_view_if_needed()
    page.get_by_label("Colour: CERQual confidence of the finding").check()
    state = page.evaluate(STATE)
    assert state["confidenceKeyShown"]
    for cell in state["shown"]:
        level = cell["confidence"].replace("-", " ")
        assert cell["fill"] == state["key"][level], f"{cell['words']}: {cell['fill']} is not {level}'s colour"
    assert parse_qs(urlsplit(page.url).query) == {f"{MAP}.colour": ["confidence"]}
    page.locator("form[data-synthsite-map] button[type=reset]").click()
    assert not page.evaluate(STATE)["confidenceKeyShown"] and urlsplit(page.url).query == ""


def test_the_keyboard_skips_cells_the_filters_hide(open_page: Callable[..., Page]) -> None:
    page = open_page("themes", 1366)
    narrowed = False
    for value in options(page, "relation"):
        choose(page, "relation", value)
        if 0 < len(page.evaluate(STATE)["shown"]) < page.evaluate(STATE)["total"]:
            narrowed = True
            break
        page.locator(f"input[name='relation'][value='{value}']").uncheck()
    assert narrowed, "no relation narrows the map: the test proves nothing"
    page.locator(f"#{MAP} svg [tabindex='0']").focus()
    for key in ["ArrowRight", "ArrowDown", "ArrowRight", "End", "ArrowDown", "Control+End"]:
        page.keyboard.press(key)
        hidden = page.evaluate(
            "() => getComputedStyle(document.activeElement.closest('[role=gridcell]') || document.body).display"
        )
        assert hidden != "none", f"{key} moved to a cell the filters hide"
