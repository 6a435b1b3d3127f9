"""One contributor guide: `CONTRIBUTING.md` is the source, and the site's `/contribute/` page is made from it.

Two near-copies drifted apart; now the site page is generated at build time (the MkDocs plugin, and
`synthsite pages --out`). What differs between the two places is marked in the source:
`<!-- repository-only -->` ... `<!-- /repository-only -->` is left out of the site page, and links to the
published site (`https://.../themes/`) become relative links, so they work in a preview and offline.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from synthsite.load.datafiles import ReadRefused, read_bounded
from synthsite.model import MAX_FILE_BYTES

GUIDE_FILE = "CONTRIBUTING.md"
GUIDE_PAGE = "contribute/index.md"
REPOSITORY_ONLY = re.compile(r"<!-- repository-only -->.*?<!-- /repository-only -->\n?", re.S)


def site_guide(source: str, site_url: str) -> str:
    """The `/contribute/` page for the guide's Markdown `source`, whose site links start with `site_url`."""
    text = REPOSITORY_ONLY.sub("", source)
    base = site_url if site_url.endswith("/") else site_url + "/"

    def relative(match: re.Match[str]) -> str:
        path, anchor = match.group(1), match.group(2) or ""
        target = path + "index.md" if path == "" or path.endswith("/") else path
        return "](" + posixpath.relpath(target, posixpath.dirname(GUIDE_PAGE)) + anchor + ")"

    text = re.sub(r"\]\(" + re.escape(base) + r"([^)#\s]*)(#[^)\s]*)?\)", relative, text)
    return text.rstrip("\n") + f"\n\n<!-- made from {GUIDE_FILE} by synthsite: edit that file, not this page -->\n"


def guide_pages(root: Path, site_url: str) -> dict[str, str]:
    """{`contribute/index.md`: page} when the project has a CONTRIBUTING.md, else nothing."""
    path = root / GUIDE_FILE
    if not path.is_file():
        return {}
    try:  # the guide arrives in pull requests too: only a plain file inside the project, bounded in size
        raw = read_bounded(root, Path(GUIDE_FILE), MAX_FILE_BYTES)
    except ReadRefused as exc:
        raise ReadRefused(f"{GUIDE_FILE}: {exc.message}", exc.hint) from None
    return {GUIDE_PAGE: site_guide(raw.decode("utf-8"), site_url)}
