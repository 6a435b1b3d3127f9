"""The pipeline's fast paths give exactly what the general code gives: pages and downloads are cited, so a faster
path may not change a byte (and never let through what the general code neutralises).

`tables.to_csv` writes, column by column, what writing every cell through `neutralise_cell` writes (no formula
trigger or bare CR gets through), and so does the preview's `CsvLines`, which keeps each row's line by its values;
`env.paragraphs` and the templates' finalize step skip their regular expressions
only for text they would not change; `cite.styles.render_flat` renders a table's citation as pybtex would."""

from __future__ import annotations

import csv
import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.richtext import HRef, Tag, Text

from synthsite.cite.styles import Em, Link, render_flat, render_html, render_text
from synthsite.render import env
from synthsite.tables import FORMULA_TRIGGERS, Column, CsvLines, Table, neutralise_cell, to_csv

TRICKY_TEXT = st.text(alphabet=st.sampled_from(list("ab =+-@\t\r\n|%\"',\x00é")) | st.characters(), max_size=6)
CELLS = st.none() | st.booleans() | st.integers(-9, 9) | st.floats(allow_nan=True, allow_infinity=True) | TRICKY_TEXT
TABLES = st.integers(0, 3).flatmap(
    lambda width: st.lists(st.fixed_dictionaries({}, optional={f"k{i}": CELLS for i in range(width)}), max_size=5).map(
        lambda rows: _table(width, rows)
    )
)


def _table(width: int, rows: list[dict[str, Any]]) -> Table:
    return Table("t", "T", tuple(Column(f"k{i}", f"K{i}") for i in range(width)), tuple(rows))


def _cell_by_cell(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.column_keys())
    for row in table.rows:
        writer.writerow([neutralise_cell(row.get(key)) for key in table.column_keys()])
    return buffer.getvalue()


@settings(max_examples=500, deadline=None)
@given(TABLES)
def test_the_same_text_as_neutralising_every_cell(table: Table) -> None:
    assert to_csv(table) == _cell_by_cell(table)


@settings(max_examples=300, deadline=None)
@given(st.lists(TABLES, min_size=1, max_size=4))
def test_kept_row_lines_give_the_same_text_as_neutralising_every_cell(tables: list[Table]) -> None:
    """One preview's renders in turn: a line kept from an earlier table or render is only ever the right one."""
    lines = CsvLines()
    for table in [*tables, *tables]:
        lines.start()
        assert to_csv(table, lines) == _cell_by_cell(table)


def test_rows_that_compare_equal_but_write_differently_never_share_a_line() -> None:
    """True == 1 == 1.0 and 0.0 == -0.0, but each writes its own text; a str subclass may print differently."""

    class Shouting(str):
        def __str__(self) -> str:
            return self.upper()

    lines = CsvLines()
    columns = (Column("a", "A"), Column("b", "B"))
    for value in (1, True, 1.0, "1", 0.0, -0.0, 0, False, "x", Shouting("x"), None, ""):
        table = Table("t", "T", columns, ({"a": value, "b": "same"}, {"a": value, "b": "=cmd"}))
        assert to_csv(table, lines) == _cell_by_cell(table), value
    assert lines.made > 0


def test_a_kept_line_is_written_once_and_joined_again() -> None:
    lines = CsvLines()
    columns = (Column("a", "A"), Column("b", "B"))
    rows = tuple({"a": f"row {n}", "b": n} for n in range(50))
    lines.start()
    first = to_csv(Table("t", "T", columns, rows), lines)
    assert lines.made == 50
    lines.start()
    changed = ({"a": "row 0", "b": "=changed"}, *rows[1:])
    again = to_csv(Table("t", "T", columns, changed), lines)
    assert lines.made == 1  # only the changed row is written
    assert again == _cell_by_cell(Table("t", "T", columns, changed)) != first


def test_one_trigger_in_a_long_column_is_still_neutralised() -> None:
    """Each column is plain but for one cell, which starts with one of the triggers (or holds a bare CR)."""
    specials = [f"{trigger}cmd" for trigger in FORMULA_TRIGGERS] + ["x\r=cmd"]
    columns = tuple(Column(f"c{n}", f"C{n}") for n in range(len(specials)))
    rows = [{column.key: f"plain {n}" for column in columns} for n in range(40)]
    for n, (column, special) in enumerate(zip(columns, specials, strict=True)):
        rows[n + 1][column.key] = special
    parsed = list(csv.reader(io.StringIO(to_csv(Table("t", "T", columns, tuple(rows))))))
    for n, special in enumerate(specials):
        expected = "'" + special.replace("\r", "\n") if special[0] in FORMULA_TRIGGERS else "x\n=cmd"
        assert parsed[n + 2][n] == expected
        assert parsed[1][n] == "plain 0"


