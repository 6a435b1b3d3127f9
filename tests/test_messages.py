"""Messages a newcomer can act on: golden tests of the exact text, on a frozen copy of the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from frozen import copy_frozen, edit, run_validate
from synthsite.cli import main
from synthsite.load.messages import _sentence
from synthsite.model import Gender

MOEN = "synthesis/studies/moen-2023.yaml"
BIB = "bibliography/references.bib"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_frozen(tmp_path)


def validate(project: Path) -> list[str]:
    return run_validate(project).stderr.splitlines()


def test_a_missing_comma_after_a_field_is_reported_where_it_is_missing(project: Path) -> None:
    edit(project, BIB, "pages = {374--385},", "pages = {374--385}")
    assert validate(project) == [
        f"{BIB}:14:70: (file): entry 'Topor2021': a comma is missing after the field 'pages' "
        "(add , after {374--385} at the end of line 14)",
        "1 error(s), 0 warning(s)",
    ]


def test_a_missing_comma_after_the_entry_key_is_not_accepted(project: Path) -> None:
    edit(project, BIB, "@article{Topor2021,", "@article{Topor2021")
    assert validate(project) == [
        f"{BIB}:10:19: (file): entry 'Topor2021': a comma is missing after the entry key "
        "(write @article{Topor2021, with a comma after the key)",
        "1 error(s), 0 warning(s)",
    ]


def test_synthsite_new_reports_a_missing_comma_in_the_entry_it_is_given(tmp_path: Path) -> None:
    copy_frozen(tmp_path)
    entry = tmp_path / "entry.bib"
    entry.write_text("@article{Doe2025,\n  author = {Doe, Jane}\n  title = {A study},\n  year = {2025}\n}\n")
    result = CliRunner().invoke(main, ["new", "doe-2025", "--bibtex", str(entry), "--root", str(tmp_path)])
    assert result.exit_code != 0
    assert "entry 'Doe2025': a comma is missing after the field 'author' (add , after {Doe, Jane} at the end of " in (
        result.stderr
    )


def test_an_over_indented_field_after_a_value_says_where_it_belongs(project: Path) -> None:
    edit(project, MOEN, "      perspective: service users\n", "       perspective: service users\n")
    assert validate(project) == [
        f"{MOEN}:36:8: (file): 'perspective:' is indented 7 spaces, deeper than 'role:' on line 35, which holds a "
        "value, so this line reads as part of that value (to make 'perspective' the next field beside 'role', "
        "indent it 6 spaces)",
        "1 error(s), 0 warning(s)",
    ]


def test_a_field_between_two_levels_says_which_field_it_seems_to_belong_to(project: Path) -> None:
    edit(project, MOEN, "  services:\n", "   services:\n")
    assert validate(project) == [
        f"{MOEN}:17:4: (file): 'services:' is indented 3 spaces, but the items inside 'countries:' (line 15) are "
        "indented 4 and 'countries:' itself 2 (indent 'services:' 2 spaces to make it a field beside 'countries')",
        "1 error(s), 0 warning(s)",
    ]


def test_a_field_swallowed_by_a_folded_text_gets_a_warning_at_its_line(project: Path) -> None:
    edit(project, MOEN, "  period: January to December 2018", "    period: January to December 2018")
    lines = validate(project)
    assert (
        f"{MOEN}:31:5: context: warning: this line reads like the field 'period', but it is indented deeper than "
        "'context:' on line 22, so it is part of the text of 'context' (if 'period' is a field, indent it like "
        "'context:')"
    ) in lines
    assert lines[-1] == "1 error(s), 1 warning(s)"  # and the error: period is missing


def test_text_that_merely_mentions_a_field_name_is_no_warning(project: Path) -> None:
    edit(
        project,
        MOEN,
        "    which makes inter-sectoral",
        "    period: a word at the start of a line, not indented\n    which makes inter-sectoral",
    )
    path = project / MOEN
    text = path.read_text(encoding="utf-8").replace(
        "    period: a word at the start of a line, not indented\n", "    the period: a word inside text\n"
    )
    path.write_text(text, encoding="utf-8")
    assert validate(project) == []


def test_a_missing_fields_description_is_never_cut_mid_sentence() -> None:
    description = Gender.model_fields["other"].description or ""
    assert "\n" in description  # the docstring wraps over lines
    assert _sentence(description) == (
        "number of participants reported as another gender; `not reported` when the paper leaves some "
        "participants' gender unaccounted for (explain in `sample.notes`)"
    )
