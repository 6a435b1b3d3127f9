"""Pages with the same Markdown skeleton are converted once per build (`builders.conversions`), and each still
gets its own headings, anchors and table of contents; Markdown with links is converted page by page. Material's
navigation (and its footer, configuration and script tags) is rendered once for the generated pages outside it in sibling
folders (`builders.sharedblocks`).
"""

from __future__ import annotations

import html
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from sitebuild import MINI, config_for, mini_with_a_copy, record_rendering

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("preview")]

ORIGINAL, COPY = "studies/smith-2020-routines/index.md", "studies/smith-2020-routines-copy/index.md"


def test_pages_with_the_same_skeleton_are_converted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """...and a page whose conversion is reused makes no Markdown converter (MkDocs makes one per page)."""
    root = mini_with_a_copy(tmp_path)
    converted = record_rendering(monkeypatch, converted_only=True)
    site = tmp_path / "site"
    config_file = config_for(root, tmp_path / "config")
    settings = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    settings["nav"].append({"Hope, as the project labels it": "studies/smith-2020-hope/index.md"})
    # a hand-written page inside the copy's folder: the copy's navigation links to it as "notes/"
    settings["nav"].append({"Notes on the copy": "studies/smith-2020-routines-copy/notes.md"})
    config_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    notes = tmp_path / "config" / "docs" / "studies" / "smith-2020-routines-copy" / "notes.md"
    notes.parent.mkdir(parents=True)
    notes.write_text("# Notes on the copy\n\nWritten by hand.\n", encoding="utf-8")
    config = load_config(str(config_file), site_dir=str(site))
    converters = _converters_by_page(monkeypatch, config)
    shared = _shared_renders(monkeypatch)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()

    assert (ORIGINAL in converted) != (COPY in converted)  # the same skeleton: one conversion for both
    assert "architecture.md" in converted  # a hand-written page with links: converted on its own
    reused = COPY if ORIGINAL in converted else ORIGINAL
    assert reused not in converters and converters.count(ORIGINAL if reused == COPY else COPY) == 1
    for study in ("smith-2020-routines", "smith-2020-routines-copy"):
        page = (site / "studies" / study / "index.html").read_text(encoding="utf-8")
        assert 'id="aim"' in page and 'href="#aim"' in page  # its heading, anchor and table of contents
        assert f"studies/{study}/" in page
    # the navigation, configuration and script tags: made once for the theme pages and the study pages that can
    # share them, each page's own otherwise (the copy, whose folder holds a page of the nav, and the pages the nav
    # names)
    theme_pages = len(list((site / "themes").glob("*/index.html")))
    assert theme_pages > 1
    for part in ("nav", "footer", "config", "scripts", "header", "toc", "styles"):
        assert shared[part] > theme_pages and shared[f"{part} rendered"] <= shared[part] - (theme_pages - 1), part
    # the header is shared with each page's own title in it
    titles = _front_matter_titles(root)
    for page in (
        ORIGINAL,
        COPY,
        *(f"themes/{path.parent.name}/index.md" for path in (site / "themes").glob("*/index.html")),
    ):
        assert _header_title(site, page) == titles[page], page
    original_nav, copy_nav = (_nav(site, page) for page in (ORIGINAL, COPY))
    assert 'href="../smith-2020-routines-copy/notes/"' in original_nav and 'href="notes/"' in copy_nav
    # a generated page the project's nav names keeps the nav's label (MkDocs makes that page, not the plugin)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="studies/smith-2020-hope/"[^>]*>\s*<span[^>]*>\s*Hope, as the project labels it', home)


def _converters_by_page(monkeypatch: pytest.MonkeyPatch, config: MkDocsConfig) -> list[str | None]:
    """The page being read (src_uri) whenever a Markdown converter is made from now on; None outside a page."""
    import markdown

    made: list[str | None] = []
    real_init = markdown.Markdown.__init__

    def init(self: markdown.Markdown, **kwargs: object) -> None:
        page = config._current_page
        made.append(page.file.src_uri if page is not None else None)
        real_init(self, **kwargs)

    monkeypatch.setattr(markdown.Markdown, "__init__", init)
    return made


