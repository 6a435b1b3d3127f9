"""Hostile files and folders in a pull request: symlinks out of the project, pipes and devices, hidden and
stray files, and two files claiming one id. Each is read or reported, never followed outside, never blocking."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from frozen import FROZEN, copy_frozen, validate
from synthsite.cli import main
from synthsite.load.datafiles import ReadRefused, read_bounded

MOEN = "synthesis/studies/moen-2023.yaml"
SECRET = "SECRET-OUTSIDE-7f3a"
"""Text only the files outside the project hold: it must never appear in any output."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_frozen(tmp_path / "project")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project holding a valid-looking study and bibliography with a secret in them."""
    folder = tmp_path / f"outside-{SECRET}"
    folder.mkdir()
    shutil.copy(FROZEN / MOEN, folder / "moen-2023.yaml")
    (folder / f"{SECRET}.yaml").write_text(f"id: {SECRET}\n", encoding="utf-8")
    bib = (FROZEN / "bibliography" / "references.bib").read_text(encoding="utf-8")
    (folder / "references.bib").write_text(bib + f"\n@misc{{{SECRET}, title = {{{SECRET}}}}}\n", encoding="utf-8")
    return folder


def replace_with_symlink(folder: Path, target: Path) -> None:
    shutil.rmtree(folder)
    folder.symlink_to(target, target_is_directory=True)


def test_a_symlinked_studies_folder_outside_the_project_is_refused(project: Path, outside: Path) -> None:
    replace_with_symlink(project / "synthesis" / "studies", outside)
    code, lines = validate(project)
    assert code == 1
    assert (
        "synthesis/studies:1:1: (file): the folder `synthesis/studies` points outside the project (symlink); "
        "nothing in it is read (replace the symlink `synthesis/studies` with a real folder holding the files)"
    ) in lines
    assert SECRET not in "\n".join(lines)


def test_a_symlinked_bibliography_folder_outside_the_project_is_refused(project: Path, outside: Path) -> None:
    replace_with_symlink(project / "bibliography", outside)
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        "bibliography/references.bib:1:1: (file): the folder `bibliography` points outside the project (symlink); "
        "nothing in it is read (replace the symlink `bibliography` with a real folder holding the files)",
        "1 error(s), 0 warning(s)",
    ]
    result = CliRunner().invoke(main, ["pages", "--root", str(project), "--out", str(project / "out")])
    assert result.exit_code == 1
    assert not (project / "out" / "data" / "references.bib").exists()
    assert SECRET not in result.output + result.stderr


def test_a_symlinked_folder_inside_the_project_is_followed(project: Path) -> None:
    (project / "kept").mkdir()
    shutil.move(project / "bibliography" / "references.bib", project / "kept" / "references.bib")
    replace_with_symlink(project / "bibliography", project / "kept")
    assert validate(project, "--strict") == (0, [])


def test_a_symlinked_file_outside_the_project_is_refused(project: Path, outside: Path) -> None:
    (project / MOEN).unlink()
    (project / MOEN).symlink_to(outside / "moen-2023.yaml")
    code, lines = validate(project)
    assert code == 1
    assert (
        f"{MOEN}:1:1: (file): the file points outside the project (symlink) (replace the symlink with the file itself)"
    ) in lines


