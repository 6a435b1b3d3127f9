"""pybtex's BibTeX parser with bounds: `@string` macros cannot expand a small file into gigabytes.

BibTeX concatenates macros with `#`, and a macro may use the ones defined before it, so eight lines of
`@string{a1 = a0 # a0 # a0 # ...}` make a title of a gigabyte. Every value (a macro's or a field's) is refused
once it grows past `MAX_VALUE_CHARS`, and a macro built from macros more than `MAX_MACRO_DEPTH` deep is
refused too; both are syntax errors at the line where they happen. A key used by two entries is reported at
the second entry's line (pybtex's own error names no line).
"""

from __future__ import annotations

import re
from typing import Any

from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.scanner import PybtexSyntaxError

MAX_VALUE_CHARS = 100_000
"""Far above any real title or abstract, far below what strains memory."""
_SPACE = re.compile(r"\s*")
MAX_MACRO_DEPTH = 8
"""Macros defined from macros defined from macros...: real bibliographies use one level (journal names)."""


class _BoundedLowLevelParser(LowLevelParser):  # type: ignore[misc]
    """Counts each value's size as it is concatenated, and how deep macros are built from macros."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.depths: dict[str, int] = {}

    def parse_value(self) -> None:
        start = True
        parts: list[str] = []
        size = 0
        depth = 0
        while start or self.optional([self.HASH]):
            start = False
            token_depth = self._next_macro_depth()
            part = self.parse_value_part()
            size += len(part)
            depth = max(depth, token_depth)
            if size > MAX_VALUE_CHARS:
                raise PybtexSyntaxError(
                    f"the value grows past {MAX_VALUE_CHARS:,} characters when its @string macros are expanded",
                    self,
                )
            parts.append(part)
        self.current_value = parts
        self.current_depth = depth

    def _next_macro_depth(self) -> int:
        """How deep the macro about to be read is built (0 for a quoted or braced value or a number)."""
        found = self.NAME.match(self.text, _SPACE.match(self.text, self.pos).end())  # type: ignore[union-attr]
        return self.depths.get(found.group().lower(), 0) if found else 0

    def parse_string_body(self, body_end: Any) -> None:
        super().parse_string_body(body_end)
        name = str(self.current_field_name)
        depth = getattr(self, "current_depth", 0) + 1
        if depth > MAX_MACRO_DEPTH:
            raise PybtexSyntaxError(
                f"the @string macro {name!r} is built from macros more than {MAX_MACRO_DEPTH} levels deep", self
            )
        self.depths[name.lower()] = depth


class BoundedParser(Parser):  # type: ignore[misc]
    """`Parser` reading with `_BoundedLowLevelParser`."""

    def parse_string(self, text: str) -> BibliographyData:
        self.unnamed_entry_counter = 1
        self.command_start = 0
        entries = _BoundedLowLevelParser(
            text,
            keyless_entries=self.keyless_entries,
            handle_error=self.handle_error,
            want_entry=self.data.want_entry,
            filename=self.filename,
            macros=self.macros,
        )
        for entry in entries:
            kind = entry[0].lower()
            if kind == "preamble":
                self.process_preamble(*entry[1])
            elif kind != "string":
                self.process_entry(entry[0], *entry[1])
        return self.data


def parse_bibtex(text: str) -> BibliographyData:
    """Parse BibTeX text with the bounds above; raises pybtex's errors."""
    return BoundedParser().parse_string(text)


def repeated_key_line(text: str, key: str) -> int:
    """The 1-based line of the second entry with `key` (BibTeX keys are compared without case), or 1."""
    starts = [
        found.start() for found in re.finditer(r"@\s*\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", text, re.IGNORECASE)
    ]
    return text.count("\n", 0, starts[1]) + 1 if len(starts) > 1 else 1
