"""/versions/: every release with its changes and archives."""

from __future__ import annotations

from synthsite.index import SynthesisIndex
from synthsite.index.edition import version_key
from synthsite.render.env import render
from synthsite.render.pagekit import front_matter
from synthsite.render.pagespec import Page
from synthsite.render.rendering import PageOutput, Rendering
from synthsite.render.tableview import owned_files, table_view
from synthsite.tables import CellValue, Column, Table


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"


RETIRED_TABLE = "retired-downloads"
"""Anchor of the table of downloads no longer made."""


def _archived_as(path: str, archives: tuple[str, str | None]) -> str:
    """Where the last release's archives hold a retired file: the site archive at its path, and for a page table's
    CSV the data archive under tables/ (see `release.archive.data_members`)."""
    site, data = archives
    where = f"{site}: {path}"
    if data is not None and path.endswith(".csv"):
        copy = path.removeprefix("data/") if path.startswith("data/tables/") else f"tables/{path}"
        where += f"; {data}: {copy}"
    return where


def retired_table(index: SynthesisIndex) -> Table | None:
    """Every retired download with the last version whose archives hold it (None when nothing was retired)."""
    names = {
        release.version: (
            next((a.name for a in release.archives if a.kind == "site"), f"the site archive of {release.version}"),
            next((a.name for a in release.archives if a.kind == "data"), None),
        )
        for release in index.corpus.releases
    }
    rows: tuple[dict[str, CellValue], ...] = tuple(
        {"path": path, "last_version": group.last_version, "archives": _archived_as(path, names[group.last_version])}
        for group in index.corpus.retired
        for path in group.paths
        if group.last_version in names
    )
    if not rows:
        return None
    return Table(
        RETIRED_TABLE,
        "Downloads no longer made, with the last version that holds each",
        (
            Column("path", "File (path on the site)"),
            Column("last_version", "Last version with it"),
            Column("archives", "Where that version's archives hold it"),
        ),
        rows,
    )


def versions_page(rendering: Rendering, spec: Page) -> PageOutput:
    index = rendering.index
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
    retired = retired_table(index)
    retired_view = table_view(rendering, spec.url, retired, citable=False) if retired is not None else None
    markdown = front_matter(spec.title, spec.description) + render(
        "versions.md.j2",
        edition=index.edition,
        releases=releases,
        retired=retired_view,
        retired_reasons=[(group.reason, group.last_version) for group in index.corpus.retired],
        changelog_url=changelog,
        repository=repository,
    )
    return PageOutput(markdown, owned_files(retired_view))
