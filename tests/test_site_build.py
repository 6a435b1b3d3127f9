"""`mkdocs build --strict` of the real corpus (once per session) and of fixtures, checked in the HTML."""

from __future__ import annotations

import csv
import filecmp
import io
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from pybtex.database import parse_string

from htmltree import parse_file, table_cells
from sitebuild import MINI, REPO, config_for, mkdocs_build
from synthsite import urls
from synthsite.builders import packaged
from synthsite.index import SynthesisIndex
from synthsite.pipeline import index_corpus
from synthsite.pipeline import validate as validate_corpus
from synthsite.render.registry import page_urls, placed_tables
from synthsite.render.rendering import Rendering
from synthsite.tables import FORMULA_TRIGGERS, fingerprint, to_csv

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]
"""The tests of the real site are marked `corpus` one by one: the fixture builds below read no shipped study, so
test_growing_corpus has no reason to build them again on its copy."""

HOSTILE_HTML_TEXT = "*emphasis* <b>x</b> [l](javascript:alert(1)) {{ 7*7 }}"
"""The fixture's hostile value as a reader sees it (the parser decodes entities)."""


@pytest.fixture(scope="module")
def index() -> SynthesisIndex:
    corpus, problems = validate_corpus(REPO)
    assert corpus is not None, [p.format() for p in problems]
    return index_corpus(corpus)


def page_file(site: Path, page: str) -> Path:
    return site / page / "index.html"


def contract_pages(index: SynthesisIndex) -> list[str]:
    return page_urls(index)


@pytest.mark.corpus
def test_every_page_exists_with_content(built_site: Path, index: SynthesisIndex) -> None:
    for page in contract_pages(index):
        path = page_file(built_site, page)
        assert path.is_file(), page
        article = next(parse_file(path).iter("article"))
        assert len(article.text()) > 300, page
    for name in (
        "studies.json",
        "studies.csv",
        "themes.csv",
        "crosswalk.csv",
        "references.bib",
        "references.ris",
        "study.schema.json",
    ):
        assert (built_site / "data" / name).stat().st_size > 100, name


@pytest.mark.corpus
def test_each_study_is_linked_from_the_crosswalk(built_site: Path, index: SynthesisIndex) -> None:
    tree = parse_file(page_file(built_site, urls.THEMES))
    crosswalk = tree.by_id("crosswalk")
    assert crosswalk is not None
    targets = {posixpath.normpath(posixpath.join("themes", a.attrs["href"] or "")) for a in crosswalk.iter("a")}
    for view in index.studies:
        assert f"studies/{view.id}" in targets, view.id
    heading_links = {th.attrs.get("data-column") for th in table_cells(crosswalk)[0] if list(th.iter("a"))}
    assert heading_links == {view.id for view in index.studies}


@pytest.mark.corpus
def test_cite_blocks_hold_version_fingerprint_and_url(built_site: Path, index: SynthesisIndex) -> None:
    for page, table in placed_tables(index):
        tree = parse_file(page_file(built_site, page))
        block = tree.by_id(f"cite-{table.id}")
        assert block is not None, (page, table.id)
        text = block.text()
        url = urls.permalink(index.meta.site_url, page, table.id)
        assert index.edition.label in text  # "Version 0.1.0" or "Version 0.1.0 with unreleased changes"
        if not index.edition.unreleased:
            assert f"released {index.edition.released}" in text
        assert fingerprint(table) in text
        assert url in text
        bibtex = next(block.iter("code")).text()
        entry = next(iter(parse_string(bibtex, "bibtex").entries.values()))
        assert entry.fields["url"] == url
        assert entry.fields["version"].startswith(str(index.edition.version))


