"""The findings tables readers paste into manuscripts: the numbered Summary of Qualitative Findings and the
all-findings GRADE-CERQual evidence profile (the two tables iSoQ prints), as plain `tables.Table` values.

Findings are numbered in the order the synthesis lists them (domain by domain, themes in file order), so the
number, the page, the CSV/JSON and the Word document agree. Each evidence-profile cell holds the judgement and
its explanation as one text ("Minor concerns: ..."), which is what a reader sees and what the CSV holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from synthsite import urls
from synthsite.index.views import CERQUAL_COMPONENTS, MULTI, Crosswalk, Evidence, StudyView, SynthesisIndex
from synthsite.tables import CellValue, Column, Table

DOCX_PATH = f"{urls.FINDINGS}findings.docx"
"""Both tables as one Word document, beside the findings page."""
SUMMARY_ID = "summary-of-qualitative-findings"
PROFILE_ID = "cerqual-evidence-profile"


@dataclass(frozen=True)
class NumberedFinding:
    number: int
    evidence: Evidence


def numbered(crosswalk: Crosswalk, evidence: dict[str, Evidence]) -> tuple[NumberedFinding, ...]:
    """Every finding with its number (1, 2, ...), in the synthesis' own order."""
    ordered = [evidence[theme.id] for _domain, themes in crosswalk.rows for theme in themes]
    return tuple(NumberedFinding(number, found) for number, found in enumerate(ordered, start=1))


def judgement_text(judgement: str, explanation: str) -> str:
    """One evidence-profile cell: "Minor concerns: why"."""
    return f"{judgement[:1].upper()}{judgement[1:]}: {explanation}"


def _studies(found: Evidence, by_id: dict[str, StudyView]) -> str:
    return MULTI.join(by_id[study_id].ref.in_text for study_id in found.support.studies)


def summary_table(crosswalk: Crosswalk, evidence: dict[str, Evidence]) -> Table:
    """iSoQ's Summary of Qualitative Findings: finding, confidence, explanation, contributing studies."""
    by_id = {view.id: view for view in crosswalk.studies}
    columns = (
        Column("number", "No.", numeric=True),
        Column("finding", "Summarised review finding"),
        Column("confidence", "GRADE-CERQual assessment of confidence", filter=True),
        Column("explanation", "Explanation of GRADE-CERQual assessment"),
        Column("studies", "Studies contributing to the review finding"),
    )
    rows: list[dict[str, CellValue]] = []
    for item in numbered(crosswalk, evidence):
        theme = item.evidence.theme
        rows.append(
            {
                "number": item.number,
                "finding": f"{theme.label}. {theme.finding}",
                "confidence": theme.cerqual.confidence,
                "explanation": theme.cerqual.explanation,
                "studies": _studies(item.evidence, by_id),
            }
        )
    return Table(
        SUMMARY_ID,
        "Summary of Qualitative Findings",
        columns,
        tuple(rows),
        "Each numbered review finding with the GRADE-CERQual assessment of confidence in it, why, and the "
        "studies that contribute to it.",
    )


def profile_table(crosswalk: Crosswalk, evidence: dict[str, Evidence]) -> Table:
    """The evidence profile of every finding: the four CERQual components and the overall confidence, each
    with its explanation."""
    columns = (
        Column("number", "No.", numeric=True),
        Column("finding", "Summarised review finding"),
        *(Column(name, label) for name, label in CERQUAL_COMPONENTS.items()),
        Column("confidence", "Overall confidence"),
        Column("studies", "Contributing studies"),
    )
    by_id = {view.id: view for view in crosswalk.studies}
    rows: list[dict[str, CellValue]] = []
    for item in numbered(crosswalk, evidence):
        theme = item.evidence.theme
        cerqual = theme.cerqual
        row: dict[str, CellValue] = {"number": item.number, "finding": f"{theme.label}. {theme.finding}"}
        for name in CERQUAL_COMPONENTS:
            component = getattr(cerqual, name)
            row[name] = judgement_text(component.concern, component.explanation)
        row["confidence"] = judgement_text(f"{cerqual.confidence} confidence", cerqual.explanation)
        row["studies"] = _studies(item.evidence, by_id)
        rows.append(row)
    return Table(
        PROFILE_ID,
        "GRADE-CERQual evidence profile",
        columns,
        tuple(rows),
        "For every finding, the judgement on each GRADE-CERQual component and on overall confidence, with the "
        "explanation the review team gives.",
    )


def findings_tables(index: SynthesisIndex) -> tuple[Table, Table]:
    """The summary and the evidence profile of an index (made once with its other tables, `comparisons.TABLES`);
    the page, the downloads and the .docx share them."""
    return index.tables["summary_of_qualitative_findings"], index.tables["evidence_profile"]
