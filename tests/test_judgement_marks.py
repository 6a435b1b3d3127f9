"""Every output that shows a CERQual judgement says when the assessment predates the evidence, and when links
the finding rests on are contested.

A copy of the shipped data gets the synthetic fifth study, as a contributor's pull request would add it, and no
reviewer re-assesses anything. The findings it joins now rest on evidence their assessments did not judge: the
theme page says so, and so must /findings/ (both tables), their CSV and JSON, the Word document, the Summary of
Qualitative Findings on /themes/ and the home page. Findings the study does not touch stay unmarked by it.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import docx
import pytest
import yaml

from frozen import edit
from growing import add_fifth_study
from htmltree import Node, parse, table_cells
from synthsite.index.findings import PROFILE_ID, SUMMARY_ID
from synthsite.pipeline import generate, index_corpus
from synthsite.pipeline import validate as validate_corpus
from synthsite.render import Site
from synthsite.render.docx import DOCX_PATH

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, str, set[str], dict[str, str]]:
    """The site of the shipped data plus the fifth study; its id, the findings it links and every label."""
    root = tmp_path_factory.mktemp("marks")
    for folder in ("synthesis", "bibliography"):
        shutil.copytree(REPO / folder, root / folder)
    fifth = add_fifth_study(root)
    study = yaml.safe_load((root / "synthesis" / "studies" / f"{fifth}.yaml").read_text(encoding="utf-8"))
    linked = {link["theme"] for theme in study["themes"] for link in theme.get("synthesis", [])}
    corpus, problems = validate_corpus(root)
    assert corpus is not None, [p.format() for p in problems]
    labels = {theme.id: theme.label for theme in corpus.themes.themes}
    assert linked and linked < set(labels)
    return generate(corpus), fifth, linked, labels


def _row_marks(rows: list[dict[str, str]], labels: dict[str, str], column: str) -> dict[str, str]:
    """Theme id -> the assessment-state cell of its row (rows are found by the finding's label)."""
    found = {}
    for theme_id, label in labels.items():
        (row,) = [row for row in rows if row["finding"].startswith(f"{label}. ")]
        found[theme_id] = row[column]
    return found


def _page_rows(page: str, table_id: str, link_prefix: str) -> dict[str, str]:
    """Theme id -> the text of its row in a page's table (rows are found by their link to the theme page)."""
    table = parse(page).by_id(table_id)
    assert table is not None, table_id
    _head, rows = table_cells(table)
    found: dict[str, str] = {}
    for cells in rows:
        row = Node("tr", children=list(cells))
        for anchor in row.iter("a"):
            href = anchor.attrs.get("href") or ""
            if href.startswith(link_prefix) and href.count("/") == link_prefix.count("/") + 1:
                found[href[len(link_prefix) :].split("/")[0]] = row.text()
    return found


def _check(marks: dict[str, str], fifth: str, linked: set[str], where: str) -> None:
    for theme_id, text in marks.items():
        if theme_id in linked:
            assert fifth in text, (where, theme_id, text)  # "added <id>" or "newly contradicting: <id>"
        else:
            assert fifth not in text, (where, theme_id, text)


def test_adding_a_study_marks_its_findings_in_every_output(grown: tuple[Site, str, set[str], dict[str, str]]) -> None:
    site, fifth, linked, labels = grown
    column = "assessment_predates_evidence"

    # the theme page: the reference every other output must agree with
    for theme_id in linked:
        state = parse(site.pages[f"themes/{theme_id}/index.md"]).by_id("assessment-state")
        assert state is not None and "The assessment predates the current evidence." in state.text()

    # /findings/: both tables on the page, their CSV and JSON
    page = site.pages["findings/index.md"]
    for table_id in (SUMMARY_ID, PROFILE_ID):
        rows = _page_rows(page, table_id, "../themes/")
        assert set(rows) == set(labels)
        if table_id == PROFILE_ID:  # its own column says what changed; the summary marks the confidence cell
            _check(rows, fifth, linked, f"/findings/ #{table_id}")
        for theme_id in linked:
            assert "predates the evidence" in rows[theme_id]
        csv_rows = list(csv.DictReader(io.StringIO(site.files[f"findings/{table_id}.csv"])))
        marks = _row_marks(csv_rows, labels, column)
        _check(marks, fifth, linked, f"{table_id}.csv")
        assert all(marks[theme_id].startswith("yes: ") for theme_id in linked)
        json_rows = json.loads(site.files[f"findings/{table_id}.json"])["rows"]
        _check(_row_marks(json_rows, labels, column), fifth, linked, f"{table_id}.json")

    # the Word document: both tables, the same cells
    document = docx.Document(io.BytesIO(site.binary[DOCX_PATH]))
    assert len(document.tables) == 2
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        index = header.index("Assessment predates the evidence")
        rows = [
            {"finding": row.cells[1].text, column: row.cells[index].text}
            for row in table.rows[1:]
            if row.cells[1].text != row.cells[0].text  # a domain heading row spans the table
        ]
        _check(_row_marks(rows, labels, column), fifth, linked, "findings.docx")

    # the Summary of Qualitative Findings on /themes/
    soqf = _page_rows(site.pages["themes/index.md"], "summary-of-findings", "")
    assert set(soqf) == set(labels)
    _check(soqf, fifth, linked, "/themes/ summary of findings")
    for theme_id in linked:
        assert "Assessment predates the current evidence" in soqf[theme_id]

    # the home page: each finding at a glance, with its note
    glance = _home_glance(site.pages["index.md"])
    assert set(glance) == set(labels)
    _check(glance, fifth, linked, "home page")


# ------------------------------------------------------------------------------------------ contested links

CONTEST = (
    "        rationale: Extends being seen and listened to from service users to their families.\n",
    "        rationale: Extends being seen and listened to from service users to their families.\n"
    "        contested:\n"
    "          - relation: no link\n"
    "            rationale: Being informed as a relative is not the same as being seen as a person.\n"
    "            passage: \"Findings, 'Being included by staff'\"\n"
    "            source: independent re-reading, 2026-12\n",
)
CONTESTED_THEME = "being-seen-and-listened-to"


@pytest.fixture(scope="module")
def contested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, str, dict[str, int], dict[str, str]]:
    """The shipped data plus the fifth study, one of whose links carries an alternative reading; how many contested
    links each finding has, as the theme page counts them."""
    root = tmp_path_factory.mktemp("contested")
    for folder in ("synthesis", "bibliography"):
        shutil.copytree(REPO / folder, root / folder)
    fifth = add_fifth_study(root)
    edit(root, f"synthesis/studies/{fifth}.yaml", *CONTEST)
    corpus, problems = validate_corpus(root)
    assert corpus is not None, [p.format() for p in problems]
    index = index_corpus(corpus)
    assert index.confidence is not None
    counts = {theme.id: index.confidence.signals[theme.id].figures.contested for theme in corpus.themes.themes}
    return generate(corpus), fifth, counts, {theme.id: theme.label for theme in corpus.themes.themes}


