"""The crosswalk as a static SVG heatmap, laid out at build time (no JavaScript, no external assets).

Rows are synthesized themes grouped by domain, columns are studies; a cell's shade is the number of the
study's themes linked to the synthesized theme, and its mark shows the relations (`+` some extend it,
`−` some contradict it). The SVG carries a <title> and <desc>; the crosswalk table below it is the full
text alternative. Beyond `scale.HEATMAP_STUDIES` studies a column per study would make the picture (and the
page) grow without bound, so columns become publication years (or decades): a cell then counts the studies
of that year linked to the theme, and the size depends on themes x years only.

The picture is an ARIA grid (themes.md.j2): each row's header links to its theme page, and synthsite.js makes the
grid one Tab stop moved through with the arrow keys. Each cell's words are written once, as its SVG <title> (the
hover tooltip, the accessible name, and what synthsite.js shows as the tip and gives the phone list's chips).
Where every cell of a row would lead to the same place (a large synthesis: the theme page's evidence table), only
the row header links there and its cells say only their column, so a thousand cells do not repeat a thousand
links and theme labels. The visible key and the caption say what the shades count.

A cell is written for weight, since a map can have a thousand of them: its shade a class of two letters, its
rectangle a <use> of one of two shared ones, its words once. Past `scale.HEATMAP_CELLS` filled cells the page draws
the rows (themes) that hold the first ones and the others come from a rows file beside the page (`drawn_rows`;
heatmap_rows.py writes it), as a long table's rows do, so /themes/ stays light however many themes and columns the
map has.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from synthsite import urls
from synthsite.countries import country_name
from synthsite.index import Crosswalk, Link, StudyView, crosswalk_mark
from synthsite.model import RELATIONS, SynthesizedTheme
from synthsite.scale import HEATMAP_CELLS, HEATMAP_STUDIES, HEATMAP_YEARS, is_large

CELL_W = 44
CELL_H = 26
BASELINE = CELL_H // 2 + 4
"""Where a row's text sits below its top: a row is drawn from its baseline, so its texts need no `y`."""
LEFT = 400
DOMAIN_H = 24
ROW_LABEL_CHARS = 60
COL_LABEL_CHARS = 36
CHAR_W = 6.5
"""Average glyph width at 12px, to reserve room for the rotated column labels."""
MAX_SHADE = 3
CELL_ID = "hc"
DASHED_ID = "hd"
"""The ids of the two shared cell rectangles in the picture's <defs> (plain, and dashed where some links contradict
the theme). Every filled cell is a <use> of one of them, so their names are written once per cell: short, and
unique on the themes page (its ids are otherwise all long, ours, and hyphenated words)."""
GRID_LABEL = (
    "Crosswalk heatmap (scrolls sideways): one Tab stop; the arrow keys move between themes and cells, Home and End "
    "to a row's ends, Enter follows a link"
)
"""The scrolling region's accessible name: how the picture is read with a keyboard (synthsite.js makes the grid
one Tab stop, as the ARIA grid pattern does)."""
DIRECTION = Markup('<span class="synthsite-heat-direction">the further from the page colour</span>')
"""How the shades read. Which way "more" goes depends on the palette (darker on the light page, lighter on the dark
one), so the words here hold in both, and synthsite.js replaces them with "darker" or "lighter" measured from the
key's own colours."""
STUDY_CAPTION = Markup(
    "Each cell counts the study's themes linked to the synthesized theme ({direction}: more; see the key); + some "
    "extend it, − some contradict it (dashed outline). The table below gives the same information as text."
).format(direction=DIRECTION)
STUDY_KEY = ((1, "1"), (2, "2"), (3, "3 or more"))
"""The shades and what each counts, in a column per study: linked study themes."""


@dataclass(frozen=True)
class HeatCell:
    x: int
    shade: int
    mark: str
    contradicts: bool
    title: str
    """The cell in words: "column × theme: detail", or "column: detail" when its row names the theme."""
    target: str | None
    """Site-relative link to the study's evidence on the theme page; None when the row is the link."""
    column: str
    """The column's full label (study or year)."""
    facets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """What the map's filters match the cell on: (facet, values), e.g. ("country", ("Denmark",))."""

    @property
    def colindex(self) -> int:
        """The cell's `aria-colindex` in the grid (column 1 holds the row headers)."""
        return (self.x - LEFT) // CELL_W + 2


@dataclass(frozen=True)
class MapFilter:
    """One filter of the map: a facet of its cells and the values they hold, in reading order."""

    key: str
    label: str
    options: tuple[str, ...]


