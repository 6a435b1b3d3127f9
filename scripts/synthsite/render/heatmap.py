"""The crosswalk as a static SVG heatmap, laid out at build time (no JavaScript, no external assets).

Rows are synthesized themes grouped by domain, columns are studies; a cell's shade is the number of the
study's themes linked to the synthesized theme, and its mark shows the relations (`+` some extend it,
`−` some contradict it). The SVG carries a <title> and <desc>; the crosswalk table below it is the full
text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

from synthsite.index import Crosswalk
from synthsite.model import RELATIONS

CELL_W = 44
CELL_H = 26
LEFT = 400
DOMAIN_H = 24
ROW_LABEL_CHARS = 60
COL_LABEL_CHARS = 36
CHAR_W = 6.5
"""Average glyph width at 12px, to reserve room for the rotated column labels."""
MAX_SHADE = 3


@dataclass(frozen=True)
class HeatCell:
    x: int
    y: int
    shade: int
    mark: str
    contradicts: bool
    title: str


@dataclass(frozen=True)
class HeatLabel:
    x: int
    y: int
    text: str
    full: str


@dataclass(frozen=True)
class Heatmap:
    width: int
    height: int
    cell_w: int
    cell_h: int
    title: str
    desc: str
    columns: tuple[HeatLabel, ...]
    domains: tuple[HeatLabel, ...]
    rows: tuple[HeatLabel, ...]
    cells: tuple[HeatCell, ...]
    grid: str
    """SVG path data of the grid lines (one path, so the size grows with rows + columns, not their product)."""


def shorten(text: str, limit: int) -> str:
    """Cut long labels for the picture; the full text is in the cell titles and the table."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def heatmap(crosswalk: Crosswalk) -> Heatmap:
    """Geometry and labels of the heatmap; linear in themes x studies."""
    studies = crosswalk.studies
    longest = max((len(shorten(v.ref.in_text, COL_LABEL_CHARS)) for v in studies), default=0)
    reach = int(longest * CHAR_W * 0.71) + 12
    top = reach + 10
    columns = tuple(
        HeatLabel(LEFT + i * CELL_W + CELL_W // 2, top - 8, shorten(v.ref.in_text, COL_LABEL_CHARS), v.ref.in_text)
        for i, v in enumerate(studies)
    )
    domains: list[HeatLabel] = []
    rows: list[HeatLabel] = []
    cells: list[HeatCell] = []
    grid: list[str] = []
    summary: list[str] = []
    y = top
    for domain, themes in crosswalk.rows:
        domains.append(HeatLabel(8, y + DOMAIN_H - 8, shorten(domain.label, ROW_LABEL_CHARS + 10), domain.label))
        y += DOMAIN_H
        right = LEFT + len(studies) * CELL_W
        bottom = y + len(themes) * CELL_H
        grid += [f"M{LEFT} {y + row * CELL_H}H{right}" for row in range(len(themes) + 1)]
        grid += [f"M{LEFT + col * CELL_W} {y}V{bottom}" for col in range(len(studies) + 1)]
        for theme in themes:
            rows.append(HeatLabel(LEFT - 8, y + CELL_H // 2 + 4, shorten(theme.label, ROW_LABEL_CHARS), theme.label))
            support = crosswalk.support[theme.id]
            summary.append(
                f"{theme.label}: {len(support.studies)} studies "
                f"({support.supports} supporting, {support.extends} extending, "
                f"{support.contradicts} contradicting study themes)"
            )
            for i, view in enumerate(studies):
                x = LEFT + i * CELL_W
                links = crosswalk.cells.get((theme.id, view.id), ())
                if not links:
                    continue
                relations = [link.relation for link in links]
                mark = (
                    str(len(links))
                    + ("+" if "extends" in relations else "")
                    + ("−" if "contradicts" in relations else "")
                )
                counts = ", ".join(f"{r} {relations.count(r)}" for r in RELATIONS if r in relations)
                detail = f"{len(links)} study {'theme' if len(links) == 1 else 'themes'} ({counts})"
                cells.append(
                    HeatCell(
                        x=x,
                        y=y,
                        shade=min(len(links), MAX_SHADE),
                        mark=mark,
                        contradicts="contradicts" in relations,
                        title=f"{view.ref.in_text} × {theme.label}: {detail}",
                    )
                )
            y += CELL_H
    width = LEFT + len(studies) * CELL_W + reach
    return Heatmap(
        width=width,
        height=y + 10,
        cell_w=CELL_W,
        cell_h=CELL_H,
        title="Crosswalk heatmap: study themes linked to each synthesized theme, by study",
        desc=(
            "Rows are synthesized themes grouped by domain, columns are studies; darker cells link more of the "
            "study's themes. + marks extending and − contradicting links. " + " ".join(f"{s}." for s in summary)
        ),
        columns=columns,
        domains=tuple(domains),
        rows=tuple(rows),
        cells=tuple(cells),
        grid="".join(grid),
    )
