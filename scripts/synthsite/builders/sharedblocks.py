"""Parts of Material's page that read the same on sibling generated pages, rendered once for all of them.

Material renders its whole navigation (every section and entry of the sidebar), its header, its table of
contents, its stylesheet links, its footer, its configuration script and its script tags on every page; a
1,000-study site has 1,040 study and theme pages outside the navigation. For such a page these parts depend on the
page only through relative URLs (the header also through the page's title, the table of contents through its
entries), so every page whose folder has the same parent (`studies/a/`, `studies/b/`) gets the very same HTML. The
theme layer (`theme/main.html`) hands each part to `SharedBlocks` (`{% call synthsite_shared(part, page, nav,
config) %}`), which renders it for the first page of each parent folder and gives the rest the same text.

What the key covers, part by part (Material 9's templates read nothing else):
- `nav` (`partials/nav.html`, `nav-item.html`): the navigation and the configuration; which entries are active or
  expanded, and the page's own table of contents, which only a page in the navigation has; the links, relative.
- `footer` (`partials/footer.html`, `copyright.html`, `social.html`): the configuration (copyright, social
  links as written) and the links to the previous and next pages, which only a page in the navigation has
  (MkDocs sets them from the navigation; a page with either is not shared).
- `config` (the `__config` script): the configuration, the translations, `base_url` (the way up to the site's
  root, the same for pages at one depth) and the search worker's URL, relative.
- `scripts`: Material's bundle and `extra_javascript`, each URL relative (`url`, `script_tag`).
- `header` (`partials/header.html`, `logo.html`, `palette.html`, `javascripts/palette.html`, `alternate.html`,
  `search.html`, `source.html`, `tabs.html`, `tabs-item.html`): the configuration (site name, logo, palette,
  icons, alternate languages, repository), the translations, the navigation (its home page; its tabs, where no
  entry is active for a page outside it), the links, relative; and of the page only its title, written once and
  as it is (`{{ page.meta.title }}`: MkDocs' templates do not escape). So the header is rendered once per parent
  folder with a marker for the title (in the page's front matter `title`, put back at once), kept as the text
  before and after the marker, and each page gets its own title between them. A page whose title is not a
  string of its front matter gets its own header, and so does every page of a folder whose header does not
  write the marker exactly once; tests/test_builders.py checks that Material's header reads nothing else of
  the page.
- `toc` (`partials/toc.html`, `toc-item.html`): the configuration's toc title, the translations, and the page's
  table of contents: its entries' titles, links (the page's own anchors, `#aim`, never made relative), levels,
  children and Material's `typeset` title if a plugin set one. Those entries are part of the key (most study pages
  have the same headings).
- `styles` (`partials/icons.html`): the configuration (palette, icons) and Material's stylesheets' URLs, relative.

Those are Material's own templates: a part is shared only while every template it renders (found from its
partials by their includes and imports) and `base.html` are Material's files, not a project's override in its
`custom_dir`, which may read anything of the page (`materials_own`, checked once per build; the preview keeps
the answer while the templates it read are the same files, `KeptOwnParts`).

`SharedBlocks` lives for one build (the plugin makes a new one in `on_env`), in which the configuration is one
object; the navigation is MkDocs' one object too, but a plugin may hand a page another (`on_page_context`), so the
navigation object is part of the key (held by it, so it is never another one at the same address). Only
`GeneratedPage`s (made for the pages the navigation does not name) that are not among its pages are shared. A
relative link (MkDocs' `url` filter, `utils.get_relative_url`) reads the same from the folders `parent/a/` and
`parent/b/` unless its target lies inside one of them, so a page is shared only if none of the targets above (the
navigation's links, its home page, the logo, `extra_javascript`, `extra_css`, the alternate languages' links,
Material's `assets/`) lies inside its own folder. The key is the part, the parent folder (which implies the
depth) and the navigation, and for the table of contents its entries.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import material  # type: ignore[import-untyped]
from jinja2.loaders import split_template_path
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from synthsite.builders.conversions import GeneratedPage

_PARTIALS = (
    ("nav", ("partials/nav.html",)),
    ("footer", ("partials/footer.html",)),
    ("config", ("partials/language.html",)),
    ("scripts", ()),
    ("header", ("partials/header.html",)),
    ("toc", ("partials/toc.html",)),
    ("styles", ("partials/icons.html",)),
)
"""Each part of the page the theme layer shares (see the module's docstring for what each reads), with the
templates it renders besides its block in `base.html` (and those they include or import)."""

PARTS = frozenset(part for part, _ in _PARTIALS)


_MATERIAL = Path(material.__file__).resolve().parent / "templates"

TITLED = frozenset({"header"})
"""The parts that write the page's title, shared as the text before and after it."""

_TITLE_MARK = " <synthsite: the page's title & \"its\" 'marker'> "
"""Stands for the title while a titled part is rendered: escaping, trimming or changing its case would alter it
(and then the part is not shared)."""


class SharedBlocks:
    """The theme's `synthsite_shared(part, page, nav, config)`: a part's HTML (the call block's `caller`), rendered
    once per parent folder for the pages that can share it, and for every other page on its own."""

    def __init__(self, *, parts: frozenset[str] = PARTS, autoescape: bool = False) -> None:
        self._parts = parts & PARTS
        """The parts this build may share: those rendered from Material's own templates (`materials_own`)."""
        self._kept: dict[tuple[str, Navigation, str, Hashable], str] = {}
        self._halves: dict[tuple[str, Navigation, str], tuple[str, str] | None] = {}
        self._targets: dict[Navigation, tuple[str, ...]] = {}
        self._listed: dict[Navigation, frozenset[int]] = {}
        """The ids of each navigation's pages (which it keeps alive, so no other object takes one of the ids)."""
        self._parents: dict[tuple[Navigation, str], str | None] = {}
        """Each folder's parent, or None where the folder holds a URL the parts link to, per navigation: the same
        for every page of the folder and every part."""
        self._autoescape = autoescape
        """Whether the environment escapes what templates write (MkDocs' does not): then no title is spliced."""

    def __call__(self, part: str, page: Page, nav: Navigation, config: MkDocsConfig, caller: Callable[[], str]) -> str:
        folder = self._folder(page, nav, config) if part in self._parts else None
        if folder is None:
            return caller()
        if part in TITLED:
            return self._titled(part, page, nav, folder, caller)
        key = (part, nav, folder, _toc_key(page.toc) if part == "toc" else None)
        html = self._kept.get(key)
        if html is None:
            html = self._kept[key] = caller()
        return html

    def _titled(self, part: str, page: Page, nav: Navigation, folder: str, caller: Callable[[], str]) -> str:
        """The part as the text kept before and after the title, with this page's title between them."""
        title = page.meta.get("title")
        if self._autoescape or type(title) is not str or not title:
            return caller()
        key = (part, nav, folder)
        if key not in self._halves:
            self._halves[key] = _halves(page, caller)
        halves = self._halves[key]
        if halves is None:
            return caller()
        return halves[0] + title + halves[1]

    def _folder(self, page: Page, nav: Navigation, config: MkDocsConfig) -> str | None:
        """The page's parent folder (as `/a/b/`), or None where the page needs its own parts."""
        if not isinstance(page, GeneratedPage) or page.previous_page or page.next_page:
            return None
        listed = self._listed.get(nav)
        if listed is None:
            listed = self._listed[nav] = frozenset(id(item) for item in nav.pages)  # the navigation holds them
        if id(page) in listed:
            return None
        folder = "/" + _folder(page.url)
        if (nav, folder) not in self._parents:
            self._parents[nav, folder] = self._parent(folder, nav, config)
        return self._parents[nav, folder]

    def _parent(self, folder: str, nav: Navigation, config: MkDocsConfig) -> str | None:
        """The parent of `folder`, or None if one of the URLs the shared parts link to lies inside `folder`."""
        targets = self._targets.get(nav)
        if targets is None:
            targets = self._targets[nav] = tuple("/" + target.lstrip("/") for target in _targets(nav, config))
        if any((target.rstrip("/") + "/").startswith(folder) for target in targets):
            return None
        return posixpath.dirname(folder.rstrip("/")).rstrip("/") + "/"


def materials_own(env: jinja2.Environment) -> frozenset[str]:
    """The parts whose templates `env` finds in Material's own folder: a project's override of one of them (in its
    `custom_dir`) gets that part rendered on every page."""
    return _own_parts(env)[0]


def _own_parts(env: jinja2.Environment) -> tuple[frozenset[str], frozenset[str]]:
    """`materials_own`'s answer, and the name of every template it read (found or not). Each template is loaded
    once, though several parts render some of the same partials."""
    templates = _Templates(env)
    if not _materials(templates.file("base.html")):
        return frozenset(), frozenset({"base.html"})
    parts = set()
    for part, partials in _PARTIALS:
        if all(_materials(templates.file(name)) for name in templates.rendered(partials)):
            parts.add(part)
    return frozenset(parts), frozenset(templates.loaded)


class KeptOwnParts:
    """`materials_own` across the preview's rebuilds: walking the parts' templates (reading and parsing about 20 of
    them) took ~26 ms of every save.

    What the key covers: the answer depends only on which file each template name it read resolves to and on those
    files' text (their includes and imports decide which names are read next). Those are decided by the loader's
    search folders (in order) and encoding, and by the files at `folder/name` for every folder and name read: the
    key holds, for each, its device, inode, modification time in nanoseconds and size, or its absence. A template
    added in `custom_dir` (a file where there was none), removed, replaced or edited changes the key, and the
    parts are found again; so does a name no longer read, since the walk starts from the same names and goes on
    only through files the key covers. A loader other than Jinja's `FileSystemLoader` (MkDocs' own) is not kept."""

    def __init__(self) -> None:
        self._key: tuple[Hashable, ...] | None = None
        self._read: frozenset[str] = frozenset()
        self._parts: frozenset[str] = frozenset()

    def parts(self, env: jinja2.Environment) -> frozenset[str]:
        if self._key is not None and _files_key(env, self._read) == self._key:
            return self._parts
        self._parts, self._read = _own_parts(env)
        self._key = _files_key(env, self._read)
        return self._parts


def _files_key(env: jinja2.Environment, names: Iterable[str]) -> tuple[Hashable, ...] | None:
    """Where `env`'s loader looks for each of `names`, and what is there (see `KeptOwnParts`); None if unknown."""
    loader = env.loader
    if type(loader) is not jinja2.FileSystemLoader:
        return None
    folders = tuple(str(folder) for folder in loader.searchpath)
    found: list[Hashable] = [folders, loader.encoding, loader.followlinks]
    for name in sorted(names):
        try:
            pieces = split_template_path(name)
        except jinja2.TemplateNotFound:
            found.append((name, None))
            continue
        for folder in folders:
            try:
                status = os.stat(os.path.join(folder, *pieces))
            except OSError:
                found.append((name, None))
                continue
            found.append((name, status.st_dev, status.st_ino, status.st_mtime_ns, status.st_size, status.st_mode))
    return tuple(found)


class _Templates:
    """The templates `env` loads, each read and parsed once: its source, the file it comes from (None: not found)
    and the templates it names."""

    def __init__(self, env: jinja2.Environment) -> None:
        assert env.loader is not None
        self._env = env
        self._loader = env.loader
        self.loaded: dict[str, tuple[str, str | None] | None] = {}
        """Template name -> (source, file name), or None where the loader finds no such template."""
        self._referenced: dict[str, list[str]] = {}

    def _load(self, name: str) -> tuple[str, str | None] | None:
        if name not in self.loaded:
            try:
                source, filename, _ = self._loader.get_source(self._env, name)
            except jinja2.TemplateNotFound:
                self.loaded[name] = None
            else:
                self.loaded[name] = (source, filename)
        return self.loaded[name]

    def file(self, name: str) -> str | None:
        """The file the template `name` is loaded from; None if it is not found (or not from a file)."""
        found = self._load(name)
        return None if found is None else found[1]

    def rendered(self, roots: Iterable[str]) -> set[str]:
        """`roots` and every template they include, import or extend by a name written out (the icons, named by
        expressions, are SVG files)."""
        seen: set[str] = set()
        pending = list(roots)
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            pending.extend(self._references(name))
        return seen

    def _references(self, name: str) -> list[str]:
        """The templates `name` includes, imports or extends by a name written out (none if it is not found)."""
        if name not in self._referenced:
            found = self._load(name)
            referenced = () if found is None else jinja2.meta.find_referenced_templates(self._env.parse(found[0]))
            self._referenced[name] = [reference for reference in referenced if reference]
        return self._referenced[name]


def _materials(filename: str | None) -> bool:
    """Whether a template's file is in Material's own folder (a missing one counts as not)."""
    return filename is not None and Path(filename).resolve().is_relative_to(_MATERIAL)


def _toc_key(items: Iterable[Any]) -> tuple[Hashable, ...]:
    """Everything `partials/toc.html` and `toc-item.html` read of a table of contents, entry by entry."""
    return tuple(
        (item.title, item.url, item.level, repr(getattr(item, "typeset", None)), _toc_key(item.children))
        for item in items
    )


def _halves(page: Page, caller: Callable[[], str]) -> tuple[str, str] | None:
    """The part rendered with the marker for the page's title, split at the marker; None unless it is written
    exactly once."""
    title = page.meta["title"]
    page.meta["title"] = _TITLE_MARK
    try:
        html = caller()
    finally:
        page.meta["title"] = title
    before, marker, after = html.partition(_TITLE_MARK)
    return (before, after) if marker and _TITLE_MARK not in after else None


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
    for alternate in extra.get("alternate") or ():  # Material's language selector in the header
        if isinstance(alternate, dict) and alternate.get("link") is not None:
            yield str(alternate["link"])
    yield "assets/"  # Material's own scripts and styles


def _item_urls(items: Iterable[Any]) -> Iterable[str]:
    for item in items:
        if isinstance(item, Section):
            yield from _item_urls(item.children)
        elif isinstance(item, Page | Link) and item.url:
            yield item.url
