"""A generated page's front matter read without a YAML parser, with the very values MkDocs' parse gives.

MkDocs reads every page's front matter with PyYAML (`mkdocs.utils.meta.get_data`), about 80 microseconds a page
even with libyaml: a tenth of a second for a 1,000-study site, whose generated pages' front matter is always
`key: <JSON text>` lines (`render.pagekit.front_matter`). JSON is not YAML 1.1 in general, so a line is read as JSON
only where the two read the same, and the whole front matter goes to MkDocs' own parse otherwise:
- each line is `key: value` with a lower-case key of letters and underscores that YAML 1.1 reads as that string
  (not `yes`, `on`, `null`...), each key once (YAML's duplicate handling is left to YAML);
- the value is made of what `json.dumps` writes: double-quoted strings of printable ASCII whose escapes mean the
  same in YAML's double-quoted style (`\\"`, `\\\\`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t`, `\\uXXXX` outside the
  surrogates; not `\\/`, YAML's `\\U...` or a surrogate pair, which YAML reads differently), brackets and braces,
  the separators `, ` and `: `, `true`, `false`, `null` and integers (no fractions or exponents: YAML 1.1 reads
  `1e5` as a string);
- and the value is valid JSON, its objects without a repeated key.
MkDocs' own function then does everything else (where the front matter starts and ends, what follows it).
"""

from __future__ import annotations

import json
import re
from typing import Any

from mkdocs.utils import meta

_STRING = r'"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\bfnrt]|\\u(?![dD][89a-fA-F])[0-9a-fA-F]{4})*"'
_VALUE = re.compile(rf"(?:{_STRING}|[\[\]{{}}]|, |: |true|false|null|-?(?:0|[1-9][0-9]*))+")
_LINE = re.compile(r"([a-z][a-z_]*): (.+)")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
"""Keys of the line grammar that YAML 1.1 reads as a boolean or null instead of a string."""


class _Repeated(ValueError):
    """A JSON object with a key twice (YAML's reading of that is YAML's)."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Repeated
    return found


def json_lines(text: str) -> dict[str, Any] | None:
    """The front matter's values (the text between the `---` lines, ending in a newline) if every line is a
    `key: value` pair that JSON and YAML read the same; else None."""
    data: dict[str, Any] = {}
    for line in text[:-1].split("\n"):
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.groups()
        if key in _YAML_WORDS or key in data or _VALUE.fullmatch(value) is None:
            return None
        try:
            data[key] = json.loads(value, object_pairs_hook=_unique)
        except ValueError:  # not JSON (json.JSONDecodeError), or a repeated key
            return None
    return data


def get_data(source: str) -> tuple[str, dict[str, Any]]:
    """`mkdocs.utils.meta.get_data(source)`: the Markdown after the front matter and the front matter's values."""
    match = meta.YAML_RE.match(source)
    if match is not None:
        data = json_lines(match.group(1))
        if data:
            return source[match.end() :].lstrip("\n"), data
    return meta.get_data(source)
