"""Files the commands write get the mode any ordinary tool gives them: 0666 less the umask (0644 usually).

They are written atomically through a temporary file, which `mkstemp` creates 0600: without setting the mode,
`pages --out` gave a tree no web server could read, and `export --out` a file only its writer could.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitebuild import MINI
from synthsite.cli import main


@pytest.fixture(params=[0o022, 0o027, 0o002], ids=["umask-022", "umask-027", "umask-002"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def modes(folder: Path) -> set[int]:
    return {stat.S_IMODE(path.stat().st_mode) for path in folder.rglob("*") if path.is_file()}


def test_pages_out_writes_readable_files(umask: int, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["pages", "--root", str(MINI), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert modes(out) == {0o666 & ~umask}


@pytest.mark.parametrize("fmt", ["json", "csv", "bibtex", "ris"])
def test_export_out_writes_a_readable_file(umask: int, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"export.{fmt}"
    result = CliRunner().invoke(main, ["export", "--root", str(MINI), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_new_writes_readable_files(umask: int, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    entry = tmp_path / "entry.bib"
    entry.write_text("@article{Doe2025, author = {Doe, Jane}, title = {T}, year = {2025}}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", "doe-2025", "--root", str(project), "--bibtex", str(entry)])
    assert result.exit_code == 0, result.output
    for written in (project / "synthesis" / "studies" / "doe-2025.yaml", project / "bibliography" / "references.bib"):
        assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~umask
