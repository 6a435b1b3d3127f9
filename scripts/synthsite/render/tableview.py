"""A `tables.Table` prepared for one page: escaped cells, page-relative links, filters, downloads, citation.

The rendered cell text is the table's plain value, so what a reader sees is what the CSV holds; a cell
may instead carry trusted HTML built by our own code (`Markup` from escaped parts), e.g. a list of links.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import assert_never

from markupsafe import Markup

from synthsite import urls
from synthsite.index import MULTI
from synthsite.kepttexts import EXACT_TYPES
from synthsite.render.downloads import table_paths
from synthsite.render.env import NOTHING_TO_DO, esc_str
from synthsite.render.kepthtml import KeptRows, MadeRow, RowKey
from synthsite.render.rendering import Rendering
from synthsite.scale import PAGE_ROWS, is_large
from synthsite.tables import CellValue, Column, Table, Target, ToStudy, ToStudyTheme, ToTheme


@dataclass(frozen=True)
class ColumnView:
    key: str
    label: str
    numeric: bool
    title: str | None = None
    wide: bool = False
    """Holds long text: the header asks for room so the column does not shrink to a sliver."""
    narrow: bool = False
    """Holds numbers or short codes only: the column is as narrow as its content (no minimum width)."""
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
    rows: tuple[str, ...]
    """The rows shown on the page, each a <tr> of escaped cells (`_rows`)."""
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
    """Rows shown at first when the table is long (synthsite-tables.js pages through them, synthsite-filters.js filters all rows)."""
    rows_src: str | None = None
    """Page-relative URL of the rows past the first page (`rows_file`): a long table's page carries only its
    first page of rows, and synthsite-rows.js fetches the rest."""
    rows_file: tuple[str, str] | None = None
    """(site-relative path, text) of that rows file: the page showing the table owns it (`owned_files`)."""
    row_count: int = 0
    """All rows, shown and deferred."""
    citable: bool = True
    """Has its own downloads and citation. A study page's two tables have neither: the page is cited as one
    record, and their rows are in the corpus-wide downloads (`table_view(..., citable=False)`)."""
    read_whole: bool = False
    """No cell is clamped behind "more" (`Table.read_whole`)."""
    print_blocks: bool = False
    """Too wide for an A4 page in portrait (`fits_a4`): printed as one block per row, each cell with its header."""

    @property
    def body(self) -> Markup:
        """The <tr> rows as HTML (see `rows_html`)."""
        return rows_html(self)

    def block(self, exclude: bool = False) -> Markup:
        """The table's whole HTML block (see `table_block`); templates call it as `m.table_block(t)`."""
        return table_block(self, exclude)


def rows_html(view: TableView) -> Markup:
    """The table's rows shown on the page, as HTML (made by `_rows` while it reads the cells)."""
    return Markup("".join(view.rows))


# The table's block: built in Python rather than with a template macro because every study page has two tables, and
# at 1,000 studies the macro's ~2,000 calls, each looking up some forty attributes through Jinja, were a tenth of the
# study pages' cost. The escaping is the templates': every value through `esc_str`; only `Markup` our own code built
# (the rows, the citation) passes as it is.


def _filter_html(f: FilterView) -> str:
    """One filter's disclosure: a checkbox per option."""
    key = esc_str(f.key)
    label = esc_str(f.label)
    options = "".join(
        f'<label><input type="checkbox" name="{key}" value="{option}"> {option}</label>\n'
        for option in map(esc_str, f.options)
    )
    return (
        f'<details class="synthsite-filter" data-filter-column="{key}" id="{esc_str(f.control_id)}">\n'
        f'<summary>{label} <span class="synthsite-filter-chosen"></span></summary>\n'
        '<fieldset class="synthsite-filter-options">\n'
        f'<legend class="synthsite-visually-hidden">{label}</legend>\n'
        f"{options}</fieldset>\n</details>\n"
    )


def _filters_html(t: TableView, table_id: str) -> str:
    """The filter form (hidden until synthsite-filters.js runs), or nothing for a table without filters."""
    if not t.filters:
        return ""
    return (
        f'<form class="synthsite-filters" data-synthsite-filters="{table_id}" hidden>\n'
        "<fieldset>\n<legend>Filter the rows</legend>\n"
        f"{''.join(map(_filter_html, t.filters))}"
        '<button type="reset" class="md-button synthsite-filter-reset">Clear filters</button>\n'
        f'<output class="synthsite-filter-count" id="filter-count-{table_id}" aria-live="polite"></output>\n'
        "</fieldset>\n</form>\n"
    )