TEXT = st.text(alphabet=st.sampled_from(list("ab \t\n\r\x00\x0b\u2028\u00a0\u3000<&")) | st.characters(), max_size=12)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_paragraphs_are_those_of_the_general_split(text: str) -> None:
    parts = env.BLANK_LINES.split(env._strip_controls(text).strip())
    assert env.paragraphs(text) == [part for part in parts if part.strip()]


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_finalize_cleans_text_as_before(text: str) -> None:
    assert env._finalize(text) == env.clean(text)


PIECE = st.text(alphabet=st.sampled_from(list("a <&>\"'é")), max_size=4)
URLS = st.sampled_from(["https://example.org/a?b=1&c=<2>", "http://x.org/", "javascript:alert(1)", "", "doi:10.1/x"])
PARTS = st.lists(PIECE | PIECE.map(Em) | st.builds(Link, URLS, PIECE), max_size=6)


def _rich(part: str | Em | Link) -> str | Tag | HRef:
    if isinstance(part, str):
        return part
    return Tag("em", part.text) if isinstance(part, Em) else HRef(part.url, part.text)


@settings(max_examples=500, deadline=None)
@given(PARTS)
def test_flat_citations_render_as_pybtex_renders_them(parts: list[str | Em | Link]) -> None:
    """Table citations are rendered without pybtex's rich text: the same text and HTML, empty parts dropped and
    neighbouring <em> texts and links to one URL merged as pybtex merges them."""
    rich = Text(*[_rich(part) for part in parts])
    assert render_flat(parts) == (render_text(rich), render_html(rich))


def test_a_table_of_several_columns_is_written_as_the_csv_module_writes_it() -> None:
    """`to_csv` joins the fields of a table of two or more columns itself (`tables._csv_fields`): every case where
    the csv module quotes a field, or writes a value its own way, gives the module's text."""
    cells: list[Any] = [
        "plain",
        "a,b",
        'say "x"',
        "two\nlines",
        "",
        None,
        0,
        -3,
        2.5,
        float("nan"),
        True,
        " lead",
        "=1+1",
        "nul\x00inside",
        "cr\rinside",
        "é,ü",
        '"',
        ",",
        "\n",
    ]
    columns = (Column("a", "A"), Column("b", "B"), Column("c", "C"))
    for value in cells:
        for other in ("x", "", None, 7):
            rows = ({"a": value, "b": other, "c": "z"}, {"a": "y", "b": value}, {"b": other, "c": value})
            table = Table("t", "T", columns, rows)
            assert to_csv(table) == _cell_by_cell(table), (value, other)
    single = Table("t", "T", (Column("a", "A"),), ({"a": ""}, {"a": None}, {"a": "q,r"}))
    assert to_csv(single) == _cell_by_cell(single) == 'a\n""\n""\n"q,r"\n'


REGISTER_ENTRY_MACRO = """{% import "_macros.md.j2" as m %}
{% macro register_entry(row) %}
<li class="synthsite-register-entry{% if row.readings %} synthsite-register-entry--contested{% endif %}">\
{{ m.relation(row.relation) }} {{ row.theme }}, {{ row.study }}\
{% for reason in row.because if reason != row.relation %} <span class="synthsite-flag">{{ reason }}</span>{% endfor %}\
{% if row.rationale %}: {{ row.rationale }}{% endif %}\
{% if row.passage %}<br><span class="synthsite-passage">Passage: {{ row.passage }}</span>{% endif %}
{% if row.readings %}
<ul class="synthsite-readings">
{% for r in row.readings %}
<li>Contested: <strong>{{ r.relation }}</strong> ({{ r.source }}): {{ r.rationale }}<br><span class="synthsite-passage">\
Passage: {{ r.passage }}</span></li>
{% endfor %}
</ul>
{% endif %}
</li>
{% endmacro %}
"""
"""The template macro a theme page's register entries were made with (`confidence_view.register_entry` now)."""

HOSTILE = ["", "plain", "<b>\"x\" & 'y'</b>", "{{ 7*7 }}", "ctrl\x01char", "a\n\n  b", "a\r\nb"]


def test_a_register_entry_is_what_the_template_macro_made() -> None:
    """The register's entries are built in Python (`confidence_view.register_entry`); every value escaped and
    cleaned as the templates do, whatever the text, with and without contested readings."""
    from types import SimpleNamespace

    from markupsafe import Markup

    from synthsite.render.confidence_view import register_entry

    macro = env.environment().from_string(REGISTER_ENTRY_MACRO).module.register_entry  # type: ignore[attr-defined]
    links = (Markup('<a href="../x/">X &amp; Y</a>'), Markup("<a>S</a>"))
    for text in HOSTILE:
        reading = SimpleNamespace(relation="no link", source=text, rationale=text or "r", passage=f"p {text}")
        for relation in ("contradicts", "supports", "odd <rel>"):
            for because in ((), ("contradicts",), ("contested", "complicates", text)):
                for readings in ((), (reading, reading)):
                    row = {
                        "theme": links[0],
                        "study": links[1],
                        "relation": relation,
                        "because": because,
                        "rationale": text,
                        "passage": text,
                        "readings": readings,
                    }
                    assert str(register_entry(row)) == str(macro(row)), row
