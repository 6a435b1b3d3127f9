"""Which Chromium the browser tests and the benchmark drive, found the same way on every machine.

In order: the executable named by SYNTHSITE_BROWSER; Playwright's own Chromium (what `python -m playwright install
chromium` downloads, as GitHub's runners do); the system's Chromium (Debian's packages, as `.ci/run` installs:
its headless shell if present, else the full browser). A
machine with none of them gets the command that installs one, never a silently shorter suite: skipping the browser
tests is an explicit choice (SYNTHSITE_SKIP_BROWSER=1, `make test SKIP_BROWSER=1`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

BROWSER_VARIABLE = "SYNTHSITE_BROWSER"
SKIP_VARIABLE = "SYNTHSITE_SKIP_BROWSER"
SYSTEM_NAMES = ("chromium-headless-shell", "chromium", "chromium-browser")
"""Debian's and Ubuntu's names of the system's executables, the headless shell first: it is the same engine without
the full browser around it, what Playwright itself runs for headless pages, and it spends about half the full
browser's CPU on each page the tests open (the browser tests were a third of the suite's CPU)."""
NEEDS_CHROMIUM = "The browser tests need Chromium"
INSTALL_COMMAND = ".venv/bin/python -m playwright install --with-deps chromium"
ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


class NoBrowser(Exception):
    """No Chromium to drive; the message says how to install one, name one, or skip the browser tests."""


def skip_requested(environ: os._Environ[str] | dict[str, str] = os.environ) -> bool:
    """True when the person running the suite chose to leave the browser tests out."""
    return environ.get(SKIP_VARIABLE, "").strip().lower() in {"1", "true", "yes"}


def no_browser_message(reason: str) -> str:
    return (
        f"{reason}. {NEEDS_CHROMIUM}: install Playwright's with `{INSTALL_COMMAND}` "
        f"(or Debian's: `apt-get install chromium`), or name one with {BROWSER_VARIABLE}=/path/to/chromium; "
        f"to leave them out knowingly, run `make test SKIP_BROWSER=1` ({SKIP_VARIABLE}=1)"
    )


def system_chromium() -> Path | None:
    """The system's chromium on PATH, if any."""
    for name in SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def named_browser(environ: os._Environ[str] | dict[str, str] = os.environ) -> Path | None:
    """The executable SYNTHSITE_BROWSER names; a name that is not an executable file is an error, not a fallback."""
    value = environ.get(BROWSER_VARIABLE, "").strip()
    if not value:
        return None
    path = Path(value)
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise NoBrowser(no_browser_message(f"{BROWSER_VARIABLE}={value} is not an executable file"))
    return path


def playwright_chromium(playwright: Playwright) -> bool:
    """True when Playwright's own Chromium is downloaded (it launches with no executable path)."""
    return Path(playwright.chromium.executable_path).is_file()


def launch(playwright: Playwright) -> Browser:
    """A headless Chromium from the first source that has one (see the module docstring)."""
    named = named_browser()
    if named is not None:
        return playwright.chromium.launch(executable_path=str(named), args=list(ARGS))
    if playwright_chromium(playwright):
        return playwright.chromium.launch(args=list(ARGS))
    system = system_chromium()
    if system is not None:
        return playwright.chromium.launch(executable_path=str(system), args=list(ARGS))
    raise NoBrowser(no_browser_message("no Chromium found (SYNTHSITE_BROWSER unset, no Playwright or system chromium)"))


@contextmanager
def chromium() -> Iterator[Browser]:
    """Playwright started and a Chromium launched for the duration of the block."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as missing:
        raise NoBrowser(no_browser_message("Playwright for Python is not installed (pip install -e '.[dev]')")) from (
            missing
        )
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()
