"""A study theme linked to no synthesized theme says why (`unlinked`); without a reason it stays a warning."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from frozen import REPO, copy_frozen, run_validate
from synthsite.cli import validate_corpus
from synthsite.pipeline import index_corpus
from synthsite.render import render_index

MINI = REPO / "tests" / "fixtures" / "mini"
VIVOLO = "synthesis/studies/vivolo-2024.yaml"
LINKS = """    synthesis:
      - theme: pressures-and-pessimism-wear-staff-down
        relation: extends
        rationale: >-
          Adds an individual source of strain (lack of life and prior work experience) to the
          system-level pressures that wear staff down.
"""
UNLINKED = """    unlinked:
      reason: text not available
      explanation: Table 1, which holds this subtheme's quotes, is missing from the copy read.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_frozen(tmp_path)


def replace(project: Path, old: str, new: str) -> None:
    path = project / VIVOLO
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def validate(project: Path, *args: str) -> tuple[int, list[str], str]:
    result = run_validate(project, *args)
    return result.exit_code, result.stderr.splitlines(), result.stdout


def test_a_theme_without_links_or_reason_is_a_warning_that_strict_fails(project: Path) -> None:
    replace(project, LINKS, "")
    code, lines, _ = validate(project, "--strict")
    assert code == 1
    assert lines == [
        f"{VIVOLO}:101:5: themes[1].synthesis: warning: study theme 'individual-challenges' is not linked to any "
        "synthesized theme (add a crosswalk link under `synthesis:`, or say why it bears on none: `unlinked:` "
        "with `reason:` text not available, outside the review question or other, and `explanation:`)",
        "0 error(s), 1 warning(s)",
    ]


def test_a_theme_with_a_reason_is_no_warning(project: Path) -> None:
    replace(project, LINKS, UNLINKED)
    code, lines, out = validate(project, "--strict")
    assert (code, lines) == (0, [])
    assert re.fullmatch(r"ok: \d+ stud(y|ies), \d+ synthesized themes?\n", out)  # any size of corpus


def test_links_and_a_reason_together_are_refused(project: Path) -> None:
    replace(project, LINKS, LINKS + UNLINKED)
    code, lines, _ = validate(project)
    assert code == 1
    assert lines == [
        f"{VIVOLO}:101:5: themes[1]: a theme with crosswalk links under `synthesis:` cannot also be `unlinked`; "
        "remove one of them",
        "1 error(s), 0 warning(s)",
    ]


def test_a_reason_outside_the_vocabulary_is_refused(project: Path) -> None:
    replace(project, LINKS, UNLINKED.replace("text not available", "no time"))
    code, lines, _ = validate(project)
    assert code == 1
    assert lines == [
        f"{VIVOLO}:113:15: themes[1].unlinked.reason: expected one of 'text not available', "
        "'outside the review question' or 'other', got text ('no time')",
        "1 error(s), 0 warning(s)",
    ]


# ------------------------------------------------------------------------------- page and crosswalk.csv


@pytest.fixture(scope="module")
def mini_site():  # type: ignore[no-untyped-def]
    corpus, problems = validate_corpus(MINI, strict=True)
    assert corpus is not None, [p.format() for p in problems]
    return render_index(index_corpus(corpus))


def test_the_study_page_says_why_a_theme_is_not_linked(mini_site) -> None:  # type: ignore[no-untyped-def]
    page = mini_site.pages["studies/smith-2020-routines/index.md"]
    assert (
        "Not linked to a synthesized theme (outside the review question): Claiming benefits is about the welfare "
        "system, not about hope, routines or peer support.</p>"
    ) in page


def test_crosswalk_csv_has_a_row_with_an_empty_target_and_the_reason(mini_site) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(mini_site.files["data/crosswalk.csv"])))
    unlinked = [row for row in rows if row["study_theme"] == "benefit-paperwork"]
    assert unlinked == [
        {
            "study": "smith-2020-routines",
            "study_label": "Smith & Jones, 2020b",
            "study_theme": "benefit-paperwork",
            "study_theme_label": "Benefit paperwork",
            "level": "subtheme",
            "parent": "staff-lean-on-each-other",
            "perspective": "carers",
            "synthesized_theme": "",
            "relation": "",
            "rationale": "",
            "unlinked_reason": "outside the review question",
            "unlinked_explanation": "Claiming benefits is about the welfare system, not about hope, routines or "
            "peer support.",
            "review": "",
            "agreed_by_two_reviewers": "",
            "complicates": "",
            "contested": "",
            "alternative_readings": "",
            "passage": "",
        }
    ]
    linked = {row["study_theme"] for row in rows if row["synthesized_theme"]}
    assert "benefit-paperwork" not in linked and "hope-is-fragile" in linked
