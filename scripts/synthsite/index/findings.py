"""The GRADE-CERQual tables: the findings tables readers paste into manuscripts (the numbered Summary of
Qualitative Findings and the all-findings evidence profile, the two tables iSoQ prints), the /themes/ summary
with contributing studies and evidence notes, and one theme's own evidence profile, as plain `tables.Table` values.

Findings are numbered in the order the synthesis lists them (domain by domain, themes in file order), so the
number, the page, the CSV/JSON and the Word document agree. Each evidence-profile cell holds the judgement and
its explanation as one text ("Minor concerns: ..."), which is what a reader sees and what the CSV holds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from synthsite.confidence import (
    CONTESTED_COLUMN,
    PREDATES_COLUMN,
    ConfidenceIndex,
    contested_cell,
    evidence_note,
    predates_cell,
)
from synthsite.index.tablekit import make_table
from synthsite.index.views import CERQUAL_COMPONENTS, MULTI, Crosswalk, Evidence, StudyView, SynthesisIndex
from synthsite.model import SynthesizedTheme
from synthsite.tables import CellValue, Column, Table, Target, ToTheme

SUMMARY_ID = "summary-of-qualitative-findings"
PROFILE_ID = "cerqual-evidence-profile"


@dataclass(frozen=True)
class NumberedFinding:
    number: int
    evidence: Evidence


def numbered(crosswalk: Crosswalk, evidence: Mapping[str, Evidence]) -> tuple[NumberedFinding, ...]:
    """Every finding with its number (1, 2, ...), in the synthesis' own order."""
    ordered = [evidence[theme.id] for _domain, themes in crosswalk.rows for theme in themes]
    return tuple(NumberedFinding(number, found) for number, found in enumerate(ordered, start=1))


RESTATED_SEPARATOR = re.compile(r"\s*[:.;,\u2013\u2014-]\s*|\s*$")


def explanation_after(judgement: str, explanation: str) -> str:
    """What the explanation adds after the judgement it follows: a leading restatement of the judgement is
    dropped ("Low confidence: moderate concerns..." after "low confidence" gives "moderate concerns...", and
    "Minor concerns about X" after "minor concerns" gives "about X"), so a cell never says it twice."""
    match = re.match(rf"\s*{re.escape(judgement)}\b", explanation, re.IGNORECASE)
    if match is None:
        return explanation
    rest = explanation[match.end() :]
    separator = RESTATED_SEPARATOR.match(rest)
    return rest[separator.end() :] if separator and separator.end() else rest


def judgement_text(judgement: str, explanation: str) -> str:
    """One evidence-profile cell: "Minor concerns: why", the judgement said once."""
    head = f"{judgement[:1].upper()}{judgement[1:]}"
    rest = explanation_after(judgement, explanation)
    if not rest:
        return head
    return f"{head}{rest}" if rest[:1].isspace() else f"{head}: {rest}"


def _studies(found: Evidence, by_id: dict[str, StudyView]) -> str:
    return MULTI.join(by_id[study_id].ref.in_text for study_id in found.support.studies)


VERSION_COLUMN = Column(
    "version",
    "Version",
    page=False,
    description="The synthesis version the row belongs to: a released version and its date, or the last release"
    " 'with unreleased changes' and the data fingerprint of the content.",
)
"""Download-only: a row pasted elsewhere still says which version (released or not) it comes from."""


def summary_table(
    crosswalk: Crosswalk, evidence: Mapping[str, Evidence], confidence: ConfidenceIndex, version: str
) -> Table:
    """iSoQ's Summary of Qualitative Findings: finding, confidence, explanation, contributing studies."""
    by_id = {view.id: view for view in crosswalk.studies}
    columns = (
        Column("number", "No.", numeric=True, description="The finding's number, in the synthesis' order."),
        Column("finding", "Summarised review finding", description="The synthesized theme's label and its finding."),
        Column(
            "confidence",
            "GRADE-CERQual assessment of confidence",
            filter=True,
            description="Overall GRADE-CERQual confidence: high, moderate, low or very low.",
        ),
        Column("explanation", "Explanation of GRADE-CERQual assessment", description="Why this confidence."),
        Column(
            "studies",
            "Studies contributing to the review finding",
            description="In-text citations of the contributing studies, joined with '; '.",
        ),
        replace(PREDATES_COLUMN, page=False),  # the page marks the confidence cell instead (a laptop's width)
        replace(CONTESTED_COLUMN, page=False),
        VERSION_COLUMN,
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
                "assessment_predates_evidence": predates_cell(confidence.staleness[theme.id]),
                "contested": contested_cell(confidence, theme.id),
                "version": version,
            }
        )
    return Table(
        SUMMARY_ID,
        "Summary of Qualitative Findings",
        columns,
        tuple(rows),
        "Each numbered review finding with the GRADE-CERQual assessment of confidence in it, why, and the "
        "studies that contribute to it.",
        read_whole=True,
    )


