"""The crosswalk heatmap says what it shows in both palettes and at every width, is one keyboard stop moved through
with the arrow keys (the ARIA grid pattern), and downloads as SVG and PNG with its key and caption.

In a real browser at 390 and 1366 px in both palettes, on the session's one built site (test_reading's guarded
`open_page`): the key is visible and its swatches are the cells' own colours, the caption's words follow the
palette's scale ("darker: more" where the last shade is darker than the first, "lighter: more" where it is
lighter), the arrow keys move one roving Tab stop, and the downloaded files parse back with the key and caption.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
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
WIDTHS = (390, 1366)
SVG = "{http://www.w3.org/2000/svg}"

SCALE = """() => {
  const lum = text => text.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const key = document.querySelector(".synthsite-heat-key");
  const box = key.getBoundingClientRect();
  const swatches = [1, 2, 3].map(n => key.querySelector(`.synthsite-heat-swatch--${n}`))
    .filter(Boolean).map(s => getComputedStyle(s).backgroundColor);
  const cells = [1, 2, 3].map(n => document.querySelector(`.synthsite-heatmap-cells .s${n} > use`))
    .map(use => use ? getComputedStyle(use).fill : null);
  const chips = [1, 2, 3].map(n => document.querySelector(`.synthsite-heat-chip--${n}`))
    .map(chip => chip ? getComputedStyle(chip).backgroundColor : null);
  return {
    visible: box.width > 0 && box.height > 0 && box.right <= window.innerWidth + 1 && getComputedStyle(key).visibility === "visible",
    keyText: key.textContent,
    swatches, cells, chips,
    darker: lum(swatches[swatches.length - 1]) < lum(swatches[0]),
    caption: document.querySelector(".synthsite-heatmap figcaption").textContent,
  };
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_key_and_caption_follow_the_palettes_own_scale(
    read_page: Callable[..., Page], width: int, scheme: str
) -> None:
    page = read_page("themes", width, scheme)
    scale = page.evaluate(SCALE)
    assert scale["visible"], f"no visible key at {width} px ({scheme})"
    assert len(scale["swatches"]) == 3 and "3 or more" in scale["keyText"]
    for shade, (swatch, cell) in enumerate(zip(scale["swatches"], scale["cells"], strict=True), start=1):
        assert cell is None or cell == swatch, f"shade {shade}: the key shows {swatch}, the cells are {cell}"
    for shade, chip in enumerate(scale["chips"], start=1):
        assert chip is None or chip == scale["swatches"][shade - 1], f"shade {shade}: a phone chip is {chip}"
    if width == 390:
        assert any(scale["chips"]), "the phone list is not there to be explained by the key"
    said, wrong = ("darker", "lighter") if scale["darker"] else ("lighter", "darker")
    assert f"{said}: more" in scale["caption"] and f"{wrong}: more" not in scale["caption"], scale["caption"]


def test_the_caption_follows_a_palette_switch_without_a_reload(open_page: Callable[..., Page]) -> None:
    page = open_page("themes", 1366, "default")
    before = page.evaluate(SCALE)
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    after = page.evaluate(SCALE)
    assert before["darker"] != after["darker"], "the two palettes' scales run the same way: the test proves nothing"
    assert ("lighter: more" if not after["darker"] else "darker: more") in after["caption"]


GRID = """() => {
  const svg = document.querySelector(".synthsite-heatmap svg");
  const stops = [...svg.querySelectorAll("[tabindex='0']")];
  const active = document.activeElement;
  const place = el => el && el.closest ? {
    row: Number((el.closest("[role=row]") || {getAttribute: () => 0}).getAttribute("aria-rowindex")),
    col: Number((el.closest("[aria-colindex]") || {getAttribute: () => 0}).getAttribute("aria-colindex")),
  } : null;
  return {role: svg.getAttribute("role"), stops: stops.length, focusedIsStop: stops[0] === active,
          inGrid: svg.contains(active), at: place(active)};
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_grid_is_one_tab_stop_moved_with_the_arrow_keys(open_page: Callable[..., Page], scheme: str) -> None:
    page = open_page("themes", 1366, scheme)
    page.locator("form[data-synthsite-map] button[type=reset]").focus()  # the map's last control before it
    page.keyboard.press("Tab")
    start = page.evaluate(GRID)
    assert start["role"] == "grid" and start["stops"] == 1 and start["focusedIsStop"], start
    moves = [
        ("ArrowRight", lambda a, b: b["row"] == a["row"] and b["col"] > a["col"]),
        ("ArrowDown", lambda a, b: b["row"] == a["row"] + 1),
        ("ArrowLeft", lambda a, b: b["row"] == a["row"] and b["col"] < a["col"]),
        ("Home", lambda a, b: b["row"] == a["row"] and b["col"] == 1),
        ("End", lambda a, b: b["row"] == a["row"] and b["col"] > 1),
        ("ArrowUp", lambda a, b: b["row"] == a["row"] - 1),
        ("Control+End", lambda a, b: b["row"] > a["row"]),
        ("Control+Home", lambda a, b: b["row"] == 2 and b["col"] == 1),
    ]
    for key, moved in moves:
        before = page.evaluate(GRID)["at"]
        page.keyboard.press(key)
        now = page.evaluate(GRID)
        assert now["inGrid"] and now["stops"] == 1 and now["focusedIsStop"], (key, now)
        assert moved(before, now["at"]), f"{key}: from {before} to {now['at']}"
        assert page.locator(".synthsite-heat-tip").is_visible()
    page.keyboard.press("Tab")
    assert not page.evaluate(GRID)["inGrid"], "Tab leaves the grid at once (one stop, not one per cell)"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(GRID)["inGrid"], "Shift+Tab comes back to the cell last visited"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_heatmap_downloads_as_svg_and_png_with_its_key_and_caption(
    open_page: Callable[..., Page], width: int, scheme: str
) -> None:
    page = open_page("themes", width, scheme, accept_downloads=True)
    scale = page.evaluate(SCALE)
    with page.expect_download() as svg_download:
        page.get_by_role("button", name="Download the heatmap as SVG").click()
    assert svg_download.value.suggested_filename == "crosswalk-heatmap.svg"
    root = ET.fromstring(Path(svg_download.value.path()).read_bytes())
    assert root.tag == f"{SVG}svg"
    texts = " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    said = "darker" if scale["darker"] else "lighter"
    assert f"{said}: more" in texts, "the caption is not in the picture"
    for label in ("Study themes linked:", "1", "2", "3 or more", "some contradict"):
        assert label in texts, f"the key's {label!r} is not in the picture"
    fills = {element.get("fill") for element in root.iter(f"{SVG}use")}
    key_fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("fill") in scale["swatches"]]
    assert set(scale["swatches"]) <= set(key_fills), "the key's swatches are not drawn in the palette's colours"
    assert fills & set(scale["swatches"]), "the cells are not drawn in the key's colours"
    assert root.get("width") and float(root.get("height", "0")) > 0
    with page.expect_download() as png_download:
        page.get_by_role("button", name="Download the heatmap as PNG").click()
    assert png_download.value.suggested_filename == "crosswalk-heatmap.png"
    size = png_size(Path(png_download.value.path()).read_bytes())
    assert size == (round(float(root.get("width", "0")) * 2), round(float(root.get("height", "0")) * 2)), size
