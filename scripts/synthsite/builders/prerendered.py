"""Pre-rendered HTML blocks kept away from the Markdown converter, and what a builder still needs from them.

The generated pages are mostly HTML that synthsite built and escaped itself (tables, cite blocks, the heatmap,
a study's themes and quotes). Passing it through Python-Markdown only costs time: the converter stashes every
raw block, MkDocs scans each one again for anchors, and the output is the very same text. `split` swaps each
top-level HTML block of a page for a one-line placeholder (an HTML comment, which every Markdown converter
passes through unchanged) so that only the Markdown (front matter, headings that make the table of contents,
hand-written prose) is converted; `fill` puts the blocks back in the converted page, giving the same HTML.

Because the converter no longer sees the blocks, this module also answers what it used to: the ids they
define (anchors), the links they hold (for the link check) and their searchable text (for the search index).
A block holding a heading with an id stays in the Markdown: it opens a section of the page's search index and
table of contents, which only the converter and the search plugin know how to place.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

BLOCK_TAGS = frozenset(
    "address article aside blockquote details div dl figure footer form header ol p pre section table ul".split()
)
"""Block-level tags (as Python-Markdown counts them) that open a raw HTML block in our templates."""

_PLACEHOLDER = "<!--synthsite-block:{}-->"
_PLACEHOLDER_RE = re.compile(r"<!--synthsite-block:(\d+)-->")
_OPENING = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
_HEADING_WITH_ID = re.compile(r"<h[1-6][^>]*\sid=")
_ID = re.compile(r'id="([^"]+)"')
_HREF = re.compile(r'href="([^"]*)"')
_SECTION_MARKS = re.compile(r'<h([1-6])[^>]*\sid="([^"]+)"|<!--synthsite-block:(\d+)-->')


@dataclass(frozen=True)
class SplitPage:
    markdown: str
    """The page's Markdown with each pre-rendered block replaced by a placeholder line."""
    blocks: tuple[str, ...]
    """The blocks, in page order; placeholder i stands for blocks[i]."""


def _depth(text: str, tag: str, start: int, end: int) -> int:
    """How many `tag` elements `text[start:end]` leaves open."""
    return text.count(f"<{tag} ", start, end) + text.count(f"<{tag}>", start, end) - text.count(f"</{tag}>", start, end)


def split(markdown: str) -> SplitPage:
    """Placeholders for the page's top-level HTML blocks (a block runs, like Python-Markdown's raw HTML, from a
    block-level opening tag at the start of a paragraph to its matching closing tag).

    The page is read as paragraphs (the text between blank lines, `markdown.split("\n\n")`) found by position, so
    that the 40 MB of blocks of a 1,000-study site are not copied paragraph by paragraph: only the Markdown between
    blocks and each block (one slice) are."""
    out: list[str] = []
    blocks: list[str] = []
    size = len(markdown)
    start = 0  # where the current paragraph starts
    while True:
        separator = markdown.find("\n\n", start)
        end = size if separator < 0 else separator
        opening = start
        while opening < end and markdown[opening] == "\n":  # a template's extra blank line: the block starts after it
            opening += 1
        match = _OPENING.match(markdown, opening, end)
        if match is None or match.group(1) not in BLOCK_TAGS or (start == 0 and markdown.startswith("---")):
            out.append(markdown[start:end])
        else:
            tag = match.group(1)
            depth = _depth(markdown, tag, start, end)
            if depth > 0 and separator >= 0:
                end, depth = _run_end(markdown, tag, end, depth)
            out.append(_placed(markdown[start:opening], markdown[opening:end], depth, blocks))
        if end >= size:
            return SplitPage("\n\n".join(out), tuple(blocks))
        start = end + 2


def _run_end(text: str, tag: str, position: int, depth: int) -> tuple[int, int]:
    """Where a block ends that is still `depth` `tag` elements deep at `position` (the end of a paragraph): the end
    of the first paragraph after which none is left open (the end of the text if none), and the depth there.

    Only a paragraph holding a closing tag at which the count falls to zero or below can end the block: the count at
    a paragraph's end is at least the count after its last closing tag."""
    closing = f"</{tag}>"
    size = len(text)
    while True:
        at = text.find(closing, position)
        if at < 0:
            return size, depth + _depth(text, tag, position, size)
        depth += _depth(text, tag, position, at) - 1  # no closing tag before `at`; the one at `at`
        position = at + len(closing)
        if depth > 0:
            continue
        end = text.find("\n\n", position)
        end = size if end < 0 else end
        after = depth + _depth(text, tag, position, end)
        if after <= 0:
            return end, after


def _placed(leading: str, block: str, depth: int, blocks: list[str]) -> str:
    """The paragraph text for a block: a placeholder (the block added to `blocks`), or the block itself where the
    converter must see it (left open at the end of the page, or holding a heading with an id)."""
    trailing = ""
    if block.endswith("\n"):  # the end of the page: keep its newline outside the block
        stripped = block.rstrip("\n")
        trailing, block = block[len(stripped) :], stripped
    if depth > 0 or _HEADING_WITH_ID.search(block):
        return leading + block + trailing
    blocks.append(block)
    return leading + _PLACEHOLDER.format(len(blocks) - 1) + trailing


def join(page: SplitPage) -> str:
    """The page's original Markdown (for builders that get the plain Markdown tree)."""
    return fill(page.markdown, page.blocks)


def fill(text: str, blocks: Sequence[str]) -> str:
    """Put the blocks back where their placeholders are (in Markdown or in the converted HTML)."""
    return _PLACEHOLDER_RE.sub(lambda m: blocks[int(m.group(1))], text)


