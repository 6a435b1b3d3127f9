"""The corpus grows by pull request: with a fifth study added, validation, the corpus tests and the site hold.

A copy of the repository gets the synthetic study in `tests/fixtures/fifth/` and its BibTeX entry, exactly as a
contributor's pull request would add them; then `synthsite validate --strict`, `mkdocs build --strict` and every
test marked `corpus` (the tests that read the shipped corpus) run on the copy. A test that hard-codes the list
or number of shipped studies, countries or references fails here.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from growing import add_fifth_study, copy_repository
from sitebuild import BUILT_SITE_VARIABLE, REPO, mkdocs_build
from synthsite import urls
from synthsite.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("growing")]


@pytest.fixture(scope="module")
def grown_with_id(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A copy of the repository with the fifth study added (the real repository is never touched)."""
    root = tmp_path_factory.mktemp("grown") / "repo"
    root.mkdir()
    copy_repository(root)
    return root, add_fifth_study(root)


@pytest.fixture(scope="module")
def grown(grown_with_id: tuple[Path, str]) -> Path:
    return grown_with_id[0]


def shipped_count(root: Path) -> int:
    return len(list((root / "synthesis" / "studies").glob("*.yaml")))


def test_the_fifth_study_validates_in_strict_mode(grown: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--strict", "--root", str(grown)])
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert result.stdout.startswith(f"ok: {shipped_count(grown)} studies, ")


@pytest.fixture(scope="module")
def grown_site(grown: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The copy built strictly, as `make site` would; the corpus tests below read this site too."""
    site = tmp_path_factory.mktemp("grown-site") / "site"
    done = mkdocs_build(grown / "mkdocs.yml", site)
    assert done.returncode == 0, done.stderr[-4000:]
    return site


def test_the_strict_build_shows_the_fifth_study(grown_with_id: tuple[Path, str], grown_site: Path) -> None:
    fifth = grown_with_id[1]
    site = grown_site
    assert (site / urls.study(fifth) / "index.html").is_file()
    studies_page = (site / urls.STUDIES / "index.html").read_text(encoding="utf-8")
    assert f'href="{fifth}/"' in studies_page
    rows = list(csv.DictReader(io.StringIO((site / "data" / "crosswalk.csv").read_text(encoding="utf-8"))))
    assert any(fifth in row.values() for row in rows)


def corpus_modules(tests: Path) -> list[str]:
    """The test files that mark `corpus` tests, relative to the project: the run below collects only these (the
    whole folder would import and collect every test module of the suite to select a few of them)."""
    return sorted(
        path.relative_to(tests.parent).as_posix()
        for path in tests.glob("test_*.py")
        if CORPUS_MARK.search(path.read_text(encoding="utf-8"))
    )


CORPUS_MARK = re.compile(r"\bpytest\.mark\.corpus\b")


def test_every_corpus_test_of_this_session_is_in_a_corpus_module(request: pytest.FixtureRequest) -> None:
    """What this session collected with the `corpus` mark lies in the files `corpus_modules` names, so the run
    on the copy leaves none out."""
    modules = set(corpus_modules(REPO / "tests"))
    marked = {
        item.path.relative_to(REPO).as_posix()
        for item in request.session.items
        if item.get_closest_marker("corpus") is not None
    }
    assert marked <= modules, marked - modules
    assert "tests/test_corpus.py" in modules


def test_the_corpus_tests_pass_with_the_fifth_study(grown: Path, grown_site: Path) -> None:
    """Every `corpus` test, run in the copy: facts of named studies and invariants must survive a new study. They
    read the copy's site built above (the same build their own session would make: same files, same epoch)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env[BUILT_SITE_VARIABLE] = str(grown_site)
    modules = corpus_modules(grown / "tests")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "corpus", "-q", "-p", "no:cacheprovider", "-n", "0", *modules],
        cwd=grown,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout
