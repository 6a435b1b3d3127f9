"""Parts of Material's page that read the same on sibling generated pages, rendered once for all of them.

Material renders its whole navigation (every section and entry of the sidebar), its footer, its configuration
script and its script tags on every page; a 1,000-study site has 1,040 study and theme pages outside the navigation. For such a
page these parts depend on the page only through relative URLs, so every page whose folder has the same parent
(`studies/a/`, `studies/b/`) gets the very same HTML. The theme layer (`theme/main.html`) hands each part to
`SharedBlocks` (`{% call synthsite_shared(part, page, nav, config) %}`), which renders it for the first page of
each parent folder and gives the rest the same text.

What the key covers, part by part (Material 9's templates read nothing else):
- `nav` (`partials/nav.html`, `nav-item.html`): the navigation and the configuration; which entries are active or
  expanded, and the page's own table of contents, which only a page in the navigation has; the links, relative.
- `footer` (`partials/footer.html`, `copyright.html`, `social.html`): the configuration (copyright, social
  links as written) and the links to the previous and next pages, which only a page in the navigation has
  (MkDocs sets them from the navigation; a page with either is not shared).
- `config` (the `__config` script): the configuration, the translations, `base_url` (the way up to the site's
  root, the same for pages at one depth) and the search worker's URL, relative.
- `scripts`: Material's bundle and `extra_javascript`, each URL relative (`url`, `script_tag`).
`SharedBlocks` lives for one build (the plugin makes a new one in `on_env`), in which the configuration is one
object; the navigation is MkDocs' one object too, but a plugin may hand a page another (`on_page_context`), so the
navigation object is part of the key (held by it, so it is never another one at the same address). Only
`GeneratedPage`s (made for the pages the navigation does not name) that are not among its pages are shared. A relative link (MkDocs' `url` filter,
`utils.get_relative_url`) reads the same from the folders `parent/a/` and `parent/b/` unless its target lies inside
one of them, so a page is shared only if none of the targets above (the navigation's links, its home page, the
logo, `extra_javascript`, `extra_css`, Material's `assets/`) lies inside its own folder. The key is the part and
the parent folder (which implies the depth), and the navigation.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from synthsite.builders.conversions import GeneratedPage

PARTS = frozenset({"nav", "footer", "config", "scripts"})
"""The parts of the page the theme layer shares (see the module's docstring for what each reads)."""


class SharedBlocks:
    """The theme's `synthsite_shared(part, page, nav, config)`: a part's HTML (the call block's `caller`), rendered
    once per parent folder for the pages that can share it, and for every other page on its own."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, Navigation, str], str] = {}
        self._targets: dict[Navigation, tuple[str, ...]] = {}

    def __call__(self, part: str, page: Page, nav: Navigation, config: MkDocsConfig, caller: Callable[[], str]) -> str:
        folder = self._folder(page, nav, config) if part in PARTS else None
        if folder is None:
            return caller()
        html = self._kept.get((part, nav, folder))
        if html is None:
            html = self._kept[part, nav, folder] = caller()
        return html

    def _folder(self, page: Page, nav: Navigation, config: MkDocsConfig) -> str | None:
        """The page's parent folder (as `/a/b/`), or None where the page needs its own parts."""
        if not isinstance(page, GeneratedPage) or page.previous_page or page.next_page:
            return None
        if any(listed is page for listed in nav.pages):
            return None
        folder = "/" + _folder(page.url)
        targets = self._targets.get(nav)
        if targets is None:
            targets = self._targets[nav] = tuple("/" + target.lstrip("/") for target in _targets(nav, config))
        if any((target.rstrip("/") + "/").startswith(folder) for target in targets):
            return None
        return posixpath.dirname(folder.rstrip("/")).rstrip("/") + "/"


def _folder(url: str) -> str:
    """The folder MkDocs makes links relative to (`get_relative_url`: a URL ending in a file name counts from its
    folder), ending in /."""
    head, tail = posixpath.split(url)
    folder = head if "." in tail else url
    return folder.rstrip("/") + "/" if folder else ""


def _targets(nav: Navigation, config: MkDocsConfig) -> Iterable[str]:
    """Every URL the shared parts make relative to the page."""
    yield from _item_urls(nav.items)
    if nav.homepage is not None:
        yield nav.homepage.url
    extra: Any = config.extra or {}
    for value in (extra.get("homepage"), config.theme.get("logo"), config.theme.get("favicon")):
        if isinstance(value, str):
            yield value
    for listed in (*config.extra_javascript, *config.extra_css):
        yield str(listed)
    yield "assets/"  # Material's own scripts and styles


def _item_urls(items: Iterable[Any]) -> Iterable[str]:
    for item in items:
        if isinstance(item, Section):
            yield from _item_urls(item.children)
        elif isinstance(item, Page | Link) and item.url:
            yield item.url
