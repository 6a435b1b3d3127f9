"""Evidence signals: the facts behind each CERQual judgement, computed from the crosswalk.

A reviewer judges confidence; these figures let a reader (and the consistency rules) see what the judgement
was made on: contributing studies, participants by perspective, countries, relations, quotes and the CASP
answers of the contributors that raise concerns, and what remains when each contributing study is left out.
Pure functions of a validated corpus, linear in the number of crosswalk links.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from synthsite.confidence.percorpus import kept_for_last_corpus
from synthsite.load import Corpus
from synthsite.model import CASP_ITEMS, PERSPECTIVES, AlternativeReading, LinkReview, SampleGroup, Study, StudyTheme

SUPPORTING = ("supports", "extends")
LEAVE_ONE_OUT_MAX = 60
"""Above this many contributing studies no single study can carry a finding, and a row per study would
make the theme page heavy: leave-one-out is then summarised, not tabulated."""
CONCERNING_ANSWERS = ("no", "can't tell")
"""CASP answers that raise a concern about a contributing study (in this order: `no` first)."""


@dataclass(frozen=True)
class LinkedTheme:
    """One study theme linked to a synthesized theme."""

    study: Study
    theme: StudyTheme
    relation: str
    rationale: str | None
    review: LinkReview | None = None
    complicates: bool = False
    contested: tuple[AlternativeReading, ...] = ()
    passage: str | None = None

    @property
    def disputed_contribution(self) -> bool:
        """Whether some reading of a supporting or extending link says it is not evidence for the finding."""
        return self.relation in SUPPORTING and any(r.relation not in SUPPORTING for r in self.contested)


@dataclass(frozen=True)
class CaspConcern:
    """A contributing study's CASP answer that raises a concern: which question, which study."""

    study: str
    item: str
    answer: str
    reason: str


@dataclass(frozen=True)
class Figures:
    """What a body of evidence amounts to: the part of the signals that leave-one-out recomputes."""

    studies: tuple[str, ...]
    """Contributing studies: those with a `supports` or `extends` link, by id."""
    contradicting_studies: tuple[str, ...]
    participants: int
    """The most participants the evidence can speak for: the contributing studies' sample groups the linked
    study themes report, all of a study's groups where a theme does not identify its groups (`mixed`, or no
    group matches), and the studies of contested links."""
    participants_min: int
    """The fewest participants the evidence certainly speaks for: groups the uncontested study themes identify;
    where a study's themes identify none, its smallest group. Equal to `participants` when nothing is uncertain."""
    by_perspective: tuple[tuple[str, int], ...]
    perspectives: tuple[str, ...]
    """Perspectives of the supporting and extending study themes, in the canonical order."""
    countries: tuple[str, ...]
    """ISO codes of the contributing studies' settings, sorted."""
    supports: int
    extends: int
    contradicts: int
    contested: int
    """Links with at least one alternative reading recorded."""
    complicating: int
    """Supporting or extending links the reviewers mark as complicating the finding."""
    quotes: int
    """Quotes recorded with the supporting and extending study themes."""

    @property
    def single_study(self) -> bool:
        return len(self.studies) <= 1

    @property
    def single_perspective(self) -> bool:
        return len(self.perspectives) <= 1 and "mixed" not in self.perspectives


@dataclass(frozen=True)
class LeftOut:
    """Leave-one-study-out: the evidence that remains without one contributing study."""

    study: str
    remaining: Figures


@dataclass(frozen=True)
class Signals:
    """Every evidence signal of one synthesized theme."""

    theme: str
    figures: Figures
    casp_concerns: tuple[CaspConcern, ...]
    """CASP questions answered `no` or `can't tell` by contributing studies, by study then question."""
    leave_one_out: tuple[LeftOut, ...]
    links: tuple[LinkedTheme, ...]
    """Every linked study theme, in study then file order."""

    @property
    def casp_no(self) -> tuple[CaspConcern, ...]:
        return tuple(c for c in self.casp_concerns if c.answer == "no")


def linked_themes(corpus: Corpus) -> dict[str, list[LinkedTheme]]:
    """Synthesized theme id -> its linked study themes (studies by id, themes in file order)."""
    by_theme: dict[str, list[LinkedTheme]] = defaultdict(list)
    for study in sorted(corpus.studies, key=lambda s: s.id):
        for theme in study.themes:
            for link in theme.synthesis:
                by_theme[link.theme].append(
                    LinkedTheme(
                        study,
                        theme,
                        link.relation,
                        link.rationale,
                        link.review,
                        link.complicates,
                        tuple(link.contested),
                        link.passage,
                    )
                )
    return by_theme


