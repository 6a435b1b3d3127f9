"""synthesis/releases.yaml: every published release, with the archives that keep its data and site checkable.

The record belongs to the model because loading reads it (a build's content is "released" only when a record
holds its data fingerprint); `synthsite release record` (`release/record.py`) writes it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictStr, model_validator

from synthsite.model.vocabulary import Count, IsoDate, ShortText, Strict

Sha256 = Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{64}$")]
Version = Annotated[StrictStr, Field(pattern=r"^\d+\.\d+\.\d+$")]


class ArchiveRecord(Strict):
    kind: Literal["data", "site"]
    """data: every download of that version (data/, with datapackage.json); site: the whole built site."""
    name: ShortText
    """File name, e.g. synthesis-v0.2.0-data.zip."""
    url: Annotated[StrictStr, Field(pattern=r"^https://[^\s\"'<>]+$", max_length=500)]
    """Where the archive is published (the release's download URL, https)."""
    sha256: Sha256
    """SHA-256 of the archive file."""
    bytes: Count
    """Size of the archive file."""


class CitedCheck(Strict):
    """A fingerprint the release's own pages cite, checked against the data archive when it was made."""

    table: ShortText
    """The table's CSV, at its path on the site and under tables/ in the data archive."""
    fingerprint: Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{12}$")]
    """The fingerprint the table's citation gives (the first 12 hex digits of its CSV's SHA-256)."""


class ReleaseRecord(Strict):
    version: Version
    """The released version (synthesis.yaml `version`)."""
    date: IsoDate
    """The release date (synthesis.yaml `date_released`)."""
    fingerprint: Sha256
    """SHA-256 of the released data files (`load.fingerprint`): a build whose data have another has unreleased
    changes."""
    commit: Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{40}$")] | None = None
    """The git commit the release was built from (`synthsite release archive --ref` rebuilds it)."""
    changes: list[ShortText] = Field(default_factory=list)
    """What changed since the previous release, one plain-text line each (from `synthsite changes`)."""
    archives: list[ArchiveRecord] = Field(default_factory=list)
    """The archives of this version."""
    cited_tables: Count = 0
    """How many tables' cited fingerprints were checked against the data archive when it was made (all matched)."""
    cited_example: CitedCheck | None = None
    """One of them, shown on the Versions page as a worked check."""


SitePath = Annotated[
    StrictStr,
    Field(pattern=r"^[A-Za-z0-9_~-][A-Za-z0-9._~-]*(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*$", max_length=300),
]
"""A file's path on the site, relative to its root (no leading slash, no `.` or `..` step, no hidden names)."""


class RetiredDownloads(Strict):
    """Downloads that releases published and later versions no longer make. URLs are a contract: the /versions/
    page lists each one with the last version whose archives hold it."""

    last_version: Version
    """The last release whose archives (its site archive; for a table's CSV, also tables/ in its data archive) hold
    these files: a recorded release."""
    reason: ShortText
    """Why they are no longer made, in one sentence for readers."""
    paths: list[SitePath] = Field(default_factory=list)
    """Each file's path on the site, e.g. studies/moen-2023/casp.csv."""


class ReleaseLog(Strict):
    releases: list[ReleaseRecord] = Field(default_factory=list)
    """Newest first."""
    retired: list[RetiredDownloads] = Field(default_factory=list)
    """Downloads no longer made, with the last release that holds each (listed on /versions/)."""

    @model_validator(mode="after")
    def _retired_in_a_release(self) -> ReleaseLog:
        known = {release.version for release in self.releases}
        for group in self.retired:
            if group.last_version not in known:
                raise ValueError(
                    f"retired downloads name version {group.last_version}, which is not a recorded release "
                    f"(recorded: {', '.join(sorted(known)) or 'none'}): name the last release that published them"
                )
        return self
