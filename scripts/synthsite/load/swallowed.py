"""A field swallowed by a block scalar: an over-indented `period:` under `context: >-` becomes part of the
context's text, and the record then lacks `period` with no hint why. A line inside a block scalar that reads
like a field of the mapping around it gets a warning at that line."""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel

from synthsite.load.problems import Problem

BLOCK = re.compile(r"^(?P<indent> *)(?:- )?(?P<key>[A-Za-z_][\w-]*): *[>|][+-]?\d?\s*(?:#.*)?$")
FIELD_LIKE = re.compile(r"^ *(?P<name>[a-z_][a-z0-9_]*):(?: |$)")


@cache
def _siblings(model: type[BaseModel]) -> dict[str, frozenset[str]]:
    """Field name -> the names of the fields beside it, for every model reachable from `model`."""
    found: dict[str, set[str]] = {}
    seen: set[type[BaseModel]] = set()

    def walk(current: type[BaseModel]) -> None:
        if current in seen:
            return
        seen.add(current)
        names = set(current.model_fields)
        for name, field in current.model_fields.items():
            found.setdefault(name, set()).update(names - {name})
            for inner in _models(field.annotation):
                walk(inner)

    walk(model)
    return {name: frozenset(names) for name, names in found.items()}


def _models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models(arg)]


def swallowed_fields(path: str, text: str, model: type[BaseModel]) -> list[Problem]:
    """Warnings for lines inside `key: >-` (or `|`) text that look like a field beside `key`."""
    if ">" not in text and "|" not in text:  # no block scalar at all (one search of the text, not of each line)
        return []
    siblings = _siblings(model)
    lines = text.split("\n")
    problems = []
    number = 0
    while number < len(lines):
        line = lines[number]
        match = BLOCK.match(line) if ">" in line or "|" in line else None  # most lines hold neither: skip the regex
        number += 1
        if match is None:
            continue
        block = _Block(match, number)
        key, indent = block.group("key"), block.start("key")
        beside = siblings.get(key, frozenset())
        while number < len(lines):
            line = lines[number]
            if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
                break
            looks = FIELD_LIKE.match(line)
            if looks and looks.group("name") in beside:
                name = looks.group("name")
                problems.append(
                    Problem(
                        path,
                        number + 1,
                        len(line) - len(line.lstrip(" ")) + 1,
                        key,
                        f"this line reads like the field '{name}', but it is indented deeper than '{key}:' on line "
                        f"{block.start_line}, so it is part of the text of '{key}'",
                        f"if '{name}' is a field, indent it like '{key}:'",
                        "warning",
                    )
                )
            number += 1
    return problems


class _Block:
    """A block scalar's opening line: its key, the key's column and its line number."""

    def __init__(self, match: re.Match[str], start_line: int) -> None:
        self.match = match
        self.start_line = start_line

    def group(self, name: str) -> str:
        return self.match.group(name)

    def start(self, name: str) -> int:
        return self.match.start(name)
