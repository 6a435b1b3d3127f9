"""Pre-rendered HTML skips the Markdown converter (issue 14): same pages, same search text, links still checked.

The MkDocs plugin converts each generated page with its HTML blocks swapped for placeholders and puts them
back afterwards. These tests compare that with the plain route (MkDocs converting the whole Markdown that
`synthsite pages --out` writes), and prove that links inside the blocks, which the converter no longer sees,
still fail a strict build when they lead nowhere.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from hostile_corpus import write_hostile_corpus
from sitebuild import EPOCH, MINI, REPO, config_for, mkdocs_build
from synthsite import urls
from synthsite.builders import pagesout, prerendered
from synthsite.builders.nav import merge_nav
from synthsite.builders.publication import publication
from synthsite.pipeline import build_date, generate
from synthsite.pipeline import validate as validate_corpus

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("prerendered")]


def _site_pages(root: Path) -> dict[str, str]:
    corpus, problems = validate_corpus(root)
    assert corpus is not None, problems
    return generate(corpus).pages


@pytest.mark.parametrize("corpus", ["mini", "hostile"])
def test_split_and_join_give_back_every_page(corpus: str, tmp_path: Path) -> None:
    root = MINI if corpus == "mini" else write_hostile_corpus(tmp_path / "project")
    for src_uri, text in _site_pages(root).items():
        page = prerendered.split(text)
        assert prerendered.join(page) == text, src_uri
        assert "<table" not in page.markdown and "<blockquote" not in page.markdown, src_uri
        assert page.markdown.startswith("---\n") == text.startswith("---\n"), src_uri  # front matter stays


def test_a_block_opening_a_search_section_stays_in_the_markdown() -> None:
    text = '## Aim\n\n<div>\n<h3 id="x">X</h3>\n</div>\n\n<p>one</p>\n\n<div>\n\n<p>two</p>\n\n</div>\n'
    page = prerendered.split(text)
    assert page.blocks == ("<p>one</p>", "<div>\n\n<p>two</p>\n\n</div>")
    assert '<h3 id="x">' in page.markdown
    assert prerendered.join(page) == text


def test_search_text_leaves_out_excluded_elements() -> None:
    block = (
        "<div><p>Kept <em>words</em> &amp; more</p><details data-search-exclude><summary>Cite</summary>"
        "<div><p>gone</p></div></details><ul><li>item</li></ul><p data-search-exclude>also gone</p></div>"
    )
    assert prerendered.search_text(block) == "<p>Kept words &amp; more</p><ul><li>item</li></ul>"


def test_anchors_and_links_are_attributes_after_whitespace() -> None:
    """The ids and hrefs a block holds, as Python-Markdown and MkDocs would find them: an attribute name after
    whitespace (SVG's `xlink:href` too), never `data-id=` or `hid=`."""
    block = (
        '<div id="a" data-id="no"><a\nhref="x/">X</a><svg><use xlink:href="#b"/></svg>'
        '<span hid="no" class="c">t</span><a href="y?q=1#z&amp;w" id="d&amp;e">Y</a>'
        '<i data-href="no" href="">e</i><b xhref="no"></b></div>'
    )
    assert prerendered.ids([block]) == {"a", "d&e"}
    assert list(prerendered.links([block])) == ["x/", "#b", "y?q=1#z&w", ""]


@pytest.mark.parametrize(
    ("page", "href", "target"),
    [
        ("/studies/s1/", "../s2/", "/studies/s2/"),
        ("/studies/s1/", "../../compare/x/#row-3", "/compare/x/#row-3"),
        ("/studies/s1/", "../../../../x.csv", "/x.csv"),  # above the root: normalised as the browser does
        ("/studies/s1/", "./a/../b/", "/studies/s1/b/"),
        ("/studies/s1/", "a%20b/..", "/studies/s1/"),
        ("/studies/s1/", "..//c", "/studies/c"),
        ("/studies/s1/", "#top", "/studies/s1/#top"),
        ("/a//b/", "../c/", "/a/c/"),
        ("/", "downloads/studies.csv", "/downloads/studies.csv"),
        ("/studies/s1/", "https://example.org/", None),
        ("/studies/s1/", "/root/", None),
    ],
)
def test_a_link_resolves_to_the_site_path_a_browser_would_open(page: str, href: str, target: str | None) -> None:
    from synthsite.builders.mkdocs_plugin import _site_path

    assert _site_path.__wrapped__(page, href) == target  # type: ignore[attr-defined]


def test_the_plain_join_of_a_link_is_what_posixpath_makes_of_it() -> None:
    """The fast join (the page's folder, its plain ancestors kept per page) gives the same site path as the
    normalising join for random pages and links, dot, empty and %-encoded segments and climbs above the root
    included; most of them take the fast join."""
    import random

    from synthsite.builders import mkdocs_plugin

    rng = random.Random(26)
    segments = ["a", "b", "study-1", ".", "..", "", "%2e", "x.html", "c d"]
    fast = 0
    for _ in range(20000):
        page = "/" + "/".join(rng.choice(segments[:3] * 6 + segments) for _ in range(rng.randint(0, 4)))
        page += rng.choice(["/", "", "/index.html"])
        href = "../" * rng.randint(0, 5) + "/".join(rng.choice(segments[:3] * 6 + segments) for _ in range(3))
        href += rng.choice(["", "/", "#frag", "?q=1"])
        base, plain = mkdocs_plugin._folders(page)
        joined = mkdocs_plugin._plain_join(plain, href.partition("#")[0].partition("?")[0])
        path = href.partition("#")[0].partition("?")[0]
        expected = posixpath.normpath(posixpath.join(base, unquote(path)))
        if (path.endswith("/") or path.rsplit("/", 1)[-1] in (".", "..")) and not expected.endswith("/"):
            expected += "/"
        if joined is not None:
            fast += 1
            assert joined == expected, (page, href)
    assert fast > 3000


def _article(html: str) -> str:
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.DOTALL)
    assert match is not None
    # Edit buttons differ on purpose (the plugin points generated pages at their data file); whitespace between
    # tags is the theme's.
    article = re.sub(
        r'<a href="[^"]*" title="[^"]*" class="md-content__button md-icon"[^>]*>.*?</a>', "", match[1], flags=re.DOTALL
    )
    return re.sub(r">\s+<", "><", article).strip()


