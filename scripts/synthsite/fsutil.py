"""File writing that never leaves half-written output behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:  # Linux reports it (no window in which another thread would see a different umask)
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1], 8) for line in status if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        mask = os.umask(0o022)  # elsewhere the only way to read it is to set it and put it back
        os.umask(mask)
        return mask


def default_mode() -> int:
    """The mode a plain `open(path, "w")` gives a new file: 0o666 less the umask (0644 usually).

    `mkstemp` creates its file 0600, which would leave every page and download unreadable to a web server
    or to the other users of a shared machine once renamed into place.
    """
    return 0o666 & ~umask()


def folder_mode() -> int:
    """The mode `mkdir` gives a new folder: 0o777 less the umask (0755 usually; `mkdtemp` gives 0700)."""
    return 0o777 & ~umask()


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename over it (atomic on POSIX), with the usual mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, default_mode())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
