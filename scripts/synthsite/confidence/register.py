"""The disconfirming evidence register: every link that contradicts a synthesized theme, is contested, or that
the reviewers mark as complicating it, across the synthesis, as one citable table (shown on
/findings/disconfirming/, downloadable as CSV and JSON). Plain `extends` links are nuance, not disconfirmation,
and are not listed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from synthsite.confidence.signals import LinkedTheme, Signals
from synthsite.model import AlternativeReading
from synthsite.tables import CellValue, Column, Table, Target, ToStudy, ToStudyTheme, ToTheme

MULTI = "; "


def why_listed(item: LinkedTheme) -> tuple[str, ...]:
    """Why a link belongs in the register (empty: it does not): contradicts, contested, complicates."""
    reasons = []
    if item.relation == "contradicts":
        reasons.append("contradicts")
    if item.contested:
        reasons.append("contested")
    if item.complicates and item.relation != "contradicts":
        reasons.append("complicates")
    return tuple(reasons)


def readings(contested: Sequence[AlternativeReading]) -> str:
    """A contested link's alternative readings as one cell: relation (source): rationale; ... (register, crosswalk)."""
    return MULTI.join(f"{r.relation} ({r.source}): {r.rationale}" for r in contested)


@dataclass(frozen=True)
class RegisterCounts:
    """What the register holds: links, and the study themes they come from (a theme may have several links)."""

    links: int
    study_themes: int
    contradicting_links: int
    contradicting_study_themes: int
    contested_links: int
    complicating_links: int


def register_counts(table: Table) -> RegisterCounts:
    rows = table.rows

    def themes(selected: list[dict[str, CellValue]]) -> int:
        return len({(row["study_id"], row["study_theme_id"]) for row in selected})

    contradicting = [row for row in rows if row["relation"] == "contradicts"]
    return RegisterCounts(
        links=len(rows),
        study_themes=themes(list(rows)),
        contradicting_links=len(contradicting),
        contradicting_study_themes=themes(contradicting),
        contested_links=sum(1 for row in rows if row["contested"] == "yes"),
        complicating_links=sum(1 for row in rows if "complicates" in str(row["listed_because"])),
    )


def register_table(signals: Mapping[str, Signals], labels: Mapping[str, str], names: Mapping[str, str]) -> Table:
    """One row per contradicting, contested or complicating link: contradicting first, then contested, then
    complicating, each in themes.yaml order."""
    columns = (
        Column("theme", "Synthesized theme", description="The synthesized theme the study theme bears on."),
        Column(
            "relation", "Relation", filter=True, description="The recorded relation: supports, extends or contradicts."
        ),
        Column(
            "listed_because",
            "Listed because",
            filter=True,
            description="contradicts; contested (an alternative reading is recorded); complicates (the reviewers "
            "judge that the study theme qualifies or limits the finding).",
        ),
        Column("contested", "Contested", filter=True, description="yes when an alternative reading is recorded."),
        Column(
            "alternative_readings",
            "Alternative readings",
            description="Each alternative reading: relation (where it came from): rationale.",
        ),
        Column("study_id", "Study id", page=False, description="Id of the study (its page is /studies/<id>/)."),
        Column("study", "Study", description="The study, as its in-text citation."),
        Column("study_theme_id", "Study theme id", page=False, description="Id of the study theme within its study."),
        Column("study_theme", "Study theme", description="The study theme as the paper names it."),
        Column("rationale", "Rationale", description="The reviewers' rationale for the recorded relation."),
    )
    rows: list[dict[str, CellValue]] = []
    links: dict[tuple[int, str], Target] = {}
    order = ("contradicts", "contested", "complicates")
    listed = [
        (order.index(reasons[0]), position, theme_id, item, reasons)
        for position, (theme_id, found) in enumerate(signals.items())
        for item in found.links
        if (reasons := why_listed(item))
    ]
    listed.sort(key=lambda entry: (entry[0], entry[1]))
    for _, _, theme_id, item, reasons in listed:
        row = len(rows)
        links[(row, "theme")] = ToTheme(theme_id)
        links[(row, "study")] = ToStudy(item.study.id)
        links[(row, "study_theme")] = ToStudyTheme(item.study.id, item.theme.id)
        rows.append(
            {
                "theme": labels.get(theme_id, theme_id),
                "relation": item.relation,
                "listed_because": MULTI.join(reasons),
                "contested": "yes" if item.contested else "no",
                "alternative_readings": readings(item.contested),
                "study_id": item.study.id,
                "study": names.get(item.study.id, item.study.id),
                "study_theme_id": item.theme.id,
                "study_theme": item.theme.label,
                "rationale": item.rationale or "",
            }
        )
    return Table(
        "disconfirming-evidence",
        "Disconfirming evidence register",
        columns,
        tuple(rows),
        "Every study theme link that contradicts a synthesized theme (refutational translation), whose reading is "
        "contested, or that the reviewers judge complicates the finding, with the recorded rationale and every "
        "alternative reading.",
        links,
    )
