"""The preview's incremental rebuild: under `mkdocs serve --dirty` (what `make serve` runs), a save re-renders and
rewrites only the pages and downloads whose content changed, and keeps everything else from the last good build.

MkDocs' dirty mode alone is not safe for this site: every generated file counts as modified (so nothing is
skipped), a skipped page loses its title, anchors and search entries (Material's search merge keeps the entries of
one changed page only), files of a removed study stay behind, and its warning about stale navigation fails
`strict: true`. This module supplies what the dirty mode lacks:

- **what changed**: each page's digest covers all its output depends on besides the navigation (its Markdown, its
  pre-rendered blocks, its edit link); each download's digest is its content. A page or file is written again
  when its digest changed or its output is missing.
- **what every page shares**: the configuration file (with the navigation), the theme's templates, the list of
  pages and the text of any page in the navigation without a title there (its own title is shown). When any of
  it changes, every page is rendered again, so the navigation MkDocs warns about is never stale; the warning is
  then dropped (`DirtyWarningFilter`).
- **what a skipped page would have told the build**: its title, front matter, anchors and links (so links into it
  and out of it are still checked) and its search entries, kept from the build that rendered it.
- **what is gone**: files the last build wrote and this one does not are deleted.

A build that fails forgets everything, so the next save renders the whole site again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sysconfig
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

DIRTY_WARNING = "A 'dirty' build is being performed"
"""The start of the warning MkDocs logs for every dirty build (`mkdocs.commands.build`)."""

SearchEntry = dict[str, Any]


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' stale-navigation warning while `Increment` renders every page whenever the navigation could
    have changed (the warning would otherwise fail every preview under `strict: true`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


@dataclass(frozen=True)
class KeptPage:
    """What a rendered page told the build, for the builds that skip it."""

    title: str | None
    meta: dict[str, Any]
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]]
    """Target page's src_uri -> {link: anchor}, MkDocs' record of the anchors its Markdown links to."""
    block_links: tuple[str, ...]
    """Site paths (with fragment) of the relative links in the page's pre-rendered blocks."""
    search: tuple[SearchEntry, ...]


