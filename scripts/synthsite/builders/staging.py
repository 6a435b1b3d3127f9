"""Build a site into a staging folder and swap it in only when the whole build succeeded.

A build that fails half-way (a broken link in a hand-written page under `--strict`, a plugin error) must leave
the previous `site/` exactly as it was: readers of a deployed copy, and `git diff` of a checked-in one, never see
a half-new site. The staging folder sits beside the target, so the swap is two renames on one file system.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from synthsite.fsutil import folder_mode

PREFIX = ".building-"
"""Staging folders are named `.building-<site folder name>-<random>` beside the site folder."""


def make_staging(final: Path) -> Path:
    """An empty folder beside `final` to build into, with the mode a plain `mkdir` would give it."""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{final.name}-", dir=final.parent))
    staging.chmod(folder_mode())
    return staging


def swap_in(staging: Path, final: Path) -> None:
    """Replace `final` with `staging`: the old site moves aside, the new one takes its name, the old one goes."""
    aside: Path | None = None
    if final.exists() or final.is_symlink():
        aside = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{final.name}-old-", dir=final.parent))
        os.rename(final, aside / final.name)
    os.rename(staging, final)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
