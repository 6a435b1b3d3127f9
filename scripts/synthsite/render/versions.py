"""/versions/ (every release with its changes and archives) and /reporting/entreq/ pages."""

from __future__ import annotations

from synthsite.index import SynthesisIndex
from synthsite.registry import Page
from synthsite.render.entreq import ENTREQ_URL, entreq_items, links_html, search_context
from synthsite.render.env import render
from synthsite.render.pagekit import WIDE, front_matter


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"


def versions_page(index: SynthesisIndex, spec: Page) -> str:
    meta = index.meta
    releases = [
        {
            "version": r.version,
            "date": r.date,
            "changes": r.changes,
            "archives": [{**a.model_dump(), "size": _size(a.bytes)} for a in r.archives],
        }
        for r in index.corpus.releases
    ]
    changelog = f"{meta.repository_url.rstrip('/')}/blob/{meta.default_branch}/CHANGELOG.md"
    return front_matter(spec.title, spec.description) + render(
        "versions.md.j2",
        version=meta.version,
        date=meta.date_released,
        releases=releases,
        current_released=any(r.version == meta.version for r in index.corpus.releases),
        changelog_url=changelog,
    )


def entreq_page(index: SynthesisIndex, spec: Page) -> str:
    here = spec.url
    return front_matter(spec.title, spec.description, **WIDE) + render(
        "entreq.md.j2",
        items=entreq_items(index),
        links=lambda places: links_html(places, here),
        entreq_url=ENTREQ_URL,
        **search_context(index.meta.search),
    )