def groups_of(study: Study, theme: StudyTheme) -> tuple[SampleGroup, ...] | None:
    """The sample groups a study theme speaks for, or None where the theme does not identify them.

    A theme's `group` naming a sample group's role ("Therapists (Table 1)") identifies that group; otherwise its
    perspective identifies the groups of that perspective. A `mixed` theme, or one whose perspective matches
    no group, identifies none."""
    groups = study.sample.groups
    label = theme.group.casefold()
    named = tuple(g for g in groups if _names_folded(label, g.role))
    if named:
        return named
    if theme.perspective == "mixed":
        return None
    matching = tuple(g for g in groups if g.perspective == theme.perspective)
    return matching or None


def _names_folded(folded: str, role: str) -> bool:
    """Whether case-folded text (a theme's label, folded once for all its study's groups) names `role` as a whole
    word. Most labels do not contain the role at all, which a substring test tells without the pattern."""
    if not role:
        return False
    word, pattern = _role_pattern(role)
    return word in folded and pattern.search(folded) is not None


@lru_cache(maxsize=4096)
def _role_pattern(role: str) -> tuple[str, re.Pattern[str]]:
    """A role case-folded, and as a whole word, compiled once: a synthesis of 1,000 studies asks ~40,000 times
    about a few roles."""
    folded = role.casefold()
    return folded, re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")


def _participants(study: Study, backing: list[LinkedTheme]) -> tuple[dict[str, int], int]:
    """Participants of `study` the backing links can speak for, by perspective (the most), and the fewest they
    certainly speak for. Groups are counted once however many themes report them."""
    if len(backing) == 1:
        return _one_link_participants(study, backing[0])
    return _merged_participants(study, backing)


def _merged_participants(study: Study, backing: list[LinkedTheme]) -> tuple[dict[str, int], int]:
    """`_participants` of any number of backing links: the groups each link identifies, merged."""
    most: dict[int, SampleGroup] = {}
    certain: dict[int, SampleGroup] = {}
    unidentified = False
    for link in backing:
        found = groups_of(study, link.theme)
        if found is None:
            unidentified = True
            most.update((id(g), g) for g in study.sample.groups)
            continue
        most.update((id(g), g) for g in found)
        if not link.disputed_contribution:
            certain.update((id(g), g) for g in found)
    if all(link.disputed_contribution for link in backing):
        certain = {}
        unidentified = False
    fewest = sum(g.n for g in certain.values())
    if unidentified and not certain and study.sample.groups:
        fewest = min(g.n for g in study.sample.groups)
    counts: dict[str, int] = {}
    for group in most.values():
        counts[group.perspective] = counts.get(group.perspective, 0) + group.n
    return counts, fewest


def _one_link_participants(study: Study, link: LinkedTheme) -> tuple[dict[str, int], int]:
    """`_merged_participants` of a single backing link, without the merging: its groups (all the study's where
    its theme identifies none) are the most; the fewest are those groups, or the smallest of all where it
    identifies none, unless the contribution is disputed (then none are certain)."""
    groups = study.sample.groups
    found = groups_of(study, link.theme)
    disputed = link.disputed_contribution
    distinct = {id(group): group for group in (groups if found is None else found)}.values()
    if found is None:
        fewest = min(group.n for group in groups) if groups and not disputed else 0
    else:
        fewest = 0 if disputed else sum(group.n for group in distinct)
    counts: dict[str, int] = {}
    for group in distinct:
        counts[group.perspective] = counts.get(group.perspective, 0) + group.n
    return counts, fewest


@dataclass(frozen=True)
class _Part:
    """One study's share of a theme's evidence; figures are sums of parts, so leaving a study out is a
    subtraction, not a recount (a theme with hundreds of studies stays linear). Counts are plain dicts: a
    synthesis of 1,000 studies has ~19,000 parts, and `Counter` made them several times slower to build and sum."""

    contributes: bool
    contradicts_: bool
    by_perspective: dict[str, int]
    fewest: int
    perspectives: frozenset[str]
    countries: frozenset[str]
    relations: dict[str, int]
    quotes: int


PartOf = Callable[[str, list[LinkedTheme]], "_Part"]
"""How a theme's signals get one study's part: `_part`, or the preview's kept part (`all_signals`)."""


def _part(study_id: str, mine: list[LinkedTheme]) -> _Part:
    """One study's share of a theme's evidence, from that study's links to the theme alone."""
    return _one_link_part(mine[0]) if len(mine) == 1 else _merged_part(mine)