def _header_html(c: ColumnView) -> str:
    """One <th>: how the column sorts, how wide it may grow, its tooltip and its link."""
    attrs = ""
    if c.numeric:
        attrs = ' data-sort-method="number"'
    elif c.href:
        attrs = ' data-sort-method="none"'
    if c.wide:
        attrs += " data-wide"
    elif c.narrow:
        attrs += " data-narrow"
    if c.title:
        attrs += f' title="{esc_str(c.title)}"'
    label = esc_str(c.label)
    if c.href:
        label = f'<a href="{esc_str(c.href)}">{label}</a>'
    return f'<th scope="col" data-column="{esc_str(c.key)}"{attrs}>{label}</th>\n'


def _table_attrs(t: TableView) -> str:
    """The <table>'s data attributes for the scripts: CSV, page size, deferred rows, reading and print modes."""
    attrs = f' data-csv="{esc_str(t.csv)}"' if t.citable else ""
    if t.page_size:
        attrs += f' data-page-size="{esc_str(t.page_size)}"'
    if t.rows_src:
        attrs += f' data-rows-src="{esc_str(t.rows_src)}" data-row-count="{esc_str(t.row_count)}"'
    if t.read_whole:
        attrs += " data-read-whole"
    if t.print_blocks:
        attrs += ' data-print="blocks"'
    return attrs


def _citation_html(t: TableView, table_id: str) -> str:
    """A citable table's downloads and citation (a study page's tables have neither: the page is cited whole)."""
    csv, fingerprint, permalink = esc_str(t.csv), esc_str(t.fingerprint), esc_str(t.permalink)
    return (
        f'<p class="synthsite-table-downloads" data-search-exclude>Download this table: <a href="{csv}" download>CSV'
        f'</a> · <a href="{esc_str(t.json)}" download>JSON</a> · fingerprint <code class="synthsite-fingerprint">'
        f"{fingerprint}</code></p>\n"
        f'<details class="synthsite-cite" id="cite-{table_id}" data-search-exclude>\n'
        "<summary>Cite this table</summary>\n"
        f'<p class="synthsite-cite-apa">{esc_str(t.cite_html)}</p>\n'
        f'<pre class="synthsite-cite-bibtex"><code>{esc_str(t.cite_bibtex)}</code></pre>\n'
        f'<p class="synthsite-cite-meta">Permalink: <a href="{permalink}">{permalink}</a><br>\n'
        f"{esc_str(t.edition)}; content fingerprint <code>{fingerprint}</code> (the first 12 hex digits of the "
        "SHA-256 of the table's CSV download).</p>\n</details>\n"
    )


def table_block(t: TableView, exclude: bool = False) -> Markup:
    """The whole block; `exclude` keeps it out of the search index (a large table always is)."""
    table_id = esc_str(t.id)
    out = [
        f'<div class="synthsite-table-block" data-synthsite-block="{table_id}"'
        f"{' data-search-exclude' if t.large or exclude else ''}>\n"
    ]
    if t.description:
        out.append(f'<p class="synthsite-table-description">{esc_str(t.description)}</p>\n')
    out.append(_filters_html(t, table_id))
    out.append(
        f'<div class="synthsite-scroll" role="region" tabindex="0" aria-labelledby="caption-{table_id}">\n'
        f'<table id="{table_id}" class="synthsite-table" data-synthsite-table{_table_attrs(t)}>\n'
        f'<caption id="caption-{table_id}">{esc_str(t.caption)}</caption>\n'
        "<thead>\n<tr>\n"
    )
    out += map(_header_html, t.columns)
    out.append("</tr>\n</thead>\n<tbody>\n")
    out += t.rows
    out.append("</tbody>\n</table>\n</div>\n")
    if t.rows_src:
        out.append(
            f'<p class="synthsite-rows-note" data-rows-note="{table_id}" data-search-exclude>The table has '
            f"{esc_str(t.row_count)} rows; the first {len(t.rows)} are shown here. The CSV and JSON downloads hold "
            "every row.</p>\n"
        )
    if t.citable:
        out.append(_citation_html(t, table_id))
    out.append("</div>\n")
    return Markup("".join(out))


ROWS_SUFFIX = ".rows.json"
"""How the files of deferred rows end (`rows_path`)."""


def rows_path(page: str, table: Table) -> str:
    """Site-relative path of the file holding a long table's rows past its first page."""
    return f"{page}{table.id}{ROWS_SUFFIX}"


def rows_file(path: str, rows_as_html: list[str]) -> tuple[str, str]:
    """A rows file: its path and its text, a JSON list of pre-rendered, escaped HTML fragments (<tr> or <li>)."""
    return path, json.dumps(rows_as_html, ensure_ascii=False)


