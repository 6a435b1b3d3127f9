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
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from synthsite import urls
from synthsite.model import SynthesisMeta
from synthsite.render.env import clean
from synthsite.tables import Table

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


def _add_table(document: object, table: Table, number: int) -> None:
    doc = document
    doc.add_heading(f"Table {number}. {table.caption}", level=2)  # type: ignore[attr-defined]
    if table.description:
        doc.add_paragraph(clean(table.description))  # type: ignore[attr-defined]
    grid = doc.add_table(rows=1, cols=len(table.columns))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    header = grid.rows[0]
    _repeat_header(header)
    for cell, column in zip(header.cells, table.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(clean(column.label))
        run.bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, column in zip(cells, table.columns, strict=True):
            value = row.get(column.key)
            _set_text(cell, clean("" if value is None else value))
    for column_cells, column in zip(grid.columns, table.columns, strict=True):
        if column.numeric:
            for cell in column_cells.cells:
                cell.width = Cm(1.2)


def findings_docx(meta: SynthesisMeta, tables: tuple[Table, ...], citation: str, url: str) -> bytes:
    """A .docx with a title page block, the citation, and each table (the second and later in landscape)."""
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(9)
    released = release_datetime(meta)
    properties = document.core_properties
    properties.title = _property(f"Findings: {meta.title}")
    properties.author = _property(", ".join(author.name for author in meta.authors))
    properties.last_modified_by = properties.author
    properties.subject = _property(meta.review_question)
    properties.comments = _property(f"Version {meta.version}, released {meta.date_released}. {url}")
    properties.created = released
    properties.modified = released
    properties.last_printed = released
    properties.revision = 1
    properties.keywords = "GRADE-CERQual; Summary of Qualitative Findings; evidence profile"

    first = document.sections[0]
    first.page_width, first.page_height = Cm(21), Cm(29.7)  # A4, not python-docx's default US Letter
    document.add_heading(clean(meta.title), level=1)
    document.add_paragraph(f"Findings, version {meta.version} of {meta.date_released}. {url}")
    document.add_paragraph(clean(meta.review_question))
    cite = document.add_paragraph()
    cite.add_run("How to cite: ").bold = True
    cite.add_run(clean(citation))
    for number, table in enumerate(tables, start=1):
        if number > 1:
            section = document.add_section()
            if section.orientation != WD_ORIENT.LANDSCAPE:
                section.orientation = WD_ORIENT.LANDSCAPE
                section.page_width, section.page_height = section.page_height, section.page_width
        _add_table(document, table, number)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(1.8)
        section.top_margin = section.bottom_margin = Cm(1.8)
    raw = io.BytesIO()
    document.save(raw)
    return _reproducible_zip(raw.getvalue())


def _reproducible_zip(data: bytes) -> bytes:
    """The same zip with every entry stamped `ZIP_TIME` and stored in the original order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
