"""/findings/: the numbered Summary of Qualitative Findings and the all-findings evidence profile, up front.

The two tables come from `synthsite.index.findings`; this module only decorates their cells for the page (theme
links, confidence badges, links to each study's evidence on the theme page) and names the Word document built
from the same tables. `render.pages.findings` renders the page from `findings_context`.
"""

from __future__ import annotations

from markupsafe import Markup

from synthsite import cite, urls
from synthsite.index import CERQUAL_COMPONENTS, Evidence, SynthesisIndex
from synthsite.index.findings import explanation_after, findings_tables, numbered
from synthsite.render.docx import DOCX_PATH
from synthsite.render.env import esc_str
from synthsite.render.heatmap import evidence_anchor
from synthsite.render.rendering import Rendering
from synthsite.render.tableview import owned_files, table_view
from synthsite.scale import is_large


def _link(target: str, here: str, text: str) -> str:
    return f'<a href="{esc_str(urls.relative(target, here))}">{esc_str(text)}</a>'


def _badge(kind: str, value: str, text: str) -> str:
    return f'<span class="synthsite-{kind} synthsite-{kind}--{esc_str(value.replace(" ", "-"))}">{esc_str(text)}</span>'


def _judgement_cell(badge: str, explanation: str) -> Markup:
    return Markup(f'{badge} <span class="synthsite-explanation">{esc_str(explanation)}</span>')


def _studies_cell(index: SynthesisIndex, found: Evidence, here: str) -> Markup:
    """Each contributing study, linked to its evidence on the theme page; hundreds of them, counted instead."""
    theme_url = urls.theme(found.theme.id)
    studies = found.support.studies
    if is_large(len(studies)):
        return Markup(f"{len(studies)} studies, listed on {_link(theme_url, here, 'the theme page')}")
    large = found.table is not None
    return Markup("; ").join(
        Markup(_link(f"{theme_url}#{evidence_anchor(study_id, large)}", here, index.by_id[study_id].ref.in_text))
        for study_id in studies
    )


def _marked_cell(value: str, css: str, mark: str) -> Markup:
    """A "yes: ..." cell (assessment predates the evidence, contested links) as a badge and its details; the text
    otherwise."""
    head, sep, rest = value.partition(": ")
    if head != "yes":
        return Markup(esc_str(value))
    badge = f'<span class="{css}">{mark}</span>'
    return Markup(f'{badge} <span class="synthsite-explanation">{esc_str(rest)}</span>' if sep else badge)


def findings_context(r: Rendering, here: str) -> tuple[dict[str, object], dict[str, str]]:
    """What findings.md.j2 needs besides the common page values, and the rows files of its two tables."""
    index = r.index
    summary, profile = findings_tables(index)
    summary_html: dict[tuple[int, str], Markup] = {}
    profile_html: dict[tuple[int, str], Markup] = {}
    for row, item in enumerate(numbered(index.crosswalk, index.evidence)):
        theme = item.evidence.theme
        finding = Markup(f"{_link(urls.theme(theme.id), here, theme.label)}. {esc_str(theme.finding)}")
        studies = _studies_cell(index, item.evidence, here)
        confidence = theme.cerqual.confidence
        summary_html[(row, "finding")] = finding
        marks = [
            mark
            for key, css, text in (
                ("assessment_predates_evidence", "synthsite-predates", "predates the evidence"),
                ("contested", "synthsite-contested-mark", "contested"),
            )
            if str(summary.rows[row][key]).startswith("yes")
            for mark in [f' <span class="{css}">{text}</span>']
        ]
        summary_html[(row, "confidence")] = Markup(_badge("confidence", confidence, confidence) + "".join(marks))
        summary_html[(row, "studies")] = studies
        profile_html[(row, "finding")] = finding
        profile_html[(row, "studies")] = studies
        for name in CERQUAL_COMPONENTS:
            component = getattr(theme.cerqual, name)
            profile_html[(row, name)] = _judgement_cell(
                _badge("concern", component.concern, component.concern),
                explanation_after(component.concern, component.explanation),
            )
        overall = f"{confidence} confidence"
        profile_html[(row, "confidence")] = _judgement_cell(
            _badge("confidence", confidence, overall), explanation_after(overall, theme.cerqual.explanation)
        )
        predates = _marked_cell(
            str(summary.rows[row]["assessment_predates_evidence"]), "synthsite-predates", "predates the evidence"
        )
        summary_html[(row, "assessment_predates_evidence")] = predates
        profile_html[(row, "assessment_predates_evidence")] = predates
        contested = _marked_cell(str(summary.rows[row]["contested"]), "synthsite-contested-mark", "contested")
        summary_html[(row, "contested")] = contested
        profile_html[(row, "contested")] = contested
    citation = cite.cite_synthesis(
        index.meta, urls.permalink(index.meta.site_url, here), item_title="Findings", edition=index.edition
    )
    summary_view = table_view(r, here, summary, html=summary_html)
    profile_view = table_view(r, here, profile, html=profile_html)
    return {
        "summary": summary_view,
        "profile": profile_view,
        "docx": urls.relative(DOCX_PATH, here),
        "count": len(summary.rows),
        "cite_html": Markup(citation.apa_html),
        "cite_bibtex": citation.bibtex,
        "themes_link": Markup(_link(urls.THEMES, here, "crosswalk of study themes")),
        "versions_url": urls.relative(urls.VERSIONS, here),
    }, owned_files(summary_view, profile_view)
