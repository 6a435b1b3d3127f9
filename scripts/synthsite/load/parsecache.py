"""A content-addressed cache of parsed YAML, so rebuilds re-parse only the files that changed.

It also holds pybtex's parse of references.bib, under a key of its own (`bibcache`: the same rules, and every
check of the bibliography runs on a kept parse as on a fresh one).

Parsing is the slowest step of loading (PyYAML's C parser reads about 6 MB/s; a thousand studies are
~17 MB), while pydantic validation is fast. The cache maps the SHA-256 of a file's text to the plain data
our strict parser produced; it holds JSON only (never pickle), and the data are validated again on every
load, so a stale or tampered cache can never admit data the models would reject. Failed parses are never
cached: their problems are recomputed with positions each time. Only data that reads back from JSON exactly
as it was parsed are stored (no NaN or infinity, nothing JSON cannot hold), so a hit always equals a parse.

The cache can never stand in for the data: it lives outside the project, in the user's cache folder
(`$XDG_CACHE_HOME/synthsite/`, else `~/.cache/synthsite/`), one file per project folder, so a pull request
cannot ship one (a committed `.cache/synthsite/parsed.json` once changed the published values without touching
any YAML); a file tracked by git under `.cache/` is refused outright. A cache that cannot be read, is not what
this version wrote, or is nested too deeply for JSON is a miss, never a crash.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

from synthsite import __version__
from synthsite.fsutil import write_atomic
from synthsite.load.problems import Problem

PROJECT_CACHE = Path(".cache")
"""Where earlier versions kept the cache, inside the project: never read; tracked files there are refused."""
FORMAT = f"synthsite-{__version__}-parse-v2"
"""v2: strings passed the text normalisation (`synthsite.load.text`); entries from before it are re-parsed."""


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ParseCache:
    """Reads the cache once, serves hits, records misses, and writes back only what was used."""

    def __init__(self, path: Path | None, entries: dict[str, Any]) -> None:
        self.path = path
        self._old = entries
        self._used: dict[str, Any] = {}
        self._replaced = False
        """Whether a kept value was unusable and a fresh one took its key (the key sets alone do not show it)."""

    @classmethod
    def open(cls, root: Path) -> ParseCache:
        """The project's cache, or a disabled one when SYNTHSITE_CACHE=0 or there is no user cache folder."""
        if os.environ.get("SYNTHSITE_CACHE", "1") == "0":
            return cls(None, {})
        path = cache_file(root)
        if path is None:
            return cls(None, {})
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            entries = stored["entries"] if stored.get("format") == FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            entries = {}
        return cls(path, entries if isinstance(entries, dict) else {})

    @property
    def keeps(self) -> bool:
        """Whether anything put here can be used again (a disabled cache, or the preview's once it remembers the
        last load, keeps nothing: checking that a value round-trips would be wasted)."""
        return self.path is not None

    def get(self, key: str) -> Any | None:
        value = self._old.get(key)
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        """Keep `value` if JSON gives it back unchanged; anything else is simply parsed again next time."""
        if self.keeps and round_trips(value):
            self._replaced = self._replaced or key in self._old
            self._used[key] = value

    def save(self) -> None:
        """Write back the entries this load used (so deleted files drop out); never fails a build."""
        if self.path is None or (self._used.keys() == self._old.keys() and not self._replaced):
            return
        try:
            text = json.dumps({"format": FORMAT, "entries": self._used}, ensure_ascii=False, separators=(",", ":"))
            write_atomic(self.path, text)
        except OSError:
            pass


def cache_folder() -> Path | None:
    """The user's cache folder for synthsite (XDG base directories: an absolute $XDG_CACHE_HOME, else
    ~/.cache), or None when there is no home to keep it in."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured) / "synthsite"
    try:
        return Path.home() / ".cache" / "synthsite"
    except RuntimeError:
        return None


def cache_file(root: Path) -> Path | None:
    """This project's cache file: named by the project folder's absolute path, outside the project."""
    folder = cache_folder()
    if folder is None:
        return None
    name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return folder / f"parsed-{name}.json"


def tracked_cache_problems(root: Path) -> list[Problem]:
    """An error for every file git tracks under `.cache/`: a parse cache in the repository is data a review
    cannot see. Checked only when the folder exists (no git call otherwise) and git can answer."""
    if not (root / PROJECT_CACHE).exists():
        return []
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--", PROJECT_CACHE.as_posix()],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if listed.returncode != 0:
        return []  # not a git work tree
    return [
        Problem(
            name,
            1,
            1,
            "",
            "a cache file is committed to the repository: synthsite keeps its parse cache outside the project "
            "and never reads this one, and nothing a review cannot read may sit beside the data",
            f"remove it from the repository: git rm --cached {name}",
        )
        for name in sorted(set(listed.stdout.decode("utf-8", "surrogateescape").split("\0")) - {""})
    ]


def round_trips(value: Any) -> bool:
    """Whether JSON reads `value` back as an equal value (so a cache hit can never differ from a parse)."""
    try:
        return bool(json.loads(json.dumps(value, allow_nan=False, ensure_ascii=False)) == value)
    except (ValueError, TypeError, RecursionError):
        return False
