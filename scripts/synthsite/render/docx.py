"""The findings tables as a Word document for manuscripts and guideline panels (python-docx, built offline).

The same `tables.Table` values as the page and the CSV, so the document holds exactly what the site shows.
The bytes are reproducible: the core properties carry the synthesis' release date (never the clock), and the
zip is rewritten with every entry in the same order with one fixed timestamp, since python-docx stamps each
entry with the current time.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from synthsite import urls
from synthsite.model import SynthesisMeta
from synthsite.model.edition import Edition
from synthsite.render.env import clean
from synthsite.tables import Column, Table

DOCX_PATH = f"{urls.FINDINGS}findings.docx"
"""Both findings tables as one Word document, beside the findings page."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry: the same for every build."""


PROPERTY_CHARS = 255
"""Word's limit for a core property (python-docx refuses longer values)."""


def _property(text: str) -> str:
    return clean(" ".join(text.split()))[:PROPERTY_CHARS]


def release_datetime(meta: SynthesisMeta) -> datetime:
    return datetime.strptime(meta.date_released, "%Y-%m-%d").replace(tzinfo=UTC)


def _repeat_header(row: object) -> None:
    """Mark a table's first row as a header row, so Word repeats it on every page the table spans."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


RUN_BREAKS = re.compile(r"[\t\r\n]")
"""Characters python-docx writes as elements of their own (a tab, a line break) rather than as text."""


def _set_text(cell: Any, text: str) -> None:
    """`cell.text = text`, the same XML: python-docx feeds the text to a run one character at a time (to turn tabs
    and line breaks into elements), which was most of the document's cost; text without them is one `w:t`."""
    if RUN_BREAKS.search(text):
        cell.text = text
        return
    tc = cell._tc
    tc.clear_content()
    run = tc.add_p().add_r()
    if text:
        run.add_t(text)


def _set_run(paragraph: Any, text: str) -> None:
    """`paragraph.add_run(text)` on a new paragraph's element (`w:p`), the same XML: a run only for text, and one
    `w:t` unless the text holds a tab or line break (see `_set_text`)."""
    if not text:
        return
    run = paragraph.add_r()
    if RUN_BREAKS.search(text):
        run.text = text
    else:
        run.add_t(text)


CONFIDENCE_LEVELS = (
    (
        "High confidence",
        "It is highly likely that the review finding is a reasonable representation of the phenomenon of interest.",
    ),
    (
        "Moderate confidence",
        "It is likely that the review finding is a reasonable representation of the phenomenon of interest.",
    ),
    (
        "Low confidence",
        "It is possible that the review finding is a reasonable representation of the phenomenon of interest.",
    ),
    (
        "Very low confidence",
        "It is not clear whether the review finding is a reasonable representation of the phenomenon of interest.",
    ),
)
"""GRADE-CERQual's definitions of the four levels of confidence (Lewin et al., 2018, Implementation Science
13(Suppl 1):2), the note under each findings table."""
NOTE_MARK = "a"
"""The note marker on the confidence column's header."""


@dataclass(frozen=True)
class Group:
    """A domain's heading row, above its findings (iSoQ groups the findings tables by domain)."""

    label: str
    rows: int


def _heading_row(grid: Any, label: str) -> None:
    """A row spanning the table, holding the domain's label in bold."""
    cells = grid.add_row().cells
    merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
    merged.text = ""
    merged.paragraphs[0].add_run(clean(label)).bold = True


