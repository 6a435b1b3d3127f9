"""Citations: APA 7 and Vancouver references, in-text citations, and BibTeX / RIS / Highwire exports.

Built on pybtex: it parses the names (first, middle, prelast, last, lineage) and the formatted references are
pybtex rich text (`Text`, `Tag`, `HRef`) produced by two `BaseStyle` subclasses, `ApaStyle` and `VancouverStyle`.
They are rendered with pybtex's plain-text backend and with `SafeHtmlBackend`, which escapes every string and
attribute (pybtex's own HTML backend leaves quotes and link targets unescaped). Stock pybtex styles cannot give
author-date labels: works by the identical author list in the same year get year suffixes (2020a, 2020b) here,
ordered by title, and the suffix is shared by the reference, the in-text and the narrative citation.

Every field is hostile input: titles and names are decoded from LaTeX to plain text (braces and unknown commands
dropped), links are made only for http(s) URLs and DOIs, BibTeX output is kept parseable whatever the data
(see `bib_value`), and RIS values are single lines.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.backends.html import Backend as _HtmlBackend
from pybtex.backends.plaintext import Backend as _PlainBackend
from pybtex.database import BibliographyData, Entry, Person
from pybtex.richtext import BaseText, HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from synthsite.model import SynthesisMeta

APA_MAX_AUTHORS = 20
"""APA 7 lists up to 20 authors; from 21 on: the first 19, an ellipsis, then the last author."""
VANCOUVER_MAX_AUTHORS = 6
"""Vancouver (ICMJE/NLM) lists the first six authors, then `et al.`"""
RIS_EOL = "\r\n"
"""The RIS specification asks for CRLF line ends."""
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ITEM_KINDS = ("Table", "Theme", "Figure", "Finding", "Study", "Dataset", "Section", "Page")
"""`cite_synthesis(item_title="Table: Sample comparison")` becomes "Sample comparison [Table]"."""

# -------------------------------------------------------------------------------------- plain text

_PLACEHOLDERS = {
    "\ue000": "\\",
    "\ue001": "{",
    "\ue002": "}",
    "\ue003": "$",
    "\ue004": "%",
    "\ue005": "&",
    "\ue006": "#",
    "\ue007": "_",
    "\ue008": "^",
    "\ue009": "~",
    "\ue00a": "`",
}
_NAMED_SPECIALS = {
    "textbackslash": "\ue000",
    "textbraceleft": "\ue001",
    "textbraceright": "\ue002",
    "textdollar": "\ue003",
    "textasciicircum": "\ue008",
    "textasciitilde": "\ue009",
    "textasciigrave": "\ue00a",
}
_ESCAPED_SPECIALS = {"{": "\ue001", "}": "\ue002", "$": "\ue003", "%": "\ue004", "&": "\ue005", "#": "\ue006"}
_ESCAPED_SPECIALS["_"] = "\ue007"
_NAMED_RE = re.compile(r"\\(" + "|".join(_NAMED_SPECIALS) + r")(?![A-Za-z])\s*(?:\{\})?")
_ESCAPED_RE = re.compile(r"\\([{}$%&#_])")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ue000-\uf8ff]")
_COMMAND_RE = re.compile(r"\\[A-Za-z]+\*?\s*|\\.?")
_SPACE_RE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) to one space and drop control characters."""
    return _SPACE_RE.sub(" ", _CONTROL_RE.sub(" ", text)).strip()


_PLAIN_LATEX_RE = re.compile(r"[\w\s.:;()/\[\]+=*@|!?,'-]*")
"""Text with no LaTeX command, group, special or ligature character: decoding it only tidies whitespace."""
_LIGATURES = ("--", "''", ",,", "?`", "!`")


