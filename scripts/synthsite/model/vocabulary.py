"""The data model's vocabulary: every pattern and limit (ids, countries, dates, sizes), the `not reported`
marker, the value types and word lists the records use, and `Strict`, the base of every record.

Defined once here and imported everywhere (loader, messages, scaffold, schema reference).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StrictStr
from typing_extensions import TypeIs

from synthsite.weburl import WEB_URL_PATTERN

NOT_REPORTED = "not reported"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
ID_MAX_LENGTH = 80
"""Ids (study, theme, domain) are slugs of at most this many characters: they become file names and URLs."""
COUNTRY_PATTERN = r"^[A-Z]{2}$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
VERSION_PATTERN = r"^\d+\.\d+\.\d+$"
CITATION_KEY_PATTERN = r"^[A-Za-z0-9_:.-]+$"
CITATION_KEY_MAX_LENGTH = 80

MAX_FILE_BYTES = 1_000_000
"""Size limit of one YAML data file: a study record is a few hundred lines."""
MAX_BIB_BYTES = 64_000_000
"""Size limit of the bibliography. It holds one entry per study (about 250 bytes each), so it outgrows a study
file's limit at a few thousand studies; it is parsed by pybtex, not YAML, so only its size needs a bound."""

NotReported = Literal["not reported"]


def not_reported(value: object) -> TypeIs[NotReported]:
    """Whether a value is the `not reported` marker. Use it instead of `== NOT_REPORTED`: a type checker then
    knows that, where it is false, `Gender | NotReported` is a `Gender` (an equality test does not narrow)."""
    return value == NOT_REPORTED


WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))]
)
"""Names Windows gives to devices: a file or folder named so (with any extension) cannot be made or opened
there, so an id that becomes a file name (study files, page folders, downloads) must not be one."""


def not_windows_reserved(value: str) -> str:
    """An id, unless Windows reserves it as a device name."""
    if value in WINDOWS_RESERVED:
        raise ValueError(
            f"{value!r} is a device name reserved on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9): a file or "
            "folder cannot be called that there"
        )
    return value


def real_date(value: str) -> str:
    """A YYYY-MM-DD date that exists in the calendar (`2026-02-30` has the form but is no day)."""
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date in the calendar (YYYY-MM-DD, e.g. 2026-02-28)") from None
    return value


Slug = Annotated[
    StrictStr,
    Field(pattern=SLUG_PATTERN, min_length=1, max_length=ID_MAX_LENGTH),
    AfterValidator(not_windows_reserved),
]
Text = Annotated[StrictStr, Field(min_length=1, max_length=20_000)]
ShortText = Annotated[StrictStr, Field(min_length=1, max_length=500)]
Count = Annotated[StrictInt, Field(ge=0, le=10_000_000)]
CountOrNotReported = Annotated[Count | NotReported, Field(union_mode="left_to_right")]
TextOrNotReported = Annotated[Text, Field()]
IsoDate = Annotated[StrictStr, Field(pattern=DATE_PATTERN), AfterValidator(real_date)]
CountryCode = Annotated[StrictStr, Field(pattern=COUNTRY_PATTERN)]
WebUrl = Annotated[StrictStr, Field(pattern=WEB_URL_PATTERN, max_length=500)]
"""An absolute http(s) address with a host (see `weburl`). Every field holding an address uses this type; a
field that may also hold a relative path must say so in its own type."""

Perspective = Literal["service users", "staff", "carers", "mixed"]
"""Whose experience a group or theme speaks for."""
Relation = Literal["supports", "extends", "contradicts"]
"""How a study theme bears on a synthesized theme (reciprocal or refutational translation)."""
NO_LINK = "no link"
ReadingRelation = Literal["supports", "extends", "contradicts", "no link"]
"""How an alternative reading relates a study theme to a synthesized theme: one of the relations, or `no link`
(the study theme does not bear on the finding at all)."""
ThemeLevel = Literal["theme", "subtheme"]
CaspAnswer = Literal["yes", "can't tell", "no"]
LimitationCategory = Literal[
    "sampling",
    "transferability",
    "data collection",
    "analysis",
    "reflexivity",
    "ethics",
    "reporting",
    "other",
]
LimitationSource = Literal["authors", "reviewers"]
UnlinkedReason = Literal["text not available", "outside the review question", "other"]
"""Why a study theme bears on no synthesized theme."""
UNLINKED_REASONS: tuple[str, ...] = UnlinkedReason.__args__  # type: ignore[attr-defined]
Concern = Literal["no or very minor concerns", "minor concerns", "moderate concerns", "serious concerns"]
Confidence = Literal["high", "moderate", "low", "very low"]
RuleId = Literal[
    "adequacy-single-study",
    "coherence-contradicted",
    "limitations-casp-no",
    "overall-above-components",
    "explanation-unlinked-study",
    "same-components-different-overall",
    "same-evidence-different-limitations",
    "single-study-adequacy-differs",
    "explanation-figures",
    "explanation-perspective",
]
"""The consistency rules that compare a CERQual judgement with its evidence (documented on /methods/)."""

PERSPECTIVES: tuple[str, ...] = ("service users", "staff", "carers", "mixed")
CONCERNS: tuple[str, ...] = Concern.__args__  # type: ignore[attr-defined]
CONFIDENCES: tuple[str, ...] = Confidence.__args__  # type: ignore[attr-defined]
RELATIONS: tuple[str, ...] = Relation.__args__  # type: ignore[attr-defined]
SUPPORTING: tuple[str, ...] = ("supports", "extends")
"""The relations that count as evidence for a synthesized theme (`contradicts` is evidence against it)."""
RULE_IDS: tuple[str, ...] = RuleId.__args__  # type: ignore[attr-defined]
HANDLE_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"
Handle = Annotated[StrictStr, Field(pattern=HANDLE_PATTERN)]
"""A reviewer's handle (e.g. a GitHub user name, without @)."""
Version = Annotated[StrictStr, Field(pattern=VERSION_PATTERN)]


class Strict(BaseModel):
    """Base for every record: unknown fields are errors, values are never coerced."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        use_attribute_docstrings=True,
        str_strip_whitespace=False,
    )
