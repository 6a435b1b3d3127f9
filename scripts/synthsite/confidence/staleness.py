"""Does a CERQual assessment still judge the current evidence?

Each assessment records the studies it judged (`cerqual.assessed`). When studies are added, removed, linked or
unlinked afterwards, the assessment predates the evidence: a normal state of a living synthesis that pages
and `synthsite changes` report in plain words, never a validation error.
"""

from __future__ import annotations

from dataclasses import dataclass

from synthsite.confidence.signals import Figures
from synthsite.model import SynthesizedTheme


@dataclass(frozen=True)
class Staleness:
    """How the evidence moved since the assessment: studies that now contribute or contradict, and not."""

    recorded: bool
    """False when the assessment does not record what it judged (nothing to compare)."""
    version: str | None
    studies: tuple[str, ...]
    contradicting: tuple[str, ...]
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    contradicting_added: tuple[str, ...] = ()
    contradicting_removed: tuple[str, ...] = ()

    @property
    def stale(self) -> bool:
        return bool(self.added or self.removed or self.contradicting_added or self.contradicting_removed)

    def since(self) -> str:
        """What changed since the assessment, as a clause: `added x, y; removed z`."""
        parts = []
        if self.added:
            parts.append("added " + ", ".join(self.added))
        if self.removed:
            parts.append("no longer contributing: " + ", ".join(self.removed))
        if self.contradicting_added:
            parts.append("newly contradicting: " + ", ".join(self.contradicting_added))
        if self.contradicting_removed:
            parts.append("no longer contradicting: " + ", ".join(self.contradicting_removed))
        return "; ".join(parts)

    def sentence(self, name: dict[str, str] | None = None) -> str:
        """The plain-language statement pages show (`name` maps study ids to citations)."""
        if not self.recorded:
            return "This assessment does not record the evidence it judged, so whether it predates it is unknown."
        label = lambda ids: "; ".join((name or {}).get(i, i) for i in ids) or "none"  # noqa: E731
        head = f"Assessed on version {self.version} with studies {label(self.studies)}"
        if self.contradicting:
            head += f" (contradicting: {label(self.contradicting)})"
        if not self.stale:
            return head + "; the evidence has not changed since."
        changes = []
        if self.added:
            changes.append("added " + label(self.added))
        if self.removed:
            changes.append("no longer contributing " + label(self.removed))
        if self.contradicting_added:
            changes.append("newly contradicting " + label(self.contradicting_added))
        if self.contradicting_removed:
            changes.append("no longer contradicting " + label(self.contradicting_removed))
        return f"{head}; since then: {'; '.join(changes)}. The assessment predates the current evidence."


def staleness(theme: SynthesizedTheme, current: Figures) -> Staleness:
    """Compare what the assessment recorded with the current contributing and contradicting studies."""
    assessed = theme.cerqual.assessed
    if assessed is None:
        return Staleness(False, None, (), ())
    judged, against = set(assessed.studies), set(assessed.contradicting)
    now, now_against = set(current.studies), set(current.contradicting_studies)
    return Staleness(
        recorded=True,
        version=assessed.version,
        studies=tuple(sorted(judged)),
        contradicting=tuple(sorted(against)),
        added=tuple(sorted(now - judged)),
        removed=tuple(sorted(judged - now)),
        contradicting_added=tuple(sorted(now_against - against)),
        contradicting_removed=tuple(sorted(against - now_against)),
    )
