"""Where a view switches to its at-scale form, so a small synthesis keeps its look and a large one stays usable.

A four-study site shows the crosswalk as themes x studies, every quote on a theme page and every table in
full; with a thousand studies the same views would be a 1,000-column matrix, 600 kB theme pages and a
40 MB search index. Each threshold below is the one place that decides.
"""

from __future__ import annotations

LARGE = 12
"""More rows (studies) than this make a table large: the crosswalk lists studies as rows, a theme page lists
its evidence as a table (quotes stay on the study pages), and the table stays out of the search index."""

HEATMAP_STUDIES = 60
"""Up to this many studies the heatmap has one column per study; above, one per publication year."""

HEATMAP_YEARS = 40
"""More distinct publication years than this are grouped into decades, so the heatmap stays bounded."""

HEATMAP_CELLS = 500
"""A heatmap with more filled cells than this draws, in its page, the rows (themes) that hold the first of them;
synthsite-rows.js fetches the other rows, as it does a long table's. The page stays light however many themes
and columns the map has (a cell is about 190 bytes with its words; 1,000 of them made /themes/ 375 kB)."""

PAGE_ROWS = 100
"""Tables with more rows show this many at first; synthsite-tables.js pages through the rest and synthsite-filters.js
filters all rows."""


def is_large(rows: int) -> bool:
    return rows > LARGE
