"""Reproducible builds that are never half-written (issue 5, items 3 and 4).

Two builds of the same input with SOURCE_DATE_EPOCH set must be byte-identical, whatever folder the
project is checked out in, whatever the hash seed, and whether the parse cache is cold or warm; the
generated pages must not depend on the order the studies come in. Invalid data must stop every command
that writes output (`mkdocs build`, `make site`, `synthsite pages`, `synthsite export`) before it writes
anything, so the previous site or file stays exactly as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from pybtex.database import BibliographyData

from sitebuild import EPOCH, REPO, mkdocs_build
from synthsite.cli import main
from synthsite.load.corpus import Corpus, load
from synthsite.load.parsecache import cache_file
from synthsite.pipeline import generate

PROJECT = ("synthesis", "bibliography", "docs", "mkdocs.yml", "CONTRIBUTING.md")
"""What a build reads (the code, theme layer and assets come from the installed package)."""
STUDY = Path("synthesis/studies/moen-2023.yaml")


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in PROJECT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    return target


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> SHA-256); empty if the folder does not exist."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(first: Path, second: Path) -> list[str]:
    one, two = file_hashes(first), file_hashes(second)
    return sorted(name for name in one.keys() | two.keys() if one.get(name) != two.get(name))


# -------------------------------------------------------------------------------------- determinism


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real corpus built three times: cold and warm in one checkout, cold in another, longer path.

    Each build runs with its own PYTHONHASHSEED, so set or dict order that depends on hashing shows up.
    """
    base = tmp_path_factory.mktemp("checkouts")
    one = copy_project(base / "one")
    two = copy_project(base / "a-much-longer-checkout-path" / "nested" / "two")
    sites: dict[str, Path] = {}
    with pytest.MonkeyPatch.context() as patch:
        for name, root, seed in (("cold", one, "1"), ("warm", one, "2"), ("elsewhere", two, "3")):
            patch.setenv("PYTHONHASHSEED", seed)
            site = root / f"site-{name}"
            result = mkdocs_build(root / "mkdocs.yml", site, in_process=False)  # a process per hash seed
            assert result.returncode == 0, result.stderr[-4000:]
            cache = cache_file(root)
            assert cache is not None and cache.is_file(), "the second build in `one` reads the parse cache"
            sites[name] = site
    sites["root-one"], sites["root-two"] = one, two
    return sites


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_builds_are_byte_identical_across_checkouts_and_caches(builds: dict[str, Path]) -> None:
    cold = file_hashes(builds["cold"])
    assert len(cold) > 100
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "data/studies.json"} <= cold.keys()
    for name in ("warm", "elsewhere"):
        assert differences(builds["cold"], builds[name]) == [], name


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_no_build_path_leaks_into_the_site(builds: dict[str, Path]) -> None:
    leaks = []
    needles = [str(builds["root-two"]).encode(), str(REPO).encode(), str(Path.home()).encode()]
    for path in sorted(builds["elsewhere"].rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            leaks += [f"{path.name}: {needle.decode()}" for needle in needles if needle in data]
    assert leaks == []


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_every_date_in_the_site_comes_from_source_date_epoch(builds: dict[str, Path]) -> None:
    site = builds["cold"]
    epoch_day = "2026-01-01"
    assert int(EPOCH) == 1767225600  # 2026-01-01T00:00:00Z
    sitemap = (site / "sitemap.xml").read_bytes()
    lastmods = re.findall(rb"<lastmod>([^<]*)</lastmod>", sitemap)
    assert lastmods and set(lastmods) == {epoch_day.encode()}
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(packed[4:8], "little") == int(EPOCH), "gzip header mtime"
    assert gzip.decompress(packed) == sitemap
    assert f"site built {epoch_day}" in (site / "index.html").read_text(encoding="utf-8")


def _shuffled(corpus: Corpus, seed: int) -> Corpus:
    rng = random.Random(seed)
    studies = list(corpus.studies)
    keys = list(corpus.bibliography.entries.keys())
    sources = list(corpus.sources.items())
    while [s.id for s in studies] == [s.id for s in corpus.studies]:
        rng.shuffle(studies)
    rng.shuffle(keys)
    rng.shuffle(sources)
    bibliography = BibliographyData(entries={key: corpus.bibliography.entries[key] for key in keys})
    return replace(corpus, studies=tuple(studies), bibliography=bibliography, sources=dict(sources))


def test_generated_site_does_not_depend_on_the_order_studies_come_in() -> None:
    corpus = load(REPO).corpus
    assert corpus is not None and len(corpus.studies) > 2
    expected = generate(corpus, date="2026-01-01")
    for seed in range(3):
        other = generate(_shuffled(corpus, seed), date="2026-01-01")
        assert list(other.pages) == list(expected.pages) and list(other.files) == list(expected.files)
        changed = sorted(path for path in expected.pages if other.pages[path] != expected.pages[path])
        changed += sorted(path for path in expected.files if other.files[path] != expected.files[path])
        assert changed == [], seed


# ------------------------------------------------------------------------------ nothing half-written

BREAKAGES = {
    "schema": ("  total: 18\n", "  total: eighteen\n"),
    "yaml": ("  total: 18\n", "  total: [18\n"),
    "crosswalk": ("- theme: being-seen-and-listened-to\n", "- theme: no-such-synthesized-theme\n"),
}
"""Ways to break the study file: a wrong type, a YAML syntax error, a link to a theme that does not exist."""


def break_study(root: Path, how: str) -> None:
    path = root / STUDY
    old, new = BREAKAGES[how]
    text = path.read_text(encoding="utf-8")
    assert old in text, (how, "the real study file changed; pick another line to break")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_invalid_data_leave_the_previous_site_untouched(builds: dict[str, Path], tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(builds["root-one"], root)
    site = root / "site"
    shutil.copytree(builds["cold"], site)  # the site the last good build left
    for old in root.glob("site-*"):
        shutil.rmtree(old)
    before = file_hashes(site)
    break_study(root, "schema")

    result = mkdocs_build(root / "mkdocs.yml", site)
    assert result.returncode != 0
    assert f"{STUDY.as_posix()}:" in result.stderr
    assert differences(site, builds["cold"]) == [] and file_hashes(site) == before

    venv = Path(sys.prefix)  # the running venv; its install stamp counts as up to date (-o): no network
    make = subprocess.run(
        [
            "make",
            "-C",
            str(root),
            "-f",
            str(REPO / "Makefile"),
            "-o",
            str(venv / ".installed-stamp"),
            f"VENV={venv}",
            "site",
        ],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert make.returncode != 0
    assert "synthsite validate" in make.stdout and f"{STUDY.as_posix()}:" in make.stderr
    assert "mkdocs build" not in make.stdout, "make site must validate before it builds"
    assert file_hashes(site) == before


@pytest.mark.parametrize("how", sorted(BREAKAGES))
def test_pages_and_export_write_nothing_from_invalid_data(tmp_path: Path, how: str) -> None:
    root = copy_project(tmp_path / "project")
    runner = CliRunner()
    pages = tmp_path / "pages"
    done = runner.invoke(main, ["pages", "--root", str(root), "--out", str(pages)])
    assert done.exit_code == 0, done.output
    exports = {fmt: tmp_path / f"export.{fmt}" for fmt in ("json", "csv", "bibtex", "ris")}
    for fmt, path in exports.items():
        done = runner.invoke(main, ["export", "--root", str(root), "--format", fmt, "--out", str(path)])
        assert done.exit_code == 0, done.output
    before = file_hashes(tmp_path)
    break_study(root, how)

    for out in (pages, tmp_path / "fresh-pages"):
        result = runner.invoke(main, ["pages", "--root", str(root), "--out", str(out)])
        assert result.exit_code == 1, result.output
        assert STUDY.as_posix() in result.output
    for fmt, path in exports.items():
        for out in (path, tmp_path / f"fresh.{fmt}"):
            result = runner.invoke(main, ["export", "--root", str(root), "--format", fmt, "--out", str(out)])
            assert result.exit_code == 1, result.output
    after = file_hashes(tmp_path)
    assert {name: digest for name, digest in after.items() if not name.startswith("project/")} == {
        name: digest for name, digest in before.items() if not name.startswith("project/")
    }
    assert not (tmp_path / "fresh-pages").exists()
