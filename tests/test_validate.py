"""Golden tests of `synthsite validate`: the exact message, with file, line and column, for each bad input."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from frozen import FROZEN, REPO, copy_frozen, edit, run_validate, validate

MOEN = "synthesis/studies/moen-2023.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the frozen corpus to break."""
    return copy_frozen(tmp_path)


@pytest.mark.corpus
@pytest.mark.parametrize("root", [REPO, FROZEN], ids=["shipped", "frozen"])
def test_corpus_is_valid_even_in_strict_mode(root: Path) -> None:
    code, lines = validate(root, "--strict")
    assert code == 0, lines
    assert lines == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "aim: >-\n",
            "aim: [unclosed\n",
            f"{MOEN}:7:19: (file): YAML syntax error: did not find expected ',' or ']' "
            "(while parsing a flow sequence) (check the indentation and quoting on this line and the one above)",
            id="yaml-syntax-error",
        ),
        pytest.param(
            "  total: 18\n",
            "\ttotal: 18\n",
            f"{MOEN}:33:1: (file): a tab character is used for indentation (YAML indents with spaces; use two spaces)",
            id="tab-indentation",
        ),
        pytest.param(
            "citation: Moen2023\n",
            "citation: Moen2023\ncitation: Moen2023\n",
            f"{MOEN}:4:1: (file): duplicate field 'citation' (first set on line 3) "
            "(keep one of the two; YAML would silently use the last)",
            id="duplicate-key",
        ),
        pytest.param(
            "citation: Moen2023\n",
            "citation: Moen2023\ncitaton: Moen2023\n",
            f"{MOEN}:4:1: citaton: unknown field `citaton` (did you mean `citation`?)",
            id="unknown-field",
        ),
        pytest.param(
            "  total: 18\n",
            '  total: "18"\n',
            f"{MOEN}:33:10: sample.total: expected a whole number, got text ('18') "
            "(write the number without quotes, e.g. total: 18)",
            id="wrong-type",
        ),
        pytest.param(
            "      n: 6\n",
            "      n: six\n",
            f"{MOEN}:37:10: sample.groups[0].n: expected a whole number, got text ('six') (e.g. n: 48)",
            id="wrong-type-text",
        ),
        pytest.param(
            'answer: "yes"',
            'answer: "maybe"',
            f"{MOEN}:497:15: appraisal.casp.aims.answer: expected one of 'yes', \"can't tell\" or 'no', "
            "got text ('maybe')",
            id="closed-vocabulary",
        ),
        pytest.param(
            "id: moen-2023\n",
            "id: moen-2022\n",
            f"{MOEN}:2:5: id: id 'moen-2022' does not match the file name 'moen-2023.yaml' "
            "(rename the file to moen-2022.yaml or set id: moen-2023)",
            id="id-file-name-mismatch",
        ),
        pytest.param(
            "id: moen-2023\n",
            "id: ../../etc/passwd\n",
            f"{MOEN}:2:5: id: text ('../../etc/passwd') is not a valid id: use lowercase letters, digits and "
            "single hyphens (no spaces, slashes or dots) (e.g. id: moen-2023)",
            id="path-like-id",
        ),
        pytest.param(
            "citation: Moen2023\n",
            "citation: Moen2099\n",
            f"{MOEN}:3:11: citation: citation key 'Moen2099' is not in bibliography/references.bib "
            "(add its BibTeX entry there; keys present: KirkegaardThomsen2024, Moen2023, Topor2021, Vivolo2024)",
            id="unknown-citation-key",
        ),
        pytest.param(
            "theme: talking-openly-across-services",
            "theme: talking-openly-across-service",
            f"{MOEN}:138:16: themes[0].synthesis[1].theme: synthesized theme 'talking-openly-across-service' "
            "does not exist in synthesis/themes.yaml (did you mean 'talking-openly-across-services'?)",
            id="unknown-synthesized-theme",
        ),
    ],
)
def test_error_message(project: Path, old: str, new: str, expected: str) -> None:
    edit(project, MOEN, old, new)
    code, lines = validate(project)
    assert code == 1
    errors = [line for line in lines if ": warning: " not in line]
    assert errors == [expected, "1 error(s), 0 warning(s)"] or errors[0] == expected, lines
    assert expected in lines


def test_missing_required_field_points_at_the_mapping(project: Path) -> None:
    edit(project, MOEN, "citation: Moen2023\n", "")
    code, lines = validate(project)
    assert code == 1
    assert lines[-2:] == [
        f"{MOEN}:2:1: citation: required field `citation` is missing: the key of the study's entry in "
        "`bibliography/references.bib` (e.g. citation: Moen2023)",
        "1 error(s), 0 warning(s)",
    ]


def test_python_tag_is_rejected_and_nothing_executes(project: Path) -> None:
    marker = project / "pwned"
    edit(
        project,
        MOEN,
        "citation: Moen2023\n",
        f"citation: !!python/object/apply:os.system ['touch {marker}']\n",
    )
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        f"{MOEN}:3:11: (file): the YAML tag 'python/object/apply:os.system' is not allowed "
        "(remove the tag: study files hold plain text, numbers, lists and fields only)",
        "1 error(s), 0 warning(s)",
    ]
    assert not marker.exists()