def _shared_renders(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often the theme asks for each shared part (`nav`, ...) and how often it is rendered (`nav rendered`)."""
    from synthsite.builders.sharedblocks import SharedBlocks

    counts: Counter[str] = Counter()
    real_call = SharedBlocks.__call__

    def call(self: SharedBlocks, part: str, page: Any, nav: Any, config: Any, caller: Callable[[], str]) -> str:
        def counted() -> str:
            counts[f"{part} rendered"] += 1
            return caller()

        counts[part] += 1
        return real_call(self, part, page, nav, config, counted)

    monkeypatch.setattr(SharedBlocks, "__call__", call)
    return counts


def _header_title(site: Path, src_uri: str) -> str:
    """The page title in Material's header (the second topic of its title bar)."""
    text = (site / src_uri.replace(".md", ".html")).read_text(encoding="utf-8")
    topic = text.index('data-md-component="header-topic"')
    match = re.search(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', text[topic:], re.S)
    assert match is not None
    return match.group(1)


def _front_matter_titles(root: Path) -> dict[str, str]:
    """The title the pipeline gives each page (its front matter), as the header writes it."""
    from synthsite.pipeline import generate, validate

    corpus, _ = validate(root, strict=False, config=False)
    assert corpus is not None
    pages = generate(corpus, date="2026-01-01", commit=None).pages
    return {
        src_uri: str(yaml.safe_load(text.split("---\n", 2)[1])["title"])
        for src_uri, text in pages.items()
        if src_uri.startswith(("studies/", "themes/"))
    }


def _nav(site: Path, src_uri: str) -> str:
    """The built page's primary navigation (Material's sidebar), up to the table of contents."""
    text = (site / src_uri.replace(".md", ".html")).read_text(encoding="utf-8")
    start = text.index("md-nav--primary")
    return text[start : text.index("md-nav--secondary", start)]


def test_each_page_gets_its_own_copy_of_a_shared_table_of_contents() -> None:
    from mkdocs.structure.toc import get_toc

    from synthsite.builders.conversions import toc_copy

    token = {"level": 2, "id": "aim", "name": "Aim", "children": [{"level": 3, "id": "a", "name": "A", "children": []}]}
    kept = get_toc([token])  # type: ignore[list-item]
    copied = toc_copy(kept)
    assert str(copied) == str(kept) and copied.items[0].active  # type: ignore[attr-defined]
    copied.items[0].children[0].title = "changed by a theme"
    copied.items[0].children.append(copied.items[0].children[0])
    assert str(kept) == "Aim - #aim\n    A - #a\n"  # the kept conversion is untouched


def test_a_page_handed_another_navigation_gets_that_navigation(tmp_path: Path) -> None:
    """A plugin may give a page its own navigation (`on_page_context`): shared parts are kept per navigation."""
    from mkdocs.structure.files import File
    from mkdocs.structure.nav import Navigation

    from synthsite.builders.conversions import GeneratedPage
    from synthsite.builders.sharedblocks import SharedBlocks

    (tmp_path / "docs").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: Two navigations\n", encoding="utf-8")
    config = load_config(str(config_file))
    pages = [
        GeneratedPage(
            None, File(f"studies/{name}/index.md", str(tmp_path / "docs"), str(tmp_path / "site"), True), config
        )
        for name in ("a", "b")
    ]
    first, second = Navigation([], []), Navigation([], [])
    shared = SharedBlocks()
    assert shared("nav", pages[0], first, config, caller=lambda: "first") == "first"
    assert shared("nav", pages[1], first, config, caller=lambda: "not rendered") == "first"  # the same navigation
    assert shared("nav", pages[1], second, config, caller=lambda: "second") == "second"


def test_whether_a_folder_can_share_is_decided_per_navigation(tmp_path: Path) -> None:
    """Whether a folder holds a link of the shared parts is kept per folder and navigation (asked by every part of
    every page): a navigation with a link inside a page's folder gives that page its own parts."""
    from mkdocs.structure.files import File
    from mkdocs.structure.nav import Link, Navigation

    from synthsite.builders.conversions import GeneratedPage
    from synthsite.builders.sharedblocks import SharedBlocks

    (tmp_path / "docs").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: Folders\n", encoding="utf-8")
    config = load_config(str(config_file))
    first, second = (
        GeneratedPage(None, File(f"s/{name}/index.md", str(tmp_path / "docs"), str(tmp_path / "site"), True), config)
        for name in ("a", "b")
    )
    plain, linking = Navigation([], []), Navigation([Link("Notes", "s/a/notes/")], [])
    shared = SharedBlocks()
    assert shared("nav", first, plain, config, caller=lambda: "plain") == "plain"
    assert shared("nav", second, plain, config, caller=lambda: "not rendered") == "plain"
    assert shared("footer", first, linking, config, caller=lambda: "own") == "own"
    assert shared("footer", first, linking, config, caller=lambda: "own again") == "own again"
    assert shared("footer", second, linking, config, caller=lambda: "b's") == "b's"
    assert shared("footer", second, linking, config, caller=lambda: "not rendered") == "b's"


def test_a_header_is_shared_with_each_pages_title_only_where_it_writes_the_title_once(tmp_path: Path) -> None:
    """The header is kept as the text before and after the page's title; a header that does not write the title
    exactly once as it is (twice, escaped) is rendered for every page, and so is a page without a title."""
    from mkdocs.structure.files import File
    from mkdocs.structure.nav import Navigation

    from synthsite.builders.conversions import GeneratedPage
    from synthsite.builders.sharedblocks import SharedBlocks

    (tmp_path / "docs").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: Titles\n", encoding="utf-8")
    config = load_config(str(config_file))
    pages = []
    for name, title in (("a", "A & <b>"), ("b", "B"), ("c", None)):
        file = File(f"s/{name}/index.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
        page = GeneratedPage(None, file, config)
        page.meta = {"title": title} if title else {}
        pages.append(page)
    nav = Navigation([], [])

    def header(page: Any) -> str:
        return f"<h>{page.meta.get('title')} of {page.file.src_uri}</h>"

    shared = SharedBlocks()
    assert shared("header", pages[0], nav, config, caller=lambda: header(pages[0])) == "<h>A & <b> of s/a/index.md</h>"
    assert shared("header", pages[1], nav, config, caller=lambda: "not rendered") == "<h>B of s/a/index.md</h>"
    assert shared("header", pages[2], nav, config, caller=lambda: "its own") == "its own"
    assert pages[0].meta == {"title": "A & <b>"}  # the marker was taken out again

    def twice(page: Any) -> str:
        return header(page) * 2

    def escaped(page: Any) -> str:
        return html.escape(header(page))

    for written in (twice, escaped):
        shared = SharedBlocks()
        for page in pages[:2]:
            assert shared("header", page, nav, config, caller=partial(written, page)) == written(page)


@pytest.mark.parametrize("markdown", ["", "\n  \n"])
def test_a_generated_page_rendered_without_a_converter_is_what_mkdocs_would_leave(
    tmp_path: Path, markdown: str
) -> None:
    """`GeneratedPage` sets by hand what MkDocs' own `Page.render` leaves on a page with blank Markdown; a MkDocs
    that leaves anything else (a new attribute, another value) must fail here, not publish a different page."""
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from synthsite.builders.conversions import GeneratedPage

    (tmp_path / "docs").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: Blank pages\nmarkdown_extensions: [toc, attr_list]\n", encoding="utf-8")
    config = load_config(str(config_file))
    rendered = []
    for kind in (Page, GeneratedPage):
        file = File("studies/a/index.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
        page = kind(None, file, config)
        page.markdown = markdown
        page.render(config, Files([file]))
        rendered.append({name: str(value) for name, value in vars(page).items() if name != "file"})
    assert rendered[0] == rendered[1]


def _with_custom_dir(tmp_path: Path) -> Path:
    """A copy of the mini project whose configuration names `overrides` (beside it) as the theme's custom_dir."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    config_file = config_for(root, tmp_path / "config")
    settings = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    settings["theme"]["custom_dir"] = "overrides"
    config_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return config_file


def test_a_part_the_project_overrides_is_rendered_on_every_page(tmp_path: Path) -> None:
    """A project's own partial (in its custom_dir) may read anything of the page: the parts it belongs to are not
    shared (`sharedblocks.materials_own`). The other parts are, and sibling pages with different headings (the
    mini's two studies) each get their own table of contents."""
    import material

    from synthsite.builders.mkdocs_packaged import add_theme_layer
    from synthsite.builders.sharedblocks import PARTS, materials_own

    config_file = _with_custom_dir(tmp_path)
    header = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text(encoding="utf-8")
    overrides = tmp_path / "config" / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "header.html").write_text(
        header.replace("</nav>", '<span class="this-page">{{ page.url }}</span></nav>', 1), encoding="utf-8"
    )
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
    add_theme_layer(config)
    assert materials_own(config.theme.get_env()) == PARTS - {"header"}
    (overrides / "social.html").write_text("{{ page.url }}", encoding="utf-8")  # included by the footer's partial
    assert materials_own(config.theme.get_env()) == PARTS - {"header", "footer"}
    (overrides / "social.html").unlink()

    config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    studies = sorted((tmp_path / "site" / "studies").glob("*/index.html"))
    assert len(studies) > 1
    tocs = set()
    for page in studies:
        url = page.parent.relative_to(tmp_path / "site").as_posix() + "/"
        text = page.read_text(encoding="utf-8")
        assert f'<span class="this-page">{url}</span>' in text
        toc = text[text.index("md-nav--secondary") : text.index('<div class="md-content"')]
        anchors = re.findall(r'href="#([^"]+)"', toc)
        assert anchors and all(f'id="{anchor}"' in text for anchor in anchors), url
        tocs.add(tuple(anchors))
    assert len(tocs) > 1


def test_the_parts_left_to_materials_templates_are_kept_only_while_the_templates_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview keeps `materials_own`'s answer across rebuilds (`sharedblocks.KeptOwnParts`): a template added
    in `custom_dir` while serving, edited or removed counts at the next rebuild; nothing changed, nothing is read."""
    from synthsite.builders import sharedblocks
    from synthsite.builders.mkdocs_packaged import add_theme_layer

    config_file = _with_custom_dir(tmp_path)
    overrides = tmp_path / "config" / "overrides" / "partials"
    overrides.mkdir(parents=True)
    walks: list[int] = []
    own_parts = sharedblocks._own_parts

    def counted(env: Any) -> Any:
        walks.append(1)
        return own_parts(env)

    monkeypatch.setattr(sharedblocks, "_own_parts", counted)
    kept = sharedblocks.KeptOwnParts()

    def rebuild() -> frozenset[str]:
        config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
        add_theme_layer(config)
        return kept.parts(config.theme.get_env())

    assert rebuild() == sharedblocks.PARTS
    assert rebuild() == sharedblocks.PARTS and len(walks) == 1  # kept: nothing changed
    social = overrides / "social.html"  # included by the footer's copyright partial: added while serving
    social.write_text("{{ page.url }}", encoding="utf-8")
    assert rebuild() == sharedblocks.PARTS - {"footer"}
    assert len(walks) == 2
    header = overrides / "header.html"
    header.write_text("{% include 'partials/social.html' %}", encoding="utf-8")
    assert rebuild() == sharedblocks.PARTS - {"footer", "header"}
    before = header.stat().st_mtime_ns
    header.write_text("{% include 'partials/logo.html' %}", encoding="utf-8")  # edited: read again
    os.utime(header, ns=(before + 10**9, before + 10**9))
    assert rebuild() == sharedblocks.PARTS - {"footer", "header"}
    assert len(walks) == 4
    social.unlink()
    header.unlink()  # removed: Material's own again
    assert rebuild() == sharedblocks.PARTS
    assert len(walks) == 5
