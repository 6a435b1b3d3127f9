"""Stage 3, render the synthesis site: every generated page and data file, independent of any site builder.

`render_index` turns an index into a `Site`; `pipeline.generate` (index + render) is the one entry point the
MkDocs plugin and `synthsite pages --out` share, so the two can never drift apart. The registry
(`render.registry`) says which pages there are and which function makes each. Keys are paths relative to the docs directory (`studies/moen-2023/index.md`,
`compare/samples/samples.csv`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from synthsite import cite, gcpause, urls
from synthsite.index import SynthesisIndex
from synthsite.render.downloads import binary_files, data_files
from synthsite.render.pages import render_pages
from synthsite.render.pagespec import listed_urls, members
from synthsite.render.registry import PAGES
from synthsite.render.rendering import Rendering
from synthsite.render.reuse import PageReuse
from synthsite.render.whatchanged import whatchanged_files


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
    binary: dict[str, bytes] = field(default_factory=dict)
    """Docs-relative path -> bytes of a binary download (the findings as .docx)."""


def _edit_sources(index: SynthesisIndex) -> dict[str, str]:
    """Each page's edit link: the registry's source file, and for a study page the study's own file."""
    sources: dict[str, str] = {}
    for spec in PAGES:
        if spec.each == "study":
            for study_id in members(spec, index):
                paths = index.corpus.study_files.get(study_id)
                path = paths[0] if paths else f"synthesis/studies/{study_id}.yaml"
                sources[urls.source_file(spec.url_for(study_id))] = path
        elif spec.source is not None:
            for url in [spec.url_for(item) for item in members(spec, index)] if spec.each else [spec.url]:
                sources[urls.source_file(url)] = spec.source
    return sources


@gcpause.paused()
def render_index(
    index: SynthesisIndex,
    references: Mapping[str, cite.Reference] | None = None,
    reuse: PageReuse | None = None,
) -> Site:
    """Pages and downloads of an index, assembled from the values the page functions return (each page's Markdown
    and the files it owns) and the downloads; `references`, the index's bibliography already formatted by
    `cite.references`, spares formatting it again; `reuse`: the preview's kept study and theme pages
    table rows' CSV, JSON and HTML texts and the findings document.

    Everything this render shares between pages (formatted references, each table's CSV, fingerprint and
    citation) lives in one `Rendering` made here; the index is never written."""
    if reuse is None:
        r = Rendering.of(index, references)
    else:
        reuse.csv_lines.start()
        reuse.json_records.start()
        reuse.table_rows.start()
        r = Rendering.of(index, references, reuse.csv_lines, reuse.json_records, reuse.table_rows)
    outputs = render_pages(r, PAGES, reuse)
    pages = {urls.source_file(url): output.markdown for url, output in outputs.items()}
    owned = {path: text for output in outputs.values() for path, text in output.files.items()}
    listed = frozenset(urls.source_file(url) for url in listed_urls(PAGES))
    files = {**data_files(r, PAGES, reuse), **owned, **whatchanged_files(index)}
    return Site(
        pages=pages,
        files=files,
        sources=_edit_sources(index),
        listed=listed,
        binary=binary_files(r, None if reuse is None else reuse.docx),
    )
