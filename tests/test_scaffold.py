"""`synthsite new`: the scaffold it writes, what it refuses, and that nothing is written when it refuses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pybtex.database import parse_string

from synthsite.cli import main
from synthsite.contrib import scaffold
from synthsite.load.corpus import load
from synthsite.load.safeyaml import parse, positions
from synthsite.model import Study

REPO = Path(__file__).resolve().parents[1]
STUDY = "synthesis/studies/smith-2025.yaml"
BIB = "bibliography/references.bib"

ENTRY = """@article{Smith2025,
  author  = {Smith, Jane and Doe, John},
  title   = {Peer support workers and recovery: a qualitative interview study},
  journal = {Journal of Mental Health},
  year    = {2025}, volume = {34}, number = {2}, pages = {100--110},
  doi     = {10.1000/jmh.2025.1}
}
"""

FIXTURE_STUDY: dict[str, Any] = {
    "aim": "To explore how peer support workers experience their contribution to recovery.",
    "setting": {
        "countries": ["NO"],
        "services": ["community mental health teams"],
        "context": "Three community mental health teams in Norway that employ peer support workers.",
        "period": "2023",
    },
    "sample": {
        "total": 14,
        "groups": [
            {
                "role": "peer support workers",
                "perspective": "staff",
                "n": 14,
                "gender": {"women": 9, "men": 5},
                "age": "28-61 years",
                "details": "All had lived experience of mental health problems.",
            }
        ],
        "recruitment": "Purposive sampling through team leaders.",
        "notes": None,
    },
    "method": {
        "design": "qualitative interview study",
        "data_collection": "Individual semi-structured interviews of 45-70 minutes.",
        "analysis": "reflexive thematic analysis",
        "analysis_reference": "Braun & Clarke (2019)",
        "ethics": "Approved by the regional ethics committee; written consent.",
    },
    "themes": [
        {
            "id": "hope-through-shared-experience",
            "label": "Hope through shared experience",
            "level": "theme",
            "parent": None,
            "group": "Findings",
            "perspective": "staff",
            "description": "Peer workers saw their own recovery story as a source of hope for service users.",
            "quotes": [
                {
                    "text": "When they hear I have been there, something changes",
                    "speaker": "P3",
                    "location": "Findings, 'Hope through shared experience'",
                }
            ],
            "synthesis": [
                {
                    "theme": "being-seen-and-listened-to",
                    "relation": "supports",
                    "rationale": "Being met by someone who has been there helps people feel seen.",
                }
            ],
        }
    ],
    "limitations": [{"category": "sampling", "text": "Participants chosen by team leaders.", "source": "authors"}],
    "appraisal": {
        "casp": {
            name: {"answer": "yes", "reason": "Stated clearly in the paper."}
            for name in (
                "aims",
                "methodology",
                "design",
                "recruitment",
                "data_collection",
                "reflexivity",
                "ethics",
                "analysis",
                "findings",
            )
        }
        | {"value": "Adds the peer workers' perspective."},
        "appraised_by": "synthsite review team",
    },
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the shipped corpus (the real one is never touched)."""
    shutil.copytree(REPO / "synthesis", tmp_path / "synthesis")
    shutil.copytree(REPO / "bibliography", tmp_path / "bibliography")
    return tmp_path


@pytest.fixture
def entry(tmp_path: Path) -> Path:
    path = tmp_path / "smith.bib"
    path.write_text(ENTRY, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def new(project: Path, study_id: str, bib: Path) -> tuple[int, str, str]:
    return run("new", study_id, "--bibtex", str(bib), "--root", str(project))


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


# -------------------------------------------------------------------------------------------- success


def test_new_writes_the_template_and_appends_the_entry(project: Path, entry: Path) -> None:
    bib_before = (project / BIB).read_text(encoding="utf-8")
    code, out, err = new(project, "smith-2025", entry)
    _, to_fill = scaffold.study_template("smith-2025", "Smith2025")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"created {STUDY} ({to_fill} values to fill in)",
        f"added Smith2025 to {BIB}",
        f"next: fill in {STUDY} from the paper, then run `synthsite validate`",
    ]
    text = (project / STUDY).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/study.schema.json"
    data = parse(text)
    assert data["id"] == "smith-2025"
    assert data["citation"] == "Smith2025"
    bib_after = (project / BIB).read_text(encoding="utf-8")
    assert bib_after.startswith(bib_before)
    assert bib_after[len(bib_before) :] == ENTRY
    assert list(parse_string(bib_after, "bibtex").entries)[-1] == "Smith2025"


