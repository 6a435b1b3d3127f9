"""The synthesis at a git ref: the only part of `synthsite changes` that touches git.

It extracts `synthesis/` and `bibliography/` at a ref into a temporary folder and loads them with the
ordinary loader.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from synthsite.load.corpus import Corpus, load

DATA_PATHS = ("synthesis", "bibliography")


class GitError(Exception):
    """The base ref cannot be read (unknown ref, not a git repository, git missing)."""


# --------------------------------------------------------------------------------------------- git


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def resolve(root: Path, ref: str) -> str:
    """The commit a ref names; GitError with advice when it names none."""
    if not ref or ref.startswith("-") or any(c.isspace() or ord(c) < 32 for c in ref):
        raise GitError(f"{ref!r} is not a git ref; give a branch, tag or commit such as origin/main")
    try:
        _git(root, "rev-parse", "--is-inside-work-tree")
    except GitError:
        raise GitError(f"{root} is not in a git repository") from None
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(
            f"unknown git ref {ref!r}: name a branch, tag or commit, and fetch it first"
            " (e.g. `git fetch origin main` for origin/main)"
        ) from None


@contextmanager
def data_at(root: Path, ref: str) -> Iterator[Path | None]:
    """A temporary folder holding `synthesis/` and `bibliography/` as they are at `ref` (None when the ref has
    no synthesis/): only the data files leave git, never code, and nothing of the working tree is touched."""
    commit = resolve(root, ref)
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    tree = f"{commit}:{prefix}" if prefix else commit
    present = _git(root, "ls-tree", "--name-only", tree, "--", *DATA_PATHS).decode().split()
    present = [p for p in present if p in DATA_PATHS]
    if "synthesis" not in present:
        yield None
        return
    archive = _git(root, "archive", "--format=tar", tree, "--", *present)
    with tempfile.TemporaryDirectory(prefix="synthsite-data-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        yield Path(folder)


def code_changes(root: Path, base_ref: str, head_ref: str | None = None) -> list[str]:
    """Every file changed outside synthesis/ and bibliography/: between `base_ref` and the working tree (with
    new untracked files), or between `base_ref` and `head_ref` (what a pull request's branch changes)."""
    commit = resolve(root, base_ref)
    if head_ref is None:
        changed = _git(root, "diff", "--name-only", "--no-renames", "-z", "--relative", commit, "--")
        changed += b"\0" + _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    else:
        head = resolve(root, head_ref)
        changed = _git(root, "diff", "--name-only", "--no-renames", "-z", "--relative", f"{commit}...{head}", "--")
    names = {name for name in changed.decode("utf-8", "surrogateescape").split("\0") if name}
    return sorted(name for name in names if name.split("/", 1)[0] not in DATA_PATHS)


def corpus_at(root: Path, ref: str) -> tuple[Corpus | None, list[str]]:
    """The synthesis as it is at `ref` (None if it has none there), with notes for the reader."""
    with data_at(root, ref) as folder:
        if folder is None:
            return None, [f"{ref} has no synthesis/ folder; everything is shown as new"]
        result = load(folder, cached=False)
    notes = []
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        notes.append(
            f"the synthesis at {ref} has {len(errors)} validation error(s); what does not load there is"
            " compared as if it were absent"
        )
    return result.corpus, notes
