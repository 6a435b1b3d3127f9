"""A private copy of the frozen corpus to break, and `synthsite validate` run on it, for the tests of messages,
validation and hostile input. The frozen copy keeps the line numbers in their expected messages still when the
shipped corpus changes."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from synthsite.cli import main

REPO = Path(__file__).resolve().parents[1]
FROZEN = REPO / "tests" / "fixtures" / "frozen"


def copy_frozen(root: Path) -> Path:
    """The frozen corpus's synthesis/ and bibliography/ copied into `root`, which is returned."""
    shutil.copytree(FROZEN / "synthesis", root / "synthesis")
    shutil.copytree(FROZEN / "bibliography", root / "bibliography")
    return root


def edit(project: Path, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in one file under `project` (a copied fixture); the text must be there."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_validate(project: Path, *args: str) -> Result:
    """`synthsite validate --root project ...`; any exception other than the command's own exit fails the test."""
    result = CliRunner().invoke(main, ["validate", "--root", str(project), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def validate(project: Path, *args: str) -> tuple[int, list[str]]:
    """The exit code and the lines written to stderr."""
    result = run_validate(project, *args)
    return result.exit_code, result.stderr.splitlines()
