"""Build the synthesis index from a validated corpus: views, crosswalk, support, evidence.

Pure functions, no I/O and no knowledge of HTML. Every pass is linear in the number of study themes, and every
ordering is stable (studies by id, themes in file order), so builds are deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import partial
from types import MappingProxyType

from synthsite import gcpause
from synthsite.confidence import build_confidence
from synthsite.countries import country_name
from synthsite.index.comparisons import TABLES, casp_table, participants_table
from synthsite.index.crosswalk_tables import evidence_table
from synthsite.index.edition import edition_of
from synthsite.index.findings import cerqual_table
from synthsite.index.keptrows import RowKeeper
from synthsite.index.views import (
    CitedAs,
    Crosswalk,
    Evidence,
    Headline,
    Link,
    StudyView,
    Support,
    SynthesisIndex,
    ThemeGroup,
    ThemeNode,
)
from synthsite.load.corpus import Corpus
from synthsite.model import (
    PERSPECTIVES,
    SUPPORTING,
    Study,
    StudyTheme,
    SynthesizedTheme,
)
from synthsite.scale import is_large

# ------------------------------------------------------------------------------------------- build


@gcpause.paused()
def build_index(
    corpus: Corpus, cited_as: Mapping[str, CitedAs], build_date: str | None = None, commit: str | None = None
) -> SynthesisIndex:
    """The whole index; the corpus must be valid (`check` passed), or lookups fail loudly. `cited_as` names each
    study by its citation key (`pipeline.index_corpus` makes it from the bibliography).

    Studies are taken in id order whatever order the corpus lists them in, so every page, table and
    download (and each table's fingerprint) depends on the data only, never on how they were gathered.
    """
    ordered = tuple(sorted(corpus.studies, key=lambda study: study.id))
    if [study.id for study in ordered] != [study.id for study in corpus.studies]:
        corpus = replace(corpus, studies=ordered)
    keep = RowKeeper(corpus)
    views = tuple(_kept_view(keep, study, cited_as[study.citation]) for study in corpus.studies)
    by_id = {view.id: view for view in views}
    crosswalk = _crosswalk(corpus, views)
    by_theme = _cells_by_theme(crosswalk)
    evidence = {
        theme.id: _evidence(theme, corpus, crosswalk, by_theme[theme.id], keep) for theme in corpus.themes.themes
    }
    index = SynthesisIndex(
        meta=corpus.meta,
        headline=_headline(corpus),
        studies=views,
        crosswalk=crosswalk,
        evidence=evidence,
        corpus=corpus,
        build_date=build_date,
        edition=edition_of(corpus, build_date, commit),
        by_id=by_id,
        theme_labels={theme.id: theme.label for theme in corpus.themes.themes},
        confidence=build_confidence(corpus),
    )
    tables = {spec.key: spec.build(index) for spec in TABLES}  # the tables read the index they belong to
    return replace(index, tables=MappingProxyType(tables))


def study_links(study: Study) -> dict[str, tuple[Link, ...]]:
    """Study theme id -> its crosswalk links, in file order."""
    return {
        theme.id: tuple(
            Link(
                study,
                theme,
                link.theme,
                link.relation,
                link.rationale,
                tuple(link.contested),
                link.passage,
                link.complicates,
            )
            for link in theme.synthesis
        )
        for theme in study.themes
    }


def perspectives_of(study: Study) -> tuple[str, ...]:
    """The perspectives of the study's sample groups, in the canonical order."""
    present = {group.perspective for group in study.sample.groups}
    return tuple(p for p in PERSPECTIVES if p in present)


def theme_groups(study: Study) -> tuple[ThemeGroup, ...]:
    """Themes grouped as the paper groups them (first-appearance order), subthemes under their parent."""
    children: dict[str, list[StudyTheme]] = defaultdict(list)
    ids = {theme.id for theme in study.themes}
    roots: list[StudyTheme] = []
    for theme in study.themes:
        if theme.parent is not None and theme.parent in ids and theme.parent != theme.id:
            children[theme.parent].append(theme)
        else:
            roots.append(theme)

    def node(theme: StudyTheme, seen: frozenset[str]) -> ThemeNode:
        under = children.get(theme.id)
        if not under:  # most themes have no subthemes
            return ThemeNode(theme, ())
        return ThemeNode(theme, tuple(node(child, seen | {child.id}) for child in under if child.id not in seen))

    grouped: dict[str, list[ThemeNode]] = {}
    for theme in roots:
        grouped.setdefault(theme.group, []).append(node(theme, frozenset({theme.id})))
    return tuple(ThemeGroup(label, tuple(nodes)) for label, nodes in grouped.items())


def _study_view(study: Study, ref: CitedAs) -> StudyView:
    """The study's view: reads its record and `CitedAs` only (`keptrows`)."""
    return StudyView(
        study=study,
        ref=ref,
        perspectives=perspectives_of(study),
        groups=theme_groups(study),
        links=study_links(study),
        participants=participants_table(study, ref),
        casp=casp_table(study, ref),
    )


def _kept_view(keep: RowKeeper, study: Study, ref: CitedAs) -> StudyView:
    return keep.get("view", study.id, ref, partial(_study_view, study, ref))


def _headline(corpus: Corpus) -> Headline:
    by_perspective: Counter[str] = Counter()
    countries: set[str] = set()
    for study in corpus.studies:
        countries.update(study.setting.countries)
        for group in study.sample.groups:
            by_perspective[group.perspective] += group.n
    return Headline(
        studies=len(corpus.studies),
        participants=sum(study.sample.total for study in corpus.studies),
        by_perspective=tuple((p, by_perspective[p]) for p in PERSPECTIVES if by_perspective[p]),
        countries=tuple(sorted(((c, country_name(c)) for c in countries), key=lambda item: (item[1], item[0]))),
        themes=len(corpus.themes.themes),
        domains=len(corpus.themes.domains),
    )


def support_of(links: Iterable[Link]) -> Support:
    """How much evidence the links give a synthesized theme (pass the links to that theme only)."""
    links = list(links)
    relations = Counter(link.relation for link in links)
    contributing = sorted({link.study.id for link in links if link.relation in SUPPORTING})
    contradicting = sorted({link.study.id for link in links if link.relation == "contradicts"})
    return Support(
        studies=tuple(contributing),
        contradicting_studies=tuple(contradicting),
        supports=relations["supports"],
        extends=relations["extends"],
        contradicts=relations["contradicts"],
    )


def _crosswalk(corpus: Corpus, views: tuple[StudyView, ...]) -> Crosswalk:
    cells: dict[tuple[str, str], list[Link]] = defaultdict(list)
    per_theme: dict[str, list[Link]] = defaultdict(list)
    for view in views:
        study_id = view.id
        for theme_links in view.links.values():  # study themes in file order (`study_links`)
            for link in theme_links:
                cells[(link.synthesized, study_id)].append(link)
                per_theme[link.synthesized].append(link)
    rows = tuple(
        (domain, tuple(t for t in corpus.themes.themes if t.domain == domain.id)) for domain in corpus.themes.domains
    )
    return Crosswalk(
        rows=tuple((domain, themes) for domain, themes in rows if themes),
        studies=views,
        cells={key: tuple(value) for key, value in cells.items()},
        support={theme.id: support_of(per_theme[theme.id]) for theme in corpus.themes.themes},
    )


def _cells_by_theme(crosswalk: Crosswalk) -> dict[str, list[tuple[StudyView, tuple[Link, ...]]]]:
    """Synthesized theme id -> its non-empty cells in study order: one pass over the cells, so the evidence of
    every theme costs the links it has, not themes x studies lookups."""
    views = {view.id: view for view in crosswalk.studies}
    by_theme: dict[str, list[tuple[StudyView, tuple[Link, ...]]]] = defaultdict(list)
    for (theme_id, study_id), links in crosswalk.cells.items():
        by_theme[theme_id].append((views[study_id], links))
    return by_theme


def _split_cells(
    cells: list[tuple[StudyView, tuple[Link, ...]]],
) -> tuple[tuple[tuple[StudyView, tuple[Link, ...]], ...], tuple[tuple[StudyView, tuple[Link, ...]], ...]]:
    """A theme's cells as its supporting (supports, extends) and its contradicting links, study by study, in one
    pass: a cell whose links all take one side (most) is kept whole."""
    supporting: list[tuple[StudyView, tuple[Link, ...]]] = []
    contradicting: list[tuple[StudyView, tuple[Link, ...]]] = []
    for view, cell in cells:
        against = [link for link in cell if link.relation == "contradicts"]
        if not against:
            supporting.append((view, cell))
        elif len(against) == len(cell):
            contradicting.append((view, cell))
        else:
            supporting.append((view, tuple(link for link in cell if link.relation in SUPPORTING)))
            contradicting.append((view, tuple(against)))
    return tuple(supporting), tuple(contradicting)


def _evidence(
    theme: SynthesizedTheme,
    corpus: Corpus,
    crosswalk: Crosswalk,
    cells: list[tuple[StudyView, tuple[Link, ...]]],
    keep: RowKeeper,
) -> Evidence:
    domain = next(d for d in corpus.themes.domains if d.id == theme.domain)
    supporting, contradicting = _split_cells(cells)
    large = is_large(len({view.id for view, _ in cells}))
    return Evidence(
        theme=theme,
        domain=domain,
        support=crosswalk.support[theme.id],
        supporting=supporting,
        contradicting=contradicting,
        cerqual=cerqual_table(theme),
        table=evidence_table(theme, supporting + contradicting, keep) if large else None,
    )
