"""Versioned, citable releases: CHANGELOG and .zenodo.json in step with synthesis.yaml, an optional DOI in every
citation, and the release workflow's steps run locally on a throw-away copy (changelog section, deterministic
archives, release record, versions page), including checking a cited fingerprint from the data archive."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gitrepo import git
from synthsite.cli import main
from synthsite.load.corpus import load
from synthsite.pipeline import generate
from synthsite.pipeline import validate as validate_corpus
from synthsite.release import changelog

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"
OLD_CACHE = shutil.ignore_patterns(".cache")
"""Leaves out the parse cache older versions wrote into the fixture (a committed cache is an error now)."""
DOI = "10.5281/zenodo.1234567"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


# ------------------------------------------------------------------------------- in step with synthesis.yaml


def test_changelog_newest_section_is_the_current_version() -> None:
    meta = load(REPO).corpus.meta  # type: ignore[union-attr]
    sections = changelog.versions((REPO / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert sections, "CHANGELOG.md has no version section"
    assert sections[0] == (meta.version, meta.date_released)
    assert len({v for v, _ in sections}) == len(sections), "one section per version"


def test_zenodo_metadata_is_in_step() -> None:
    result = CliRunner().invoke(main, ["release", "zenodo", "--check", "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    data = json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))
    meta = load(REPO).corpus.meta  # type: ignore[union-attr]
    assert data["title"] == meta.title
    assert [c["name"] for c in data["creators"]] == [a.name for a in meta.authors]
    assert data["license"] == "cc-by-4.0"
    assert data["upload_type"] == "dataset"
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert data["keywords"] == cff["keywords"], "the keywords are CITATION.cff's"


def test_zenodo_keywords_follow_citation_cff_and_ignore_what_is_not_a_keyword(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "c")
    (tmp_path / "c" / "CITATION.cff").write_text(
        'cff-version: 1.2.0\nkeywords:\n  - "living  review"\n  - {not: a keyword}\n  - peer support\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["release", "zenodo", "--root", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "c" / ".zenodo.json").read_text(encoding="utf-8"))
    assert data["keywords"] == ["living review", "peer support"]
    (tmp_path / "c" / "CITATION.cff").write_text("keywords: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["release", "zenodo", "--root", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "keywords" not in json.loads((tmp_path / "c" / ".zenodo.json").read_text(encoding="utf-8"))


def test_zenodo_check_fails_when_stale(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "c", ignore=OLD_CACHE)
    (tmp_path / "c" / ".zenodo.json").write_text("{}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["release", "zenodo", "--check", "--root", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert ".zenodo.json is out of date" in result.output


# ------------------------------------------------------------------------------------------- the DOI


def _with_doi(tmp_path: Path) -> Path:
    root = tmp_path / "doi"
    shutil.copytree(MINI, root, ignore=OLD_CACHE)
    path = root / "synthesis" / "synthesis.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f'doi: "{DOI}"\n', encoding="utf-8")
    return root


def test_a_doi_appears_in_every_citation_block(tmp_path: Path) -> None:
    corpus, problems = validate_corpus(_with_doi(tmp_path))
    assert corpus is not None, [p.format() for p in problems]
    site = generate(corpus)
    cited = 0
    for path, text in {**site.pages, **site.files}.items():
        for block in re.findall(r"@misc\{synthsite-[^@]*?\n\}", text):
            cited += 1
            assert f"doi = {{{DOI}}}" in block, path
    assert cited > 5
    blocks = [b for t in site.pages.values() for b in re.findall(r'<p class="synthsite-cite-apa">.*?</p>', t, re.S)]
    assert len(blocks) > 5
    for block in blocks:
        assert f'<a href="https://doi.org/{DOI}">' in block, block


def test_without_a_doi_no_citation_has_one() -> None:
    corpus, _ = validate_corpus(MINI)
    assert corpus is not None and corpus.meta.doi is None
    site = generate(corpus)
    assert not any("doi = {10.5281" in text for text in site.files.values())


def test_citation_cff_doi_agrees_with_synthesis_yaml() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff.get("doi") == load(REPO).corpus.meta.doi  # type: ignore[union-attr]


# ------------------------------------------------------------------- the release workflow's steps, locally


@pytest.fixture
def released(tmp_path: Path) -> Path:
    """A copy of the fixture corpus released as v1.2.3, then changed and released again as v1.3.0 (steps only)."""
    root = tmp_path / "repo"
    shutil.copytree(MINI, root, ignore=OLD_CACHE)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "tag", "v1.2.3")
    synthesis = root / "synthesis" / "synthesis.yaml"
    text = synthesis.read_text(encoding="utf-8")
    text = text.replace('version: "1.2.3"', 'version: "1.3.0"').replace('"2025-01-31"', '"2025-03-01"')
    synthesis.write_text(text, encoding="utf-8")
    study = root / "synthesis" / "studies" / "smith-2020-routines.yaml"
    study.write_text(re.sub(r"(?m)^aim: .*$", 'aim: "A revised aim."', study.read_text(encoding="utf-8")), "utf-8")
    git(root, "commit", "-q", "-am", "revise")
    git(root, "tag", "v1.3.0")
    return root


def _release(root: Path, since: str) -> tuple[str, str]:
    """The workflow's steps: build (here the generated tree), archive, changelog, record."""
    site = root / "site"
    shutil.rmtree(site, ignore_errors=True)
    run("pages", "--root", str(root), "--out", str(site))
    archived = run("release", "archive", "--root", str(root), "--site", str(site), "--out", str(root / "dist"))
    notes = run("release", "changelog", "--root", str(root), "--since", since)
    run("release", "record", "--root", str(root), "--archives", str(root / "dist"), "--since", since)
    return archived, notes


