"""APA 7 and Vancouver: references as pybtex rich text, rendered as plain text and as safe HTML.

`SafeHtmlBackend` escapes every string and attribute (pybtex's own HTML backend leaves quotes and link
targets unescaped). `references` formats a whole bibliography once, every way the site needs it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pybtex.backends.html import Backend as _HtmlBackend
from pybtex.backends.plaintext import Backend as _PlainBackend
from pybtex.database import BibliographyData, Entry
from pybtex.richtext import BaseText, HRef, Tag, Text

from synthsite import gcpause
from synthsite.cite.latex import doi_url, safe_http_url
from synthsite.cite.works import (
    Work,
    apa_name_list,
    cited_names,
    editor_list,
    fold_case,
    in_text_names,
    title_sort_key,
    work_from_entry,
    year_labels,
)

VANCOUVER_MAX_AUTHORS = 6
"""Vancouver (ICMJE/NLM) lists the first six authors, then `et al.`"""


@dataclass(frozen=True)
class Em:
    """Text in <em> (pybtex's `Tag("em", text)`)."""

    text: str


@dataclass(frozen=True)
class Link:
    """A link (pybtex's `HRef(url, text)`): made only if the URL is http(s), else its text alone."""

    url: str
    text: str


Part = str | Em | Link
"""A piece of a reference: the flat form of pybtex's rich text that `render_flat` renders (`rich_text` makes the
rich text itself, for callers that want pybtex's objects)."""


def rich_text(parts: Iterable[Part]) -> Text:
    """The parts as pybtex rich text (`Tag("em", ...)`, `HRef`), which renders as `render_flat` does."""
    return Text(*(part if isinstance(part, str) else _rich_part(part) for part in parts))


def _rich_part(part: Em | Link) -> BaseText:
    return Tag("em", part.text) if isinstance(part, Em) else HRef(part.url, part.text)


# ------------------------------------------------------------------------------------- rich text styles


def with_period(text: str) -> str:
    """Text ending in a full stop, unless it already ends in . ? or !"""
    return text if text.endswith((".", "?", "!")) else text + "."


def _link(url: str | None) -> Part:
    return Link(url, url) if url else ""


def apa_rich(work: Work, year_label: str) -> Text:
    """One APA 7 reference as pybtex rich text (`apa_parts`)."""
    return rich_text(apa_parts(work, year_label))


def apa_parts(work: Work, year_label: str) -> list[Part]:
    """One APA 7 reference (journal, volume and stand-alone titles in <em>), as the flat parts `render_flat`
    renders without building pybtex's rich text (a thousand references, each rendered four ways)."""
    head: list[Part] = []
    names = [n.apa for n in work.authors]
    if names:
        head += [with_period(apa_name_list(names)), f" ({year_label}). "]
    title = work.title or "[Untitled]"
    if work.type == "article" or (work.type not in _STANDALONE and work.container):
        titled, rest = _apa_part_of(work, title)
    else:
        titled, rest = _apa_standalone(work, title)
    dated = [] if names else [f" ({year_label})."]  # APA: the title moves to the author position
    link = _link(work.link)
    return [*head, *titled, *dated, *rest, " " if link else "", link]


_STANDALONE = {"book", "phdthesis", "mastersthesis", "thesis", "techreport", "report", "manual", "misc", "online"}


def _apa_part_of(work: Work, title: str) -> tuple[list[Part], list[Part]]:
    """An article or a part of a book or proceedings: (the title, then the source)."""
    first, last = work.pages
    pages = f"{first}–{last}" if last else first
    titled: list[Part] = [with_period(title)]
    out: list[Part] = []
    if work.type == "article" or not work.type.startswith(("in", "conference")):
        if work.container:
            out += [" ", Em(work.container)]
            if work.volume:
                out += [", ", Em(work.volume)]
            if work.issue:
                out += [f"({work.issue})"]
            if pages:
                out += [f", {pages}"]
            out += ["."]
        return titled, out
    out += [" In "]
    if work.editors:
        eds = "Ed." if len(work.editors) == 1 else "Eds."
        out += [f"{editor_list([e.apa_initials_first for e in work.editors])} ({eds}), "]
    out += [Em(work.container)]
    details = [f"{_edition(work.edition)} ed." if work.edition else "", f"pp. {pages}" if pages else ""]
    shown = ", ".join(d for d in details if d)
    out += [f" ({shown})." if shown else "."]
    publisher = _apa_publisher(work, work.publisher)
    if publisher:
        out += [f" {with_period(publisher)}"]
    return titled, out


def _edition(edition: str) -> str:
    """ "2" -> "2nd"; an edition written out ("Rev.") is kept."""
    return _ordinal(int(edition)) if edition.isdigit() else edition


def _apa_publisher(work: Work, publisher: str) -> str:
    """APA 7 omits the publisher when it is the author (a corporate author publishing its own work)."""
    folded = fold_case(publisher.rstrip("."))
    if any(fold_case(name.plain.rstrip(".")) == folded for name in work.authors):
        return ""
    return publisher


def _apa_standalone(work: Work, title: str) -> tuple[list[Part], list[Part]]:
    """A book, report, thesis or other stand-alone work: (the title in italics with edition and kind, then the
    source)."""
    extras = ""
    if work.edition:
        extras += f" ({_edition(work.edition)} ed.)"
    if work.type in {"phdthesis", "thesis", "mastersthesis"}:
        kind = "Master's thesis" if work.type == "mastersthesis" else "Doctoral dissertation"
        extras += f" [{kind}{', ' + work.institution if work.institution else ''}]"
    end = "" if not extras and title.endswith(("?", "!")) else "."
    source = _apa_publisher(work, work.publisher or (work.institution if "thesis" not in work.type else ""))
    return [Em(title), extras, end], [f" {with_period(source)}"] if source else []


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
    """One Vancouver (ICMJE / NLM Citing Medicine) reference as pybtex rich text (`vancouver_parts`)."""
    return rich_text(vancouver_parts(work))


def vancouver_parts(work: Work) -> list[Part]:
    """One Vancouver (ICMJE / NLM Citing Medicine) reference as flat parts (`render_flat`); the DOI or URL is a
    link."""
    parts: list[Part] = []
    names = [n.vancouver for n in work.authors]
    if names:
        more = ", et al" if len(names) > VANCOUVER_MAX_AUTHORS else ""
        parts.append(with_period(", ".join(names[:VANCOUVER_MAX_AUTHORS]) + more) + " ")
    parts.append(with_period(work.title or "[Untitled]"))
    year = work.year or "[date unknown]"
    pages = nlm_pages(*work.pages)
    if work.type == "article" or (work.container and not work.type.startswith(("in", "conference"))):
        if work.container:
            parts.append(f" {with_period(work.container)}")
        detail = year + (f";{work.volume}" if work.volume else "") + (f"({work.issue})" if work.issue else "")
        parts.append(f" {detail}{':' + pages if pages else ''}.")
    else:
        if work.container:
            editors = ", ".join(e.vancouver for e in work.editors[:VANCOUVER_MAX_AUTHORS])
            parts.append(f" In: {editors + ', editors. ' if editors else ''}{with_period(work.container)}")
        if work.edition:
            edition = _ordinal(int(work.edition)) if work.edition.isdigit() else work.edition
            parts.append(f" {edition} ed.")
        source = work.publisher or work.institution
        parts.append(f" {source}; {year}." if source else f" {year}.")
        if pages and work.container:
            parts.append(f" p. {pages}.")
    if work.doi:
        parts += [" doi:", Link(doi_url(work.doi), work.doi)]
    elif work.link:
        parts += [" Available from: ", Link(work.link, work.link)]
    return parts


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


def render_flat(parts: Iterable[Part]) -> tuple[str, str]:
    """`render_text` and `render_html` of `Text(*parts)` for a flat sequence, through the same backends but without
    building pybtex's rich text, which merges and re-checks its parts: a site cites ~2,100 tables, each in both
    forms. As pybtex does, empty parts are dropped and neighbours of a kind are merged (two <em> texts, two
    links to one URL); each part then renders on its own and the results are joined."""
    merged: list[Part] = []
    for part in parts:
        if not (part if isinstance(part, str) else part.text):
            continue
        last = merged[-1] if merged else None
        if isinstance(part, Em) and isinstance(last, Em):
            merged[-1] = Em(last.text + part.text)
        elif isinstance(part, Link) and isinstance(last, Link) and last.url == part.url:
            merged[-1] = Link(last.url, last.text + part.text)
        else:
            merged.append(part)
    plain: list[str] = []
    markup: list[str] = []
    for part in merged:
        if isinstance(part, str):
            plain.append(part)
            markup.append(_HTML.format_str(part))
        elif isinstance(part, Em):
            plain.append(part.text)
            markup.append(_HTML.format_tag("em", _HTML.format_str(part.text)))
        else:
            plain.append(part.text)
            markup.append(_HTML.format_href(part.url, _HTML.format_str(part.text)))
    return "".join(plain), "".join(markup)


def _works(entries: Iterable[Entry]) -> list[Work]:
    return [work_from_entry(entry) for entry in entries]


def _in_text(work: Work, year_label: str, cited: tuple[list[str], bool]) -> str:
    names, et_al = cited
    who = in_text_names(names, et_al, "&") if names else f"“{work.title or 'Untitled'}”"
    return f"{who}, {year_label}"


def _narrative(work: Work, year_label: str, cited: tuple[list[str], bool]) -> str:
    names, et_al = cited
    who = in_text_names(names, et_al, "and") if names else f"“{work.title or 'Untitled'}”"
    return f"{who} ({year_label})"


def _year_sort(label: str) -> tuple[int, str]:
    """APA: undated works first, then by year, "in press" last."""
    if label.startswith("n.d."):
        return 0, label
    if label[:4].isdigit():
        return 1, label
    return 2, label


def _apa_sort_key(work: Work, label: str) -> tuple[Any, ...]:
    authors = tuple(fold_case(n.apa) for n in work.authors) or (title_sort_key(work.title),)
    return authors, _year_sort(label), title_sort_key(work.title), work.key


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


@gcpause.paused()
def references(bib: BibliographyData) -> dict[str, Reference]:
    """Every entry, formatted; keys in the bibliography's order. Year suffixes consider the whole bibliography.

    Formatting a thousand entries makes a few hundred thousand objects, enough to start a collection of the old
    generations, which walks the whole loaded corpus (0.25 to 0.5 s at 1,000 studies): paused, as the rest of
    the pipeline is (`gcpause`)."""
    works = _works(bib.entries.values())
    labels = year_labels(works)
    names = cited_names(works, labels)
    out: dict[str, Reference] = {}
    for work in works:
        label = labels[work.key]
        apa_text, apa_html = render_flat(apa_parts(work, label))
        vancouver_text, vancouver_html = render_flat(vancouver_parts(work))
        out[work.key] = Reference(
            key=work.key,
            apa_text=apa_text,
            apa_html=apa_html,
            vancouver_text=vancouver_text,
            in_text=_in_text(work, label, names[work.key]),
            narrative=_narrative(work, label, names[work.key]),
            year_label=label,
            title=work.title,
            authors=tuple(n.plain for n in work.authors),
            year=work.year,
            journal=work.container if work.type == "article" and work.container else None,
            doi=work.doi,
            url=work.link,
            vancouver_html=vancouver_html,
        )
    return out


def _reference_sort_key(ref: Reference) -> tuple[Any, ...]:
    authors = tuple(fold_case(a) for a in ref.authors) or (title_sort_key(ref.title),)
    return authors, _year_sort(ref.year_label), title_sort_key(ref.title), ref.title, ref.key


def apa_sorted(refs: Iterable[Reference]) -> list[Reference]:
    """APA reference-list order: by the author list (first author's family name first; a single-author work
    before multi-author works with the same first author), then year label (n.d. first), then title."""
    return sorted(refs, key=_reference_sort_key)
