"""What changed: the /changes/ page and its Atom feed, one list of entries made from the data.

Each published release (synthesis/releases.yaml: version, date, the lines of what changed) is an entry, and so are
the changes not yet released: the data differ from every release (the edition), a finding's evidence moved since
its assessment (studies added, no longer contributing, newly contradicting: `confidence.staleness`), a finding
was re-assessed on a version not yet released. A release's entry also links the findings assessed for it (their
`cerqual.assessed.version`). Nothing reads a clock: an entry's date is its release's, and the unreleased entry's
is the build's (SOURCE_DATE_EPOCH, else the commit's), so two builds of the same data give the same page and feed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from synthsite import urls
from synthsite.confidence.staleness import Staleness
from synthsite.index import SynthesisIndex
from synthsite.index.edition import version_key
from synthsite.render.env import esc_str, render
from synthsite.render.pagekit import front_matter
from synthsite.render.pagespec import Page
from synthsite.render.rendering import PageOutput, Rendering

CHANGES = urls.CHANGES
"""The page's URL (a contract once published)."""
FEED = f"{CHANGES}feed.xml"
"""The Atom feed of the same entries."""
ATOM = "http://www.w3.org/2005/Atom"

Href = Callable[[str], str]
"""A site-relative URL -> the link written (relative on the page, absolute in the feed)."""


@dataclass(frozen=True)
class Change:
    """One entry: a release, or the unreleased changes."""

    key: str
    """The entry's anchor on the page ("v0.2.0", "unreleased")."""
    title: str
    date: str
    """YYYY-MM-DD."""
    lines: tuple[Callable[[Href], Markup], ...]
    """What changed, one item each, as HTML whose links the caller's `Href` writes."""
    target: str
    """The site-relative page that says more (the release on /versions/, or this page's unreleased section)."""
    identity: str
    """What makes the entry itself: its version, or the unreleased data's fingerprint (a new state, a new entry)."""


def plain(text: str) -> Callable[[Href], Markup]:
    """A release's line as recorded: text, escaped. (Ids in it are not turned into links: what a page holds must
    not depend on what free text says; the structured lines below link instead.)"""
    return lambda href: Markup(esc_str(text))


def _assessed_in(index: SynthesisIndex, version: str) -> Callable[[Href], Markup] | None:
    """The findings whose GRADE-CERQual assessment was made for `version` (their `cerqual.assessed`), linked."""
    themes = [
        evidence.theme
        for evidence in index.evidence.values()
        if evidence.theme.cerqual.assessed is not None and evidence.theme.cerqual.assessed.version == version
    ]
    if not themes:
        return None

    def html(href: Href) -> Markup:
        links = ", ".join(
            f'<a href="{esc_str(href(urls.theme(theme.id)))}">{esc_str(theme.label)}</a> '
            f"({esc_str(theme.cerqual.confidence)} confidence)"
            for theme in themes
        )
        return Markup(f"Findings assessed for this version: {links}.")

    return html


def _study_links(ids: tuple[str, ...], index: SynthesisIndex, href: Href) -> str:
    return ", ".join(
        f'<a href="{esc_str(href(urls.study(i)))}">{esc_str(index.by_id[i].ref.in_text)}</a>'
        if i in index.by_id
        else esc_str(i)
        for i in ids
    )


def _staleness(index: SynthesisIndex, theme_id: str) -> Staleness:
    assert index.confidence is not None  # build_index always computes it
    return index.confidence.staleness[theme_id]


def _moved(index: SynthesisIndex, theme_id: str) -> Callable[[Href], Markup]:
    state = _staleness(index, theme_id)
    theme = index.evidence[theme_id].theme

    def html(href: Href) -> Markup:
        parts = []
        for words, ids in (
            ("studies added", state.added),
            ("no longer contributing", state.removed),
            ("newly contradicting", state.contradicting_added),
            ("no longer contradicting", state.contradicting_removed),
        ):
            if ids:
                parts.append(f"{words}: {_study_links(ids, index, href)}")
        return Markup(
            f'<a href="{esc_str(href(urls.theme(theme_id)))}">{esc_str(theme.label)}</a>: the evidence moved since '
            f"its assessment on version {esc_str(state.version)} ({'; '.join(parts)}); the assessment predates it."
        )

    return html


def _reassessed(index: SynthesisIndex, theme_id: str) -> Callable[[Href], Markup]:
    theme = index.evidence[theme_id].theme

    def html(href: Href) -> Markup:
        return Markup(
            f'<a href="{esc_str(href(urls.theme(theme_id)))}">{esc_str(theme.label)}</a>: assessed for version '
            f"{esc_str(theme.cerqual.assessed.version if theme.cerqual.assessed else '')}, not yet released "
            f"(confidence {esc_str(theme.cerqual.confidence)})."
        )

    return html


