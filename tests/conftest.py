"""Shared fixtures: the real site built once per test session (browser tests reuse it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import REPO, mkdocs_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus built with the repository's mkdocs.yml into a temporary folder; returns the site dir."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site
