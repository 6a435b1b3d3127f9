"""Hand-written pages (docs/*.md, the contributor guide) may not carry live script into the site.

Markdown passes raw HTML through, and `attr_list` adds any attribute (`{: onclick=... }`), so a pull request
could publish `<script>`, `<img onerror=...>` or a `javascript:` link from a page nobody reads as code. The
check looks at each page's HTML as converted (whatever route the script took: raw HTML, attribute lists,
links, entities), so no Markdown trick slips past it; each finding names the source file and the line the
offending text is written on. Generated pages are not checked here: their HTML is built from escaped parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

SCRIPT_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta"})
"""Elements that run or load code, or change where the page's links and scripts come from."""
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"})
SCRIPT_SCHEME = re.compile(r"^(?:javascript|vbscript|data|livescript):", re.IGNORECASE)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
"""Browsers skip spaces and control characters in a URL's scheme (`java\\tscript:` runs)."""


@dataclass(frozen=True)
class Finding:
    """One piece of live script in a page: what it is and a text to find its line in the source."""

    message: str
    needle: str


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SCRIPT_TAGS:
            self.findings.append(Finding(f"a <{tag}> element", f"<{tag}"))
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(Finding(f"an event-handler attribute `{name}` on <{tag}>", name))
            elif name in URL_ATTRIBUTES and value and SCRIPT_SCHEME.match(_IGNORED_IN_URL.sub("", value)):
                scheme = _IGNORED_IN_URL.sub("", value).split(":", 1)[0].lower()
                self.findings.append(Finding(f"a `{scheme}:` address in `{name}` on <{tag}>", f"{scheme}:"))
            elif name == "style" and value and re.search(r"expression\s*\(|javascript:", value, re.IGNORECASE):
                self.findings.append(Finding(f"script in the `style` of <{tag}>", "style"))

    handle_startendtag = handle_starttag


def live_script(html: str) -> list[Finding]:
    """Every element, attribute and address in `html` that would run script in a reader's browser."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.findings


def source_line(source: str, needle: str) -> int:
    """The 1-based line of `source` where `needle` is first written (case-insensitive, and found with spaces
    between its letters too, as `java script:` is), or 1 when it is written some other way (entities)."""
    found = re.search(r"\s*".join(re.escape(char) for char in needle), source, re.IGNORECASE)
    return source.count("\n", 0, found.start()) + 1 if found else 1
