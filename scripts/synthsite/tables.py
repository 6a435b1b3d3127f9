"""Citable tables: one value feeds the HTML table, its CSV and JSON downloads and its fingerprint.

A table's fingerprint is a short SHA-256 of its canonical CSV, so a citation can say exactly which content
it refers to; the CSV is neutralised against spreadsheet formula injection (OWASP) before hashing, so the
downloaded file and the fingerprint always agree.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from synthsite.jsontext import RecordTexts, dumps_indented
from synthsite.kepttexts import EXACT_TYPES, KeptTexts

CellValue = str | int | float | None


@dataclass(frozen=True)
class ToStudy:
    """A cell that links to a study's page."""

    study: str


@dataclass(frozen=True)
class ToTheme:
    """A cell that links to a synthesized theme's page."""

    theme: str


@dataclass(frozen=True)
class ToStudyTheme:
    """A cell that links to one study theme, on its study's page."""

    study: str
    theme: str


Target = ToStudy | ToTheme | ToStudyTheme
"""What a linked cell names: a record, not a URL. Tables are made by the index, which knows nothing of pages;
`render.tableview` turns each target into a link."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
_TRIGGER_CLASS = "=+\\-@\t\r\n|%\uff1d\uff0b\uff0d\uff20\uff5c\uff05\ufe66\ufe62\ufe63\ufe6b\ufe6a\u2212"
"""The triggers and their full-width, small-form and minus-sign look-alikes (spreadsheets read `＝` as `=`)."""
_LEADING = "[\\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*"
"""Spaces and invisible characters a spreadsheet skips before it looks for a formula."""
FORMULA_START = re.compile(f"{_LEADING}[{_TRIGGER_CLASS}]")
"""A cell a spreadsheet may read as a formula: a trigger, after any leading spaces or invisible characters."""


@dataclass(frozen=True)
class Column:
    """A column: `key` names it in CSV/JSON, `label` is the header readers see."""

    key: str
    label: str
    numeric: bool = False
    """Numeric columns sort as numbers in the browser and stay numbers in JSON."""
    filter: bool = False
    """Offer a filter for this column's values above the table."""
    page: bool = True
    """Shown in the page's table; `False` for columns only the downloads carry (a study's id beside its label)."""
    multi: bool = False
    """The cells list several values joined with "; " (countries, perspectives); a filter offers each one.
    Other cells are one value each, even when the data's text holds "; "."""
    description: str = ""
    """What the column holds, for re-users: the data package (data/datapackage.json) describes each field with it."""


@dataclass(frozen=True)
class Table:
    """A table with a stable id (its anchor and download name), a caption and plain-value rows.

    `links` optionally maps (row index, column key) to the record that cell links to (a `Target`).
    `html` optionally maps (row index, column key) to trusted, already-escaped HTML for that cell
    (built by our own code from escaped parts), used instead of the plain value on the page.
    """

    id: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[dict[str, CellValue], ...]
    description: str = ""
    links: dict[tuple[int, str], Target] = field(default_factory=dict, compare=False)
    html: dict[tuple[int, str], str] = field(default_factory=dict, compare=False)
    read_whole: bool = False
    """Never clamp a cell behind "more" on the page: a review finding and the judgements on it are read whole."""

    def column_keys(self) -> list[str]:
        return [c.key for c in self.columns]


