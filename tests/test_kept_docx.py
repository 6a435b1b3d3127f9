"""The preview keeps the findings document made with marks where the texts carrying the data fingerprint go
(`render.docx.KeptDocx`), and writes a save's texts into it: the bytes must be those a fresh build makes, for any
text and whatever the data hold, and a change of anything else the document shows must make it again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sitebuild import MINI
from synthsite.index import SynthesisIndex
from synthsite.index.findings import findings_tables
from synthsite.model import SynthesisMeta
from synthsite.model.edition import Edition
from synthsite.pipeline import index_corpus, validate
from synthsite.render.docx import MARKS, Group, KeptDocx, findings_docx
from synthsite.tables import Table

URL = "https://example.org/findings/"


@pytest.fixture(scope="module")
def index() -> SynthesisIndex:
    corpus, problems = validate(Path(MINI))
    assert corpus is not None, problems
    return index_corpus(corpus, date="2026-01-01")


def _edition(fingerprint: str, version: str | None = "0.1.0", unreleased: bool = True) -> Edition:
    return Edition(fingerprint, version, "2026-01-01", unreleased, date="2026-02-02", commit="0123456789abcdef")


def _docx(
    index: SynthesisIndex,
    citation: str,
    edition: Edition,
    kept: KeptDocx | None = None,
    tables: tuple[Table, ...] | None = None,
    meta: SynthesisMeta | None = None,
    groups: tuple[Group, ...] = (),
) -> bytes:
    return findings_docx(
        meta or index.meta,
        tables or findings_tables(index),
        citation,
        URL,
        edition,
        groups=groups,
        references=("Ref A.", "Ref B."),
        kept=kept,
    )


def _with_cell(table: Table, key: str, value: object) -> Table:
    return replace(table, rows=({**table.rows[0], key: value}, *table.rows[1:]))


def test_a_kept_document_with_a_new_stamp_is_the_document_made_afresh(index: SynthesisIndex) -> None:
    """Each save stamps other texts (a new data fingerprint, hostile citation text): the kept document stamped
    with them is byte for byte the one made from scratch, and it is made once while only the stamps change."""
    kept = KeptDocx()
    citations = (
        "Author (2026). Findings [data fingerprint aaaa].",
        "A & B <i>\"quoted\"</i> 'single' > é ü 中文 \ue001.",
        "Plain citation",
    )
    for number, citation in enumerate(citations):
        edition = _edition(f"{number}" * 64, version=f"0.{number}.0 & <b>")
        assert _docx(index, citation, edition, kept) == _docx(index, citation, edition), citation
    assert kept.made == 1


@pytest.mark.parametrize(
    "citation",
    ["  leading spaces", "trailing space ", "a\ttab", "a\nline break", "a\rreturn", ""],
)
def test_a_stamp_python_docx_writes_otherwise_makes_the_document_whole(index: SynthesisIndex, citation: str) -> None:
    """White space at either end (`xml:space`), tabs and line breaks (elements of their own), an empty citation
    (no `w:t`) are not written into the marks: the document is made whole, the same bytes as a fresh build."""
    kept = KeptDocx()
    _docx(index, "A citation.", _edition("a" * 64), kept)
    assert _docx(index, citation, _edition("b" * 64), kept) == _docx(index, citation, _edition("b" * 64))


def test_a_change_the_document_shows_makes_it_again(index: SynthesisIndex) -> None:
    """A cell's text (`1` then `True`, equal values written differently), the edition becoming released (which
    drops a run), the title, the domains' groups: each makes the document again, and it equals a fresh build's."""
    kept = KeptDocx()
    summary, profile = findings_tables(index)
    key = next(column.key for column in summary.columns if column.key != "version")
    for value in (1, True, "1"):
        tables = (_with_cell(summary, key, value), profile)
        made = kept.made
        assert _docx(index, "C.", _edition("c" * 64), kept, tables=tables) == _docx(
            index, "C.", _edition("c" * 64), tables=tables
        )
        assert kept.made == made + 1, value
    released = _edition("c" * 64, unreleased=False)
    assert _docx(index, "C.", released, kept, tables=tables) == _docx(index, "C.", released, tables=tables)
    assert kept.made == 4
    retitled = index.meta.model_copy(update={"title": "Another title"})
    assert _docx(index, "C.", released, kept, tables=tables, meta=retitled) == _docx(
        index, "C.", released, tables=tables, meta=retitled
    )
    assert kept.made == 5
    groups = (Group("Domain one", 1), Group("Domain two", len(summary.rows) - 1))
    assert _docx(index, "C.", released, kept, tables=tables, meta=retitled, groups=groups) == _docx(
        index, "C.", released, tables=tables, meta=retitled, groups=groups
    )
    assert kept.made == 6
    # the version column is not in the document (the version line says it): a new version there is no change
    version = (_with_cell(tables[0], "version", "0.9.9"), profile)
    _docx(index, "C.", released, kept, tables=version, meta=retitled, groups=groups)
    assert kept.made == 6


def test_data_holding_a_mark_keep_nothing(index: SynthesisIndex) -> None:
    """A cell holding a mark's text would be stamped too: such a document is not kept, each save makes it."""
    summary, profile = findings_tables(index)
    key = next(column.key for column in summary.columns if column.key != "version")
    tables = (_with_cell(summary, key, f"x {MARKS.citation} y"), profile)
    kept = KeptDocx()
    for fingerprint in ("d", "e"):
        edition = _edition(fingerprint * 64)
        assert _docx(index, "D.", edition, kept, tables=tables) == _docx(index, "D.", edition, tables=tables)
    assert kept.made == 2