def test_template_documents_every_field_of_the_model(project: Path, entry: Path) -> None:
    """Every field of every nested model appears, preceded by its description from the model."""
    text, _ = scaffold.study_template("smith-2025", "Smith2025")
    lines = text.splitlines()

    def check(model: type[Any], seen: set[str]) -> None:
        for name, info in model.model_fields.items():
            first_words = " ".join(str(info.description).split())[:40]
            assert any(first_words in " ".join(line.split()) for line in lines if line.lstrip().startswith("#")), (
                model.__name__,
                name,
            )
            assert any(line.lstrip(" -#").startswith(f"{name}:") for line in lines), (model.__name__, name)
            for inner in scaffold_models(info.annotation):
                if inner.__name__ not in seen:
                    seen.add(inner.__name__)
                    check(inner, seen)

    check(Study, set())


def scaffold_models(annotation: Any) -> list[type[Any]]:
    from synthsite.load.messages import _models_in

    return _models_in(annotation)


def test_unfilled_scaffold_fails_with_one_message_per_required_value(project: Path, entry: Path) -> None:
    new(project, "smith-2025", entry)
    text = (project / STUDY).read_text(encoding="utf-8")
    _, to_fill = scaffold.study_template("smith-2025", "Smith2025")
    code, _, err = run("validate", "--root", str(project))
    lines = err.splitlines()
    assert code == 1
    assert lines[-1] == f"{to_fill} error(s), 0 warning(s)"
    messages = lines[:-1]
    assert len(messages) == to_fill
    assert all(m.startswith(f"{STUDY}:") for m in messages)
    fields = [m.split(": ", 2)[1] for m in messages]
    assert len(set(fields)) == len(fields), "one message per field"
    source = text.splitlines()
    for message, field in zip(messages, fields, strict=True):
        line = int(message.split(":")[1])
        written = source[line - 1].strip()
        name = field.rsplit(".", 1)[-1]
        if name.endswith("]"):  # a list item such as setting.countries[0]: the `-` line
            assert written == "-", message
        else:
            assert written.removeprefix("- ") == f"{name}:", message
        assert ", got nothing" in message, message
    assert f"{STUDY}:{source.index('aim:') + 1}:5: aim: expected text, got nothing (e.g. aim: To explore how " in err
    countries = next(m for m in messages if ": setting.countries[0]: " in m)
    assert countries.endswith("setting.countries[0]: expected text, got nothing (e.g. - DK)")
    level = next(m for m in messages if ": themes[0].level: " in m)
    assert level.endswith("themes[0].level: expected one of 'theme' or 'subtheme', got nothing (e.g. level: theme)")
    women = next(m for m in messages if ".gender.women: " in m)
    assert women.endswith("gender.women: expected a whole number or 'not reported', got nothing (e.g. women: 43)")


def fill(text: str, data: dict[str, Any]) -> str:
    """Write each value of `data` on the scaffold line of its empty field, leaving comments in place."""
    lines = text.splitlines()
    where = positions(text)
    scaffolded = parse(text)

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, (*path, key))
            return
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for index, inner in enumerate(value):
                walk(inner, (*path, index))
            return
        if value is None:
            return
        target: Any = scaffolded
        for part in path[:-1]:
            target = target[part]
        if isinstance(value, list):
            line, _ = where.of_value((*path, 0))
            lines[line - 1] = lines[line - 1].rstrip() + " " + json.dumps(value[0], ensure_ascii=False)
            return
        assert target[path[-1]] is None, f"{path} is not empty in the scaffold"
        line, _ = where.of_key(path)
        lines[line - 1] = lines[line - 1].rstrip() + " " + json.dumps(value, ensure_ascii=False)

    walk(data, ())
    return "\n".join(lines) + "\n"


@pytest.mark.corpus
def test_filled_scaffold_validates_and_loads(project: Path, entry: Path) -> None:
    new(project, "smith-2025", entry)
    path = project / STUDY
    path.write_text(fill(path.read_text(encoding="utf-8"), FIXTURE_STUDY), encoding="utf-8")
    code, out, err = run("validate", "--strict", "--root", str(project))
    assert (code, err) == (0, ""), err
    shipped = len(list((REPO / "synthesis" / "studies").glob("*.yaml")))
    assert out.startswith(f"ok: {shipped + 1} studies, ")
    corpus = load(project).corpus
    assert corpus is not None
    study = next(s for s in corpus.studies if s.id == "smith-2025")
    assert study.sample.groups[0].gender != "not reported"
    assert study.themes[0].synthesis[0].theme == "being-seen-and-listened-to"
    assert study.appraisal.tool == "CASP qualitative checklist"


# -------------------------------------------------------------------------------------------- refusals


def test_existing_id_is_never_overwritten(project: Path, entry: Path) -> None:
    before = snapshot(project)
    code, out, err = new(project, "moen-2023", entry)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "synthesis/studies/moen-2023.yaml:1:1: id: a study file for 'moen-2023' already exists; "
        "`synthsite new` never overwrites (edit that file, or choose another id, e.g. moen-2023-b)",
        "nothing was written",
    ]
    assert snapshot(project) == before


