"""`synthsite changes BASE_REF`: what a pull request does to the synthesis, for the reviewer to read first.

`compare` is a pure function of two corpora; `changes_markdown` renders its result; `corpus_at` is the
only part that touches git (it extracts `synthesis/` and `bibliography/` at a ref into a temporary folder
and loads them with the ordinary loader). Every string from the data is escaped before it reaches
Markdown: the summary is posted as a pull-request comment, where raw HTML, links or @mentions written
into a study file must stay inert.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from synthsite.load import Corpus, load
from synthsite.model import Study, SynthesizedTheme

SUPPORTING = ("supports", "extends")
DATA_PATHS = ("synthesis", "bibliography")
LABEL_MAX = 90
_ACTIVE = frozenset("\\`*_{}[]()<>#+-.!|~&:=@$^")
"""ASCII punctuation that can start Markdown or HTML syntax (commas, quotes and the like cannot)."""


class GitError(Exception):
    """The base ref cannot be read (unknown ref, not a git repository, git missing)."""


@dataclass(frozen=True, order=True)
class ThemeRef:
    """A study theme: which study, its id and its label as the paper gives it."""

    study: str
    theme: str
    label: str


@dataclass(frozen=True, order=True)
class Link:
    """One crosswalk link from a study theme to a synthesized theme."""

    study: str
    study_theme: str
    theme: str
    relation: str


@dataclass(frozen=True)
class Support:
    """How much a synthesized theme rests on the studies, and its confidence, on one side of the diff."""

    study_themes: int
    """Study themes linked with `supports` or `extends`."""
    studies: int
    """Distinct studies contributing those study themes."""
    contradicting: int
    """Study themes linked with `contradicts`."""
    confidence: str
    assessment: str
    """The whole CERQual assessment as text, to notice edits that keep the overall confidence."""
    finding: str
    """The review finding as worded in themes.yaml."""


@dataclass(frozen=True)
class ThemeRow:
    id: str
    label: str
    before: Support | None
    """None when the synthesized theme does not exist at the base."""
    after: Support | None
    """None when the change removes the synthesized theme."""

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def support_changed(self) -> bool:
        if self.before is None or self.after is None:
            return self.changed
        counts = lambda s: (s.study_themes, s.studies, s.contradicting)  # noqa: E731
        return counts(self.before) != counts(self.after)


@dataclass(frozen=True)
class Changes:
    """Everything `changes_markdown` reports, computed from two corpora."""

    studies_added: tuple[str, ...]
    studies_removed: tuple[str, ...]
    studies_modified: tuple[tuple[str, tuple[str, ...]], ...]
    """Study id and the top-level fields whose content changed."""
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


def _links(studies: Iterable[Study]) -> set[Link]:
    return {Link(s.id, t.id, link.theme, link.relation) for s in studies for t in s.themes for link in t.synthesis}


def _support(theme: SynthesizedTheme, links: set[Link]) -> Support:
    mine = [link for link in links if link.theme == theme.id]
    backing = [link for link in mine if link.relation in SUPPORTING]
    return Support(
        study_themes=len({(link.study, link.study_theme) for link in backing}),
        studies=len({link.study for link in backing}),
        contradicting=len({(link.study, link.study_theme) for link in mine if link.relation == "contradicts"}),
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
            _support(old_themes[t.id], old_links) if t.id in old_themes else None,
            _support(t, new_links),
        )
        for t in after.themes.themes
    ]
    current = {t.id for t in after.themes.themes}
    rows += [ThemeRow(t.id, t.label, _support(t, old_links), None) for t in old_themes.values() if t.id not in current]
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
        study_themes_added=tuple(sorted(r for r in new_refs if (r.study, r.theme) not in old_ids)),
        study_themes_removed=tuple(sorted(r for r in old_refs if (r.study, r.theme) not in new_ids)),
        study_themes_modified=_modified_themes(old_studies, new_studies),
        links_added=tuple(sorted(new_links - old_links)),
        links_removed=tuple(sorted(old_links - new_links)),
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


# ----------------------------------------------------------------------------------------- Markdown


def text(value: str, limit: int = LABEL_MAX) -> str:
    """Data as inert Markdown text: one line, shortened, syntax characters backslash-escaped (so no HTML,
    link, emphasis, table pipe or template syntax survives), @mentions broken."""
    flat = " ".join(value.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    out = []
    for char in flat:
        if char in _ACTIVE:
            out.append("\\" + char)
        else:
            out.append(char)
        if char == "@":
            out.append("\u200b")  # zero-width space: GitHub does not turn `@\u200bname` into a mention
    return "".join(out)


def ident(value: str) -> str:
    """An id (a validated slug or BibTeX key) as inline code; anything else falls back to escaped text."""
    safe = all(c.isascii() and (c.isalnum() or c in "-_.:/") for c in value) and value
    return f"`{value}`" if safe else text(value)


def _arrow(before: object, after: object) -> str:
    if before is None:
        return f"new: {after}"
    if after is None:
        return f"removed (was {before})"
    return str(after) if before == after else f"**{before} → {after}**"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]


def changes_markdown(changes: Changes, base_ref: str, notes: Iterable[str] = ()) -> str:
    """The summary reviewers read first: studies, study themes, crosswalk links, per-theme support."""
    lines = ["## What this change does to the synthesis", ""]
    version = (
        f"version {ident(changes.version_after)}"
        if changes.version_before == changes.version_after
        else f"version {ident(changes.version_before or 'none')} → {ident(changes.version_after)}"
    )
    lines += [f"Compared with {ident(base_ref)}; {version} in `synthesis/synthesis.yaml`.", ""]
    lines += [f"> Note: {text(note, 400)}" for note in notes]
    if notes:
        lines.append("")
    if changes.empty:
        return "\n".join([*lines, "No change to studies, themes, crosswalk links or references.", ""])

    lines += ["### Studies", ""]
    lines += [f"- added: {ident(sid)}" for sid in changes.studies_added]
    lines += [f"- removed: {ident(sid)}" for sid in changes.studies_removed]
    lines += [
        f"- modified: {ident(sid)} (fields: {', '.join(ident(f) for f in fields)})"
        for sid, fields in changes.studies_modified
    ]
    if not (changes.studies_added or changes.studies_removed or changes.studies_modified):
        lines.append("- no study added, removed or modified")
    if changes.references_added or changes.references_removed:
        lines.append(
            "- references: "
            + "; ".join(
                [f"added {ident(k)}" for k in changes.references_added]
                + [f"removed {ident(k)}" for k in changes.references_removed]
            )
        )
    if changes.synthesis_fields_changed:
        fields = ", ".join(ident(f) for f in changes.synthesis_fields_changed)
        lines.append(f"- `synthesis.yaml` fields changed: {fields}")
    lines.append("")

    themes = [
        *((r, "added") for r in changes.study_themes_added),
        *((r, "removed") for r in changes.study_themes_removed),
        *((r, "modified") for r in changes.study_themes_modified),
    ]
    if themes:
        lines += ["### Study themes", ""]
        lines += _table(
            ("Study", "Theme", "Label", "Change"),
            [(ident(r.study), ident(r.theme), text(r.label), change) for r, change in themes],
        )

    links = [(link, "added") for link in changes.links_added] + [(link, "removed") for link in changes.links_removed]
    if links:
        lines += ["### Crosswalk links", ""]
        lines += _table(
            ("Study", "Study theme", "Synthesized theme", "Relation", "Change"),
            [
                (ident(link.study), ident(link.study_theme), ident(link.theme), text(link.relation), change)
                for link, change in links
            ],
        )

    lines += ["### Synthesized themes", ""]
    lines += [
        "Support = study themes linked with `supports` or `extends`; studies = how many studies they come from.",
        "",
    ]
    rows = []
    for row in changes.themes:
        get = lambda side, name: getattr(side, name) if side else None  # noqa: E731
        confidence = _arrow(get(row.before, "confidence"), get(row.after, "confidence"))
        if (
            row.before
            and row.after
            and row.before.confidence == row.after.confidence
            and row.before.assessment != row.after.assessment
        ):
            confidence += " (assessment edited)"
        edited = " (finding reworded)" if row.before and row.after and row.before.finding != row.after.finding else ""
        rows.append(
            (
                f"{ident(row.id)} {text(row.label)}{edited}",
                _arrow(get(row.before, "study_themes"), get(row.after, "study_themes")),
                _arrow(get(row.before, "studies"), get(row.after, "studies")),
                _arrow(get(row.before, "contradicting"), get(row.after, "contradicting")),
                confidence,
            )
        )
    lines += _table(("Theme", "Support", "Studies", "Contradicting", "CERQual confidence"), rows)

    stale = [
        row.id
        for row in changes.themes
        if row.before and row.after and row.support_changed and row.before.assessment == row.after.assessment
    ]
    if stale:
        lines += [
            "> **Check CERQual:** the evidence behind "
            + ", ".join(ident(t) for t in stale)
            + " changed but its assessment in `synthesis/themes.yaml` did not.",
            "",
        ]
    bump = suggested_bump(changes)
    if bump:
        lines += [f"Release impact: **{bump[0]}** ({bump[1]}); see CONTRIBUTING.md, *Versions and releases*.", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------- git


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def resolve(root: Path, ref: str) -> str:
    """The commit a ref names; GitError with advice when it names none."""
    if not ref or ref.startswith("-") or any(c.isspace() or ord(c) < 32 for c in ref):
        raise GitError(f"{ref!r} is not a git ref; give a branch, tag or commit such as origin/main")
    try:
        _git(root, "rev-parse", "--is-inside-work-tree")
    except GitError:
        raise GitError(f"{root} is not in a git repository") from None
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(
            f"unknown git ref {ref!r}: name a branch, tag or commit, and fetch it first"
            " (e.g. `git fetch origin main` for origin/main)"
        ) from None


def corpus_at(root: Path, ref: str) -> tuple[Corpus | None, list[str]]:
    """The synthesis as it is at `ref` (None if it has none there), with notes for the reader."""
    commit = resolve(root, ref)
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    tree = f"{commit}:{prefix}" if prefix else commit
    present = _git(root, "ls-tree", "--name-only", tree, "--", *DATA_PATHS).decode().split()
    present = [p for p in present if p in DATA_PATHS]
    if "synthesis" not in present:
        return None, [f"{ref} has no synthesis/ folder; everything is shown as new"]
    archive = _git(root, "archive", "--format=tar", tree, "--", *present)
    with tempfile.TemporaryDirectory(prefix="synthsite-base-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        result = load(Path(folder))
    notes = []
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        notes.append(
            f"the synthesis at {ref} has {len(errors)} validation error(s); what does not load there is"
            " compared as if it were absent"
        )
    return result.corpus, notes
