"""The edition of a build: the released version whose recorded data fingerprint equals this build's, or the last
release with "unreleased changes" (pure: the date and commit come from the builder)."""

from __future__ import annotations

from synthsite.load.corpus import Corpus
from synthsite.load.fingerprint import corpus_fingerprint
from synthsite.model import ReleaseRecord
from synthsite.model.edition import Edition


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def last_release(releases: tuple[ReleaseRecord, ...]) -> ReleaseRecord | None:
    """The highest released version (the log is kept newest first, but a hand edit may reorder it)."""
    return max(releases, key=lambda record: version_key(record.version), default=None)


def matching_release(releases: tuple[ReleaseRecord, ...], fingerprint: str) -> ReleaseRecord | None:
    """The release that published exactly these data (the highest, should two have)."""
    matching = tuple(record for record in releases if record.fingerprint == fingerprint)
    return last_release(matching)


def edition_of(corpus: Corpus, date: str | None = None, commit: str | None = None) -> Edition:
    fingerprint = corpus_fingerprint(corpus)
    released = matching_release(corpus.releases, fingerprint)
    if released is not None:
        return Edition(fingerprint, released.version, released.date, False, date, commit)
    last = last_release(corpus.releases)
    return Edition(fingerprint, last.version if last else None, last.date if last else None, True, date, commit)


def release_note(corpus: Corpus) -> str | None:
    """Information (never a problem) when synthesis.yaml's version is no longer what its release recorded, or is
    not released yet; None when the data are a recorded release, or when nothing was ever released."""
    if not corpus.releases:
        return None
    fingerprint = corpus_fingerprint(corpus)
    version = corpus.meta.version
    recorded = next((record for record in corpus.releases if record.version == version), None)
    last = last_release(corpus.releases)
    if recorded is None:
        since = f"; the site shows version {last.version} with unreleased changes" if last else ""
        return f"version {version} in synthesis.yaml is not released yet{since}"
    if recorded.fingerprint == fingerprint:
        return None
    return (
        f"the data differ from release {version} (recorded data fingerprint {recorded.fingerprint[:12]}, now"
        f" {fingerprint[:12]}): the site shows them as unreleased changes since {version}; publish them as a new"
        " version (docs/releasing/)"
    )