def test_release_steps_write_the_changelog_section_archives_record_and_versions_page(released: Path) -> None:
    archived, notes = _release(released, "v1.2.3")

    # the changelog section, from `synthsite changes` against the previous release
    text = (released / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.versions(text)[0] == ("1.3.0", "2025-03-01")
    assert notes.startswith("## 1.3.0 (2025-03-01)\n")
    assert "- Studies revised: smith-2020-routines." in text
    assert "\n### Studies\n" in text and "Compared with `v1.2.3`" in text
    assert "What this change does" not in text  # the report's own title gives way to the version heading
    release_notes = run("release", "notes", "--root", str(released))
    assert release_notes.startswith("## 1.3.0 (2025-03-01)\n") and "## 1.2.3" not in release_notes

    # deterministic archives: archiving the same site again gives the same bytes
    first = {line.split("\t")[1]: line.split("\t")[2] for line in archived.splitlines()}
    again = run(
        "release",
        "archive",
        "--root",
        str(released),
        "--site",
        str(released / "site"),
        "--out",
        str(released / "again"),
    )
    assert first == {line.split("\t")[1]: line.split("\t")[2] for line in again.splitlines()}
    # running every step again replaces the record, never adds one; the site built once the release is recorded
    # says "released" (no longer "unreleased changes"), so its archives differ from the first ones
    rerun, _ = _release(released, "v1.2.3")
    latest = {line.split("\t")[1]: line.split("\t")[2] for line in rerun.splitlines()}
    data_zip = released / "dist" / "synthesis-v1.3.0-data.zip"
    assert hashlib.sha256(data_zip.read_bytes()).hexdigest() == latest["synthesis-v1.3.0-data.zip"]
    assert "Version 1.3.0, released 2025-03-01" in (released / "site" / "index.md").read_text(encoding="utf-8")

    # the record: version, date, changes and both archives with their SHA-256; re-running did not duplicate it
    corpus = load(released).corpus
    assert corpus is not None
    (record,) = corpus.releases
    assert (record.version, record.date) == ("1.3.0", "2025-03-01")
    assert record.changes == ["Studies revised: smith-2020-routines."]
    assert {a.name: a.sha256 for a in record.archives} == latest
    assert all(a.url.startswith("https://") and a.url.endswith(a.name) for a in record.archives)

    # the versions page lists the release, its changes and archives
    page = generate(corpus).pages["versions/index.md"]
    assert 'id="v1.3.0"' in page and "2025-03-01" in page
    assert "Studies revised: smith-2020-routines." in page
    for name, digest in latest.items():
        assert name in page and digest in page
    assert 'id="no-releases"' not in page

    # a cited table's fingerprint can be checked from the data archive alone
    with zipfile.ZipFile(data_zip) as archive:
        names = archive.namelist()
        assert "datapackage.json" in names
        table_csv = archive.read("tables/compare/samples/samples.csv")
    cited = json.loads((released / "site" / "compare" / "samples" / "samples.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(table_csv).hexdigest()[:12] == cited["fingerprint"]


def test_first_release_and_an_unreleased_version(released: Path) -> None:
    git(released, "checkout", "-q", "v1.2.3")
    corpus = load(released).corpus
    assert corpus is not None and corpus.releases == ()
    page = generate(corpus).pages["versions/index.md"]
    assert 'id="no-releases"' in page and "No version has been released with archives yet" in page
    _release(released, "")
    assert "- First version of the synthesis." in (released / "CHANGELOG.md").read_text(encoding="utf-8")


def test_archive_refuses_a_folder_that_is_not_a_built_site(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(
        main,
        ["release", "archive", "--root", str(MINI), "--site", str(tmp_path / "empty"), "--out", str(tmp_path / "d")],
    )
    assert result.exit_code == 2
    assert "not a built site" in result.output
    assert not (tmp_path / "d").exists()


def test_record_rejects_an_unsafe_archive_url(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(MINI, root, ignore=OLD_CACHE)
    bad = {
        "releases": [
            {
                "version": "1.0.0",
                "date": "2025-01-01",
                "archives": [
                    {"kind": "data", "name": "x.zip", "url": "javascript:alert(1)", "sha256": "0" * 64, "bytes": 1}
                ],
            }
        ]
    }
    (root / "synthesis" / "releases.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    corpus, problems = validate_corpus(root)
    assert corpus is None
    assert any(p.path == "synthesis/releases.yaml" and "url" in p.field for p in problems)


def test_changelog_sections_are_replaced_not_duplicated() -> None:
    text = changelog.with_section("", "1.0.0", "2025-01-01", "- a")
    text = changelog.with_section(text, "1.1.0", "2025-02-01", "- b")
    text = changelog.with_section(text, "1.1.0", "2025-02-02", "- c")
    assert changelog.versions(text) == [("1.1.0", "2025-02-02"), ("1.0.0", "2025-01-01")]
    assert "- b" not in text and text.startswith("# Changelog")
    assert io.StringIO(text).read().count("## 1.0.0") == 1
