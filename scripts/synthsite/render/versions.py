"""/versions/: every release with its changes and archives."""

from __future__ import annotations

from synthsite.index import SynthesisIndex
from synthsite.index.edition import version_key
from synthsite.render.env import render
from synthsite.render.pagekit import front_matter
from synthsite.render.pagespec import Page


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
            "fingerprint": r.fingerprint,
            "commit": r.commit,
            "archives": [{**a.model_dump(), "size": _size(a.bytes)} for a in r.archives],
            "data_archive": next((a.name for a in r.archives if a.kind == "data"), None),
            "cited_tables": r.cited_tables,
            "example": r.cited_example,
            "current": not index.edition.unreleased and index.edition.version == r.version,
        }
        for r in sorted(index.corpus.releases, key=lambda r: version_key(r.version), reverse=True)
    ]
    repository = meta.repository_url.rstrip("/")
    changelog = f"{repository}/blob/{meta.default_branch}/CHANGELOG.md"
    return front_matter(spec.title, spec.description) + render(
        "versions.md.j2",
        edition=index.edition,
        releases=releases,
        changelog_url=changelog,
        repository=repository,
    )
