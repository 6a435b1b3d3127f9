"""The JSON Schema: checked in without drift, and a second, independent opinion on every data file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from synthsite.cli import main
from synthsite.contrib import scaffold
from synthsite.contrib.schema import SCHEMA_DIR, project_site_url
from synthsite.load import RELEASES_FILE
from synthsite.load.corpus import Source, load_model
from synthsite.load.safeyaml import parse
from synthsite.model import Study, SynthesisMeta, ThemesFile
from synthsite.render.jsonschema import all_schemas
from synthsite.render.schema_reference import cell, prose, schema_reference_markdown

REPO = Path(__file__).resolve().parents[1]
FROZEN = REPO / "tests" / "fixtures" / "frozen"
SITE_URL = project_site_url(REPO)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def data_files(root: Path) -> list[tuple[Path, str]]:
    """Every YAML data file under synthesis/ with the schema that governs it."""
    found = [(path, "study.schema.json") for path in sorted((root / "synthesis/studies").glob("*.y*ml"))]
    found += [(root / "synthesis/themes.yaml", "themes.schema.json")]
    found += [(root / "synthesis/synthesis.yaml", "synthesis.schema.json")]
    return found


def validator(name: str) -> Draft202012Validator:
    schema = parse((REPO / SCHEMA_DIR / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors(path: Path, name: str) -> list[str]:
    data = parse(path.read_text(encoding="utf-8"))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data)]


# ---------------------------------------------------------------------------------------------- drift


@pytest.mark.parametrize("name", sorted(all_schemas(SITE_URL)))
def test_checked_in_schema_matches_the_models(name: str) -> None:
    checked_in = (REPO / SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert checked_in == all_schemas(SITE_URL)[name], f"run `synthsite schema` to regenerate {name}"


def test_schema_ids_follow_the_projects_site_url(tmp_path: Path) -> None:
    """A project's schemas name its own site (where /data/ serves them), not this repository's."""
    shutil.copytree(REPO / "synthesis", tmp_path / "synthesis")
    meta = tmp_path / "synthesis" / "synthesis.yaml"
    meta.write_text(
        re.sub(r"(?m)^site_url: .*$", 'site_url: "https://example.org/review/"', meta.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    assert run("schema", "--root", str(tmp_path))[0] == 0
    for name in ("study.schema.json", "themes.schema.json", "synthesis.schema.json"):
        schema = parse((tmp_path / SCHEMA_DIR / name).read_text(encoding="utf-8"))
        assert schema["$id"] == f"https://example.org/review/data/{name}"


def test_the_schemas_and_their_reference_are_made_once_per_process_for_each_site_url() -> None:
    """The preview publishes them on every save; they are made from the models (code) and the site URL alone."""
    assert all_schemas(SITE_URL)["study.schema.json"] is all_schemas(SITE_URL)["study.schema.json"]
    assert schema_reference_markdown() is schema_reference_markdown()
    other = all_schemas("https://example.org/review/")["study.schema.json"]
    assert '"$id": "https://example.org/review/data/study.schema.json"' in other


def test_schema_command_needs_a_site_url(tmp_path: Path) -> None:
    (tmp_path / "synthesis").mkdir()
    (tmp_path / "synthesis" / "synthesis.yaml").write_text("title: x\n", encoding="utf-8")
    code, out, err = run("schema", "--root", str(tmp_path))
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and "site_url: give the published site's address" in err
    assert not (tmp_path / SCHEMA_DIR).exists()


@pytest.mark.corpus
def test_every_yaml_file_in_synthesis_has_a_schema() -> None:
    governed = {path for path, _ in data_files(REPO)}
    written = {REPO / RELEASES_FILE}  # the release log is written by `synthsite release record`, not by hand
    assert set((REPO / "synthesis").rglob("*.y*ml")) - written == governed


@pytest.mark.corpus
def test_schema_check_command_passes_on_the_repository() -> None:
    assert run("schema", "--check", "--root", str(REPO)) == (0, "schema up to date\n", "")


def test_schema_command_finds_and_repairs_drift(tmp_path: Path) -> None:
    shutil.copytree(REPO / "synthesis", tmp_path / "synthesis")
    stale = tmp_path / SCHEMA_DIR / "themes.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    (tmp_path / SCHEMA_DIR / "study.schema.json").unlink()
    code, out, err = run("schema", "--check", "--root", str(tmp_path))
    assert (code, err) == (1, "run `synthsite schema` and commit the result\n")
    assert out.splitlines() == [
        "out of date: synthesis/schema/study.schema.json",
        "out of date: synthesis/schema/themes.schema.json",
    ]
    assert stale.read_text(encoding="utf-8") == "{}\n"
    code, out, _ = run("schema", "--root", str(tmp_path))
    assert code == 0
    assert out.splitlines() == [
        "written: synthesis/schema/study.schema.json",
        "written: synthesis/schema/themes.schema.json",
    ]
    for name, text in all_schemas(SITE_URL).items():
        assert (tmp_path / SCHEMA_DIR / name).read_text(encoding="utf-8") == text
    assert run("schema", "--check", "--root", str(tmp_path))[0] == 0


# ----------------------------------------------------------------------------- second opinion (jsonschema)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("path", "name"), data_files(REPO), ids=[p.relative_to(REPO).as_posix() for p, _ in data_files(REPO)]
)
def test_every_data_file_passes_the_independent_validator(path: Path, name: str) -> None:
    assert schema_errors(path, name) == []


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("  total: 18\n", '  total: "18"\n', "sample/total: '18' is not of type 'integer'"),
        ('      answer: "yes"\n', "      answer: maybe\n", "appraisal/casp/aims/answer: 'maybe' is not one of"),
        ("citation: Moen2023\n", "citation: Moen2023\ncitaton: x\n", "Additional properties are not allowed"),
        ('    - "NO"\n', "    - no\n", "setting/countries/0: 'no' does not match"),
    ],
    ids=["quoted-number", "closed-vocabulary", "unknown-field", "country-code"],
)
def test_independent_validator_rejects_what_the_models_reject(tmp_path: Path, old: str, new: str, error: str) -> None:
    source = (FROZEN / "synthesis/studies/moen-2023.yaml").read_text(encoding="utf-8")
    assert old in source
    broken = tmp_path / "moen-2023.yaml"
    broken.write_text(source.replace(old, new, 1), encoding="utf-8")
    errors = schema_errors(broken, "study.schema.json")
    assert any(error in e for e in errors), errors


def test_unfilled_scaffold_fails_the_independent_validator_too(tmp_path: Path) -> None:
    """jsonschema flags the same empty values as the models (an empty gender count once, at `gender`,
    because the group may also be the text `not reported`)."""
    text, to_fill = scaffold.study_template("smith-2025", "Smith2025")
    path = tmp_path / "smith-2025.yaml"
    path.write_text(text, encoding="utf-8")
    errors = schema_errors(path, "study.schema.json")
    assert all(" is not " in e for e in errors), errors
    _, problems = load_model(Source("smith-2025.yaml", text), Study)
    assert len(problems) == to_fill
    as_pointer = (re.sub(r"\[(\d+)\]", r".\1", p.field).replace(".", "/") for p in problems)
    expected = {re.sub(r"/gender/(women|men)$", "/gender", pointer) for pointer in as_pointer}
    assert {e.split(": ", 1)[0] for e in errors} == expected


# ------------------------------------------------------------------------------------ schema reference


def _all_models() -> list[type[Any]]:
    from synthsite.load.messages import _models_in

    found: list[type[Any]] = []
    stack: list[type[Any]] = [Study, ThemesFile, SynthesisMeta]
    while stack:
        model = stack.pop()
        if model in found:
            continue
        found.append(model)
        for info in model.model_fields.values():
            stack.extend(_models_in(info.annotation))
    return found


def test_reference_has_a_table_row_for_every_field_of_every_model() -> None:
    html = markdown.markdown(schema_reference_markdown(), extensions=["tables"])
    for model in _all_models():
        section = html.split(f"<h3>{model.__name__}</h3>", 1)
        assert len(section) == 2, model.__name__
        table = section[1].split("</table>", 1)[0]
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
        names = [re.search(r"<code>(.*?)</code>", row).group(1).replace("&#95;", "_") for row in rows]  # type: ignore[union-attr]
        assert names == [n.replace("&#95;", "_") for n in model.model_fields], model.__name__
        for row in rows:
            assert row.count("<td>") == 6, row


def test_reference_rows_carry_type_required_allowed_description_and_example() -> None:
    text = schema_reference_markdown()
    perspective = next(line for line in text.splitlines() if line.startswith("| <code>perspective</code> | choice"))
    assert perspective == (
        "| <code>perspective</code> | choice | yes | <code>service users</code>, <code>staff</code>, "
        "<code>carers</code>, <code>mixed</code> | Whose perspective the group gives: service users, staff, "
        "carers or mixed. | <code>staff</code> |"
    )
    total = next(line for line in text.splitlines() if line.startswith("| <code>total</code>"))
    assert total == (
        "| <code>total</code> | whole number (0 or more) | yes |  | "
        "Total number of participants whose data were analysed. | <code>48</code> |"
    )
    assert '<a href="#study-samplegroup">SampleGroup</a>' in text
    assert '<a id="study-samplegroup"></a>' in text


@pytest.mark.parametrize(
    "hostile",
    ["a | b", "<script>alert(1)</script>", "{{ 7*7 }}", "[x](javascript:alert(1))", "**bold** _it_", "`tick`"],
)
def test_cells_are_inert(hostile: str) -> None:
    rendered = markdown.markdown(
        f"| a | b |\n|---|---|\n| {cell(hostile)} | {prose(hostile)} |\n", extensions=["tables"]
    )
    assert rendered.count("<td>") == 2
    for tag in ("<script", "<a ", "<strong>", "<em>"):
        assert tag not in rendered
    assert "{{" not in rendered
