"""Writing synthesis/releases.yaml (the record itself is `model.ReleaseLog`, since loading reads it).

The release workflow appends to it (`synthsite release record`); the /versions/ page lists it. A record is only
written for a release whose archives exist, so the page never points at an archive that was not made.
"""

from __future__ import annotations

import yaml

from synthsite.model import ReleaseLog, ReleaseRecord

HEADER = (
    "# Every published release of the synthesis, newest first. Written by `synthsite release record` in the\n"
    "# release workflow; the /versions/ page lists it. Each archive's SHA-256 lets a reader check a download.\n"
)


def with_release(log: ReleaseLog, record: ReleaseRecord) -> ReleaseLog:
    """The log with `record` first, replacing an earlier record of the same version (re-running is harmless)."""
    others = [r for r in log.releases if r.version != record.version]
    return ReleaseLog(releases=[record, *others], retired=log.retired)


def dump(log: ReleaseLog) -> str:
    data = log.model_dump(mode="json")
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