def _merged_part(mine: list[LinkedTheme]) -> _Part:
    """`_part` of any number of links: their relations counted, their participants merged."""
    study = mine[0].study
    backing = [link for link in mine if link.relation in SUPPORTING]
    perspectives = frozenset(link.theme.perspective for link in backing)
    relations: dict[str, int] = {}
    for link in mine:
        relations[link.relation] = relations.get(link.relation, 0) + 1
        if link.contested:
            relations["contested"] = relations.get("contested", 0) + 1
        if link.complicates and link.relation in SUPPORTING:
            relations["complicating"] = relations.get("complicating", 0) + 1
    by_perspective, fewest = _merged_participants(study, backing) if backing else ({}, 0)
    return _Part(
        contributes=bool(backing),
        contradicts_="contradicts" in relations,
        by_perspective=by_perspective,
        fewest=fewest,
        perspectives=perspectives,
        countries=frozenset(study.setting.countries) if backing else frozenset(),
        relations=relations,
        quotes=sum(len(link.theme.quotes) for link in backing),
    )


def _one_link_part(link: LinkedTheme) -> _Part:
    """`_part` of a study with one link to the theme (two parts in three at 1,000 studies), without the loops:
    the same values as `_merged_part([link])`."""
    relation = link.relation
    relations = {relation: 1}
    if link.contested:
        relations["contested"] = 1
    if relation not in SUPPORTING:
        return _Part(False, relation == "contradicts", {}, 0, frozenset(), frozenset(), relations, 0)
    if link.complicates:
        relations["complicating"] = 1
    study = link.study
    by_perspective, fewest = _one_link_participants(study, link)
    return _Part(
        contributes=True,
        contradicts_=False,
        by_perspective=by_perspective,
        fewest=fewest,
        perspectives=frozenset((link.theme.perspective,)),
        countries=frozenset(study.setting.countries),
        relations=relations,
        quotes=len(link.theme.quotes),
    )


def _parts(links: list[LinkedTheme], part_of: PartOf = _part) -> dict[str, _Part]:
    by_study: dict[str, list[LinkedTheme]] = defaultdict(list)
    for link in links:
        by_study[link.study.id].append(link)
    return {study_id: part_of(study_id, mine) for study_id, mine in by_study.items()}


def _sum(parts: dict[str, _Part], without: str | None = None) -> Figures:
    by_perspective: dict[str, int] = {}
    relations: dict[str, int] = {}
    perspectives: set[str] = set()
    countries: set[str] = set()
    quotes = 0
    fewest = 0
    for study_id, part in parts.items():
        if study_id == without:
            continue
        fewest += part.fewest
        for perspective, count in part.by_perspective.items():
            by_perspective[perspective] = by_perspective.get(perspective, 0) + count
        for relation, count in part.relations.items():
            relations[relation] = relations.get(relation, 0) + count
        perspectives |= part.perspectives
        countries |= part.countries
        quotes += part.quotes
    return Figures(
        studies=tuple(sorted(s for s, part in parts.items() if part.contributes and s != without)),
        contradicting_studies=tuple(sorted(s for s, part in parts.items() if part.contradicts_ and s != without)),
        participants=sum(by_perspective.values()),
        participants_min=fewest,
        by_perspective=tuple((p, by_perspective[p]) for p in PERSPECTIVES if by_perspective.get(p)),
        perspectives=tuple(p for p in PERSPECTIVES if p in perspectives),
        countries=tuple(sorted(countries)),
        supports=relations.get("supports", 0),
        extends=relations.get("extends", 0),
        contradicts=relations.get("contradicts", 0),
        contested=relations.get("contested", 0),
        complicating=relations.get("complicating", 0),
        quotes=quotes,
    )


def figures(links: list[LinkedTheme]) -> Figures:
    """The figures of a set of links (all of a theme's, or all but one study's)."""
    return _sum(_parts(links))


def study_concerns(study: Study) -> tuple[CaspConcern, ...]:
    """The study's CASP answers that raise a concern, in question order."""
    casp = study.appraisal.casp
    found = []
    for name in CASP_ITEMS:
        item = getattr(casp, name)
        if item.answer in CONCERNING_ANSWERS:
            found.append(CaspConcern(study.id, name, item.answer, item.reason))
    return tuple(found)


def _casp_concerns(
    studies: list[Study], concerns_of: Callable[[Study], tuple[CaspConcern, ...]] = study_concerns
) -> tuple[CaspConcern, ...]:
    return tuple(concern for study in studies for concern in concerns_of(study))


