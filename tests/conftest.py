"""Shared fixtures: the real site built once per test session, served on 127.0.0.1, and a headless Chromium."""

from __future__ import annotations

import http.server
import io
import os
import tempfile
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import settings

from httpsite import serve_folder
from sitebuild import REPO, mkdocs_build

os.environ["XDG_CACHE_HOME"] = str(Path(tempfile.gettempdir()) / f"synthsite-tests-{os.getuid()}" / "cache")
"""The parse cache lives in the user's cache folder: tests keep theirs in a folder of their own, never in the
home folder of whoever runs them (subprocesses inherit it)."""

settings.register_profile("synthsite", deadline=None)
settings.load_profile("synthsite")
"""No per-example deadline by default: on a shared machine timings only make property tests flaky (speed is the
benchmark's business, `python -m synthsite.bench`); tests that bound their time say so in their own settings."""

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium: the browser tests never download one."""
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus built with the repository's mkdocs.yml into a temporary folder; returns the site dir."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as its host would: under site_url's path, misses answered with its 404.html, and the
    sitemap naming the serving origin (Material's instant navigation only takes links the sitemap lists, after
    swapping in the page's protocol and host name but not its port)."""

    prefix = "/"
    site_url = ""

    def send_head(self) -> BinaryIO | None:
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        if path == self.prefix + "sitemap.xml":
            return self._sitemap()
        return super().send_head()

    def _sitemap(self) -> BinaryIO:
        host, port = self.server.server_address[:2]
        text = (Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8")
        body = text.replace(f"<loc>{self.site_url}", f"<loc>http://{host}:{port}{self.prefix}").encode()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet: pytest shows failures, not access logs
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (a free port), under mkdocs.yml's site_url path; stops at session end."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    prefix = urlsplit(config.get("site_url") or "/").path.rstrip("/") + "/"
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix, "site_url": config.get("site_url") or ""})
    with serve_folder(built_site, handler, prefix) as url:
        yield url


def _no_browser(reason: str) -> NoReturn:
    """Skip; but under CI=true fail, so a CI image without the browser cannot silently drop the browser tests."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true, so the browser tests must run", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the session, driven by Playwright (tests open one page each)."""
    if not CHROMIUM.is_file():
        _no_browser(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("Playwright for Python is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            yield chromium
        finally:
            chromium.close()
