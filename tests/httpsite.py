"""A built site served over HTTP on 127.0.0.1, on a free port, for the browser tests (a file:// page cannot fetch
its search index or rows)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without an access log line per request (pytest shows failures, not access logs)."""

    def log_message(self, format: str, *args: object) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """Drops a connection the browser closed early (a page left before its rows arrived) without a traceback:
    socketserver prints one to stderr for every such connection, which buried real failures in the output."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextlib.contextmanager
def serve_folder(
    folder: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler, path: str = "/"
) -> Iterator[str]:
    """`folder` over HTTP until the block ends; yields its base URL (with `path`, where the handler serves it)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name=f"site-{folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
