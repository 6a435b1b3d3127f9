"""A `tables.Table` prepared for one page: escaped cells, page-relative links, filters, downloads, citation.

The rendered cell text is the table's plain value, so what a reader sees is what the CSV holds; a cell
may instead carry trusted HTML built by our own code (`Markup` from escaped parts), e.g. a list of links.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import NamedTuple, assert_never

from markupsafe import Markup

from synthsite import urls
from synthsite.index import MULTI, SynthesisIndex
from synthsite.render.downloads import table_citation, table_fingerprint, table_paths, table_url
from synthsite.render.env import esc_str
from synthsite.scale import PAGE_ROWS, is_large
from synthsite.tables import CellValue, Table, Target, ToStudy, ToStudyTheme, ToTheme


class CellView(NamedTuple):
    """One cell (a tuple: a large synthesis has a few hundred thousand, and tuples are cheap to make)."""

    key: str
    text: str
    href: str | None = None
    html: Markup | None = None
    filters: str | None = None
    """JSON list of the cell's filter values (filter columns only)."""


@dataclass(frozen=True)
class ColumnView:
    key: str
    label: str
    numeric: bool
    title: str | None = None
    wide: bool = False
    """Holds long text: the header asks for room so the column does not shrink to a sliver."""
    href: str | None = None
    """Page-relative link for the header (the crosswalk links study columns to study pages)."""


@dataclass(frozen=True)
class FilterView:
    key: str
    label: str
    control_id: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class TableView:
    id: str
    caption: str
    description: str
    columns: tuple[ColumnView, ...]
    rows: tuple[tuple[CellView, ...], ...]
    filters: tuple[FilterView, ...]
    csv: str
    json: str
    fingerprint: str
    cite_html: Markup
    """APA citation as HTML (escaped by `cite`, which owns the formatting)."""
    cite_bibtex: str
    permalink: str
    edition: str
    """Which version the table belongs to (`Edition.statement`), for its citation note."""
    large: bool = False
    """More than `scale.LARGE` rows: kept out of the search index, and only filter cells carry `data-column`
    (the attribute alone would be a megabyte on a 1,000 x 40 crosswalk)."""
    page_size: int | None = None
    """Rows shown at first when the table is long (synthsite.js pages and filters across all rows)."""
    rows_src: str | None = None
    """Page-relative URL of the rows past the first page (`deferred_rows`): a long table's page carries only
    its first page of rows, and synthsite-rows.js fetches the rest."""
    row_count: int = 0
    """All rows, shown and deferred."""
    citable: bool = True
    """Has its own downloads and citation. A study page's two tables have neither: the page is cited as one
    record, and their rows are in the corpus-wide downloads (`table_view(..., citable=False)`)."""

    @property
    def body(self) -> Markup:
        """The <tr> rows as HTML (see `rows_html`)."""
        return rows_html(self)


def rows_html(view: TableView) -> Markup:
    """The table's rows, built here rather than in a template loop: a large synthesis has a few hundred thousand
    cells, and this is several times faster. The escaping is the templates': every value through `esc` (as
    `esc_str`), and only `Markup` our own code built (cell.html) passes as is."""
    return Markup("".join(row_html(row, view.large) for row in view.rows))


def row_html(row: tuple[CellView, ...], large: bool) -> str:
    """One <tr> (see `rows_html`)."""
    out = ["<tr>\n"]
    for cell in row:
        attrs = f' data-column="{esc_str(cell.key)}"' if not large or cell.filters is not None else ""
        if cell.filters is not None:
            attrs += f' data-filter-values="{esc_str(cell.filters)}"'
        if cell.html:
            content = str(cell.html)
        elif cell.href:
            content = f'<a href="{esc_str(cell.href)}">{esc_str(cell.text)}</a>'
        else:
            content = esc_str(cell.text)
        out.append(f"<td{attrs}>{content}</td>\n")
    out.append("</tr>\n")
    return "".join(out)


ROWS_SUFFIX = ".rows.json"
"""How the files of deferred rows end (`rows_path`)."""

DEFERRED = "deferred-rows"
"""`index.memo` key of the rows files (`deferred_rows`)."""


def rows_path(page: str, table: Table) -> str:
    """Site-relative path of the file holding a long table's rows past its first page."""
    return f"{page}{table.id}{ROWS_SUFFIX}"


def defer_rows(index: SynthesisIndex, path: str, rows_as_html: list[str]) -> None:
    """Keep rows for `deferred_rows`: a JSON list of pre-rendered, escaped HTML fragments (<tr> or <li>)."""
    index.memo[(DEFERRED, path)] = (path, json.dumps(rows_as_html, ensure_ascii=False))


