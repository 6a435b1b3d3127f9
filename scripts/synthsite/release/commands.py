"""`synthsite release ...`: the steps of a release (docs/releasing/), each one command, safe to run again.

bump (version and date in synthesis.yaml and CITATION.cff), changelog (CHANGELOG.md section from `synthsite
changes`), record (the release in synthesis/releases.yaml: first with its data fingerprint, then with its archives),
archive (the data and site archives of a built site, or of any past commit rebuilt from git) and zenodo.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from synthsite.clikit import EXIT_PROBLEMS, EXIT_USAGE, F, FullSummaries, _friendly, require_corpus, root_option
from synthsite.epoch import source_date_epoch
from synthsite.load import RELEASES_FILE
from synthsite.model import ArchiveRecord, CitedCheck, ReleaseLog, ReleaseRecord

VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXAMPLE_TABLE = "compare/samples/samples.csv"
"""The cited table the Versions page shows as a worked check (the one docs/releasing/ uses), when there is one."""


@click.group(cls=FullSummaries)
def release() -> None:
    """Release steps (docs/releasing/): bump, changelog, record, archive, zenodo."""


def manifest_name(version: str) -> str:
    """The file `archive` writes beside the archives: what `record` needs to list them."""
    return f"synthesis-v{version}-release.json"


def _since_option(func: F) -> F:
    return click.option(
        "--since",
        "since",
        default=None,
        metavar="REF",
        help="The previous release (a tag or any git ref); default: the commit recorded for the release before"
        " this one in synthesis/releases.yaml; empty for the first release.",
    )(func)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def previous_commit(releases: tuple[ReleaseRecord, ...], version: str) -> str:
    """The commit of the highest release below `version` ("" when there is none: the first release)."""
    earlier = [r for r in releases if _version_key(r.version) < _version_key(version) and r.commit]
    if not earlier:
        return ""
    return max(earlier, key=lambda r: _version_key(r.version)).commit or ""


def _release_changes(root: Path, since: str, until: str | None = None) -> tuple[Any, bool, str]:
    """(Changes, first release?, the `synthsite changes` Markdown) between `since` and `until` (a ref; None: the
    working tree)."""
    from synthsite.contrib.changes import compare
    from synthsite.contrib.changes_git import GitError, corpus_at
    from synthsite.contrib.changes_report import changes_markdown

    if not since:
        return compare(None, require_corpus(root)), True, ""
    try:
        before, notes = corpus_at(root, since)
        after = require_corpus(root) if until is None else corpus_at(root, until)[0]
        if after is None:
            raise GitError(f"{until} has no synthesis")
    except GitError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    changes = compare(before, after)
    return changes, False, changes_markdown(changes, since, notes)


# ------------------------------------------------------------------------------------------------ bump


def bumped(text: str, keys: tuple[str, str], version: str, date: str) -> str:
    """`text` with its top-level version and date lines set (each must be there once)."""
    for key, value in zip(keys, (version, date), strict=True):
        pattern = re.compile(rf"^{re.escape(key)}:[^\n]*$", re.MULTILINE)
        if len(pattern.findall(text)) != 1:
            raise click.ClickException(f"expected one top-level `{key}:` line")
        text = pattern.sub(f'{key}: "{value}"', text)
    return text


@release.command("bump")
@click.argument("version")
@click.option("--date", "date", required=True, help="The release date, YYYY-MM-DD.")
@root_option
@_friendly
def release_bump(version: str, date: str, root: Path) -> None:
    """Set the version and release date in synthesis/synthesis.yaml and CITATION.cff."""
    if not VERSION_RE.match(version) or not DATE_RE.match(date):
        click.echo("error: give a version like 0.2.0 and a date like 2026-12-04", err=True)
        sys.exit(EXIT_USAGE)
    files = {
        root / "synthesis" / "synthesis.yaml": ("version", "date_released"),
        root / "CITATION.cff": ("version", "date-released"),
    }
    texts = {
        path: bumped(path.read_text(encoding="utf-8"), keys, version, date)
        for path, keys in files.items()
        if path.name == "synthesis.yaml" or path.exists()  # a synthesis may have no CITATION.cff
    }
    for path, text in texts.items():  # both checked before either is written
        path.write_text(text, encoding="utf-8")
        click.echo(f"{path.relative_to(root).as_posix()}: version {version}, {date}")
    require_corpus(root)


# ------------------------------------------------------------------------------------------- changelog


@release.command("changelog")
@root_option
@_since_option
@_friendly
def release_changelog(root: Path, since: str | None) -> None:
    """Write the current version's section of CHANGELOG.md (replacing an earlier one) and print it."""
    from synthsite.release import changelog
    from synthsite.release.summary import summary_lines

    corpus = require_corpus(root)
    meta = corpus.meta
    since = previous_commit(corpus.releases, meta.version) if since is None else since
    changes, first, report = _release_changes(root, since)
    lines = summary_lines(changes, first=first)
    body = "\n".join(f"- {line}" for line in lines)
    if report:
        body += "\n\n" + changelog.section_body(report)
    path = root / changelog.CHANGELOG_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(changelog.with_section(text, meta.version, meta.date_released, body), encoding="utf-8")
    click.echo(f"## {meta.version} ({meta.date_released})\n\n{body}")


