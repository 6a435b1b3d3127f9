"""One verdict: the data problems that fail `synthsite validate --strict` fail `make site`, the strict build,
pre-commit and CI; every one of them prints each problem at its level; the preview keeps its last good build."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from sitebuild import MINI, REPO, config_for, mkdocs_build, mkdocs_settings
from synthsite.load.safeyaml import parse

ROUTINES = "synthesis/studies/smith-2020-routines.yaml"
HOPE = "synthesis/studies/smith-2020-hope.yaml"
LINK = """    synthesis:
      - theme: hope
        relation: extends
"""
_HOPE_LINES = (MINI / HOPE).read_text(encoding="utf-8").replace(LINK, "").splitlines()
WARNING = (
    f"WARNING -  synthsite: {HOPE}:{_HOPE_LINES.index('  - id: small-signs') + 1}:5: themes[1].synthesis: warning: "
    "study theme 'small-signs' is not linked to any synthesized theme"
)
"""The warning points at the study theme (its line found in the file, so fixture edits above it keep it true)."""


def with_a_warning(tmp_path: Path) -> Path:
    """The mini corpus with one study theme linked to nothing and no reason given: a warning, not an error."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    path = root / HOPE
    text = path.read_text(encoding="utf-8")
    assert text.count(LINK) == 1
    path.write_text(text.replace(LINK, ""), encoding="utf-8")
    return root


def test_a_data_warning_fails_the_strict_build_before_the_site_is_touched(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = mkdocs_build(config_for(with_a_warning(tmp_path), tmp_path / "config"), site)
    assert result.returncode == 1
    assert WARNING in result.stderr
    assert (
        "synthsite: 0 error(s), 1 warning(s) in synthesis/ or bibliography/, listed above; nothing was built "
        "(a strict build fails on warnings, as `synthsite validate --strict` and CI do)"
    ) in result.stderr
    assert not site.exists()


def test_a_build_that_is_not_strict_still_prints_the_warning_as_a_warning(tmp_path: Path) -> None:
    config = config_for(with_a_warning(tmp_path), tmp_path / "config")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["strict"] = False
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "site")],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert WARNING in result.stderr
    assert (tmp_path / "site" / "studies" / "smith-2020-routines" / "index.html").is_file()


def test_make_site_pre_commit_and_ci_all_fail_on_warnings() -> None:
    """The same strict checks everywhere; mkdocs.yml itself is strict, so `mkdocs build` and `make serve` are."""
    assert mkdocs_settings()["strict"] is True
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^site:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe is not None
    assert recipe.group(1).split("\n")[:2] == ["\t$(BIN)/synthsite validate --strict", "\t$(BIN)/mkdocs build --strict"]
    hooks = parse((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    entries = {hook["id"]: hook["entry"] for repo in hooks for hook in repo["hooks"] if "entry" in hook}
    assert entries["synthsite-validate"] == ".venv/bin/synthsite validate --strict"
    ci = (REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "run: .venv/bin/synthsite validate --strict" in ci and "run: .venv/bin/mkdocs build --strict" in ci


# ------------------------------------------------------------------------------------------- preview


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(path: Path, text: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = path.read_text(encoding="utf-8", errors="replace")
        if text in log:
            return log
        time.sleep(0.5)
    raise AssertionError(f"{text!r} not printed within {timeout} s:\n{path.read_text(encoding='utf-8')[-4000:]}")


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.status, response.read().decode("utf-8")


@pytest.mark.slow
@pytest.mark.xdist_group("serve")
def test_the_preview_prints_its_url_and_keeps_the_last_good_build_on_invalid_data(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    config = config_for(root, tmp_path / "config")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["watch"] = [str(root / "synthesis")]
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/synthsite/"
        wait_for(log, f"Serving on {url}", 300)
        status, page = get(url + "studies/smith-2020-routines/")
        assert status == 200 and "Staff lean on each other" in page
        study = root / ROUTINES
        study.write_text(study.read_text(encoding="utf-8").replace("n: 4\n", "n: four\n"), encoding="utf-8")
        text = wait_for(log, "this change was not built", 120)
        assert f"ERROR   -  synthsite: {ROUTINES}:" in text
        assert f"still serving the last good build at {url}" in text
        status, page = get(url + "studies/smith-2020-routines/")
        assert status == 200 and "Staff lean on each other" in page
    finally:
        server.terminate()
        server.wait(timeout=30)
