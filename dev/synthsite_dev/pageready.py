"""The benchmark's browser figures: how long Chromium takes until every table on a built page is sortable and
filterable, each page served from a local folder."""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def _serve_folder(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """The browser leaves a page while its rows are still arriving: a closed connection is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


_READY = """() => {
  const tables = [...document.querySelectorAll('table[data-synthsite-table]')];
  return tables.every(t => t.hasAttribute('data-synthsite-ready'));
}"""


def page_ready_times(site: Path, paths: list[str]) -> dict[str, float]:
    """Milliseconds from navigation start until every table on the page is sortable and filterable, in Chromium
    (each page in a fresh browser context, after one untimed visit of the home page)."""
    from synthsite_dev.browser import NoBrowser, chromium

    times = {}
    with contextlib.ExitStack() as stack:
        try:
            browser = stack.enter_context(chromium())
        except NoBrowser:
            return {}
        base = stack.enter_context(_serve_folder(site))
        # one visit first, not timed, so the first page timed does not also pay the browser's cold start
        warm_up = browser.new_context(viewport={"width": 1366, "height": 900})
        warm_up.new_page().goto(base, wait_until="load", timeout=120_000)
        warm_up.close()
        for path in paths:
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            page = context.new_page()
            page.goto(base + path.removesuffix("index.html"), wait_until="load", timeout=120_000)
            page.wait_for_function(_READY, timeout=120_000)
            times[path] = float(page.evaluate("() => performance.now()"))
            context.close()
    return times


def index_pages(site: Path) -> list[str]:
    """The pages in the navigation that hold tables: the index and comparison pages."""
    candidates = ["index.html", "studies/index.html", "themes/index.html", "references/index.html", "data/index.html"]
    candidates += [p.relative_to(site).as_posix() for p in sorted((site / "compare").glob("*/index.html"))]
    candidates += [p.relative_to(site).as_posix() for p in sorted((site / "findings").glob("**/index.html"))]
    return [path for path in candidates if (site / path).exists()]
