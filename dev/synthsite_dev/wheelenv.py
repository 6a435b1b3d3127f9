"""A fresh environment with synthsite installed from its wheel, offline: what `pip install synthsite` gives a user.

Shared by the wheel-to-new-project test (tests/test_wheel_project.py) and `dev/suite_against_wheel.py`, which runs
this repository's whole suite against the installed wheel instead of the checkout's scripts/ (so a file the
package needs but the wheel leaves out, or a test that reaches into the source tree, shows up).

Offline: the wheel is built without build isolation (setuptools is a pinned dev dependency), and the fresh
environment reuses the running environment's installed dependencies through a folder of links that leaves out
synthsite itself (and its editable install), so pip must take synthsite from the built wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

SOURCE_FILES = ("pyproject.toml", "README.md", "LICENSE")
"""What the wheel is built from besides scripts/ (the metadata, the long description, the licence)."""

LEFT_OUT = ("synthsite", "__editable__", "_synthsite", "pip", "distutils-precedence")
"""Installed names not linked into the fresh environment: synthsite must come from the wheel, pip from outside."""


REUSED = "zz-reused-dependencies.pth"
"""The path file through which a fresh venv sees the linked dependencies."""

OWN_COMMANDS = ("python", "activate", "Activate", "pip", "synthsite", "mkdocs")
"""Commands a fresh venv has of its own or must get from the wheel (synthsite, and mkdocs, which loads its plugin)."""


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command, failing with its last output when it fails."""
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def build_wheel(repo: Path, work: Path) -> Path:
    """The wheel, built from a copy of the package's sources (the build writes into its source folder)."""
    source = work / "source"
    source.mkdir(parents=True)
    for name in SOURCE_FILES:
        shutil.copy2(repo / name, source / name)
    shutil.copytree(
        repo / "scripts", source / "scripts", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", "*.pyc")
    )
    dist = work / "dist"
    run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
        "--wheel-dir", dist, source, cwd=work,
    )  # fmt: skip
    (built,) = dist.glob("synthsite-*.whl")
    return built


def _installed() -> list[Path]:
    """Everything installed in this environment: its site-packages and, when it is itself such a fresh venv (the
    suite run against the wheel), the folder of linked dependencies it reuses."""
    purelib = Path(sysconfig.get_paths()["purelib"])
    folders = [purelib]
    if (purelib / REUSED).exists():
        folders += [Path(line) for line in (purelib / REUSED).read_text(encoding="utf-8").splitlines() if line]
    return [entry for folder in folders for entry in sorted(folder.iterdir())]


def fresh_venv(work: Path, tools: bool = False) -> Path:
    """A venv whose dependencies are this environment's (linked, synthsite left out); synthsite is not installed.

    `tools`: also pip and the command-line tools the suite runs by path beside its interpreter (check-jsonschema,
    check-yaml, shellcheck: none of them imports synthsite), for running the suite itself there."""
    target = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", target, cwd=work)
    deps = work / "deps"
    deps.mkdir()
    for entry in _installed():
        name = entry.name.lower()
        if (deps / entry.name).exists():
            continue
        if (name.startswith(LEFT_OUT) and not (tools and name.startswith("pip"))) or name.endswith(".pth"):
            continue
        (deps / entry.name).symlink_to(entry)
    (site_packages,) = (target / "lib").glob("python3*/site-packages")
    (site_packages / REUSED).write_text(f"{deps}\n", encoding="utf-8")
    mkdocs = target / "bin" / "mkdocs"  # the console script pip would have written with the dependency
    mkdocs.write_text(f'#!/bin/sh\nexec "{target / "bin" / "python"}" -m mkdocs "$@"\n', encoding="utf-8")
    mkdocs.chmod(0o755)
    if tools:
        for command in sorted(Path(sys.executable).parent.iterdir()):
            if command.name.startswith(OWN_COMMANDS) or (target / "bin" / command.name).exists():
                continue
            (target / "bin" / command.name).symlink_to(command)
    return target


def clean_env(venv: Path) -> dict[str, str]:
    """The environment of a user's shell with the fresh venv activated: no PYTHONPATH, no source tree."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def install_wheel(venv: Path, wheel: Path, cwd: Path) -> Path:
    """Install the wheel alone (its dependencies are linked already); return where synthsite imports from."""
    run(
        sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--quiet", "--no-deps",
        "--no-index", wheel, cwd=cwd, env=clean_env(venv),
    )  # fmt: skip
    where = run(
        venv / "bin" / "python", "-c", "import synthsite; print(synthsite.__file__)", cwd=cwd, env=clean_env(venv)
    )
    return Path(where.stdout.strip())
