"""One verdict for every way the site is built: the data problems that fail `synthsite validate --strict`
fail `make site`, `mkdocs build`, pre-commit and CI, and every one of them prints each problem.

MkDocs prints a plugin's messages by level, and in strict mode (`strict: true` in mkdocs.yml) fails on any
warning; so data warnings are logged as WARNING (errors as ERROR), never at info level where a strict build
would pass over them. An invalid corpus stops the build before the site directory is touched.

`mkdocs serve` stalls every page request after a failed rebuild ("the server will appear stuck"); the preview
instead catches the failure, says so, and keeps serving the last build that succeeded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from mkdocs.exceptions import PluginError

from synthsite.load.problems import Problem

log = logging.getLogger("mkdocs.plugins.synthsite.verdict")


def report(problems: Sequence[Problem]) -> None:
    """Print every problem at its level: ERROR for errors, WARNING for warnings."""
    for problem in problems:
        if problem.severity == "error":
            log.error("synthsite: %s", problem.format())
        else:
            log.warning("synthsite: %s", problem.format())


def failure(problems: Sequence[Problem], strict: bool) -> PluginError:
    """The error that stops a build whose data fail (already reported one per line by `report`)."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    why = (
        " (a strict build fails on warnings, as `synthsite validate --strict` and CI do)" if strict and warnings else ""
    )
    return PluginError(
        f"synthsite: {errors} error(s), {warnings} warning(s) in synthesis/ or bibliography/, listed above; "
        f"nothing was built{why}"
    )


def keep_serving_last_good(server: Any) -> None:
    """Wrap the preview's rebuild so that a failed one leaves the last good build served, not a stalled server."""
    rebuild: Callable[..., None] = server.builder

    def rebuild_or_keep(*args: Any, **kwargs: Any) -> None:
        try:
            rebuild(*args, **kwargs)
        except Exception:  # mkdocs' Abort (after a PluginError or strict warnings) is an Exception too
            log.error(
                "synthsite: this change was not built (problems above); still serving the last good build at %s. "
                "Fix the problems and save again.",
                getattr(server, "url", "the preview address"),
            )

    server.builder = rebuild_or_keep
