"""The disconfirming evidence register: every study theme that contradicts or extends a synthesized theme,
across the synthesis, as one citable table (shown on /findings/disconfirming/, downloadable as CSV and JSON)."""

from __future__ import annotations

from synthsite.confidence.signals import Signals
from synthsite.tables import CellValue, Column, Table, Target, ToStudy, ToStudyTheme, ToTheme

DISCONFIRMING_RELATIONS = ("contradicts", "extends")


def register_table(signals: dict[str, Signals], labels: dict[str, str], names: dict[str, str]) -> Table:
    """One row per contradicting or extending link, contradicting first, then in themes.yaml order."""
    columns = (
        Column(
            "theme", "Synthesized theme", description="The synthesized theme the study theme extends or contradicts."
        ),
        Column("relation", "Relation", filter=True, description="extends or contradicts."),
        Column("study_id", "Study id", page=False, description="Id of the study (its page is /studies/<id>/)."),
        Column("study", "Study", description="The study, as its in-text citation."),
        Column("study_theme", "Study theme", description="The study theme as the paper names it."),
        Column("rationale", "Rationale", description="The reviewers' one-line rationale for the link."),
    )
    rows: list[dict[str, CellValue]] = []
    links: dict[tuple[int, str], Target] = {}
    for relation in DISCONFIRMING_RELATIONS:
        for theme_id, found in signals.items():
            for item in found.links:
                if item.relation != relation:
                    continue
                row = len(rows)
                links[(row, "theme")] = ToTheme(theme_id)
                links[(row, "study")] = ToStudy(item.study.id)
                links[(row, "study_theme")] = ToStudyTheme(item.study.id, item.theme.id)
                rows.append(
                    {
                        "theme": labels.get(theme_id, theme_id),
                        "relation": relation,
                        "study_id": item.study.id,
                        "study": names.get(item.study.id, item.study.id),
                        "study_theme": item.theme.label,
                        "rationale": item.rationale or "",
                    }
                )
    return Table(
        "disconfirming-evidence",
        "Disconfirming evidence register",
        columns,
        tuple(rows),
        "Every study theme that contradicts a synthesized theme (disconfirming evidence, refutational translation) "
        "or extends it (a nuance the other studies lack), with the reviewers' rationale.",
        links,
    )
