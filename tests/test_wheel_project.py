"""`pip install synthsite` then `synthsite init` is the path a new review team takes: the wheel built from this
source, installed into a fresh environment with no source checkout on its path, starts a project that validates,
builds strictly and passes its own `make test`.

Offline, as `synthsite_dev.wheelenv` builds and installs it: pip must take synthsite from the built wheel, by the
version the starter's requirements.txt names.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from sitebuild import EPOCH, REPO
from synthsite_dev import wheelenv
from synthsite_dev.wheelenv import run

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
TITLE = "Peer support in crisis care"


def clean_env(venv: Path) -> dict[str, str]:
    """The environment of a user's shell with the fresh venv activated, at the suite's fixed build date."""
    return wheelenv.clean_env(venv) | {"SOURCE_DATE_EPOCH": EPOCH}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the package's sources."""
    return wheelenv.build_wheel(REPO, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv whose dependencies are this environment's (linked, synthsite left out); synthsite itself
    is not installed yet."""
    return wheelenv.fresh_venv(tmp_path_factory.mktemp("venv"))


def test_the_wheel_carries_the_licence_the_starter_and_no_developer_tools(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert f"synthsite-{VERSION}.dist-info/licenses/LICENSE" in names
    assert "synthsite/contrib/starter/Makefile" in names
    assert "synthsite/contrib/starter/dot-github/workflows/ci.yml" in names
    assert not [
        name for name in names if name.startswith(("synthsite_dev", "synthsite/synthetic")) or "/tests/" in name
    ]
    launcher = zipfile.ZipFile(wheel).read("synthsite/bench.py").decode()  # only the door to a checkout's dev/
    assert "def dev_folder" in launcher and "import synthsite_dev" not in launcher
    metadata = zipfile.ZipFile(wheel).read(f"synthsite-{VERSION}.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata and "Project-URL: Repository," in metadata
    assert "Requires-Dist: mkdocs<2,>=1.6" in metadata


@pytest.fixture(scope="module")
def project(wheel: Path, venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip install synthsite` (from the built wheel, offline), then `synthsite init` as a user types it."""
    home = tmp_path_factory.mktemp("home")
    env = clean_env(venv)
    run(
        sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--quiet", "--no-index",
        "--find-links", wheel.parent, f"synthsite=={VERSION}", cwd=home, env=env,
    )  # fmt: skip
    where = run(venv / "bin" / "python", "-c", "import synthsite; print(synthsite.__file__)", cwd=home, env=env)
    assert Path(where.stdout.strip()).is_relative_to(venv), "synthsite must come from the wheel"
    assert not Path(where.stdout.strip()).is_relative_to(REPO)
    run(
        venv / "bin" / "synthsite", "init", "new-review", "--title", TITLE,
        "--site-url", "https://example.org/new-review/", cwd=home, env=env,
    )  # fmt: skip
    return home / "new-review"


def test_the_starter_requires_the_released_version(project: Path) -> None:
    requirement = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert requirement == f"synthsite=={VERSION}"


def test_the_requirement_resolves_to_the_wheel_alone(project: Path, wheel: Path, venv: Path, tmp_path: Path) -> None:
    """What the project's `make` runs (`pip install -r requirements.txt`), offline, into a second fresh venv that
    sees the same dependencies: pip finds synthsite==VERSION only as the wheel."""
    second = tmp_path / "second"
    shutil.copytree(venv, second, symlinks=True)
    for script in (second / "bin").iterdir():  # console scripts name their interpreter; not needed here
        if script.name.startswith("synthsite"):
            script.unlink()
    (site_packages,) = (second / "lib").glob("python3*/site-packages")
    for installed in site_packages.glob("synthsite*"):
        shutil.rmtree(installed)
    done = run(
        sys.executable, "-m", "pip", "--python", second / "bin" / "python", "install", "--no-index",
        "--find-links", wheel.parent, "-r", project / "requirements.txt", cwd=tmp_path, env=clean_env(second),
    )  # fmt: skip
    assert f"Successfully installed synthsite-{VERSION}" in done.stdout


def test_the_new_project_validates_builds_and_passes_its_own_tests(project: Path, venv: Path) -> None:
    """The project's own `make test` with the fresh venv's tools (its `make` would create .venv from
    requirements.txt, which needs the network; the test above resolves that requirement offline)."""
    done = run("make", "-o", ".venv/.installed-stamp", "test", f"BIN={venv / 'bin'}", cwd=project, env=clean_env(venv))
    assert "ok: 1 study, 1 synthesized theme" in done.stdout
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert TITLE in home
    assert (project / "site" / "studies" / "example-2024" / "index.html").is_file()


SUITE_IMPORTS = """
import ast, importlib, pathlib, sys
repo = pathlib.Path.cwd()
sys.path[:0] = [str(repo / "tests"), str(repo / "dev")]  # the suite's helpers, as pytest and conftest.py add them
named = set()
for path in [*(repo / "tests").glob("*.py"), *(repo / "dev").rglob("*.py")]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    fallback = {id(n) for t in ast.walk(tree) if isinstance(t, ast.Try) for h in t.handlers for n in ast.walk(h)}
    for node in ast.walk(tree):
        if id(node) in fallback:  # an older layout's names, imported only when the first try failed
            continue
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").startswith("synthsite"):
            named |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Import):
            named |= {alias.name for alias in node.names if alias.name.startswith("synthsite")}
modules = 0
for name in sorted(named):
    try:
        importlib.import_module(name)
        modules += 1
    except ModuleNotFoundError as exc:  # `from synthsite.x import name` names a function, not a module
        parent, _, attr = name.rpartition(".")
        if exc.name != name or not hasattr(importlib.import_module(parent), attr):
            raise
import synthsite, synthsite_dev
print(modules, synthsite.__file__, synthsite_dev.__file__, sep="\\n")
"""


def test_the_suite_imports_resolve_against_the_installed_wheel(project: Path, venv: Path) -> None:
    """The test suite needs synthsite plus its own helpers (tests/, and dev/synthsite_dev for synthetic corpora and
    Chromium), never the checkout's scripts/: with the wheel installed, every synthsite module the tests and dev
    tools name (at the top or inside a function) imports from the wheel, and pytest collects every test module.
    (A full run against the wheel would double the suite's time; collection imports what each module needs.)"""
    env = clean_env(venv)
    python = venv / "bin" / "python"
    done = run(python, "-c", SUITE_IMPORTS, cwd=REPO, env=env)
    modules, package, helpers = done.stdout.split()
    assert int(modules) > 20
    assert Path(package).is_relative_to(venv) and not Path(package).is_relative_to(REPO)
    assert Path(helpers).is_relative_to(REPO / "dev")
    collected = run(
        python, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests", cwd=REPO, env=env
    )
    last = collected.stdout.rstrip().splitlines()[-1]
    assert re.fullmatch(r"\d+ tests collected in [\d.]+s", last), collected.stdout[-3000:]


def test_outside_a_checkout_the_benchmark_says_where_it_lives(project: Path, venv: Path) -> None:
    """`python -m synthsite.bench` in an installed wheel: no dev/ to run, a message and exit 2, no traceback."""
    done = subprocess.run(
        [venv / "bin" / "python", "-m", "synthsite.bench", "--help"],
        cwd=project,
        env=clean_env(venv),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "development tool kept in the synthsite repository's dev/ folder" in done.stderr
    assert "Traceback" not in done.stderr
