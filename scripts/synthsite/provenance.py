"""Where a build comes from: its date and, when built from a git work tree, its commit (I/O at the edge).

Both are deterministic: the date is SOURCE_DATE_EPOCH's (reproducible builds) or else the commit's own date,
never the clock, so two builds of the same commit are byte-identical.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from synthsite.epoch import epoch_day


@dataclass(frozen=True)
class Provenance:
    date: str | None
    commit: str | None


def epoch_date(environ: dict[str, str] | None = None) -> str | None:
    """The date of SOURCE_DATE_EPOCH (YYYY-MM-DD, UTC), or None when it is unset; `EpochError` for a value that
    is not a usable time (`synthsite.epoch`)."""
    return epoch_day(environ)


def _day(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d")


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def head_commit(root: Path) -> tuple[str, int] | None:
    """(commit, commit time) of HEAD when `root` is the top of a git work tree (a project folder inside some other
    repository, such as a test fixture, is not built from git), else None."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or Path(top).resolve() != root.resolve():
        return None
    found = _git(root, "log", "-1", "--format=%H %ct")
    if not found:
        return None
    commit, _, seconds = found.partition(" ")
    return (commit, int(seconds)) if seconds.isdigit() else None


def provenance(root: Path, environ: dict[str, str] | None = None) -> Provenance:
    """The build's date (SOURCE_DATE_EPOCH, else the commit's date) and commit."""
    head = head_commit(root)
    date = epoch_date(environ)
    if date is None and head is not None:
        date = _day(head[1])
    return Provenance(date, head[0] if head else None)
