"""What the preview (`mkdocs serve`) keeps in memory between rebuilds besides pages: the theme's compiled templates
(`builders.templatecache`), the validated records (`load.memo`, whose reuse `test_preview_reuse` checks against
fresh builds), and the garbage collector's older generations, paused for each rebuild (and each `mkdocs build`)
and restored after it (`gcpause.Held`). Other builds keep none of it.
"""

from __future__ import annotations

import gc
import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from compiledtemplates import compiled_names
from frozen import edit
from sitebuild import MINI, config_for
from synthsite.builders import mkdocs_plugin
from synthsite.builders.templatecache import KeptTemplates
from synthsite.load.memo import LoadMemo
from synthsite.pipeline import validate

STUDY = "synthesis/studies/smith-2020-hope.yaml"


def _render(folder: Path, kept: KeptTemplates, name: str, scope: str = "config") -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), auto_reload=False)  # a new one per build
    kept.attach(env, scope)
    return env.get_template(name).render(who="reader")


def test_templates_are_compiled_once_and_again_when_their_source_or_the_settings_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = compiled_names(monkeypatch)
    (tmp_path / "page.html").write_text("Hello {{ who }}", encoding="utf-8")
    (tmp_path / "other.html").write_text("Goodbye {{ who }}", encoding="utf-8")
    kept = KeptTemplates()
    assert (_render(tmp_path, kept, "page.html"), _render(tmp_path, kept, "other.html")) == (
        "Hello reader",
        "Goodbye reader",
    )
    compiled.clear()
    assert (_render(tmp_path, kept, "page.html"), _render(tmp_path, kept, "other.html")) == (
        "Hello reader",
        "Goodbye reader",
    )
    assert compiled == []  # the next build's environment gets the compiled code

    (tmp_path / "page.html").write_text("Welcome {{ who }}", encoding="utf-8")
    assert _render(tmp_path, kept, "page.html") == "Welcome reader"  # an edited template is compiled again
    assert compiled == ["page.html"]

    compiled.clear()
    assert _render(tmp_path, kept, "other.html", scope="mkdocs.yml edited") == "Goodbye reader"
    assert compiled == ["other.html"]  # new settings: nothing kept is used


def _serve(config_file: Path, site: Path, *, command: str = "serve") -> Any:
    config = load_config(str(config_file), site_dir=str(site))
    config.plugins.on_startup(command=command, dirty=command == "serve")
    build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None, dirty=command == "serve")
    return config.plugins["synthsite"]


@pytest.mark.slow
def test_a_rebuild_pauses_the_older_collections_and_restores_them_after_success_and_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    config_file = config_for(root, tmp_path / "config")
    during: list[tuple[int, int, int]] = []
    generate = mkdocs_plugin.generate

    def watched(*args: Any, **kwargs: Any) -> Any:
        during.append(gc.get_threshold())
        return generate(*args, **kwargs)

    monkeypatch.setattr(mkdocs_plugin, "generate", watched)
    before = gc.get_threshold()
    plugin = _serve(config_file, tmp_path / "preview")
    assert during[-1][1:] != before[1:] and during[-1][0] == before[0]  # the young generation still collected
    assert gc.get_threshold() == before

    good = (root / STUDY).read_text(encoding="utf-8")
    (root / STUDY).write_text(good.replace("\naim: ", "\naim: [unclosed ", 1), encoding="utf-8")
    with pytest.raises(Abort):
        _serve(config_file, tmp_path / "preview")
    assert gc.get_threshold() == before
    assert plugin._preview.loaded.misses == 1  # the broken file; the others came from the memo

    (root / STUDY).write_text(good, encoding="utf-8")
    edit(root, STUDY, "\naim: ", "\naim: Saved in the preview. ")
    _serve(config_file, tmp_path / "preview")
    assert plugin._preview.loaded.misses >= 1 and plugin._preview.loaded.hits >= 4
    assert "Saved in the preview." in (tmp_path / "preview/studies/smith-2020-hope/index.html").read_text("utf-8")


@pytest.mark.slow
def test_a_build_pauses_the_older_collections_too_and_restores_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From `on_config` to the end of the build, not only inside the pipeline: after it, each older-generation
    collection would walk every page and block the build holds."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    config_file = config_for(root, tmp_path / "config")
    during: list[tuple[int, int, int]] = []
    original = mkdocs_plugin.SynthsitePlugin.on_page_context

    def watched(self: Any, context: Any, /, **kwargs: Any) -> Any:
        during.append(gc.get_threshold())
        return original(self, context, **kwargs)

    monkeypatch.setattr(mkdocs_plugin.SynthsitePlugin, "on_page_context", watched)
    before = gc.get_threshold()
    _serve(config_file, tmp_path / "site", command="build")
    assert during and all(seen[1:] != before[1:] and seen[0] == before[0] for seen in during)
    assert gc.get_threshold() == before

    (root / STUDY).write_text("aim: [unclosed\n", encoding="utf-8")
    with pytest.raises(Abort):
        _serve(config_file, tmp_path / "site", command="build")
    assert gc.get_threshold() == before


@pytest.mark.slow
def test_a_build_keeps_nothing_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs build` (and `synthsite validate`) validate every file: the memo is the preview's alone."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    memos: list[object] = []
    generate = mkdocs_plugin.generate

    def watched(corpus: Any, *args: Any, **kwargs: Any) -> Any:
        memos.append(corpus.memo)
        return generate(corpus, *args, **kwargs)

    monkeypatch.setattr(mkdocs_plugin, "generate", watched)
    _serve(config_for(root, tmp_path / "config"), tmp_path / "site", command="build")
    assert memos == [None]
    corpus, _problems = validate(root)
    assert corpus is not None and corpus.memo is None and corpus.digests == {}
    memo = LoadMemo()
    corpus, _problems = validate(root, memo=memo)
    assert corpus is not None and corpus.memo is memo and memo.misses > 0
