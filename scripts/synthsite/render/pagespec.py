"""What the registry says about a page (`Page`), and what follows from a list of them: the members of a family, the
tables placed on each page, every URL, the pages in the navigation.

Apart from the registry (`render.registry`), so page functions can take `Page` without importing the list that
holds them; functions that need the whole list are given it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from synthsite.index import Evidence, StudyView, SynthesisIndex
from synthsite.render.rendering import PageOutput, Rendering
from synthsite.tables import Table

PageFunction = Callable[[Rendering, "Page"], PageOutput]
"""A page made once: the rendering and its registry entry -> the page's Markdown and the files it owns."""
FamilyFunction = Callable[[Rendering, str], PageOutput]
"""A family's page: the rendering and the member's id (a study or synthesized theme) -> the page's Markdown and
the files it owns."""


@dataclass(frozen=True)
class Page:
    """One generated page, or (with `each`) a family of pages, one per study or synthesized theme."""

    url: str
    """Site-relative directory URL ("compare/samples/"); for a family, with `{id}` for the item's id."""
    title: str
    """The page's title (a family's pages take theirs from the item)."""
    page: PageFunction | FamilyFunction
    """The page function: (rendering, this Page) -> `PageOutput`, or for a family (rendering, member id) ->
    `PageOutput`."""
    nav: tuple[str, ...] = ()
    """Place in the navigation: section titles, then the entry's label; () keeps the page out of it."""
    tables: tuple[str, ...] = ()
    """Keys of the tables shown, in page order: `index.tables` keys, or for a family the view's attributes."""
    description: str = ""
    """The meta description of a page whose function does not compose its own."""
    source: str | None = None
    """The repository file a reader edits to change the page (the edit link), when there is one."""
    each: Literal["study", "theme"] | None = None
    """A family: one page per study (`studies/{id}/`) or per synthesized theme (`themes/{id}/`)."""

    def url_for(self, item_id: str) -> str:
        """The URL of a family member."""
        return self.url.replace("{id}", item_id)


def members(spec: Page, index: SynthesisIndex) -> tuple[str, ...]:
    """Ids of a family's members (studies in id order, themes in themes.yaml order); () for a single page."""
    if spec.each == "study":
        return tuple(view.id for view in index.studies)
    if spec.each == "theme":
        return tuple(index.evidence)
    return ()


def _member(spec: Page, index: SynthesisIndex, item_id: str) -> StudyView | Evidence:
    return index.by_id[item_id] if spec.each == "study" else index.evidence[item_id]


def placed_tables(index: SynthesisIndex, pages: Sequence[Page]) -> list[tuple[str, Table]]:
    """Every table shown on a page, with that page: its anchor, permalink and downloads live there."""
    placed: list[tuple[str, Table]] = []
    for spec in pages:
        if spec.each is None:
            placed += [(spec.url, index.tables[key]) for key in spec.tables]
    for spec in pages:  # family tables after the index pages' (the order downloads are listed and written in)
        for item_id in members(spec, index):
            item = _member(spec, index, item_id)
            for key in spec.tables:
                table = getattr(item, key)
                if table is not None:
                    placed.append((spec.url_for(item_id), table))
    return placed


def page_urls(index: SynthesisIndex, pages: Sequence[Page]) -> list[str]:
    """The URL of every generated page, in registry order (a family's members in their order)."""
    return [
        url
        for spec in pages
        for url in ([spec.url_for(item_id) for item_id in members(spec, index)] if spec.each else [spec.url])
    ]


def listed_urls(pages: Sequence[Page]) -> tuple[str, ...]:
    """URLs of the pages in the navigation, in registry order."""
    return tuple(spec.url for spec in pages if spec.nav)