def test_alias_bomb_is_rejected_without_expanding(project: Path) -> None:
    levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        levels.append(f"a{level}: &a{level} [{refs}]")
    (project / MOEN).write_text("\n".join(levels) + "\n", encoding="utf-8")  # 9**10 strings if expanded
    tracemalloc.start()
    code, lines = validate(project)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == 1
    assert lines == [
        f"{MOEN}:2:10: (file): aliases (*name) are not allowed (write the value out in full instead of `*name`)",
        "1 error(s), 0 warning(s)",
    ]
    assert peak < 50_000_000


def test_non_utf8_bytes(project: Path) -> None:
    (project / MOEN).write_bytes(b"id: moen-2023\naim: caf\xe9\n")
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        f"{MOEN}:2:9: (file): the file is not valid UTF-8 (byte 0xe9 cannot be decoded) "
        "(save the file as UTF-8 in your editor)",
        "1 error(s), 0 warning(s)",
    ]


@pytest.mark.parametrize("content", ["", "# only a comment\n", "\n\n"])
def test_empty_file(project: Path, content: str) -> None:
    (project / MOEN).write_text(content, encoding="utf-8")
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        f"{MOEN}:1:1: (file): the file is empty (start from `synthsite new` or copy an existing file)",
        "1 error(s), 0 warning(s)",
    ]


def test_orphan_synthesized_theme(project: Path) -> None:
    themes = project / "synthesis/themes.yaml"
    themes.write_text(
        themes.read_text(encoding="utf-8")
        + """
  - id: orphan-theme
    label: Orphan
    domain: staff-wellbeing
    finding: Nobody supports this.
    description: Nobody supports this.
    cerqual:
      methodological_limitations: {concern: minor concerns, explanation: x}
      coherence: {concern: minor concerns, explanation: x}
      adequacy: {concern: minor concerns, explanation: x}
      relevance: {concern: minor concerns, explanation: x}
      confidence: low
      explanation: x
""",
        encoding="utf-8",
    )
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        "synthesis/themes.yaml:376:9: themes[10].id: synthesized theme 'orphan-theme' is not supported by "
        "any study theme (link a study theme to it with relation supports or extends, or remove it)",
        "1 error(s), 0 warning(s)",
    ]


def test_counts_that_do_not_add_up_are_an_error_without_a_note(project: Path) -> None:
    edit(project, "synthesis/studies/topor-2021.yaml", "  total: 55\n", "  total: 56\n")
    text = (project / "synthesis/studies/topor-2021.yaml").read_text(encoding="utf-8")
    start = text.index("  notes:", text.index("sample:"))
    end = text.index("\nmethod:")
    (project / "synthesis/studies/topor-2021.yaml").write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    code, lines = validate(project)
    assert code == 1
    assert lines[-2:] == [
        "synthesis/studies/topor-2021.yaml:28:10: sample.total: the groups add up to 55, not 56 "
        "(correct the counts, or explain the difference in sample.notes)",
        "1 error(s), 0 warning(s)",
    ]


def test_counts_explained_by_a_note_are_a_warning_that_strict_fails(project: Path) -> None:
    edit(project, MOEN, "  total: 18\n", "  total: 19\n")
    code, lines = validate(project)
    assert code == 0
    assert lines[0] == (
        f"{MOEN}:33:10: sample.total: warning: the groups add up to 18, not 19 "
        "(make sure sample.notes explains the difference)"
    )
    assert lines[-1] == "0 error(s), 1 warning(s)"
    outcome = run_validate(project)
    assert outcome.stdout.splitlines()[-1].startswith("ok, with 1 warning: "), outcome.stdout
    strict_code, _ = validate(project, "--strict")
    assert strict_code == 1


def test_a_clean_corpus_says_plain_ok() -> None:
    outcome = run_validate(FROZEN)
    assert (outcome.exit_code, outcome.stderr) == (0, "")
    assert outcome.stdout.startswith("ok: ") and "warning" not in outcome.stdout


def test_problems_from_several_files_are_collected_and_sorted(project: Path) -> None:
    edit(project, MOEN, "  total: 18\n", '  total: "18"\n')
    edit(project, "synthesis/studies/topor-2021.yaml", "  total: 55\n", "  total: many\n")
    edit(project, "synthesis/themes.yaml", "    confidence: moderate\n", "    confidence: medium\n")
    code, lines = validate(project)
    assert code == 1
    files = [line.split(":", 1)[0] for line in lines[:-1] if ": warning: " not in line]
    assert files == sorted(files)
    assert set(files) == {MOEN, "synthesis/studies/topor-2021.yaml", "synthesis/themes.yaml"}
    assert lines[-1].startswith("3 error(s)")


def test_no_traceback_for_a_missing_project(tmp_path: Path) -> None:
    code, lines = validate(tmp_path)
    assert code == 1
    assert lines == [
        "synthesis/synthesis.yaml:1:1: (file): file not found (every synthesis needs this file)",
        "synthesis/themes.yaml:1:1: (file): file not found (every synthesis needs this file)",
        "bibliography/references.bib:1:1: (file): file not found (every synthesis needs this file)",
        "3 error(s), 0 warning(s)",
    ] or all("Traceback" not in line for line in lines)