def neutralise_cell(value: CellValue) -> str:
    """Text safe to open in a spreadsheet: a leading formula trigger is escaped with a quote (OWASP)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    # A bare CR is not quoted by the csv module (the line terminator is \n) but ends the row in spreadsheets and
    # csv.reader, so "x\r=HYPERLINK(..)" would start a row with a live formula: every line break becomes \n.
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if FORMULA_START.match(text):
        return "'" + text
    return text


AS_WRITTEN = frozenset({str, int, float, type(None)})
"""Cell types the csv module writes exactly as `neutralise_cell` would, for text with no formula trigger or
CR: None as "", an int or float as its `str` (a bool would be "True", a str subclass may print differently)."""

TRIGGER_AFTER_NUL = re.compile(f"\x00{FORMULA_START.pattern}")
"""In a column's values joined with NUL: a value after the first that starts with a formula trigger (the leading
NUL lets the regex engine skip ahead to each value's start). A NUL inside a value or a negative number may match
too; that only sends the column through `neutralise_cell`."""


def _changes_none(values: list[CellValue]) -> bool:
    """Would `neutralise_cell` leave every value as the csv module writes it anyway? Checked on the whole column
    at once: no bool or unusual type, no value starting with a formula trigger, no CR anywhere."""
    return _as_written(values) is not None


_ONLY_TEXT = frozenset({str})


def _as_written(values: list[CellValue]) -> tuple[list[str], str] | None:
    """The values' texts as the csv module writes them and those texts joined with NUL, when `neutralise_cell`
    would change none of them (see `_changes_none`); None when it might. A column of text only (most) is joined as
    it is, without a call per value."""
    types = set(map(type, values))
    if not types <= AS_WRITTEN:
        return None
    texts: list[str] = (
        values  # type: ignore[assignment]
        if types <= _ONLY_TEXT
        else ["" if value is None else value if type(value) is str else str(value) for value in values]
    )
    text = "\x00".join(texts)
    if FORMULA_START.match(text) or "\r" in text or TRIGGER_AFTER_NUL.search(text):
        return None
    return texts, text


def _csv_column(table: Table, key: str) -> tuple[list[CellValue], list[str] | None]:
    """One column's cells as the CSV writes them: `neutralise_cell` of each, or the values themselves when one
    look at the whole column shows that it would change none (most columns: the tables of 1,000 studies have
    ~800,000 cells, and a call per cell was a third of the CSVs' cost); and, when `_csv_fields` can make them, the
    column's fields as the csv module would write them."""
    try:  # a C call per column when every row has the key (a row may leave a cell out: then it is None)
        values: list[CellValue] = list(map(itemgetter(key), table.rows))
    except KeyError:
        values = [row.get(key) for row in table.rows]
    plain = _as_written(values)
    if plain is not None:
        return values, _csv_fields(*plain)
    texts = [neutralise_cell(value) for value in values]
    return texts, _csv_fields(texts, "\x00".join(texts))  # type: ignore[return-value]


def to_csv(table: Table, lines: CsvLines | None = None) -> str:
    """Canonical CSV: header of column keys, RFC 4180 quoting, `\\n` line ends, injection-neutralised cells.
    `lines`: the preview's kept row lines (`CsvLines`), the same text made from fewer rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    keys = table.column_keys()
    writer.writerow(keys)
    if lines is not None and keys:
        return buffer.getvalue() + lines.body(keys, table.rows)
    made = [_csv_column(table, key) for key in keys]
    fields = [column_fields for _, column_fields in made]
    if len(keys) < 2 or any(column_fields is None for column_fields in fields):
        writer.writerows(zip(*(values for values, _ in made), strict=True) if keys else [()] * len(table.rows))
        return buffer.getvalue()
    if not table.rows:
        return buffer.getvalue()
    return buffer.getvalue() + "\n".join(map(",".join, zip(*fields, strict=True))) + "\n"


def _csv_fields(texts: list[str], joined: str) -> list[str] | None:
    """A column's fields as the csv module writes them in `to_csv`'s dialect (`QUOTE_MINIMAL`, delimiter `,`,
    quote `"`, line end `\\n`), from its texts and those joined with NUL; None for a column holding a NUL, which
    the module then writes. A field is its text, between quotes with its quotes doubled when it holds a comma, a
    quote or a line break. Only for tables of two or more columns: the module writes a row that is one empty field
    as `""`.

    Why: the tables' CSVs are ~800,000 cells at 1,000 studies; the module examines each field in turn, while here
    a row is one C call joining its fields, and most columns need no quoting at all, which a look at the whole
    column finds."""
    if joined.count("\x00") != len(texts) - 1 and texts:
        return None
    if "," not in joined and '"' not in joined and "\n" not in joined:
        return texts
    return ['"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES.search(text) else text for text in texts]


_NEEDS_QUOTES = re.compile('[,"\n]')
"""What makes the csv module quote a field in `to_csv`'s dialect."""


class _Collected(list[str]):
    """What a csv writer writes, one string a row (the writer needs a file-like `write`)."""

    def write(self, text: str) -> None:
        self.append(text)


class CsvLines(KeptTexts[tuple[CellValue, ...]]):
    """Each row's CSV line by the row's values, kept between the renders of one preview (`render.reuse.PageReuse`
    holds it); nothing else gets one.

    A save changes a few rows of the corpus-wide tables (studies, crosswalk links, each theme's evidence: about
    45,000 rows at 1,000 studies), and writing them all was most of the downloads' cost. A line is made from the
    row's cells in column order and nothing else (no column name, no other row: `neutralise_cell` reads one cell,
    and the csv module quotes each field alone), so the values are its whole input. The key is the tuple of values
    itself, kept only for rows whose cells are all of `kepttexts.EXACT_TYPES`, where equal tuples write equal text; any
    other row is written each time. Lines the last render did not use are dropped at the next `start`."""

    def __init__(self) -> None:
        super().__init__()
        self._sink = _Collected()
        self._writer = csv.writer(self._sink, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)

    def body(self, keys: list[str], rows: tuple[dict[str, CellValue], ...]) -> str:
        """The CSV lines of `rows` (every line after the header), as `to_csv` writes them."""
        values_of = itemgetter(*keys)
        one = len(keys) == 1
        current, previous = self._current, self._previous
        out: list[str] = []
        for row in rows:
            try:
                values = (values_of(row),) if one else values_of(row)
            except KeyError:  # a row may leave a cell out: then it is None
                values = tuple(row.get(key) for key in keys)
            if not EXACT_TYPES.issuperset(map(type, values)):
                out.append(self._line(values))
                continue
            line = current.get(values)
            if line is None:
                line = previous.get(values)
                if line is None:
                    line = self._line(values)
                current[values] = line
            out.append(line)
        return "".join(out)

    def _line(self, values: tuple[CellValue, ...]) -> str:
        cells = list(values)
        if not _changes_none(cells):
            cells = [neutralise_cell(value) for value in cells]
        del self._sink[:]
        self._writer.writerow(cells)
        self.made += 1
        return "".join(self._sink)


def to_json_data(
    table: Table, citation: dict[str, Any] | None = None, *, known_fingerprint: str | None = None
) -> dict[str, Any]:
    """The table as JSON-ready data: columns with labels, rows as objects, and how to cite it.

    `known_fingerprint`, the table's `fingerprint` when the caller already has it, spares making the CSV and hashing it
    again."""
    keys = table.column_keys()
    data: dict[str, Any] = {
        "id": table.id,
        "caption": table.caption,
        "fingerprint": fingerprint(table) if known_fingerprint is None else known_fingerprint,
        "columns": [{"key": c.key, "label": c.label, "numeric": c.numeric} for c in table.columns],
        # a row whose keys are already the columns, in order, is its own record (no copy per row)
        "rows": [row if list(row) == keys else {key: row.get(key) for key in keys} for row in table.rows],
    }
    if citation:
        data["citation"] = citation
    return data


def to_json(
    table: Table,
    citation: dict[str, Any] | None = None,
    *,
    known_fingerprint: str | None = None,
    kept: RecordTexts | None = None,
) -> str:
    """Deterministic JSON text (sorted keys inside rows are kept in column order for readability); `kept`: the
    preview's record texts (`jsontext.RecordTexts`)."""
    return dumps_indented(to_json_data(table, citation, known_fingerprint=known_fingerprint), kept=kept) + "\n"


def fingerprint(table: Table) -> str:
    """First 12 hex digits of the SHA-256 of the canonical CSV: changes whenever the content does."""
    return csv_fingerprint(to_csv(table))


def csv_fingerprint(csv_text: str) -> str:
    """`fingerprint` of a table whose CSV (`to_csv`) is already made."""
    return hashlib.sha256(csv_text.encode("utf-8")).hexdigest()[:12]