def unreleased(index: SynthesisIndex) -> Change | None:
    """The changes since the last release, when the data differ from every release; None when they do not."""
    edition = index.edition
    if not edition.unreleased:
        return None
    released = {record.version for record in index.corpus.releases}
    lines: list[Callable[[Href], Markup]] = []
    since = f"The data differ from release {edition.version}" if edition.version else "No version is released yet"

    def head(href: Href) -> Markup:
        return Markup(
            f"{esc_str(since)}: data fingerprint <code>{esc_str(edition.short)}</code>"
            + (f", commit <code>{esc_str(edition.commit[:12])}</code>" if edition.commit else "")
            + f'. Cite this content with its fingerprint, or a released version from <a href="'
            f'{esc_str(href(urls.VERSIONS))}">Versions</a>.'
        )

    lines.append(head)
    for theme_id in index.evidence:
        if _staleness(index, theme_id).stale:
            lines.append(_moved(index, theme_id))
        assessed = index.evidence[theme_id].theme.cerqual.assessed
        if assessed is not None and released and assessed.version not in released:
            lines.append(_reassessed(index, theme_id))
    date = edition.date or edition.released or ""
    title = f"Unreleased changes since {edition.version}" if edition.version else "Unreleased draft"
    return Change("unreleased", title, date, tuple(lines), f"{CHANGES}#unreleased", f"unreleased-{edition.short}")


def changes(index: SynthesisIndex) -> tuple[Change, ...]:
    """Every entry, newest first: the unreleased changes (if any), then each release."""
    entries = []
    if (pending := unreleased(index)) is not None:
        entries.append(pending)
    for record in sorted(index.corpus.releases, key=lambda r: version_key(r.version), reverse=True):
        entries.append(
            Change(
                f"v{record.version}",
                f"Version {record.version}",
                record.date,
                tuple(plain(line) for line in record.changes)
                + tuple(line for line in [_assessed_in(index, record.version)] if line is not None),
                f"{urls.VERSIONS}#v{record.version}",
                record.version,
            )
        )
    return tuple(entries)


def changes_page(r: Rendering, spec: Page) -> PageOutput:
    """/changes/: each entry with its date, what changed (linked to the pages), and where to read more."""
    index = r.index
    here = spec.url
    href: Href = lambda target: urls.relative(target, here)  # noqa: E731
    entries = [
        {
            "key": entry.key,
            "title": entry.title,
            "date": entry.date,
            "lines": [line(href) for line in entry.lines],
            "more": href(entry.target),
            "unreleased": entry.key == "unreleased",
        }
        for entry in changes(index)
    ]
    markdown = front_matter(spec.title, spec.description) + render(
        "changes.md.j2", entries=entries, feed=urls.relative(FEED, here), versions=urls.relative(urls.VERSIONS, here)
    )
    return PageOutput(markdown)


def _stamp(date: str) -> str:
    """An Atom date (RFC 3339) for a YYYY-MM-DD day: its start, in UTC."""
    return f"{date}T00:00:00Z" if date else "1970-01-01T00:00:00Z"


def feed_xml(index: SynthesisIndex) -> str:
    """The Atom feed (RFC 4287) of the same entries, with absolute links; deterministic (no clock, fixed order)."""
    meta = index.meta
    absolute: Href = lambda target: urls.permalink(meta.site_url, *_split(target))  # noqa: E731
    entries = changes(index)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    child(feed, "id", absolute(CHANGES))
    child(feed, "title", f"{meta.title}: what changed")
    child(feed, "subtitle", "Each release of the living synthesis, and the changes not yet released.")
    child(feed, "updated", max((_stamp(e.date) for e in entries), default=_stamp("")))
    child(feed, "link", rel="self", type="application/atom+xml", href=absolute(FEED))
    child(feed, "link", rel="alternate", type="text/html", href=absolute(CHANGES))
    for author in meta.authors:
        child(child(feed, "author"), "name", author.name)
    for entry in entries:
        item = child(feed, "entry")
        child(item, "id", f"{absolute(CHANGES)}#{entry.identity}")
        child(item, "title", entry.title)
        child(item, "updated", _stamp(entry.date))
        child(item, "link", rel="alternate", type="text/html", href=absolute(entry.target))
        body = "".join(f"<li>{line(absolute)}</li>" for line in entry.lines)
        child(item, "content", f"<ul>{body}</ul>", type="html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _split(target: str) -> tuple[str, str | None]:
    path, _, anchor = target.partition("#")
    return path, anchor or None


def whatchanged_files(index: SynthesisIndex) -> dict[str, str]:
    """The files the page owns beside it: its Atom feed."""
    return {FEED: feed_xml(index)}
