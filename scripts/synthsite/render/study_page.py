"""A study page's body (below its front matter): reference, aim, setting, sample, method, themes, contribution,
limitations, appraisal, notes and review log.

Built in Python rather than with a template because a large synthesis has a thousand study pages: a template's
~190 escaped values per page made their rendering most of a study page's cost. The output is what the template
produced before, character for character, with the same escaping: every value through `esc_str`; only `Markup`
our own code built (the reference, badges, links, the theme tree, the two tables' blocks) passes as it is.
To show a new field of the study record, add its line here (see docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from synthsite.index import StudyView
from synthsite.model import RELATIONS, Limitation
from synthsite.render.env import esc_str, escaped_paragraphs
from synthsite.render.study_themes import RELATION_BADGES, ThemeTree, texts_html, write_theme
from synthsite.render.tableview import TableView


@dataclass(frozen=True)
class Contribution:
    """One synthesized theme the study contributes to: its link and, per relation, the count and badge."""

    link: Markup
    counts: tuple[tuple[str, int, Markup], ...]


@lru_cache(maxsize=1 << 10)
def relation_counts(relations: tuple[str, ...]) -> tuple[tuple[str, int, Markup], ...]:
    """A `Contribution`'s counts from the relations of the study's links to the theme: made once per list of
    relations (there are few), not once for each of the ~19,000 contributions of a thousand studies."""
    return tuple(
        (relation, relations.count(relation), RELATION_BADGES[relation])
        for relation in RELATIONS
        if relation in relations
    )


@dataclass(frozen=True)
class RecordCitation:
    """How to cite a study page as one record: the page's permalink and the fingerprint of the study's file."""

    apa_html: Markup
    bibtex: str
    permalink: str
    edition: str
    """Which version the record belongs to (`Edition.table_statement`: no data fingerprint, the record has its own)."""
    fingerprint: str
    record_path: str
    """The study's file, whose SHA-256 the fingerprint is."""
    data_url: str
    """Page-relative link to /data/, where the corpus-wide downloads hold the study's rows."""
    anchors: tuple[str, ...]
    """Ids the page's tables' own citation blocks had ("cite-participants"), kept so old links still land here."""


@dataclass(frozen=True)
class StudyPage:
    """Everything the body shows beyond the study record itself (made by `pages.study`)."""

    view: StudyView
    ref_html: Markup
    bib: str
    ris: str
    edit_url: str
    source_path: str
    countries: str
    participants: TableView
    casp: TableView
    contributions: Sequence[Contribution]
    limitations: Sequence[Limitation]
    relations: Sequence[Markup]
    """The badges of supports, extends and contradicts, for the sentence introducing the themes."""
    tree: ThemeTree
    """The study's links and the page's anchors to synthesized themes, for the theme tree."""
    large: bool
    citation: RecordCitation


def _paras(value: object) -> str:
    """`{% for para in value | paragraphs %}<p>{{ para }}</p>{% endfor %}`."""
    return "".join(f"<p>{para}</p>" for para in escaped_paragraphs(value))


def _items(values: Iterable[object]) -> str:
    return "".join(f"<li>{esc_str(value)}</li>\n" for value in values)


def _exclude(large: bool) -> str:
    return " data-search-exclude" if large else ""


def record_citation_html(c: RecordCitation) -> str:
    """The page's one citation block: the study record as an item of the synthesis, with the fingerprint of its file.

    The page's tables have no citation or downloads of their own (the rows of every study are in the corpus-wide
    downloads); the ids their citation blocks had sit here, so a link to one still lands on how to cite them."""
    anchors = "".join(f'<span id="{esc_str(anchor)}"></span>' for anchor in c.anchors)
    return (
        f'<details class="synthsite-cite synthsite-record-cite" id="cite-this-record" data-search-exclude>\n'
        f"<summary>Cite this study record</summary>\n{anchors}"
        f'<p class="synthsite-cite-apa">{c.apa_html}</p>\n'
        f'<pre class="synthsite-cite-bibtex"><code>{esc_str(c.bibtex)}</code></pre>\n'
        f'<p class="synthsite-cite-meta">Permalink: <a href="{esc_str(c.permalink)}">{esc_str(c.permalink)}</a><br>\n'
        f"{esc_str(c.edition)}; content fingerprint <code>{esc_str(c.fingerprint)}</code> (the first 12 hex digits "
        f"of the SHA-256 of the study's record, <code>{esc_str(c.record_path)}</code>).</p>\n"
        "<p>The page is cited as one record: its tables have no citation or download of their own. Every study's "
        "rows are in the corpus-wide downloads (<code>studies.json</code> holds every record; <code>studies.csv</code>, "
        "the sample and appraisal comparisons, <code>themes.csv</code> and <code>crosswalk.csv</code> hold its rows "
        f'beside the other studies\'), listed on the <a href="{esc_str(c.data_url)}">Data</a> page.</p>\n'
        "</details>\n"
    )


