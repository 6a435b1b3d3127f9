"""The site's URL scheme: a contract, because citations point at these paths.

Paths are site-relative directory URLs (``"studies/moen-2023/"``, ``""`` for the home page); the source
file of a page is its path plus ``index.md``, and a page's downloads sit beside it. Pages link to each
other with page-relative URLs (`relative`), so the generated tree works under any site prefix. The pages
themselves are listed in `registry`; the constants here are the pages other pages link to.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

HOME = ""
STUDIES = "studies/"
THEMES = "themes/"
FINDINGS = "findings/"
REFERENCES = "references/"
DATA = "data/"
METHODS = "methods/"
FINDINGS_DISCONFIRMING = "findings/disconfirming/"
VERSIONS = "versions/"
CHANGES = "changes/"
REPORTING_ENTREQ = "reporting/entreq/"


def study(study_id: str) -> str:
    return f"{STUDIES}{study_id}/"


def theme(theme_id: str) -> str:
    return f"{THEMES}{theme_id}/"


ANY_STUDY = study("any")
"""Any study page, for links that are the same on every study page: each is one folder below studies/ whatever its id
(ids are slugs), so a link from it to a page outside studies/ does not depend on which study it is."""


def study_theme(study_id: str, theme_id: str) -> str:
    """Anchor of one study theme on its study page."""
    return f"{study(study_id)}#theme-{theme_id}"


def source_file(page: str) -> str:
    """The Markdown file that renders as `page` with directory URLs."""
    return f"{page}index.md"


@lru_cache(maxsize=1 << 16)
def _relative_folder(folder: str, start: str) -> str:
    """`posixpath.relpath` for site-relative folders ("" is the root), as pure string work: relpath asks the
    operating system for the working directory on every call, and a large site makes ~250,000 links between
    far fewer pairs of folders (hence the cache)."""
    target_parts = folder.split("/") if folder else []
    start_parts = start.split("/") if start else []
    if any(part in ("", ".", "..") for part in (*target_parts, *start_parts)):
        return posixpath.relpath(folder or ".", start or ".")
    common = 0
    for mine, theirs in zip(target_parts, start_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."


def relative(target: str, page: str) -> str:
    """`target` (site-relative, may carry `#anchor`) as a link from `page`."""
    path, _, anchor = target.partition("#")
    directory, _, name = path.rpartition("/")
    rel = _relative_folder(directory, page.rstrip("/"))
    rel = "" if rel == "." else rel + "/"
    link = rel + name
    if anchor:
        return f"{link}#{anchor}" if link else f"#{anchor}"
    return link or "./"


def permalink(site_url: str, page: str, anchor: str | None = None) -> str:
    """Absolute URL of a page (and anchor) on the published site."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + page + (f"#{anchor}" if anchor else "")
