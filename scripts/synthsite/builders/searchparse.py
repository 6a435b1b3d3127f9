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

The pre-rendered blocks' searchable text (which Material's parse never sees) is added to the entries in memory,
before Material writes the index (`BlockText`, merged in `generate_search_index`), instead of reading back and
writing again the file Material wrote: the same entries, the same `json.dumps` call, one file write; and it no
longer depends on the synthsite plugin's `on_post_build` running after Material's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from material.plugins.search.plugin import Parser, SearchIndex, SearchPlugin, Section  # type: ignore[import-untyped]


@dataclass
class BlockText:
    """The pre-rendered blocks' searchable text of one build, by the search-index location of their section."""

    texts: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    """The page's title, for a location where the search plugin found no section (a page that is all blocks)."""

    def add(self, location: str, text: str, title: str) -> None:
        self.texts.setdefault(location, []).append(text)
        self.titles.setdefault(location, title)

    def merge(self, entries: list[dict[str, Any]]) -> None:
        """Append each location's block text to its entry's text; a location without an entry gets one, at the end."""
        pending = dict(self.texts)
        for entry in entries:
            texts = pending.pop(entry.get("location"), None)  # type: ignore[arg-type]
            if texts:
                entry["text"] = " ".join([entry.get("text", ""), *texts]).strip()
        for location, texts in pending.items():
            entries.append({"location": location, "title": self.titles.get(location, ""), "text": " ".join(texts)})


class SharedParseIndex(SearchIndex):
    """Material's `SearchIndex`, parsing each distinct page text once, with the blocks' text merged in."""

    def __init__(self, **config: Any) -> None:
        super().__init__(**config)
        self._parsed: dict[str, list[Section]] = {}
        self.blocks: BlockText | None = None
        """The build's block text, merged into the entries when the index is written (`adopt` sets it)."""

    def generate_search_index(self, prev: Any) -> str:
        """Material's JSON of the index, with the blocks' text in the entries."""
        if self.blocks is not None:
            self.blocks.merge(self.entries)
            self.blocks = None  # merged once, even if the index is written twice
        return str(super().generate_search_index(prev))

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
    """A section whose title and text lists are its own (the element it points at is only read). Made as
    `copy.copy` makes it for a class without `__slots__` or its own copy or pickle methods (Material's `Section`;
    tests/test_searchparse.py checks both), a new instance with the same attributes, in a quarter of the time:
    a 1,000-study site has ~9,500 sections."""
    clone: Section = object.__new__(type(section))
    clone.__dict__.update(section.__dict__)
    clone.title = list(section.title)
    clone.text = list(section.text)
    return clone


def adopt(plugins: Any, blocks: BlockText | None) -> bool:
    """Give each of Material's search plugins a `SharedParseIndex` in place of the (still empty) index its
    `on_config` made for this build, which merges `blocks` into its entries (None: the caller adds them itself).
    Whether any was given one."""
    adopted = False
    for plugin in plugins.values():
        if isinstance(plugin, SearchPlugin) and type(getattr(plugin, "search_index", None)) is SearchIndex:
            index = SharedParseIndex(**plugin.search_index.config)
            index.entries = plugin.search_index.entries
            index.blocks = blocks
            plugin.search_index = index
            adopted = True
    return adopted