@lru_cache(maxsize=4096)
def latex_to_text(latex: str) -> str:
    """Plain Unicode text from a BibTeX field: {\\AA} -> Å, {IAPT} -> IAPT, -- -> –, unknown commands dropped.

    Escaped specials (\\%, \\{, \\textbackslash{}) become the characters; a raw % is text, not a comment.
    Never raises: input latexcodec cannot decode loses its backslashes instead.
    """
    if _PLAIN_LATEX_RE.fullmatch(latex) and not any(ligature in latex for ligature in _LIGATURES):
        return one_line(latex)  # nothing latexcodec would change: skip it (a thousand studies, ten fields each)
    text = _CONTROL_RE.sub(" ", latex)
    text = text.replace("\\\\", " ")
    text = _NAMED_RE.sub(lambda m: _NAMED_SPECIALS[m.group(1)], text)
    text = _ESCAPED_RE.sub(lambda m: _ESCAPED_SPECIALS[m.group(1)], text)
    text = text.replace("%", "\ue004")
    try:
        text = codecs.decode(text, "ulatex")
    except (UnicodeDecodeError, ValueError):
        text = text.replace("\\", " ")
    text = _COMMAND_RE.sub("", text)
    text = _single_quotes(text.replace("{", "").replace("}", "").replace("\u00a0", " "))
    for placeholder, char in _PLACEHOLDERS.items():
        text = text.replace(placeholder, char)
    return one_line(text)


_SINGLE_QUOTED_RE = re.compile(r"`([^`']*)'")


def _single_quotes(text: str) -> str:
    """LaTeX `quoted' -> ‘quoted’ (latexcodec turns ``…'' and dashes into typographic characters, not these)."""
    if "`" not in text:
        return text
    return _SINGLE_QUOTED_RE.sub(lambda m: f"\u2018{m.group(1)}\u2019", text).replace("`", "\u2018")


_LIGATURE_CHARS = "-`',?!<>"
_LIGATURE_NEXT = set("-`'<>,")
_TO_LATEX_RE = re.compile(r"[\\{}^~%&$#_]|[-`',?!<>][-`'<>,]")
"""A character `text_to_latex` escapes, or a ligature pair it breaks."""


def text_to_latex(text: str) -> str:
    """LaTeX for plain text, safe inside a BibTeX value: braces become \\textbraceleft{}, so they stay balanced."""
    plain = one_line(text)
    if not _TO_LATEX_RE.search(plain):
        return plain  # nothing to escape (most text): skip the character loop
    out = []
    for index, char in enumerate(plain):
        if char == "`":
            out.append("\\textasciigrave{}")  # a bare ` is an opening quote in LaTeX
        elif char in _LIGATURE_CHARS and plain[index + 1 : index + 2] in _LIGATURE_NEXT:
            out.append(char + "{}")  # keep "--", "``", "?`" literal instead of becoming dashes and quotes
        elif char == "\\":
            out.append("\\textbackslash{}")
        elif char == "{":
            out.append("\\textbraceleft{}")
        elif char == "}":
            out.append("\\textbraceright{}")
        elif char == "^":
            out.append("\\textasciicircum{}")
        elif char == "~":
            out.append("\\textasciitilde{}")
        elif char in "%&$#_":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _raw_identifier(value: str) -> str:
    """A DOI or URL as written in BibTeX, with LaTeX escapes (\\_, \\%) and braces removed, but nothing decoded."""
    return one_line(re.sub(r"\\([^A-Za-z])", r"\1", value).replace("{", "").replace("}", ""))


_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def safe_http_url(value: str | None) -> str | None:
    """The URL, percent-encoded, if it is an absolute http(s) URL with a host; otherwise None (never linked)."""
    if not value:
        return None
    raw = _raw_identifier(value)
    if not raw or " " in raw:
        return None
    url = quote(raw, safe=_URL_SAFE)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return url


_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_doi(value: str | None) -> str | None:
    """The bare DOI (10.xxxx/...) from a doi field, a doi: prefix or a doi.org URL; None if it is not a DOI."""
    if not value:
        return None
    doi = _DOI_PREFIX_RE.sub("", _raw_identifier(value)).strip()
    return doi if _DOI_RE.match(doi) else None


