"""synthesis/releases.yaml: every published release, with the archives that keep its data and site checkable.

The record belongs to the model because loading reads it (a build's content is "released" only when a record
holds its data fingerprint); `synthsite release record` (`release/record.py`) writes it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictStr

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


class ReleaseLog(Strict):
    releases: list[ReleaseRecord] = Field(default_factory=list)
    """Newest first."""