@dataclass
class Increment:
    """State kept across the rebuilds of one `mkdocs serve --dirty`."""

    shared: str = ""
    written: dict[str, str] = field(default_factory=dict)
    """dest_uri -> digest of every page and generated file the last good build wrote."""
    pages: dict[str, KeptPage] = field(default_factory=dict)
    """src_uri -> what the page told the build that last rendered it."""
    planned: dict[str, str] = field(default_factory=dict)
    """dest_uri -> digest for this build, committed when it succeeds."""
    skipped: set[str] = field(default_factory=set)
    """src_uri of the pages this build does not render."""
    current: set[str] = field(default_factory=set)
    """src_uri of every page of this build."""
    digested: dict[str, tuple[tuple[str | bytes, ...], str]] = field(default_factory=dict)
    """dest_uri -> what the last plan digested for it (a page's parts, a download's content) and the digest."""

    def forget(self) -> None:
        """After a failed build: the next one renders and writes everything (what was written stays known, for
        the next good build to delete what is gone; this one may have written more of it)."""
        self.shared = ""
        self.digested.clear()
        self.written.update(self.planned)
        self.pages.clear()
        self.planned.clear()
        self.skipped.clear()
        self.current.clear()

    def plan(self, files: Files, config: MkDocsConfig, page_parts: Callable[[File], Sequence[str | bytes]]) -> None:
        """Decide for every page and generated file whether this build writes it, and tell MkDocs through each
        File's `is_modified` (the one question its dirty mode asks). `page_parts` gives a page's Markdown and
        pre-rendered blocks; a hand-written page's parts are its source."""
        pages = list(files.documentation_pages())
        shared = _shared_digest(config, pages, page_parts)
        everything = shared != self.shared  # what was written stays known: it is what a removal must delete
        self.shared = shared
        self.planned = {}
        self.skipped = set()
        self.current = {file.src_uri for file in pages}
        last, self.digested = self.digested, {}
        for file in files:
            is_page = file.is_documentation_page()
            if is_page:
                digest = self._digest(
                    file.dest_uri, (*page_parts(file), file.edit_uri or "", file.inclusion.name), last
                )
            elif file.generated_by:
                digest = self._digest(file.dest_uri, (file.content_bytes,), last)
            else:
                continue  # docs/ and theme files: MkDocs compares their modification times itself
            self.planned[file.dest_uri] = digest
            changed = (
                everything
                or self.written.get(file.dest_uri) != digest
                or not os.path.isfile(file.abs_dest_path)
                or (is_page and file.src_uri not in self.pages)
            )
            file.is_modified = partial(bool, changed)  # type: ignore[method-assign]
            if is_page and not changed:
                self.skipped.add(file.src_uri)

    def _digest(
        self, dest_uri: str, parts: tuple[str | bytes, ...], last: dict[str, tuple[tuple[str | bytes, ...], str]]
    ) -> str:
        """The digest of `parts`, or the last plan's when they equal what it digested: comparing is a fraction of
        hashing (most parts are the very objects the last build had: pages the render reused, split as before),
        and the digest is a function of the parts alone, so equal parts have the same one."""
        kept = last.get(dest_uri)
        digest = kept[1] if kept is not None and kept[0] == parts else _digest(parts)
        self.digested[dest_uri] = (parts, digest)
        return digest

    @property
    def total(self) -> int:
        """Pages of this build."""
        return len(self.current)

    @property
    def rendered(self) -> int:
        """Pages this build renders."""
        return len(self.current) - len(self.skipped)

    def restore(self, files: Files) -> Iterable[tuple[Page, KeptPage]]:
        """Give each skipped page back what its last rendering found; yields (page, kept) for the plugin's own
        records (anchors, links in blocks)."""
        for src_uri in sorted(self.skipped):
            file = files.get_file_from_path(src_uri)
            kept = self.pages[src_uri]
            if file is None or file.page is None:
                continue
            page: Page = file.page
            page.markdown = ""  # MkDocs gives an unread page no title, even from its meta or last rendering
            page.meta = dict(kept.meta)
            page._title_from_render = kept.title
            page.present_anchor_ids = set(kept.anchors)
            targets = {target: files.get_file_from_path(target) for target in kept.links_to_anchors}
            page.links_to_anchors = {
                target_file: dict(links)
                for target, links in kept.links_to_anchors.items()
                if (target_file := targets[target]) is not None
            }
            yield page, kept

    def remember(self, page: Page, anchors: set[str], block_links: Iterable[str]) -> KeptPage:
        """Keep what a rendered page told the build (its search entries are added by `search_index`)."""
        kept = KeptPage(
            title=page._title_from_render,
            meta=dict(page.meta),
            anchors=frozenset(anchors),
            links_to_anchors={target.src_uri: dict(links) for target, links in (page.links_to_anchors or {}).items()},
            block_links=tuple(block_links),
            search=(),
        )
        self.pages[page.file.src_uri] = kept
        return kept

    def search_index(self, entries: list[SearchEntry], pages: Sequence[Page]) -> list[SearchEntry]:
        """The whole site's search entries: this build's for the pages it rendered, the kept ones for the rest, in
        the order of the pages."""
        by_page: dict[str, list[SearchEntry]] = {}
        for entry in entries:
            by_page.setdefault(str(entry.get("location", "")).partition("#")[0], []).append(entry)
        merged: list[SearchEntry] = []
        for page in pages:
            kept = self.pages.get(page.file.src_uri)
            if kept is None:
                continue
            if page.file.src_uri not in self.skipped:
                kept = self.pages[page.file.src_uri] = _with_search(kept, by_page.get(page.url, []))
            merged.extend(kept.search)
        return merged

    def commit(self, site_dir: Path) -> list[str]:
        """After a good build: delete the files the last build wrote and this one does not (a removed study's page
        and downloads), and keep this build's digests. Returns the deleted dest_uris."""
        gone = sorted(set(self.written) - set(self.planned))
        for dest_uri in gone:
            path = site_dir / dest_uri
            if path.is_file() or path.is_symlink():
                path.unlink()
            for folder in path.parents:  # and the folders that held only them
                if folder == site_dir or not folder.is_relative_to(site_dir) or any(folder.iterdir()):
                    break
                folder.rmdir()
        self.written = dict(self.planned)
        for src_uri in [src for src in self.pages if src not in self.current]:
            del self.pages[src_uri]
        return gone


def _with_search(kept: KeptPage, search: list[SearchEntry]) -> KeptPage:
    return KeptPage(kept.title, kept.meta, kept.anchors, kept.links_to_anchors, kept.block_links, tuple(search))


def _shared_digest(
    config: MkDocsConfig, pages: Sequence[File], page_parts: Callable[[File], Sequence[str | bytes]]
) -> str:
    """What every page's output shares: the configuration, the theme's templates (those of the project, not of an
    installed package), the list of pages (links between them) and the text of the pages in the navigation (their
    titles and order)."""
    parts: list[str | bytes] = [Path(config.config_file_path).read_bytes() if config.config_file_path else b""]
    installed = Path(sysconfig.get_paths()["purelib"])
    for folder in config.theme.dirs:
        if Path(folder).is_relative_to(installed):
            continue  # an installed theme does not change while the preview runs
        for dirpath, _dirs, names in sorted(os.walk(folder)):
            for name in sorted(names):
                path = os.path.join(dirpath, name)
                parts.append(f"{path}:{os.stat(path).st_mtime_ns}")
    titled = _titled_in_nav(config.nav)
    for file in pages:
        parts.append(f"{file.src_uri}:{file.inclusion.name}")
        if file.inclusion.is_in_nav() and file.src_uri not in titled:
            parts.extend(page_parts(file))  # the navigation shows the title the page itself gives
    return _digest(parts)


def _titled_in_nav(nav: Any) -> set[str]:
    """The pages the navigation names with a title of its own (`- Title: page.md`), whose text no other page shows."""
    titled: set[str] = set()
    for item in nav if isinstance(nav, list) else ():
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, str):
                    titled.add(value)
                else:
                    titled |= _titled_in_nav(value)
    return titled


def _digest(parts: Iterable[str | bytes]) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()
