"""Pages with the same Markdown skeleton are converted once per build (`builders.conversions`), and each still
gets its own headings, anchors and table of contents; Markdown with links is converted page by page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from sitebuild import MINI, config_for, record_rendering

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("preview")]

ORIGINAL, COPY = "studies/smith-2020-routines/index.md", "studies/smith-2020-routines-copy/index.md"


def test_pages_with_the_same_skeleton_are_converted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    original = root / "synthesis/studies/smith-2020-routines.yaml"
    original.with_name("smith-2020-routines-copy.yaml").write_text(
        original.read_text(encoding="utf-8").replace("id: smith-2020-routines", "id: smith-2020-routines-copy", 1),
        encoding="utf-8",
    )
    converted = record_rendering(monkeypatch, converted_only=True)
    site = tmp_path / "site"
    config = load_config(str(config_for(root, tmp_path / "config")), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()

    assert (ORIGINAL in converted) != (COPY in converted)  # the same skeleton: one conversion for both
    assert "architecture.md" in converted  # a hand-written page with links: converted on its own
    for study in ("smith-2020-routines", "smith-2020-routines-copy"):
        page = (site / "studies" / study / "index.html").read_text(encoding="utf-8")
        assert 'id="aim"' in page and 'href="#aim"' in page  # its heading, anchor and table of contents
        assert f"studies/{study}/" in page


def test_each_page_gets_its_own_copy_of_a_shared_table_of_contents() -> None:
    from mkdocs.structure.toc import get_toc

    from synthsite.builders.conversions import toc_copy

    token = {"level": 2, "id": "aim", "name": "Aim", "children": [{"level": 3, "id": "a", "name": "A", "children": []}]}
    kept = get_toc([token])  # type: ignore[list-item]
    copied = toc_copy(kept)
    assert str(copied) == str(kept) and copied.items[0].active  # type: ignore[attr-defined]
    copied.items[0].children[0].title = "changed by a theme"
    copied.items[0].children.append(copied.items[0].children[0])
    assert str(kept) == "Aim - #aim\n    A - #a\n"  # the kept conversion is untouched
