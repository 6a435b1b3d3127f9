"""The preview keeps each table row's <tr> by what it is drawn from (`render.kepthtml.KeptRows`): a table drawn with
kept rows must be the table a fresh render draws (rows, column widths, filter options), whichever part of a row's
inputs changed between renders: the page it is on, a cell's text or type, a link's target, an HTML override, the
column plan (a filter column, a multi-valued one, a table grown large)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from synthsite.render.kepthtml import KeptRows
from synthsite.render.rendering import Rendering
from synthsite.render.tableview import TableView, table_view
from synthsite.scale import LARGE
from synthsite.tables import CellValue, Column, Table, ToStudy, ToStudyTheme, ToTheme

COLUMNS = (
    Column("name", "Name"),
    Column("country", "Country", filter=True, multi=True),
    Column("kind", "Kind", filter=True),
    Column("n", "N", numeric=True),
    Column("note", "Note"),
)


def _table(rows: int = 4, **changes: Any) -> Table:
    """A table of `rows` rows with links, filters, an HTML override and cells of several types."""
    made: list[dict[str, CellValue]] = [
        {"name": f"<S{i}> & co", "country": "Chile; Peru" if i % 2 else "Peru", "kind": "a, b", "n": i, "note": None}
        for i in range(rows)
    ]
    links = {(i, "name"): ToStudy(f"s{i}") if i % 3 else ToTheme("a") for i in range(rows)}
    links[(1, "note")] = ToStudyTheme("s1", "t1")
    made[1]["note"] = "theme t1"
    table = Table("t", "T", COLUMNS, tuple(made), links=links, html={(2, "note"): "<b>override</b>"})
    return replace(table, **changes)


def _view(r: Rendering, page: str, table: Table) -> TableView:
    return table_view(r, page, table, citable=False)


def _kept(kept: KeptRows) -> Rendering:
    kept.start()
    return Rendering(cast(Any, None), {}, table_rows=kept)


def _fresh() -> Rendering:
    return Rendering(cast(Any, None), {})


def _with_row(table: Table, index: int, **cells: CellValue) -> Table:
    rows = list(table.rows)
    rows[index] = {**rows[index], **cells}
    return replace(table, rows=tuple(rows))


def test_a_table_drawn_from_kept_rows_is_the_table_drawn_afresh() -> None:
    base = _table()
    long_text = "x" * 200
    renders: list[tuple[str, Table]] = [
        ("themes/a/", base),
        ("themes/a/", base),  # the same: every row kept
        ("themes/b/", base),  # another page: the links read differently
        ("themes/b/", replace(base, links={**base.links, (1, "name"): ToTheme("b")})),  # another target, same text
        ("themes/b/", replace(base, html={(2, "note"): "<i>other</i>"})),  # another override, same values
        ("themes/b/", _with_row(base, 1, n=True)),  # True == 1, written "True"
        ("themes/b/", _with_row(base, 1, n=1.0)),  # 1.0 == 1, written "1.0"
        ("themes/b/", _with_row(base, 0, note=long_text)),  # a long text: the column grows wide
        ("themes/b/", _with_row(_with_row(base, 0, note=long_text), 3, n=7)),  # still wide, from its kept row
        ("themes/b/", base),  # and back: narrow again, from kept rows only
        ("themes/b/", _with_row(base, 0, country="Japan")),  # a new filter option
        ("themes/b/", base),  # gone again, from kept rows only
        ("themes/b/", replace(base, columns=tuple(replace(c, multi=False) for c in COLUMNS))),  # "Chile; Peru" whole
        ("themes/b/", replace(base, columns=tuple(replace(c, filter=False) for c in COLUMNS))),  # no filters
        ("themes/b/", _table(LARGE + 1)),  # large: only filter cells carry data-column
        ("themes/b/", _table(LARGE)),  # not large again
    ]
    kept = KeptRows()
    for number, (page, table) in enumerate(renders):
        drawn = _view(_kept(kept), page, table)
        assert drawn == _view(_fresh(), page, table), number
        assert kept.used == len(table.rows)
        if number == 1:
            assert kept.made == 0  # nothing changed: every row kept
    drawn_long = _view(_kept(kept), "themes/b/", _with_row(base, 0, note=long_text))
    assert any(column.wide for column in drawn_long.columns) and kept.made == 1  # one row drawn, three kept


def test_rows_a_render_did_not_use_are_forgotten() -> None:
    """Two generations only: a row used neither by this render nor the last is drawn again."""
    kept = KeptRows()
    base = _table()
    _view(_kept(kept), "themes/a/", base)
    _view(_kept(kept), "themes/a/", _with_row(base, 0, n=99))
    _view(_kept(kept), "themes/a/", _with_row(base, 0, n=98))
    _view(_kept(kept), "themes/a/", base)
    assert kept.made == 1  # row 0 as it first was: forgotten two renders ago
