"""ASCII slugs for citation keys and package names: "Øresund Ærø" -> "oresund-aero", "Кириллица 2023" ->
"kirillitsa-2023"."""

from __future__ import annotations

import re
import unicodedata

from text_unidecode import unidecode

_TRANSLITERATE = str.maketrans(
    {
        "Ø": "O",
        "ø": "o",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "Þ": "Th",
        "þ": "th",
        "Ð": "D",
        "ð": "d",
        "Đ": "D",
        "đ": "d",
        "Ł": "L",
        "ł": "l",
        "Ħ": "H",
        "ħ": "h",
        "ı": "i",
        "Ŋ": "N",
        "ŋ": "n",
        "ĸ": "k",
    }
)
"""Latin letters that Unicode does not decompose into a base letter and a mark (NFKD alone would drop them,
so "Øresund" became "resund" and different names could share a key)."""


def slug(text: str, limit: int = 60) -> str:
    """ASCII slug: lowercase letters, digits and single hyphens; letters are transliterated, never dropped.

    Latin text keeps the keys it always had (the table above, then Unicode decomposition without the marks);
    what is still not ASCII after that (Cyrillic, Greek, CJK...) is transliterated by text-unidecode, where it
    used to be dropped ("Кириллица 2023" gave "2023")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    if decomposed.isascii():  # most text: nothing to transliterate, and no walk over its characters
        ascii_text = decomposed
    else:
        ascii_text = "".join(char if char.isascii() else unidecode(char) for char in decomposed)
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
