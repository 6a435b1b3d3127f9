"""Keep Python's cyclic garbage collector to its cheap, young generation while the pipeline builds its data.

Loading, indexing and rendering a thousand studies allocate millions of small objects that stay alive, and
every collection of the older generations walks all of them again: measured at 1,000 studies, collections
took 2.5 s of a 10 s pipeline, and that share grows with the corpus. Young-generation collections still run
(they free the short-lived cycles template rendering leaves, which keeps the peak memory where it was);
the older generations are collected as usual once the block ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

NEVER = 1 << 30
"""A collection threshold that is never reached within one pipeline run."""

IDLE_COLLECTION_DELAY = 0.5
"""Seconds after a preview rebuild before the collections it deferred run: the browser's reload is served first."""


@contextmanager
def paused() -> Iterator[None]:
    """Collect only the youngest generation during the block (also usable as a decorator; nesting is safe)."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, NEVER, NEVER)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


class Held:
    """A pause held across calls (the preview pauses from `on_config` to the end of the rebuild, which are separate
    plugin events): `start` pauses, `stop` restores the thresholds `start` found; both are safe to call twice.

    A preview rebuild allocates as much as a build while the server also keeps the last build's pages alive, so
    each older-generation collection in it walks hundreds of thousands of long-lived objects (measured at 1,000
    studies: 1 to 3 s of a 7 to 9 s save). A `mkdocs build` holds every generated page and block from `on_files`
    to its end, where MkDocs renders the pages: collections there took 0.6 s of a 12.7 s build at 1,000 studies.
    Paused, those collections run once after the build, when the allocation counts next call for them (the
    count carries over, so nothing is skipped, only deferred; peak memory measured the same).

    In the preview the allocations that next call for them are the next save's: its rebuild began by walking
    everything the last one left (about half a second at 1,000 studies). So after a rebuild, `stop` may hand them
    to the time the server waits for the next save: one full collection `IDLE_COLLECTION_DELAY` seconds later, on
    a timer thread. A save that comes sooner cancels it (`start`), and its collections run as before."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._idle: threading.Timer | None = None

    def start(self) -> None:
        self._cancel_idle()
        if self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(self._saved[0], NEVER, NEVER)

    def stop(self, *, collect_when_idle: bool = False) -> None:
        """Restore the thresholds; `collect_when_idle` (the preview, after a good rebuild): and collect what the
        pause deferred once the server is idle."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
            if collect_when_idle:
                self._cancel_idle()
                self._idle = threading.Timer(IDLE_COLLECTION_DELAY, gc.collect)
                self._idle.daemon = True  # never keeps a stopped server's process alive
                self._idle.start()

    def _cancel_idle(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
