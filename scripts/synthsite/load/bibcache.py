"""pybtex's parse of references.bib, kept in the parse cache (`parsecache`) so an unchanged file is not parsed again.

pybtex's scanner is the slowest step of loading the bibliography (about 0.1 s of CPU for a thousand entries, two
thirds of it), and its parse is a pure function of the file's text. So the parse cache keeps it, like the parsed
YAML: JSON only, under `key` (the SHA-256 of the text, pybtex's version and the parser's bounds), in the user's
cache folder and never in the project. What is kept is pybtex's output as the parser made it (`BibliographyData`:
each entry's key, type as written, fields in order and persons by role as their five name-part lists; the
preamble), before any check: `bibcommas` runs before it and `bibcheck` after it on every load, cached or not, so
a kept parse is checked (and its fields normalised) exactly like a fresh one. `rebuilt` makes the same pybtex
objects without scanning the text (a test compares every attribute with a parse). A kept value of any other
shape is a miss, parsed again, never a crash; only a parse that succeeded is stored (a failed one is reported
with its position every time).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pybtex
from pybtex.database import BibliographyData, Entry, Person
from pybtex.exceptions import PybtexError

from synthsite.load.bibparse import MAX_MACRO_DEPTH, MAX_VALUE_CHARS

NAME_PARTS = ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names")
"""A `Person`'s whole state: the five lists pybtex splits a name into (in this order in the cache)."""


def key(text: str) -> str:
    """The cache key of a BibTeX text's parse. The prefix keeps it apart from the YAML entries (bare hex
    digests) and names what else the parse depends on: pybtex's version and the bounds of `bibparse`."""
    version = getattr(pybtex, "__version__", "unknown")
    parser = f"pybtex-{version}-{MAX_VALUE_CHARS}-{MAX_MACRO_DEPTH}"
    return f"bibtex:{parser}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def encoded(data: BibliographyData) -> dict[str, Any]:
    """The parse as plain JSON data (lists keep the order of entries, fields, roles and persons)."""
    return {
        "preamble": list(data.preamble_list),
        "entries": [
            [
                entry.key,
                entry.original_type,
                [[name, value] for name, value in entry.fields.items()],
                [
                    [role, [[list(getattr(person, part)) for part in NAME_PARTS] for person in persons]]
                    for role, persons in entry.persons.items()
                ],
            ]
            for entry in data.entries.values()
        ],
    }


def rebuilt(value: Any) -> BibliographyData | None:
    """The `BibliographyData` a parse made, from `encoded` data; None for anything else (a miss)."""
    try:
        if not isinstance(value, dict) or not _strings(value.get("preamble")):
            return None
        entries = value.get("entries")
        if not isinstance(entries, list):
            return None
        data = BibliographyData(preamble=list(value["preamble"]))
        for item in entries:
            entry = _entry(item)
            if entry is None:
                return None
            data.add_entry(item[0], entry)  # a repeated key raises, as in a parse
        return data
    except (PybtexError, TypeError, ValueError, AttributeError):
        return None


def _entry(item: Any) -> Entry | None:
    """One entry from `[key, type, fields, persons]`, or None when it has another shape."""
    if not isinstance(item, list) or len(item) != 4 or not isinstance(item[0], str) or not isinstance(item[1], str):
        return None
    _, kind, fields, roles = item
    if not isinstance(fields, list) or not isinstance(roles, list):
        return None
    entry = Entry(kind)
    for field in fields:
        if not _strings(field) or len(field) != 2:
            return None
        entry.fields[field[0]] = field[1]
    for role in roles:
        if not isinstance(role, list) or len(role) != 2 or not isinstance(role[0], str):
            return None
        if not isinstance(role[1], list):
            return None
        for parts in role[1]:
            person = _person(parts)
            if person is None:
                return None
            entry.add_person(person, role[0])
    return entry


def _person(parts: Any) -> Person | None:
    """A `Person` with its five name-part lists as a parse left them (its constructor would split them again)."""
    if not isinstance(parts, list) or len(parts) != len(NAME_PARTS) or not all(_strings(p) for p in parts):
        return None
    person = Person.__new__(Person)
    for name, names in zip(NAME_PARTS, parts, strict=True):
        setattr(person, name, list(names))
    return person


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
