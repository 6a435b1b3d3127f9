"""LaTeX and URL cleaning: BibTeX field text to plain Unicode and back, http(s) URLs and DOIs.

Every field is hostile input: decoding never raises, and only checked http(s) URLs become links.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from urllib.parse import quote, urlsplit

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

# -------------------------------------------------------------------------------------- plain text

_PLACEHOLDERS = {
    "\ue000": "\\",
    "\ue001": "{",
    "\ue002": "}",
    "\ue003": "$",
    "\ue004": "%",
    "\ue005": "&",
    "\ue006": "#",
    "\ue007": "_",
    "\ue008": "^",
    "\ue009": "~",
    "\ue00a": "`",
}
_NAMED_SPECIALS = {
    "textbackslash": "\ue000",
    "textbraceleft": "\ue001",
    "textbraceright": "\ue002",
    "textdollar": "\ue003",
    "textasciicircum": "\ue008",
    "textasciitilde": "\ue009",
    "textasciigrave": "\ue00a",
}
_ESCAPED_SPECIALS = {"{": "\ue001", "}": "\ue002", "$": "\ue003", "%": "\ue004", "&": "\ue005", "#": "\ue006"}
_ESCAPED_SPECIALS["_"] = "\ue007"
_NAMED_RE = re.compile(r"\\(" + "|".join(_NAMED_SPECIALS) + r")(?![A-Za-z])\s*(?:\{\})?")
_ESCAPED_RE = re.compile(r"\\([{}$%&#_])")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ue000-\uf8ff]")
_COMMAND_RE = re.compile(r"\\[A-Za-z]+\*?\s*|\\.?")


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) to one space and drop control characters. `str.split`
    knows the same whitespace as `\\s` and is several times faster than substituting every space with a space
    (a thousand study pages cite their records with some 40,000 calls)."""
    if _CONTROL_RE.search(text):
        text = _CONTROL_RE.sub(" ", text)
    return " ".join(text.split())


_PLAIN_LATEX_RE = re.compile(r"[\w\s.:;()/\[\]+=*@|!?,'-]*")
"""Text with no LaTeX command, group, special or ligature character: decoding it only tidies whitespace."""
_LIGATURES = ("--", "''", ",,", "?`", "!`")


@lru_cache(maxsize=4096)
def latex_to_text(latex: str) -> str:
    """Plain Unicode text from a BibTeX field: {\\AA} -> Å, {IAPT} -> IAPT, -- -> –, unknown commands dropped.

    Escaped specials (\\%, \\{, \\textbackslash{}) become the characters; a raw % is text, not a comment.
    Never raises: input latexcodec cannot decode loses its backslashes instead.
    """
    if _PLAIN_LATEX_RE.fullmatch(latex) and not any(ligature in latex for ligature in _LIGATURES):
        return one_line(latex)  # nothing latexcodec would change: skip it (a thousand studies, ten fields each)
    text = _CONTROL_RE.sub(" ", latex)
    text = text.replace("\\\\", " ")
    text = _NAMED_RE.sub(lambda m: _NAMED_SPECIALS[m.group(1)], text)
    text = _ESCAPED_RE.sub(lambda m: _ESCAPED_SPECIALS[m.group(1)], text)
    text = text.replace("%", "\ue004")
    try:
        text = codecs.decode(text, "ulatex")  # type: ignore[call-overload]  # latexcodec decodes str as well
    except (UnicodeDecodeError, ValueError):
        text = text.replace("\\", " ")
    text = _COMMAND_RE.sub("", text)
    text = _single_quotes(text.replace("{", "").replace("}", "").replace("\u00a0", " "))
    for placeholder, char in _PLACEHOLDERS.items():
        text = text.replace(placeholder, char)
    return one_line(text)


_SINGLE_QUOTED_RE = re.compile(r"`([^`']*)'")


def _single_quotes(text: str) -> str:
    """LaTeX `quoted' -> ‘quoted’ (latexcodec turns ``…'' and dashes into typographic characters, not these)."""
    if "`" not in text:
        return text
    return _SINGLE_QUOTED_RE.sub(lambda m: f"\u2018{m.group(1)}\u2019", text).replace("`", "\u2018")


_LIGATURE_CHARS = "-`',?!<>"
_LIGATURE_NEXT = set("-`'<>,")
_TO_LATEX_RE = re.compile(r"[\\{}^~%&$#_`]|[-`',?!<>][-`'<>,]")
"""A character `text_to_latex` escapes, or a ligature pair it breaks."""


def text_to_latex(text: str) -> str:
    """LaTeX for plain text, safe inside a BibTeX value: braces become \\textbraceleft{}, so they stay balanced."""
    plain = one_line(text)
    if not _TO_LATEX_RE.search(plain):
        return plain  # nothing to escape (most text): skip the character loop
    out = []
    for index, char in enumerate(plain):
        if char == "`":
            out.append("\\textasciigrave{}")  # a bare ` is an opening quote in LaTeX
        elif char in _LIGATURE_CHARS and plain[index + 1 : index + 2] in _LIGATURE_NEXT:
            out.append(char + "{}")  # keep "--", "``", "?`" literal instead of becoming dashes and quotes
        elif char == "\\":
            out.append("\\textbackslash{}")
        elif char == "{":
            out.append("\\textbraceleft{}")
        elif char == "}":
            out.append("\\textbraceright{}")
        elif char == "^":
            out.append("\\textasciicircum{}")
        elif char == "~":
            out.append("\\textasciitilde{}")
        elif char in "%&$#_":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _raw_identifier(value: str) -> str:
    """A DOI or URL as written in BibTeX, with LaTeX escapes (\\_, \\%) and braces removed, but nothing decoded."""
    return one_line(re.sub(r"\\([^A-Za-z])", r"\1", value).replace("{", "").replace("}", ""))


_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


@lru_cache(maxsize=4096)
def safe_http_url(value: str | None) -> str | None:
    """The URL, percent-encoded, if it is an absolute http(s) URL with a host; otherwise None (never linked).
    Remembered: a citation checks its URL once as it is made and again as it is rendered as a link."""
    if not value:
        return None
    raw = _raw_identifier(value)
    if not raw or " " in raw:
        return None
    url = quote(raw, safe=_URL_SAFE)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return url


_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_doi(value: str | None) -> str | None:
    """The bare DOI (10.xxxx/...) from a doi field, a doi: prefix or a doi.org URL; None if it is not a DOI."""
    if not value:
        return None
    doi = _DOI_PREFIX_RE.sub("", _raw_identifier(value)).strip()
    return doi if _DOI_RE.match(doi) else None


def doi_url(doi: str) -> str:
    """https://doi.org/<doi>, with characters that are unsafe in a URL percent-encoded (as doi.org advises)."""
    return "https://doi.org/" + quote(doi, safe="/:;()._-~+,=[]!*'@$")
