"""What a change does to the synthesis: `compare` is a pure function of two corpora.

Crosswalk links and support counts are the index's (`index.Link`, `index.support_of`), so the summary a
reviewer reads counts exactly what the site shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from synthsite.contrib.changes_values import ValueChange, value_changes
from synthsite.index import Link, Support, study_links, support_of
from synthsite.load.corpus import Corpus
from synthsite.model import Study, SynthesizedTheme

LinkKey = tuple[str, str, str, str]
"""(study id, study theme id, synthesized theme id, relation): what makes a link the same on both sides."""


def link_key(link: Link) -> LinkKey:
    return (link.study.id, link.theme.id, link.synthesized, link.relation)


@dataclass(frozen=True, order=True)
class ThemeRef:
    """A study theme: which study, its id and its label as the paper gives it."""

    study: str
    theme: str
    label: str


@dataclass(frozen=True)
class ThemeState:
    """How much a synthesized theme rests on the studies, and its confidence, on one side of the diff."""

    support: Support
    confidence: str
    assessment: str
    """The whole CERQual assessment as text, to notice edits that keep the overall confidence."""
    finding: str
    """The review finding as worded in themes.yaml."""

    @property
    def study_themes(self) -> int:
        """Study themes linked with `supports` or `extends` (check allows one link per theme pair)."""
        return self.support.supports + self.support.extends

    @property
    def studies(self) -> int:
        """Distinct studies contributing those study themes."""
        return len(self.support.studies)

    @property
    def contradicting(self) -> int:
        """Study themes linked with `contradicts`."""
        return self.support.contradicts


@dataclass(frozen=True)
class ThemeRow:
    id: str
    label: str
    before: ThemeState | None
    """None when the synthesized theme does not exist at the base."""
    after: ThemeState | None
    """None when the change removes the synthesized theme."""

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def support_changed(self) -> bool:
        if self.before is None or self.after is None:
            return self.changed
        return (self.before.study_themes, self.before.studies, self.before.contradicting) != (
            self.after.study_themes,
            self.after.studies,
            self.after.contradicting,
        )


@dataclass(frozen=True)
class Changes:
    """Everything `changes_markdown` reports, computed from two corpora."""

    studies_added: tuple[str, ...]
    studies_removed: tuple[str, ...]
    studies_modified: tuple[tuple[str, tuple[str, ...]], ...]
    """Study id and the top-level fields whose content changed."""
    values_modified: dict[str, tuple[ValueChange, ...]]
    """Study id -> each changed value with before and after (themes are compared by id, elsewhere)."""
    study_themes_added: tuple[ThemeRef, ...]
    study_themes_removed: tuple[ThemeRef, ...]
    study_themes_modified: tuple[ThemeRef, ...]
    """Study themes present on both sides whose content (label, description, quotes, links...) changed."""
    links_added: tuple[Link, ...]
    links_removed: tuple[Link, ...]
    themes: tuple[ThemeRow, ...]
    synthesis_fields_changed: tuple[str, ...]
    """Top-level fields of synthesis.yaml that changed (version, date_released, ...)."""
    references_added: tuple[str, ...]
    references_removed: tuple[str, ...]
    version_before: str | None
    version_after: str

    @property
    def empty(self) -> bool:
        return not (
            self.studies_added
            or self.studies_removed
            or self.studies_modified
            or any(row.changed for row in self.themes)
            or self.synthesis_fields_changed
            or self.references_added
            or self.references_removed
        )


# --------------------------------------------------------------------------------------------- diff


def _study_themes(studies: Iterable[Study]) -> set[ThemeRef]:
    return {ThemeRef(s.id, t.id, t.label) for s in studies for t in s.themes}


def _modified_themes(old: dict[str, Study], new: dict[str, Study]) -> tuple[ThemeRef, ...]:
    found = []
    for sid in sorted(old.keys() & new.keys()):
        before = {t.id: t for t in old[sid].themes}
        found += [ThemeRef(sid, t.id, t.label) for t in new[sid].themes if t.id in before and before[t.id] != t]
    return tuple(found)


def _in_paper_order(studies: dict[str, Study], refs: set[ThemeRef]) -> tuple[ThemeRef, ...]:
    """Study themes by study id, and within a study in the order the paper (and its record) gives them."""
    position = {(s.id, t.id): index for s in studies.values() for index, t in enumerate(s.themes)}
    return tuple(sorted(refs, key=lambda r: (r.study, position.get((r.study, r.theme), 0))))


def _links(studies: Iterable[Study]) -> dict[LinkKey, Link]:
    return {link_key(link): link for s in studies for links in study_links(s).values() for link in links}


def _state(theme: SynthesizedTheme, links: dict[LinkKey, Link]) -> ThemeState:
    return ThemeState(
        support=support_of(link for link in links.values() if link.synthesized == theme.id),
        confidence=theme.cerqual.confidence,
        assessment=theme.cerqual.model_dump_json(),
        finding=theme.finding,
    )


def _changed_fields(old: Study, new: Study) -> tuple[str, ...]:
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    return tuple(name for name in Study.model_fields if before.get(name) != after.get(name))


def compare(before: Corpus | None, after: Corpus) -> Changes:
    """What `after` changes relative to `before` (None: the base has no synthesis, everything is new)."""
    old_studies = {s.id: s for s in before.studies} if before else {}
    new_studies = {s.id: s for s in after.studies}
    old_links, new_links = _links(old_studies.values()), _links(new_studies.values())
    old_refs, new_refs = _study_themes(old_studies.values()), _study_themes(new_studies.values())
    old_themes = {t.id: t for t in before.themes.themes} if before else {}
    rows = [
        ThemeRow(
            t.id,
            t.label,
            _state(old_themes[t.id], old_links) if t.id in old_themes else None,
            _state(t, new_links),
        )
        for t in after.themes.themes
    ]
    current = {t.id for t in after.themes.themes}
    rows += [ThemeRow(t.id, t.label, _state(t, old_links), None) for t in old_themes.values() if t.id not in current]
    old_meta = before.meta.model_dump(mode="json") if before else {}
    new_meta = after.meta.model_dump(mode="json")
    old_keys = set(before.bibliography.entries.keys()) if before else set()
    new_keys = set(after.bibliography.entries.keys())
    # a theme whose label changes is the same theme: compare by (study, id)
    old_ids = {(r.study, r.theme) for r in old_refs}
    new_ids = {(r.study, r.theme) for r in new_refs}
    return Changes(
        studies_added=tuple(sorted(new_studies.keys() - old_studies.keys())),
        studies_removed=tuple(sorted(old_studies.keys() - new_studies.keys())),
        studies_modified=tuple(
            (sid, fields)
            for sid in sorted(new_studies.keys() & old_studies.keys())
            if (fields := _changed_fields(old_studies[sid], new_studies[sid]))
        ),
        values_modified={
            sid: found
            for sid in sorted(new_studies.keys() & old_studies.keys())
            if (found := value_changes(old_studies[sid], new_studies[sid]))
        },
        study_themes_added=_in_paper_order(new_studies, {r for r in new_refs if (r.study, r.theme) not in old_ids}),
        study_themes_removed=_in_paper_order(old_studies, {r for r in old_refs if (r.study, r.theme) not in new_ids}),
        study_themes_modified=_modified_themes(old_studies, new_studies),
        links_added=tuple(new_links[key] for key in sorted(new_links.keys() - old_links.keys())),
        links_removed=tuple(old_links[key] for key in sorted(old_links.keys() - new_links.keys())),
        themes=tuple(rows),
        synthesis_fields_changed=tuple(
            name for name in new_meta if before is None or old_meta.get(name) != new_meta.get(name)
        ),
        references_added=tuple(sorted(new_keys - old_keys)),
        references_removed=tuple(sorted(old_keys - new_keys)),
        version_before=before.meta.version if before else None,
        version_after=after.meta.version,
    )


def suggested_bump(changes: Changes) -> tuple[str, str] | None:
    """The semantic-version part this change calls for at the next release, and why (see CONTRIBUTING)."""
    for row in changes.themes:
        if row.before is None or row.after is None:
            continue
        if row.before.confidence != row.after.confidence:
            return "MAJOR", f"the confidence in `{row.id}` changes"
        if row.before.finding != row.after.finding:
            return "MAJOR", f"the finding of `{row.id}` is reworded"
    if any(row.after is None for row in changes.themes):
        return "MAJOR", "a synthesized theme is removed"
    if changes.studies_removed:
        return "MAJOR", "a study is removed"
    if changes.studies_added:
        return "MINOR", "a study is added"
    if any(row.before is None for row in changes.themes):
        return "MINOR", "a synthesized theme is added"
    if changes.links_added or changes.links_removed:
        return "MINOR", "crosswalk links change"
    if not changes.empty:
        return "PATCH", "corrections only"
    return None
