"""Proof against hostile study files (issue 5, item 1).

`hostile_corpus.write_hostile_corpus` puts an attack string in every free-text field of the shipped corpus
(script tags, event handlers, `javascript:` links, `{{ 7*7 }}`, raw HTML blocks, formula triggers, RTL and
zero-width characters, emoji, braces and backslashes, very long text). The site built from it with
`mkdocs build --strict` must carry every one of them as inert text: in every page, tooltip, meta tag, search
index entry and download. Each value carries a marker (`ZQX0042`), so the tests can find where it went and
check it arrived whole.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.utils.meta import get_data
from pybtex.database import parse_string

from hostile_corpus import HOSTILE_BIB_TITLE, MARKER, PAYLOADS, leads
from htmltree import Node, parse, parse_file
from synthsite import cite, urls
from synthsite.builders import packaged
from synthsite.index import SynthesisIndex
from synthsite.pipeline import index_corpus
from synthsite.pipeline import validate as validate_corpus
from synthsite.render.env import esc
from synthsite.render.pagekit import front_matter
from synthsite.render.rendering import Rendering
from synthsite.tables import Column, Table, to_csv

MARKED = re.compile(MARKER + r"\d{4}")
SPACE = re.compile(r"[ \t\n\r\f\v\x85\u2028\u2029]+")  # Unicode line and paragraph separators are line breaks too
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""OWASP: a CSV cell starting with one of these is a formula to a spreadsheet."""
STRUCTURAL = {"p", "div", "h3", "option"}
"""Tags whose number follows the data (paragraphs; one group heading per distinct theme group; one filter
option per distinct value, and every hostile value is distinct where real ones may repeat)."""
SEARCH_TAGS = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}
"""The markup Material's search keeps in an entry (its results render `title` and `text` as HTML)."""
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}


def squash(text: str) -> str:
    """Whitespace runs as one space: how a reader sees text (line breaks split into paragraphs included)."""
    return SPACE.sub(" ", text).strip()


def visible_text(node: Node) -> str:
    """Text outside <script> and <style>, with a space at every element boundary."""
    parts: list[str] = []

    def walk(current: Node) -> None:
        for child in current.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in {"script", "style"}:
                parts.append(" ")
                walk(child)
                parts.append(" ")

    walk(node)
    return squash("".join(parts))


def strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)
    elif isinstance(data, str):
        yield data


def marked_values(data: Any) -> dict[str, str]:
    """Marker -> the whole string that carries it."""
    return {marker: text for text in strings(data) for marker in MARKED.findall(text)}


@dataclass(frozen=True)
class Hostile:
    root: Path
    site: Path
    index: SynthesisIndex
    values: dict[str, str]
    """Marker -> the value a contributor wrote, as read from the YAML files."""
    hidden: frozenset[str]
    """Markers the site does not show by design: a subtheme's `group` (it sits under its parent)."""


@pytest.fixture(scope="session")
def hostile(built_hostile: Path) -> Hostile:
    """The hostile corpus and its site (conftest's `built_hostile`, built once per session); tests only read them."""
    root = built_hostile
    site = root / "site"
    corpus, problems = validate_corpus(root)
    assert corpus is not None, [p.format() for p in problems]
    files = [root / "synthesis" / "synthesis.yaml", root / "synthesis" / "themes.yaml"]
    files += sorted((root / "synthesis" / "studies").glob("*.yaml"))
    files += [path for path in [root / "synthesis" / "releases.yaml"] if path.exists()]
    values: dict[str, str] = {}
    for path in files:
        values.update(marked_values(yaml.safe_load(path.read_text(encoding="utf-8"))))
    groups = [
        (theme.parent in {t.id for t in study.themes}, marker)
        for study in corpus.studies
        for theme in study.themes
        for marker in MARKED.findall(theme.group)
    ]
    # a value the data repeat has one payload: hidden only where every one of its places is a subtheme's group
    hidden = {marker for is_sub, marker in groups if is_sub} - {marker for is_sub, marker in groups if not is_sub}
    return Hostile(root, site, index_corpus(corpus), values, frozenset(hidden))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# -------------------------------------------------------------------------------------- the pages


