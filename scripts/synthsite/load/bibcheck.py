"""Checks of the bibliography as loaded: the text rule for every field and name, and the addresses in it.

pybtex accepts any text in any field; the site copies `url` and `doi` into links, `.bib`/`.ris` downloads and
`studies.json`. So a `url` must be a web address (`weburl`), a `doi` a DOI (10.xxxx/..., optionally as a
doi.org address or with `doi:`), and no field or name may hold a control character. Each problem points at
the field's line; field values are put in the normal form the YAML data get (`text.normalise`).
"""

from __future__ import annotations

import re

from pybtex.database import BibliographyData

from synthsite.cite.latex import normalise_doi
from synthsite.load.problems import Problem
from synthsite.load.text import TextRefused, normalise
from synthsite.weburl import WEB_URL_HINT, is_web_url

DOI_HINT = "write the DOI as 10.xxxx/..., e.g. doi = {10.1007/s11469-019-00063-8}"


def entry_offset(text: str, key: str) -> int:
    """Where the entry `key` starts in the BibTeX text (0 when it cannot be found)."""
    found = re.search(r"@\s*\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", text)
    return found.start() if found else 0


def entry_line(text: str, key: str) -> int:
    """The 1-based line of the entry `key`."""
    return text.count("\n", 0, entry_offset(text, key)) + 1


def field_line(text: str, key: str, name: str) -> int:
    """The 1-based line of field `name` in entry `key` (the entry's line when it cannot be found)."""
    start = entry_offset(text, key)
    found = re.compile(r"(?<![\w-])" + re.escape(name) + r"\s*=", re.IGNORECASE).search(text, start)
    return text.count("\n", 0, found.start() if found else start) + 1


def bibliography_problems(data: BibliographyData, text: str, path: str) -> list[Problem]:
    """Every control character, bad `url` and bad `doi`; normalises the accepted field values in place."""
    problems: list[Problem] = []
    for key, entry in data.entries.items():
        for name in list(entry.fields.keys()):
            value = str(entry.fields[name])
            where = f"{key}.{name.lower()}"
            try:
                entry.fields[name] = normalise(value)
            except TextRefused as exc:
                problems.append(Problem(path, field_line(text, key, name), 1, where, exc.message, exc.hint))
                continue
            bare = _bare(value)
            if name.lower() == "url" and not is_web_url(bare):
                message = f"{_shown(bare)} is not a web address"
                problems.append(Problem(path, field_line(text, key, name), 1, where, message, WEB_URL_HINT))
            if name.lower() == "doi" and normalise_doi(value) is None:
                message = f"{_shown(bare)} is not a DOI"
                problems.append(Problem(path, field_line(text, key, name), 1, where, message, DOI_HINT))
        for role, persons in entry.persons.items():
            for person in persons:
                try:
                    normalise(str(person))
                except TextRefused as exc:
                    problems.append(
                        Problem(path, field_line(text, key, role), 1, f"{key}.{role}", exc.message, exc.hint)
                    )
    return problems


def _bare(value: str) -> str:
    """The value without the braces BibTeX uses for protection, and without surrounding space."""
    return value.replace("{", "").replace("}", "").strip()


def _shown(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")
