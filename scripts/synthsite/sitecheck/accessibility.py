"""An accessibility smoke check of built pages: the problems that can be seen in the HTML itself, without a
browser, so a synthesis repository's `make test` catches them in seconds. It is a smoke check, not an audit:
colour contrast, focus order and anything the page's scripts add need a browser (this project's own suite runs
axe-core in Chromium for those). Rule names follow axe-core's where the rule is the same."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from synthsite.sitecheck.htmltree import Node

UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
"""Inputs whose name comes from their value or that are not shown: no <label> needed."""

HIDDEN_BY_THEME = {"md-toggle"}
"""Classes mkdocs-material's stylesheet hides with `display: none` (its state checkboxes for the drawer, search and
table of contents): assistive technology never meets them, as a browser-based check would see."""


@dataclass(frozen=True)
class Finding:
    """One problem on one page: the element, the rule it breaks, what is wrong and how to fix it."""

    node: Node
    rule: str
    message: str
    fix: str


def _hidden(node: Node) -> bool:
    return node.attrs.get("aria-hidden") == "true" or node.attrs.get("role") in {"presentation", "none"}


def _hidden_by_theme(node: Node) -> bool:
    return bool(HIDDEN_BY_THEME & set((node.attrs.get("class") or "").split()))


def _visible_tree(node: Node) -> Iterator[Node]:
    """Every element a screen reader meets: subtrees marked aria-hidden are left out."""
    for child in node.elements():
        if child.attrs.get("aria-hidden") == "true" or "hidden" in child.attrs or _hidden_by_theme(child):
            continue
        yield child
        yield from _visible_tree(child)


def _accessible_name(node: Node, ids: dict[str, Node]) -> str:
    """The element's name as assistive technology computes it, in the cases static HTML can settle."""
    for attribute in ("aria-label", "title"):
        value = (node.attrs.get(attribute) or "").strip()
        if value:
            return value
    labelled_by = (node.attrs.get("aria-labelledby") or "").split()
    named = " ".join(ids[ref].text().strip() for ref in labelled_by if ref in ids).strip()
    if named:
        return named
    parts = [node.text().strip()]
    parts += [(image.attrs.get("alt") or "").strip() for image in node.iter("img")]
    parts += [(svg.attrs.get("aria-label") or "").strip() for svg in node.iter("svg")]
    parts += [title.text().strip() for title in node.iter("title")]
    return " ".join(part for part in parts if part)


def _html_lang(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    for html in page.iter("html"):
        if not (html.attrs.get("lang") or "").strip():
            yield Finding(html, "html-has-lang", "<html> has no lang", "set `theme.language` in mkdocs.yml")


def _document_title(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    titles = list(page.iter("title"))
    if not any(title.text().strip() for title in titles):
        where = titles[0] if titles else next(page.iter("html"), page)
        yield Finding(where, "document-title", "the page has no title", "give the page a heading or a `title:`")


def _image_alt(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    for image in _visible_tree(page):
        if image.tag == "img" and "alt" not in image.attrs and not _hidden(image):
            source = image.attrs.get("src") or ""
            yield Finding(
                image,
                "image-alt",
                f"image {source!r} has no alt text",
                'describe it: ![what it shows](file.png), or alt="" if it is decoration',
            )


def _link_name(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    for link in _visible_tree(page):
        if link.tag == "a" and "href" in link.attrs and not _accessible_name(link, ids):
            href = link.attrs.get("href") or ""
            yield Finding(link, "link-name", f"link to {href!r} has no text", "give the link words: [words](url)")


def _button_name(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    for button in _visible_tree(page):
        if button.tag == "button" and not _accessible_name(button, ids):
            yield Finding(button, "button-name", "button has no name", "add text or an aria-label")


def _labelled_ids(page: Node) -> set[str]:
    return {label.attrs.get("for") or "" for label in page.iter("label")} - {""}


def _inside_label(page: Node) -> set[int]:
    return {id(control) for label in page.iter("label") for control in label.iter()}


def _form_label(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    labelled = _labelled_ids(page)
    wrapped = _inside_label(page)
    for control in _visible_tree(page):
        if control.tag not in {"input", "select", "textarea"}:
            continue
        if control.tag == "input" and (control.attrs.get("type") or "text") in UNLABELLED_INPUT_TYPES:
            continue
        if control.attrs.get("id") in labelled or id(control) in wrapped or _accessible_name(control, ids):
            continue
        name = control.attrs.get("name") or control.attrs.get("id") or control.tag
        yield Finding(control, "label", f"form field {name!r} has no label", "add a <label for=...> or aria-label")


def _duplicate_id(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    counts = Counter(node.attrs.get("id") for node in page.iter() if node.attrs.get("id"))
    seen: set[str] = set()
    for node in page.iter():
        value = node.attrs.get("id")
        if value and counts[value] > 1 and value in seen:
            yield Finding(
                node,
                "duplicate-id",
                f"id {value!r} is used {counts[value]} times",
                "make each id unique (two headings with the same words get the same anchor)",
            )
        if value:
            seen.add(value)


def _aria_references(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    for node in page.iter():
        for attribute in ("aria-labelledby", "aria-describedby"):
            missing = [ref for ref in (node.attrs.get(attribute) or "").split() if ref not in ids]
            if missing:
                yield Finding(
                    node,
                    "aria-valid-attr-value",
                    f"{attribute} names {', '.join(missing)}, which is not on the page",
                    "point it at an id the page has",
                )


def _heading_one(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    if next(page.iter("body"), None) is not None and next(page.iter("h1"), None) is None:
        yield Finding(
            next(page.iter("body")), "page-has-heading-one", "the page has no <h1>", "start it with a # heading"
        )


def _empty_heading(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    for heading in _visible_tree(page):
        if heading.tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and not _accessible_name(heading, ids):
            yield Finding(heading, "empty-heading", f"<{heading.tag}> has no text", "give the heading words")


def _one_main(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    mains = list(page.iter("main"))
    if len(mains) > 1:
        yield Finding(mains[1], "landmark-no-duplicate-main", "the page has more than one <main>", "keep one")
    if not mains and next(page.iter("body"), None) is not None:
        yield Finding(next(page.iter("body")), "landmark-one-main", "the page has no <main>", "use the theme's")


def _table_header(page: Node, ids: dict[str, Node]) -> Iterator[Finding]:
    for table in page.iter("table"):
        if not _hidden(table) and next(table.iter("th"), None) is None:
            yield Finding(
                table,
                "table-header",
                "a data table has no header cells",
                "give the Markdown table a header row",
            )


Rule = Callable[[Node, dict[str, Node]], Iterator[Finding]]

RULES: tuple[Rule, ...] = (
    _html_lang,
    _document_title,
    _heading_one,
    _one_main,
    _image_alt,
    _link_name,
    _button_name,
    _form_label,
    _empty_heading,
    _table_header,
    _duplicate_id,
    _aria_references,
)


def page_findings(page: Node) -> list[Finding]:
    """Every rule's findings on one parsed page, in document order."""
    ids: dict[str, Node] = {}
    for node in page.iter():
        value = node.attrs.get("id")
        if value and value not in ids:
            ids[value] = node
    findings = [finding for rule in RULES for finding in rule(page, ids)]
    return sorted(findings, key=lambda f: (f.node.line, f.node.col, f.rule))
