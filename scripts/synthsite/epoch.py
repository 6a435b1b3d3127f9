"""SOURCE_DATE_EPOCH, the one clock a build may read (https://reproducible-builds.org/specs/source-date-epoch/).

Unset or empty: no timestamps. Otherwise it must be whole seconds since 1970 that name a day a date can show
(up to the year 9999); anything else is an error that stops the command with a message, as the specification
asks, instead of a traceback from deep inside the build (`datetime` refuses years past 9999).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime

LATEST = 253402300799
"""9999-12-31T23:59:59Z, the last second `datetime` can show."""


class EpochError(ValueError):
    """SOURCE_DATE_EPOCH holds something that is not a usable time; the message says what and how to fix it."""


def source_date_epoch(environ: Mapping[str, str] | None = None) -> int | None:
    """The seconds in SOURCE_DATE_EPOCH, None when it is unset or empty; EpochError for any other value."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 12 or int(value) > LATEST:
        shown = value if len(value) <= 30 and value.isprintable() else repr(value[:30])
        raise EpochError(
            f"SOURCE_DATE_EPOCH={shown} is not a time this build can use: give whole seconds since 1970-01-01 "
            f"UTC, at most {LATEST} (the end of the year 9999), e.g. the last commit's: git log -1 --format=%ct"
        )
    return int(value)


def epoch_day(environ: Mapping[str, str] | None = None) -> str | None:
    """The UTC day of SOURCE_DATE_EPOCH as YYYY-MM-DD, or None when it is unset."""
    seconds = source_date_epoch(environ)
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%d")
