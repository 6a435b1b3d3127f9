"""The theme's templates compiled once per test process, not once per in-process build.

MkDocs makes a new Jinja environment for every build (`Theme.get_env`), so every build the tests run inside their
own process compiled Material's templates again: about a fifth of the CPU of a build of the mini fixture (0.15 s of
0.8 s), in each of the hundred-odd builds a run of the suite makes in its workers. The preview keeps compiled
templates between saves for the same reason (`synthsite.builders.templatecache`); this does the same for the test
process, and only there: the package's builds are untouched, and a build in a new process (the determinism builds,
the second of two builds compared byte for byte, the nested runs' builds) compiles everything itself, so those
comparisons check that a kept template renders exactly what a fresh compilation does.

What a template compiles to depends on, and the key of a kept compilation covers:
- its source: Jinja checks a digest of it on every load (`Bucket.checksum`) and compiles again when it differs;
- its name and file: Jinja's own bucket key (`get_cache_key`), so a project's override of a theme template (its
  `custom_dir`) is another entry;
- what the compiler reads from the environment (`compile_settings`, every attribute jinja2's lexer, parser,
  compiler and optimizer read): the syntax and whitespace settings, the extensions and what the i18n extension
  reads (`newstyle_gettext`), autoescaping as decided for that template, `finalize`, `undefined`, async mode,
  the environment's and code generator's classes, and every filter's and test's name and how it is passed its
  context (the compiler resolves both when it compiles); taken when a template is loaded, after the plugins'
  `on_env` has added theirs;
- Jinja itself: one version per process.
Nothing is written to disk (compiled code from a file could run anything); the entries live as long as the
worker process.
"""

from __future__ import annotations

import hashlib
from types import ModuleType
from typing import Any

import jinja2
import pytest
from jinja2.bccache import Bucket

SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
    "newstyle_gettext",
)
"""The environment's plain settings that change what a template compiles to."""


def compile_settings(env: jinja2.Environment, name: str | None) -> str:
    """Everything besides the source, name and file that decides what `env` compiles the template `name` to."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    settings = (
        [(attribute, getattr(env, attribute, None)) for attribute in SYNTAX],
        sorted((key, _named(type(extension))) for key, extension in env.extensions.items()),
        bool(autoescape),
        _named(env.finalize),
        getattr(env.finalize, "jinja_pass_arg", None),
        _named(env.undefined),
        _named(type(env)),
        _named(env.code_generator_class),
        _callables(env.filters),
        _callables(env.tests),
    )
    return hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()


def _named(thing: Any) -> str:
    if thing is None:
        return "None"
    return f"{getattr(thing, '__module__', '?')}.{getattr(thing, '__qualname__', repr(thing))}"


def _callables(mapping: dict[str, Any]) -> list[tuple[str, str]]:
    """Each filter's or test's name and how Jinja passes it the context, environment or evaluation context."""
    return sorted((name, repr(getattr(function, "jinja_pass_arg", None))) for name, function in mapping.items())


class SessionTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory by Jinja's bucket key and the environment's `compile_settings`."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        """Jinja's own bucket (key from name and file, checksum of the source), its key widened by the settings."""
        key = f"{self.get_cache_key(name, filename)}:{compile_settings(environment, name)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.kept.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja drops it if the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


KEPT = SessionTemplates()
"""This process's compiled templates (one per test worker)."""


def keep_in(theme: ModuleType) -> None:
    """Give every environment `theme.Theme.get_env` makes from now on this process's kept templates (once; the
    module is MkDocs' `mkdocs.theme`). An environment whose cache something sets later (the preview's own, in the
    plugin's `on_env`) uses that one instead."""
    get_env = theme.Theme.get_env
    if getattr(get_env, "keeps_templates", False):
        return

    def kept_env(self: Any) -> jinja2.Environment:
        env = get_env(self)
        env.bytecode_cache = KEPT
        return env

    kept_env.keeps_templates = True  # type: ignore[attr-defined]
    kept_env.__doc__ = get_env.__doc__
    theme.Theme.get_env = kept_env


def compiled_names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source from now on (for the tests of this reuse and of the
    preview's own, `synthsite.builders.templatecache`)."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def compile(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        names.append(str(name))
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return names