@release.command("notes")
@root_option
@_friendly
def release_notes(root: Path) -> None:
    """Print the CHANGELOG.md section of synthesis.yaml's version (the release notes); exit 1 if there is none."""
    from synthsite.release import changelog

    meta = require_corpus(root).meta
    path = root / changelog.CHANGELOG_FILE
    body = changelog.section(path.read_text(encoding="utf-8") if path.exists() else "", meta.version)
    if body is None:
        click.echo(f"error: {changelog.CHANGELOG_FILE} has no section for {meta.version}", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(body)


# --------------------------------------------------------------------------------------------- archive


@release.command("archive")
@click.option(
    "--ref",
    default=None,
    metavar="REF",
    help="Rebuild this git commit (tag, branch, commit) in a scratch copy with its own code, then archive it;"
    " offline, so the site archive browses from disk; without it, archive the site already built in --site"
    " (build it with `make offline` for the same).",
)
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@root_option
@_friendly
def release_archive(ref: str | None, site_dir: Path, out: Path, root: Path) -> None:
    """Write the data and site archives (deterministic zips) and their SHA-256, and check every cited fingerprint.

    Also writes synthesis-vVERSION-release.json beside them, which `synthsite release record` reads.
    """
    from synthsite.load.fingerprint import corpus_fingerprint, tree_fingerprint
    from synthsite.provenance import head_commit
    from synthsite.release.archive import ZIP_EPOCH, check_cited, make_archives
    from synthsite.release.rebuild import RebuildError, build_tree, export_tree, release_of, resolve

    with tempfile.TemporaryDirectory(prefix="synthsite-release-") as scratch_name:
        scratch = Path(scratch_name)
        if ref is not None:
            try:
                commit = resolve(root, ref)
                tree = export_tree(root, commit, scratch / "tree")
                version, date = release_of(tree)
                fingerprint = tree_fingerprint(tree)
                click.echo(f"building {commit.sha[:12]} (version {version}) in a scratch copy ...", err=True)
                site_dir = scratch / "site"
                build_tree(tree, site_dir, commit, scratch)
            except RebuildError as exc:
                click.echo(f"error: {exc}", err=True)
                sys.exit(EXIT_PROBLEMS)
            sha: str | None = commit.sha
            epoch = commit.epoch
        else:
            corpus = require_corpus(root)
            version, date, fingerprint = corpus.meta.version, corpus.meta.date_released, corpus_fingerprint(corpus)
            head = head_commit(root)
            sha = head[0] if head else None
            checked_epoch = source_date_epoch()
            epoch = ZIP_EPOCH if checked_epoch is None else checked_epoch
        try:
            made = make_archives(site_dir, out, version, epoch)
            checked = check_cited(site_dir, next(a.path for a in made if a.kind == "data"))
        except FileNotFoundError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except ValueError as exc:
            click.echo(f"error: a cited fingerprint does not match the archive: {exc}", err=True)
            sys.exit(EXIT_PROBLEMS)
    example = next((c for c in checked if c.table == EXAMPLE_TABLE), checked[0] if checked else None)
    manifest = {
        "version": version,
        "date": date,
        "fingerprint": fingerprint,
        "commit": sha,
        "archives": [{"kind": a.kind, "name": a.path.name, "sha256": a.sha256, "bytes": a.bytes} for a in made],
        "cited_tables": len(checked),
        "cited_example": {"table": example.table, "fingerprint": example.fingerprint} if example else None,
    }
    (out / manifest_name(version)).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for archive in made:
        click.echo(f"{archive.kind}\t{archive.path.name}\t{archive.sha256}\t{archive.bytes}")
    click.echo(f"{len(checked)} cited table fingerprints match the data archive", err=True)


# ---------------------------------------------------------------------------------------------- record


def _archive_records(archives: Path, manifest: dict[str, Any], base: str) -> list[ArchiveRecord]:
    """The archives the manifest lists, each checked against the file beside it."""
    records = []
    for item in manifest["archives"]:
        path = archives / item["name"]
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != item["sha256"]:
            raise click.ClickException(f"{path} is missing or is not the archive `release archive` wrote")
        records.append(
            ArchiveRecord(
                kind=item["kind"],
                name=item["name"],
                url=f"{base.rstrip('/')}/{item['name']}",
                sha256=item["sha256"],
                bytes=item["bytes"],
            )
        )
    return sorted(records, key=lambda record: record.kind)


@release.command("record")
@click.option(
    "--archives",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="The folder `synthsite release archive` wrote; without it, the release is recorded from the working"
    " tree's data, without archives yet (before building them from the release commit).",
)
@click.option("--version", "version", default=None, help="The version to record (default: synthesis.yaml's).")
@click.option(
    "--download-url",
    default="",
    help="Base URL the archives are published under; default: the repository's release download URL.",
)
@root_option
@_since_option
@_friendly
def release_record(
    archives: Path | None, version: str | None, download_url: str, root: Path, since: str | None
) -> None:
    """Add a release (version, date, data fingerprint, changes and archives) to synthesis/releases.yaml."""
    from synthsite.load.fingerprint import corpus_fingerprint
    from synthsite.release.record import dump, with_release
    from synthsite.release.summary import summary_lines

    corpus = require_corpus(root)
    meta = corpus.meta
    version = version or meta.version
    existing = next((r for r in corpus.releases if r.version == version), None)
    if archives is None:
        if version != meta.version:
            raise click.ClickException("without --archives only synthesis.yaml's own version can be recorded")
        manifest: dict[str, Any] = {"version": version, "date": meta.date_released, "archives": []}
        manifest["fingerprint"] = corpus_fingerprint(corpus)
        if existing is not None and existing.fingerprint == manifest["fingerprint"]:  # running it again keeps all
            manifest = existing.model_dump(mode="json")
    else:
        path = archives / manifest_name(version)
        if not path.is_file():
            click.echo(f"error: {path} not found: run `synthsite release archive` first", err=True)
            sys.exit(EXIT_USAGE)
        manifest = json.loads(path.read_text(encoding="utf-8"))
    base = download_url or f"{meta.repository_url.rstrip('/')}/releases/download/v{version}"
    since = previous_commit(corpus.releases, version) if since is None else since
    until = manifest.get("commit") if archives is not None else None
    changes, first, _report = _release_changes(root, since, until)
    example = manifest.get("cited_example")
    record = ReleaseRecord(
        version=manifest["version"],
        date=manifest["date"],
        fingerprint=manifest["fingerprint"],
        commit=manifest.get("commit"),
        # lines already recorded for this version (perhaps edited by hand) stay; a new record takes the summary
        changes=list(existing.changes)
        if existing is not None and existing.changes
        else summary_lines(changes, first=first),
        archives=_archive_records(archives, manifest, base)
        if archives is not None
        else [ArchiveRecord(**item) for item in manifest["archives"]],
        cited_tables=manifest.get("cited_tables", 0),
        cited_example=CitedCheck(**example) if example else None,
    )
    log = with_release(ReleaseLog(releases=list(corpus.releases), retired=list(corpus.retired)), record)
    (root / RELEASES_FILE).write_text(dump(log), encoding="utf-8")
    state = f"with {len(record.archives)} archives" if record.archives else "without archives yet"
    click.echo(f"recorded {record.version} in {RELEASES_FILE} {state} ({len(log.releases)} releases)")


# ---------------------------------------------------------------------------------------------- zenodo


@release.command("zenodo")
@root_option
@click.option("--check", is_flag=True, help="Exit 1 if .zenodo.json is not what synthesis.yaml and CITATION.cff give.")
@_friendly
def release_zenodo(root: Path, check: bool) -> None:
    """Write .zenodo.json (the metadata Zenodo archives each GitHub release with) from synthesis.yaml and the
    keywords of CITATION.cff."""
    from synthsite.contrib.zenodo import ZENODO_FILE, citation_keywords, zenodo_text

    text = zenodo_text(require_corpus(root).meta, citation_keywords(root))
    path = root / ZENODO_FILE
    if check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            click.echo(f"{ZENODO_FILE} is out of date: run `synthsite release zenodo`", err=True)
            sys.exit(EXIT_PROBLEMS)
        click.echo(f"{ZENODO_FILE} up to date")
        return
    path.write_text(text, encoding="utf-8")
    click.echo(f"written: {ZENODO_FILE}")
