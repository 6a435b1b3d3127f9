"""Hostile input, round three, in the data: every parse failure is a message at file:line (never a crash or a
traceback), text is displayed as text, CSV cells cannot become formulas, and ids are names every system can
hold. Each test puts the attack in a copy of the frozen fixture and asserts the exact outcome."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from frozen import copy_frozen, edit, validate
from synthsite.cli import main
from synthsite.tables import neutralise_cell

MOEN = "synthesis/studies/moen-2023.yaml"
BIB = "bibliography/references.bib"
SYNTHESIS = "synthesis/synthesis.yaml"
THEMES = "synthesis/themes.yaml"
SYNTHSITE = Path(sys.executable).parent / "synthsite"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_frozen(tmp_path / "project")


# ------------------------------------------------------------------------------------------ parse failures


def test_sixty_kilobytes_of_nested_brackets_are_a_message_not_a_segfault(project: Path) -> None:
    """libyaml's composer recursed once per `[` on the C stack: validate died with signal 11 and no message."""
    (project / MOEN).write_text("id: moen-2023\nthemes: " + "[" * 60_000 + "\n", encoding="utf-8")
    done = subprocess.run(
        [str(SYNTHSITE), "validate", "--root", str(project)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 1, done
    assert done.stderr.splitlines() == [
        f"{MOEN}:2:72: (file): the data is nested too deeply (more than 64 levels) (study files need a few levels "
        "of fields and lists; remove the extra brackets)",
        "1 error(s), 0 warning(s)",
    ]


def test_deep_block_nesting_is_refused_before_composing(project: Path) -> None:
    (project / MOEN).write_text("id: moen-2023\nthemes:\n" + "- " * 30_000 + "x\n", encoding="utf-8")
    code, lines = validate(project)
    assert code == 1
    assert lines[0].startswith(f"{MOEN}:3:127: (file): the data is nested too deeply (more than 64 levels)")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("!!int abc", "the value 'abc' is tagged `!!int` but is not a whole number"),
        ("!!float abc", "the value 'abc' is tagged `!!float` but is not a number"),
        ("!!bool maybe", "the value 'maybe' is tagged `!!bool` but is not true or false"),
        ("!!map abc", "the value 'abc' is tagged `!!map` but is not a group of fields"),
        ("!!seq abc", "the value 'abc' is tagged `!!seq` but is not a list"),
        ("!!null abc", "the value 'abc' is tagged `!!null` but is not empty (null)"),
        ("!!str [a]", "the value a list or group of fields is tagged `!!str` but is not text"),
    ],
)
def test_an_explicit_tag_on_a_wrong_value_is_a_message(project: Path, written: str, message: str) -> None:
    edit(project, MOEN, "  total: 18\n", f"  total: {written}\n")
    code, lines = validate(project)
    assert code == 1
    line = next(line for line in lines if line.startswith(f"{MOEN}:"))
    assert line == f"{MOEN}:33:10: (file): {message} (remove the `!!` tag and write the value plainly)"


def test_an_impossible_date_is_refused(project: Path) -> None:
    """`2026-02-30` had the form of a date, passed `validate --strict` and crashed the build."""
    edit(project, SYNTHESIS, '"2026-11-23"', '"2026-02-30"')
    code, lines = validate(project, "--strict")
    assert code == 1
    assert lines == [
        f"{SYNTHESIS}:4:16: date_released: '2026-02-30' is not a date in the calendar (YYYY-MM-DD, e.g. 2026-02-28)",
        "1 error(s), 0 warning(s)",
    ]


@pytest.mark.parametrize("epoch", ["99999999999999", "253402300800", "-5", "1.5", "yesterday"])
def test_a_source_date_epoch_out_of_range_is_a_message(project: Path, tmp_path: Path, epoch: str) -> None:
    result = CliRunner().invoke(
        main, ["pages", "--root", str(project), "--out", str(tmp_path / "out")], env={"SOURCE_DATE_EPOCH": epoch}
    )
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"error: SOURCE_DATE_EPOCH={epoch} is not a time this build can use")
    assert not (tmp_path / "out").exists()


def test_the_last_representable_epoch_is_accepted() -> None:
    from synthsite.epoch import epoch_day

    assert epoch_day({"SOURCE_DATE_EPOCH": "253402300799"}) == "9999-12-31"


