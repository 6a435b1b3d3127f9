"""A study page's theme tree as HTML: each theme with its description, quotes and crosswalk links, subthemes nested.

Built in Python rather than with template macros because it is most of a study page: at 1,000 studies that is
about 17,000 themes and 30,000 quotes, and a recursive macro made study pages a third of the whole generation.
The output is the markup the study page's template produced before, character for character, with the same
escaping: every value through `esc_str`; only `Markup` our own code built (badges, links) passes as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from markupsafe import Markup

from synthsite import urls
from synthsite.index import Link, StudyView, ThemeNode
from synthsite.model import RELATIONS, AlternativeReading, Quote
from synthsite.render.env import esc_str, escaped_paragraphs
from synthsite.render.pagekit import link
from synthsite.render.quotes import quote_source


def _badge(relation: str) -> Markup:
    """The `relation` macro's output (`_macros.md.j2`): the relation's badge."""
    name = esc_str(relation)
    return Markup(f'<span class="synthsite-relation synthsite-relation--{name}">{name}</span>')


RELATION_BADGES: dict[str, Markup] = {relation: _badge(relation) for relation in RELATIONS}
"""The known relations' badges, made once: a large study page shows a hundred badges, and a template macro call
costs more than the text it makes."""


def relation_badge(relation: str) -> str:
    """The `relation` macro's output for any relation: made once for each of the known ones (`RELATION_BADGES`)."""
    made = RELATION_BADGES.get(relation)
    return made if made is not None else _badge(relation)


@lru_cache(maxsize=1 << 12)
def _study_theme_anchor(theme_id: str, label: str) -> Markup:
    """The <a> from a study page to a synthesized theme's page, the same on every study page (`urls.ANY_STUDY`): made
    once per theme and label, not once for each of the thousand studies linking to it."""
    return link(urls.theme(theme_id), urls.ANY_STUDY, label)


def theme_anchors(view: StudyView, labels: Mapping[str, str]) -> dict[str, Markup]:
    """The <a> to each synthesized theme the study links to (`labels`: each theme's label, by id): the contributions
    list and the theme tree's link lists name each theme several times."""
    anchors: dict[str, Markup] = {}
    for items in view.links.values():
        for item in items:
            if item.synthesized not in anchors:
                anchors[item.synthesized] = _study_theme_anchor(
                    item.synthesized, labels.get(item.synthesized, item.synthesized)
                )
    return anchors


class ThemeTree(NamedTuple):
    """What a study's theme tree shows besides the study's own themes, made once per page (`pages.study`)."""

    links: Mapping[str, Sequence[Link]]
    """The study's crosswalk links by study theme id (`StudyView.links`)."""
    anchors: Mapping[str, str]
    """Synthesized theme id -> its <a> from this page: a page links each synthesized theme from several places."""
    badges: Mapping[str, str]
    """Relation -> its badge (the `relation` macro's output)."""
    large: bool
    """Keeps descriptions, quotes and link lists out of the search index."""


def _exclude(large: bool) -> str:
    return " data-search-exclude" if large else ""


def texts_html(value: object, *, exclude: bool = False) -> str:
    """The `texts` macro: one <p> per paragraph, then a blank line."""
    attrs = _exclude(exclude)
    return "".join([f"<p{attrs}>{para}</p>\n" for para in escaped_paragraphs(value)]) + "\n"


def quote_html(quote: Quote, *, exclude: bool = False) -> str:
    """The `quote` macro: the quote's paragraphs and its source."""
    body = "".join([f"<p>{para}</p>\n" for para in escaped_paragraphs(quote.text)])
    return (
        f'<blockquote class="synthsite-quote"{_exclude(exclude)}>\n{body}'
        f'<p class="synthsite-quote-source">— {esc_str(quote_source(quote))}</p>\n'
        "</blockquote>\n"
    )


def _readings_html(contested: Sequence[AlternativeReading]) -> str:
    """A link's contested readings as a nested list."""
    return (
        '<ul class="synthsite-readings">'
        + "".join(
            f"<li>Contested: <strong>{esc_str(r.relation)}</strong> ({esc_str(r.source)}): {esc_str(r.rationale)}"
            f'<br><span class="synthsite-passage">Passage: {esc_str(r.passage)}</span></li>'
            for r in contested
        )
        + "</ul>"
    )


def link_html(item: Link, tree: ThemeTree) -> str:
    """A link's <li>: badge, synthesized theme, flags, rationale, the passage it rests on, contested readings."""
    flags = ' <span class="synthsite-flag">complicates the finding</span>' if item.complicates else ""
    readings = ""
    if item.contested:
        flags += ' <span class="synthsite-flag">contested</span>'
        readings = _readings_html(item.contested)
    rationale = f": {esc_str(item.rationale)}" if item.rationale else ""
    passage = f'<br><span class="synthsite-passage">Passage: {esc_str(item.passage)}</span>' if item.passage else ""
    return (
        f"<li>{tree.badges[item.relation]} {tree.anchors[item.synthesized]}{flags}{rationale}{passage}{readings}</li>\n"
    )


def write_theme(out: list[str], node: ThemeNode, depth: int, tree: ThemeTree) -> None:
    """One study theme and, nested inside, its subthemes (headings one level deeper, down to <h6>), appended to the
    page's parts: a subtree is written once into the page, not joined at each level of nesting and copied again
    into its parent's text."""
    theme = node.theme
    exclude = _exclude(tree.large)
    level = ' <span class="synthsite-level">subtheme</span>' if theme.level == "subtheme" else ""
    also = ""
    if theme.alternative_labels:
        also = ". Also named: " + ", ".join(f"“{esc_str(label)}”" for label in theme.alternative_labels)
    out.append(
        f'<section class="synthsite-study-theme synthsite-study-theme--{esc_str(theme.level)}" '
        f'id="theme-{esc_str(theme.id)}">\n'
        f'<h{depth} class="synthsite-study-theme-label">{esc_str(theme.label)}{level}</h{depth}>\n'
        f'<p class="synthsite-theme-meta">Perspective: {esc_str(theme.perspective)}{also}.</p>\n'
    )
    out += [f"<p{exclude}>{para}</p>\n" for para in escaped_paragraphs(theme.description)]
    out.append("\n")
    for quote in theme.quotes:
        out.append(quote_html(quote, exclude=tree.large))
        out.append("\n")
    items = tree.links.get(theme.id)
    if items:
        out.append(f'<ul class="synthsite-links"{exclude}>\n')
        out += [link_html(item, tree) for item in items]
        out.append("</ul>\n")
    else:
        why = "."
        if theme.unlinked:
            why = f" ({esc_str(theme.unlinked.reason)}): {esc_str(theme.unlinked.explanation)}"
        out.append(
            f'<p class="synthsite-links synthsite-links--none"{exclude}>Not linked to a synthesized theme{why}</p>\n'
        )
    for child in node.children:
        write_theme(out, child, min(depth + 1, 6), tree)
        out.append("\n")
    out.append("</section>\n")
