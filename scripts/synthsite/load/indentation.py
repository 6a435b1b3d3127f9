"""YAML indentation mistakes in plain words: which field or list item a badly indented line seems to belong to.

libyaml reports "did not find expected key" or "mapping values are not allowed here" at a line that is
indented wrongly, which names no field. Reading the lines above tells what the line was probably meant to be.
"""

from __future__ import annotations

import re

KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?: +(?P<value>.*))?$")
INDENTATION_ERRORS = re.compile(
    r"expected key|mapping values are not allowed|expected '-' indicator|expected <block end>"
)
"""libyaml's messages for a line at the wrong indentation."""
BLOCK_INDICATOR = re.compile(r"^[>|][+-]?\d?\s*(#.*)?$")


def _key(line: str) -> tuple[int, str, str] | None:
    """(column of the key, key, value text) of a `key: value` or `- key: value` line."""
    match = KEY.match(line.rstrip())
    if match is None:
        return None
    column = len(match.group("indent")) + len(match.group("dash") or "")
    return column, match.group("key"), (match.group("value") or "").strip()


def indentation_message(text: str, line: int) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) when the line at or just before `line` is a field indented wrongly."""
    lines = text.split("\n")
    for number in (line, line - 1):
        if not 1 <= number <= len(lines):
            continue
        here = _key(lines[number - 1])
        if here is None:
            continue
        column, key, _ = here
        for above in range(number - 1, 0, -1):
            previous = _key(lines[above - 1])
            if previous is None:
                continue
            p_column, p_key, p_value = previous
            if p_column == column:
                break  # a sibling at the same indentation: this line is aligned
            if p_column > column:
                continue  # inside a deeper block above: keep looking for this line's level
            if p_value and not BLOCK_INDICATOR.match(p_value):
                return (
                    number,
                    column + 1,
                    f"'{key}:' is indented {column} spaces, deeper than '{p_key}:' on line {above}, which holds a "
                    f"value, so this line reads as part of that value",
                    f"to make '{key}' the next field beside '{p_key}', indent it {p_column} spaces",
                )
            inside = [x for x in lines[above : number - 1] if x.strip() and not x.lstrip().startswith("#")]
            if inside:
                child = len(inside[0]) - len(inside[0].lstrip(" "))
                what = "items" if inside[0].lstrip().startswith("- ") else "fields"
                if child != column:
                    return (
                        number,
                        column + 1,
                        f"'{key}:' is indented {column} spaces, but the {what} inside '{p_key}:' (line {above}) are "
                        f"indented {child} and '{p_key}:' itself {p_column}",
                        f"indent '{key}:' {p_column} spaces to make it a field beside '{p_key}'",
                    )
            break
    return None
