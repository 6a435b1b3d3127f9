"""Citing the synthesis or one of its tables and themes: APA text and a BibTeX entry with version and fingerprint."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from synthsite.cite.latex import doi_url, normalise_doi, one_line, safe_http_url, text_to_latex
from synthsite.cite.styles import Em, Link, render_flat, with_period
from synthsite.cite.works import Name, apa_name_list
from synthsite.cite.writers import AND_RE, bib_value, bibtex_record
from synthsite.model import SynthesisMeta
from synthsite.model.edition import Edition
from synthsite.slugs import slug

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
# ------------------------------------------------------------------------------ citing the synthesis


@dataclass(frozen=True)
class Citation:
    """How to cite the synthesis or one of its tables/themes."""

    apa_text: str
    apa_html: str
    bibtex: str
    key: str = ""
    """The BibTeX key, e.g. synthsite-table-sample-comparison-0-1-0."""


def citation_key(version: str, item_title: str | None = None) -> str:
    """synthsite-<slug of the item, or 'synthesis'>-<version with dots as hyphens>: deterministic, BibTeX-safe."""
    item = slug(item_title) if item_title is not None else "synthesis"
    return f"synthsite-{item or 'item'}-{_version_slug(version)}"


@lru_cache(maxsize=64)
def _version_slug(version: str) -> str:
    """The version part of a citation key, the same for every item a version cites (a thousand study records)."""
    return slug(version.replace(".", "-")) or "0"


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


@lru_cache(maxsize=256)
def _meta_author_apa(name: str) -> str:
    """ "Doe, Jane Q." -> "Doe, J. Q."; names without a comma (organisations, "Jane Doe") are kept as written."""
    family, sep, given = name.partition(",")
    if not sep or "," in given or not given.strip():
        return one_line(name)
    return Name(one_line(family), tuple(given.split())).apa


@lru_cache(maxsize=256)
def _meta_author_bibtex(name: str) -> str:
    family, sep, given = name.partition(",")
    if sep and "," not in given and given.strip() and not AND_RE.search(name):
        return f"{text_to_latex(family)}, {text_to_latex(given)}"
    return "{" + text_to_latex(name) + "}"  # an organisation: braced so BibTeX does not split it into names


def cite_synthesis(
    meta: SynthesisMeta,
    url: str,
    *,
    item_title: str | None = None,
    fingerprint: str | None = None,
    accessed: str | None = None,
    edition: Edition | None = None,
) -> Citation:
    """APA and BibTeX citations for the synthesis (item_title None) or one of its tables or themes.

    Both carry the version, the release date, the URL and, when given, the content fingerprint, so a reader
    can tell whether what they see is what was cited. `edition` says which release the content is: content
    with unreleased changes is cited as such, with its build date, data fingerprint and commit, never as a
    release (without it, synthesis.yaml's version counts as released). `accessed` (YYYY-MM-DD) adds
    "Retrieved ..., from".
    """
    authors = apa_name_list([_meta_author_apa(a.name) for a in meta.authors])
    synthesis_title = one_line(meta.title)
    if edition is None:
        year, cited_date = meta.date_released[:4], meta.date_released
        details = [f"Version {meta.version}", f"released {meta.date_released}"]
        version = meta.version
    else:
        year, cited_date = edition.year, edition.cited_date
        details = [one_line(part) for part in edition.details(data=fingerprint is None)]
        version = edition.version_field
    if fingerprint:
        details.append(f"fingerprint {one_line(fingerprint)}")
    detail = f" ({', '.join(details)})."
    link_url = safe_http_url(url)
    shown_url = link_url or one_line(url)
    link: str | Link = Link(link_url, link_url) if link_url else shown_url
    tail: list[str | Em | Link] = [" Retrieved ", _long_date(accessed), ", from ", link] if accessed else [" ", link]

    head: list[str | Em | Link] = [with_period(authors), f" ({year}). "]
    if item_title is None:
        body: list[str | Em | Link] = [Em(synthesis_title), detail]
        bib_title = synthesis_title
        note = ", ".join(details)
    else:
        item, kind = _item_parts(item_title)
        shown = f"{item} [{kind}]" if kind else item
        body = [with_period(shown), " In ", Em(synthesis_title), detail]
        bib_title = shown
        note = f"In: {synthesis_title} ({', '.join(details)})"
    doi = normalise_doi(meta.doi) if meta.doi else None
    if doi:  # APA: the DOI as a link; the permalink still follows, since it names the exact table or theme
        body += [" ", Link(doi_url(doi), doi_url(doi))]
    apa_text, apa_html = render_flat([*head, *body, *(tail if shown_url else [])])

    key = citation_key(version, item_title)
    bib_fields = [
        ("author", " and ".join(_meta_author_bibtex(a.name) for a in meta.authors)),
        ("title", "{" + text_to_latex(bib_title) + "}"),
        ("year", text_to_latex(year) if year[:1].isdigit() else ""),  # APA's "n.d." is no BibTeX year
        ("date", text_to_latex(cited_date)),
        ("version", text_to_latex(version)),
        ("doi", text_to_latex(doi or "")),
        ("note", text_to_latex(note)),
        ("url", link_url or ""),
        ("howpublished", "" if link_url else text_to_latex(url)),
        ("urldate", text_to_latex(accessed or "")),
    ]
    return Citation(
        apa_text=apa_text,
        apa_html=apa_html,
        bibtex=bibtex_record("misc", key, [(name, bib_value(value)) for name, value in bib_fields if value]),
        key=key,
    )


def synthesis_highwire_tags(meta: SynthesisMeta, url: str, edition: Edition | None = None) -> list[tuple[str, str]]:
    """Highwire Press `citation_*` tags for the synthesis itself (its home page), so a reference manager saves
    it as a versioned dataset with its authors and date, not as a web page; plain values to escape. `edition`:
    content with unreleased changes gives the last release "with unreleased changes" and the build's date."""
    version = edition.version_field if edition else meta.version
    date = (edition.cited_date if edition else "") or ("" if edition and edition.unreleased else meta.date_released)
    tags: list[tuple[str, str]] = [("citation_title", meta.title)]
    tags += [("citation_author", author.name) for author in meta.authors]
    tags += [
        ("citation_publication_date", date.replace("-", "/")),
        ("citation_version", version),
        ("citation_public_url", safe_http_url(url) or ""),
    ]
    if meta.doi:
        tags.append(("citation_doi", normalise_doi(meta.doi) or ""))
    return [(name, line) for name, value in tags if value and (line := one_line(value))]
