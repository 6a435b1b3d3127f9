"""What the preview (`mkdocs serve`) remembers of its last load, in memory only, keyed by content digests.

A save in the preview changes one file; loading validated all thousand of them again (pydantic's validation of the
records and pybtex's parse of references.bib were over a second of each save at 1,000 studies). `LoadMemo` keeps
each file's validated value and problems under the digest of its text (the decoded bytes) and its path (problems
name the file), so an unchanged file is read and digested but not parsed or validated again; and it keeps values
derived from one record (`derived`, e.g. a study's share of a theme's evidence) under that record's digest.

It lives in the server's memory and nowhere else: a cache on disk is input a pull request can commit, and nothing
read from one may stand in for validation (`parsecache` holds parsed YAML and BibTeX only, validated and checked again on every load).
Builds other than the preview never get one, so `synthsite build`, `validate` and the benchmark's pipeline figures
validate every file. An entry a load did not use is dropped at the next load, so a long session does not grow.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

T = TypeVar("T")


@dataclass
class LoadMemo:
    """Values of the last load, each under the digest of what it was made from (one per preview process)."""

    _current: dict[Hashable, Any] = field(default_factory=dict)
    """Entries made or used by the load in progress (and the build it feeds)."""
    _previous: dict[Hashable, Any] = field(default_factory=dict)
    """Entries of the last load not (yet) used by this one; dropped when the next load starts."""
    missed: Counter[Hashable] = field(default_factory=Counter)
    """Values made afresh since `start` by kind: the first element of a tuple key (e.g. `index.keptrows.KIND`)."""
    kept: Counter[Hashable] = field(default_factory=Counter)
    """Values found kept since `start`, by kind."""

    def start(self) -> None:
        """Begin a load: what the last one did not use is forgotten."""
        self._previous, self._current = self._current, {}
        self.missed, self.kept = Counter(), Counter()

    @property
    def misses(self) -> int:
        """Values made afresh since `start` (for the tests and the preview's log)."""
        return self.missed.total()

    @property
    def hits(self) -> int:
        """Values found kept since `start`."""
        return self.kept.total()

    @property
    def cold(self) -> bool:
        """True before the first load (every file will be validated: the on-disk parse cache is worth opening)."""
        return not self._current and not self._previous

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept under `key`, else `make()` (kept under it). The key must hold every input of `make`."""
        kind = key[0] if isinstance(key, tuple) and key else None
        if key in self._current:
            self.kept[kind] += 1
            return cast(T, self._current[key])
        if key in self._previous:
            self.kept[kind] += 1
            value = self._current[key] = self._previous.pop(key)
            return cast(T, value)
        self.missed[kind] += 1
        made = self._current[key] = make()
        return made
