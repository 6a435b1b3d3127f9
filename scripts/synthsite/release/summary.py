"""What changed in a release, as plain-text lines for the release record and the /versions/ page."""

from __future__ import annotations

from synthsite.contrib.changes import Changes


def _ids(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values)


def summary_lines(changes: Changes, first: bool = False) -> list[str]:
    """One line per kind of change; `first` for the first release (nothing to compare with)."""
    if first:
        return ["First version of the synthesis."]
    lines: list[str] = []
    if changes.studies_added:
        lines.append(f"Studies added: {_ids(changes.studies_added)}.")
    if changes.studies_removed:
        lines.append(f"Studies removed: {_ids(changes.studies_removed)}.")
    if changes.studies_modified:
        lines.append(f"Studies revised: {_ids([sid for sid, _fields in changes.studies_modified])}.")
    new = [row.id for row in changes.themes if row.before is None and row.after is not None]
    gone = [row.id for row in changes.themes if row.after is None and row.before is not None]
    moved = [row.id for row in changes.themes if row.changed and row.id not in new and row.id not in gone]
    if new:
        lines.append(f"Synthesized themes added: {_ids(new)}.")
    if gone:
        lines.append(f"Synthesized themes removed: {_ids(gone)}.")
    if moved:
        lines.append(f"Synthesized themes whose evidence or assessment changed: {_ids(moved)}.")
    if changes.links_added or changes.links_removed:
        lines.append(f"Crosswalk links: {len(changes.links_added)} added, {len(changes.links_removed)} removed.")
    if changes.references_added or changes.references_removed:
        lines.append(f"References: {len(changes.references_added)} added, {len(changes.references_removed)} removed.")
    fields = [f for f in changes.synthesis_fields_changed if f not in {"version", "date_released"}]
    if fields:
        lines.append(f"Review metadata changed: {_ids(fields)}.")
    return lines or ["No change to studies, themes, crosswalk links or references."]
