"""Texts kept from one render of the preview to the next, by the values they are written from.

`tables.CsvLines` (each table row's CSV line) and `jsontext.RecordTexts` (each record's JSON text) share this:
two generations of texts (the render in progress and the last one), what the last render did not use forgotten
at the next `start`, and which values may serve as a key at all (`EXACT_TYPES`).
"""

from __future__ import annotations

from typing import Generic, TypeVar

EXACT_TYPES = frozenset({str, int, type(None)})
"""Value types whose equal values are written alike, so a tuple of them can key the text written from it. Not
bool (True == 1 but is written "true"), float (0.0 == -0.0 is written differently), nor a subclass of str or int
(it may print differently)."""

Key = TypeVar("Key")


class KeptTexts(Generic[Key]):
    """The texts of the render in progress (`_current`) and of the last one (`_previous`), by key; a subclass
    looks a key up in both, in its own loop (these are the hot loops of a save), and counts in `made` the texts it
    had to write."""

    def __init__(self) -> None:
        self._current: dict[Key, str] = {}
        self._previous: dict[Key, str] = {}
        self.made = 0
        """Texts written since `start` (the rest were kept; for the tests)."""

    def start(self) -> None:
        """Begin a render: what the last one did not use is forgotten."""
        self._previous, self._current = self._current, {}
        self.made = 0

    @property
    def used(self) -> int:
        """Texts the render in progress used (written or kept)."""
        return len(self._current)
