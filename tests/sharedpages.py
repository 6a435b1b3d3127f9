"""Pages of the built site loaded once and read by several browser tests (`test_reading.read_page`).

A page load costs Chromium about half a second of CPU, most of it Material's JavaScript starting; reusing browser
contexts saves nothing, so what can be saved is loads. Many tests only read a page's state (where its tables and
columns are, computed styles, axe's findings) at the same page, width and palette; such tests read one page loaded
for all of them. A test that clicks, types, focuses, scrolls, resizes or changes the media keeps its own page
(`test_reading.open_page`).

Reuse must never make a test depend on which tests ran before it on the same page. So every shared page keeps a
fingerprint of its state taken when it loaded (the URL, the whole document's markup, the scroll position of the
window and of every element, the viewport, the print media query, the focused element, every form control's value,
the selected text and the page's local and session storage); after each test that read it the page is fingerprinted again, and a test that changed it fails, naming what
changed, and the page is closed so that the next test loads it afresh. The one part left out is the line of
Material's search dialog that its worker fills in when the index has loaded ("Initializing search" becomes "Type to
start searching"): it changes by itself, not through any test. The guard's findings (requests to other hosts,
console errors) fail every test that read the page, as they would have failed each test on a page of its own.

Every reader sees the page laid out whole. The site's large blocks (tables' scroll boxes, the heatmap) have
`content-visibility: auto`: until a block comes near the screen, or a script asks where something inside it is,
the browser skips laying out its content and the block reports a placeholder's size. The fingerprint reads every
element's scroll offsets, which lays out every block, so the first reader of a page already finds it so, whichever
readers came before; without that, a reader that measures a cell (the numeric columns' widths) would lay out the
tables for the readers after it, and a reader of a box's width (the tables that fit a laptop screen) would check
a real width or a placeholder's depending on the order. The page's scripts answer that layout a frame later (a
scroll box wider than its column gets its scroll cue's classes and shows the cue), so the fingerprint a reader's
changes are compared with is taken once the page has stopped changing by itself (`settled_fingerprint`). No reader
checks those cues; the tests that do, check_wide_tables in test_reading, open pages of their own.

At most the pages of one width and palette are kept: the suite orders the tests that read shared pages by width and
palette (`order_shared_page_readers`, which conftest calls), so a page is loaded once for them, and the pages of a width and
palette are closed when a test asks for another (each open page holds about 80 MB of Chromium's memory).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page


DEFAULT_WIDTH = 1366
"""A laptop's viewport width in CSS pixels, where a reading test looks unless it says otherwise."""
DEFAULT_SCHEME = "default"
"""Material's light palette (mkdocs.yml's first); "slate" is the dark one."""


class View(NamedTuple):
    """What a shared page is loaded for: the page type, the viewport's width and the palette's scheme."""

    kind: str
    width: int
    scheme: str


FINGERPRINT = """() => {
  const meta = document.querySelector(".md-search-result__meta");
  const markup = document.documentElement.outerHTML.replace(meta ? meta.outerHTML : "", "");
  let digest = 0;
  for (let i = 0; i < markup.length; i++) digest = (Math.imul(digest, 31) + markup.charCodeAt(i)) | 0;
  const scrolled = [...document.querySelectorAll("*")]
    .filter(element => element.scrollLeft !== 0 || element.scrollTop !== 0)
    .map(element => `${element.tagName}#${element.id}.${element.className} ${element.scrollLeft},${element.scrollTop}`);
  const active = document.activeElement;
  return {
    url: location.href,
    markup: `${markup.length} characters, digest ${digest}`,
    window: `scrolled to ${scrollX},${scrollY}, ${innerWidth}x${innerHeight}, print ${matchMedia("print").matches}`,
    scrolled: scrolled.join("; "),
    focus: active === document.body || active === null ? "" : `${active.tagName}#${active.id}.${active.className}`,
    controls: [...document.querySelectorAll("input, select, textarea")]
      .map(control => control.type === "checkbox" || control.type === "radio" ? String(control.checked) : control.value)
      .join("|"),
    selection: String(getSelection()),
    storage: JSON.stringify([Object.entries(localStorage).sort(), Object.entries(sessionStorage).sort()]),
  };
}"""
"""What a reading test must leave as it found it (see the module docstring); a digest, not the markup itself, so
that a check after every test costs milliseconds, not a copy of the page. Reading every element's scroll offsets
also lays out the blocks `content-visibility: auto` skips: taken at load, it gives every reader the page whole."""


NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
"""Resolves after two frames: the resize observers and frame callbacks that the last layout queued have run."""

SETTLE_TRIES = 20


def settled_fingerprint(page: Page) -> dict[str, str]:
    """The page's fingerprint once it has stopped changing by itself. Taking a fingerprint lays out every block
    (see FINGERPRINT), and the page's scripts answer that layout a frame later (a scroll box that turns out to be
    wider than its column gets its scroll cue's classes and shows the cue): a baseline taken before them once made
    the next reader fail for a change no test made. So the fingerprint is taken again after two frames until two
    in a row agree."""
    before = page.evaluate(FINGERPRINT)
    for _ in range(SETTLE_TRIES):
        page.evaluate(NEXT_FRAMES)
        after = page.evaluate(FINGERPRINT)
        if after == before:
            return after
        before = after
    raise AssertionError(f"{page.url} kept changing by itself for {SETTLE_TRIES} pairs of frames; it cannot be shared")


class Guarded(Protocol):
    """What a page's guard collected (test_browser.Guard; only this is read here)."""

    def problems(self) -> list[str]: ...


@dataclass
class SharedPage:
    """A loaded page, its context, the guard watching it and its fingerprint when it loaded."""

    context: BrowserContext
    page: Page
    guard: Guarded
    fingerprint: dict[str, str]


Loader = Callable[[View], tuple["BrowserContext", "Page", Guarded]]
"""Opens a guarded page for a view, ready to read: its context, the page and its guard."""


class PageShelf:
    """The shared pages of one width and palette at a time, for one test session (one worker)."""

    def __init__(self) -> None:
        self.pages: dict[View, SharedPage] = {}
        self.loads = 0
        """How many pages were loaded: what the sharing saves is the difference from the reads."""

    def get(self, view: View, load: Loader) -> SharedPage:
        """The page for `view`, loaded now unless a test already had it; another view's pages are closed first."""
        for other in [kept for kept in self.pages if kept[1:] != view[1:]]:
            self.discard(other)
        if view not in self.pages:
            context, page, guard = load(view)
            self.loads += 1
            self.pages[view] = SharedPage(context, page, guard, settled_fingerprint(page))
        return self.pages[view]

    def changes(self, view: View) -> list[str]:
        """What differs in `view`'s page from its fingerprint at load; a changed page is closed (never reused)."""
        shared = self.pages[view]
        now = shared.page.evaluate(FINGERPRINT)
        changed = [
            f"{part}: {shared.fingerprint[part]!r} -> {now[part]!r}"
            for part in now
            if now[part] != shared.fingerprint[part]
        ]
        if changed:
            self.discard(view)
        return changed

    def discard(self, view: View) -> None:
        self.pages.pop(view).context.close()

    def close(self) -> None:
        for view in list(self.pages):
            self.discard(view)


def shared_view(item: pytest.Item) -> tuple[int, str] | None:
    """The width and palette of the shared pages a test reads (`read_page`): its parameters `width` and `scheme`,
    else its `page_view` mark's, else the defaults; None for a test that reads no shared page."""
    if "read_page" not in getattr(item, "fixturenames", ()):
        return None
    marker = item.get_closest_marker("page_view")
    declared = marker.kwargs if marker else {}
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec else {}
    width = params.get("width", declared.get("width", DEFAULT_WIDTH))
    scheme = params.get("scheme", declared.get("scheme", DEFAULT_SCHEME))
    return int(width), str(scheme)


def order_shared_page_readers(items: list[pytest.Item]) -> None:
    """Runs the tests that read shared pages together, one width and palette after another, where the first of
    them was: the shelf keeps one view's pages at a time, so each page loads once. Only efficiency depends on
    this order, never a verdict (sharedpages: a test that changes a page fails and the page is loaded again)."""
    readers = [item for item in items if shared_view(item) is not None]
    if not readers:
        return
    first = items.index(readers[0])
    moved = set(map(id, readers))
    others = [item for item in items if id(item) not in moved]
    items[:] = others[:first] + sorted(readers, key=lambda item: shared_view(item) or (0, "")) + others[first:]
