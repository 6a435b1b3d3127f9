"""What the data may give as a web address: absolute http(s) with a host, and nothing a browser would run.

`javascript:`, `data:` and `vbscript:` addresses, protocol-relative `//host` ones, addresses with a user name
before the host (`https://good.example@evil.example`) and anything with spaces, quotes or angle brackets are
refused where the data are loaded, so no page, permalink, edit link or download can carry one.
"""

from __future__ import annotations

import re

WEB_URL_PATTERN = r"""^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@:\\<>"'`]+(?::[0-9]{1,5})?(?:[/?#][^\s\\<>"`]*)?$"""
"""http:// or https://, a host (no user name), an optional port, then a path, query or fragment."""
WEB_URL_RE = re.compile(WEB_URL_PATTERN)
WEB_URL_HINT = "write the full web address, starting with https:// (or http://) and the host name"


def is_web_url(value: str) -> bool:
    return WEB_URL_RE.fullmatch(value) is not None


def non_ascii_host(value: str) -> str | None:
    """The host of a web address when it is not plain ASCII (`раypal.com` with a Cyrillic `а` looks like
    `paypal.com`), else None. Internationalised hosts are legitimate, so this is for a warning, with the
    host's punycode form to compare."""
    found = re.match(r"^[A-Za-z]+://([^/?#:]+)", value)
    if found is None or found.group(1).isascii():
        return None
    return found.group(1)


def punycode(host: str) -> str:
    """The ASCII (IDNA) form of a host, or the host itself when it has none."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host
