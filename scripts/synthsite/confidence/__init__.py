"""The confidence layer of the index: evidence signals, staleness and consistency rules for every finding.

One value (`ConfidenceIndex`) computed once from a validated corpus and shared by the theme pages, the Summary of
Qualitative Findings, the home page, themes.csv, the methods and disconfirming pages and `synthsite changes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from synthsite.confidence.rules import Finding, all_findings, ceiling
from synthsite.confidence.signals import Signals, all_signals, evidence_flags
from synthsite.confidence.staleness import Staleness, staleness
from synthsite.load import Corpus
from synthsite.model import CASP_QUESTIONS
from synthsite.tables import CellValue, Column

MULTI = "; "


@dataclass(frozen=True)
class ConfidenceIndex:
    signals: dict[str, Signals]
    findings: dict[str, list[Finding]]
    """Synthesized theme id -> rules that fire for it (acknowledged or not)."""
    staleness: dict[str, Staleness]
    ceilings: dict[str, str]
    """Synthesized theme id -> the highest overall confidence the downgrading rule allows."""

    def flags(self, theme_id: str) -> tuple[str, ...]:
        return evidence_flags(self.signals[theme_id].figures)


def build_confidence(corpus: Corpus) -> ConfidenceIndex:
    signals = all_signals(corpus)
    return ConfidenceIndex(
        signals=signals,
        findings=all_findings(corpus),
        staleness={theme.id: staleness(theme, signals[theme.id].figures) for theme in corpus.themes.themes},
        ceilings={theme.id: ceiling(theme.cerqual) for theme in corpus.themes.themes},
    )


def evidence_note(conf: ConfidenceIndex, theme_id: str) -> str:
    """The Summary of Qualitative Findings' note on a finding: what it rests on, and whether its assessment
    predates the current evidence."""
    parts = [flag[0].upper() + flag[1:] for flag in conf.flags(theme_id)]
    state = conf.staleness[theme_id]
    if state.stale:
        parts.append(
            f"Assessment predates the current evidence (assessed on version {state.version}; since: {state.since()})"
        )
    elif not state.recorded:
        parts.append("Assessment does not record the evidence it judged")
    return ". ".join(parts) + ("." if parts else "")


def predates_cell(state: Staleness) -> str:
    """Whether an assessment predates the current evidence, as one cell: "yes: <what changed>", "no" or
    "unknown"; every table that shows a judgement takes it from here, so they cannot disagree."""
    if state.stale:
        return "yes: " + state.since()
    return "no" if state.recorded else "unknown"


CONTESTED_COLUMN = Column(
    "contested",
    "Contested links",
    description="Links to the finding with a recorded alternative reading (yes, with each study theme, its "
    "relation and the other readings; no).",
)
"""The contested links of a finding, in the findings tables (themes.csv counts them in contested_links)."""


def contested_cell(conf: ConfidenceIndex, theme_id: str) -> str:
    """ "yes: <study>, <study theme> (<relation>; also read as <relation> by <source>); ..." or "no", from the same
    signals the theme page counts ("N contested") and the evidence note flags."""
    parts = [
        f"{link.study.id}, {link.theme.label} ({link.relation}; also read as "
        + ", ".join(f"{reading.relation} ({reading.source})" for reading in link.contested)
        + ")"
        for link in conf.signals[theme_id].links
        if link.contested
    ]
    return "yes: " + MULTI.join(parts) if parts else "no"


@cache
def casp_label(item: str) -> str:
    """ "CASP 4 recruitment": made once per question (a large synthesis names ~70,000 concerns)."""
    number = list(CASP_QUESTIONS).index(item) + 1
    return f"CASP {number} {item.replace('_', ' ')}"


PREDATES_COLUMN = Column(
    "assessment_predates_evidence",
    "Assessment predates the evidence",
    description="Whether the evidence changed after the assessment (yes, with what changed; no; unknown).",
)
"""The column every table that shows a CERQual judgement carries (themes.csv and both findings tables)."""

SIGNAL_COLUMNS: tuple[Column, ...] = (
    Column(
        "participants",
        "Participants",
        numeric=True,
        description="The most participants the contributing studies' linked themes can speak for.",
    ),
    Column(
        "participants_min",
        "Participants (fewest)",
        numeric=True,
        description="The fewest participants they certainly speak for; lower than participants where a study theme "
        "does not identify its groups (mixed) or a link is contested.",
    ),
    Column(
        "participants_by_perspective",
        "Participants by perspective",
        description="Participants of the contributing studies by perspective (perspective: n; ...).",
    ),
    Column(
        "perspectives",
        "Perspectives of the linked study themes",
        description="Perspectives of the study themes linked to the finding.",
    ),
    Column("countries", "Countries", description="Countries of the contributing studies."),
    Column("quotes", "Quotes", description="Number of quotes under the linked study themes."),
    Column(
        "casp_concerns",
        "CASP concerns of contributing studies",
        description="CASP answers other than yes in contributing studies (study: item answer).",
    ),
    Column("contradicting_studies", "Contradicting study ids", description="Studies with a contradicting study theme."),
    Column("contested_links", "Contested links", description="Links to the finding with an alternative reading."),
    Column(
        "complicating_links",
        "Complicating links",
        description="Supporting or extending links the reviewers mark as complicating the finding.",
    ),
    Column("flags", "Evidence flags", description="Evidence signals flagged for this finding."),
    Column("assessed_version", "Assessed on version", description="Synthesis version the CERQual assessment judged."),
    Column(
        "assessed_studies", "Assessed with study ids", description="Contributing studies the CERQual assessment judged."
    ),
    PREDATES_COLUMN,
    Column(
        "rules_unacknowledged",
        "Consistency rules not acknowledged",
        description="Consistency rules that warn for this finding and are not acknowledged.",
    ),
)
"""themes.csv columns for the evidence signals (after the judgement columns)."""


def signal_cells(conf: ConfidenceIndex, theme_id: str) -> dict[str, CellValue]:
    found = conf.signals[theme_id]
    figures = found.figures
    state = conf.staleness[theme_id]
    return {
        "participants": figures.participants,
        "participants_min": figures.participants_min,
        "participants_by_perspective": MULTI.join(f"{p}: {n}" for p, n in figures.by_perspective),
        "perspectives": MULTI.join(figures.perspectives),
        "countries": MULTI.join(figures.countries),
        "quotes": figures.quotes,
        "casp_concerns": MULTI.join(f"{c.study}: {casp_label(c.item)} {c.answer}" for c in found.casp_concerns),
        "contradicting_studies": MULTI.join(figures.contradicting_studies),
        "contested_links": figures.contested,
        "complicating_links": figures.complicating,
        "flags": MULTI.join(conf.flags(theme_id)),
        "assessed_version": state.version or "not recorded",
        "assessed_studies": MULTI.join(state.studies) if state.recorded else "not recorded",
        "assessment_predates_evidence": predates_cell(state),
        "rules_unacknowledged": MULTI.join(f.rule for f in conf.findings[theme_id] if not f.acknowledged),
    }