def deferred_rows(index: SynthesisIndex) -> dict[str, str]:
    """Every rows file the rendered pages refer to (call after rendering them)."""
    return {str(key[1]): value[1] for key, value in index.memo.items() if key[0] == DEFERRED}


def cell_text(value: CellValue) -> str:
    """How a plain value reads on the page (numbers as in the CSV, None as empty)."""
    if value is None:
        return ""
    return str(value)


def filter_values(value: CellValue, multi: bool = False) -> list[str]:
    """A filter column's values in one cell (a multi-valued column's cells are joined with `MULTI`)."""
    text = cell_text(value)
    if not multi:
        return [text.strip()] if text.strip() else []
    return [part for part in (p.strip() for p in text.split(MULTI)) if part] if text else []


def _option_order(numeric: bool, value: str) -> tuple[int, float, str]:
    if numeric:
        try:
            return (0, float(value), value)
        except ValueError:
            return (1, 0.0, value.casefold())
    return (0, 0.0, value.casefold())


WIDE_TEXT = 80
"""Characters from which a column counts as long text."""


def _is_wide(table: Table, key: str) -> bool:
    return any(len(cell_text(row.get(key))) > WIDE_TEXT for row in table.rows)


def target_url(target: Target) -> str:
    """The site-relative URL of the record a table cell links to: the one place table links become URLs."""
    if isinstance(target, ToStudy):
        return urls.study(target.study)
    if isinstance(target, ToTheme):
        return urls.theme(target.theme)
    if isinstance(target, ToStudyTheme):
        return urls.study_theme(target.study, target.theme)
    assert_never(target)


def table_view(
    index: SynthesisIndex,
    page: str,
    table: Table,
    *,
    html: Mapping[tuple[int, str], Markup] | None = None,
    titles: Mapping[str, str] | None = None,
    citable: bool = True,
) -> TableView:
    """Everything the table macro needs; `html` overrides cells, `titles` adds header tooltips. `citable=False`:
    a table of a page cited as a whole (a study page), with no downloads, fingerprint or citation of its own."""
    html = {**{key: Markup(value) for key, value in table.html.items()}, **(html or {})}
    titles = titles or {}
    shown = [c for c in table.columns if c.page]
    columns = tuple(
        ColumnView(c.key, c.label, c.numeric, titles.get(c.key), wide=_is_wide(table, c.key)) for c in shown
    )
    filter_columns = [c for c in shown if c.filter]
    options: dict[str, set[str]] = {c.key: set() for c in filter_columns}
    filter_json: dict[tuple[str, ...], str] = {}
    rows = []
    for row_index, row in enumerate(table.rows):
        cells = []
        for column in shown:
            value = row.get(column.key)
            link = table.links.get((row_index, column.key))
            filters = None
            if column.filter:
                values = tuple(filter_values(value, column.multi))
                options[column.key].update(values)
                filters = filter_json.get(values)
                if filters is None:  # few distinct values: each one's JSON is made once
                    filters = filter_json[values] = json.dumps(values, ensure_ascii=False)
            cells.append(
                CellView(
                    key=column.key,
                    text=cell_text(value),
                    href=urls.relative(target_url(link), page) if link is not None else None,
                    html=html.get((row_index, column.key)),
                    filters=filters,
                )
            )
        rows.append(tuple(cells))
    filter_views = tuple(
        FilterView(
            key=c.key,
            label=c.label,
            control_id=f"filter-{table.id}-{c.key}",
            options=tuple(sorted(options[c.key], key=partial(_option_order, c.numeric))),
        )
        for c in filter_columns
    )
    large = is_large(len(rows))
    rows_src = None
    page_rows = tuple(rows)
    if len(rows) > PAGE_ROWS:
        page_rows = page_rows[:PAGE_ROWS]
        path = rows_path(page, table)
        defer_rows(index, path, [row_html(row, large) for row in rows[PAGE_ROWS:]])
        rows_src = urls.relative(path, page)
    view = TableView(
        id=table.id,
        caption=table.caption,
        description=table.description,
        columns=columns,
        rows=page_rows,
        filters=filter_views,
        csv="",
        json="",
        fingerprint="",
        cite_html=Markup(""),
        cite_bibtex="",
        permalink="",
        edition="",
        large=large,
        page_size=PAGE_ROWS if len(rows) > PAGE_ROWS else None,
        rows_src=rows_src,
        row_count=len(rows),
        citable=citable,
    )
    if not citable:
        return view
    csv_path, json_path = table_paths(page, table)
    citation = table_citation(index, page, table)
    return replace(
        view,
        csv=urls.relative(csv_path, page),
        json=urls.relative(json_path, page),
        fingerprint=table_fingerprint(index, table),
        cite_html=Markup(citation.apa_html),
        cite_bibtex=citation.bibtex,
        permalink=table_url(index, page, table),
        edition=index.edition.table_statement,
    )