def _validate_in_thread(project: Path) -> tuple[int, list[str]]:
    """Run validate where a blocking open cannot hang the test session."""
    outcome: list[tuple[int, list[str]]] = []
    worker = threading.Thread(target=lambda: outcome.append(validate(project)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    if not outcome:  # unblock the reader so the thread ends, then fail
        for fifo in (project / "synthesis" / "studies").glob("*.yaml"):
            if stat.S_ISFIFO(fifo.lstat().st_mode):
                with open(fifo, "wb"):
                    pass
        pytest.fail("validate blocked on a named pipe")
    return outcome[0]


def test_a_named_pipe_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / "synthesis" / "studies" / "pipe.yaml")
    code, lines = _validate_in_thread(project)
    assert code == 1
    assert (
        "synthesis/studies/pipe.yaml:1:1: (file): not a regular file (a named pipe, device or socket); "
        "it is not read (replace it with a plain text file)"
    ) in lines


def test_a_device_is_never_read(project: Path, tmp_path: Path) -> None:
    device = project / "synthesis" / "studies" / "zero.yaml"
    try:
        os.mknod(device, stat.S_IFCHR | 0o644, os.makedev(1, 5))  # /dev/zero: endless bytes if read
    except PermissionError:
        pytest.skip("creating a device node needs privileges")
    with pytest.raises(ReadRefused, match="not a regular file"):
        read_bounded(project, device.relative_to(project), 100)


def test_hidden_nested_and_stray_files_are_reported(project: Path) -> None:
    studies = project / "synthesis" / "studies"
    shutil.copy(studies / "moen-2023.yaml", studies / ".moen-2024.yaml")
    (studies / ".gitkeep").write_text("", encoding="utf-8")
    (studies / "drafts").mkdir()
    (studies / "notes.md").write_text("draft", encoding="utf-8")
    (project / "bibliography" / "old.bib").write_text("", encoding="utf-8")
    code, lines = validate(project)
    assert code == 1
    hint = "synthesis/studies holds only <study id>.yaml files; move or remove it"
    assert lines[-1] == "3 error(s), 1 warning(s)"
    assert sorted(lines[:-1]) == [
        "bibliography/old.bib:1:1: (file): warning: not read: bibliography/ holds only references.bib "
        "(move or remove it)",
        "synthesis/studies/.moen-2024.yaml:1:1: (file): the file name starts with `.` (a hidden file): it is not "
        "read (rename it to <study id>.yaml or remove it)",
        f"synthesis/studies/drafts:1:1: (file): folders inside synthesis/studies are not read ({hint})",
        f"synthesis/studies/notes.md:1:1: (file): not a study file (study files end in .yaml) ({hint})",
    ]


def test_a_duplicate_id_is_reported_at_every_file_holding_it(project: Path) -> None:
    studies = project / "synthesis" / "studies"
    shutil.copy(studies / "moen-2023.yaml", studies / "moen-2023-copy.yaml")
    shutil.copy(studies / "moen-2023.yaml", studies / "zz-moen.yaml")
    code, lines = validate(project)
    assert code == 1
    fix = "(each study has one file; give one of them another id, or remove the copy)"
    copy, original, last = (f"synthesis/studies/{name}.yaml" for name in ("moen-2023-copy", "moen-2023", "zz-moen"))
    assert [line for line in lines if "also used by" in line] == [
        f"{copy}:2:5: id: id 'moen-2023' is also used by {original}, {last} {fix}",
        f"{original}:2:5: id: id 'moen-2023' is also used by {copy}, {last} {fix}",
        f"{last}:2:5: id: id 'moen-2023' is also used by {copy}, {original} {fix}",
    ]


def test_a_symlinked_cache_folder_is_never_written_through(
    project: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYNTHSITE_CACHE", "1")
    (project / ".cache").symlink_to(outside, target_is_directory=True)
    before = sorted(path.name for path in outside.rglob("*"))
    assert validate(project, "--strict") == (0, [])
    assert sorted(path.name for path in outside.rglob("*")) == before


def test_pages_out_refuses_a_docs_folder_symlinked_outside(project: Path, outside: Path) -> None:
    (project / "docs").symlink_to(outside, target_is_directory=True)
    out = project / "out"
    result = CliRunner().invoke(main, ["pages", "--root", str(project), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: docs/ points outside the project (symlink); nothing in it is copied"
    assert not out.exists() or not any(out.iterdir())


def test_a_contributor_guide_symlinked_outside_is_not_published(project: Path, outside: Path) -> None:
    (project / "docs").mkdir()
    (project / "CONTRIBUTING.md").symlink_to(outside / f"{SECRET}.yaml")
    out = project / "out"
    result = CliRunner().invoke(main, ["pages", "--root", str(project), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: CONTRIBUTING.md: the file points outside the project (symlink)"
    assert not out.exists() or not any(out.iterdir())
