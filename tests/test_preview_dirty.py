"""The incremental preview (`make serve` runs `mkdocs serve --dirty`): after a save only the pages whose content
changed are rendered and written, under `strict: true`, and the preview's whole site is still the site a build
from scratch makes: every page and download byte for byte, and the same search entries.

`mkdocs serve` loads the configuration and calls `build` again after each save; the tests do the same in-process.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from frozen import edit
from sitebuild import MINI, config_for, record_rendering
from synthsite.builders import incremental

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("preview")]

SERVE_URL = "http://127.0.0.1:8000/"
STUDY = "synthesis/studies/smith-2020-hope.yaml"


def _serve(config_file: Path, site: Path, *, dirty: bool) -> tuple[set[tuple[str, str]], dict[str, set[str]]]:
    """One build as `mkdocs serve [--dirty]` runs it; returns what the synthsite plugin's link check saw: every
    (page, link target) of the pre-rendered blocks, and every page's anchors."""
    config = load_config(str(config_file), site_dir=str(site))
    assert config.strict
    config.plugins.on_startup(command="serve", dirty=dirty)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=dirty)
    plugin = config.plugins["synthsite"]
    return set(plugin._build.links), dict(plugin._build.anchors)


def _tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _search_entries(content: bytes) -> list[str]:
    """The search index's entries, in any order (the preview keeps them page by page)."""
    index = json.loads(content)
    return sorted(json.dumps(entry, sort_keys=True) for entry in index["docs"])


def _assert_same_site(preview: Path, fresh: Path) -> None:
    ours, theirs = _tree(preview), _tree(fresh)
    assert sorted(ours) == sorted(theirs)
    index = "search/search_index.json"
    assert _search_entries(ours.pop(index)) == _search_entries(theirs.pop(index))
    different = [path for path in theirs if ours[path] != theirs[path]]
    assert different == []


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The src_uri of every page MkDocs renders (a page the dirty build skips is never rendered)."""
    return record_rendering(monkeypatch)


def _project(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    return root, config_for(root, tmp_path / "config")


def test_a_save_renders_only_the_pages_it_changed_and_the_preview_equals_a_fresh_build(
    tmp_path: Path, rendered: list[str]
) -> None:
    root, config_file = _project(tmp_path)
    preview = tmp_path / "preview"
    _serve(config_file, preview, dirty=True)
    everything = set(rendered)
    assert "studies/smith-2020-hope/index.md" in everything

    rendered.clear()
    edit(root, STUDY, "\naim: ", "\naim: Edited in the preview. ")
    checked = _serve(config_file, preview, dirty=True)
    again = set(rendered)
    assert "studies/smith-2020-hope/index.md" in again
    assert again < everything
    assert not any(page.startswith("studies/") and "smith-2020-hope" not in page for page in again), again
    assert "architecture.md" not in again  # a hand-written page
    assert "Edited in the preview." in (preview / "studies/smith-2020-hope/index.html").read_text(encoding="utf-8")

    fresh = tmp_path / "fresh"
    assert checked == _serve(config_file, fresh, dirty=False)  # skipped pages' links and anchors are checked too
    _assert_same_site(preview, fresh)

    rendered.clear()
    _serve(config_file, preview, dirty=True)  # a build with nothing changed renders nothing
    assert rendered == []
    _assert_same_site(preview, fresh)


def test_a_save_hashes_again_only_the_pages_and_downloads_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Increment.plan` hashes a page's parts or a download's content only when they differ from what it hashed
    last time (equal parts have the same digest); a page the save changed is hashed again."""
    root, config_file = _project(tmp_path)
    preview = tmp_path / "preview"
    hashed: list[str] = []
    real = incremental._digest

    def counting(parts: Iterable[str | bytes]) -> str:
        parts = list(parts)
        hashed.append("".join(p if isinstance(p, str) else p.decode("utf-8", "replace") for p in parts))
        return real(parts)

    monkeypatch.setattr(incremental, "_digest", counting)
    _serve(config_file, preview, dirty=True)
    hashed.clear()
    _serve(config_file, preview, dirty=True)
    assert len(hashed) == 1, len(hashed)  # nothing changed: only what every page shares (read afresh each build)

    hashed.clear()
    edit(root, STUDY, "\naim: ", "\naim: Edited in the preview. ")
    _serve(config_file, preview, dirty=True)
    pages = [text.rpartition("/")[2] for text in hashed if text.endswith(".yamlNOT_IN_NAV")]  # by their edit link
    assert pages == ["smith-2020-hope.yamlNOT_IN_NAV"], pages  # the saved study's page, not the other study's
    assert any("Edited in the preview." in text for text in hashed)
    fresh = tmp_path / "fresh"
    _serve(config_file, fresh, dirty=False)
    _assert_same_site(preview, fresh)