def test_second_run_refuses_and_keeps_the_first(project: Path, entry: Path) -> None:
    assert new(project, "smith-2025", entry)[0] == 0
    (project / STUDY).write_text("# my work in progress\n", encoding="utf-8")
    before = snapshot(project)
    code, _, err = new(project, "smith-2025", entry)
    assert code == 1
    assert "already exists" in err
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("study_id", "reason"),
    [
        ("../x", "'../x' looks like a path; give only the id (the file name without .yaml) (e.g. x)"),
        ("x/y", "'x/y' looks like a path; give only the id (the file name without .yaml) (e.g. y)"),
        ("Moen-2023", "'Moen-2023' is not a valid id: use lowercase letters, digits and single hyphens (e.g. moen-2023)"),
        ("moen_2023", "'moen_2023' is not a valid id: use lowercase letters, digits and single hyphens (e.g. moen-2023)"),
        ("moen--2023", "'moen--2023' is not a valid id: use lowercase letters, digits and single hyphens (e.g. moen-2023)"),
        ("smith-2025.yaml", "'smith-2025.yaml' includes the file extension; give the id without .yaml (e.g. smith-2025)"),
        ("smith-2025\n", "'smith-2025\\n' is not a valid id: use lowercase letters, digits and single hyphens (e.g. smith-2025)"),
        ("", "the id is empty (e.g. firstauthor-2024)"),
        ("a" * 81, f"the id is longer than 80 characters (e.g. {'a' * 80})"),
    ],
)  # fmt: skip
def test_bad_id_is_refused(project: Path, entry: Path, study_id: str, reason: str) -> None:
    before = snapshot(project)
    code, out, err = new(project, study_id, entry)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"Error: Invalid value for ID: {reason}"
    assert snapshot(project) == before
    assert not (project.parent / "x.yaml").exists()


@pytest.mark.parametrize(
    ("bibtex", "expected"),
    [
        (
            "@article{Smith2025, title={Unclosed}\n",
            "{bib}:2:1: (file): the BibTeX does not parse: syntax error in line 2: premature end of file "
            "(copy the entry again from the publisher or your reference manager; it starts like @article{{Key,)",
        ),
        (
            "Smith J. Peer support. 2025.\n",
            "{bib}:1:1: (file): expected exactly one BibTeX entry, found no entry "
            "(put only the new study's entry in the file)",
        ),
        (
            "@article{A2025, title={a}}\n@article{B2025, title={b}}\n",
            "{bib}:1:1: (file): expected exactly one BibTeX entry, found 2 entries (A2025, B2025) "
            "(put only the new study's entry in the file)",
        ),
        (
            "@article{Smith2025, title={a}, title={b}}\n",
            "{bib}:1:1: (file): the BibTeX does not parse: entry with key Smith2025 has a duplicate title field "
            "(copy the entry again from the publisher or your reference manager; it starts like @article{{Key,)",
        ),
        (
            "@article{Smith&2025, title={a}}\n",
            "{bib}:1:1: (file): the BibTeX key 'Smith&2025' cannot be used as a citation key "
            "(use letters, digits and _ : . - only, e.g. @article{{Moen2023, ...}})",
        ),
    ],
    ids=["syntax", "no-entry", "two-entries", "duplicate-field", "bad-key"],
)
def test_bad_bibtex_is_refused(project: Path, tmp_path: Path, bibtex: str, expected: str) -> None:
    bib = tmp_path / "entry.bib"
    bib.write_text(bibtex, encoding="utf-8")
    before = snapshot(project)
    code, out, err = new(project, "smith-2025", bib)
    assert (code, out) == (1, "")
    assert err.splitlines() == [expected.format(bib=bib), "nothing was written"]
    assert snapshot(project) == before


def test_missing_bibtex_file_is_refused(project: Path, tmp_path: Path) -> None:
    before = snapshot(project)
    code, _, err = new(project, "smith-2025", tmp_path / "nope.bib")
    assert code == 1
    assert err.splitlines()[0] == (
        f"{tmp_path / 'nope.bib'}:1:1: (file): file not found (give the path of a .bib file holding the study's entry)"
    )
    assert snapshot(project) == before


