"""/findings/: the numbered Summary of Qualitative Findings, the evidence profile and their Word document.

The page's Markdown and the two tables' CSV/JSON are pinned by the golden files (tests/golden/mini/findings/);
here the .docx is opened with python-docx and read back cell by cell against the tables, and rebuilt to prove
its bytes do not depend on the clock.
"""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from datetime import UTC, datetime

import docx
import pytest

from sitebuild import MINI, valid_corpus
from synthsite.index.findings import PROFILE_ID, SUMMARY_ID, findings_tables
from synthsite.load import Corpus
from synthsite.pipeline import index_corpus
from synthsite.render import Site, render_index
from synthsite.render.docx import CONFIDENCE_LEVELS, DOCX_PATH, NOTE_MARK, ZIP_TIME
from synthsite.tables import to_csv


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return valid_corpus(MINI)


@pytest.fixture(scope="module")
def site(corpus: Corpus) -> Site:
    return render_index(index_corpus(corpus))


def docx_rows(data: bytes) -> list[list[list[str]]]:
    """Every table of a .docx as rows of cell texts (header row first), without the domains' heading rows (one
    cell merged across the table)."""
    document = docx.Document(io.BytesIO(data))
    return [
        [
            [cell.text for cell in row.cells]
            for number, row in enumerate(table.rows)
            if number == 0 or len({id(cell._tc) for cell in row.cells}) > 1
        ]
        for table in document.tables
    ]


def test_the_docx_holds_both_tables_exactly_as_their_csv(site: Site, corpus: Corpus) -> None:
    summary, profile = findings_tables(index_corpus(corpus))
    tables = docx_rows(site.binary[DOCX_PATH])
    assert len(tables) == 2
    for table, rows in zip((summary, profile), tables, strict=True):
        shown = [index for index, column in enumerate(table.columns) if column.key != "version"]
        assert len(shown) == len(table.columns) - 1
        marked = {"confidence": NOTE_MARK}  # the note defining the levels of confidence
        assert rows[0] == [table.columns[i].label + marked.get(table.columns[i].key, "") for i in shown]
        expected = [[row[index] for index in shown] for row in csv.reader(io.StringIO(to_csv(table)))][1:]
        assert rows[1:] == expected, table.id
    findings = {theme.finding for theme in corpus.themes.themes}
    for finding in findings:  # every finding, word for word, in both tables
        assert sum(finding in row[1] for row in tables[0][1:]) == 1, finding
        assert sum(finding in row[1] for row in tables[1][1:]) == 1, finding


def test_the_docx_numbers_findings_and_shows_the_four_cerqual_components(site: Site) -> None:
    summary, profile = docx_rows(site.binary[DOCX_PATH])
    assert [row[0] for row in summary[1:]] == [str(n) for n in range(1, len(summary))]
    assert profile[0][2:6] == ["Methodological limitations", "Coherence", "Adequacy of data", "Relevance"]
    levels = ("high confidence", "moderate confidence", "low confidence", "very low confidence")
    assert all(row[6].lower().startswith(levels) for row in profile[1:])


def test_no_cell_says_its_judgement_twice(site: Site) -> None:
    """The overall explanation often restates the level ("Low confidence, one study."); the profile's cell
    (CSV, page and Word) says the level once, and keeps the rest of the explanation."""
    rows = list(csv.DictReader(io.StringIO(site.files[f"findings/{PROFILE_ID}.csv"])))
    assert rows
    for row in rows:
        for column in ("confidence", "methodological_limitations", "coherence", "adequacy", "relevance"):
            words = row[column].lower().split()
            level = " ".join(words[:2]).rstrip(":,.")
            assert row[column].lower().count(level) == 1, row[column]
    low = next(row for row in rows if row["confidence"].startswith("Low"))
    assert low["confidence"] == "Low confidence: one study."
    _summary, profile = docx_rows(site.binary[DOCX_PATH])
    assert "Low confidence: one study." in [row[6] for row in profile[1:]]
    profile_section = site.pages["findings/index.md"].split("## Evidence profile")[1]
    assert "Low confidence, one study" not in profile_section and "one study." in profile_section


def test_the_docx_is_byte_identical_across_builds_and_carries_no_clock_time(corpus: Corpus, site: Site) -> None:
    first = site.binary[DOCX_PATH]
    time.sleep(2.1)  # zip entries carry seconds/2: a clock-stamped entry would now differ
    again = render_index(index_corpus(corpus)).binary[DOCX_PATH]
    assert again == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {ZIP_TIME}
    properties = docx.Document(io.BytesIO(first)).core_properties
    released = datetime.strptime(corpus.meta.date_released, "%Y-%m-%d").replace(tzinfo=UTC)
    assert properties.created == released and properties.modified == released
    assert properties.revision == 1


def test_the_findings_tables_have_downloads_beside_the_page(site: Site) -> None:
    for table_id in (SUMMARY_ID, PROFILE_ID):
        assert f"findings/{table_id}.csv" in site.files
        assert f"findings/{table_id}.json" in site.files
    page = site.pages["findings/index.md"]
    assert 'href="findings.docx" download' in page
    assert page.count('class="synthsite-cite') >= 3  # each table, and the findings as a whole


def test_the_docx_is_what_a_guideline_panel_can_paste(site: Site, corpus: Corpus) -> None:
    """Findings grouped by domain (a heading row per domain, iSoQ's layout), a note defining the four levels of
    confidence under each table, the contributing studies' references, the version line, no text said twice."""
    index = index_corpus(corpus)
    document = docx.Document(io.BytesIO(site.binary[DOCX_PATH]))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    domains = [domain.label for domain, _themes in index.crosswalk.rows]
    assert len(domains) > 1
    for table in document.tables:
        headings, finding_domain, current = [], {}, None
        for row in table.rows[1:]:
            if len({id(cell._tc) for cell in row.cells}) == 1:  # one cell merged across the table
                current = row.cells[0].text
                headings.append(current)
            else:
                finding_domain[row.cells[1].text] = current
        assert headings == domains
        for domain, themes in index.crosswalk.rows:
            for theme in themes:
                assert finding_domain[f"{theme.label}. {theme.finding}"] == domain.label
        for row in table.rows:  # no cell says anything twice ("Low confidence: Low confidence, ...")
            for cell in row.cells:
                head, _, rest = cell.text.partition(": ")
                assert not (rest and rest.casefold().startswith(head.casefold())), cell.text
                parts = [part.strip().casefold() for part in re.split(r"[;.]", cell.text) if part.strip()]
                assert len(parts) == len(set(parts)), cell.text
    notes = [text for text in paragraphs if text.startswith(f"{NOTE_MARK} GRADE-CERQual levels of confidence")]
    assert len(notes) == len(document.tables)
    for level, definition in CONFIDENCE_LEVELS:
        assert f"{level}: {definition}" in notes[0]
    assert "References of the contributing studies" in paragraphs
    references = paragraphs[paragraphs.index("References of the contributing studies") + 1 :]
    contributing = {s for found in index.evidence.values() for s in found.support.studies}
    assert len(references) == len(contributing)
    for study_id in contributing:
        title = corpus.bibliography.entries[index.by_id[study_id].study.citation].fields["title"]
        assert sum(title.strip("{}")[:30] in text for text in references) == 1, study_id
    assert references == sorted(references, key=str.casefold)
    assert any(text.startswith(f"Findings. {index.edition.statement}.") for text in paragraphs)
