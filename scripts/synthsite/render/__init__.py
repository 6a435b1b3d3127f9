"""Stage 3, render the synthesis site: every generated page and data file, independent of any site builder.

`render_index` turns an index into a `Site`; `pipeline.generate` (index + render) is the one entry point the
MkDocs plugin and `synthsite pages --out` share, so the two can never drift apart. Keys are paths relative to the docs directory (`studies/moen-2023/index.md`,
`compare/samples/samples.csv`).
"""

from __future__ import annotations

from dataclasses import dataclass

from synthsite import gcpause, urls
from synthsite.contrib.schema_reference import schema_reference_markdown
from synthsite.index import SynthesisIndex
from synthsite.load.corpus import BIB_FILE, SYNTHESIS_FILE, THEMES_FILE
from synthsite.render.downloads import data_files
from synthsite.render.pages import render_pages
from synthsite.render.versions import entreq_page, versions_page


@dataclass(frozen=True)
class Site:
    pages: dict[str, str]
    """Docs-relative Markdown path -> Markdown."""
    files: dict[str, str]
    """Docs-relative path -> text of a download."""
    sources: dict[str, str]
    """Docs-relative Markdown path -> the repository file a reader edits to change the page."""
    listed: frozenset[str]
    """Markdown paths of index pages (the rest, study and theme pages, stay out of the navigation)."""


def _edit_sources(index: SynthesisIndex) -> dict[str, str]:
    sources = {
        urls.source_file(urls.HOME): SYNTHESIS_FILE.as_posix(),
        urls.source_file(urls.THEMES): THEMES_FILE.as_posix(),
        urls.source_file(urls.REFERENCES): BIB_FILE.as_posix(),
    }
    for view in index.studies:
        source = index.corpus.sources.get(view.id)
        sources[urls.source_file(urls.study(view.id))] = (
            source.path if source is not None else f"synthesis/studies/{view.id}.yaml"
        )
    for theme_id in index.evidence:
        sources[urls.source_file(urls.theme(theme_id))] = THEMES_FILE.as_posix()
    return sources


@gcpause.paused()
def render_index(index: SynthesisIndex) -> Site:
    """Pages and downloads of an index."""
    pages = {urls.source_file(url): text for url, text in render_pages(index).items()}
    pages[urls.source_file(urls.CONTRIBUTE_SCHEMA)] = schema_reference_markdown()
    pages[urls.source_file(urls.VERSIONS)] = versions_page(index)
    pages[urls.source_file(urls.REPORTING_ENTREQ)] = entreq_page(index)
    listed = frozenset(
        urls.source_file(url)
        for url in (
            urls.HOME,
            urls.STUDIES,
            urls.COMPARE_SAMPLES,
            urls.COMPARE_METHODS,
            urls.COMPARE_LIMITATIONS,
            urls.COMPARE_APPRAISAL,
            urls.THEMES,
            urls.REFERENCES,
            urls.DATA,
            urls.CONTRIBUTE_SCHEMA,
            urls.VERSIONS,
            urls.REPORTING_ENTREQ,
        )
    )
    return Site(pages=pages, files=data_files(index), sources=_edit_sources(index), listed=listed)
