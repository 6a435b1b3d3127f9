"""BibTeX, RIS and Highwire writers: bibliography entries as files and meta tags that stay valid whatever the data."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pybtex.database import BibliographyData, Entry, Person

from synthsite.cite.latex import one_line
from synthsite.cite.styles import Reference
from synthsite.cite.works import entry_field, venue_from_entry, work_from_entry

RIS_EOL = "\r\n"
"""The RIS specification asks for CRLF line ends."""
# --------------------------------------------------------------------------------------------- BibTeX

_FIELD_ORDER = (
    "title",
    "journal",
    "booktitle",
    "year",
    "month",
    "volume",
    "number",
    "pages",
    "edition",
    "publisher",
    "school",
    "institution",
    "doi",
    "issn",
    "isbn",
    "url",
)
_KEY_BAD_RE = re.compile(r"[^A-Za-z0-9_:.+/-]")
_FIELD_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.+:-]*$")
AND_RE = re.compile(r"\band\b", re.IGNORECASE)


def bib_value(value: str) -> str:
    """A field value that cannot break a BibTeX file when written as `{value}`.

    Whitespace (newlines included) collapses to one space, as pybtex does when it reads the file; control
    characters are dropped; a closing brace with no opening brace, or an opening brace never closed, is
    removed (BibTeX counts braces even after a backslash, so \\{ counts too); a final lone backslash is removed
    (it would escape the closing brace in LaTeX). Balanced values pass through unchanged, so real entries
    round-trip exactly.
    """
    text = one_line(value)
    if ("{" in text or "}" in text) and not _nested(text):
        text = _balanced(text)
    trailing = len(text) - len(text.rstrip("\\"))
    if trailing % 2:
        text = text[:-1].rstrip()
    return text


_INNERMOST_GROUP_RE = re.compile(r"\{[^{}]*\}")


def _nested(text: str) -> bool:
    """Whether every brace of `text` is matched (most values with braces: `{Title}`, `{{Org}}`), found by taking out
    innermost groups, which is many times faster than `_balanced`'s walk over every character."""
    while True:
        text, removed = _INNERMOST_GROUP_RE.subn("", text)
        if not removed:
            return "{" not in text and "}" not in text


def _balanced(text: str) -> str:
    """`text` without unmatched braces (see `bib_value`)."""
    keep = [True] * len(text)
    open_at: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            open_at.append(index)
        elif char == "}":
            if open_at:
                open_at.pop()
            else:
                keep[index] = False
    for index in open_at:
        keep[index] = False
    text = "".join(c for c, k in zip(text, keep, strict=True) if k)
    return one_line(text)  # removing a brace can leave two spaces, which pybtex would read as one


def bib_key(key: str) -> str:
    """A citation key BibTeX accepts: characters outside [A-Za-z0-9_:.+/-] become `_`."""
    return _KEY_BAD_RE.sub("_", key) or "entry"


def _depth0(text: str, char: str) -> bool:
    """Whether `char` occurs outside braces (where BibTeX name parsing would see it)."""
    depth = 0
    for current in text:
        if current == "{":
            depth += 1
        elif current == "}":
            depth -= 1
        elif depth == 0 and current == char:
            return True
    return False


def _depth0_and(name: str) -> bool:
    depth = 0
    for index, char in enumerate(name):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and AND_RE.match(name, index) and (index == 0 or not name[index - 1].isalnum()):
            return True
    return False


def _person_source(person: Person) -> str:
    """The person as BibTeX name source ("von Last, Jr, First Middle"), safe to join with " and "."""

    def protect(part: str) -> str:
        part = bib_value(part)
        return "{" + part + "}" if _depth0(part, ",") or _depth0_and(part) else part

    def join(parts: list[str]) -> str:
        return " ".join(q for q in (protect(p) for p in parts) if q)

    last = join([*person.prelast_names, *person.last_names])
    first = join([*person.first_names, *person.middle_names])
    lineage = join(person.lineage_names)
    name = last
    if lineage:
        name += f", {lineage}"
    if first:
        name = f"{name}, {first}" if name else first
    name = bib_value(name)
    if _depth0_and(name):  # "and" would split the name into two people
        name = "{" + name + "}"
    return name


def _selected(bib: BibliographyData, keys: Sequence[str] | None) -> list[Entry]:
    """Entries for `keys` in that order (duplicates dropped), or all entries sorted by key; unknown key: KeyError."""
    if keys is None:
        return [bib.entries[k] for k in sorted(bib.entries.keys())]
    seen: set[str] = set()
    out = []
    for key in keys:
        if key not in seen:
            seen.add(key)
            out.append(bib.entries[key])
    return out


def bibtex_record(entry_type: str, key: str, fields: Sequence[tuple[str, str]]) -> str:
    """The one layout of a BibTeX record: `@type{key,`, a `  name = {value},` line per field, `}`.

    Values must already be safe (`bib_value`, or name lists from `_person_source`): both the bibliography
    exports and the synthesis citations (`cite.synthesis`) write their records through here."""
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines[-1] = lines[-1].rstrip(",") if fields else lines[-1]
    lines.append("}")
    return "\n".join(lines) + "\n"


def entry_bibtex(entry: Entry, key: str | None = None) -> str:
    """One entry as BibTeX: persons first, then fields in a fixed order, every value braced and made safe."""
    entry_type = (entry.original_type or entry.type or "misc").lower()
    if not re.fullmatch(r"[a-z]+", entry_type):
        entry_type = "misc"
    fields: list[tuple[str, str]] = []
    roles = sorted(entry.persons.keys(), key=lambda r: ({"author": 0, "editor": 1}.get(r.lower(), 2), r.lower()))
    for role in roles:
        if not _FIELD_NAME_RE.match(role):
            continue
        names = [n for n in (_person_source(p) for p in entry.persons[role]) if n]
        if names:
            fields.append((role.lower(), " and ".join(names)))
    order = {name: index for index, name in enumerate(_FIELD_ORDER)}
    for name, value in sorted(
        entry.fields.items(), key=lambda kv: (order.get(kv[0].lower(), len(order)), kv[0].lower())
    ):
        if _FIELD_NAME_RE.match(name):
            fields.append((name.lower(), bib_value(str(value))))
    return bibtex_record(entry_type, key or bib_key(str(entry.key)), fields)


def bibtex_text(bib: BibliographyData, keys: Sequence[str] | None = None) -> str:
    """BibTeX for the entries with `keys` (all, sorted by key, if None): deterministic and always parseable."""
    return EntryTexts(bib).bibtex(keys)


# ------------------------------------------------------------------------------------------------ RIS

RIS_TYPES = {
    "article": "JOUR",
    "book": "BOOK",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "online": "ELEC",
    "manual": "GEN",
    "misc": "GEN",
}


def _issns(entry: Entry) -> list[str]:
    return [p for p in re.split(r"[,;\s]+", entry_field(entry, "issn")) if p]


def ris_record(entry: Entry) -> list[tuple[str, str]]:
    """The (tag, value) lines of one RIS record, TY first and ER last; values are single lines."""
    work = work_from_entry(entry)
    lines: list[tuple[str, str]] = [("TY", RIS_TYPES.get(work.type, "GEN"))]
    lines += [("AU", n.plain) for n in work.authors]
    lines += [("A2", n.plain) for n in work.editors]
    lines.append(("TI", work.title))
    lines.append(("T2", work.container))
    lines.append(("PY", work.year))
    lines += [("VL", work.volume), ("IS", work.issue), ("SP", work.pages[0]), ("EP", work.pages[1])]
    lines.append(("ET", work.edition))
    lines.append(("DO", work.doi or ""))
    lines.append(("UR", work.entry_url or work.link or ""))
    lines += [("SN", issn) for issn in _issns(entry)]
    lines.append(("PB", work.publisher or work.institution))
    lines.append(("ID", one_line(str(entry.key))))
    lines.append(("ER", ""))
    return [(tag, one_line(value)) for tag, value in lines if value or tag == "ER"]


def ris_text(bib: BibliographyData, keys: Sequence[str] | None = None) -> str:
    """RIS for the entries with `keys` (all, sorted by key, if None): one TY..ER record each, CRLF line ends."""
    return EntryTexts(bib).ris(keys)


class EntryTexts:
    """BibTeX and RIS files of one bibliography, each entry written once however many files hold it: the site
    offers the whole bibliography and each study's own entry, which wrote every entry twice in each format."""

    def __init__(self, bib: BibliographyData) -> None:
        self._bib = bib
        self._bibtex: dict[str, str] = {}
        self._ris: dict[str, str] = {}

    def bibtex(self, keys: Sequence[str] | None = None) -> str:
        """`bibtex_text(bib, keys)`."""
        used: set[str] = set()
        chunks = []
        for entry in _selected(self._bib, keys):
            key = bib_key(str(entry.key))
            candidate, number = key, 2
            while candidate.lower() in used:  # keys made equal by sanitising must stay distinct
                candidate, number = f"{key}-{number}", number + 1
            used.add(candidate.lower())
            chunks.append(self._entry_bibtex(entry, key) if candidate == key else entry_bibtex(entry, candidate))
        return "\n".join(chunks)

    def ris(self, keys: Sequence[str] | None = None) -> str:
        """`ris_text(bib, keys)`."""
        return RIS_EOL.join(self._ris_record(entry) for entry in _selected(self._bib, keys))

    def _entry_bibtex(self, entry: Entry, key: str) -> str:
        """`entry_bibtex(entry, key)` for an entry written under its own sanitised key, made once."""
        made = self._bibtex.get(str(entry.key))
        if made is None:
            made = self._bibtex[str(entry.key)] = entry_bibtex(entry, key)
        return made

    def _ris_record(self, entry: Entry) -> str:
        """One entry's RIS record as text (its lines, each ending in CRLF), made once."""
        made = self._ris.get(str(entry.key))
        if made is None:
            lines = ris_record(entry)
            made = self._ris[str(entry.key)] = RIS_EOL.join(f"{tag}  - {value}" for tag, value in lines) + RIS_EOL
        return made


# ------------------------------------------------------------------------------------------- Highwire


def highwire_tags(ref: Reference, entry: Entry) -> list[tuple[str, str]]:
    """Highwire Press `citation_*` meta tags (read by Zotero and Google Scholar); plain values to escape."""
    work = venue_from_entry(entry)
    tags: list[tuple[str, str]] = [("citation_title", ref.title)]
    tags += [("citation_author", author) for author in ref.authors]
    tags.append(("citation_publication_date", ref.year))
    if work.type == "article":
        tags.append(("citation_journal_title", work.container))
    elif work.type in {"inproceedings", "conference"}:
        tags.append(("citation_conference_title", work.container))
    elif work.type in {"incollection", "inbook"}:
        tags.append(("citation_inbook_title", work.container))
    tags += [
        ("citation_volume", work.volume),
        ("citation_issue", work.issue),
        ("citation_firstpage", work.pages[0]),
        ("citation_lastpage", work.pages[1]),
        ("citation_doi", ref.doi or ""),
    ]
    tags += [("citation_issn", issn) for issn in _issns(entry)]
    tags.append(("citation_publisher", work.publisher))
    return [(name, line) for name, value in tags if value and (line := one_line(value))]
