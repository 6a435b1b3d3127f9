"""No broken internal link or anchor anywhere in the built site (issue 5, item 6).

`mkdocs build --strict` only checks links written in Markdown; generated pages carry their links as HTML,
and the theme adds its own. So this crawls the built HTML: every internal href/src must name a file of
the site (a directory URL its index.html) and every #fragment an id on the target page. The search index
and the sitemap point into the site too, and are checked the same way. The crawler is the package's own
(`synthsite.sitecheck.links`), which `synthsite check-site` runs in every new project's `make test`.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from htmltree import parse_file
from sitebuild import REPO, mkdocs_settings
from synthsite import urls
from synthsite.pipeline import index_corpus
from synthsite.pipeline import validate as validate_corpus
from synthsite.render.downloads import DATA_FILES, data_path, table_paths
from synthsite.render.registry import PAGES, placed_tables
from synthsite.sitecheck import check_site
from synthsite.sitecheck.links import Crawler, internal_urls

pytestmark = [pytest.mark.corpus, pytest.mark.slow, pytest.mark.xdist_group("site")]


@pytest.fixture(scope="module")
def crawler(built_site: Path) -> Crawler:
    config = mkdocs_settings()
    return Crawler(built_site, config["site_url"])


def test_every_internal_href_and_src_resolves(built_site: Path, crawler: Crawler) -> None:
    broken: list[str] = []
    checked = 0
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        source = page.relative_to(built_site).as_posix()
        for node, name, url in internal_urls(parse_file(page)):
            checked += 1
            why = crawler.problem(source, url)
            if why:
                broken.append(f"{source}: <{node.tag} {name}={url!r}>: {why}")
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(broken)
    assert checked > 1000


def test_search_results_and_sitemap_point_at_real_pages(built_site: Path, crawler: Crawler) -> None:
    """Search results link to `location` (page plus section anchor); crawlers follow the sitemap."""
    broken: list[str] = []
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for doc in docs:
        why = crawler.problem("index.html", doc["location"] or "./")
        if why:
            broken.append(f"search index: {doc['location']!r}: {why}")
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    for location in locations:
        why = crawler.problem("index.html", urlsplit(location).path)
        if why:
            broken.append(f"sitemap: {location}: {why}")
    assert not broken, "\n".join(broken)
    assert len(docs) > 50 and len(locations) > 20
    assert sum("#" in doc["location"] for doc in docs) > 20


def test_data_page_links_every_download(built_site: Path, crawler: Crawler) -> None:
    """/data/ lists every corpus-wide file and every table's CSV and JSON, and each link is a real file."""
    corpus, problems = validate_corpus(REPO)
    assert corpus is not None, [p.format() for p in problems]
    index = index_corpus(corpus)
    tree = parse_file(built_site / urls.DATA / "index.html")
    hrefs = [a.attrs.get("href") or "" for a in tree.iter("a") if "download" in a.attrs]
    links = {posixpath.normpath(posixpath.join(urls.DATA, href)) for href in hrefs}
    expected = {data_path(item.name) for item in DATA_FILES}
    index_pages = {spec.url for spec in PAGES if spec.each is None}
    for page, table in placed_tables(index):
        if page in index_pages:
            expected.update(table_paths(page, table))
    assert expected <= links, sorted(expected - links)
    broken = [href for href in hrefs if crawler.problem("data/index.html", href) is not None]
    assert not broken, broken
    for page, table in placed_tables(index):  # the links beside every table, on every page, too
        for path in table_paths(page, table):
            assert (built_site / path).is_file(), path


def test_the_crawler_finds_what_is_broken(tmp_path: Path) -> None:
    """The check itself can fail: missing files, missing anchors and escapes are all reported."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<p id="top">x</p>', encoding="utf-8")
    (site / "a" / "index.html").write_text('<h2 id="here">y</h2>', encoding="utf-8")
    crawler = Crawler(site, "https://example.org/prefix/")
    assert crawler.problem("a/index.html", "../#top") is None
    assert crawler.problem("index.html", "a/#here") is None
    assert crawler.problem("index.html", "/prefix/a/") is None
    assert crawler.problem("index.html", "#top") is None
    assert crawler.problem("index.html", "https://elsewhere.example/x") is None
    assert crawler.problem("index.html", "b/") == "no such file"
    assert crawler.problem("index.html", "a/#gone") == "no id 'gone' on a/index.html"
    assert crawler.problem("a/index.html", "#top") == "no id 'top' on a/index.html"
    assert crawler.problem("index.html", "../outside/") == "leaves the site"
    assert crawler.problem("index.html", "/other/a/") == "root-relative URL outside the site"


def test_the_check_new_projects_run_passes_on_this_site(built_site: Path) -> None:
    """`synthsite check-site` (links and the accessibility smoke check) holds for the shipped site too."""
    config = mkdocs_settings()
    problems = check_site(built_site, config["site_url"])
    assert not problems, "\n".join(p.format() for p in problems)
