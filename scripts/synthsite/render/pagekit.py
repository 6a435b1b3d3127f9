"""The building blocks every page function uses: front matter, the page wrapper, links and common context.

Kept apart from the page functions so that modules adding pages (confidence_pages, confidence_view) use the same
escaping and linking without importing pages.py (which imports them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import TypedDict

from markupsafe import Markup

from synthsite import urls
from synthsite.index import SynthesisIndex
from synthsite.model import SynthesisMeta
from synthsite.model.edition import Edition
from synthsite.render.env import esc, esc_str, render

WIDE = {"hide": ["toc"]}
"""Front matter for table pages: no table of contents column, so wide tables get the room."""


SURROGATE_PAIR = re.compile(r"\\(?:\\|u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})|u(d[89a-f][0-9a-f]{2}))")
"""In JSON text: an escaped backslash (kept), a surrogate pair, or a lone surrogate."""


def _astral(match: re.Match[str]) -> str:
    high, low, lone = match.groups()
    if high and low:
        return f"\\U{0x10000 + ((int(high, 16) - 0xD800) << 10) + int(low, 16) - 0xDC00:08x}"
    return "\\ufffd" if lone else match.group(0)


def yaml_value(value: object) -> str:
    """JSON text that every YAML loader reads back as `value`, for front matter.

    ASCII only (libyaml rejects raw control characters such as U+007F), with characters outside the BMP as
    YAML's `\\U0001f9e0` instead of JSON's surrogate pairs, which libyaml refuses: MkDocs then keeps the
    whole front matter as Markdown, so a title like `🧠 [x](javascript:...)` would become a live link.
    """
    return SURROGATE_PAIR.sub(_astral, json.dumps(value, ensure_ascii=True))


def front_matter(title: str, description: str | None = None, **extra: object) -> str:
    """YAML front matter as JSON values; title and description escaped for Material's raw output."""
    lines = ["---", f"title: {yaml_value(str(esc(title)))}"]
    if description:
        lines.append(f"description: {yaml_value(str(esc(' '.join(description.split()))))}")
    for key, value in extra.items():
        lines.append(f"{key}: {yaml_value(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def page(
    title: str,
    template: str,
    *,
    description: str | None = None,
    front: Mapping[str, object] | None = None,
    **context: object,
) -> str:
    """Front matter plus the rendered template."""
    return front_matter(title, description, **(front or {})) + render(template, **context)


def link(target: str, page_url: str, text: str) -> Markup:
    """An <a> to a site-relative target, from `page_url` (an f-string of escaped parts: a large synthesis makes
    ~100,000 links, and `Markup.format` is several times slower)."""
    return Markup(f'<a href="{esc_str(urls.relative(target, page_url))}">{esc_str(text)}</a>')


class Common(TypedDict):
    """What every page template gets."""

    meta: SynthesisMeta
    here: str
    rel: Callable[[str], str]
    version: str
    date: str
    edition: Edition


def common(index: SynthesisIndex, page_url: str) -> Common:
    return {
        "meta": index.meta,
        "here": page_url,
        "rel": lambda target: urls.relative(target, page_url),
        "version": index.meta.version,
        "date": index.meta.date_released,
        "edition": index.edition,
    }
