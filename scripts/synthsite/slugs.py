"""ASCII slugs for citation keys and package names: "Øresund Ærø" -> "oresund-aero"."""

from __future__ import annotations

import re
import unicodedata

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
    """ASCII slug: lowercase letters, digits and single hyphens; letters are transliterated, never dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
