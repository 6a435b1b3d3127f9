"""Reading the data folders of a project that arrives in strangers' pull requests.

Only plain files inside the project are read: every path is resolved (symlinked files *and* folders) and must
stay inside the project root; pipes, devices and sockets are refused without being opened for long (a FIFO
would block a plain `open`); reads are bounded. Every entry of a data folder is either read or reported, so
nothing (a hidden `.study.yaml`, a nested folder) is skipped without a word.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class ReadRefused(Exception):
    """A path the project may not read; `message` and `hint` are for the contributor."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _no_symlink_along(root: Path, parts: tuple[str, ...]) -> bool:
    """True when every folder and file along `parts` exists and none is a symlink (nor `.` or `..`): each then
    resolves to the resolved root plus its own path, inside the project, and nothing needs resolving. One
    `lstat` per step, where resolving asks the file system about every folder from `/` down (a thousand study
    files are read per build). An absolute path is never taken as inside."""
    if any(part in (".", "..") or part.startswith("/") for part in parts):
        return False
    path = str(root)
    for part in parts:
        path = os.path.join(path, part)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return False
        except OSError:
            return False
    return True


def escaping_part(root: Path, relative: Path) -> PurePosixPath | None:
    """The first folder or file along `relative` whose resolved location is outside `root`, if any."""
    parts = PurePosixPath(relative.as_posix()).parts
    if _no_symlink_along(root, parts):
        return None
    base = root.resolve()
    for end in range(1, len(parts) + 1):
        step = PurePosixPath(*parts[:end])
        try:
            resolved = (root / step).resolve()
        except (OSError, RuntimeError):  # a symlink loop
            return step
        if not resolved.is_relative_to(base):
            return step
    return None


def check_inside(root: Path, relative: Path, *, folder: bool = False) -> None:
    """Refuse a path that leaves the project through a symlink (of the file or of any folder above it)."""
    escape = escaping_part(root, relative)
    if escape is None:
        return
    if escape == PurePosixPath(relative.as_posix()) and not folder:
        raise ReadRefused("the file points outside the project (symlink)", "replace the symlink with the file itself")
    raise ReadRefused(
        f"the folder `{escape}` points outside the project (symlink); nothing in it is read",
        f"replace the symlink `{escape}` with a real folder holding the files",
    )


def read_bounded(root: Path, relative: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file inside the project (one more tells a file over the limit).

    Never allocates more than the file needs (`read(limit + 1)` would reserve the whole limit up front).
    Raises ReadRefused, FileNotFoundError or OSError.
    """
    check_inside(root, relative)
    full = root / relative
    _require_regular(os.stat(full).st_mode)
    handle = os.open(full, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        status = os.fstat(handle)
        _require_regular(status.st_mode)  # it may have been swapped between stat and open
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read(min(status.st_size, limit) + 1)
    finally:
        os.close(handle)


def _require_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise ReadRefused("this is a folder, not a file", "a data file is a plain text file")
    if not stat.S_ISREG(mode):
        raise ReadRefused(
            "not a regular file (a named pipe, device or socket); it is not read",
            "replace it with a plain text file",
        )


@dataclass(frozen=True)
class Entry:
    """One entry of a data folder, classified without following it anywhere."""

    relative: Path
    kind: str
    """`file`, `hidden`, `folder` or `special` (pipe, device, socket)."""


def entries(root: Path, folder: Path) -> list[Entry]:
    """Every entry of `root/folder`, sorted by name; raises ReadRefused if the folder leaves the project."""
    check_inside(root, folder, folder=True)
    found: list[Entry] = []
    with os.scandir(root / folder) as listing:
        for item in listing:
            relative = folder / item.name
            try:
                mode = os.stat(item.path).st_mode  # through a symlink: what would be read
            except OSError:
                mode = stat.S_IFREG  # a dangling symlink: reading it reports "file not found"
            if item.name.startswith("."):
                kind = "hidden"
            elif stat.S_ISDIR(mode):
                kind = "folder"
            elif stat.S_ISREG(mode):
                kind = "file"
            else:
                kind = "special"
            found.append(Entry(relative, kind))
    return sorted(found, key=lambda entry: entry.relative.as_posix())
