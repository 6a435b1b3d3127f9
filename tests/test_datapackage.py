"""data/datapackage.json: a valid Frictionless Data Package that describes every CSV download and the corpus JSON,
built from the tables' own column metadata. Validated with frictionless (offline), on the shipped corpus and on the
fixture corpus."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from frictionless import Package, validate

from synthsite.pipeline import generate, index_corpus
from synthsite.pipeline import validate as validate_corpus
from synthsite.render import Site
from synthsite.render.downloads import table_paths
from synthsite.render.registry import placed_tables

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"


def _site(root: Path) -> Site:
    corpus, problems = validate_corpus(root, strict=False)
    assert corpus is not None, [p.format() for p in problems]
    return generate(corpus)


def _write_data(site: Site, out: Path) -> Path:
    for path, text in site.files.items():
        if path.startswith("data/"):
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
    return out / "data" / "datapackage.json"


@pytest.fixture(scope="module", params=["repo", "mini"])
def site(request: pytest.FixtureRequest) -> Site:
    return _site(REPO if request.param == "repo" else MINI)


def test_the_package_validates_with_frictionless(site: Site, tmp_path: Path) -> None:
    report = validate(str(_write_data(site, tmp_path)))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_csv_download_and_the_corpus_json_are_resources_with_the_same_bytes(site: Site) -> None:
    descriptor = json.loads(site.files["data/datapackage.json"])
    hashes = {r["hash"] for r in descriptor["resources"]}
    csvs = [path for path in site.files if path.endswith(".csv")]
    assert csvs
    for path in [*csvs, "data/studies.json"]:
        digest = "sha256:" + hashlib.sha256(site.files[path].encode("utf-8")).hexdigest()
        assert digest in hashes, f"{path} is not described by the data package"


def test_each_csv_resource_has_title_description_licence_and_typed_described_fields(site: Site) -> None:
    descriptor = json.loads(site.files["data/datapackage.json"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in descriptor["resources"]:
        assert resource["title"] and resource["description"] and resource["licenses"] == descriptor["licenses"]
        if resource["format"] != "csv":
            continue
        header = next(csv.reader(io.StringIO(site.files["data/" + resource["path"]])))
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header
        for field in fields:
            assert field["type"] in {"string", "integer", "number"}
            assert field["title"] and field.get("description"), (resource["name"], field["name"])


def test_numeric_columns_are_integers_and_text_is_text() -> None:
    site = _site(MINI)
    descriptor = json.loads(site.files["data/datapackage.json"])
    samples = next(r for r in descriptor["resources"] if r["path"] == "tables/compare/samples/samples.csv")
    types = {f["name"]: f["type"] for f in samples["schema"]["fields"]}
    assert types["n"] == types["women"] == "integer"
    assert types["study"] == types["age"] == "string"
    assert "not reported" in samples["schema"]["missingValues"]


def test_the_package_copies_of_page_tables_are_the_page_downloads() -> None:
    corpus, _ = validate_corpus(MINI, strict=False)
    assert corpus is not None
    index = index_corpus(corpus)
    site = generate(corpus)
    for page, table in placed_tables(index):
        csv_path, _json = table_paths(page, table)
        assert site.files[f"data/tables/{page}{table.id}.csv"] == site.files[csv_path]


def test_validation_fails_on_a_changed_file_or_a_wrong_type(tmp_path: Path) -> None:
    """The check can fail: a byte changed in a CSV (hash) or text in an integer column is reported."""
    descriptor_path = _write_data(_site(MINI), tmp_path)
    samples = tmp_path / "data" / "tables" / "compare" / "samples" / "samples.csv"
    lines = samples.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index("n")] = "twelve"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    samples.write_text("".join([lines[0], buffer.getvalue(), *lines[2:]]), encoding="utf-8")
    report = validate(str(descriptor_path))
    assert not report.valid
    types = {error[2] for error in report.flatten(["rowNumber", "fieldName", "type"])}
    assert {"type-error", "hash-count"} <= types
    assert Package(str(descriptor_path)).get_resource("tables-compare-samples-samples.csv").schema.get_field("n")


def test_the_keys_that_join_the_files_are_declared(site: Site) -> None:
    descriptor = json.loads(site.files["data/datapackage.json"])
    schemas = {r["path"]: r.get("schema", {}) for r in descriptor["resources"]}
    assert schemas["studies.csv"]["primaryKey"] == ["study_id"]
    assert schemas["themes.csv"]["primaryKey"] == ["id"]
    assert "foreignKeys" not in schemas["studies.csv"], "a table never refers to itself"
    assert schemas["crosswalk.csv"]["foreignKeys"] == [
        {"fields": ["study"], "reference": {"resource": "studies.csv", "fields": ["study_id"]}},
        {"fields": ["synthesized_theme"], "reference": {"resource": "themes.csv", "fields": ["id"]}},
    ]
    samples = schemas["tables/compare/samples/samples.csv"]
    assert samples["primaryKey"] == ["study_id"]
    assert samples["foreignKeys"] == [
        {"fields": ["study_id"], "reference": {"resource": "studies.csv", "fields": ["study_id"]}}
    ]
    names = {r["name"] for r in descriptor["resources"]}
    assert {"studies.csv", "themes.csv"} <= names


def test_the_studies_csv_carries_each_studys_bibtex_key(site: Site) -> None:
    rows = list(csv.DictReader(io.StringIO(site.files["data/studies.csv"])))
    keys = {row["study_id"]: row["citation_key"] for row in rows}
    bib = site.files["data/references.bib"]
    for key in keys.values():
        assert f"{{{key}," in bib


def _break(folder: Path, path: str, old: str, new: str) -> Path:
    """Edit one CSV of a written package and drop its size and hash, so only the edit is left to find."""
    (folder / "data" / path).write_text((folder / "data" / path).read_text("utf-8").replace(old, new, 1), "utf-8")
    package_path = folder / "data" / "datapackage.json"
    descriptor = json.loads(package_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["path"] == path:
            del resource["bytes"], resource["hash"]
    package_path.write_text(json.dumps(descriptor), encoding="utf-8")
    return package_path


@pytest.mark.parametrize(
    ("path", "old", "new", "error"),
    [
        ("crosswalk.csv", "\nsmith-2020-hope,", "\nnobody-2020,", "foreign-key"),
        ("crosswalk.csv", ",hope,", ",despair,", "foreign-key"),
        ("studies.csv", "\nsmith-2020-routines,", "\nsmith-2020-hope,", "primary-key"),
    ],
    ids=["unknown-study", "unknown-theme", "duplicate-study"],
)
def test_frictionless_finds_a_broken_join(tmp_path: Path, path: str, old: str, new: str, error: str) -> None:
    site = _site(MINI)
    package_path = _break(tmp_path, path, old, new) if _write_data(site, tmp_path) else tmp_path
    report = validate(str(package_path))
    assert not report.valid
    assert error in {row[0] for row in report.flatten(["type"])}, report.flatten(["type", "note"])
