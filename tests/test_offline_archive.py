"""The site archive browses from disk (issue 23, item 5): the offline build (`SYNTHSITE_OFFLINE=true`, Material's
offline plugin, as `release archive --ref` and `make offline` build it) has no link that needs a server, loads
nothing from another host, offers the same downloads as the published site, and searches from file://."""

from __future__ import annotations

from pathlib import Path

import pytest

from htmltree import parse_file
from sitebuild import REPO, mkdocs_build, mkdocs_settings
from synthsite.builders.filelinks import file_url
from synthsite.builders.packaged import OFFLINE_WORKER_SHIM
from synthsite.sitecheck.links import Crawler, internal_urls

pytestmark = [pytest.mark.corpus, pytest.mark.slow, pytest.mark.xdist_group("site")]

SERVED_ONLY = {"404.html"}
"""Pages only a server shows (its answer to a missing URL): never opened from disk."""
DOWNLOAD_SUFFIXES = {".csv", ".json", ".bib", ".ris", ".docx", ".zip", ".cff"}


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("offline") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site, env_vars={"SYNTHSITE_OFFLINE": "true"})
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("../studies/moen-2023/", "../studies/moen-2023/index.html"),
        ("../../#review-question", "../../index.html#review-question"),
        ("..", "../index.html"),
        ("./?relation=supports#map", "./index.html?relation=supports#map"),
        ("studies.csv", "studies.csv"),
        ("#top", "#top"),
        ("https://doi.org/10.1/x/", "https://doi.org/10.1/x/"),
        ("/synthsite/", "/synthsite/"),
    ],
)
def test_folder_links_open_the_folders_index_file(url: str, expected: str) -> None:
    assert file_url(url) == expected


def test_every_link_resolves_from_disk(offline_site: Path) -> None:
    crawler = Crawler(offline_site, mkdocs_settings()["site_url"], served=False)
    broken: list[str] = []
    checked = 0
    for page in sorted(offline_site.rglob("*.html")):
        source = page.relative_to(offline_site).as_posix()
        if source in SERVED_ONLY:
            continue
        for node, name, url in internal_urls(parse_file(page)):
            checked += 1
            why = crawler.problem(source, url)
            if why:
                broken.append(f"{source}: <{node.tag} {name}={url!r}>: {why}")
    assert not broken, f"{len(broken)} link(s) that need a server:\n" + "\n".join(broken[:40])
    assert checked > 1000
    assert (offline_site / "search" / "search_index.js").is_file()  # the plugin's inlined index


def test_pages_load_nothing_from_another_host(offline_site: Path) -> None:
    """Material's offline plugin would add a script from unpkg.com; the page loads the packaged copy instead."""
    home = parse_file(offline_site / "index.html")
    sources = [node.attrs.get("src") or "" for node in home.iter("script")]
    sources += [node.attrs.get("href") or "" for node in home.iter("link") if node.attrs.get("rel") == "stylesheet"]
    assert OFFLINE_WORKER_SHIM in sources
    assert (offline_site / OFFLINE_WORKER_SHIM).is_file()
    remote = [url for url in sources if "//" in url]
    assert not remote, remote


def test_the_downloads_are_those_of_the_published_site(offline_site: Path, built_site: Path) -> None:
    def downloads(site: Path) -> dict[str, bytes]:
        return {
            path.relative_to(site).as_posix(): path.read_bytes()
            for path in site.rglob("*")
            if path.suffix in DOWNLOAD_SUFFIXES and path.relative_to(site).parts[0] not in {"search", "assets"}
        }

    published, offline = downloads(built_site), downloads(offline_site)
    assert published.keys() == offline.keys()
    assert len(published) > 20
    differ = sorted(name for name in published if published[name] != offline[name])
    assert not differ, differ


@pytest.mark.browser
def test_opened_from_disk_it_navigates_and_searches(offline_site: Path, browser: object) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((offline_site / "index.html").as_uri())
        page.locator("nav.md-nav--primary a", has_text="Studies").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/studies/index.html"), page.url
        page.locator("main table a[href$='index.html']").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/index.html") and "/studies/" in page.url, page.url
        page.locator("input.md-search__input").click()  # in the header at desktop width
        page.locator("input.md-search__input").press_sequentially("recovery", delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert page.locator(".md-search-result__item").count() > 0
    finally:
        page.close()
    assert not errors, errors
    remote = [url for url in requests if not url.startswith(("file:", "data:", "blob:", "about:"))]
    assert not remote, remote
