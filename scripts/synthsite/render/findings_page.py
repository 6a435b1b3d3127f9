"""/findings/: the numbered Summary of Qualitative Findings and the all-findings evidence profile, up front.

The two tables come from `synthsite.index.findings`; this module only decorates their cells for the page (theme
links, confidence badges, study links) and offers the Word document built from the same tables.
"""

from __future__ import annotations

from markupsafe import Markup

from synthsite import cite, urls
from synthsite.index import SynthesisIndex
from synthsite.index.findings import CERQUAL_COMPONENTS, DOCX_PATH, findings_tables, numbered
from synthsite.registry import Page
from synthsite.render.env import esc_str
from synthsite.render.tableview import table_view


def _badge(kind: str, value: str, text: str) -> str:
    return f'<span class="synthsite-{kind} synthsite-{kind}--{esc_str(value.replace(" ", "-"))}">{esc_str(text)}</span>'


def _finding_cell(label: str, finding: str, href: str) -> Markup:
    return Markup(f'<a class="synthsite-finding-label" href="{esc_str(href)}">{esc_str(label)}</a>. {esc_str(finding)}')


def _judgement_cell(badge: str, explanation: str) -> Markup:
    return Markup(f'{badge} <span class="synthsite-explanation">{esc_str(explanation)}</span>')


def findings_page(index: SynthesisIndex, spec: Page) -> str:
    """The page's Markdown (front matter plus HTML blocks)."""
    from synthsite.render.pages import _common, link, page  # the page helpers (pages.py imports this module)

    here = spec.url
    summary, profile = findings_tables(index)
    summary_html: dict[tuple[int, str], Markup] = {}
    profile_html: dict[tuple[int, str], Markup] = {}
    for row, item in enumerate(numbered(index.crosswalk, index.evidence)):
        theme = item.evidence.theme
        href = urls.relative(urls.theme(theme.id), here)
        finding = _finding_cell(theme.label, theme.finding, href)
        studies = Markup("; ").join(
            link(urls.theme(theme.id) + f"#study-{study_id}", here, index.by_id[study_id].ref.in_text)
            for study_id in item.evidence.support.studies
        )
        summary_html[(row, "finding")] = finding
        summary_html[(row, "confidence")] = Markup(
            _badge("confidence", theme.cerqual.confidence, theme.cerqual.confidence)
        )
        summary_html[(row, "studies")] = studies
        profile_html[(row, "finding")] = finding
        profile_html[(row, "studies")] = studies
        for name in CERQUAL_COMPONENTS:
            component = getattr(theme.cerqual, name)
            profile_html[(row, name)] = _judgement_cell(
                _badge("concern", component.concern, component.concern), component.explanation
            )
        profile_html[(row, "confidence")] = _judgement_cell(
            _badge("confidence", theme.cerqual.confidence, f"{theme.cerqual.confidence} confidence"),
            theme.cerqual.explanation,
        )
    citation = cite.cite_synthesis(index.meta, urls.permalink(index.meta.site_url, here), item_title="Findings")
    return page(
        spec.title,
        "findings.md.j2",
        front={"hide": ["toc"]},
        description=spec.description,
        summary=table_view(index, here, summary, html=summary_html),
        profile=table_view(index, here, profile, html=profile_html),
        docx=urls.relative(DOCX_PATH, here),
        count=len(summary.rows),
        cite_html=Markup(citation.apa_html),
        cite_bibtex=citation.bibtex,
        themes_link=link(urls.THEMES, here, "crosswalk of study themes"),
        **_common(index, here),
    )