def profile_table(
    crosswalk: Crosswalk, evidence: Mapping[str, Evidence], confidence: ConfidenceIndex, version: str
) -> Table:
    """The evidence profile of every finding: the four CERQual components and the overall confidence, each
    with its explanation."""
    columns = (
        Column("number", "No.", numeric=True, description="The finding's number, in the synthesis' order."),
        Column("finding", "Summarised review finding", description="The synthesized theme's label and its finding."),
        *(
            Column(name, label, description=f"{label}: the concern judged, then its explanation.")
            for name, label in CERQUAL_COMPONENTS.items()
        ),
        Column("confidence", "Overall confidence", description="Overall confidence, then its explanation."),
        Column(
            "studies",
            "Contributing studies",
            description="In-text citations of the contributing studies, joined with '; '.",
        ),
        PREDATES_COLUMN,
        CONTESTED_COLUMN,
        VERSION_COLUMN,
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
        row["assessment_predates_evidence"] = predates_cell(confidence.staleness[theme.id])
        row["contested"] = contested_cell(confidence, theme.id)
        row["version"] = version
        rows.append(row)
    return Table(
        PROFILE_ID,
        "GRADE-CERQual evidence profile",
        columns,
        tuple(rows),
        "For every finding, the judgement on each GRADE-CERQual component and on overall confidence, with the "
        "explanation the review team gives.",
        read_whole=True,
    )


def cerqual_table(theme: SynthesizedTheme) -> Table:
    """A synthesized theme's GRADE-CERQual evidence profile: four components and the overall judgement."""
    columns = [
        Column("component", "Component", description="GRADE-CERQual component, or the overall confidence."),
        Column(
            "judgement",
            "Judgement",
            description="Level of concern for a component; the overall confidence in the last row.",
        ),
        Column("explanation", "Explanation", description="Why the reviewers judged it so."),
    ]
    rows: list[dict[str, CellValue]] = [
        {
            "component": label,
            "judgement": getattr(theme.cerqual, name).concern,
            "explanation": getattr(theme.cerqual, name).explanation,
        }
        for name, label in CERQUAL_COMPONENTS.items()
    ]
    rows.append(
        {
            "component": "Overall confidence",
            "judgement": f"{theme.cerqual.confidence} confidence",
            "explanation": theme.cerqual.explanation,
        }
    )
    return make_table("cerqual", "GRADE-CERQual evidence profile", columns, rows, read_whole=True)


def findings_table(crosswalk: Crosswalk, evidence: Mapping[str, Evidence], confidence: ConfidenceIndex) -> Table:
    """The Summary of Qualitative Findings: finding, contributing studies, CERQual confidence, explanation."""
    columns = [
        Column("theme_label", "Synthesized theme", description="The synthesized (analytical) theme."),
        Column("finding", "Review finding", description="The review finding the theme states."),
        Column(
            "study_ids",
            "Contributing study ids",
            page=False,
            description="Ids of the contributing studies, separated by semicolons.",
        ),
        Column("studies", "Contributing studies", description="Studies whose themes support or extend the finding."),
        Column("n_studies", "n studies", numeric=True, description="Number of contributing studies."),
        Column(
            "confidence",
            "CERQual confidence",
            filter=True,
            description="GRADE-CERQual confidence in the finding: high, moderate, low or very low.",
        ),
        Column("explanation", "Explanation of the assessment", description="Why the reviewers assessed confidence so."),
        Column(
            "evidence_note",
            "Evidence notes",
            description="Where the evidence has moved since the assessment, or other notes on it (empty if none).",
        ),
    ]
    by_id = {view.id: view for view in crosswalk.studies}
    rows: list[dict[str, CellValue]] = []
    links: dict[tuple[int, str], Target] = {}
    for item in numbered(crosswalk, evidence):
        found, theme = item.evidence, item.evidence.theme
        links[(len(rows), "theme_label")] = ToTheme(theme.id)
        rows.append(
            {
                "theme_label": theme.label,
                "finding": theme.finding,
                "study_ids": MULTI.join(found.support.studies),
                "studies": _studies(found, by_id),
                "n_studies": len(found.support.studies),
                "confidence": theme.cerqual.confidence,
                "explanation": theme.cerqual.explanation,
                "evidence_note": evidence_note(confidence, theme.id),
            }
        )
    return make_table(
        "summary-of-findings",
        "Summary of Qualitative Findings",
        columns,
        rows,
        "Each review finding with the studies that contribute to it, the GRADE-CERQual assessment of "
        "confidence in it, and notes on findings that rest on one study or one perspective or whose assessment "
        "predates the current evidence.",
        links,
        read_whole=True,
    )


def findings_tables(index: SynthesisIndex) -> tuple[Table, Table]:
    """The summary and the evidence profile of an index (made once with its other tables, `comparisons.TABLES`);
    the page, the downloads and the .docx share them."""
    return index.tables["summary_of_qualitative_findings"], index.tables["evidence_profile"]