@pytest.mark.parametrize(("key", "clash"), [("Moen2023", "Moen2023"), ("moen2023", "Moen2023")])
def test_duplicate_key_is_refused(project: Path, tmp_path: Path, key: str, clash: str) -> None:
    bib = tmp_path / "entry.bib"
    bib.write_text(ENTRY.replace("Smith2025", key), encoding="utf-8")
    line = next(
        n
        for n, text in enumerate((project / BIB).read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith(f"@article{{{clash},")
    )
    before = snapshot(project)
    code, _, err = new(project, "smith-2025", bib)
    assert code == 1
    case = f" as {clash!r} (BibTeX keys ignore case)" if key != clash else ""
    assert err.splitlines() == [
        f"{BIB}:{line}:1: {clash}: the BibTeX key {key!r} is already used{case} "
        f"(give the new entry another key, e.g. {key}b)",
        "nothing was written",
    ]
    assert snapshot(project) == before


def test_not_a_project_folder(tmp_path: Path, entry: Path) -> None:
    code, _, err = new(tmp_path / "empty", "smith-2025", entry)
    assert code == 1
    assert err.splitlines()[0] == (
        "synthesis/studies:1:1: (file): no synthesis/studies folder here "
        "(run the command in the project folder, or pass --root)"
    )


def test_failed_bibliography_write_removes_the_study_file(
    project: Path, entry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(project)

    def broken(path: Path, text: str | bytes) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(scaffold, "write_atomic", broken)
    code, out, err = new(project, "smith-2025", entry)
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"error: No space left on device: {project / BIB}"]
    assert snapshot(project) == before


def test_create_new_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        scaffold.create_new(target, "theirs\n")
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


@pytest.mark.parametrize("value", ["Moen2023", "2023", "true", "null", "a: b", "x # y", "'q'"])
def test_yaml_scalar_reads_back_as_the_same_text(value: str) -> None:
    assert parse(f"v: {scaffold.yaml_scalar(value)}\n") == {"v": value}


def test_numeric_id_is_quoted_so_it_stays_text(project: Path, entry: Path) -> None:
    assert new(project, "2025", entry)[0] == 0
    text = (project / "synthesis/studies/2025.yaml").read_text(encoding="utf-8")
    assert parse(text)["id"] == "2025"


@pytest.mark.slow
def test_filled_scaffold_appears_in_every_comparison_table_and_the_crosswalk(project: Path, entry: Path) -> None:
    """End to end: `new`, fill in, validate, build the site; the fifth study is on every page that compares."""
    for name in ("mkdocs.yml", "docs"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.exists():
            shutil.copy(source, project / name)
    new(project, "smith-2025", entry)
    path = project / STUDY
    path.write_text(fill(path.read_text(encoding="utf-8"), FIXTURE_STUDY), encoding="utf-8")
    assert run("validate", "--strict", "--root", str(project))[0] == 0
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    site = project / "site"
    assert (site / "studies/smith-2025/index.html").is_file()
    for page in ("compare/samples", "compare/methods", "compare/limitations", "compare/appraisal", "themes"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert "studies/smith-2025/" in html, page
    theme_page = (site / "themes/being-seen-and-listened-to/index.html").read_text(encoding="utf-8")
    assert "Hope through shared experience" in theme_page


# ------------------------------------------------------------------------ messages for first-time contributors

FROZEN = REPO / "tests" / "fixtures" / "frozen"
MOEN = "synthesis/studies/moen-2023.yaml"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '    - "NO"\n',
            "    - Norway\n",
            f"{MOEN}:16:7: setting.countries[0]: text ('Norway') is not a country code "
            "(write the two-letter ISO 3166-1 code in capitals, e.g. - NO)",
        ),
        (
            '    - "NO"\n',
            "    - no\n",
            f"{MOEN}:16:7: setting.countries[0]: text ('no') is not a country code "
            "(write the two-letter ISO 3166-1 code in capitals, e.g. - NO)",
        ),
        (
            '  countries:\n    - "NO"\n',
            "  countries: []\n",
            f"{MOEN}:15:14: setting.countries: needs at least 1 item "
            "(write each item on its own line under `countries:`, starting with `- `, e.g. - DK)",
        ),
        (
            "  total: 18\n",
            "  total: -1\n",
            f"{MOEN}:33:10: sample.total: input should be greater than or equal to 0, got -1 (e.g. total: 48)",
        ),
        (
            "  total: 18\n",
            "  total:\n",
            f"{MOEN}:33:9: sample.total: expected a whole number, got nothing (e.g. total: 48)",
        ),
    ],
    ids=["country-name", "country-lowercase", "empty-list", "negative-count", "empty-count"],
)
def test_contributor_messages(tmp_path: Path, old: str, new: str, expected: str) -> None:
    shutil.copytree(FROZEN / "synthesis", tmp_path / "synthesis")
    shutil.copytree(FROZEN / "bibliography", tmp_path / "bibliography")
    path = tmp_path / MOEN
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, _, err = run("validate", "--root", str(tmp_path))
    assert code == 1
    assert err.splitlines() == [expected, "1 error(s), 0 warning(s)"]
