"""Build a site into a staging folder and swap it in only when the whole build succeeded.

A build that fails half-way (a broken link in a hand-written page under `--strict`, a plugin error, a full disk)
must leave the previous `site/` exactly as it was: readers of a deployed copy, and `git diff` of a checked-in one,
never see a half-new site. The staging folder sits beside the target, so the swap is two renames on one file
system.

The build never deletes what it did not make: `site_dir` comes from mkdocs.yml, which a pull request can change
(`site_dir: bibliography`, or a folder elsewhere on the machine). Every build leaves `MARKER` in the site it
writes, and an existing folder is replaced only when it holds that marker (or is empty); anything else is
refused with a message before the build starts. A lock on the folder holding the site folder marks a running
build; the next build, holding the lock, removes the staging folders a killed build left behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from synthsite.fsutil import folder_mode

PREFIX = ".building-"
"""Staging folders are named `.building-<site folder name>-<random>` beside the site folder."""
MARKER = ".synthsite-site"
"""The file every build leaves at the top of the site it writes: the folder may be replaced by the next build."""
MARKER_TEXT = "This folder was built by synthsite; the next build replaces it whole.\n"


class StagingRefused(Exception):
    """The site folder cannot be replaced, or another build is writing beside it; the message says why."""


def refusal(final: Path) -> str | None:
    """Why `final` may not be replaced by a build, or None when it may (absent, empty, or built by synthsite)."""
    if final.is_symlink():
        return f"{final} is a symlink; a build replaces only a folder it wrote itself (remove the link first)"
    if not final.exists():
        return None
    if not final.is_dir():
        return f"{final} is a file, not a site folder a build wrote; nothing was changed (move it away first)"
    marker = final / MARKER
    if marker.is_file() and not marker.is_symlink():
        return None
    if not any(final.iterdir()):
        return None
    return (
        f"{final} exists and was not written by a synthsite build (it has no {MARKER}); a build replaces only "
        "a site folder it made, so nothing was changed: check site_dir in mkdocs.yml, or remove the folder yourself"
    )


class Staging:
    """The staging folder of one build, the site folder it replaces, and the lock held while it runs."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self._lock: int | None = None
        self.folder = self._start()

    def _start(self) -> Path:
        reason = refusal(self.final)
        if reason is not None:
            raise StagingRefused(reason)
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _hold_lock(self.final)
        if self._lock is not None:
            remove_stale(self.final)
        staging = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{self.final.name}-", dir=self.final.parent))
        staging.chmod(folder_mode())
        return staging

    def swap_in(self) -> None:
        """Replace the site folder with the staged one (marked as built here); the old one goes."""
        try:
            reason = refusal(self.final)  # it may have changed while the site was built
            if reason is not None:
                raise StagingRefused(reason)
            (self.folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            swap_in(self.folder, self.final)
        finally:
            self._release()

    def discard(self) -> None:
        try:
            discard(self.folder)
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _hold_lock(final: Path) -> int | None:
    """An exclusive lock on the folder holding the site folder (no lock file to leave behind), or
    StagingRefused if another build holds it. Where the platform has no `fcntl`, no lock (and no clean-up)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    handle = os.open(final.parent, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        raise StagingRefused(f"another build is writing beside {final} now; wait for it to finish") from None
    return handle


def remove_stale(final: Path) -> list[str]:
    """Remove the staging folders beside `final` that a killed build left (call only while holding the lock)."""
    removed = []
    stem = f"{PREFIX}{final.name}-"
    for entry in final.parent.iterdir():
        if not entry.name.startswith(stem):
            continue
        if entry.is_symlink() or not entry.is_dir():
            entry.unlink(missing_ok=True)
        else:
            shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry.name)
    return removed


def swap_in(staging: Path, final: Path) -> None:
    """Replace `final` with `staging`: the old site moves aside, the new one takes its name, the old one goes."""
    aside: Path | None = None
    if final.exists() or final.is_symlink():
        aside = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{final.name}-old-", dir=final.parent))
        os.rename(final, aside / final.name)
    os.rename(staging, final)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