def owned_files(*views: TableView | None) -> dict[str, str]:
    """The rows files of a page's tables, which the page returns with its Markdown."""
    return dict(view.rows_file for view in views if view is not None and view.rows_file is not None)


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


SHORT_TEXT = 12
"""Characters up to which every cell of a column counts as a short code ("DK", "can't tell", "2021")."""


A4_WIDTH = 700
"""CSS pixels across an A4 page in portrait inside the print stylesheet's margins (186 mm at 96 px per inch)."""
PRINT_COLUMN = {"narrow": 45, "normal": 70, "wide": 130}
"""About how wide each kind of column needs to be on paper (7 pt text, words kept whole)."""


def fits_a4(columns: tuple[ColumnView, ...]) -> bool:
    """Whether a table's columns fit across an A4 page in portrait; a table that does not prints one block per row
    (Chromium lays a landscape page out at the portrait width, so turning the page does not help)."""
    kinds = ("wide" if c.wide else "narrow" if c.narrow else "normal" for c in columns)
    return sum(PRINT_COLUMN[kind] for kind in kinds) <= A4_WIDTH


def target_url(target: Target) -> str:
    """The site-relative URL of the record a table cell links to: the one place table links become URLs."""
    if isinstance(target, ToStudy):
        return urls.study(target.study)
    if isinstance(target, ToTheme):
        return urls.theme(target.theme)
    if isinstance(target, ToStudyTheme):
        return urls.study_theme(target.study, target.theme)
    assert_never(target)


def _filter_attr(text: str, multi: bool, options: set[str], made: dict[tuple[str, ...], str]) -> str:
    """A filter cell's `data-filter-values` attribute (its values as JSON), its values added to the column's options;
    `made`: the attributes already made in the table, by list of values."""
    values = tuple(filter_values(text, multi))
    options.update(values)
    attr = made.get(values)
    if attr is None:
        attr = made[values] = f' data-filter-values="{esc_str(json.dumps(values, ensure_ascii=False))}"'
    return attr


def _rows(
    table: Table,
    page: str,
    shown: list[Column],
    html: Mapping[tuple[int, str], str],
    shared_links: dict[tuple[Target, str], tuple[str, str]],
    kept: KeptRows | None = None,
) -> tuple[list[str], dict[str, int], dict[str, set[str]]]:
    """The table's rows as <tr> HTML in one pass, with each column's longest text and each filter column's options.

    The one loop over every cell of the site (a few hundred thousand at 1,000 studies), so it does per cell only
    what that cell needs: a column with no link or HTML override is not looked up, a column's `data-column`
    attribute is made once per table, as is each filter value list's attribute, and each linked cell's content
    (its `<a>`) once per target and text for all the pages beside `page` (`Rendering.table_links`: `shared_links`,
    each with its target's URL), used on every such page but the one whose folder holds the target, where it reads
    differently and is made once per table. Rows are built here rather than in a template loop (several times faster); the escaping is the
    templates': every value through `esc_str`, and only HTML our own code built (`html`) passes as it is.
    `kept`: the preview's rows of the last render (`KeptRows`), used for the rows whose inputs are the same."""
    large = is_large(len(table.rows))
    linked = {key for _, key in table.links}
    overridden = {key for _, key in html}
    keys = [c.key for c in shown]
    options: dict[str, set[str]] = {c.key: set() for c in shown if c.filter}
    own_links: dict[tuple[Target, str], str] = {}  # targets inside the page's own folder: this page's alone
    filter_attrs: dict[tuple[str, ...], str] = {}
    plan: list[tuple[str, bool, bool, dict[str, str] | None, bool, str]] = [
        (
            c.key,
            c.key in linked,
            c.key in overridden,
            # A filter column's cells repeat a few texts: each text's attribute, made once (`_filter_attr`).
            {} if c.filter else None,
            c.multi,
            # A large table marks only its filter cells (the attribute alone would be a megabyte on the crosswalk).
            f' data-column="{esc_str(c.key)}"' if not large or c.filter else "",
        )
        for c in shown
    ]
    filter_plan = [(key, filter_cells, multi) for key, _, _, filter_cells, multi, _ in plan if filter_cells is not None]
    link_keys = [key for key in keys if key in linked]
    html_keys = [key for key in keys if key in overridden]
    current: dict[RowKey, MadeRow] | None = None
    previous: dict[RowKey, MadeRow] = {}
    if kept is not None:
        signature = tuple(
            (key, links, over, cells is not None, multi, attrs) for key, links, over, cells, multi, attrs in plan
        )
        current, previous = kept.book((page, signature))
        kept.used += len(table.rows)
    needs_escaping = NOTHING_TO_DO.search  # `esc_str` without a call for the many cells it would hand back as they are
    rows = []
    lengths: list[tuple[int, ...]] = []
    for row_index, row in enumerate(table.rows):
        row_key: RowKey | None = None
        if current is not None:
            values = tuple(map(row.get, keys))
            if EXACT_TYPES.issuperset(map(type, values)):
                row_key = (
                    values,
                    tuple([table.links.get((row_index, key)) for key in link_keys]),
                    tuple([html.get((row_index, key)) for key in html_keys]),
                )
                made_row = current.get(row_key) or previous.get(row_key)
                if made_row is not None:
                    current[row_key] = made_row
                    rows.append(made_row.html)
                    lengths.append(made_row.lengths)
                    for (key, seen, multi), text in zip(filter_plan, made_row.filter_texts, strict=True):
                        if text not in seen:  # the column's options, as the cell's first drawing added them
                            seen[text] = _filter_attr(text, multi, options[key], filter_attrs)
                    continue
        cells = ["<tr>\n"]
        row_lengths = []
        filter_texts = []
        for key, has_links, has_html, filter_cells, multi, attrs in plan:
            value = row.get(key)
            text = value if type(value) is str else "" if value is None else str(value)
            row_lengths.append(len(text))
            if filter_cells is not None:
                filter_texts.append(text)
                filter_attr = filter_cells.get(text)
                if filter_attr is None:
                    filter_attr = filter_cells[text] = _filter_attr(text, multi, options[key], filter_attrs)
                attrs += filter_attr
            content = html.get((row_index, key)) if has_html else None
            if not content:
                link = table.links.get((row_index, key)) if has_links else None
                if link is None:
                    content = esc_str(text) if needs_escaping(text) else text
                else:
                    made = shared_links.get((link, text))
                    if made is not None and not made[1].startswith(page):
                        content = made[0]
                    else:  # new, or made on a page beside this one and inside this page's folder
                        content = own_links.get((link, text))
                        if content is None:
                            url = target_url(link) if made is None else made[1]
                            content = f'<a href="{esc_str(urls.relative(url, page))}">{esc_str(text)}</a>'
                            if url.startswith(page):
                                own_links[(link, text)] = content
                            else:
                                shared_links[(link, text)] = (content, url)
            cells.append(f"<td{attrs}>{content}</td>\n")
        cells.append("</tr>\n")
        row_html = "".join(cells)
        rows.append(row_html)
        lengths.append(tuple(row_lengths))
        if current is not None and kept is not None:
            kept.made += 1
            if row_key is not None:
                current[row_key] = MadeRow(row_html, lengths[-1], tuple(filter_texts))
    longest = dict.fromkeys(keys, 0)
    for key, column_lengths in zip(keys, zip(*lengths, strict=True), strict=False):
        longest[key] = max(column_lengths)
    return rows, longest, options