def _column_cells(page: str, table_id: str, link_prefix: str, column: str) -> dict[str, str]:
    """Theme id -> the text of one column's cell in its row of a page's table."""
    table = parse(page).by_id(table_id)
    assert table is not None, table_id
    _head, rows = table_cells(table)
    found: dict[str, str] = {}
    for cells in rows:
        row = Node("tr", children=list(cells))
        theme = next(
            (
                href[len(link_prefix) :].split("/")[0]
                for href in (a.attrs.get("href") or "" for a in row.iter("a"))
                if href.startswith(link_prefix) and href.count("/") == link_prefix.count("/") + 1
            ),
            None,
        )
        if theme is not None:
            found[theme] = next(cell.text() for cell in cells if cell.attrs.get("data-column") == column)
    return found


def test_contested_links_mark_their_findings_in_every_output(
    contested: tuple[Site, str, dict[str, int], dict[str, str]],
) -> None:
    site, fifth, counts, labels = contested
    assert counts[CONTESTED_THEME] >= 1
    marked = {theme_id for theme_id, n in counts.items() if n}

    def check(cells: dict[str, str], where: str, yes: str, named: bool = True) -> None:
        assert set(cells) == set(labels), where
        for theme_id, text in cells.items():
            assert (yes in text) == (theme_id in marked), (where, theme_id, text)
        assert fifth in cells[CONTESTED_THEME] or not named, where

    page = site.pages["findings/index.md"]
    for table_id in (SUMMARY_ID, PROFILE_ID):
        column = "contested" if table_id == PROFILE_ID else "confidence"  # the summary marks its confidence cell
        check(
            _column_cells(page, table_id, "../themes/", column),
            f"/findings/ #{table_id}",
            "contested",
            column != "confidence",
        )
        rows = list(csv.DictReader(io.StringIO(site.files[f"findings/{table_id}.csv"])))
        check(_row_marks(rows, labels, "contested"), f"{table_id}.csv", "yes: ")
        json_rows = json.loads(site.files[f"findings/{table_id}.json"])["rows"]
        check(_row_marks(json_rows, labels, "contested"), f"{table_id}.json", "yes: ")
    document = docx.Document(io.BytesIO(site.binary[DOCX_PATH]))
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        index = header.index("Contested links")
        rows = [
            {"finding": row.cells[1].text, "contested": row.cells[index].text}
            for row in table.rows[1:]
            if len({id(cell._tc) for cell in row.cells}) > 1  # not a domain's heading row
        ]
        check(_row_marks(rows, labels, "contested"), "findings.docx", "yes: ")
    # the theme page counts them; the /themes/ summary and the home page flag them in the evidence note
    for theme_id, n in counts.items():
        assert (f"; {n} contested" in site.pages[f"themes/{theme_id}/index.md"]) == bool(n), theme_id
    soqf = _column_cells(site.pages["themes/index.md"], "summary-of-findings", "", "evidence_note")
    for theme_id, note in soqf.items():
        assert ("contested link" in note) == (theme_id in marked), theme_id
    notes = _home_glance(site.pages["index.md"])
    for theme_id in labels:
        assert ("contested link" in notes[theme_id]) == (theme_id in marked), theme_id


def _home_glance(page: str) -> dict[str, str]:
    """Synthesized theme id -> the text of its entry in the home page's findings at a glance."""
    glance = {}
    for item in parse(page).iter("li"):
        hrefs = [a.attrs.get("href") or "" for a in item.iter("a")]
        themes = [href.split("/")[1] for href in hrefs if href.startswith("themes/") and href.count("/") == 2]
        if len(themes) == 1 and any(p.attrs.get("class") == "synthsite-glance-title" for p in item.iter("p")):
            glance[themes[0]] = item.text()
    return glance
