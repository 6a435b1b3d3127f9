"""Broken internal links in a built site. `mkdocs build --strict` checks only links written in Markdown; the
generated pages carry theirs as HTML and the theme adds its own, so the built HTML is crawled: every internal
href/src must name a file of the site (a directory URL its index.html) and every #fragment an id on that page."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from synthsite.sitecheck.htmltree import Node, parse_file

URL_ATTRIBUTES = ("href", "src", "xlink:href")


class Crawler:
    """Resolves links found in a built site; remembers each page's ids (a page is parsed once). `served=False`
    resolves them as a browser does from disk (file://): no server turns a folder into its index.html, and a
    root-relative URL points at the file system's root."""

    def __init__(self, site: Path, site_url: str, served: bool = True) -> None:
        self.site = site
        self.served = served
        self.prefix = urlsplit(site_url).path or "/"
        """Root-relative URLs (the 404 page uses them) start with the site's path on its host."""
        self._ids: dict[Path, set[str]] = {}

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            self._ids[page] = {n.attrs["id"] or "" for n in parse_file(page).iter() if n.attrs.get("id")}
        return self._ids[page]

    def problem(self, source: str, url: str) -> str | None:
        """Why `url`, found in the site file `source` (site-relative), does not resolve; None if it does."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None  # external: not ours to check (and the build never fetches it)
        path = unquote(parts.path)
        if path.startswith("/") and not self.served:
            return "root-relative: from disk it points at the file system's root"
        if path.startswith("/"):
            if not path.startswith(self.prefix):
                return "root-relative URL outside the site"
            target = path[len(self.prefix) :]
        elif path:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
            if target.startswith(".."):
                return "leaves the site"
        else:
            target = source
        file = self.site / target
        if file.is_dir():
            if not self.served:
                return "a folder: from disk a browser lists it instead of opening its index.html"
            file = file / "index.html"
        if not file.is_file():
            return "no such file"
        fragment = unquote(parts.fragment)
        if fragment and file.suffix == ".html" and fragment not in self.ids(file):
            return f"no id {fragment!r} on {file.relative_to(self.site).as_posix()}"
        return None


def internal_urls(tree: Node) -> Iterator[tuple[Node, str, str]]:
    """(element, attribute, URL) for every href, src and SVG xlink:href that points into the site."""
    for node in tree.iter():
        for name in URL_ATTRIBUTES:
            url = node.attrs.get(name)
            if url is None or urlsplit(url).scheme or url.startswith("//"):
                continue
            yield node, name, url
