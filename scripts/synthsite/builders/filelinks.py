"""Links that work from disk, for the offline build (the site archives). Material's offline plugin turns off
directory URLs, so MkDocs writes `page.html` links; the links this package writes into its pages' HTML name folders
(`../studies/smith-2025/`), which a server answers with the folder's index.html but a browser reading files shows as
a folder listing. Here each such link is pointed at the folder's index.html, query and #fragment kept."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_HREF = re.compile(r'(\s(?:xlink:)?href=")([^"]*)(")')


def file_url(url: str) -> str:
    """`../studies/x/#part` -> `../studies/x/index.html#part`; external, root-relative and file URLs unchanged."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/") or not parts.path:
        return url
    path = parts.path
    if path in {".", ".."}:
        path += "/"
    if not path.endswith("/"):
        return url
    return urlunsplit(("", "", f"{path}index.html", parts.query, parts.fragment))


def file_links(html: str) -> str:
    """Every href (and SVG xlink:href: the crosswalk map's links) of the page made to work from disk (`file_url`)."""
    return _HREF.sub(lambda match: f"{match.group(1)}{file_url(match.group(2))}{match.group(3)}", html)
