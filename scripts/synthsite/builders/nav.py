"""The navigation: the registry's pages placed among the hand-written pages a project's mkdocs.yml lists.

A project lists only hand-written pages in mkdocs.yml; every registry page with a `nav` place joins them here
(a project may still list a generated page, to give it another place or label: it is then left where it is).
A page goes right after the registry page before it at the same level; with none, right after the entry of the
page its URL lies under (`contribute/schema/` after `contribute/`), else first; its section is created if
needed. So a new page in the registry reaches the navigation without an edit to mkdocs.yml, and hand-written
entries stay where the project put them. Pure functions over MkDocs' nav structure (lists of `{title: path or
list}`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from synthsite import urls
from synthsite.render.pagespec import Page
from synthsite.render.registry import PAGES

NavItem = Any
"""An item of MkDocs' `nav`: a path, or a one-key mapping of a title to a path or to a list of items."""


def _paths(item: NavItem) -> set[str]:
    """Every page path an item names, sections searched through."""
    if isinstance(item, str):
        return {item}
    if isinstance(item, dict):
        found: set[str] = set()
        for value in item.values():
            if isinstance(value, list):
                for child in value:
                    found |= _paths(child)
            elif isinstance(value, str):
                found.add(value)
        return found
    return set()


def named_paths(nav: NavItem) -> set[str]:
    """Every string a nav names at any depth: the paths MkDocs looks up as files (and links, which name none)."""
    if isinstance(nav, str):
        return {nav}
    values = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return set().union(*(named_paths(value) for value in values))


def _section(level: list[NavItem], title: str, order: dict[str, int], rank: int) -> list[NavItem]:
    """The list of the section `title` at `level`, created in registry order if missing."""
    for item in level:
        if isinstance(item, dict) and isinstance(item.get(title), list):
            section: list[NavItem] = item[title]
            return section
    section = []
    level.insert(_position(level, order, rank), {title: section})
    return section


def _position(level: list[NavItem], order: dict[str, int], rank: int, path: str | None = None) -> int:
    """After the item holding the latest registry page that precedes `rank`; with none, after the item whose
    page `path` lies under (its parent URL's page); first otherwise."""
    position = 0
    for number, item in enumerate(level):
        if any(order.get(other, rank) < rank for other in _paths(item)):
            position = number + 1
    if position == 0 and path is not None:
        for number, item in enumerate(level):
            if isinstance(item, dict) and any(
                _is_under(path, other) for other in item.values() if isinstance(other, str)
            ):
                position = number + 1
    return position


def _is_under(path: str, other: str) -> bool:
    """Whether the page at `path` lies under the page `other` (`contribute/schema/index.md` under
    `contribute/index.md`), both docs-relative Markdown paths."""
    if not other.endswith("index.md"):
        return False
    folder = other.removesuffix("index.md")
    return path != other and path.startswith(folder) and folder != ""


def merge_nav(configured: Sequence[NavItem] | None, pages: Sequence[Page] = PAGES) -> list[NavItem]:
    """`configured` (mkdocs.yml's nav, left unchanged) with every missing registry page inserted."""
    nav: list[NavItem] = _copy(list(configured or []))
    placed = {spec for spec in pages if spec.nav and spec.each is None}
    order = {urls.source_file(spec.url): rank for rank, spec in enumerate(pages) if spec in placed}
    listed = set().union(*(_paths(item) for item in nav)) if nav else set()
    for spec in pages:
        path = urls.source_file(spec.url)
        if spec not in placed or path in listed:
            continue
        rank = order[path]
        level = nav
        for title in spec.nav[:-1]:
            level = _section(level, title, order, rank)
        level.insert(_position(level, order, rank, path), {spec.nav[-1]: path})
        listed.add(path)
    return nav


def _copy(items: list[NavItem]) -> list[NavItem]:
    """A copy deep enough that inserting into sections never changes the caller's nav."""
    out: list[NavItem] = []
    for item in items:
        if isinstance(item, dict):
            out.append({key: _copy(value) if isinstance(value, list) else value for key, value in item.items()})
        else:
            out.append(item)
    return out