RULES_SHOWN = {"consistency-rules", "unused-acknowledgements"}
"""Which consistency rules fire depends on what explanations and group names say, which the payloads replace; the
rules are tested on their own (test_confidence.py), so these lists are left out of the element count."""


def _outside(node: Node, ids: set[str]) -> Iterator[Node]:
    for child in node.elements():
        if child.attrs.get("id") in ids:
            continue
        yield child
        yield from _outside(child, ids)


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_hostile_site_has_the_same_elements_as_the_real_one(hostile: Hostile, built_site: Path) -> None:
    """Data add no element: per page, every tag but paragraphs and group headings occurs as often as in the
    real site, and the scripts are exactly the real site's (the theme's and our vendored ones)."""
    names = sorted(p.relative_to(hostile.site).as_posix() for p in html_pages(hostile.site))
    assert names == sorted(p.relative_to(built_site).as_posix() for p in html_pages(built_site))
    problems = []
    for name in names:
        mine, real = parse_file(hostile.site / name), parse_file(built_site / name)
        tags = Counter(n.tag for n in _outside(mine, RULES_SHOWN) if n.tag not in STRUCTURAL)
        expected = Counter(n.tag for n in _outside(real, RULES_SHOWN) if n.tag not in STRUCTURAL)
        if tags != expected:
            problems.append(f"{name}: extra {dict(tags - expected)}, missing {dict(expected - tags)}")
        scripts = [(s.attrs.get("src"), squash(s.text())) for s in mine.iter("script")]
        if scripts != [(s.attrs.get("src"), squash(s.text())) for s in real.iter("script")]:
            problems.append(f"{name}: scripts differ from the real site's")
    assert problems == [], "\n".join(problems)


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_no_handler_script_url_or_injected_markup_anywhere(hostile: Hostile) -> None:
    problems = []
    for path in html_pages(hostile.site):
        name = path.relative_to(hostile.site).as_posix()
        tree = parse_file(path)
        for node in tree.iter():
            for attribute, value in node.attrs.items():
                if attribute.startswith("on"):
                    problems.append(f"{name}: <{node.tag} {attribute}>")
                url = re.sub(r"[\x00-\x20]", "", value or "").lower()
                if attribute in URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:", "data:text/html")):
                    problems.append(f"{name}: <{node.tag} {attribute}={value!r}>")
            if node.tag in {"script", "style"} and MARKED.search(node.text()):
                problems.append(f"{name}: data inside <{node.tag}>")
            if node.tag in {"img", "iframe", "object", "embed", "base", "textarea", "svg"} and MARKED.search(
                " ".join(str(v) for v in node.attrs.values())
            ):
                problems.append(f"{name}: <{node.tag}> built from data")
            if node.tag in {"img", "iframe", "object", "embed", "base", "textarea"}:
                problems.append(f"{name}: <{node.tag}> (the real site has none)")
            if node.tag in {"em", "strong", "b", "i", "a", "code"}:  # the elements Markdown or HTML in a value
                text = node.text().strip()  # would have made; their text only (each node's is its whole subtree's)
                if node.tag in {"em", "strong", "b", "i"} and text in {"raw html block", "bold"}:
                    problems.append(f"{name}: Markdown or HTML from data became <{node.tag}>")
                if node.tag == "a" and text == "click me":
                    problems.append(f"{name}: a Markdown link from data became <a href={node.attrs.get('href')!r}>")
                if node.tag == "code" and text in {"tick", "code"}:
                    problems.append(f"{name}: Markdown code from data became <code>")
            if node.tag == "hr":
                problems.append(f"{name}: <hr> (front matter read as Markdown?)")
    assert problems == [], "\n".join(problems[:50])


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_every_value_reads_literally_where_it_is_shown(hostile: Hostile) -> None:
    """Each marker a reader can see sits in its whole value, character for character (entities decoded):
    `<script>` reads as `<script>`, `{{ 7*7 }}` as itself and never as 49."""
    seen: set[str] = set()
    problems = []
    for path in html_pages(hostile.site):
        name = path.relative_to(hostile.site).as_posix()
        text = visible_text(parse_file(path))
        for marker in sorted(set(MARKED.findall(text))):
            seen.add(marker)
            if squash(hostile.values[marker]) not in text:
                problems.append(f"{name}: {marker} does not read as {hostile.values[marker][:80]!r}")
        raw = path.read_text(encoding="utf-8")
        if re.search(MARKER + r"\d{4} 49|49 " + MARKER, raw):
            problems.append(f"{name}: a template expression from data was evaluated")
    assert problems == [], "\n".join(problems[:50])
    assert seen == set(hostile.values) - hostile.hidden, "every field the site shows is on some page"
    literal = [m for m, v in hostile.values.items() if "{{ 7*7 }}" in v and m not in hostile.hidden]
    assert len(literal) > 20 and seen >= set(literal)
    for number, payload in enumerate(PAYLOADS):  # each attack reached a page in both orders
        markers = {m for m in seen if int(m[len(MARKER) :]) % len(PAYLOADS) == number}
        assert {leads(int(m[len(MARKER) :])) for m in markers} == {True, False}, payload


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_tooltips_and_attributes_hold_the_whole_value(hostile: Hostile) -> None:
    """Attributes that carry data (CASP reasons as `title` tooltips, filter values, meta content) hold the
    value itself: a quote in the data cannot close the attribute and open another."""
    where: Counter[tuple[str, str]] = Counter()
    problems = []
    for path in html_pages(hostile.site):
        name = path.relative_to(hostile.site).as_posix()
        for node in parse_file(path).iter():
            for attribute, value in node.attrs.items():
                if not value or not MARKED.search(value):
                    continue
                where[(node.tag, attribute)] += 1
                items = json.loads(value) if attribute == "data-filter-values" else [value]
                for item in items:
                    for marker in MARKED.findall(item):
                        if squash(hostile.values[marker]) not in squash(item):
                            problems.append(f"{name}: <{node.tag} {attribute}> cuts {marker}: {item[:80]!r}")
    assert problems == [], "\n".join(problems[:50])
    assert {attribute for _tag, attribute in where} <= {"title", "content", "value", "data-filter-values", "aria-label"}
    assert where[("span", "title")] >= 36, "every CASP answer on /compare/appraisal/ has its reason as tooltip"


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_titles_descriptions_and_highwire_tags_are_the_plain_values(hostile: Hostile) -> None:
    index = hostile.index
    for view in index.studies:
        tree = parse_file(hostile.site / urls.study(view.id) / "index.html")
        entry = index.corpus.bibliography.entries[view.study.citation]
        tags = [(m.attrs.get("name"), m.attrs.get("content")) for m in tree.iter("meta")]
        highwire = [(n, c) for n, c in tags if (n or "").startswith("citation_")]
        assert highwire == cite.highwire_tags(Rendering.of(index).reference(view), entry), view.id
    moen = parse_file(hostile.site / urls.study("moen-2023") / "index.html")
    title = next(m.attrs.get("content") for m in moen.iter("meta") if m.attrs.get("name") == "citation_title")
    assert title == cite.latex_to_text(HOSTILE_BIB_TITLE)
    assert "<script>alert(1)</script>" in (title or "")
    pages = [(urls.HOME, index.meta.title, index.meta.review_question)]
    pages += [(urls.theme(e.theme.id), e.theme.label, e.theme.finding) for e in index.evidence.values()]
    for page, title_text, description in pages:
        tree = parse_file(hostile.site / page / "index.html")
        shown = squash(next(tree.iter("title")).text())
        assert shown.startswith(squash(title_text)), (page, shown[:80])  # escaped once: reads as written
        metas = {m.attrs.get("name"): m.attrs.get("content") for m in tree.iter("meta")}
        assert metas.get("description") == " ".join(description.split()), page