def _search_words(site: Path) -> dict[str, list[str]]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return {d["location"]: sorted(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]).split()) for d in docs}


def test_the_plugin_builds_the_same_pages_and_search_text_as_plain_markdown(built_mini: Path, tmp_path: Path) -> None:
    """The plugin's route (placeholders) and the plain route (MkDocs converts everything) give the same
    articles and the same searchable words in every search entry."""
    corpus, problems = validate_corpus(MINI)
    assert corpus is not None, problems
    docs = tmp_path / "pages"
    plain_config = yaml.safe_load(config_for(MINI, tmp_path / "plugin").read_text(encoding="utf-8"))
    site = generate(corpus, date=build_date({"SOURCE_DATE_EPOCH": EPOCH}))
    published = publication(site, REPO, plain_config["site_url"])  # the guide's links, as the plugin makes them
    pagesout.write(published, docs, REPO / "docs")
    plain_config["plugins"] = ["search"]
    plain_config["nav"] = merge_nav(plain_config.get("nav"))  # as `synthsite pages --config` writes it
    plain_config["docs_dir"] = str(docs)
    plain = tmp_path / "plain" / "mkdocs.yml"
    plain.parent.mkdir()
    plain.write_text(yaml.safe_dump(plain_config, sort_keys=False), encoding="utf-8")

    without = mkdocs_build(plain, tmp_path / "site-plain")
    assert without.returncode == 0, without.stderr

    pages = sorted(p.relative_to(tmp_path / "site-plain") for p in (tmp_path / "site-plain").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        expected = _article((tmp_path / "site-plain" / page).read_text(encoding="utf-8"))
        actual = _article((built_mini / page).read_text(encoding="utf-8"))
        assert actual == expected, page
    assert _search_words(built_mini) == _search_words(tmp_path / "site-plain")


def test_a_broken_link_inside_a_generated_block_fails_the_strict_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from synthsite.builders import mkdocs_plugin

    real_generate = mkdocs_plugin.generate
    studies = urls.source_file(urls.STUDIES)
    broken = (
        '\n\n<p class="x"><a href="../studies/no-such-study/">gone</a> <a href="#no-such-anchor">nowhere</a>'
        ' <a href="../data/">fine</a> <a href="https://example.org/">external</a>'
        ' <svg><a xlink:href="../themes/no-such-theme/"><text>map</text></a></svg></p>\n'
    )

    def generate_with_broken_links(corpus, *, date=None, commit=None, reuse=None):  # type: ignore[no-untyped-def]
        site = real_generate(corpus, date=date, commit=commit)
        return dataclasses.replace(site, pages={**site.pages, studies: site.pages[studies] + broken})

    monkeypatch.setattr(mkdocs_plugin, "generate", generate_with_broken_links)
    config = load_config(str(config_for(MINI, tmp_path / "project")), site_dir=str(tmp_path / "site"))
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="strict mode"):
        build(config)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("links to /studies/no-such-study/, which is not in the site" in w for w in warnings), warnings
    assert any("links to /studies/#no-such-anchor, but that page has no anchor" in w for w in warnings), warnings
    assert any("links to /themes/no-such-theme/, which is not in the site" in w for w in warnings), warnings  # SVG
    assert not any("/data/" in w or "example.org" in w for w in warnings), warnings

    # MkDocs keeps one plugin instance per process (it has on_startup), as `mkdocs serve` does across rebuilds:
    # the aborted build's links must not fail the next, clean build.
    monkeypatch.setattr(mkdocs_plugin, "generate", real_generate)
    config = load_config(str(config_for(MINI, tmp_path / "project")), site_dir=str(tmp_path / "site-again"))
    build(config)
    assert (tmp_path / "site-again" / "studies" / "index.html").is_file()


