"""The one normalisation every string from the data goes through (YAML values and keys, BibTeX fields).

Control characters other than tab and line feed are refused, however they were written: raw, or as a YAML
escape (`"\\e"`, `"\\x07"`, `"\\0"`, `"\\r"`, `"\\u0085"`). They are invisible in editors and reviews, and an
escape sequence or a bell reaching a terminal, or a NUL or carriage return reaching a CSV cell, is an attack on
whoever opens the download. Bidirectional controls and zero-width characters are refused too (Trojan Source):
they make a label, a name or a file name display as something other than what it holds, in the site, in a
review's diff and in a terminal. Accepted text is put in Unicode NFC, so the same words are the same string
whether an editor composed or decomposed their accents (search, sorting and de-duplication rely on it).
"""

from __future__ import annotations

import re
import unicodedata

_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_INVISIBLES = r"\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_JOINERS = r"\u200c\u200d"
FORBIDDEN = re.compile(f"[{_CONTROLS}]")
"""Unicode's control characters (category Cc) except tab (U+0009) and line feed (U+000A)."""

INVISIBLE = re.compile(f"[{_INVISIBLES}{_JOINERS}]")
"""Bidirectional controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) and zero-width characters
(U+180E, U+200B-U+200D, U+2060-U+2064, U+FEFF): they reorder or hide what a reader sees."""

REFUSED = re.compile(f"[{_CONTROLS}{_INVISIBLES}]|(?<![^\x00-\x7f])[{_JOINERS}]|[{_JOINERS}](?![^\x00-\x7f])")
"""Everything `normalise` refuses. The zero-width joiner and non-joiner (U+200C, U+200D) are refused only
next to ASCII or at either end of the text: between other characters they are part of the writing (Persian
and Indic words, emoji such as 🏳️‍🌈), while inside a Latin word they hide a difference (`ad\u200dmin`)."""

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
    "\u061c": "arabic letter mark",
    "\u180e": "mongolian vowel separator",
    "\u200b": "zero width space",
    "\u200c": "zero width non-joiner",
    "\u200d": "zero width joiner",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2060": "word joiner",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\ufeff": "zero width no-break space",
}

HINT = "delete it: it is invisible in most editors; text may hold tabs and line breaks, no other control characters"
INVISIBLE_HINT = "delete it: it changes how the text is shown (direction or hidden characters) without being visible"


class TextRefused(ValueError):
    """A string holding a control character; `offset` is its index in the string."""

    def __init__(self, char: str, offset: int) -> None:
        self.char = char
        self.offset = offset
        invisible = INVISIBLE.match(char) is not None
        kind = "an invisible formatting character" if invisible else "a control character"
        self.message = f"the text contains {kind} ({describe(char)})"
        self.hint = INVISIBLE_HINT if invisible else HINT
        super().__init__(self.message)


def describe(char: str) -> str:
    """`U+001B escape`: the code point, and its name where it has a common one."""
    name = NAMES.get(char)
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def normalise(text: str) -> str:
    """The accepted form of a string from the data, or TextRefused naming the first control character."""
    bad = REFUSED.search(text)
    if bad is not None:
        raise TextRefused(bad.group(), bad.start())
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def refused_in(text: str) -> TextRefused | None:
    """The first character `normalise` would refuse in `text` (a file name, an id), or None."""
    bad = REFUSED.search(text)
    return TextRefused(bad.group(), bad.start()) if bad is not None else None


_ESCAPE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{_INVISIBLES}]")
_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def displayable(text: str) -> str:
    """`text` safe to print on one line of a terminal or CI log: control characters, line breaks, bidirectional
    and zero-width characters are written as escapes (`\\n`, `\\x1b`, `\\u202e`), so no message can start
    a new line (a `::error` workflow command), move the cursor or reorder what is shown."""
    if _ESCAPE.search(text) is None:
        return text
    return _ESCAPE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
