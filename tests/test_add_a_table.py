"""docs/architecture.md's recipe for a comparison table, followed in a copy of the repository: the table's builder
and its `TableSpec` in index/comparisons.py, a `Page` in the registry, golden files regenerated, and nothing else.
The suite's tests of pages, registry, downloads and links pass on the copy, and the site builds strictly with the
new page in its navigation, on /data/ and in the Data Package."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from growing import copy_repository
from sitebuild import BUILT_SITE_VARIABLE, EPOCH

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("add_a_table")]

COMPARISONS = Path("scripts/synthsite/index/comparisons.py")
REGISTRY = Path("scripts/synthsite/render/registry.py")
GOLDEN = "tests/golden/"

BUILDER = '''def periods_table(views: tuple[StudyView, ...]) -> Table:
    """/compare/periods/: when each study collected its data."""
    columns = [*study_columns(), Column("period", "Data collected", description="When the data were collected.")]
    rows: list[dict[str, CellValue]] = [{**study_cells(view), "period": view.study.setting.period} for view in views]
    return make_table("periods", "Data collection periods", columns, rows, "When each study collected its data.")


'''
SPEC = '    TableSpec("periods", lambda index: periods_table(index.studies)),\n'
PAGE = """    Page(
        "compare/periods/",
        "Data collection periods",
        pages.compare,
        nav=("Compare", "Periods"),
        tables=("periods",),
        description="When each study collected its data.",
    ),
"""


def _insert(path: Path, before: str, text: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.count(before) == 1, f"{path}: the recipe's anchor {before!r} is not there once"
    path.write_text(source.replace(before, text + before), encoding="utf-8")


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and ".venv" not in path.parts and "__pycache__" not in path.parts and "site" not in path.parts
    }


def _run(args: list[str], root: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """A command in the copy, with the copy's own package first on the path (the shared .venv installs this one)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env |= {"PYTHONPATH": str(root / "scripts"), "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", **extra}
    return subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=900, check=False)


def test_a_comparison_table_is_its_builder_a_registry_line_and_golden_files(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    before = _digests(root)
    _insert(root / COMPARISONS, "def limitation_text(", BUILDER)
    _insert(root / COMPARISONS, '    TableSpec("crosswalk",', SPEC)
    _insert(root / REGISTRY, "    Page(\n        urls.THEMES,", PAGE)
    pytest_args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0"]
    regenerated = _run([*pytest_args, "tests/test_pages.py", "-k", "golden"], root, UPDATE_GOLDEN="1")
    assert regenerated.returncode == 0, regenerated.stdout[-4000:]

    after = _digests(root)
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    assert str(COMPARISONS) in changed and str(REGISTRY) in changed
    assert [path for path in changed if path not in {str(COMPARISONS), str(REGISTRY)}] == [
        path for path in changed if path.startswith(GOLDEN)
    ]
    assert "tests/golden/mini/compare/periods/periods.csv" in changed
    assert "tests/golden/mini/data/index.md" in changed

    site = tmp_path / "site"
    built = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], root)
    assert built.returncode == 0, built.stderr[-4000:]

    tests = [
        "tests/test_pages.py",
        "tests/test_registry.py",
        "tests/test_architecture.py",
        "tests/test_datapackage.py",
        "tests/test_links.py",
    ]
    done = _run([*pytest_args, *tests], root, **{BUILT_SITE_VARIABLE: str(site)})  # the link tests read this build
    assert done.returncode == 0, done.stdout[-6000:]
    page = (site / "compare" / "periods" / "index.html").read_text(encoding="utf-8")
    assert "Data collection periods" in page and 'id="periods"' in page
    assert (site / "compare" / "periods" / "periods.csv").read_text(encoding="utf-8").startswith("study_id,")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="compare/periods/"' in home  # the navigation, made from the registry
    assert "compare/periods/periods.csv" in (site / "data" / "index.html").read_text(encoding="utf-8")
    assert "compare/periods/periods.csv" in (site / "data" / "datapackage.json").read_text(encoding="utf-8")