def study_body(p: StudyPage) -> str:
    """The page's Markdown with its HTML blocks (headings stay Markdown: they make the table of contents)."""
    s = p.view.study
    out = [
        '<div class="synthsite-reference">\n'
        f'<p class="synthsite-apa">{p.ref_html}</p>\n'
        f'<p class="synthsite-study-actions"{_exclude(p.large)}>Download the citation: '
        f'<a href="{esc_str(p.bib)}" download>BibTeX</a> · <a href="{esc_str(p.ris)}" download>RIS</a> · '
        f'<a href="{esc_str(p.edit_url)}">Edit this study\'s record</a> (<code>{esc_str(p.source_path)}</code>)</p>\n'
        "</div>\n\n",
        record_citation_html(p.citation),
        "\n## Aim\n\n",
        texts_html(s.aim),
    ]
    if s.research_questions:
        out.append(f'<ol class="synthsite-research-questions">\n{_items(s.research_questions)}</ol>\n')
    perspectives = f" ({esc_str(', '.join(p.view.perspectives))})" if p.view.perspectives else ""
    out.append(
        '\n## Setting\n\n<dl class="synthsite-facts">\n'
        f"<dt>Countries</dt><dd>{esc_str(p.countries)}</dd>\n"
        f"<dt>Services</dt><dd><ul>{''.join(f'<li>{esc_str(service)}</li>' for service in s.setting.services)}"
        "</ul></dd>\n"
        f"<dt>Data collected</dt><dd>{esc_str(s.setting.period)}</dd>\n"
        f"<dt>Context</dt><dd>{_paras(s.setting.context)}</dd>\n"
        "</dl>\n\n## Sample\n\n"
        f'<p class="synthsite-sample-total">{esc_str(s.sample.total)} participants{perspectives}.</p>\n\n'
        f"{p.participants.block(exclude=p.large)}\n\n"
        '<dl class="synthsite-facts">\n'
        f"<dt>Recruitment</dt><dd>{_paras(s.sample.recruitment)}</dd>\n"
    )
    if s.sample.notes:
        out.append(f"<dt>Notes on the sample</dt><dd>{_paras(s.sample.notes)}</dd>\n")
    relations = p.relations
    out.append(
        "</dl>\n\n## Method\n\n"
        '<dl class="synthsite-facts">\n'
        f"<dt>Design</dt><dd>{esc_str(s.method.design)}</dd>\n"
        f"<dt>Data collection</dt><dd>{_paras(s.method.data_collection)}</dd>\n"
        f"<dt>Analysis</dt><dd>{esc_str(s.method.analysis)}</dd>\n"
        # Its own line: in brackets after the method, "(not reported)" read as if the method were unreported.
        f"<dt>Source cited for the analysis</dt><dd>{esc_str(s.method.analysis_reference)}</dd>\n"
        f"<dt>Ethics</dt><dd>{_paras(s.method.ethics)}</dd>\n"
        "</dl>\n\n## Themes\n\n"
        "<p>The study's themes and subthemes as the paper names and groups them, with quotes and the synthesized "
        f"themes each one {relations[0]}, {relations[1]} or {relations[2]}.</p>\n\n"
    )
    for group in p.view.groups:
        out.append(
            f'<div class="synthsite-theme-group">\n<h3 class="synthsite-theme-group-label">{esc_str(group.label)}</h3>\n'
        )
        for node in group.nodes:
            write_theme(out, node, 4, p.tree)
            out.append("\n")
        out.append("</div>\n\n")
    if p.contributions:
        out.append(f'## Contribution to the synthesis\n\n<ul class="synthsite-contributions"{_exclude(p.large)}>\n')
        for item in p.contributions:
            counts = ", ".join(f"{count} {badge}" for _, count, badge in item.counts)
            out.append(f"<li>{item.link}: {counts}</li>\n")
        out.append("</ul>\n\n")
    out.append('## Limitations\n\n<ul class="synthsite-limitations">\n')
    for lim in p.limitations:
        category = lim.category[:1].upper() + lim.category[1:]
        source = esc_str(lim.source)
        out.append(
            f"<li><strong>{esc_str(category)}</strong> "
            f'<span class="synthsite-source synthsite-source--{source}">({source})</span>: {esc_str(lim.text)}</li>\n'
        )
    out.append(
        "</ul>\n\n## Appraisal\n\n"
        f"<p>{esc_str(s.appraisal.tool)}, appraised by {esc_str(s.appraisal.appraised_by)}.</p>\n\n"
        f"{p.casp.block(exclude=p.large)}\n"
    )
    if s.notes:
        out.append(f'\n## Notes\n\n<ul class="synthsite-notes">\n{_items(s.notes)}</ul>\n')
    if s.review_log:
        out.append(
            '\n<details class="synthsite-review-log" id="review-log">\n'
            "<summary>Review log: the review team's extraction remarks</summary>\n"
            "<p>How this record was extracted: the text copy used, how values were recorded, and what the record "
            "could not represent. These are remarks on the review's own work, not facts about the study.</p>\n"
            f"<ul>\n{_items(s.review_log)}</ul>\n</details>\n"
        )
    return "".join(out)
