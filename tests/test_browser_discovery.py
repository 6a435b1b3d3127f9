"""Where the browser tests get Chromium, and what a machine without one is told: the suite fails with the command
that installs one unless skipping was chosen, and a chosen skip is announced at the end of the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from synthsite_dev import browser as browsers

TESTS = Path(__file__).resolve().parent
NEEDS_BROWSER = """
def test_needs_the_browser(browser):
    assert browser.version

def test_needs_nothing():
    assert True
"""


def run_suite(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """pytest on a two-test file with this suite's conftest as a plugin, on a machine with no Chromium anywhere
    (PATH holds only Python, Playwright looks for its browsers in an empty folder) unless `variables` name one."""
    (tmp_path / "test_two.py").write_text(NEEDS_BROWSER, encoding="utf-8")
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)
    (tmp_path / "browsers").mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {browsers.BROWSER_VARIABLE, browsers.SKIP_VARIABLE, "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER"}
    }
    env |= {"PATH": str(bare), "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "browsers"), "PYTHONPATH": str(TESTS)}
    env |= variables
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "conftest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-q",
            "--rootdir",
            str(tmp_path),
            "-c",
            os.devnull,
            str(tmp_path / "test_two.py"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_without_a_browser_the_suite_fails_with_the_command_that_installs_one(tmp_path: Path) -> None:
    done = run_suite(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed, 1 error" in done.stdout
    assert "python -m playwright install --with-deps chromium" in done.stdout
    assert "1 browser tests could not run: no Chromium" in done.stdout


def test_skipping_the_browser_tests_is_a_choice_announced_at_the_end(tmp_path: Path) -> None:
    done = run_suite(tmp_path, **{browsers.SKIP_VARIABLE: "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed, 1 skipped" in done.stdout
    assert "NOT THE WHOLE SUITE: 1 browser tests skipped because SYNTHSITE_SKIP_BROWSER is set" in done.stdout


def test_a_browser_named_by_the_variable_is_used_when_nothing_else_is_found(tmp_path: Path) -> None:
    system = browsers.system_chromium()
    if system is None:
        pytest.skip("this machine has no system chromium to name")
    done = run_suite(tmp_path, **{browsers.BROWSER_VARIABLE: str(system)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_a_variable_naming_no_executable_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-chromium"
    with pytest.raises(browsers.NoBrowser, match=f"SYNTHSITE_BROWSER={missing} is not an executable file"):
        browsers.named_browser({browsers.BROWSER_VARIABLE: str(missing)})
    assert browsers.named_browser({}) is None


@pytest.mark.parametrize(("value", "skip"), [("1", True), ("true", True), ("", False), ("0", False)])
def test_only_an_explicit_value_skips(value: str, skip: bool) -> None:
    assert browsers.skip_requested({browsers.SKIP_VARIABLE: value}) is skip
