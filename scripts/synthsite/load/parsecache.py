"""A content-addressed cache of parsed YAML, so rebuilds re-parse only the files that changed.

Parsing is the slowest step of loading (PyYAML's C parser reads about 6 MB/s; a thousand studies are
~17 MB), while pydantic validation is fast. The cache maps the SHA-256 of a file's text to the plain data
our strict parser produced; it holds JSON only (never pickle), and the data are validated again on every
load, so a stale or tampered cache can never admit data the models would reject. Failed parses are never
cached: their problems are recomputed with positions each time. Only data that reads back from JSON exactly
as it was parsed are stored (no NaN or infinity, nothing JSON cannot hold), so a hit always equals a parse.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from synthsite import __version__
from synthsite.fsutil import write_atomic
from synthsite.load.datafiles import escaping_part

CACHE_FILE = Path(".cache/synthsite/parsed.json")
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

    @classmethod
    def open(cls, root: Path) -> ParseCache:
        """The project's cache, or a disabled one when SYNTHSITE_CACHE=0 or the file is unreadable."""
        if os.environ.get("SYNTHSITE_CACHE", "1") == "0":
            return cls(None, {})
        if escaping_part(root, CACHE_FILE) is not None:  # a symlinked .cache/ must not make us write elsewhere
            return cls(None, {})
        path = root / CACHE_FILE
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            entries = stored["entries"] if stored.get("format") == FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            entries = {}
        return cls(path, entries if isinstance(entries, dict) else {})

    def get(self, key: str) -> Any | None:
        value = self._old.get(key)
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        """Keep `value` if JSON gives it back unchanged; anything else is simply parsed again next time."""
        if round_trips(value):
            self._used[key] = value

    def save(self) -> None:
        """Write back the entries this load used (so deleted files drop out); never fails a build."""
        if self.path is None or self._used.keys() == self._old.keys():
            return
        try:
            text = json.dumps({"format": FORMAT, "entries": self._used}, ensure_ascii=False, separators=(",", ":"))
            write_atomic(self.path, text)
        except OSError:
            pass


def round_trips(value: Any) -> bool:
    """Whether JSON reads `value` back as an equal value (so a cache hit can never differ from a parse)."""
    try:
        return bool(json.loads(json.dumps(value, allow_nan=False, ensure_ascii=False)) == value)
    except (ValueError, TypeError, RecursionError):
        return False