def test_new_refuses_a_named_pipe_as_its_bibtex_file_without_blocking(project: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "entry.bib"
    os.mkfifo(fifo)
    outcome: list[object] = []
    worker = threading.Thread(
        target=lambda: outcome.append(
            CliRunner().invoke(main, ["new", "smith-2024", "--bibtex", str(fifo), "--root", str(project)])
        ),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=30)
    if not outcome:
        with open(fifo, "wb"):
            pass
        pytest.fail("`synthsite new --bibtex FIFO` blocked")
    result = outcome[0]
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr.splitlines() == [  # type: ignore[attr-defined]
        f"{fifo}:1:1: (file): not a regular file (a named pipe, device or socket) (give a .bib file)",
        "nothing was written",
    ]
    assert not (project / "synthesis" / "studies" / "smith-2024.yaml").exists()


def test_a_bibtex_macro_bomb_is_refused_at_its_line(project: Path) -> None:
    """Eight levels of `a0 # a0 # ...` made a 1 GB title and 1.1 GB of memory."""
    bomb = '@string{a0 = "' + "x" * 100 + '"}\n'
    bomb += "".join(f"@string{{a{n} = {' # '.join([f'a{n - 1}'] * 16)}}}\n" for n in range(1, 9))
    text = (project / BIB).read_text(encoding="utf-8")
    (project / BIB).write_text(bomb + text.replace("  title", "  note = a8,\n  title", 1), encoding="utf-8")
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        f"{BIB}:4:1: (file): BibTeX error: syntax error in line 4: the value grows past 100,000 characters when "
        "its @string macros are expanded",
        "1 error(s), 0 warning(s)",
    ]


def test_macros_built_from_macros_too_deep_are_refused(project: Path) -> None:
    chain = '@string{m0 = "x"}\n' + "".join(f"@string{{m{n} = m{n - 1} # {{y}}}}\n" for n in range(1, 10))
    (project / BIB).write_text(chain + (project / BIB).read_text(encoding="utf-8"), encoding="utf-8")
    code, lines = validate(project)
    assert code == 1
    assert lines[0] == (
        f"{BIB}:9:1: (file): BibTeX error: syntax error in line 9: the @string macro 'm8' is built from macros "
        "more than 8 levels deep"
    )


def test_a_duplicate_bibtex_key_is_reported_at_the_second_entry(project: Path) -> None:
    text = (project / BIB).read_text(encoding="utf-8")
    first = text[: text.index("\n}\n") + 3]
    (project / BIB).write_text(text + "\n" + first, encoding="utf-8")
    line = text.count("\n") + 2
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        f"{BIB}:{line}:1: (file): BibTeX error: repeated bibliography entry: KirkegaardThomsen2024",
        "1 error(s), 0 warning(s)",
    ]


# ------------------------------------------------------------------------------------------ text as text


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "U+202E right-to-left override"),
        ("\u2066", "U+2066 left-to-right isolate"),
        ("\u2069", "U+2069 pop directional isolate"),
        ("\u200b", "U+200B zero width space"),
        ("\ufeff", "U+FEFF zero width no-break space"),
        ("\u200d", "U+200D zero width joiner"),
    ],
)
def test_bidirectional_and_zero_width_characters_are_refused_with_their_code_point(
    project: Path, char: str, name: str
) -> None:
    edit(project, THEMES, "label: What supports personal recovery", f"label: What supports{char} personal recovery")
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        f"{THEMES}:6:12: (file): the text contains an invisible formatting character ({name}) (delete it: it "
        "changes how the text is shown (direction or hidden characters) without being visible)",
        "1 error(s), 0 warning(s)",
    ]


def test_joiners_inside_words_of_other_scripts_and_emoji_are_kept(project: Path) -> None:
    edit(project, THEMES, "label: What supports personal recovery", "label: What supports می\u200cخواهم 🏳️\u200d🌈")
    assert validate(project, "--strict") == (0, [])


def test_a_study_file_name_with_a_bidi_control_is_refused_and_shown_escaped(project: Path) -> None:
    name = "moen\u202e2023\n::error title=pwned::x.yaml"
    (project / MOEN).rename(project / "synthesis" / "studies" / name)
    code, lines = validate(project)
    assert code == 1
    assert (
        "synthesis/studies/moen\\u202e2023\\n::error title=pwned::x.yaml:1:1: (file): the file name contains an "
        "invisible formatting character (U+202E right-to-left override); it is not read (rename the file to "
        "<study id>.yaml)"
    ) in lines
    assert not any(line.startswith("::") or "\x1b" in line or "\u202e" in line for line in lines)