def _plain(value: str) -> str:
    """A CSV cell as readers see it on the page (formula neutralisation undone)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


@pytest.mark.corpus
def test_each_csv_parses_back_to_the_table_it_came_from(built_site: Path, index: SynthesisIndex) -> None:
    for page, table in placed_tables(index):
        text = (built_site / page / f"{table.id}.csv").read_text(encoding="utf-8")
        assert text == to_csv(table)
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == table.column_keys()
        html_table = parse_file(page_file(built_site, page)).by_id(table.id)
        assert html_table is not None and html_table.tag == "table"
        head, body = table_cells(html_table)
        shown = [c.key for c in table.columns if c.page]
        assert [th.attrs.get("data-column") for th in head] == shown
        assert len(body) == len(rows) - 1 == len(table.rows)
        if "study" in shown:  # every table naming studies gives their ids in the download, beside the label
            at = rows[0].index("study")
            assert rows[0][at - 1 : at + 1] == ["study_id", "study"], (page, table.id)
        compared = 0
        for csv_row, html_row in zip(rows[1:], body, strict=True):
            by_key = dict(zip(rows[0], csv_row, strict=True))
            for key, td in zip(shown, html_row, strict=True):
                value = by_key[key]
                if any(child.tag != "a" for child in td.elements()):
                    continue  # a rich cell (list of links, badge): its text is checked elsewhere
                assert td.text() == _plain(value), (page, table.id, td.attrs.get("data-column"))
                compared += 1
        assert compared >= len(table.rows), (page, table.id)
        data = json.loads((built_site / page / f"{table.id}.json").read_text(encoding="utf-8"))
        assert data["fingerprint"] == fingerprint(table)


@pytest.mark.corpus
def test_bibtex_downloads_parse_with_pybtex(built_site: Path, index: SynthesisIndex) -> None:
    whole = parse_string((built_site / "data" / "references.bib").read_text(encoding="utf-8"), "bibtex")
    assert sorted(whole.entries) == sorted(Rendering.of(index).references)
    for view in index.studies:
        one = parse_string((built_site / "studies" / view.id / f"{view.id}.bib").read_text(encoding="utf-8"), "bibtex")
        assert list(one.entries) == [view.study.citation]
        ris = (built_site / "studies" / view.id / f"{view.id}.ris").read_text(encoding="utf-8")
        assert ris.count("ER  -") == 1


EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
NAVIGATIONAL = {"canonical", "alternate", "prev", "next", "author", "license"}
"""<link> relations that name a page rather than load a resource."""
CSS_URL = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*['"]?([^'")\s]+)""", re.IGNORECASE)


