"""Missing commas in BibTeX, found where they are missing.

pybtex reports a comma missing at the end of a field one line late ("'}' expected" on the next field's line)
and silently accepts an entry key without its comma (`@article{Key` then a newline). This walk over the entry
structure finds both at the line where the comma belongs and names the entry, before pybtex parses anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME = re.compile(r"[A-Za-z][\w:.+/-]*")
ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")


@dataclass(frozen=True)
class CommaProblem:
    line: int
    column: int
    message: str
    hint: str


class _Text:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        line = max(i for i, start in enumerate(self.starts) if start <= offset)
        return line + 1, offset - self.starts[line] + 1

    def skip_space(self, at: int) -> int:
        while at < len(self.text) and self.text[at].isspace():
            at += 1
        return at


def _value_end(text: str, at: int) -> int | None:
    """The offset just after a field value (braced, quoted or bare parts joined by #), or None if malformed."""
    while True:
        if at >= len(text):
            return None
        if text[at] in '{"':
            closing, depth, at = ("}" if text[at] == "{" else '"'), 0, at + 1
            while at < len(text):
                char = text[at]
                if char == "{":
                    depth += 1
                elif char == "}" and (depth > 0 or closing == '"'):
                    depth -= 1
                elif char == closing and depth == 0:
                    break
                at += 1
            else:
                return None
            at += 1
        else:
            bare = re.compile(r"[\w:.+/-]+").match(text, at)
            if bare is None:
                return None
            at = bare.end()
        after = at
        while after < len(text) and text[after] in " \t":
            after += 1
        if after < len(text) and text[after] == "#":
            at = after + 1
            while at < len(text) and text[at].isspace():
                at += 1
            continue
        return at


def comma_problems(source: str) -> list[CommaProblem]:
    """Every comma missing after an entry key or between two fields, at the place it belongs."""
    text = _Text(source)
    found: list[CommaProblem] = []
    for entry in ENTRY.finditer(source):
        kind = entry.group(1).lower()
        if kind in {"comment", "preamble", "string"}:
            continue
        key_match = re.compile(r"[^\s,{}()]+").match(source, text.skip_space(entry.end()))
        if key_match is None:
            continue
        key = key_match.group(0)
        at = text.skip_space(key_match.end())
        if at < len(source) and NAME.match(source, at) and source[at] != ",":
            line, column = text.where(key_match.end())
            found.append(
                CommaProblem(
                    line,
                    column,
                    f"entry '{key}': a comma is missing after the entry key",
                    f"write @{entry.group(1)}{{{key}, with a comma after the key",
                )
            )
        elif at >= len(source) or source[at] != ",":
            continue
        else:
            at += 1
        while True:  # fields: name = value, separated by commas
            at = text.skip_space(at)
            name = NAME.match(source, at)
            if name is None:
                break
            equals = text.skip_space(name.end())
            if equals >= len(source) or source[equals] != "=":
                break
            end = _value_end(source, text.skip_space(equals + 1))
            if end is None:
                break
            at = text.skip_space(end)
            if at < len(source) and source[at] == ",":
                at += 1
                continue
            if at < len(source) and NAME.match(source, at) and "=" in source[at : source.find("\n", at) + 1 or None]:
                line, column = text.where(end)
                value = source[text.skip_space(equals + 1) : end]
                shown = value if len(value) <= 40 else value[:37] + "..."
                found.append(
                    CommaProblem(
                        line,
                        column,
                        f"entry '{key}': a comma is missing after the field '{name.group(0)}'",
                        f"add , after {shown} at the end of line {line}",
                    )
                )
                continue
            break
    return found