def _add_table(document: Any, table: Table, number: int, groups: tuple[Group, ...]) -> None:
    document.add_heading(f"Table {number}. {table.caption}", level=2)
    if table.description:
        document.add_paragraph(clean(table.description))
    columns = _written_columns(table)
    grid = document.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    header = grid.rows[0]
    _repeat_header(header)
    for cell, column in zip(header.cells, columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(clean(column.label))
        run.bold = True
        if column.key == "confidence":
            cell.paragraphs[0].add_run(NOTE_MARK).font.superscript = True
    starts = _group_starts(groups, len(table.rows))
    for index, row in enumerate(table.rows):
        if index in starts:
            _heading_row(grid, starts[index])
        cells = grid.add_row().cells
        for cell, column in zip(cells, columns, strict=True):
            _set_text(cell, clean(_cell_text(row.get(column.key))))
    for column_cells, column in zip(grid.columns, columns, strict=True):
        if column.numeric:
            for cell in column_cells.cells:
                cell.width = Cm(1.2)
    _confidence_note(document)


def _written_columns(table: Table) -> list[Column]:
    """The columns the document shows: all but the version, which the version line says."""
    return [column for column in table.columns if column.key != "version"]


def _group_starts(groups: tuple[Group, ...], rows: int) -> dict[int, str]:
    """Row index -> the label of the domain that starts there (no headings unless the groups cover every row)."""
    starts: dict[int, str] = {}
    at = 0
    for group in groups:
        if group.rows:
            starts[at] = group.label
        at += group.rows
    return starts if at == rows and len(starts) > 1 else {}


def _confidence_note(document: Any) -> None:
    """The note defining the four levels of confidence, under a table."""
    note = document.add_paragraph()
    note.add_run(NOTE_MARK).font.superscript = True
    note.add_run(" GRADE-CERQual levels of confidence: ")
    for index, (level, definition) in enumerate(CONFIDENCE_LEVELS):
        note.add_run(level).italic = True
        note.add_run(f": {definition}" + ("" if index == len(CONFIDENCE_LEVELS) - 1 else " "))


def _add_references(document: Any, references: tuple[str, ...]) -> None:
    """The contributing studies' references (APA, alphabetical), which the tables' in-text citations point to."""
    if not references:
        return
    document.add_heading("References of the contributing studies", level=2)
    first = document.add_paragraph()
    first.paragraph_format.left_indent = Cm(1)
    first.paragraph_format.first_line_indent = Cm(-1)
    # the others copy its formatting and follow it directly: python-docx would look for the section properties
    # among the body's children and rebuild the indentation for each of a thousand references
    formatted, previous = deepcopy(first._p), None
    for text in references:
        paragraph = first._p if previous is None else deepcopy(formatted)
        if previous is not None:
            previous.addnext(paragraph)
        previous = paragraph
        _set_run(paragraph, clean(text))


@dataclass(frozen=True)
class _Stamped:
    """The texts of the document that carry the edition's data fingerprint, which every save of an unreleased
    synthesis changes: the version statement (in the version line), the citation (after "How to cite:") and the
    core property "comments" (the statement and the URL, as `_property` makes it)."""

    statement: str
    citation: str
    comments: str


MARKS = _Stamped("\ue000synthsite-statement\ue000", "\ue000synthsite-citation\ue000", "\ue000synthsite-comments\ue000")
"""What a kept document holds in their place (`KeptDocx`); each must be found exactly once where it is put."""
MARKED_PARTS = {"statement": "word/document.xml", "citation": "word/document.xml", "comments": "docProps/core.xml"}
"""The part of the package each stamped text is in."""


def findings_docx(
    meta: SynthesisMeta,
    tables: tuple[Table, ...],
    citation: str,
    url: str,
    edition: Edition,
    groups: tuple[Group, ...] = (),
    references: tuple[str, ...] = (),
    kept: KeptDocx | None = None,
) -> bytes:
    """A .docx with the version line, the citation, each table grouped by domain with the note defining the levels
    of confidence (the second and later tables in landscape), and the contributing studies' references.
    `kept`: the preview's document of the last save (`KeptDocx`), used when only the stamped texts differ."""
    stamped = _Stamped(edition.statement, clean(citation), _property(f"{edition.statement}. {url}"))

    def make(texts: _Stamped) -> dict[str, bytes]:
        return _document(meta, tables, texts, url, edition.unreleased, groups, references)

    parts = None if kept is None else kept.parts(_inputs(meta, tables, url, edition, groups, references), stamped, make)
    return _reproducible_zip(make(stamped) if parts is None else parts)


def _document(
    meta: SynthesisMeta,
    tables: tuple[Table, ...],
    stamped: _Stamped,
    url: str,
    unreleased: bool,
    groups: tuple[Group, ...],
    references: tuple[str, ...],
) -> dict[str, bytes]:
    """The package's parts (name -> bytes, in python-docx's order) of the document `findings_docx` describes."""
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(9)
    released = release_datetime(meta)
    properties = document.core_properties
    properties.title = _property(f"Findings: {meta.title}")
    properties.author = _property(", ".join(author.name for author in meta.authors))
    properties.last_modified_by = properties.author
    properties.subject = _property(meta.review_question)
    properties.comments = stamped.comments
    properties.created = released
    properties.modified = released
    properties.last_printed = released
    properties.revision = 1
    properties.keywords = "GRADE-CERQual; Summary of Qualitative Findings; evidence profile"

    first = document.sections[0]
    first.page_width, first.page_height = Cm(21), Cm(29.7)  # A4, not python-docx's default US Letter
    document.add_heading(clean(meta.title), level=1)
    version = document.add_paragraph()
    version.add_run(f"Findings. {stamped.statement}.").bold = unreleased
    if unreleased:
        version.add_run(" These findings include unreleased changes: they differ from every released version.")
    version.add_run(f" {url}")
    document.add_paragraph(clean(meta.review_question))
    cite = document.add_paragraph()
    cite.add_run("How to cite: ").bold = True
    cite.add_run(stamped.citation)
    for number, table in enumerate(tables, start=1):
        if number > 1:
            section = document.add_section()
            if section.orientation != WD_ORIENT.LANDSCAPE:
                section.orientation = WD_ORIENT.LANDSCAPE
                section.page_width, section.page_height = section.page_height, section.page_width
        _add_table(document, table, number, groups)
    _add_references(document, references)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(1.8)
        section.top_margin = section.bottom_margin = Cm(1.8)
    raw = io.BytesIO()
    document.save(raw)
    with zipfile.ZipFile(raw) as package:
        return {info.filename: package.read(info.filename) for info in package.infolist()}


def _cell_text(value: object) -> str:
    """The text `_add_table` writes for a cell's value (before `clean`)."""
    return "" if value is None else str(value)


def _inputs(
    meta: SynthesisMeta,
    tables: tuple[Table, ...],
    url: str,
    edition: Edition,
    groups: tuple[Group, ...],
    references: tuple[str, ...],
) -> tuple[object, ...]:
    """Everything `_document` reads but the stamped texts, as a key: what it reads of the metadata, each table
    (`_table_inputs`), the groups, the references, the URL and whether the edition is unreleased (which adds a
    run)."""
    return (
        meta.title,
        tuple(author.name for author in meta.authors),
        meta.review_question,
        meta.date_released,
        tuple(map(_table_inputs, tables)),
        groups,
        references,
        url,
        edition.unreleased,
    )


def _table_inputs(table: Table) -> tuple[object, ...]:
    """What `_add_table` reads of a table: its caption, description, the columns it shows (`_written_columns`)
    and the text of each of their cells (`_cell_text`: texts, not values, so `True` and `1` are told apart)."""
    columns = _written_columns(table)
    return (
        table.caption,
        table.description,
        tuple((column.key, column.label, column.numeric) for column in columns),
        tuple(tuple(_cell_text(row.get(column.key)) for column in columns) for row in table.rows),
    )


class KeptDocx:
    """The findings document of the last render, kept by the preview (`render.reuse.PageReuse` holds it) with
    marks (`MARKS`) in place of the three texts that carry the data fingerprint (`_Stamped`).

    Every save of an unreleased synthesis changes the edition's data fingerprint, so the document's bytes change
    though its tables rarely do; making it with python-docx was a tenth of a save's generation. It is kept under
    everything else `_document` reads (`_inputs`, the audit of the key), and a save writes the stamped texts into
    the kept parts where the marks are. The texts go in as python-docx writes them (`_xml_text`), so the parts are the
    bytes python-docx would write with the texts in place. A text python-docx would write otherwise than as one
    plain `w:t` or element text (a tab or line break, which become elements of their own; leading or trailing
    white space, which adds `xml:space`; an empty text, which writes no `w:t`; a character XML cannot hold, which
    python-docx refuses) is never put in: that save makes the document whole. A mark found other than once where
    it is put (the data may hold one) keeps nothing."""

    def __init__(self) -> None:
        self._inputs: tuple[object, ...] | None = None
        self._parts: dict[str, bytes] | None = None
        self.made = 0
        """Marked documents made (the rest of the saves reused one; for the tests)."""

    def parts(
        self, inputs: tuple[object, ...], stamped: _Stamped, make: Callable[[_Stamped], dict[str, bytes]]
    ) -> dict[str, bytes] | None:
        """The document's parts with `stamped` in place, from the kept marked parts when `inputs` are the same
        (made and kept otherwise); None when the texts cannot go in where the marks are (the caller makes it)."""
        texts = _stamped_xml(stamped)
        if texts is None:
            return None
        if self._inputs != inputs or self._parts is None:
            self.made += 1
            marked = make(MARKS)
            self._inputs, self._parts = (inputs, marked) if _marked_once(marked) else (None, None)
            if self._parts is None:
                return None
        parts = dict(self._parts)
        for name, text in texts.items():
            path = MARKED_PARTS[name]
            parts[path] = parts[path].replace(_xml_text(getattr(MARKS, name)) or b"", text)
        return parts


def _marked_once(parts: dict[str, bytes]) -> bool:
    """Whether each mark is in its part once and in no other part."""
    for name, path in MARKED_PARTS.items():
        mark = _xml_text(getattr(MARKS, name)) or b""
        if any(data.count(mark) != (path == where) for where, data in parts.items()):
            return False
    return True


def _stamped_xml(stamped: _Stamped) -> dict[str, bytes] | None:
    """Each stamped text as it stands in the XML, or None if one of them would not be written as one plain text."""
    texts: dict[str, bytes] = {}
    for name, text in (
        ("statement", f"Findings. {stamped.statement}."),
        ("citation", stamped.citation),
        ("comments", stamped.comments),
    ):
        if not text or text != text.strip() or RUN_BREAKS.search(text):
            return None
        xml = _xml_text(text)
        if xml is None:
            return None
        texts[name] = xml if name != "statement" else _xml_text(stamped.statement) or b""
    return texts


def _xml_text(text: str) -> bytes | None:
    """`text` as python-docx writes it in a `w:t` of a part (`serialize_part_xml`); None for a text XML cannot
    hold (python-docx refuses it) or an empty one."""
    element = OxmlElement("w:t")
    try:
        element.text = text
    except ValueError:
        return None
    written = serialize_part_xml(element)
    start = written.find(b">", written.find(b"<w:t")) + 1
    end = written.rfind(b"</w:t>")
    return written[start:end] if 0 < start <= end else None


def _reproducible_zip(parts: dict[str, bytes]) -> bytes:
    """The package's parts zipped with every entry stamped `ZIP_TIME`, in python-docx's order (python-docx stamps
    each entry with the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return out.getvalue()
