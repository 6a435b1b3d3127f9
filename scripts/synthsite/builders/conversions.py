"""Markdown conversions kept and shared, so that the same Markdown is converted once.

With the pre-rendered blocks taken out (`prerendered`), what MkDocs still converts of a generated page is its
skeleton: headings, placeholders, a little prose. A thousand study pages share a handful of skeletons, and
converting each again costs more than the rest of their build by MkDocs. The converted HTML of a skeleton without
links or images depends on nothing but its text (MkDocs rewrites and checks only links and images relative to
the page), so one conversion serves every page with the same text; a page whose Markdown has links is converted
on its own. Under `mkdocs serve` the conversions are kept from one rebuild to the next (per page for those with
links), and pruned to the ones the last rebuild used. A generated page whose conversion is known reaches MkDocs'
renderer empty; `GeneratedPage` renders that without making a converter.
"""

from __future__ import annotations

import copy
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from synthsite.builders import frontmatter


@dataclass
class Converted:
    """A converted page: what MkDocs' `Page.render` leaves on the page."""

    html: str
    toc: Any
    anchors: frozenset[str]
    title: str | None


_PAGE_DEPENDENT = ("[", "<a", "href", "src", "<img")
"""Markdown holding any of these may have links or images, which MkDocs rewrites relative to the page."""


def _key(markdown: str, page: Page, scope: str) -> tuple[str, ...]:
    digest = hashlib.blake2b(markdown.encode("utf-8"), digest_size=20).hexdigest()
    if any(marker in markdown for marker in _PAGE_DEPENDENT):
        return (scope, page.file.src_uri, digest)
    return (scope, digest)


class Conversions:
    """Conversions by Markdown text, within a scope (one configuration: its Markdown extensions decide the HTML).

    MkDocs converts one page at a time: `before` (from `on_page_markdown`) then `after` (from `on_page_content`).
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[str, ...], Converted] = {}
        self._used: set[tuple[str, ...]] = set()
        self._current: dict[str, tuple[tuple[str, ...], bool]] = {}

    def before(self, markdown: str, page: Page, scope: str) -> bool:
        """True if this Markdown's conversion is known: the caller hands MkDocs empty Markdown instead."""
        key = _key(markdown, page, scope)
        known = key in self._kept
        self._current[page.file.src_uri] = (key, known)
        self._used.add(key)
        return known

    def after(self, html: str, page: Page) -> str:
        """The page's HTML: the known conversion (its table of contents, anchors and title set on the page), or
        the one MkDocs just made, which is kept."""
        key, known = self._current.pop(page.file.src_uri)
        if not known:
            self._kept[key] = Converted(
                html, toc_copy(page.toc), frozenset(page.present_anchor_ids or ()), page._title_from_render
            )
            return html
        converted = self._kept[key]
        page.toc = toc_copy(converted.toc)
        page.present_anchor_ids = set(converted.anchors)
        page._title_from_render = converted.title  # MkDocs' title from the page's first heading
        return converted.html

    def prune(self) -> None:
        """Forget the conversions the last build did not use (an edit replaced them)."""
        self._kept = {key: value for key, value in self._kept.items() if key in self._used}
        self._used = set()
        self._current = {}


def toc_copy(toc: Any) -> Any:
    """A page's own copy of a table of contents (a theme or plugin may mark its entries). Its entries hold strings,
    numbers, flags and the list of their children (`mkdocs.structure.toc`), so copying each entry and each list
    is a whole copy; `copy.deepcopy` made the same in several times the time (1,000 pages share a skeleton)."""
    clone = copy.copy(toc)
    if hasattr(toc, "items"):
        clone.items = _entries(toc.items)
    return clone


def _entries(entries: list[Any]) -> list[Any]:
    copied = []
    for entry in entries:
        clone = copy.copy(entry)
        clone.children = _entries(entry.children)
        copied.append(clone)
    return copied


_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")
"""The logger whose level decides whether `Page.render` records a page's links to anchors."""


class GeneratedPage(Page):
    """A generated page (the plugin makes it in `on_files` for each page the nav does not name; MkDocs makes the
    others, with the nav's label). MkDocs' `Page.render` builds a Markdown converter with every configured
    extension for each page, about a millisecond, even when `on_page_markdown` hands it empty Markdown because the
    conversion is known (`Conversions.before`), which is most generated pages. Python-Markdown turns blank text
    into '' before any extension runs, so what `Page.render` leaves on such a page is fixed, and is set here
    without a converter; any other text goes through `Page.render`. Its front matter is read as MkDocs reads it,
    without a YAML parser where its lines are JSON that YAML reads the same (`frontmatter`)."""

    def read_source(self, config: MkDocsConfig) -> None:
        """MkDocs' `Page.read_source` (a plugin's `on_page_read_source` first, else the file's text), with
        `frontmatter.get_data` for `mkdocs.utils.meta.get_data`."""
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            source = self.file.content_string
        self.markdown, self.meta = frontmatter.get_data(source)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None or self.markdown.strip():
            super().render(config, files)
            return
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = {}