def ids(blocks: Sequence[str]) -> set[str]:
    """The anchors the blocks define."""
    found: set[str] = set()
    for block in blocks:
        found.update(html.unescape(value) for value in _attribute_values(block, _ID, xlink=False))
    return found


def links(blocks: Sequence[str]) -> Iterator[str]:
    """Every href (and SVG xlink:href) in the blocks, unescaped."""
    for block in blocks:
        for value in _attribute_values(block, _HREF, xlink=True):
            yield html.unescape(value)


def _attribute_values(block: str, pattern: re.Pattern[str], *, xlink: bool) -> Iterator[str]:
    """The values `pattern` (`name="value"`) finds where the name starts an attribute: after whitespace, or for
    `xlink` after whitespace and `xlink:`. The same matches as a pattern starting with `\\s(?:xlink:)?`, found
    several times faster: a pattern with a literal start is searched for, one starting with `\\s` is tried at every
    character of the ~40 MB of blocks a 1,000-study site has. A rejected match resumes one character on, as
    the regular expression would."""
    position = 0
    while (match := pattern.search(block, position)) is not None:
        start = match.start()
        if (start and block[start - 1].isspace()) or (
            xlink and start > 6 and block[start - 7].isspace() and block.startswith("xlink:", start - 6)
        ):
            yield match.group(1)
            position = match.end()
        else:
            position = start + 1


def sections(content: str) -> dict[int, str | None]:
    """Block number -> the id of the heading whose section holds it in the converted page (None: the first
    section, before any heading with an id other than the title's)."""
    placed: dict[int, str | None] = {}
    section: str | None = None
    seen = False
    for match in _SECTION_MARKS.finditer(content):
        if match.group(1) is not None:
            # The search index gives a leading h1's section the page's own address; other headings their id.
            section = None if match.group(1) == "1" and not seen else html.unescape(match.group(2))
        else:
            placed[int(match.group(3))] = section
        seen = True
    return placed


_EXCLUDED_START = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\sdata-search-exclude[\s>=/]")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_SKIPPED = ("script", "style", "object")
_EMPTY_KEPT = re.compile(r"<(p|li|ol|ul|code|pre|sub|sup)>\s*</\1>")
_EXCLUDE = "data-search-exclude"


def _without_excluded(block: str) -> str:
    """The block without the elements marked data-search-exclude (their whole subtree)."""
    if _EXCLUDE not in block:
        return block
    parts: list[str] = []
    position = 0
    while True:
        match = _excluded_start(block, position)
        if match is None:
            parts.append(block[position:])
            return "".join(parts)
        parts.append(block[position : match.start()])
        depth = 0
        cursor = match.start()
        opening = _same_tag(match.group(1))
        while True:
            found = opening.search(block, cursor)
            if found is None:
                return "".join(parts)
            depth += -1 if found.group(1) else 1
            cursor = found.end()
            if depth == 0:
                end = block.find(">", found.start())
                position = end + 1 if end >= 0 else len(block)
                break


def _excluded_start(block: str, position: int) -> re.Match[str] | None:
    """`_EXCLUDED_START.search(block, position)`, started where it can match: `_EXCLUDED_START` alone would try
    every tag of a block (a 1,000-study site's blocks hold ~1.1 million), backtracking through its attributes.

    The first `data-search-exclude` that is an attribute (whitespace before, `\\s>=/` after) decides: a match needs
    one, and one starting before the last `>` ahead of it would have to use an earlier one (there is none)."""
    at = position
    while (at := block.find(_EXCLUDE, at)) >= 0:
        after = block[at + len(_EXCLUDE) : at + len(_EXCLUDE) + 1]
        if at > position and block[at - 1].isspace() and after and (after.isspace() or after in ">=/"):
            closed = block.rfind(">", position, at)
            return _EXCLUDED_START.search(block, closed + 1 if closed >= 0 else position)
        at += 1
    return None


@lru_cache(maxsize=64)
def _same_tag(tag: str) -> re.Pattern[str]:
    """The opening and closing tags of `tag`, to find where an excluded element ends."""
    return re.compile(rf"<(/?){tag}[\s>]")


def search_text(block: str) -> str:
    """The searchable text of a block as the search index holds it: elements marked data-search-exclude left
    out, paragraph, list and code tags kept, every other tag dropped, whitespace collapsed outside <pre>."""
    kept = _without_excluded(block)
    for skipped in _SKIPPED:
        if f"<{skipped}" in kept:
            kept = re.sub(rf"<{skipped}\b.*?</{skipped}>", "", kept, flags=re.DOTALL)
    pieces = _TAG.split(kept)  # text, then (slash, name, text) for each tag: no match object per tag
    out: list[str] = []
    in_pre = 0
    _text(pieces[0], out, in_pre)
    for index in range(1, len(pieces), 3):
        closing, name = pieces[index], pieces[index + 1].lower()
        if name == "pre":
            in_pre += -1 if closing else 1
        if name in _KEPT:
            out.append(f"<{closing}{name}>")
        if pieces[index + 2]:
            _text(pieces[index + 2], out, in_pre)
    text = "".join(out)
    text = _EMPTY_KEPT.sub("", text)
    return text.strip()


def _text(raw: str, out: list[str], in_pre: int) -> None:
    if not raw:
        return
    value = html.escape(html.unescape(raw), quote=False) if "&" in raw or "<" in raw or ">" in raw else raw
    if not in_pre:
        value = " " if value.isspace() else value.replace("\n", " ")
        if value == " " and out and out[-1].endswith(" "):
            return
    out.append(value)