def table_view(
    r: Rendering,
    page: str,
    table: Table,
    *,
    html: Mapping[tuple[int, str], Markup] | None = None,
    titles: Mapping[str, str] | None = None,
    citable: bool = True,
) -> TableView:
    """Everything the table macro needs; `html` overrides cells, `titles` adds header tooltips. `citable=False`:
    a table of a page cited as a whole (a study page), with no downloads, fingerprint or citation of its own."""
    titles = titles or {}
    shown = [c for c in table.columns if c.page]
    rows, longest, options = _rows(
        table, page, shown, {**table.html, **(html or {})}, r.table_links(page), r.table_rows
    )
    columns = tuple(
        ColumnView(
            c.key,
            c.label,
            c.numeric,
            titles.get(c.key),
            wide=longest[c.key] > WIDE_TEXT,
            narrow=c.numeric or longest[c.key] <= SHORT_TEXT,
        )
        for c in shown
    )
    filter_columns = [c for c in shown if c.filter]
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
    rows_src = deferred = None
    page_rows = tuple(rows)
    if len(rows) > PAGE_ROWS:
        page_rows = page_rows[:PAGE_ROWS]
        deferred = rows_file(rows_path(page, table), rows[PAGE_ROWS:])
        rows_src = urls.relative(deferred[0], page)
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
        rows_file=deferred,
        row_count=len(rows),
        citable=citable,
        read_whole=table.read_whole,
        print_blocks=not fits_a4(columns),
    )
    if not citable:
        return view
    csv_path, json_path = table_paths(page, table)
    citation = r.table_citation(page, table)
    return replace(
        view,
        csv=urls.relative(csv_path, page),
        json=urls.relative(json_path, page),
        fingerprint=r.table_fingerprint(table),
        cite_html=Markup(citation.apa_html),
        cite_bibtex=citation.bibtex,
        permalink=r.table_url(page, table),
        edition=r.index.edition.table_statement,
    )
