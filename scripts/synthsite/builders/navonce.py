"""Material's navigation, rendered once for all the generated pages outside it that sit in sibling folders.

Material renders the whole navigation (every section and entry of the sidebar) on every page, about a
millisecond each; a 1,000-study site has 1,040 study and theme pages that the navigation does not list. For
such a page the navigation's HTML depends on the page only through the relative URLs of its links, so every
page whose folder has the same parent (`studies/a/`, `studies/b/`) gets the very same HTML. The theme layer's
`site_nav` block (`theme/main.html`) hands Material's nav partial to `NavOnce`, which renders it for the first
page of each parent folder and gives the rest the same text.

What the key covers (Material 9's `partials/nav.html` and `nav-item.html`, which read nothing else):
- the navigation and the configuration: the same objects for every page of one build, and `NavOnce` lives for
  one build (the plugin makes a new one in `on_env`);
- which entries are active or expanded, and the page's own table of contents: only for a page in the
  navigation, so only `GeneratedPage`s (made for the pages the navigation does not name) that are not among its
  pages are shared;
- each link, made relative to the page by MkDocs' `url` filter (`utils.get_relative_url`): from the folders
  `parent/a/` and `parent/b/` a target reads the same unless it lies inside one of them, so a page is shared only
  if none of the navigation's links, its home page and the logo lies inside the page's own folder. The key is the
  parent folder (and the depth, which it implies).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from synthsite.builders.conversions import GeneratedPage


class NavOnce:
    """The theme's `synthsite_nav_once(page, nav, config)`: the nav partial's HTML (the call block's `caller`),
    rendered once per parent folder for the pages that can share it, and for every other page on its own."""

    def __init__(self) -> None:
        self._kept: dict[str, str] = {}
        self._targets: tuple[str, ...] | None = None

    def __call__(self, page: Page, nav: Navigation, config: MkDocsConfig, caller: Callable[[], str]) -> str:
        key = self._key(page, nav, config)
        if key is None:
            return caller()
        html = self._kept.get(key)
        if html is None:
            html = self._kept[key] = caller()
        return html

    def _key(self, page: Page, nav: Navigation, config: MkDocsConfig) -> str | None:
        """The page's parent folder (as `/a/b/`), or None where the page needs its own navigation."""
        if not isinstance(page, GeneratedPage) or any(listed is page for listed in nav.pages):
            return None
        folder = "/" + _folder(page.url)
        if self._targets is None:
            self._targets = tuple("/" + target.lstrip("/") for target in _targets(nav, config))
        if any((target.rstrip("/") + "/").startswith(folder) for target in self._targets):
            return None
        return posixpath.dirname(folder.rstrip("/")).rstrip("/") + "/"


def _folder(url: str) -> str:
    """The folder MkDocs makes links relative to (`get_relative_url`: a URL ending in a file name counts from its
    folder), ending in /."""
    head, tail = posixpath.split(url)
    folder = head if "." in tail else url
    return folder.rstrip("/") + "/" if folder else ""


def _targets(nav: Navigation, config: MkDocsConfig) -> Iterable[str]:
    """Every URL the nav partial makes relative to the page: entries, the home page, the logo."""
    yield from _item_urls(nav.items)
    if nav.homepage is not None:
        yield nav.homepage.url
    extra: Any = config.extra or {}
    for value in (extra.get("homepage"), config.theme.get("logo")):
        if isinstance(value, str):
            yield value


def _item_urls(items: Iterable[Any]) -> Iterable[str]:
    for item in items:
        if isinstance(item, Section):
            yield from _item_urls(item.children)
        elif isinstance(item, Page | Link) and item.url:
            yield item.url