@pytest.mark.corpus
def test_no_asset_comes_from_another_host(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        tree = parse_file(path)
        for node in tree.iter():
            if node.tag in {"script", "img", "iframe", "source", "audio", "video", "embed", "track"}:
                src = node.attrs.get("src") or ""
                assert not EXTERNAL.match(src), f"{path}: <{node.tag} src={src}>"
            if node.tag == "link" and not NAVIGATIONAL & set((node.attrs.get("rel") or "").lower().split()):
                href = node.attrs.get("href") or ""
                assert not EXTERNAL.match(href), f"{path}: <link href={href}>"
            if node.tag == "style":
                for url in CSS_URL.findall(node.text()):
                    assert not EXTERNAL.match(url), f"{path}: <style> url({url})"
            style = node.attrs.get("style") or ""
            for url in CSS_URL.findall(style):
                assert not EXTERNAL.match(url), f"{path}: style attribute url({url})"
            assert "mermaid" not in " ".join(str(v) for v in node.attrs.values()), path
    for sheet in built_site.rglob("*.css"):
        for url in CSS_URL.findall(sheet.read_text(encoding="utf-8")):
            assert not EXTERNAL.match(url), f"{sheet}: url({url})"
    text = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


@pytest.mark.corpus
def test_vendored_sort_library_ships_with_its_licence(built_site: Path) -> None:
    vendor = built_site / "assets" / "vendor" / "tablesort"
    assert (vendor / "tablesort.min.js").is_file() and (vendor / "tablesort.number.min.js").is_file()
    assert "Permission is hereby granted" in (vendor / "LICENSE").read_text(encoding="utf-8")
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/vendor/tablesort/tablesort.min.js"' in home
    assert 'src="assets/synthsite.js"' in home


@pytest.mark.corpus
def test_every_internal_link_resolves(built_site: Path, index: SynthesisIndex) -> None:
    checked = 0
    ids: dict[Path, set[str]] = {}  # each target page's ids, read once: many links point into the same pages
    for page in contract_pages(index):
        tree = parse_file(page_file(built_site, page))
        for a in tree.iter("a"):
            href = a.attrs.get("href") or ""
            if not href or EXTERNAL.match(href) or href.startswith(("mailto:", "#", "javascript:")):
                continue
            path, _, anchor = href.partition("#")
            target = (built_site / page / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page}: {href}"
            if anchor and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {node.attrs["id"] or "" for node in parse_file(target).iter() if node.attrs.get("id")}
                assert anchor in ids[target], f"{page}: {href}"
            checked += 1
    assert checked > 200


@pytest.mark.corpus
def test_navigation_lists_index_pages_only(built_site: Path, index: SynthesisIndex) -> None:
    nav = next(
        node
        for node in parse_file(built_site / "index.html").iter("nav")
        if "md-nav--primary" in (node.attrs.get("class") or "")
    )
    hrefs = [a.attrs.get("href") or "" for a in nav.iter("a")]
    assert any(href.startswith("studies/") for href in hrefs)
    for view in index.studies:
        assert not any(view.id in href for href in hrefs), view.id
    for theme_id in index.evidence:
        assert not any(theme_id in href for href in hrefs), theme_id


@pytest.mark.corpus
def test_study_pages_have_highwire_tags_and_an_edit_link(built_site: Path, index: SynthesisIndex) -> None:
    rendering = Rendering.of(index)
    for view in index.studies:
        tree = parse_file(page_file(built_site, urls.study(view.id)))
        metas = {(m.attrs.get("name"), m.attrs.get("content")) for m in tree.iter("meta")}
        ref = rendering.reference(view)
        assert ("citation_title", ref.title) in metas
        assert ("citation_publication_date", ref.year) in metas
        if ref.doi:
            assert ("citation_doi", ref.doi) in metas
        edit = f"https://github.com/synthsite/synthsite/edit/main/synthesis/studies/{view.id}.yaml"
        assert edit in {a.attrs.get("href") for a in tree.iter("a")}


@pytest.mark.corpus
def test_the_home_page_cites_the_synthesis_itself_and_every_page_has_open_graph_tags(
    built_site: Path, index: SynthesisIndex
) -> None:
    """A reference manager saves the home page as the versioned synthesis (citation_*), and a shared link shows
    the page's title and description (Open Graph)."""
    meta = index.meta
    home = parse_file(built_site / "index.html")
    names = [(m.attrs.get("name"), m.attrs.get("content")) for m in home.iter("meta") if m.attrs.get("name")]
    assert ("citation_title", meta.title) in names
    assert [v for n, v in names if n == "citation_author"] == [a.name for a in meta.authors]
    edition = index.edition  # the released version, or the last one "with unreleased changes"
    dates = [v for n, v in names if n == "citation_publication_date"]
    assert dates == ([edition.released.replace("-", "/")] if not edition.unreleased else dates)
    assert ("citation_version", edition.version_field) in names
    assert ("citation_public_url", meta.site_url) in names
    properties = {m.attrs.get("property"): m.attrs.get("content") for m in home.iter("meta")}
    assert properties["og:type"] == "website" and properties["og:url"] == meta.site_url
    assert properties["og:title"] == meta.title
    assert properties["og:description"] == " ".join(meta.review_question.split())
    view = index.studies[0]
    study = parse_file(page_file(built_site, urls.study(view.id)))
    properties = {m.attrs.get("property"): m.attrs.get("content") for m in study.iter("meta")}
    assert properties["og:type"] == "article"
    assert properties["og:url"] == meta.site_url + urls.study(view.id).lstrip("/")
    assert properties["og:title"]


def test_footer_text_meets_contrast_in_both_palettes() -> None:
    """The footer's copyright text uses Material's 70 % white, which clears 4.5:1 on the dark footer."""
    css = packaged.static_files()["assets/synthsite.css"].decode("utf-8")
    rule = re.search(r"\.md-copyright,[^{]*\{([^}]*)\}", css)
    assert rule and "var(--md-footer-fg-color--light)" in rule.group(1)
    material = next((REPO / ".venv").glob("lib/python*/site-packages/material/templates/assets/stylesheets"))
    main_css = next(material.glob("main.*.min.css")).read_text(encoding="utf-8")
    light = re.search(r"--md-footer-fg-color--light:#([0-9a-f]{8})", main_css)
    bg = re.search(r"--md-footer-bg-color:#([0-9a-f]{8})", main_css)
    dark = re.search(r"--md-footer-bg-color--dark:#([0-9a-f]{8})", main_css)
    assert light and bg and dark

    def over(colour: str, under: float) -> float:
        value, alpha = int(colour[:2], 16), int(colour[6:], 16) / 255
        return value * alpha + under * (1 - alpha)

    def luminance(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    background = over(dark.group(1), over(bg.group(1), 255.0))  # footer meta bar over the footer, light page
    text = over(light.group(1), background)
    ratio = (luminance(text) + 0.05) / (luminance(background) + 0.05)
    assert ratio >= 4.5


# ----------------------------------------------------------------------------------------- fixtures


def test_hostile_values_render_as_text(built_mini: Path) -> None:
    site = built_mini
    carrying = 0
    for path in site.rglob("*.html"):
        raw = path.read_text(encoding="utf-8")
        assert "<em>emphasis" not in raw and "<b>x</b>" not in raw, path
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", raw, re.IGNORECASE), path
        if HOSTILE_HTML_TEXT in parse_file(path).text():
            carrying += 1
    assert carrying >= 5
    theme = parse_file(site / "themes" / "routines" / "index.html")
    title = next(theme.iter("title")).text()
    assert title.startswith(HOSTILE_HTML_TEXT)
    references = parse_file(site / "references" / "index.html").text()
    assert references.index("(2020a). Hope at work") < references.index("(2020b). Routines and hope")
    assert "site built 2026-01-01" in parse_file(site / "index.html").text()


UNESCAPED = (
    "<script>alert",
    "<img src=x",
    "<b>bold</b>",
    "<em>raw html block</em>",
    "<svg onload",
    "</textarea></table>",
    "<div>\n\n",
)
"""Payload fragments that would only appear in the HTML if a payload escaped its escaping."""


def test_attack_strings_in_every_field_stay_inert(built_hostile: Path) -> None:
    from hostile_corpus import MARKER

    site = built_hostile / "site"  # the strict build of the hostile corpus, shared with test_hostile
    seen = 0
    for path in site.rglob("*.html"):
        raw = path.read_text(encoding="utf-8")
        for fragment in UNESCAPED:
            assert fragment not in raw, f"{path}: {fragment}"
        tree = parse_file(path)
        for node in tree.iter():
            assert not any(name.startswith("on") for name in node.attrs), f"{path}: <{node.tag} {node.attrs}>"
            if node.tag in {"script", "style", "textarea", "img", "iframe"}:
                assert MARKER not in node.text() + " ".join(map(str, node.attrs.values())), path
            for name in ("href", "src"):
                assert not (node.attrs.get(name) or "").strip().lower().startswith("javascript:"), path
        seen += tree.text().count(MARKER)
    assert seen > 200
    rows = list(csv.reader(io.StringIO((site / "data" / "studies.csv").read_text(encoding="utf-8"))))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_invalid_data_fail_before_the_site_is_touched(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(MINI, broken)
    study = broken / "synthesis" / "studies" / "smith-2020-routines.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("n: 4\n", "n: four\n"), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.txt").write_text("previous build", encoding="utf-8")
    result = mkdocs_build(config_for(broken, tmp_path / "config"), site)
    assert result.returncode != 0
    assert "synthesis/studies/smith-2020-routines.yaml:" in result.stderr
    assert (site / "keep.txt").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in site.iterdir()) == ["keep.txt"]


def test_two_builds_are_byte_identical(built_mini: Path, tmp_path: Path) -> None:
    """The session's build of the mini fixture and one made here, in a new process (another hash seed) and
    another folder."""
    first, second = built_mini, tmp_path / "two"
    result = mkdocs_build(config_for(MINI, tmp_path / "config"), second, in_process=False)
    assert result.returncode == 0, result.stderr[-4000:]
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert mismatch == [] and errors == []


@pytest.mark.corpus
def test_ids_are_unique_and_labels_point_at_them(built_site: Path) -> None:
    """Anchors must be unambiguous (tables are cited by them); labels in the content name real controls."""
    for path in sorted(built_site.rglob("*.html")):
        nodes = list(parse_file(path).iter())
        ids = [node.attrs["id"] for node in nodes if node.attrs.get("id")]
        assert len(ids) == len(set(ids)), (path, sorted({i for i in ids if ids.count(i) > 1}))
        known = set(ids)
        for node in (node for article in parse_file(path).iter("article") for node in article.iter()):
            for name in ("for", "aria-labelledby"):
                for target in (node.attrs.get(name) or "").split():
                    assert target in known, (path, node.tag, name, target)
