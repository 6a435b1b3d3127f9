"""Rebuild a released version from its git commit, after the fact, offline and byte for byte.

The commit's tree is exported to a scratch folder (`git archive`, nothing of the working tree leaks in) and built
there by its own code: `mkdocs build --strict`, the build every version's `make site` runs, with the scratch
tree's `scripts/` first on the import path and the MkDocs plugin entry point that commit's `pyproject.toml`
declares. The libraries are the current environment's. SOURCE_DATE_EPOCH is the commit's time, so the build is
deterministic: rebuilding the same commit gives the same site, hence the same archives and SHA-256.
The build is the offline one (SYNTHSITE_OFFLINE=true: Material's offline plugin, for a commit whose mkdocs.yml
switches it on that way), so the site archive browses from disk; a commit without that switch builds as it did.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

BUILD_TIMEOUT = 900


class RebuildError(Exception):
    """The ref is unknown, or the commit's tree does not build; the message says which and why."""


@dataclass(frozen=True)
class Commit:
    sha: str
    epoch: int
    """The commit's time (seconds since 1970), the build's SOURCE_DATE_EPOCH."""


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise RebuildError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RebuildError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
    return done.stdout


def resolve(root: Path, ref: str) -> Commit:
    """The commit a ref names (a tag, branch, commit or `HEAD`)."""
    if ref.startswith("-"):
        raise RebuildError(f"{ref!r} is not a git ref")
    line = _git(root, "log", "-1", "--format=%H %ct", f"{ref}^{{commit}}", "--").decode().strip()
    sha, _, seconds = line.partition(" ")
    return Commit(sha, int(seconds))


def export_tree(root: Path, commit: Commit, target: Path) -> Path:
    """The commit's files in `target` (created), exactly as committed."""
    data = _git(root, "archive", "--format=tar", commit.sha)
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(target, filter="data")
    return target


def release_of(tree: Path) -> tuple[str, str]:
    """(version, date_released) as the tree's synthesis.yaml states them."""
    path = tree / "synthesis" / "synthesis.yaml"
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
        return str(meta["version"]), str(meta["date_released"])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise RebuildError(f"{path}: no version and date_released ({exc})") from None


def _plugin_entry_points(tree: Path) -> dict[str, str]:
    """The MkDocs plugins the tree's pyproject.toml declares (name -> module:object)."""
    try:
        project = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RebuildError(f"the commit's pyproject.toml cannot be read: {exc}") from None
    found = project.get("project", {}).get("entry-points", {}).get("mkdocs.plugins", {})
    return {str(name): str(target) for name, target in found.items()}


def _shim(tree: Path, folder: Path) -> Path:
    """A distribution record that declares the commit's own plugin entry points, found before the installed one."""
    version, _date = release_of(tree)
    info = folder / f"synthsite-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: synthsite\nVersion: {version}\n", encoding="utf-8")
    lines = "".join(f"{name} = {target}\n" for name, target in sorted(_plugin_entry_points(tree).items()))
    (info / "entry_points.txt").write_text(f"[mkdocs.plugins]\n{lines}", encoding="utf-8")
    return folder


def build_tree(tree: Path, site: Path, commit: Commit, scratch: Path) -> None:
    """`mkdocs build --strict` of the exported tree into `site`, by the tree's own code, offline."""
    shim = _shim(tree, scratch / "shim")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "SYNTHSITE_", "MKDOCS_")) and key != "SOURCE_DATE_EPOCH"
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(shim), str(tree / "scripts")]),
        PYTHONDONTWRITEBYTECODE="1",
        SOURCE_DATE_EPOCH=str(commit.epoch),
        XDG_CACHE_HOME=str(scratch / "cache"),
        NO_MKDOCS_2_WARNING="1",
        SYNTHSITE_OFFLINE="true",
    )
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    try:
        done = subprocess.run(
            command, cwd=tree, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise RebuildError(f"the build of {commit.sha[:12]} did not run: {exc}") from None
    if done.returncode != 0 or not (site / "index.html").is_file():
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise RebuildError(f"the build of {commit.sha[:12]} failed:\n{tail}")