def signals_for(
    theme_id: str,
    links: list[LinkedTheme],
    concerns_of: Callable[[Study], tuple[CaspConcern, ...]] = study_concerns,
    part_of: PartOf = _part,
) -> Signals:
    """The signals of one synthesized theme from its linked study themes (`concerns_of`: `study_concerns`,
    or the same answers kept per study when every theme is done at once; `part_of`: `_part`, or the preview's
    kept parts)."""
    parts = _parts(links, part_of)
    whole = _sum(parts)
    contributors = {link.study.id: link.study for link in links if link.relation in SUPPORTING}
    large = len(whole.studies) > LEAVE_ONE_OUT_MAX
    return Signals(
        theme=theme_id,
        figures=whole,
        casp_concerns=_casp_concerns([contributors[s] for s in whole.studies], concerns_of),
        leave_one_out=() if large else tuple(LeftOut(s, _sum(parts, without=s)) for s in whole.studies),
        links=tuple(links),
    )


SIGNALS_KIND = "theme-signals"
"""The kind (`LoadMemo.kept`/`missed`) of a theme's whole signals kept in the preview's memo."""


@kept_for_last_corpus(dict)
def all_signals(corpus: Corpus) -> dict[str, Signals]:
    """Synthesized theme id -> its signals, in themes.yaml order (kept for the index after the check: signals
    are immutable)."""
    by_theme = linked_themes(corpus)
    concerns: dict[str, tuple[CaspConcern, ...]] = {}  # a study backs many themes: its answers are read once

    def concerns_of(study: Study) -> tuple[CaspConcern, ...]:
        found = concerns.get(study.id)
        if found is None:
            found = concerns[study.id] = study_concerns(study)
        return found

    return {
        theme.id: _kept_signals(corpus, theme.id, by_theme.get(theme.id, []), concerns_of)
        for theme in corpus.themes.themes
    }


def _kept_signals(
    corpus: Corpus, theme_id: str, links: list[LinkedTheme], concerns_of: Callable[[Study], tuple[CaspConcern, ...]]
) -> Signals:
    """`signals_for`, or in the preview the signals kept under the theme and its linked studies' records: a
    theme's signals read nothing but its links and the CASP answers of the studies behind them, and both come
    from those records alone (file paths and text digests; `LEAVE_ONE_OUT_MAX` and the perspectives are code).
    So a save recomputes the signals of the themes the saved study links to (or linked to) only."""

    def make() -> Signals:
        return signals_for(theme_id, links, concerns_of, _kept_parts(corpus, theme_id))

    memo = corpus.memo
    records = None if memo is None else _linked_records(corpus, links)
    if memo is None or records is None:
        return make()
    return memo.get((SIGNALS_KIND, theme_id, records), make)


def _linked_records(corpus: Corpus, links: list[LinkedTheme]) -> tuple[tuple[str, tuple[str, ...], str], ...] | None:
    """(study id, its files, its file's text digest) of each study behind `links`, in their order (by study), or
    None when a study has no digest (loaded without the memo)."""
    records: list[tuple[str, tuple[str, ...], str]] = []
    for link in links:
        study_id = link.study.id
        if records and records[-1][0] == study_id:
            continue
        digest = corpus.study_digest(study_id)
        if digest is None:
            return None
        records.append((study_id, corpus.study_files[study_id], digest))
    return tuple(records)


def _kept_parts(corpus: Corpus, theme_id: str) -> PartOf:
    """`_part`, or in the preview the part kept under the study's record digest and the theme (a study's links to
    one theme are all of a part's input, and they come from its record alone): a save recomputes the parts of the
    saved study only."""
    memo = corpus.memo
    if memo is None:
        return _part

    def part_of(study_id: str, mine: list[LinkedTheme]) -> _Part:
        digest = corpus.study_digest(study_id)
        if digest is None:
            return _part(study_id, mine)
        return memo.get(("signals-part", theme_id, study_id, digest), lambda: _part(study_id, mine))

    return part_of


def participants_text(figures_: Figures) -> str:
    """ "48" where the evidence's groups are known, "48 to 96" where some theme does not identify its groups."""
    if figures_.participants_min == figures_.participants:
        return str(figures_.participants)
    return f"{figures_.participants_min} to {figures_.participants}"


def evidence_flags(figures_: Figures) -> tuple[str, ...]:
    """Plain-language marks for a finding that rests on little: one study, one perspective."""
    flags = []
    if len(figures_.studies) == 0:
        flags.append("no contributing study")
    elif figures_.single_study:
        flags.append("rests on one study")
    if figures_.single_perspective and figures_.perspectives:
        flags.append(f"one perspective only ({figures_.perspectives[0]})")
    if figures_.contested:
        flags.append(f"{figures_.contested} contested {'link' if figures_.contested == 1 else 'links'}")
    return tuple(flags)