def test_a_field_name_cannot_write_a_workflow_command_or_an_escape_sequence(project: Path) -> None:
    """A quoted key with a line break and `::error`, and an OSC escape: Problem.format printed them raw."""
    edit(
        project,
        MOEN,
        "aim: >-\n",
        '"x\\n::error title=pwned::owned": 1\n"\\e]8;;https://evil.example\\a": 2\naim: >-\n',
    )
    code, lines = validate(project)
    assert code == 1
    assert lines[0] == (
        f"{MOEN}:5:1: (file): the text contains a control character (U+001B escape) (delete it: it is invisible in "
        "most editors; text may hold tabs and line breaks, no other control characters)"
    )
    edit(project, MOEN, '"\\e]8;;https://evil.example\\a": 2\n', "")
    code, lines = validate(project)
    assert code == 1
    assert lines[0] == (
        f"{MOEN}:4:1: x\\n::error title=pwned::owned: unknown field `x\\n::error title=pwned::owned` (allowed "
        "fields: aim, appraisal, citation, id, limitations, method, notes, research_questions, review_log, sample, "
        "setting, themes)"
    )
    assert not any(line.startswith("::") for line in lines)


def test_duplicate_labels_are_warnings(project: Path) -> None:
    edit(project, THEMES, "label: What sustains the staff who support it", "label: what supports  PERSONAL recovery")
    code, lines = validate(project, "--strict")
    assert code == 1
    assert lines == [
        f"{THEMES}:11:12: domains[1].label: warning: the label 'what supports  PERSONAL recovery' is also the label "
        "of 'personal-recovery' (give each a label readers can tell apart)",
        "0 error(s), 1 warning(s)",
    ]


def test_a_non_ascii_host_is_a_warning(project: Path) -> None:
    edit(
        project,
        SYNTHESIS,
        'site_url: "https://synthsite.github.io/synthsite/"',
        'site_url: "https://synthsіte.github.io/s/"',
    )
    code, lines = validate(project, "--strict")
    assert code == 1
    assert lines == [
        f"{SYNTHESIS}:36:11: site_url: warning: the web address's host 'synthsіte.github.io' is not plain ASCII (it "
        "reads 'xn--synthste-yhh.github.io'): it may imitate another (check that it is the site you mean; write "
        "its ASCII (xn--) form if it is)",
        "0 error(s), 1 warning(s)",
    ]


# -------------------------------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    "value",
    [
        " =HYPERLINK(1)",
        "\u00a0=cmd",
        "\ufeff@SUM(1)",
        "\u200b+1",
        "\u3000-2",
        "\uff1dHYPERLINK(1)",
        "\uff0b1",
        "\t\n=1",
    ],
)
def test_formulas_behind_spaces_invisible_or_full_width_characters_are_neutralised(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


def test_csv_export_neutralises_look_alike_formulas(project: Path) -> None:
    edit(project, THEMES, "label: What supports personal recovery", 'label: "\u00a0=HYPERLINK(1)"')
    edit(project, THEMES, "label: What sustains the staff who support it", 'label: "＝cmd|calc"')
    from synthsite.load import load
    from synthsite.pipeline import index_corpus
    from synthsite.tables import to_csv

    corpus = load(project).corpus
    assert corpus is not None
    tables = index_corpus(corpus).tables
    cells = [cell for table in tables.values() for row in csv.reader(io.StringIO(to_csv(table))) for cell in row]
    assert "'\u00a0=HYPERLINK(1)" in cells and "'＝cmd|calc" in cells
    assert not any(cell.lstrip(" \u00a0\ufeff\u200b\u3000").startswith(("=", "＝")) for cell in cells)


# ------------------------------------------------------------------------------------------------- ids


@pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_windows_device_names_are_refused_as_ids(project: Path, name: str) -> None:
    text = (project / MOEN).read_text(encoding="utf-8").replace("id: moen-2023\n", f"id: {name}\n", 1)
    (project / MOEN).unlink()
    (project / f"synthesis/studies/{name}.yaml").write_text(text, encoding="utf-8")
    code, lines = validate(project)
    assert code == 1
    assert lines[0] == (
        f"synthesis/studies/{name}.yaml:2:5: id: '{name}' is a device name reserved on Windows (CON, PRN, AUX, NUL, "
        "COM1-9, LPT1-9): a file or folder cannot be called that there"
    )


def test_new_refuses_a_windows_device_name(project: Path, tmp_path: Path) -> None:
    entry = tmp_path / "entry.bib"
    entry.write_text("@article{Con2024, title = {T}, author = {A, B}, year = {2024}}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", "con", "--bibtex", str(entry), "--root", str(project)])
    assert result.exit_code == 2
    assert "'con' is a device name reserved on Windows" in result.stderr
    assert "e.g. con-2024" in result.stderr
    assert not (project / "synthesis/studies/con.yaml").exists()
