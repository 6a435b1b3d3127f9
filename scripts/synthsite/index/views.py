"""The index's values: the vocabulary of its tables and the views pages are made from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from synthsite.confidence import ConfidenceIndex
from synthsite.load.corpus import Corpus
from synthsite.model import (
    AlternativeReading,
    Domain,
    LimitationCategory,
    Study,
    StudyTheme,
    SynthesisMeta,
    SynthesizedTheme,
)
from synthsite.model.edition import Edition
from synthsite.tables import Table

MULTI = "; "
"""Joins the values of a multi-valued cell (countries, perspectives); filters split on it."""

CASP_SHORT: dict[str, str] = {
    "aims": "Aims",
    "methodology": "Methodology",
    "design": "Design",
    "recruitment": "Recruitment",
    "data_collection": "Data collection",
    "reflexivity": "Reflexivity",
    "ethics": "Ethics",
    "analysis": "Analysis",
    "findings": "Findings",
    "value": "Value",
}
LIMITATION_CATEGORIES: tuple[str, ...] = LimitationCategory.__args__  # type: ignore[attr-defined]
CERQUAL_COMPONENTS: dict[str, str] = {
    "methodological_limitations": "Methodological limitations",
    "coherence": "Coherence",
    "adequacy": "Adequacy of data",
    "relevance": "Relevance",
}


@dataclass(frozen=True)
class CitedAs:
    """How the index names a study: in table cells (`in_text`, "Moen et al., 2023"), in captions (`narrative`,
    "Moen et al. (2023)") and in the year column (`year`, as the bibliography gives it). Formatted outside the
    index, from the study's bibliography entry (`pipeline.cited_as`), so the index knows no citation style;
    the full formatted reference is render's (`render.rendering.Rendering.references`)."""

    in_text: str
    narrative: str
    year: str


@dataclass(frozen=True)
class Link:
    """One crosswalk link: a study theme bearing on a synthesized theme."""

    study: Study
    theme: StudyTheme
    synthesized: str
    relation: str
    rationale: str | None
    contested: tuple[AlternativeReading, ...] = ()
    passage: str | None = None
    complicates: bool = False


@dataclass(frozen=True)
class Support:
    """How much evidence a synthesized theme has: contributing studies and links by relation."""

    studies: tuple[str, ...]
    """Ids of studies with at least one supporting or extending link."""
    contradicting_studies: tuple[str, ...]
    supports: int
    extends: int
    contradicts: int


@dataclass(frozen=True)
class ThemeNode:
    """A study theme with its subthemes, as the paper nests them."""

    theme: StudyTheme
    children: tuple[ThemeNode, ...]


@dataclass(frozen=True)
class ThemeGroup:
    """The paper's own grouping of its themes (a table, a research question, a participant group)."""

    label: str
    nodes: tuple[ThemeNode, ...]


@dataclass(frozen=True)
class StudyView:
    """One study with what its page needs: how it is cited, theme tree, links and its two tables."""

    study: Study
    ref: CitedAs
    perspectives: tuple[str, ...]
    groups: tuple[ThemeGroup, ...]
    links: dict[str, tuple[Link, ...]]
    """Study theme id -> its crosswalk links."""
    participants: Table
    casp: Table

    @cached_property
    def id(self) -> str:
        """The study's id, kept after the first look (the index and pages ask it hundreds of thousands of times)."""
        return self.study.id


@dataclass(frozen=True)
class Evidence:
    """The evidence behind one synthesized theme, grouped by study (study order)."""

    theme: SynthesizedTheme
    domain: Domain
    support: Support
    supporting: tuple[tuple[StudyView, tuple[Link, ...]], ...]
    contradicting: tuple[tuple[StudyView, tuple[Link, ...]], ...]
    cerqual: Table
    table: Table | None = None
    """With more than `scale.LARGE` studies, the evidence as one table (study, study theme, relation,
    rationale), which the page shows instead of every description and quote (those stay on the study pages)."""


@dataclass(frozen=True)
class Headline:
    studies: int
    participants: int
    by_perspective: tuple[tuple[str, int], ...]
    """Participants per perspective (perspectives with none are left out), from the sample groups."""
    countries: tuple[tuple[str, str], ...]
    """(ISO code, name), sorted by name."""
    themes: int
    domains: int


@dataclass(frozen=True)
class Crosswalk:
    """Synthesized themes (grouped by domain) x studies; each cell holds the links between them."""

    rows: tuple[tuple[Domain, tuple[SynthesizedTheme, ...]], ...]
    studies: tuple[StudyView, ...]
    cells: dict[tuple[str, str], tuple[Link, ...]]
    """(synthesized theme id, study id) -> links, only for non-empty cells."""
    support: dict[str, Support]


@dataclass(frozen=True)
class SynthesisIndex:
    """The synthesis cross-referenced: a value every render reads and none writes (what a render shares between
    its pages lives in `render.rendering.Rendering`)."""

    meta: SynthesisMeta
    headline: Headline
    studies: tuple[StudyView, ...]
    crosswalk: Crosswalk
    evidence: Mapping[str, Evidence]
    """Synthesized theme id -> its evidence, in themes.yaml order."""
    corpus: Corpus = field(compare=False)
    tables: Mapping[str, Table] = field(default_factory=dict)
    """Every table of `comparisons.TABLES` by its key ("samples", "findings", ...); pages name theirs in the
    registry."""
    build_date: str | None = None
    """SOURCE_DATE_EPOCH's date, else the commit's when built from git; None otherwise (never the clock)."""
    edition: Edition = field(default_factory=lambda: Edition("", None, None, True), compare=False)
    """Which released version the content is, or that it has unreleased changes (`index.edition`)."""
    by_id: Mapping[str, StudyView] = field(default_factory=dict, compare=False)
    theme_labels: Mapping[str, str] = field(default_factory=dict, compare=False)
    """Synthesized theme id -> label, in themes.yaml order."""
    confidence: ConfidenceIndex | None = field(default=None, compare=False)
    """Evidence signals, staleness and consistency rules per finding (synthsite.confidence)."""
