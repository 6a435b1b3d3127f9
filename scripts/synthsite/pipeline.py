"""The pipeline in two calls, shared by the command line and the MkDocs plugin so they cannot drift apart.

`validate`: load (stage 1) and check -> a `Corpus` or the problems. `generate`: index (stage 2) and render
(stage 3) -> a `Site`, every page and download, which a builder (stage 4) hands on.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from synthsite import gcpause
from synthsite.index import build_index
from synthsite.load.check import check
from synthsite.load.corpus import Corpus, load
from synthsite.load.problems import Problem, sort_problems
from synthsite.render import Site, render_index
from synthsite.render.reuse import PageReuse


@gcpause.paused()
def validate(root: Path, strict: bool = False) -> tuple[Corpus | None, list[Problem]]:
    """Load and check; returns the corpus only when there are no errors (and no warnings if strict)."""
    result = load(root)
    problems = list(result.problems)
    if result.corpus is not None:
        problems += check(result.corpus)
    problems = sort_problems(problems)
    failing = [p for p in problems if p.severity == "error" or strict]
    return (result.corpus if not failing else None), problems


def build_date(environ: dict[str, str] | None = None) -> str | None:
    """The build date from SOURCE_DATE_EPOCH (reproducible builds), or None: no timestamps otherwise."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return datetime.fromtimestamp(int(value), tz=UTC).strftime("%Y-%m-%d")


def generate(corpus: Corpus, *, date: str | None = None, reuse: PageReuse | None = None) -> Site:
    """The whole generated site for a valid corpus (`reuse`: the preview's kept study and theme pages)."""
    return render_index(build_index(corpus, build_date=date), reuse)
