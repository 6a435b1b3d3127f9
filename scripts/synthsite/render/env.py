"""The Jinja2 environment for page templates: autoescape always on, data only ever passed as variables.

Templates are files shipped with the package; no string from the corpus is ever compiled as a template,
so `{{ 7*7 }}` in a study file stays text. Values are HTML-escaped on output; only values our own code
marks as `Markup` (built from escaped parts) pass through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from synthsite.render.quotes import quote_source

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""C0 controls (except tab and newlines): Python-Markdown uses STX/ETX in its placeholders."""
BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def _strip_controls(value: object) -> str:
    return CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))


UNUSUAL = re.compile(r"[\x00-\x1f\x7f]")
"""Any control character or line break: most values have none and skip the clean-up."""


def clean(value: object) -> str:
    """Text safe inside an HTML block: no control characters, and no blank line, which would end the block in
    CommonMark-style Markdown and let the rest be read as Markdown (`paragraphs` splits real paragraphs)."""
    text = str(value)
    if not UNUSUAL.search(text):
        return text
    return BLANK_LINES.sub("\n", _strip_controls(text))


NOTHING_TO_DO = re.compile(r"[&<>\"'\x00-\x1f\x7f]")
"""What `esc_str` changes: the characters HTML escaping replaces, and those `clean` looks at."""


def esc(value: object) -> Markup:
    """HTML-escaped text, safe in element content and in quoted attributes."""
    if isinstance(value, Markup):
        return value
    return escape(clean("" if value is None else value))


def esc_str(value: object) -> str:
    """`esc` as a plain str, for HTML our code assembles in bulk (table rows, links): the same characters are
    escaped the same way as markupsafe does, without building a Markup object per value. Most values need
    nothing done, which one search finds out."""
    if type(value) is str and not NOTHING_TO_DO.search(value):
        return value
    if isinstance(value, Markup):
        return str(value)
    text = clean("" if value is None else value)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")
    )


def paragraphs(text: object) -> list[str]:
    """Split text at blank lines, so multi-paragraph values become several <p> elements. Text with no line
    break or control character (most quotes and descriptions) is one paragraph, found with one search."""
    if type(text) is str and not UNUSUAL.search(text):
        stripped = text.strip()
        return [stripped] if stripped else []
    parts = BLANK_LINES.split(_strip_controls(text).strip())
    return [part for part in parts if part.strip()]


def escaped_paragraphs(text: object) -> list[str]:
    """`paragraphs`, each through `esc_str`, for HTML our code assembles in bulk. Text with nothing to escape and
    no line break (most quotes and descriptions) is one paragraph as it is, found with one search instead of two:
    on a study page the searches, over every character of the page's text, cost more than the rest."""
    if type(text) is str and not NOTHING_TO_DO.search(text):
        stripped = text.strip()
        return [stripped] if stripped else []
    return [esc_str(para) for para in paragraphs(text)]


def _finalize(value: object) -> object:
    """Every `{{ value }}` of a template, before escaping: text is `clean`ed. A plain str with nothing unusual
    (nearly all) is handed back after one search, without further calls: a large site has ~500,000 of them."""
    if type(value) is str and not UNUSUAL.search(value):
        return value
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return clean(value)
    return value


FILE_NAME_BREAKS = re.compile(r"([._/-])")


def break_points(name: object) -> Markup:
    """A file name that may wrap only after its dots, dashes, underscores and slashes (`<wbr>`), never mid-word."""
    return Markup(FILE_NAME_BREAKS.sub(r"\1<wbr>", esc_str(name)))


@cache
def environment() -> Environment:
    """One shared environment (templates are compiled once per process). `auto_reload` is off: the templates
    ship with the package and change only with its code, while checking them made every page ask the file
    system for the template's modification time (some 2,000 times per build at 1,000 studies)."""
    env = Environment(
        loader=PackageLoader("synthsite", "templates"),
        auto_reload=False,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["capfirst"] = lambda text: text[:1].upper() + text[1:]
    env.filters["quote_source"] = quote_source
    env.filters["break_points"] = break_points
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def macro(template: str, name: str) -> Callable[..., Markup]:
    """A macro of a template, to render one repeated item outside its page (e.g. a long list's deferred rows)."""
    return getattr(environment().get_template(template).module, name)  # type: ignore[no-any-return]
