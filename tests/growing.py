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


def add_fifth_study(root: Path) -> str:
    """Add the synthetic study and its BibTeX entry to the project at `root`, as a contributor's PR would;
    returns its id (renamed if the project already holds one with that id or key, e.g. in a contributor's clone
    that follows the guide with this very study)."""
    name = f"synthesis/studies/{FIFTH_ID}.yaml"
    study = (FIFTH / name).read_text(encoding="utf-8")
    entry = (FIFTH / "bibliography" / f"{FIFTH_ID}.bib").read_text(encoding="utf-8")
    bib = root / "bibliography" / "references.bib"
    existing = bib.read_text(encoding="utf-8")
    study_id, key = FIFTH_ID, FIFTH_KEY
    while (root / f"synthesis/studies/{study_id}.yaml").exists() or "{" + key + "," in existing:
        study_id, key = study_id + "-b", key + "b"
    study = study.replace(f"id: {FIFTH_ID}\n", f"id: {study_id}\n").replace(
        f"citation: {FIFTH_KEY}\n", f"citation: {key}\n"
    )
    (root / f"synthesis/studies/{study_id}.yaml").write_text(study, encoding="utf-8")
    bib.write_text(
        existing.rstrip("\n") + "\n" + entry.replace("{" + FIFTH_KEY + ",", "{" + key + ","), encoding="utf-8"
    )
    return study_id
