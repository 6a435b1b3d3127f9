"""How a quote's source reads: who said it and where it is in the paper, each part saying what it is.

The paper's own speaker labels are often codes ("pp35", "T4") that read like page numbers when printed bare, so a
code is called a participant; a label in words ("Participant 5", "a carer") stays as the paper gives it. The
location (a table, a section) is printed as recorded, and the page, when the record has one, as "p. 12".
"""

from __future__ import annotations

import re

from synthsite.model import Quote, not_reported

SPEAKER_CODE = re.compile(r"[A-Za-z]{0,4}[ -]?[0-9]+[A-Za-z]?")
"""A participant code as papers print them: letters and a number ("pp35", "T4", "P-12", "S3a")."""


def speaker_words(speaker: str) -> str:
    """The speaker as a reader should read it: "participant pp35", "Participant 5", "speaker not reported"."""
    if not_reported(speaker):
        return "speaker not reported"
    if SPEAKER_CODE.fullmatch(speaker):
        return f"participant {speaker}"
    return speaker


def page_words(page: str) -> str:
    """ "p. 12" for a page, "pp. 12–13" for a range."""
    first, _, last = page.partition("-")
    return f"pp. {first}–{last}" if last else f"p. {first}"


def quote_source(quote: Quote) -> str:
    """The line under a quote (plain text; escape it where it goes): speaker; location; page."""
    parts = [speaker_words(quote.speaker), quote.location]
    if quote.page:
        parts.append(page_words(quote.page))
    return "; ".join(parts)
