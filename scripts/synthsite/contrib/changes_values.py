"""Which values a modified study record changes, field by field (`sample.total: 42 → 41`).

A pure walk over the two records as JSON data; the study's themes are left to the study-theme and crosswalk
sections of the summary, which compare them by id rather than by position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from synthsite.model import Study

SKIPPED = frozenset({"themes"})
"""Top-level fields whose changes the summary reports elsewhere (study themes and their links, by id)."""


@dataclass(frozen=True)
class ValueChange:
    """One changed value: where it is (`sample.groups[0].n`), its value before and after (None: absent)."""

    path: str
    before: Any
    after: Any


def _walk(path: str, before: Any, after: Any, out: list[ValueChange]) -> None:
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            _walk(f"{path}.{key}" if path else key, before.get(key), after.get(key), out)
        return
    if isinstance(before, list) and isinstance(after, list):
        for index in range(max(len(before), len(after))):
            _walk(
                f"{path}[{index}]",
                before[index] if index < len(before) else None,
                after[index] if index < len(after) else None,
                out,
            )
        return
    out.append(ValueChange(path, before, after))


def value_changes(old: Study, new: Study) -> tuple[ValueChange, ...]:
    """Every changed value of a study present on both sides, in the order of the record's fields."""
    before = old.model_dump(mode="json", exclude=set(SKIPPED))
    after = new.model_dump(mode="json", exclude=set(SKIPPED))
    out: list[ValueChange] = []
    _walk("", before, after, out)
    return tuple(out)
