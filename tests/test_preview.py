"""The incremental preview (issue 14): under `mkdocs serve`, a rebuild converts only the pages whose Markdown
changed since the last build, and still writes every page fresh, with `strict: true`.

`mkdocs serve` loads the configuration (new plugin objects) and calls `build` again after each save; the test does
the same in-process, twice, around a one-study edit, and records which pages MkDocs' Markdown converter saw.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from sitebuild import MINI, config_for, record_rendering
from synthsite.builders import prerendered
from synthsite.pipeline import generate, validate

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("preview")]


def _serve_build(config_file: Path, site: Path, converted: list[str]) -> None:
    config = load_config(str(config_file), site_dir=str(site))
    assert config.strict
    config.plugins.on_startup(command="serve", dirty=False)
    converted.clear()
    build(config)


def _markdown_by_page(root: Path) -> dict[str, str]:
    corpus, problems = validate(root)
    assert corpus is not None, problems
    return {src: prerendered.split(text).markdown for src, text in generate(corpus).pages.items()}


def test_a_rebuild_converts_only_the_pages_whose_markdown_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    config_file = config_for(root, tmp_path / "config")
    site = tmp_path / "site"

    converted = record_rendering(monkeypatch, converted_only=True)

    _serve_build(config_file, site, converted)
    first = set(converted)
    assert "studies/index.md" in first and len(first) > 10

    before = _markdown_by_page(root)
    study = next(p for p in sorted((root / "synthesis" / "studies").glob("*.yaml")) if "\naim: To" in p.read_text())
    text = study.read_text(encoding="utf-8")
    study.write_text(text.replace("\naim: To", "\naim: Edited for the preview test. To", 1), encoding="utf-8")
    after = _markdown_by_page(root)
    changed = {src for src in after if before.get(src) != after[src]}

    caplog.clear()
    with caplog.at_level(logging.INFO):
        _serve_build(config_file, site, converted)
    assert set(converted) == changed  # nothing else went through the converter again
    # pages the edit did not touch were reused, not made again (render.reuse), and the log says how many
    reused = re.search(
        r"synthsite: (\d+) study and theme pages unchanged since the last build were reused", caplog.text
    )
    assert reused is not None and int(reused.group(1)) >= 1
    assert len(changed) < len(first) // 2
    page = site / "studies" / study.stem / "index.html"
    assert "Edited for the preview test." in page.read_text(encoding="utf-8")  # the new text is on the page
    assert "<h2" in page.read_text(encoding="utf-8")  # headings restored from the cache

    # A plain build (not serving) never uses the cache.
    config = load_config(str(config_file), site_dir=str(tmp_path / "site-build"))
    config.plugins.on_startup(command="build", dirty=False)
    converted.clear()
    build(config)
    assert set(converted) == first