def doi_url(doi: str) -> str:
    """https://doi.org/<doi>, with characters that are unsafe in a URL percent-encoded (as doi.org advises)."""
    return "https://doi.org/" + quote(doi, safe="/:;()._-~+,=[]!*'@$")


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


def _editor_list(names: Sequence[str]) -> str:
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


def _field(entry: Entry, *names: str) -> str:
    for name in names:
        value = entry.fields.get(name)
        if value:
            decoded = latex_to_text(str(value))
            if decoded:
                return decoded
    return ""


_PAGE_SPLIT_RE = re.compile(r"\s*(?:-+|–|—)\s*")


def _pages(entry: Entry) -> tuple[str, str]:
    raw = _field(entry, "pages")
    if not raw:
        return "", ""
    parts = [p for p in _PAGE_SPLIT_RE.split(raw, maxsplit=1) if p]
    if len(parts) == 2:
        return parts[0], parts[1]
    return raw, ""


def work_from_entry(entry: Entry) -> Work:
    """Decode one pybtex entry; nothing here can raise on odd data."""
    doi = normalise_doi(entry.fields.get("doi"))
    entry_url = safe_http_url(entry.fields.get("url"))
    return Work(
        key=str(entry.key),
        type=(entry.type or "misc").lower(),
        authors=tuple(Name.from_person(p) for p in entry.persons.get("author", [])),
        editors=tuple(Name.from_person(p) for p in entry.persons.get("editor", [])),
        title=_field(entry, "title"),
        year=_field(entry, "year"),
        container=_field(entry, "journal", "journaltitle", "booktitle"),
        volume=_field(entry, "volume"),
        issue=_field(entry, "number", "issue"),
        pages=_pages(entry),
        publisher=_field(entry, "publisher"),
        edition=_field(entry, "edition"),
        institution=_field(entry, "school", "institution", "organization"),
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


def _title_sort(title: str) -> str:
    return _fold(_ARTICLE_RE.sub("", title))


def _fold(text: str) -> str:
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
        ordered = sorted(members, key=lambda w: (_title_sort(w.title), w.title, w.key))
        for index, work in enumerate(ordered):
            labels[work.key] = base + ("-" if not year else "") + _suffix(index)
    return labels


def _cited_names(works: Sequence[Work], labels: dict[str, str]) -> dict[str, tuple[list[str], bool]]:
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


def _in_text_names(names: list[str], et_al: bool, conjunction: str) -> str:
    if et_al:  # APA: "Smith et al.", but "Smith, Park, et al." (a comma once two names are given)
        return ", ".join(names) + (", et al." if len(names) > 1 else " et al.")
    if len(names) <= 2:
        return f" {conjunction} ".join(names)
    return ", ".join(names[:-1]) + f", {conjunction} " + names[-1]


# ------------------------------------------------------------------------------------- rich text styles


def _period(text: str) -> str:
    """Text ending in a full stop, unless it already ends in . ? or !"""
    return text if text.endswith((".", "?", "!")) else text + "."


def _link(url: str | None) -> BaseText | str:
    return HRef(url, url) if url else ""


def apa_rich(work: Work, year_label: str) -> Text:
    """One APA 7 reference as pybtex rich text (journal, volume and stand-alone titles in <em>)."""
    head: list[Any] = []
    names = [n.apa for n in work.authors]
    if names:
        head += [_period(apa_name_list(names)), f" ({year_label}). "]
    title = work.title or "[Untitled]"
    if work.type == "article" or (work.type not in _STANDALONE and work.container):
        body = _apa_part_of(work, title)
    else:
        body = _apa_standalone(work, title)
    if not names:  # APA: the title moves to the author position
        body = [*body[:1], f" ({year_label}).", *body[1:]]
    link = _link(work.link)
    return Text(*head, *body, " " if link else "", link)


_STANDALONE = {"book", "phdthesis", "mastersthesis", "thesis", "techreport", "report", "manual", "misc", "online"}


def _apa_part_of(work: Work, title: str) -> list[Any]:
    first, last = work.pages
    pages = f"{first}–{last}" if last else first
    if work.type == "article" or not work.type.startswith(("in", "conference")):
        out: list[Any] = [_period(title)]
        if work.container:
            out += [" ", Tag("em", work.container)]
            if work.volume:
                out += [", ", Tag("em", work.volume)]
            if work.issue:
                out += [f"({work.issue})"]
            if pages:
                out += [f", {pages}"]
            out += ["."]
        return out
    out = [_period(title), " In "]
    if work.editors:
        eds = "Ed." if len(work.editors) == 1 else "Eds."
        out += [f"{_editor_list([e.apa_initials_first for e in work.editors])} ({eds}), "]
    out += [Tag("em", work.container)]
    details = [f"{_edition(work.edition)} ed." if work.edition else "", f"pp. {pages}" if pages else ""]
    shown = ", ".join(d for d in details if d)
    out += [f" ({shown})." if shown else "."]
    publisher = _apa_publisher(work, work.publisher)
    if publisher:
        out += [f" {_period(publisher)}"]
    return out


def _edition(edition: str) -> str:
    """ "2" -> "2nd"; an edition written out ("Rev.") is kept."""
    return _ordinal(int(edition)) if edition.isdigit() else edition


def _apa_publisher(work: Work, publisher: str) -> str:
    """APA 7 omits the publisher when it is the author (a corporate author publishing its own work)."""
    folded = _fold(publisher.rstrip("."))
    if any(_fold(name.plain.rstrip(".")) == folded for name in work.authors):
        return ""
    return publisher


def _apa_standalone(work: Work, title: str) -> list[Any]:
    """A book, report, thesis or other stand-alone work: the title in italics, then the source."""
    extras = ""
    if work.edition:
        extras += f" ({_edition(work.edition)} ed.)"
    if work.type in {"phdthesis", "thesis", "mastersthesis"}:
        kind = "Master's thesis" if work.type == "mastersthesis" else "Doctoral dissertation"
        extras += f" [{kind}{', ' + work.institution if work.institution else ''}]"
    end = "" if not extras and title.endswith(("?", "!")) else "."
    out: list[Any] = [Text(Tag("em", title), extras, end)]
    source = _apa_publisher(work, work.publisher or (work.institution if "thesis" not in work.type else ""))
    if source:
        out.append(f" {_period(source)}")
    return out


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def nlm_pages(first: str, last: str) -> str:
    """NLM page ranges drop the repeated leading digits: 135-148 -> 135-48, 374-385 -> 374-85."""
    if not last:
        return first
    if first.isdigit() and last.isdigit() and len(first) == len(last):
        index = 0
        while index < len(first) - 1 and first[index] == last[index]:
            index += 1
        return f"{first}-{last[index:]}"
    return f"{first}-{last}"


def vancouver_rich(work: Work) -> Text:
    """One Vancouver (ICMJE / NLM Citing Medicine) reference as rich text; the DOI or URL is a link."""
    parts: list[Any] = []
    names = [n.vancouver for n in work.authors]
    if names:
        more = ", et al" if len(names) > VANCOUVER_MAX_AUTHORS else ""
        parts.append(_period(", ".join(names[:VANCOUVER_MAX_AUTHORS]) + more) + " ")
    parts.append(_period(work.title or "[Untitled]"))
    year = work.year or "[date unknown]"
    pages = nlm_pages(*work.pages)
    if work.type == "article" or (work.container and not work.type.startswith(("in", "conference"))):
        if work.container:
            parts.append(f" {_period(work.container)}")
        detail = year + (f";{work.volume}" if work.volume else "") + (f"({work.issue})" if work.issue else "")
        parts.append(f" {detail}{':' + pages if pages else ''}.")
    else:
        if work.container:
            editors = ", ".join(e.vancouver for e in work.editors[:VANCOUVER_MAX_AUTHORS])
            parts.append(f" In: {editors + ', editors. ' if editors else ''}{_period(work.container)}")
        if work.edition:
            edition = _ordinal(int(work.edition)) if work.edition.isdigit() else work.edition
            parts.append(f" {edition} ed.")
        source = work.publisher or work.institution
        parts.append(f" {source}; {year}." if source else f" {year}.")
        if pages and work.container:
            parts.append(f" p. {pages}.")
    if work.doi:
        parts += [" doi:", HRef(doi_url(work.doi), work.doi)]
    elif work.link:
        parts += [" Available from: ", HRef(work.link, work.link)]
    return Text(*parts)


class SafeHtmlBackend(_HtmlBackend):
    """pybtex's HTML backend with every string and link target escaped, no `<span>` for protected text, and
    only <em> tags. Links are made only from URLs this module already checked are http(s)."""

    def format_str(self, text: str) -> str:
        return html.escape(text, quote=True)

    def format_protected(self, text: str) -> str:
        return text

    def format_tag(self, tag: str, text: str) -> str:
        return f"<em>{text}</em>" if text and tag == "em" else text

    @staticmethod
    def format_href(url: str, text: str, external: bool = False) -> str:
        if not text:
            return ""
        if not safe_http_url(url):
            return text
        return f'<a href="{html.escape(url, quote=True)}">{text}</a>'


_PLAIN = _PlainBackend()
_HTML = SafeHtmlBackend()


def render_text(rich: BaseText) -> str:
    """Plain text of a rich-text reference (no markup, links as their text)."""
    return rich.render(_PLAIN)


def render_html(rich: BaseText) -> str:
    """Safe HTML of a rich-text reference."""
    return rich.render(_HTML)


def _works(entries: Iterable[Entry]) -> list[Work]:
    return [work_from_entry(entry) for entry in entries]


class ApaStyle(BaseStyle):
    """APA 7 as a pybtex style: entries in reference-list order, labelled "Smith & Jones, 2020a"."""

    def format_entries(self, entries: Iterable[Entry], bib_data: Any = None) -> Iterator[FormattedEntry]:
        works = _works(entries)
        labels = year_labels(works)
        names = _cited_names(works, labels)
        for work in sorted(works, key=lambda w: _apa_sort_key(w, labels[w.key])):
            in_text = _in_text(work, labels[work.key], names[work.key])
            yield FormattedEntry(work.key, apa_rich(work, labels[work.key]), in_text)

    def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
        work = work_from_entry(entry)
        return FormattedEntry(work.key, apa_rich(work, work.year or "n.d."), label)


class VancouverStyle(BaseStyle):
    """Vancouver as a pybtex style: entries numbered in the order given (the order of first citation)."""

    def format_entries(self, entries: Iterable[Entry], bib_data: Any = None) -> Iterator[FormattedEntry]:
        for number, entry in enumerate(entries, start=1):
            yield self.format_entry(str(number), entry, bib_data)

    def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
        return FormattedEntry(str(entry.key), vancouver_rich(work_from_entry(entry)), label)


def _in_text(work: Work, year_label: str, cited: tuple[list[str], bool]) -> str:
    names, et_al = cited
    who = _in_text_names(names, et_al, "&") if names else f"“{work.title or 'Untitled'}”"
    return f"{who}, {year_label}"


def _narrative(work: Work, year_label: str, cited: tuple[list[str], bool]) -> str:
    names, et_al = cited
    who = _in_text_names(names, et_al, "and") if names else f"“{work.title or 'Untitled'}”"
    return f"{who} ({year_label})"


def _year_sort(label: str) -> tuple[int, str]:
    """APA: undated works first, then by year, "in press" last."""
    if label.startswith("n.d."):
        return 0, label
    if label[:4].isdigit():
        return 1, label
    return 2, label


def _apa_sort_key(work: Work, label: str) -> tuple[Any, ...]:
    authors = tuple(_fold(n.apa) for n in work.authors) or (_title_sort(work.title),)
    return authors, _year_sort(label), _title_sort(work.title), work.key


# ----------------------------------------------------------------------------------------- references


@dataclass(frozen=True)
class Reference:
    """One bibliography entry, formatted every way the site needs it (all plain text except `apa_html`)."""

    key: str
    apa_text: str
    apa_html: str
    vancouver_text: str
    in_text: str
    narrative: str
    year_label: str
    title: str
    authors: tuple[str, ...]
    year: str
    journal: str | None
    doi: str | None
    url: str | None
    vancouver_html: str = ""
    """The Vancouver reference as safe HTML (DOI linked)."""


def references(bib: BibliographyData) -> dict[str, Reference]:
    """Every entry, formatted; keys in the bibliography's order. Year suffixes consider the whole bibliography."""
    works = _works(bib.entries.values())
    labels = year_labels(works)
    names = _cited_names(works, labels)
    out: dict[str, Reference] = {}
    for work in works:
        label = labels[work.key]
        apa = apa_rich(work, label)
        vancouver = vancouver_rich(work)
        out[work.key] = Reference(
            key=work.key,
            apa_text=render_text(apa),
            apa_html=render_html(apa),
            vancouver_text=render_text(vancouver),
            in_text=_in_text(work, label, names[work.key]),
            narrative=_narrative(work, label, names[work.key]),
            year_label=label,
            title=work.title,
            authors=tuple(n.plain for n in work.authors),
            year=work.year,
            journal=work.container if work.type == "article" and work.container else None,
            doi=work.doi,
            url=work.link,
            vancouver_html=render_html(vancouver),
        )
    return out


def _reference_sort_key(ref: Reference) -> tuple[Any, ...]:
    authors = tuple(_fold(a) for a in ref.authors) or (_title_sort(ref.title),)
    return authors, _year_sort(ref.year_label), _title_sort(ref.title), ref.title, ref.key


def apa_sorted(refs: Iterable[Reference]) -> list[Reference]:
    """APA reference-list order: by the author list (first author's family name first; a single-author work
    before multi-author works with the same first author), then year label (n.d. first), then title."""
    return sorted(refs, key=_reference_sort_key)


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
_AND_RE = re.compile(r"\band\b", re.IGNORECASE)


def bib_value(value: str) -> str:
    """A field value that cannot break a BibTeX file when written as `{value}`.

    Whitespace (newlines included) collapses to one space, as pybtex does when it reads the file; control
    characters are dropped; a closing brace with no opening brace, or an opening brace never closed, is
    removed (BibTeX counts braces even after a backslash, so \\{ counts too); a final lone backslash is removed
    (it would escape the closing brace in LaTeX). Balanced values pass through unchanged, so real entries
    round-trip exactly.
    """
    text = one_line(value)
    if "{" in text or "}" in text:
        text = _balanced(text)
    trailing = len(text) - len(text.rstrip("\\"))
    if trailing % 2:
        text = text[:-1].rstrip()
    return text


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
        elif depth == 0 and _AND_RE.match(name, index) and (index == 0 or not name[index - 1].isalnum()):
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


def entry_bibtex(entry: Entry, key: str | None = None) -> str:
    """One entry as BibTeX: persons first, then fields in a fixed order, every value braced and made safe."""
    entry_type = (entry.original_type or entry.type or "misc").lower()
    if not re.fullmatch(r"[a-z]+", entry_type):
        entry_type = "misc"
    lines = [f"@{entry_type}{{{key or bib_key(str(entry.key))},"]
    roles = sorted(entry.persons.keys(), key=lambda r: ({"author": 0, "editor": 1}.get(r.lower(), 2), r.lower()))
    for role in roles:
        if not _FIELD_NAME_RE.match(role):
            continue
        names = [n for n in (_person_source(p) for p in entry.persons[role]) if n]
        if names:
            lines.append(f"  {role.lower()} = {{{' and '.join(names)}}},")
    order = {name: index for index, name in enumerate(_FIELD_ORDER)}
    fields = sorted(entry.fields.items(), key=lambda kv: (order.get(kv[0].lower(), len(order)), kv[0].lower()))
    for name, value in fields:
        if not _FIELD_NAME_RE.match(name):
            continue
        lines.append(f"  {name.lower()} = {{{bib_value(str(value))}}},")
    lines[-1] = lines[-1].rstrip(",") if len(lines) > 1 else lines[-1]
    lines.append("}")
    return "\n".join(lines) + "\n"


def bibtex_text(bib: BibliographyData, keys: Sequence[str] | None = None) -> str:
    """BibTeX for the entries with `keys` (all, sorted by key, if None): deterministic and always parseable."""
    used: set[str] = set()
    chunks = []
    for entry in _selected(bib, keys):
        key = bib_key(str(entry.key))
        candidate, number = key, 2
        while candidate.lower() in used:  # keys made equal by sanitising must stay distinct
            candidate, number = f"{key}-{number}", number + 1
        used.add(candidate.lower())
        chunks.append(entry_bibtex(entry, candidate))
    return "\n".join(chunks)


# ------------------------------------------------------------------------------------------------ RIS

_RIS_TYPES = {
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
    return [p for p in re.split(r"[,;\s]+", _field(entry, "issn")) if p]


def ris_record(entry: Entry) -> list[tuple[str, str]]:
    """The (tag, value) lines of one RIS record, TY first and ER last; values are single lines."""
    work = work_from_entry(entry)
    lines: list[tuple[str, str]] = [("TY", _RIS_TYPES.get(work.type, "GEN"))]
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
    records = []
    for entry in _selected(bib, keys):
        records.append(RIS_EOL.join(f"{tag}  - {value}" for tag, value in ris_record(entry)) + RIS_EOL)
    return RIS_EOL.join(records)


# ------------------------------------------------------------------------------------------- Highwire


def highwire_tags(ref: Reference, entry: Entry) -> list[tuple[str, str]]:
    """Highwire Press `citation_*` meta tags (read by Zotero and Google Scholar); plain values to escape."""
    work = work_from_entry(entry)
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
    return [(name, one_line(value)) for name, value in tags if value and one_line(value)]


# ------------------------------------------------------------------------------ citing the synthesis


@dataclass(frozen=True)
class Citation:
    """How to cite the synthesis or one of its tables/themes."""

    apa_text: str
    apa_html: str
    bibtex: str
    key: str = ""
    """The BibTeX key, e.g. synthsite-table-sample-comparison-0-1-0."""


_TRANSLITERATE = str.maketrans(
    {
        "Ø": "O",
        "ø": "o",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "Þ": "Th",
        "þ": "th",
        "Ð": "D",
        "ð": "d",
        "Đ": "D",
        "đ": "d",
        "Ł": "L",
        "ł": "l",
        "Ħ": "H",
        "ħ": "h",
        "ı": "i",
        "Ŋ": "N",
        "ŋ": "n",
        "ĸ": "k",
    }
)
"""Latin letters that Unicode does not decompose into a base letter and a mark (so NFKD alone would drop them)."""


def slug(text: str, limit: int = 60) -> str:
    """ASCII slug: lowercase letters, digits and single hyphens; "Øresund Ærø" -> "oresund-aero"."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def citation_key(version: str, item_title: str | None = None) -> str:
    """synthsite-<slug of the item, or 'synthesis'>-<version with dots as hyphens>: deterministic, BibTeX-safe."""
    item = slug(item_title) if item_title is not None else "synthesis"
    return f"synthsite-{item or 'item'}-{slug(version.replace('.', '-')) or '0'}"


def _item_parts(item_title: str) -> tuple[str, str | None]:
    """("Sample comparison", "Table") from "Table: Sample comparison"; other titles keep their form."""
    head, sep, rest = item_title.partition(":")
    if sep and head.strip() in ITEM_KINDS and rest.strip():
        return one_line(rest), head.strip()
    return one_line(item_title), None


def _long_date(iso: str) -> str:
    """2026-11-23 -> November 23, 2026 (APA's retrieval-date form); other text is kept as it is."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return one_line(iso)
    return f"{MONTHS[int(match.group(2)) - 1]} {int(match.group(3))}, {match.group(1)}"


def _meta_author_apa(name: str) -> str:
    """ "Doe, Jane Q." -> "Doe, J. Q."; names without a comma (organisations, "Jane Doe") are kept as written."""
    family, sep, given = name.partition(",")
    if not sep or "," in given or not given.strip():
        return one_line(name)
    return Name(one_line(family), tuple(given.split())).apa


def _meta_author_bibtex(name: str) -> str:
    family, sep, given = name.partition(",")
    if sep and "," not in given and given.strip() and not _AND_RE.search(name):
        return f"{text_to_latex(family)}, {text_to_latex(given)}"
    return "{" + text_to_latex(name) + "}"  # an organisation: braced so BibTeX does not split it into names


def cite_synthesis(
    meta: SynthesisMeta,
    url: str,
    *,
    item_title: str | None = None,
    fingerprint: str | None = None,
    accessed: str | None = None,
) -> Citation:
    """APA and BibTeX citations for the synthesis (item_title None) or one of its tables or themes.

    Both carry the version, the release date, the URL and, when given, the content fingerprint, so a reader
    can tell whether what they see is what was cited. `accessed` (YYYY-MM-DD) adds "Retrieved ..., from".
    """
    authors = apa_name_list([_meta_author_apa(a.name) for a in meta.authors])
    year = meta.date_released[:4]
    synthesis_title = one_line(meta.title)
    details = [f"Version {meta.version}", f"released {meta.date_released}"]
    if fingerprint:
        details.append(f"fingerprint {one_line(fingerprint)}")
    detail = f" ({', '.join(details)})."
    link_url = safe_http_url(url)
    shown_url = link_url or one_line(url)
    link: Any = HRef(link_url, link_url) if link_url else shown_url
    tail: list[Any] = [" Retrieved ", _long_date(accessed), ", from ", link] if accessed else [" ", link]

    head: list[Any] = [_period(authors), f" ({year}). "]
    if item_title is None:
        body: list[Any] = [Tag("em", synthesis_title), detail]
        bib_title = synthesis_title
        note = ", ".join(details)
    else:
        item, kind = _item_parts(item_title)
        shown = f"{item} [{kind}]" if kind else item
        body = [_period(shown), " In ", Tag("em", synthesis_title), detail]
        bib_title = shown
        note = f"In: {synthesis_title} ({', '.join(details)})"
    rich = Text(*head, *body, *(tail if shown_url else []))

    key = citation_key(meta.version, item_title)
    bib_fields = [
        ("author", " and ".join(_meta_author_bibtex(a.name) for a in meta.authors)),
        ("title", "{" + text_to_latex(bib_title) + "}"),
        ("year", text_to_latex(year)),
        ("date", text_to_latex(meta.date_released)),
        ("version", text_to_latex(meta.version)),
        ("note", text_to_latex(note)),
        ("url", link_url or ""),
        ("howpublished", "" if link_url else text_to_latex(url)),
        ("urldate", text_to_latex(accessed or "")),
    ]
    lines = [f"@misc{{{key},"]
    lines += [f"  {name} = {{{bib_value(value)}}}," for name, value in bib_fields if value]
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    return Citation(
        apa_text=render_text(rich),
        apa_html=render_html(rich),
        bibtex="\n".join(lines) + "\n",
        key=key,
    )
