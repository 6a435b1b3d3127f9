"""Material's search index parses each distinct page text once per build (`builders.searchparse`), and writes the
very index it wrote when it parsed every page."""

from __future__ import annotations

import inspect
import json
import textwrap
from collections import Counter
from pathlib import Path

import pytest
import yaml
from material.plugins.search import plugin as material_search
from mkdocs.commands.build import build
from mkdocs.config import load_config

from sitebuild import config_for, mini_with_a_copy
from synthsite.builders import searchparse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("preview")]


def _build(root: Path, site: Path, target: Path) -> None:
    config = load_config(str(config_for(root, target)), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()


def test_each_distinct_page_text_is_parsed_once_and_the_index_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = mini_with_a_copy(tmp_path)
    parsed: Counter[str] = Counter()

    class CountingParser(material_search.Parser):  # type: ignore[misc]
        def feed(self, data: str) -> None:
            parsed[data] += 1
            super().feed(data)

    monkeypatch.setattr(material_search, "Parser", CountingParser)
    monkeypatch.setattr(searchparse, "Parser", CountingParser)
    _build(root, tmp_path / "shared", tmp_path / "config-shared")
    assert parsed and max(parsed.values()) == 1, "a page text was parsed more than once"
    pages = len(list((tmp_path / "shared").rglob("index.html")))
    assert sum(parsed.values()) < pages  # the two studies' skeletons (and the theme pages') were parsed once

    # Material's own index, parsing every page; the plugin adds the blocks' text to the file it wrote
    monkeypatch.setattr(searchparse, "adopt", lambda plugins, blocks: False)
    _build(root, tmp_path / "own", tmp_path / "config-own")
    ours, theirs = (tmp_path / name / "search" / "search_index.json" for name in ("shared", "own"))
    assert ours.read_bytes() == theirs.read_bytes()
    assert "smith-2020-routines-copy/" in ours.read_text(encoding="utf-8")


def test_the_blocks_text_reaches_the_index_whichever_plugin_writes_last(tmp_path: Path) -> None:
    """The blocks' text is merged into Material's entries before Material writes them, so it is in the index even
    when the synthsite plugin is listed before the search plugin (its `on_post_build` then runs first; reading the
    written file back found none, or an old one)."""
    root = mini_with_a_copy(tmp_path)
    config_file = config_for(root, tmp_path / "config")
    settings = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    plugins = settings["plugins"]
    synthsite = next(
        index for index, plugin in enumerate(plugins) if isinstance(plugin, dict) and "synthsite" in plugin
    )
    assert plugins.index("search") < synthsite
    plugins.insert(synthsite + 1, plugins.pop(plugins.index("search")))
    config_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    docs = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    study = " ".join(entry["text"] for entry in docs if entry["location"].startswith("studies/smith-2020-routines/"))
    assert "To explore routines in supported housing." in study  # the aim, in the study's pre-rendered summary


def test_the_index_adds_entries_as_materials_own_does() -> None:
    """`SharedParseIndex.add_entry_from_context` is Material's with the parse taken from what is kept: an upgrade of
    Material that changes the method must be looked at again (and copied), or the search index would differ."""

    def code(function: object) -> list[str]:
        lines = textwrap.dedent(inspect.getsource(function)).splitlines()  # type: ignore[arg-type]
        return [line.split("#")[0].rstrip() for line in lines if line.strip() and not line.strip().startswith("#")]

    theirs = code(material_search.SearchIndex.add_entry_from_context)
    ours = code(searchparse.SharedParseIndex.add_entry_from_context)
    parse = ["    parser = Parser()", "    parser.feed(page.content)", "    parser.close()"]
    start = theirs.index(parse[0])
    assert theirs[start : start + 3] == parse
    expected = theirs[:start] + theirs[start + 3 :]
    expected = [line.replace("in parser.data:", "in self._sections(page.content):") for line in expected]
    assert [line.replace(" -> None", "").replace("page: Any", "page") for line in ours] == expected


def test_a_kept_section_is_copied_as_copy_copy_copies_it() -> None:
    """`searchparse._copy` makes what `copy.copy` makes of Material's `Section` (a class without `__slots__` or its
    own copy or pickle methods: else `copy.copy` would do something else), with its own title and text lists."""
    import copy

    for name in ("__slots__", "__copy__", "__reduce__", "__reduce_ex__", "__getstate__", "__setstate__"):
        assert name not in vars(material_search.Section), name
    parser = material_search.Parser()
    parser.feed('<h1 id="t">T</h1><p>a <b>b</b></p><h2 id="s">S <code>c</code></h2><p>d</p>')
    parser.close()
    assert len(parser.data) == 2
    for section in parser.data:
        made, reference = searchparse._copy(section), copy.copy(section)
        assert type(made) is type(reference) and vars(made) == vars(reference)
        assert made.title is not section.title and made.text is not section.text
