"""A large heatmap's rows past the first ones, as a rows file beside /themes/ (as a long table's are).

`heatmap.drawn_rows` decides how many rows the page draws; the others are SVG fragments made by the same macro
(_heatmap.md.j2) in a JSON list, which synthsite-rows.js appends into the picture's rowgroup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from synthsite import urls
from synthsite.render.env import macro
from synthsite.render.heatmap import HEATMAP_ROWS, Heatmap, drawn_rows
from synthsite.render.tableview import ROWS_SUFFIX, rows_file


@dataclass(frozen=True)
class HeatmapRows:
    shown: int
    """How many rows the page draws."""
    src: str | None = None
    """Page-relative URL of the rows file (None: the page draws every row)."""
    files: dict[str, str] = field(default_factory=dict)
    """The rows file the page owns (site-relative path -> text), if any."""
    holder: str = HEATMAP_ROWS
    """The id of the rowgroup the fetched rows go into (and of the note shown until they do)."""


def heatmap_rows(heat: Heatmap, here: str) -> HeatmapRows:
    """The rows the page at `here` draws, and the rows file of the others."""
    shown = drawn_rows(heat)
    if shown == len(heat.rows):
        return HeatmapRows(shown)
    path = f"{here}{HEATMAP_ROWS}{ROWS_SUFFIX}"
    row = macro("_heatmap.md.j2", "row")
    rel = partial(urls.relative, page=here)
    deferred = [str(row(heat, each, index + 2, rel)) for index, each in enumerate(heat.rows) if index >= shown]
    return HeatmapRows(shown, urls.relative(path, here), dict([rows_file(path, deferred)]))
