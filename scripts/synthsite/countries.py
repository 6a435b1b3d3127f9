"""ISO 3166-1 alpha-2 country codes and the English short names used on the site.

The table lives in `country_data.py`, generated from a maintained source (see its `SOURCE`) by
`dev/regen_country_names.py`; a test fails when the checked-in table and the pinned source disagree.
"""

from __future__ import annotations

from synthsite.country_data import COUNTRY_NAMES, SOURCE

__all__ = ["COUNTRY_NAMES", "ISO_3166_ALPHA2", "SOURCE", "country_name"]

ISO_3166_ALPHA2: frozenset[str] = frozenset(COUNTRY_NAMES)
"""Every code the model accepts; each has a name."""


def country_name(code: str) -> str:
    """English name for display; an unknown code (never valid in a study) is shown as it is."""
    return COUNTRY_NAMES.get(code, code)
