"""`mkdocs build` swaps the new site in only when the whole build succeeded; a failure leaves the old one."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from sitebuild import MINI, config_for, mkdocs_build
from synthsite.builders.staging import MARKER, MARKER_TEXT, PREFIX

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.xdist_group("site-staging")


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A config building the mini corpus with a private copy of docs/, and a previous site/ to protect."""
    docs = tmp_path / "project" / "docs"
    shutil.copytree(REPO / "docs", docs)
    shutil.copy(REPO / "CONTRIBUTING.md", docs.parent / "CONTRIBUTING.md")  # the /contribute/ page's source
    config = config_for(MINI, tmp_path / "project")
    site = tmp_path / "project" / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    (site / "old-page.html").write_text("only in the previous site", encoding="utf-8")
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # as an earlier build left it
    return config, site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def staging_left(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.startswith(PREFIX)]


def test_a_successful_build_replaces_the_site_whole(project: tuple[Path, Path]) -> None:
    config, site = project
    old_umask = os.umask(0o022)
    try:
        result = mkdocs_build(config, site)
    finally:
        os.umask(old_umask)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (site / "old-page.html").exists()
    assert "the previous site" not in (site / "index.html").read_text(encoding="utf-8")
    assert staging_left(site.parent) == []
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert stat.S_IMODE((site / "index.html").stat().st_mode) == 0o644


def test_a_strict_failure_in_a_hand_written_page_leaves_the_old_site(project: tuple[Path, Path]) -> None:
    config, site = project
    docs = config.parent / "docs"
    (docs / "broken.md").write_text("# Broken\n\nSee [a page that is not there](missing.md).\n", encoding="utf-8")
    before = snapshot(site)
    result = mkdocs_build(config, site)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "missing.md" in output and "Aborted with 1 warnings in strict mode" in output
    assert snapshot(site) == before
    assert staging_left(site.parent) == []


def test_a_docs_file_symlinked_outside_the_project_is_refused(project: tuple[Path, Path], tmp_path: Path) -> None:
    config, site = project
    secret = tmp_path / "secret.md"
    secret.write_text("SECRET-OUTSIDE-7f3a", encoding="utf-8")
    docs = config.parent / "docs"
    (docs / "leak.md").symlink_to(secret)
    before = snapshot(site)
    result = mkdocs_build(config, site)
    assert result.returncode == 1
    assert (
        "these files in docs/ point outside the project (symlinks), so they are not published: leak.md "
        "(replace each symlink with the file itself)"
    ) in result.stderr
    assert "SECRET-OUTSIDE" not in result.stderr
    assert snapshot(site) == before
    assert staging_left(site.parent) == []