def _split_by_paragraphs(markdown: str) -> tuple[str, tuple[str, ...]]:
    """`prerendered.split` as it was written first, paragraph by paragraph (the reference for the faster one)."""
    chunks = markdown.split("\n\n")
    out: list[str] = []
    blocks: list[str] = []
    i = 0
    while i < len(chunks):
        chunk = chunks[i]
        opening = chunk.lstrip("\n")
        leading = chunk[: len(chunk) - len(opening)]
        match = re.match(r"<([a-z][a-z0-9]*)[\s>]", opening)
        if match is None or match.group(1) not in prerendered.BLOCK_TAGS or (i == 0 and chunk.startswith("---")):
            out.append(chunk)
            i += 1
            continue
        tag = match.group(1)

        def depth_of(text: str, tag: str = tag) -> int:
            return text.count(f"<{tag} ") + text.count(f"<{tag}>") - text.count(f"</{tag}>")

        run = [opening]
        depth = depth_of(chunk)
        while depth > 0 and i + len(run) < len(chunks):
            run.append(chunks[i + len(run)])
            depth += depth_of(run[-1])
        block = "\n\n".join(run)
        i += len(run)
        trailing = ""
        if block.endswith("\n"):
            stripped = block.rstrip("\n")
            trailing, block = block[len(stripped) :], stripped
        if depth > 0 or re.search(r"<h[1-6][^>]*\sid=", block):
            out.append(leading + block + trailing)
            continue
        out.append(leading + f"<!--synthsite-block:{len(blocks)}-->" + trailing)
        blocks.append(block)
    return "\n\n".join(out), tuple(blocks)


def test_split_finds_the_blocks_paragraph_by_paragraph_would() -> None:
    """The split reads paragraphs by position and jumps over a block's paragraphs to its closing tag; random pages
    of nested, unclosed and interleaved blocks, blank-line runs, front matter and headings with ids split as the
    paragraph-by-paragraph reading splits them."""
    import random

    rng = random.Random(12)
    opening = ["<div>", '<div class="x">', "<p>", '<p class="a">', "<table>", "<details open>", "<ul>", "<section>"]
    opening += ["<pre>", "<p-x>", "<DIV>", "<div\n>", "<span>", "<li>"]
    closing = [
        "</div>",
        "</p>",
        "</table>",
        "</details>",
        "</ul>",
        "</section>",
        "</pre>",
        "</div >",
        "</span>",
        "</li>",
    ]
    between = ["\n\n", "\n\n", "\n\n\n", "\n\n\n\n", "\n", " "]
    other = ['<h2 id="s">S</h2>', "## Heading", "text", "a <div> inline", "---", "<!-- c -->"]
    kinds = [opening, opening, closing, closing, between, between, other]
    for _ in range(5000):
        page = "".join(rng.choice(rng.choice(kinds)) for _ in range(rng.randint(0, 40)))
        if rng.random() < 0.2:
            page = "---\ntitle: x\n---\n\n" + page
        found = prerendered.split(page)
        assert (found.markdown, found.blocks) == _split_by_paragraphs(page), page
