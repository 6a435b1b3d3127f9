"""A copy of the repository with a synthetic fifth study: the corpus grows by pull request, so tests must too."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIFTH = REPO / "tests" / "fixtures" / "fifth"
FIFTH_ID = "lindqvist-2025"
FIFTH_KEY = "Lindqvist2025"


def copy_repository(target: Path) -> Path:
    """Copy the files git knows of (tracked, and new ones not ignored) to `target`; share .venv and ../shared."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    if (REPO / ".venv").is_dir():
        (target / ".venv").symlink_to(REPO / ".venv", target_is_directory=True)
    shared = REPO.parent / "shared"
    if shared.is_dir() and not (target.parent / "shared").exists():
        (target.parent / "shared").symlink_to(shared, target_is_directory=True)
    return target


def add_fifth_study(root: Path) -> None:
    """Add the synthetic study and its BibTeX entry to the project at `root`, as a contributor's PR would."""
    name = f"synthesis/studies/{FIFTH_ID}.yaml"
    shutil.copy2(FIFTH / name, root / name)
    bib = root / "bibliography" / "references.bib"
    entry = (FIFTH / "bibliography" / f"{FIFTH_ID}.bib").read_text(encoding="utf-8")
    bib.write_text(bib.read_text(encoding="utf-8").rstrip("\n") + "\n" + entry, encoding="utf-8")
