"""Names and works: bibliography entries decoded to plain text, and the author-date year labels.

Stock pybtex styles cannot give author-date labels: works by the identical author list in the same year get
year suffixes (2020a, 2020b) here, ordered by title, shared by the reference and both in-text forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from pybtex.database import Entry, Person

from synthsite.cite.latex import doi_url, latex_to_text, normalise_doi, safe_http_url

APA_MAX_AUTHORS = 20
"""APA 7 lists up to 20 authors; from 21 on: the first 19, an ellipsis, then the last author."""
# ---------------------------------------------------------------------------------------------- names


@dataclass(frozen=True)
class Name:
    """A person or an organisation, decoded to plain text."""

    family: str
    """Family name with its particle ("von Greiff"); an organisation's whole name."""
    given: tuple[str, ...]
    """Given names (first and middle), each as written ("Ellen", "Ånestad", "Jean-Paul")."""
    lineage: str = ""
    """Jr., III, ..."""

    @classmethod
    def from_person(cls, person: Person) -> Name:
        family = _decoded_join([*person.prelast_names, *person.last_names])
        given = tuple(g for g in (latex_to_text(p) for p in [*person.first_names, *person.middle_names]) if g)
        lineage = _decoded_join(person.lineage_names)
        if not family and given:  # a lone word pybtex took as a given name
            family, given = " ".join(given), ()
        return cls(family, given, lineage)

    @property
    def plain(self) -> str:
        """ "Family, Given" (the form for Highwire tags and RIS)."""
        parts = [self.family]
        if self.given:
            parts.append(" ".join(self.given))
        if self.lineage:
            parts.append(self.lineage)
        return ", ".join(p for p in parts if p)

    def initials(self, *, periods: bool = True) -> str:
        """APA "E. Å." / "J.-P." (periods) or Vancouver "EÅ" / "JP" (no periods)."""
        words = []
        for given in self.given:
            for word in given.split():
                hyphenated = []
                for part in word.split("-"):
                    letters = [_initial(piece) for piece in part.split(".")]
                    letters = [letter for letter in letters if letter]
                    if letters:
                        hyphenated.append(" ".join(f"{x}." for x in letters) if periods else "".join(letters))
                if hyphenated:
                    words.append(("-" if periods else "").join(hyphenated))
        return (" " if periods else "").join(words)

    @property
    def apa(self) -> str:
        """ "Moen, E. Å.", "von Greiff, N.", "Smith, J., Jr.", or an organisation's name."""
        parts = [self.family]
        initials = self.initials()
        if initials:
            parts.append(initials)
        if self.lineage:
            parts.append(self.lineage)
        return ", ".join(p for p in parts if p)

    @property
    def apa_initials_first(self) -> str:
        """ "E. Å. Moen": how APA names editors in "In ... (Eds.),"."""
        return " ".join(p for p in (self.initials(), self.family, self.lineage) if p)

    @property
    def vancouver(self) -> str:
        """ "Moen EÅ", "von Greiff N"."""
        return " ".join(p for p in (self.family, self.initials(periods=False), self.lineage.rstrip(".")) if p)


def _decoded_join(parts: Iterable[str]) -> str:
    return " ".join(d for d in (latex_to_text(p) for p in parts) if d)


def _initial(piece: str) -> str:
    for char in piece:
        if char.isalnum():
            return char.upper()
    return ""


def apa_name_list(names: Sequence[str]) -> str:
    """APA 7 reference-list author list: "A", "A, & B", "A, B, & C"; 21+ authors: first 19, ". . .", last."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) > APA_MAX_AUTHORS:
        return ", ".join(names[: APA_MAX_AUTHORS - 1]) + ", . . . " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def editor_list(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " & ".join(names)
    return ", ".join(names[:-1]) + ", & " + names[-1]


# ----------------------------------------------------------------------------------------------- works


@dataclass(frozen=True)
class Work:
    """A bibliography entry decoded to plain text: what both styles and all exports format from."""

    key: str
    type: str
    authors: tuple[Name, ...]
    editors: tuple[Name, ...]
    title: str
    year: str
    container: str
    """Journal, or the book / proceedings title for chapters and papers."""
    volume: str
    issue: str
    pages: tuple[str, str]
    """First and last page ("" when absent)."""
    publisher: str
    edition: str
    institution: str
    doi: str | None
    link: str | None
    """https://doi.org/<doi>, else the entry's http(s) url, else None."""
    entry_url: str | None

    @property
    def group(self) -> tuple[str, ...]:
        """What must be identical for two works to need year suffixes: the author list as the reader sees it."""
        return tuple(n.apa for n in self.authors) or ("\x00" + self.title + "\x00" + self.key,)


def entry_field(entry: Entry, *names: str) -> str:
    for name in names:
        value = entry.fields.get(name)
        if value:
            decoded = latex_to_text(str(value))
            if decoded:
                return decoded
    return ""


_PAGE_SPLIT_RE = re.compile(r"\s*(?:-+|–|—)\s*")