FACETS = (("perspective", "Perspective"), ("country", "Country"), ("year", "Year"), ("relation", "Relation"))
"""What the map filters on: the perspective of the linked study themes, the studies' countries and publication
years, and the links' relations."""


def cell_facets(links: Sequence[Link], years: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A cell's values per facet, from its links (a cell of a column per year holds several studies' links)."""
    studies = {link.study.id: link.study for link in links}
    return (
        ("perspective", tuple(sorted({link.theme.perspective for link in links}))),
        ("country", tuple(sorted({country_name(c) for study in studies.values() for c in study.setting.countries}))),
        ("year", tuple(sorted(set(years)))),
        ("relation", tuple(r for r in RELATIONS if any(link.relation == r for link in links))),
    )


def map_filters(rows: Sequence[HeatRow]) -> tuple[MapFilter, ...]:
    """Each facet with every value some cell holds (relations in their vocabulary's order, the rest sorted)."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for cell in row.cells:
            for key, values in cell.facets:
                found[key].update(values)

    def ordered(key: str) -> tuple[str, ...]:
        if key == "relation":
            return tuple(r for r in RELATIONS if r in found[key])
        return tuple(sorted(found[key]))

    return tuple(MapFilter(key, label, ordered(key)) for key, label in FACETS if found[key])


@dataclass(frozen=True)
class HeatLabel:
    x: int
    y: int
    text: str
    full: str


@dataclass(frozen=True)
class HeatRow:
    label: HeatLabel
    """The theme's label (on the row's baseline)."""
    y: int
    """The row's top in the picture."""
    target: str
    """Site-relative link of the row's header: the theme page (in a large synthesis its evidence table, where every
    cell of the row would lead; the cells then link nowhere)."""
    cells: tuple[HeatCell, ...]
    confidence: str = ""
    """The finding's overall GRADE-CERQual confidence (the map can be coloured by it)."""

    @property
    def baseline(self) -> int:
        """The row's origin: its label and marks stand on it, its cells' rectangles start `BASELINE` above."""
        return self.y + BASELINE


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
    rows: tuple[HeatRow, ...]
    """Each theme with its filled cells: the picture's rows (synthsite.js builds a phone's list from them)."""
    grid: str
    """SVG path data of the grid lines (one path, so the size grows with rows + columns, not their product)."""
    caption: Markup = field(default_factory=lambda: STUDY_CAPTION)
    """Our own fixed text (no data in it), so it is trusted as is."""
    key: tuple[tuple[int, str], ...] = STUDY_KEY
    """The visible key: each shade with what it counts ("3+", or a range of studies in a column per year)."""
    key_label: str = "Study themes linked:"
    """What the key's numbers count."""
    marks_extends: bool = True
    """Cells mark extending links with + (a column per study; a column per year marks only contradictions)."""
    filters: tuple[MapFilter, ...] = ()
    """The map's filters, with the values its cells hold."""
    baseline: int = BASELINE
    """How far below its top a row's texts stand (a row is drawn from its baseline)."""
    region_label: str = GRID_LABEL
    """The scrolling region's accessible name: how the picture is read with a keyboard."""
    cell_id: str = CELL_ID
    dashed_id: str = DASHED_ID

    @property
    def cells(self) -> tuple[HeatCell, ...]:
        return tuple(cell for row in self.rows for cell in row.cells)


HEATMAP_ROWS = "crosswalk-heatmap-rows"
"""The id of the map's rows (its rowgroup), and the name of the rows file of a large map's other rows."""


def drawn_rows(picture: Heatmap, cells: int = HEATMAP_CELLS) -> int:
    """How many of the map's rows its page draws: every row, or, past `cells` filled cells, the rows that hold the
    first ones (at least one row); the others are fetched on demand."""
    total = 0
    for count, row in enumerate(picture.rows):
        total += len(row.cells)
        if total > cells:
            return max(1, count)
    return len(picture.rows)


def evidence_anchor(study_id: str, large: bool, contradicting_only: bool = False) -> str:
    """Where a study's evidence starts on a theme page: its supporting section (or, when it only contradicts the
    finding, its contradicting one; `theme.md.j2` gives them these ids), or in a large synthesis the evidence
    table, which lists studies in id order (its later rows load on demand, so they carry no anchors)."""
    if large:
        return "evidence"
    return f"contradicting-study-{study_id}" if contradicting_only else f"study-{study_id}"


def count_of(count: int, one: str, many: str) -> str:
    """ "1 study", "3 studies"."""
    return f"{count} {one if count == 1 else many}"


def shorten(text: str, limit: int) -> str:
    """Cut long labels for the picture; the full text is in the cell titles and the table."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


CellFor = Callable[[SynthesizedTheme, int], tuple[int, str, bool, str, str | None] | None]
"""(theme, column index) -> (shade, mark, contradicts, detail, site-relative target or None) of a filled cell, or
None for an empty one."""
RowTarget = Callable[[SynthesizedTheme], str]
"""theme -> the site-relative link of its whole row."""


def _layout(
    crosswalk: Crosswalk,
    labels: Sequence[str],
    cell_for: CellFor,
    title: str,
    desc: str,
    row_target: RowTarget | None = None,
    cell_links: Callable[[str, int], tuple[Sequence[Link], Sequence[str]]] | None = None,
) -> Heatmap:
    """Geometry of rows (themes by domain) x `labels` columns; linear in rows x columns. With `row_target` each
    row is one link and its cells' words leave out the theme, which the row already names."""
    longest = max((len(shorten(label, COL_LABEL_CHARS)) for label in labels), default=0)
    reach = int(longest * CHAR_W * 0.71) + 12
    top = reach + 10
    columns = tuple(
        HeatLabel(LEFT + i * CELL_W + CELL_W // 2, top - 8, shorten(label, COL_LABEL_CHARS), label)
        for i, label in enumerate(labels)
    )
    domains: list[HeatLabel] = []
    rows: list[HeatRow] = []
    grid: list[str] = []
    summary: list[str] = []
    y = top
    for domain, themes in crosswalk.rows:
        domains.append(HeatLabel(8, y + DOMAIN_H - 8, shorten(domain.label, ROW_LABEL_CHARS + 10), domain.label))
        y += DOMAIN_H
        right = LEFT + len(labels) * CELL_W
        bottom = y + len(themes) * CELL_H
        grid += [f"M{LEFT} {y + row * CELL_H}H{right}" for row in range(len(themes) + 1)]
        grid += [f"M{LEFT + col * CELL_W} {y}V{bottom}" for col in range(len(labels) + 1)]
        for theme in themes:
            row_label = HeatLabel(LEFT - 8, 0, shorten(theme.label, ROW_LABEL_CHARS), theme.label)
            row_cells: list[HeatCell] = []
            support = crosswalk.support[theme.id]
            summary.append(
                f"{theme.label}: {count_of(len(support.studies), 'study', 'studies')} "
                f"({support.supports} supporting, {support.extends} extending, "
                f"{support.contradicts} contradicting study themes)"
            )
            for i in range(len(labels)):
                found = cell_for(theme, i)
                if found is None:
                    continue
                shade, mark, contradicts, detail, target = found
                words = f"{labels[i]}: {detail}" if row_target else f"{labels[i]} × {theme.label}: {detail}"
                facets = cell_facets(*cell_links(theme.id, i)) if cell_links else ()
                row_cells.append(
                    HeatCell(LEFT + i * CELL_W, shade, mark, contradicts, words, target, labels[i], facets)
                )
            target_of_row = row_target(theme) if row_target else urls.theme(theme.id)
            rows.append(HeatRow(row_label, y, target_of_row, tuple(row_cells), theme.cerqual.confidence))
            y += CELL_H
    return Heatmap(
        width=LEFT + len(labels) * CELL_W + reach,
        height=y + 10,
        cell_w=CELL_W,
        cell_h=CELL_H,
        title=title,
        desc=desc + " " + " ".join(f"{s}." for s in summary),
        columns=columns,
        domains=tuple(domains),
        rows=tuple(rows),
        grid="".join(grid),
        filters=map_filters(rows),
    )


def heatmap(crosswalk: Crosswalk) -> Heatmap:
    """The crosswalk picture: a column per study, or per publication year beyond `scale.HEATMAP_STUDIES`."""
    if len(crosswalk.studies) > HEATMAP_STUDIES:
        return heatmap_by_year(crosswalk)
    studies = crosswalk.studies
    large = is_large(len(studies))

    def cell_for(theme: SynthesizedTheme, column: int) -> tuple[int, str, bool, str, str | None] | None:
        view = studies[column]
        links = crosswalk.cells.get((theme.id, view.id), ())
        if not links:
            return None
        relations = [link.relation for link in links]
        counts = ", ".join(f"{r} {relations.count(r)}" for r in RELATIONS if r in relations)
        detail = f"{len(links)} study {'theme' if len(links) == 1 else 'themes'} ({counts})"
        anchor = evidence_anchor(view.id, large, set(relations) == {"contradicts"})
        target = None if large else f"{urls.theme(theme.id)}#{anchor}"  # large: the row links the evidence table
        return min(len(links), MAX_SHADE), crosswalk_mark(links), "contradicts" in relations, detail, target

    picture = _layout(
        crosswalk,
        [view.ref.in_text for view in studies],
        cell_for,
        "Crosswalk heatmap: study themes linked to each synthesized theme, by study",
        "Rows are synthesized themes grouped by domain, columns are studies; darker cells link more of the "
        "study's themes. + marks extending and − contradicting links.",
        # In a large synthesis every cell of a row would lead to the same evidence table: the row is the link.
        (lambda theme: f"{urls.theme(theme.id)}#{evidence_anchor('', large=True)}") if large else None,
        lambda theme_id, column: (
            crosswalk.cells.get((theme_id, studies[column].id), ()),
            (studies[column].ref.year,),
        ),
    )
    return picture


def year_columns(studies: Sequence[StudyView]) -> tuple[list[str], dict[str, int]]:
    """Column labels (publication years, or decades when there are more than `scale.HEATMAP_YEARS`) and each
    study's column; undated studies share one column at the end."""

    def year_of(view: StudyView) -> int | None:
        return int(view.ref.year) if view.ref.year[:4].isdigit() and len(view.ref.year) == 4 else None

    years = sorted({year for year in map(year_of, studies) if year is not None})
    decades = len(years) > HEATMAP_YEARS

    def label(year: int | None) -> str:
        if year is None:
            return "n.d."
        return f"{year // 10 * 10}s" if decades else str(year)

    labels = list(dict.fromkeys(label(year) for year in years))
    if any(year_of(view) is None for view in studies):
        labels.append("n.d.")
    position = {name: i for i, name in enumerate(labels)}
    return labels, {view.id: position[label(year_of(view))] for view in studies}


def heatmap_by_year(crosswalk: Crosswalk) -> Heatmap:
    """Themes x publication years: a cell counts the year's studies linked to the theme (shade relative to the
    fullest cell), − if one of them contradicts it. Bounded by themes x years, whatever the number of studies."""
    labels, column_of = year_columns(crosswalk.studies)
    studies: dict[tuple[str, int], set[str]] = defaultdict(set)
    contradicting: set[tuple[str, int]] = set()
    links_in: dict[tuple[str, int], list[Link]] = defaultdict(list)
    for (theme_id, study_id), links in crosswalk.cells.items():
        key = (theme_id, column_of[study_id])
        studies[key].add(study_id)
        links_in[key].extend(links)
        if any(link.relation == "contradicts" for link in links):
            contradicting.add(key)
    fullest = max((len(ids) for ids in studies.values()), default=1)

    def cell_for(theme: SynthesizedTheme, column: int) -> tuple[int, str, bool, str, str | None] | None:
        key = (theme.id, column)
        if key not in studies:
            return None
        count = len(studies[key])
        relations = [link.relation for link in links_in[key]]
        counts = ", ".join(f"{r} {relations.count(r)}" for r in RELATIONS if r in relations)
        return (
            max(1, -(-count * MAX_SHADE // fullest)),
            f"{count}{'−' if key in contradicting else ''}",
            key in contradicting,
            f"{count} {'study' if count == 1 else 'studies'} (study themes: {counts})",
            None,
        )

    picture = _layout(
        crosswalk,
        labels,
        cell_for,
        "Crosswalk heatmap: studies linked to each synthesized theme, by publication year",
        "Rows are synthesized themes grouped by domain, columns are publication years; a cell counts the "
        "studies of that year with a theme linked to the synthesized theme, darker when there are more. − marks "
        "a year with contradicting links.",
        lambda theme: urls.theme(theme.id),
        # No filter facets here: at this scale a cell's values would weigh more than the cell (the columns are
        # the years already); the map can still be coloured by confidence.
    )
    return replace(
        picture,
        caption=Markup(
            "Each cell counts the studies of that year linked to the synthesized theme ({direction}: more; see the "
            "key); − some of them contradict it (dashed outline). Each row's theme links to its theme page. The "
            "crosswalk table below lists every study."
        ).format(direction=DIRECTION),
        key=year_key(fullest),
        key_label="Studies:",
        marks_extends=False,
    )


def year_key(fullest: int) -> tuple[tuple[int, str], ...]:
    """What each shade counts when shades are relative to the fullest cell (`heatmap_by_year`): shade s holds the
    counts c with ceil(c * MAX_SHADE / fullest) == s (at least 1), written as a number or a range."""
    key = []
    for shade in range(1, MAX_SHADE + 1):
        counts = [c for c in range(1, fullest + 1) if max(1, -(-c * MAX_SHADE // fullest)) == shade]
        if counts:
            key.append((shade, str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"))
    return tuple(key)
