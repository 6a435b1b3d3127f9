"""The suite's build helper: MkDocs run inside the test's process says what a new process says, and leaves the
process as it found it (sitebuild.mkdocs_in_process)."""

from __future__ import annotations

import logging
import os
import shutil
import warnings
from pathlib import Path

from sitebuild import MINI, config_for, mkdocs_build


def _broken_mini(tmp_path: Path) -> Path:
    broken = tmp_path / "broken"
    shutil.copytree(MINI, broken)
    study = broken / "synthesis" / "studies" / "smith-2020-routines.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("n: 4\n", "n: four\n"), encoding="utf-8")
    return config_for(broken, tmp_path / "config")


def _process_state() -> tuple[object, ...]:
    from mkdocs.config.defaults import MkDocsConfig

    loggers = [logging.getLogger(name) for name in ("mkdocs", "mkdocs.commands.build")]
    return (
        dict(MkDocsConfig.plugins.plugin_cache),
        [(logger.level, logger.propagate, list(logger.handlers), list(logger.filters)) for logger in loggers],
        list(warnings.filters),
        warnings.showwarning,
        dict(os.environ),
        os.getcwd(),
    )


def test_a_failed_build_in_process_reports_what_a_new_process_reports(tmp_path: Path) -> None:
    config = _broken_mini(tmp_path)
    before = _process_state()
    inside = mkdocs_build(config, tmp_path / "site-inside")
    assert _process_state() == before
    outside = mkdocs_build(config, tmp_path / "site-outside", in_process=False)
    assert inside.returncode == outside.returncode == 1
    assert "synthesis/studies/smith-2020-routines.yaml:" in inside.stderr
    assert inside.stderr.splitlines() == outside.stderr.splitlines()


def test_a_build_in_process_sets_its_environment_only_while_it_runs(tmp_path: Path) -> None:
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    before = _process_state()
    result = mkdocs_build(config_for(MINI, tmp_path / "config"), tmp_path / "site", epoch="1767312000")
    assert result.returncode == 0, result.stderr
    assert _process_state() == before
    assert "site built 2026-01-02" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_a_plugin_an_earlier_build_left_behind_does_not_reach_the_next(tmp_path: Path) -> None:
    """MkDocs keeps one instance of a plugin with startup and shutdown hooks per process, for `mkdocs serve`'s
    rebuilds. A build called without its shutdown (as the preview tests call `build`) leaves its staged site in
    that instance; an in-process build starts with a plugin of its own, as a new process does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    earlier = load_config(str(config_for(MINI, tmp_path / "earlier")), site_dir=str(tmp_path / "earlier-site"))
    earlier.plugins.on_startup(command="build", dirty=False)
    build(earlier)  # no on_shutdown: the staged site stays with the plugin
    config = _broken_mini(tmp_path)
    inside = mkdocs_build(config, tmp_path / "site-inside")
    outside = mkdocs_build(config, tmp_path / "site-outside", in_process=False)
    assert inside.returncode == outside.returncode == 1
    assert inside.stderr.splitlines() == outside.stderr.splitlines()
    assert "earlier-site" not in inside.stderr