def _pages(entry: Entry) -> tuple[str, str]:
    raw = entry_field(entry, "pages")
    if not raw:
        return "", ""
    parts = [p for p in _PAGE_SPLIT_RE.split(raw, maxsplit=1) if p]
    if len(parts) == 2:
        return parts[0], parts[1]
    return raw, ""


class Venue(NamedTuple):
    """Where a work appeared (`Work`'s fields of the same names): all a study page's Highwire tags need of an entry
    beyond its `Reference`, decoded without the names, which cost most of decoding an entry."""

    type: str
    container: str
    volume: str
    issue: str
    pages: tuple[str, str]
    publisher: str


def venue_from_entry(entry: Entry) -> Venue:
    return Venue(
        type=(entry.type or "misc").lower(),
        container=entry_field(entry, "journal", "journaltitle", "booktitle"),
        volume=entry_field(entry, "volume"),
        issue=entry_field(entry, "number", "issue"),
        pages=_pages(entry),
        publisher=entry_field(entry, "publisher"),
    )


def work_from_entry(entry: Entry) -> Work:
    """Decode one pybtex entry; nothing here can raise on odd data."""
    doi = normalise_doi(entry.fields.get("doi"))
    entry_url = safe_http_url(entry.fields.get("url"))
    venue = venue_from_entry(entry)
    return Work(
        key=str(entry.key),
        type=venue.type,
        authors=tuple(Name.from_person(p) for p in entry.persons.get("author", [])),
        editors=tuple(Name.from_person(p) for p in entry.persons.get("editor", [])),
        title=entry_field(entry, "title"),
        year=entry_field(entry, "year"),
        container=venue.container,
        volume=venue.volume,
        issue=venue.issue,
        pages=venue.pages,
        publisher=venue.publisher,
        edition=entry_field(entry, "edition"),
        institution=entry_field(entry, "school", "institution", "organization"),
        doi=doi,
        link=doi_url(doi) if doi else entry_url,
        entry_url=entry_url,
    )


def _suffix(index: int) -> str:
    """a, b, ..., z, aa, ab, ...: enough suffixes for any number of works."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


_ARTICLE_RE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)


def title_sort_key(title: str) -> str:
    return fold_case(_ARTICLE_RE.sub("", title))


def fold_case(text: str) -> str:
    """Case- and accent-insensitive sort text (Ø and Å have no decomposition and sort after z)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def year_labels(works: Iterable[Work]) -> dict[str, str]:
    """Key -> "2020", or "2020a"/"2020b" (ordered by title) when the identical author list has several works
    in that year; undated works are "n.d.", "n.d.-a", "n.d.-b"."""
    groups: dict[tuple[tuple[str, ...], str], list[Work]] = defaultdict(list)
    for work in works:
        groups[(work.group, work.year)].append(work)
    labels: dict[str, str] = {}
    for (_, year), members in groups.items():
        base = year or "n.d."
        if len(members) == 1:
            labels[members[0].key] = base
            continue
        ordered = sorted(members, key=lambda w: (title_sort_key(w.title), w.title, w.key))
        for index, work in enumerate(ordered):
            labels[work.key] = base + ("-" if not year else "") + _suffix(index)
    return labels


def cited_names(works: Sequence[Work], labels: dict[str, str]) -> dict[str, tuple[list[str], bool]]:
    """Key -> (family names to show, whether to add "et al.").

    One or two authors are all named; three or more are "First et al." unless that would make two works by
    different author lists look the same in the same year: then as many names as needed are given (APA 8.18).
    """
    shown: dict[str, int] = {}
    families: dict[str, list[str]] = {w.key: [a.family for a in w.authors] for w in works}
    for work in works:
        shown[work.key] = 1 if len(work.authors) >= 3 else len(work.authors)

    def display(key: str) -> tuple[tuple[str, ...], bool]:
        names = families[key]
        count = shown[key]
        return tuple(names[:count]), count < len(names)

    by_year: dict[str, list[Work]] = defaultdict(list)
    for work in works:
        if work.authors:
            by_year[labels[work.key]].append(work)
    for members in by_year.values():
        for _ in range(max(len(w.authors) for w in members)):
            seen: dict[tuple[tuple[str, ...], bool], set[tuple[str, ...]]] = defaultdict(set)
            for work in members:
                seen[display(work.key)].add(work.group)
            clashing = [w for w in members if len(seen[display(w.key)]) > 1 and shown[w.key] < len(w.authors)]
            if not clashing:
                break
            for work in clashing:
                shown[work.key] += 1
    return {key: (list(display(key)[0]), display(key)[1]) for key in shown}


def in_text_names(names: list[str], et_al: bool, conjunction: str) -> str:
    if et_al:  # APA: "Smith et al.", but "Smith, Park, et al." (a comma once two names are given)
        return ", ".join(names) + (", et al." if len(names) > 1 else " et al.")
    if len(names) <= 2:
        return f" {conjunction} ".join(names)
    return ", ".join(names[:-1]) + f", {conjunction} " + names[-1]
