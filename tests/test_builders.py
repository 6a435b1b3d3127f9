"""Builder independence: the `synthsite pages --config` tree builds with Zensical as well as with MkDocs, offline,
and both sites have the same pages, search entries, Highwire meta tags and packaged assets.

The fixture corpus is `mini` (hostile text in titles and fields), with the repository's docs/ and the
mkdocs.yml that `synthsite init` writes.
Both builds run in a network namespace without network where the machine allows one (root in CI).
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest
import yaml
from click.testing import CliRunner

from httpsite import serve_folder
from sitebuild import EPOCH, MINI, REPO
from synthsite.builders import packaged, standalone
from synthsite.cli import main
from synthsite.contrib import init as starter

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("builders")]


def _offline() -> list[str]:
    """`unshare -n` (no network at all) where this machine allows it, else nothing."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True, check=False).returncode == 0:
        return [unshare, "-n"]
    return []


def _run(args: list[str], cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    done = subprocess.run([*_offline(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One `pages --config` tree, built once by each builder."""
    work = tmp_path_factory.mktemp("builders")
    project = work / "project"
    shutil.copytree(MINI, project)
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy(REPO / "CONTRIBUTING.md", project / "CONTRIBUTING.md")  # the contribute page is made from it
    # the starter's mkdocs.yml (from `synthsite init`): its nav lists only the hand-written pages, so every
    # generated page reaches the navigation through the registry, as the plugin or the written config puts it
    starter_config = starter.project_files(
        title="Mini", site_url="https://example.org/mini/", repository_url="https://example.org/r", requirement="x"
    )["mkdocs.yml"]
    (project / "mkdocs.yml").write_text(str(starter_config), encoding="utf-8")
    out, config = work / "build" / "docs", work / "build" / "mkdocs.yml"
    result = CliRunner().invoke(
        main,
        ["pages", "--root", str(project), "--out", str(out), "--config", str(config)],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.exit_code == 0, result.output
    _run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(work / "mkdocs")], work
    )
    _run([sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config)], config.parent)
    return {"mkdocs": work / "mkdocs", "zensical": config.parent / "site", "config": config}


class _Head(HTMLParser):
    """Collects the citation_* meta tags (values unescaped: the builders escape '/' differently) and script sources."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self.nav: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        name = values.get("name") or ""
        if tag == "meta" and name.startswith("citation_"):
            self.meta.append((name, values.get("content") or ""))
        if tag == "script" and values.get("src"):
            self.scripts.append(str(values["src"]))
        href = values.get("href") or ""
        if tag == "a" and "md-nav__link" in (values.get("class") or "").split() and not href.startswith("#"):
            self.nav.append(urljoin("https://site.example/", href))  # the builders spell relative links apart


def _head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def _search_locations(site: Path) -> set[str]:
    """Every search entry's location: MkDocs' search plugin and Zensical write different files and keys."""
    mkdocs_index = site / "search" / "search_index.json"
    if mkdocs_index.is_file():
        return {doc["location"] for doc in json.loads(mkdocs_index.read_text(encoding="utf-8"))["docs"]}
    return {item["location"] for item in json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]}


def test_the_same_pages_exist_in_both(built: dict[str, Path]) -> None:
    pages = _pages(built["mkdocs"])
    assert {"index.html", "studies/smith-2020-hope/index.html", "themes/hope/index.html"} <= pages
    assert _pages(built["zensical"]) == pages


def test_the_same_search_entries_exist_in_both(built: dict[str, Path]) -> None:
    locations = _search_locations(built["mkdocs"])
    assert "studies/smith-2020-hope/" in locations and "themes/hope/" in locations
    assert _search_locations(built["zensical"]) == locations


def test_the_same_highwire_meta_tags_on_every_page(built: dict[str, Path]) -> None:
    study = "studies/smith-2020-hope/index.html"
    expected = _head(built["mkdocs"] / study).meta
    assert ("citation_title", "Hope at work: <b>staff</b> voices") in expected  # the bib's markup stays text
    assert ("citation_doi", "10.1234/mini.1") in expected
    for page in sorted(_pages(built["mkdocs"])):
        assert _head(built["zensical"] / page).meta == _head(built["mkdocs"] / page).meta, page


def _edit_links(page: Path) -> list[str]:
    return [html.unescape(link) for link in re.findall(r'<a href="([^"]*)"[^>]*rel="edit"', page.read_text("utf-8"))]


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_edit_links_point_at_the_file_to_edit_in_both(built: dict[str, Path], builder: str) -> None:
    """A generated page's edit link opens its data file, a hand-written page its own file, the contribute page
    CONTRIBUTING.md; a page with nothing to edit (an index of generated tables) has none."""
    site, base = built[builder], "https://example.org/r/edit/main/docs/"
    study = _edit_links(site / "studies/smith-2020-hope/index.html")
    assert [posixpath.normpath(link.removeprefix("https://example.org")) for link in study] == [
        "/r/edit/main/synthesis/studies/smith-2020-hope.yaml"
    ]
    assert _edit_links(site / "architecture/index.html") == [base + "architecture.md"]
    assert [
        posixpath.normpath(link.removeprefix("https://example.org"))
        for link in _edit_links(site / "contribute/index.html")
    ] == ["/r/edit/main/CONTRIBUTING.md"]
    assert _edit_links(site / "studies/index.html") == []


def test_the_same_navigation_with_the_registrys_pages(built: dict[str, Path]) -> None:
    """The plugin merges the registry's pages into the nav; the written config carries that merged nav."""
    nav = _head(built["mkdocs"] / "index.html").nav
    wanted = ("studies/", "compare/samples/", "themes/", "references/", "data/", "contribute/schema/")
    assert {f"https://site.example/{page}" for page in wanted} <= set(nav)
    assert _head(built["zensical"] / "index.html").nav == nav


def test_packaged_assets_and_licences_are_served_and_loaded_by_both(built: dict[str, Path]) -> None:
    for builder in ("mkdocs", "zensical"):
        site = built[builder]
        for path, content in packaged.static_files().items():
            assert (site / path).read_bytes() == content, (builder, path)
        assert (site / "assets/vendor/tablesort/LICENSE").is_file()
        scripts = _head(site / "compare/samples/index.html").scripts
        ours = [next(s for s in scripts if s.endswith(name)) for name in packaged.EXTRA_JAVASCRIPT]
        assert [scripts.index(s) for s in ours] == sorted(scripts.index(s) for s in ours), (builder, scripts)


def test_each_builder_keeps_its_own_search_box_and_names_the_dialog(built: dict[str, Path]) -> None:
    """No copied search partial: Zensical's own (a button, already named) stays; Material's gets its name by script."""
    zensical = (built["zensical"] / "index.html").read_text(encoding="utf-8")
    assert 'class="md-search__button"' in zensical
    assert 'role="dialog" aria-label="Search"' in zensical
    mkdocs = (built["mkdocs"] / "index.html").read_text(encoding="utf-8")
    assert 'class="md-search__input"' in mkdocs
    assert 'dialog.setAttribute("aria-label"' in mkdocs


def test_the_written_config_has_no_plugin_and_points_at_the_tree(built: dict[str, Path]) -> None:
    config = yaml.safe_load(built["config"].read_text(encoding="utf-8"))
    assert config["plugins"] == ["search"] and "watch" not in config
    assert config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "synthsite-theme"
    assert config["theme"]["variant"] == "classic"  # Zensical's Material look
    assert config["extra_javascript"] == list(packaged.EXTRA_JAVASCRIPT)
    assert (built["config"].parent / "synthsite-theme" / "main.html").is_file()


@pytest.fixture(scope="module")
def zensical_url(built: dict[str, Path]) -> Iterator[str]:
    """The Zensical-built site over HTTP on 127.0.0.1 (a free port)."""
    with serve_folder(built["zensical"]) as url:
        yield url


@pytest.mark.browser
def test_zensical_search_finds_a_theme_with_no_other_host(browser: Browser, zensical_url: str) -> None:
    """Zensical's own search box (kept, not replaced by a copied Material partial) works in a real browser."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    elsewhere: list[str] = []

    def only_this_host(route: Route) -> None:
        if route.request.url.startswith(zensical_url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_host)
    try:
        page.goto(zensical_url)
        page.click(".md-search__button")
        page.keyboard.type("Keeping hope", delay=20)
        options = page.locator("[role=listbox] [role=option]")  # inside Zensical's shadow root; locators pierce it
        options.first.wait_for(timeout=15000)
        assert any("Keeping hope" in text for text in options.all_inner_texts())
    finally:
        page.close()
    assert elsewhere == []


def test_a_projects_own_custom_dir_wins_over_the_packaged_theme_layer(tmp_path: Path) -> None:
    """As with the plugin (custom_dir first in the theme dirs): their main.html, our partials beside it."""
    (tmp_path / "overrides" / "partials").mkdir(parents=True)
    (tmp_path / "overrides" / "main.html").write_text("theirs\n", encoding="utf-8")
    (tmp_path / "overrides" / "partials" / "footer.html").write_text("footer\n", encoding="utf-8")
    files = standalone.theme_tree({"theme": {"name": "material", "custom_dir": "overrides"}}, tmp_path)
    assert files["main.html"] == b"theirs\n" and files["partials/footer.html"] == b"footer\n"
    assert files["synthsite/highwire.html"] == packaged.theme_files()["synthsite/highwire.html"]


def test_pages_config_refuses_a_mkdocs_yml_with_python_tags(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    (project / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions:\n  - !!python/name:os.system\n")
    result = CliRunner().invoke(
        main, ["pages", "--root", str(project), "--out", str(tmp_path / "out"), "--config", str(tmp_path / "c.yml")]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {project / 'mkdocs.yml'}: not plain YAML")
    assert not (tmp_path / "out").exists() and not (tmp_path / "c.yml").exists()


def test_the_theme_layers_navigation_block_is_materials_own_with_the_nav_rendered_once() -> None:
    """The layer's `site_nav` (`builders/sharedblocks.py`, with the navigation and the table of contents inside
    the shared call) copies Material's block: an upgrade of Material that
    changes the block must be copied again, or the plugin's pages would keep the old sidebar."""
    import material

    def block(text: str) -> str:
        start = text.index("{% block site_nav %}") + len("{% block site_nav %}")
        return text[start : text.index("{% endblock %}", start)]

    theirs = block((Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8"))
    ours = block(packaged.theme_files()["main.html"].decode("utf-8"))
    fallback = "{% if synthsite_shared is not defined %}{{ super() }}{% else %}"
    assert ours.startswith(fallback) and ours.endswith("{% endif %}")
    copied = ours.removeprefix(fallback).removesuffix("{% endif %}")
    for part in ("nav", "toc"):
        include = '{% include "partials/' + part + '.html" %}'
        assert theirs.count(include) == 1
        theirs = theirs.replace(
            include, '{% call synthsite_shared("' + part + '", page, nav, config) %}' + include + "{% endcall %}"
        )
    assert copied == theirs


def test_materials_header_reads_nothing_of_the_page_but_its_title() -> None:
    """The layer's `header` (`builders/sharedblocks.py`) is rendered once per folder with a marker for the page's
    title, and each page gets its own title between the text before and after it. That is exact while Material's
    header and every partial it renders read nothing else of the page and write the title as it is; an upgrade of
    Material that changes this must be looked at again."""
    import jinja2
    import jinja2.meta
    import material

    templates = Path(material.__file__).parent / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)))
    base = (templates / "base.html").read_text(encoding="utf-8")
    block = base[base.index("{% block header %}") : base.index("{% endblock %}", base.index("{% block header %}"))]
    assert block.split() == ["{%", "block", "header", "%}", "{%", "include", '"partials/header.html"', "%}"]
    header = (templates / "partials" / "header.html").read_text(encoding="utf-8")
    assert re.findall(r"\bpage\b[\w.]*", header) == ["page.meta", "page.meta.title", "page.meta.title", "page.title"]
    assert "{{ page.meta.title }}" in header and "{{ page.title }}" in header
    seen, pending = set(), ["partials/header.html"]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        source = (templates / name).read_text(encoding="utf-8")
        if name != "partials/header.html":
            assert not re.search(r"\bpage\b", source), name
        pending.extend(found for found in jinja2.meta.find_referenced_templates(env.parse(source)) if found)
    assert "partials/search.html" in seen and "partials/tabs-item.html" in seen
