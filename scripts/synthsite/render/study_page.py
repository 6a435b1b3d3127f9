"""A study page's body (below its front matter): reference, aim, setting, sample, method, themes, contribution,
limitations, appraisal, notes and review log.

Built in Python rather than with a template because a large synthesis has a thousand study pages: a template's
~190 escaped values per page made their rendering most of a study page's cost. The output is what the template
produced before, character for character, with the same escaping: every value through `esc_str`; only `Markup`
our own code built (the reference, badges, links, the theme tree, the two tables' blocks) passes as it is.
To show a new field of the study record, add its line here (see docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from synthsite.index import StudyView, ThemeNode
from synthsite.model import Limitation
from synthsite.render.env import esc_str, macro, paragraphs
from synthsite.render.study_themes import texts_html
from synthsite.render.tableview import TableView


@dataclass(frozen=True)
class Contribution:
    """One synthesized theme the study contributes to: its link and, per relation, the count and badge."""

    link: Markup
    counts: tuple[tuple[str, int, Markup], ...]


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
    theme_html: Callable[[ThemeNode], Markup]
    large: bool


def _paras(value: object) -> str:
    """`{% for para in value | paragraphs %}<p>{{ para }}</p>{% endfor %}`."""
    return "".join(f"<p>{esc_str(para)}</p>" for para in paragraphs(value))


def _items(values: Iterable[object]) -> str:
    return "".join(f"<li>{esc_str(value)}</li>\n" for value in values)


def _exclude(large: bool) -> str:
    return " data-search-exclude" if large else ""


def study_body(p: StudyPage) -> str:
    """The page's Markdown with its HTML blocks (headings stay Markdown: they make the table of contents)."""
    s = p.view.study
    table_block = macro("_macros.md.j2", "table_block")
    out = [
        '<div class="synthsite-reference">\n'
        f'<p class="synthsite-apa">{p.ref_html}</p>\n'
        f'<p class="synthsite-study-actions"{_exclude(p.large)}>Download the citation: '
        f'<a href="{esc_str(p.bib)}" download>BibTeX</a> · <a href="{esc_str(p.ris)}" download>RIS</a> · '
        f'<a href="{esc_str(p.edit_url)}">Edit this study\'s record</a> (<code>{esc_str(p.source_path)}</code>)</p>\n'
        "</div>\n\n## Aim\n\n",
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
        f"{table_block(p.participants, exclude=p.large)}\n\n"
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
        out += [f"{p.theme_html(node)}\n" for node in group.nodes]
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
        f"{table_block(p.casp, exclude=p.large)}\n"
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
