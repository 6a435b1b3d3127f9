"""The theme's templates are compiled once per test process (`compiledtemplates`, put in place by conftest), and a
kept compilation is used only where the template and everything the compiler reads are the same. That a kept
template renders what a fresh compilation does is checked on whole sites by the comparisons of an in-process build
with one in a new process (test_site_build's byte-identical builds, test_sitebuild's).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from mkdocs.config import load_config

from compiledtemplates import SessionTemplates, compiled_names
from sitebuild import MINI, config_for


def test_a_second_build_in_the_process_compiles_none_of_the_themes_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As MkDocs builds: a new environment from the theme each time, Material's main page and all it includes."""
    config = load_config(str(config_for(MINI, tmp_path / "config")), site_dir=str(tmp_path / "site"))
    compiled = compiled_names(monkeypatch)
    first = config.theme.get_env()
    first.get_template("main.html")
    assert isinstance(first.bytecode_cache, SessionTemplates), first.bytecode_cache
    compiled.clear()
    second = config.theme.get_env()
    assert second is not first
    assert second.get_template("main.html").filename == first.get_template("main.html").filename
    assert compiled == []


def _env(folder: Path, kept: SessionTemplates, **settings: Any) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), auto_reload=False, **settings)
    env.bytecode_cache = kept
    return env


def test_a_kept_template_is_compiled_again_when_its_source_or_what_the_compiler_reads_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = compiled_names(monkeypatch)
    kept = SessionTemplates()
    (tmp_path / "page.html").write_text("{% if who %}\n{{ who | shout }}{% endif %} <{{ who }}>", encoding="utf-8")

    def plain(env: jinja2.Environment) -> jinja2.Environment:
        env.filters["shout"] = lambda value: value.upper() + "!"
        return env

    assert plain(_env(tmp_path, kept)).get_template("page.html").render(who="a&b") == "\nA&B! <a&b>"
    assert compiled == ["page.html"]
    compiled.clear()
    assert plain(_env(tmp_path, kept)).get_template("page.html").render(who="a&b") == "\nA&B! <a&b>"
    assert compiled == []  # a new environment with the same settings: the kept compilation

    # A filter of the same name that takes the context is called differently by the compiled code.
    with_context = _env(tmp_path, kept)
    with_context.filters["shout"] = jinja2.pass_context(lambda context, value: f"{context['who']}?")
    assert with_context.get_template("page.html").render(who="a&b") == "\na&b? <a&b>"
    assert compiled == ["page.html"]

    compiled.clear()  # autoescaping is decided when the template is compiled
    assert plain(_env(tmp_path, kept, autoescape=True)).get_template("page.html").render(who="a&b") == (
        "\nA&amp;B! <a&amp;b>"
    )
    assert compiled == ["page.html"]

    compiled.clear()  # whitespace control changes the compiled text
    trimmed = plain(_env(tmp_path, kept, trim_blocks=True)).get_template("page.html")
    assert trimmed.render(who="a&b") == "A&B! <a&b>"
    assert compiled == ["page.html"]

    compiled.clear()  # an edited template
    (tmp_path / "page.html").write_text("Hello {{ who }}", encoding="utf-8")
    assert plain(_env(tmp_path, kept)).get_template("page.html").render(who="reader") == "Hello reader"
    assert compiled == ["page.html"]
