"""Material's search index, with each distinct page text parsed once per build.

Material's search plugin parses the HTML of every page into sections (`SearchIndex.add_entry_from_context`: an
`HTMLParser` over the whole page), then makes an entry per section from the page's URL, table of contents and
metadata. It runs before the synthsite plugin puts the pre-rendered blocks back (`mkdocs_plugin.on_page_context`),
so what it parses of a generated page is its converted skeleton, and a thousand study pages share one skeleton
(`conversions`): the same text, parsed a thousand times.

What the key covers: a parse reads nothing but the text (Material's `Parser()` takes no arguments and a new one is
made for each page), so the sections it finds are kept by the page's text, for one build (Material makes a new
index in its `on_config`, which `adopt` replaces). Each page gets its own copy of the sections: Material gives a
section without a title the page's title. Everything else is Material's own code, run per page as before (the
entries from the page's URL, table of contents, title, tags and boost); `add_entry_from_context` below is
Material's with the parse taken from what is kept (tests/test_searchparse.py compares it with the installed
Material, so an upgrade that changes it fails there).
"""

from __future__ import annotations

import copy
from typing import Any

from material.plugins.search.plugin import Parser, SearchIndex, SearchPlugin, Section  # type: ignore[import-untyped]


class SharedParseIndex(SearchIndex):
    """Material's `SearchIndex`, parsing each distinct page text once."""

    def __init__(self, **config: Any) -> None:
        super().__init__(**config)
        self._parsed: dict[str, list[Section]] = {}

    def add_entry_from_context(self, page: Any) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return

        for section in self._sections(page.content):
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)

    def _sections(self, html: str) -> list[Section]:
        """The sections Material's parser finds in `html`, each a fresh copy (the kept ones are never handed out)."""
        parsed = self._parsed.get(html)
        if parsed is None:
            parser = Parser()
            parser.feed(html)
            parser.close()
            parsed = self._parsed[html] = parser.data
        return [_copy(section) for section in parsed]


def _copy(section: Section) -> Section:
    """A section whose title and text lists are its own (the element it points at is only read)."""
    clone = copy.copy(section)
    clone.title = list(section.title)
    clone.text = list(section.text)
    return clone


def adopt(plugins: Any) -> None:
    """Give each of Material's search plugins a `SharedParseIndex` in place of the (still empty) index its
    `on_config` made for this build."""
    for plugin in plugins.values():
        if isinstance(plugin, SearchPlugin) and type(getattr(plugin, "search_index", None)) is SearchIndex:
            index = SharedParseIndex(**plugin.search_index.config)
            index.entries = plugin.search_index.entries
            plugin.search_index = index
