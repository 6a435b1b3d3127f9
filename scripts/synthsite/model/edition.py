"""Which released version a build's content is, or that it differs from the last release.

Every citation, the home page, /findings/ and the downloads state it from this one value, so no page calls
content "released" that no release holds: a release is a record in synthesis/releases.yaml with the data
fingerprint of the content it published, and a build whose data have another fingerprint has unreleased
changes (since the last released version).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SHORT = 12
"""Hexadecimal digits shown of a fingerprint (as for tables: enough to tell versions apart by eye)."""


@dataclass(frozen=True)
class Edition:
    fingerprint: str
    """SHA-256 of this build's data files (`load.fingerprint`), hexadecimal."""
    version: str | None
    """The released version this content is, or the last one released before it; None before any release."""
    released: str | None
    """That version's release date (YYYY-MM-DD)."""
    unreleased: bool
    """True when the data differ from every released version's (or nothing was released yet)."""
    date: str | None = None
    """The build's date (SOURCE_DATE_EPOCH, else the commit's date), None when neither is known."""
    commit: str | None = None
    """The git commit built from, None when not built from a git work tree."""

    @property
    def short(self) -> str:
        return self.fingerprint[:SHORT]

    @property
    def label(self) -> str:
        """ "Version 0.1.0", "Version 0.1.0 with unreleased changes" or "Unreleased draft, no version released
        yet"."""
        if not self.unreleased:
            return f"Version {self.version}"
        if self.version:
            return f"Version {self.version} with unreleased changes"
        return "Unreleased draft, no version released yet"

    def details(self, data: bool = True) -> list[str]:
        """The parts a citation lists: version and release date, or what identifies unreleased content. `data`
        False leaves out the data fingerprint, for the citation of a table, which carries its own content
        fingerprint (so an edit elsewhere in the data does not change a table's citation)."""
        if not self.unreleased:
            return [self.label, f"released {self.released}"]
        parts = [self.label]
        if self.date:
            parts.append(f"site built {self.date}")
        if data:
            parts.append(f"data fingerprint {self.short}")
        if self.commit:
            parts.append(f"commit {self.commit[:SHORT]}")
        return parts

    @property
    def statement(self) -> str:
        """One line for pages and documents: "Version 0.1.0, released 2026-11-23" or the unreleased details."""
        return ", ".join(self.details())

    @property
    def table_statement(self) -> str:
        """The statement beside a table's own content fingerprint (no data fingerprint)."""
        return ", ".join(self.details(data=False))

    def without_data(self) -> Edition:
        """What a table's citation depends on (the preview's reuse digest of study and theme pages)."""
        return replace(self, fingerprint="")

    @property
    def version_field(self) -> str:
        """The version as a citation's `version` field gives it: "0.1.0", "0.1.0 with unreleased changes" or
        "unreleased draft"."""
        if not self.unreleased:
            return str(self.version)
        return f"{self.version} with unreleased changes" if self.version else "unreleased draft"

    @property
    def cell(self) -> str:
        """The version as a download's rows carry it: only what the content decides (no build date or commit),
        so a table's fingerprint moves only when its content or the data do."""
        if not self.unreleased:
            return f"{self.version} (released {self.released})"
        return f"{self.version_field} (data fingerprint {self.short})"

    @property
    def year(self) -> str:
        """The year a citation gives: the release's, or the build's for unreleased content."""
        if not self.unreleased and self.released:
            return self.released[:4]
        if self.date:
            return self.date[:4]
        return self.released[:4] if self.released else "n.d."

    @property
    def cited_date(self) -> str:
        """The date a citation gives (BibTeX `date`): the release's, or the build's for unreleased content."""
        if not self.unreleased and self.released:
            return self.released
        return self.date or ""

    @property
    def package_version(self) -> str:
        """A semantic version for data packages: "0.1.0", or "0.1.0+unreleased.<fingerprint>"."""
        if not self.unreleased:
            return str(self.version)
        return f"{self.version or '0.0.0'}+unreleased.{self.short}"