# ------------------------------------------------------------------------------------- search index


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_search_index_holds_data_only_as_escaped_text(hostile: Hostile) -> None:
    """Material renders a result's `title` and `text` as HTML: entries may hold its kept tags, nothing else,
    and every value must come back whole once the entities are decoded."""
    docs = json.loads((hostile.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    seen: set[str] = set()
    problems = []
    for doc in docs:
        for field in ("title", "text"):
            tree = parse(doc[field])
            for node in tree.iter():
                if node.tag not in SEARCH_TAGS or node.attrs:
                    problems.append(f"{doc['location']}: {field} holds <{node.tag} {node.attrs}>")
            text = visible_text(tree)
            for marker in set(MARKED.findall(text)):
                seen.add(marker)
                if squash(hostile.values[marker]) not in text:
                    problems.append(f"{doc['location']}: {field}: {marker} is not whole")
    assert problems == [], "\n".join(problems[:50])
    assert seen == set(hostile.values) - hostile.hidden


# ---------------------------------------------------------------------------------------- downloads


def _downloads(site: Path, suffix: str) -> list[Path]:
    return sorted(p for p in site.rglob(f"*{suffix}") if "assets" not in p.parts and "search" not in p.parts)


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_csv_downloads_neutralise_formulas(hostile: Hostile) -> None:
    files = _downloads(hostile.site, ".csv")
    assert len(files) > 15
    neutralised = 0
    problems = []
    for path in files:
        name = path.relative_to(hostile.site).as_posix()
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
        if len({len(row) for row in rows}) != 1:
            problems.append(f"{name}: rows of different lengths (a line break split a row)")
        for row in rows[1:]:
            for cell in row:
                if cell.startswith(TRIGGERS):
                    problems.append(f"{name}: formula {cell[:40]!r}")
                if cell.startswith("'") and cell[1:].startswith((*TRIGGERS, "\n")):
                    neutralised += 1
                    cell = cell[1:]
                for marker in MARKED.findall(cell):
                    if hostile.values[marker].replace("\r", "\n") not in cell:
                        problems.append(f"{name}: {marker} is not whole in {cell[:60]!r}")
    assert problems == [], "\n".join(problems[:50])
    assert neutralised > 30


def test_a_carriage_return_cannot_start_a_row_with_a_formula() -> None:
    """csv quotes fields with the line terminator (\\n) but not a bare CR, which spreadsheets read as a row end."""
    table = Table("t", "T", (Column("a", "A"), Column("b", "B")), ({"a": 'note\r=HYPERLINK("http://evil")', "b": "x"},))
    rows = list(csv.reader(io.StringIO(to_csv(table), newline="")))
    assert rows == [["a", "b"], ['note\n=HYPERLINK("http://evil")', "x"]]


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_json_downloads_round_trip_every_value(hostile: Hostile) -> None:
    """studies.json holds exactly what the YAML files hold (tabs, CRs, RTL marks and emoji included)."""
    data = json.loads((hostile.site / "data" / "studies.json").read_text(encoding="utf-8"))
    log = hostile.root / "synthesis" / "releases.yaml"  # the release log is the Versions page's, not a download's
    released = marked_values(yaml.safe_load(log.read_text(encoding="utf-8"))) if log.exists() else {}
    assert marked_values(data) == {marker: v for marker, v in hostile.values.items() if marker not in released}
    tables = [p for p in _downloads(hostile.site, ".json") if not p.name.endswith(".schema.json")]
    tables.remove(hostile.site / "data" / "studies.json")
    tables.remove(hostile.site / "data" / "datapackage.json")  # describes the files; test_datapackage checks it
    assert len(tables) > 15
    for path in tables:
        table = json.loads(path.read_text(encoding="utf-8"))
        for marker, text in marked_values(table["rows"]).items():
            assert hostile.values[marker] in text, (path, marker)


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_bibtex_survives_braces_backslashes_and_markup(hostile: Hostile) -> None:
    """Every .bib download and every cite block (page and JSON) parses with pybtex, one entry each, with no
    field a value could have smuggled in; the hostile title survives exactly."""
    original = hostile.index.corpus.bibliography
    whole = parse_string((hostile.site / "data" / "references.bib").read_text(encoding="utf-8"), "bibtex")
    assert sorted(whole.entries) == sorted(original.entries)
    for key, entry in original.entries.items():
        assert dict(whole.entries[key].fields) == {k: cite.bib_value(v) for k, v in entry.fields.items()}, key
    assert whole.entries["Moen2023"].fields["title"] == HOSTILE_BIB_TITLE
    for view in hostile.index.studies:
        one = parse_string((hostile.site / urls.study(view.id) / f"{view.id}.bib").read_text("utf-8"), "bibtex")
        assert list(one.entries) == [view.study.citation]
    blocks = [
        pre.text()
        for path in html_pages(hostile.site)
        for pre in parse_file(path).iter("pre")
        if "synthsite-cite-bibtex" in (pre.attrs.get("class") or "")
    ]
    blocks += [
        json.loads(path.read_text(encoding="utf-8"))["citation"]["bibtex"]
        for path in _downloads(hostile.site, ".json")
        if path.parent.name != "data"
    ]
    assert len(blocks) > 40
    allowed = {"title", "year", "date", "version", "note", "url", "howpublished", "urldate"}
    for block in blocks:
        parsed = parse_string(block, "bibtex")
        assert len(parsed.entries) == 1
        entry = next(iter(parsed.entries.values()))
        assert set(entry.fields) <= allowed and set(entry.persons) == {"author"}
        assert MARKED.search(cite.latex_to_text(entry.fields["note"] + entry.fields["title"]))


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_ris_has_one_record_per_entry_and_one_line_per_value(hostile: Hostile) -> None:
    files = [hostile.site / "data" / "references.ris"]
    files += [hostile.site / urls.study(v.id) / f"{v.id}.ris" for v in hostile.index.studies]
    for path in files:
        text = path.read_bytes().decode("utf-8")
        lines = [line for line in text.split("\r\n") if line]
        assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", ""), path
        assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines), path
        starts = [line for line in lines if line.startswith("TY  - ")]
        records = len(hostile.index.corpus.bibliography.entries) if path.parent.name == "data" else 1
        assert len(starts) == text.count("ER  - ") == records, path
    titles = (hostile.site / "data" / "references.ris").read_text(encoding="utf-8")
    assert f"TI  - {cite.latex_to_text(HOSTILE_BIB_TITLE)}\n" in titles


# ------------------------------------------------------------------------------------ without a build


@pytest.mark.parametrize("text", [*PAYLOADS, "🧠 [x](javascript:alert(1))", "del\x7f", "nel\x85 ls\u2028", "\ufffe"])
def test_front_matter_reads_back_exactly(text: str) -> None:
    """MkDocs reads front matter with libyaml and keeps all of it as Markdown if that fails; a title like
    `🧠 [x](javascript:...)` then became a live link. Every value must read back as written."""
    block = front_matter(text, text, highwire=[["citation_title", text]])
    body, meta = get_data(block + "body\n")
    assert body == "body\n"
    assert meta["title"] == str(esc(text))
    assert meta["description"] == str(esc(" ".join(text.split())))
    assert meta["highwire"] == [["citation_title", text]]


ROW_HTML_SCRIPTS = ("assets/synthsite-row-html.js", "assets/synthsite-rows.js")
"""The two scripts that handle the rows files' HTML (our own build's, escaped): every other script sets only text."""


def test_page_scripts_never_write_html() -> None:
    """The filters read data from attributes; the browser code must only ever set text, never parse HTML, apart
    from the scripts that read and make the long tables' rows from the build's own rows files."""
    sinks = r"\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|\.html\("
    files = packaged.static_files()
    ours = [path for path in packaged.EXTRA_JAVASCRIPT if not path.startswith("assets/vendor/")]
    assert "assets/synthsite.js" in ours and set(ROW_HTML_SCRIPTS) <= set(ours)
    for path in ours:
        if path not in ROW_HTML_SCRIPTS:
            assert re.findall(sinks, files[path].decode("utf-8")) == [], path


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_the_data_package_of_a_hostile_corpus_validates(hostile: Hostile) -> None:
    """Formula-looking cells, markup, RTL marks and emoji in every table: the package still validates."""
    from frictionless import validate

    report = validate(str(hostile.site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