def _copy_of_a_study(root: Path) -> Path:
    """A third study: a copy of one under a new id (valid, strictly)."""
    original = root / "synthesis/studies/smith-2020-routines.yaml"
    copy = original.with_name("smith-2020-routines-copy.yaml")
    copy.write_text(
        original.read_text(encoding="utf-8").replace("id: smith-2020-routines", "id: smith-2020-routines-copy", 1),
        encoding="utf-8",
    )
    return copy


def test_a_study_added_then_removed_leaves_no_page_or_download_behind(tmp_path: Path, rendered: list[str]) -> None:
    root, config_file = _project(tmp_path)
    preview, fresh = tmp_path / "preview", tmp_path / "fresh"
    _serve(config_file, preview, dirty=True)
    copy = _copy_of_a_study(root)
    _serve(config_file, preview, dirty=True)
    _serve(config_file, fresh, dirty=False)
    _assert_same_site(preview, fresh)
    assert (preview / "studies/smith-2020-routines-copy/index.html").is_file()

    copy.unlink()
    _serve(config_file, preview, dirty=True)
    assert not list(preview.rglob("*smith-2020-routines-copy*"))
    shutil.rmtree(fresh)
    _serve(config_file, fresh, dirty=False)
    _assert_same_site(preview, fresh)


def _project_with_docs(tmp_path: Path, untitled: str | None = None) -> tuple[Path, Path, Path]:
    """The project with its own copy of docs/; `untitled`: a page the navigation lists without a title."""
    root, config_file = _project(tmp_path)
    docs = config_file.parent / "docs"  # config_for's copy, beside the guide's CONTRIBUTING.md
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    if untitled:
        config["nav"] = [untitled if untitled in item.values() else item for item in config["nav"]]
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root, config_file, docs


def test_editing_a_hand_written_page_renders_that_page_only(tmp_path: Path, rendered: list[str]) -> None:
    """Its title in the navigation comes from mkdocs.yml, so no other page shows anything of it."""
    _root, config_file, docs = _project_with_docs(tmp_path)
    preview = tmp_path / "preview"
    _serve(config_file, preview, dirty=True)
    rendered.clear()
    edit(docs, "architecture.md", "# Architecture\n", "# Architecture\n\nA sentence added in the preview.\n")
    _serve(config_file, preview, dirty=True)
    assert rendered == ["architecture.md"]
    fresh = tmp_path / "fresh"
    _serve(config_file, fresh, dirty=False)
    _assert_same_site(preview, fresh)


def test_a_skipped_page_keeps_its_own_title_in_the_navigation(tmp_path: Path, rendered: list[str]) -> None:
    """The methods page listed without a title: the navigation of the pages a save renders shows the title the
    skipped methods page gave itself. (Not the home page: it states the data fingerprint of unreleased content,
    so every data edit changes it.)"""
    root, config_file, _docs = _project_with_docs(tmp_path, untitled="methods/index.md")
    preview = tmp_path / "preview"
    _serve(config_file, preview, dirty=True)
    rendered.clear()
    edit(root, STUDY, "\naim: ", "\naim: Edited in the preview. ")
    _serve(config_file, preview, dirty=True)
    assert "methods/index.md" not in rendered and "studies/smith-2020-hope/index.md" in rendered
    fresh = tmp_path / "fresh"
    _serve(config_file, fresh, dirty=False)
    _assert_same_site(preview, fresh)


def test_after_a_failed_save_the_next_good_one_renders_everything(tmp_path: Path, rendered: list[str]) -> None:
    root, config_file = _project(tmp_path)
    preview = tmp_path / "preview"
    _serve(config_file, preview, dirty=True)
    everything = set(rendered)
    good = (root / STUDY).read_text(encoding="utf-8")
    (root / STUDY).write_text(good.replace("\naim: ", "\naim: [unclosed ", 1), encoding="utf-8")
    with pytest.raises(Abort):
        _serve(config_file, preview, dirty=True)
    rendered.clear()
    (root / STUDY).write_text(good, encoding="utf-8")
    _serve(config_file, preview, dirty=True)
    assert set(rendered) == everything
