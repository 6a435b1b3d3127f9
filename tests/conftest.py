"""Shared fixtures: the real site built once per test session, served on 127.0.0.1, and a headless Chromium."""

from __future__ import annotations

import contextlib
import http.server
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

import pytest
from hypothesis import settings

from httpsite import serve_folder
from sharedpages import PageShelf, order_shared_page_readers
from sitebuild import BUILT_SITE_VARIABLE, MINI, REPO, config_for, mkdocs_build, mkdocs_settings, shared_folder

sys.path.insert(0, str(REPO / "dev"))
"""The development package (`dev/synthsite_dev/`: synthetic corpora, where Chromium is) is the tests' helper, not
part of synthsite: the suite finds it here, beside whichever synthsite is installed (the checkout or a wheel)."""
from synthsite_dev import browser as browsers  # noqa: E402  (after the path above)

os.environ["XDG_CACHE_HOME"] = str(Path(tempfile.gettempdir()) / f"synthsite-tests-{os.getuid()}" / "cache")
"""The parse cache lives in the user's cache folder: tests keep theirs in a folder of their own, never in the
home folder of whoever runs them (subprocesses inherit it)."""

settings.register_profile("synthsite", deadline=None)
settings.load_profile("synthsite")
"""No per-example deadline by default: on a shared machine timings only make property tests flaky (speed is the
benchmark's business, `dev/bench.py`); tests that bound their time say so in their own settings."""

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SKIPPED_BROWSER_TESTS = f"browser tests skipped: {browsers.SKIP_VARIABLE} is set"
"""The skip reason, also how the end-of-run summary finds and counts them."""


def _build_the_real_site(folder: Path) -> None:
    result = mkdocs_build(REPO / "mkdocs.yml", folder / "site")
    assert result.returncode == 0, result.stderr[-4000:]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus built with the repository's mkdocs.yml into a temporary folder; returns the site dir.
    Built once per test session, shared by every worker (`shared_folder`); tests only read it. A run started by
    a test that already built this very repository names that site in `SYNTHSITE_TEST_BUILT_SITE` instead
    (test_growing_corpus runs the corpus tests on its copy with a fifth study, test_add_a_table the link tests on
    its copy with a new table)."""
    given = os.environ.get(BUILT_SITE_VARIABLE)
    if given:
        return Path(given)
    return shared_folder(tmp_path_factory, "built-real", _build_the_real_site) / "site"


def _build_the_mini_fixture(folder: Path) -> None:
    result = mkdocs_build(config_for(MINI, folder / "config"), folder / "site")
    assert result.returncode == 0, result.stderr[-4000:]


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/mini built with the repository's mkdocs.yml (`config_for`), once per test session and shared
    by every worker like `built_site`; tests only read it (several modules check the same build)."""
    return shared_folder(tmp_path_factory, "built-mini", _build_the_mini_fixture) / "site"


def _build_the_hostile_corpus(folder: Path) -> None:
    from hostile_corpus import write_hostile_corpus  # synthsite's models: imported only when a test needs them

    root = write_hostile_corpus(folder / "project")
    result = mkdocs_build(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, result.stderr[-4000:]


@pytest.fixture(scope="session")
def built_hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus with an attack string in every free-text field (`hostile_corpus`), as a project with its
    site built in `site/`: once per session, shared by every worker like `built_site`; tests only read it
    (test_hostile's checks of the site and its downloads, test_site_build's of what the strings became)."""
    return shared_folder(tmp_path_factory, "built-hostile", _build_the_hostile_corpus) / "project"


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
    config = mkdocs_settings()
    prefix = urlsplit(config.get("site_url") or "/").path.rstrip("/") + "/"
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix, "site_url": config.get("site_url") or ""})
    with serve_folder(built_site, handler, prefix) as url:
        yield url


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Once MkDocs is imported, the builds this process runs keep the theme's compiled templates for the next
    (`compiledtemplates`). Checked before each test's fixtures; a process that never imports MkDocs (the small
    pytest runs some tests start) never loads it or Jinja here."""
    if "mkdocs" in sys.modules:
        import mkdocs.theme

        from compiledtemplates import keep_in

        keep_in(mkdocs.theme)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "page_view(width, scheme): the width and palette of the shared pages a test reads (read_page)"
    )


def group_suffix(item: pytest.Item) -> str:
    """`@<group>` for a test marked `xdist_group` (the groups' names sorted and joined by "_", as pytest-xdist
    names them), "" for any other test or one whose id already ends with its group."""
    names = sorted(
        {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
    )
    if not names or item.nodeid.rfind("@") > item.nodeid.rfind("]"):
        return ""
    return "@" + "_".join(names)


def carry_xdist_groups(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Makes `--dist loadgroup` send each `xdist_group`'s tests to one worker again. pytest-xdist reads a test's
    group from the end of its id (`<id>@<group>`), which it appends by setting the item's `_nodeid`; pytest 9 takes
    the id from the item's `_id` instead, so the groups never reached the scheduler and their tests were spread
    over both workers, each starting what a group shares for itself (a Chromium, the pages reading tests share).
    This puts the same suffix where pytest 9 reads the id; with a pytest that reads `_nodeid` the id already ends
    with the group and nothing changes."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        suffix = group_suffix(item)
        if suffix:
            item._id = type(item.id).parse(item.nodeid + suffix)  # type: ignore[attr-defined]


@pytest.hookimpl(trylast=True)  # after pytest-xdist's own hook, which appends the group where pytest 8 read it
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each xdist_group's tests on one worker (`carry_xdist_groups`); the readers of shared pages in order of
    view; with SYNTHSITE_SKIP_BROWSER set, every test that needs the browser is skipped (and counted at the end)."""
    carry_xdist_groups(config, items)
    order_shared_page_readers(items)
    if not browsers.skip_requested():
        return
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.skip(reason=SKIPPED_BROWSER_TESTS))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say at the very end that the run was not the whole suite, so a skip is never mistaken for a pass."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if SKIPPED_BROWSER_TESTS in str(getattr(report, "longrepr", ""))
    ]
    missing = [
        report
        for report in terminalreporter.stats.get("error", [])
        if browsers.NEEDS_CHROMIUM in str(getattr(report, "longrepr", ""))
    ]
    if missing:
        terminalreporter.write_line(
            f"{len(missing)} browser tests could not run: no Chromium. Install one with `{browsers.INSTALL_COMMAND}`"
            f" (or set {browsers.BROWSER_VARIABLE}); skip them knowingly with `make test SKIP_BROWSER=1`",
            red=True,
            bold=True,
        )
    if skipped:
        terminalreporter.write_line(
            f"NOT THE WHOLE SUITE: {len(skipped)} browser tests skipped because {browsers.SKIP_VARIABLE} is set",
            yellow=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session (see synthsite_dev.browser for where it comes from); tests open one page
    each. Without one the browser tests fail with the command that installs it."""
    with contextlib.ExitStack() as stack:
        try:
            chromium = stack.enter_context(browsers.chromium())
        except browsers.NoBrowser as missing:
            reason = str(missing)
        else:
            yield chromium
            return
    pytest.fail(reason, pytrace=False)


@pytest.fixture(scope="session")
def shared_pages(browser: Browser) -> Iterator[PageShelf]:
    """The pages that reading tests share (tests/sharedpages.py, test_reading's `read_page`), closed at session
    end before the browser."""
    shelf = PageShelf()
    yield shelf
    shelf.close()
