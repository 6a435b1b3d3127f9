"""CHANGELOG.md: one section per version, newest first, written from `synthsite changes` between releases."""

from __future__ import annotations

import re
from pathlib import Path

CHANGELOG_FILE = Path("CHANGELOG.md")
HEADER = (
    "# Changelog\n\n"
    "Every version of the synthesis, newest first. Each section is written by `synthsite release changelog` from\n"
    "`synthsite changes` against the previous release; the archives of each release are listed on the site's\n"
    "Versions page.\n"
)
SECTION_RE = re.compile(r"^## (\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})\)[ \t]*$", re.MULTILINE)


def versions(text: str) -> list[tuple[str, str]]:
    """(version, date) of every section, in file order (newest first)."""
    return [(m.group(1), m.group(2)) for m in SECTION_RE.finditer(text)]


def section(text: str, version: str) -> str | None:
    """The section of `version` (its heading and body), or None when the changelog has none."""
    matches = list(SECTION_RE.finditer(text))
    for index, match in enumerate(matches):
        if match.group(1) == version:
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            return text[match.start() : end].strip()
    return None


def section_body(changes_markdown: str) -> str:
    """The `synthsite changes` report as a section body: its own `##` title dropped (its `###` headings then sit
    under the version's `##` heading)."""
    lines = changes_markdown.strip().splitlines()
    if lines and lines[0].startswith("## "):
        lines = lines[1:]
    return "\n".join(lines).strip()


def with_section(text: str, version: str, date: str, body: str) -> str:
    """The changelog with the section for `version` first (an existing one is replaced, so re-running is safe)."""
    section = f"## {version} ({date})\n\n{body.strip()}\n"
    matches = list(SECTION_RE.finditer(text))
    head = text[: matches[0].start()] if matches else (text or HEADER)
    sections: list[tuple[str, str]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        sections.append((match.group(1), text[match.start() : end].strip() + "\n"))
    kept = [chunk for v, chunk in sections if v != version]
    return head.rstrip() + "\n\n" + "\n".join([section, *kept])
