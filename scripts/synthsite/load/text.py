"""The one normalisation every string from the data goes through (YAML values and keys, BibTeX fields).

Control characters other than tab and line feed are refused, however they were written: raw, or as a YAML
escape (`"\\e"`, `"\\x07"`, `"\\0"`, `"\\r"`, `"\\u0085"`). They are invisible in editors and reviews, and an
escape sequence or a bell reaching a terminal, or a NUL or carriage return reaching a CSV cell, is an attack on
whoever opens the download. Accepted text is put in Unicode NFC, so the same words are the same string
whether an editor composed or decomposed their accents (search, sorting and de-duplication rely on it).
"""

from __future__ import annotations

import re
import unicodedata

FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Unicode's control characters (category Cc) except tab (U+0009) and line feed (U+000A)."""

NAMES = {
    "\x00": "NUL",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\r": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
    "\x9b": "control sequence introducer",
}

HINT = "delete it: it is invisible in most editors; text may hold tabs and line breaks, no other control characters"


class TextRefused(ValueError):
    """A string holding a control character; `offset` is its index in the string."""

    def __init__(self, char: str, offset: int) -> None:
        self.char = char
        self.offset = offset
        self.message = f"the text contains a control character ({describe(char)})"
        super().__init__(self.message)


def describe(char: str) -> str:
    """`U+001B escape`: the code point, and its name where it has a common one."""
    name = NAMES.get(char)
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def normalise(text: str) -> str:
    """The accepted form of a string from the data, or TextRefused naming the first control character."""
    bad = FORBIDDEN.search(text)
    if bad is not None:
        raise TextRefused(bad.group(), bad.start())
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
