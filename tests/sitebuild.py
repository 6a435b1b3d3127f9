"""Build a site with MkDocs (in the test's process or a new one), for the repository's corpus or any fixture corpus."""

from __future__ import annotations

import contextlib
import fcntl
import io
import logging
import os
import shutil
import subprocess
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from synthsite.load.corpus import Corpus
# synthsite and MkDocs are imported where they are used: conftest imports this module, and the small pytest runs
# some tests start (test_browser_discovery's) need none of it, so they do not pay a second of imports each.

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"
BUILT_SITE_VARIABLE = "SYNTHSITE_TEST_BUILT_SITE"
"""Names a site already built from this repository, for the session's `built_site` (conftest) to read instead of
building it again: test_growing_corpus and test_add_a_table set it for the tests they run on their copies."""
EPOCH = "1767225600"
"""SOURCE_DATE_EPOCH for test builds (2026-01-01), so they are reproducible."""


def valid_corpus(root: Path) -> Corpus:
    """The corpus under `root`, validated strictly; the test fails with every problem when it is not valid."""
    from synthsite.pipeline import validate as validate_corpus

    corpus, problems = validate_corpus(root, strict=True)
    assert corpus is not None, [problem.format() for problem in problems]
    return corpus


def mkdocs_settings(path: Path | None = None) -> dict[str, Any]:
    """A project's mkdocs.yml (the repository's by default) as MkDocs reads it, `!ENV` switches resolved."""
    from synthsite.load.siteconfig import config_settings

    return config_settings((path or REPO / "mkdocs.yml").read_text(encoding="utf-8"))


def mkdocs_build(
    config: Path,
    site_dir: Path,
    *,
    epoch: str | None = EPOCH,
    env_vars: dict[str, str] | None = None,
    in_process: bool = True,
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict`, as `make site` runs it; never touches the repository's site/. `env_vars`: more
    environment (`SYNTHSITE_OFFLINE=true` for the offline build).

    By default MkDocs' own command runs inside the test's process (`mkdocs_in_process`): a new interpreter would
    spend about a second importing MkDocs, Material and synthsite before building anything, for every build of the
    suite. `in_process=False` starts a new `python -m mkdocs` where a test needs a process of its own (another hash
    seed, a build that is killed)."""
    args = ["build", "--strict", "-f", str(config), "-d", str(site_dir)]
    environ: dict[str, str | None] = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch, **(env_vars or {})}
    if in_process:
        return mkdocs_in_process(args, config.parent, environ)
    env = {**os.environ, **{name: value for name, value in environ.items() if value is not None}}
    if epoch is None:
        env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def mkdocs_in_process(args: list[str], cwd: Path, environ: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    """`mkdocs <args>` through MkDocs' command line in this process, with what a new process would have had:
    `environ` (None: unset) and `cwd`, its output and exit code as `subprocess.run` returns them, a traceback on
    stderr and exit code 1 for an exception it does not handle. Whatever the command changes for the process
    (the mkdocs loggers' level, handlers and filters, the warnings filters, the environment, the working folder)
    is put back, so builds and the tests around them cannot affect each other. MkDocs keeps one instance of each
    plugin with startup or shutdown hooks for the whole process (for `mkdocs serve`'s rebuilds): the build gets
    plugins of its own, as a new process would, and the process's kept ones are put back afterwards."""
    from mkdocs.__main__ import cli
    from mkdocs.config.defaults import MkDocsConfig

    plugin_cache = MkDocsConfig.plugins.plugin_cache
    kept_plugins = dict(plugin_cache)
    plugin_cache.clear()
    loggers = [logging.getLogger(name) for name in ("mkdocs", "mkdocs.commands.build")]
    kept = [(logger, logger.level, logger.propagate, list(logger.handlers), list(logger.filters)) for logger in loggers]
    before = {name: os.environ.get(name) for name in environ}
    folder = os.getcwd()
    out, err = io.StringIO(), io.StringIO()
    code: int | str | None = 0
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            _set_environ(environ)
            os.chdir(cwd)
            try:
                cli.main(args=args, prog_name="mkdocs", standalone_mode=True)
            except SystemExit as exit_:
                code = exit_.code
            except Exception:
                err.write(traceback.format_exc())
                code = 1
    finally:
        plugin_cache.clear()
        plugin_cache.update(kept_plugins)
        os.chdir(folder)
        _set_environ(before)
        for logger, level, propagate, handlers, filters in kept:
            logger.setLevel(level)
            logger.propagate = propagate
            logger.handlers[:] = handlers
            logger.filters[:] = filters
    returncode = 0 if code is None else code if isinstance(code, int) else 1
    if isinstance(code, str):
        err.write(code + "\n")
    return subprocess.CompletedProcess(["mkdocs", *args], returncode, out.getvalue(), err.getvalue())


def _set_environ(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_folder(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once per test session, whichever worker asks first: the others wait for it and reuse it.

    Under pytest-xdist every worker has its own base temporary folder inside one folder of the session, so a
    session fixture would otherwise build the same site once per worker. `make(folder)` fills the new folder;
    if it fails, every later request fails with the same message instead of building again. Callers only read
    what is in the folder (copy it to change it)."""
    session = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        session = session.parent
    shared = session / "shared"
    shared.mkdir(exist_ok=True)
    folder, done, failed = shared / name, shared / f"{name}.done", shared / f"{name}.failed"
    with _locked(shared / f"{name}.lock"):
        if failed.exists():
            pytest.fail(f"{name} could not be made: {failed.read_text(encoding='utf-8')}")
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except BaseException as error:
                failed.write_text(str(error)[-4000:], encoding="utf-8")
                raise
            done.touch()
    return folder


def mini_with_a_copy(tmp_path: Path) -> Path:
    """The mini project plus a second study with the same skeleton as smith-2020-routines (`-copy`): two pages
    whose Markdown converts alike."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    original = root / "synthesis/studies/smith-2020-routines.yaml"
    original.with_name("smith-2020-routines-copy.yaml").write_text(
        original.read_text(encoding="utf-8").replace("id: smith-2020-routines", "id: smith-2020-routines-copy", 1),
        encoding="utf-8",
    )
    return root


def config_for(root: Path, target: Path) -> Path:
    """A copy of the repository's mkdocs.yml that builds the corpus under `root`, with a copy of the repository's
    docs/ (and the CONTRIBUTING.md its guide page comes from) beside it unless `target` has its own: mkdocs.yml
    may name only folders inside its own project."""
    config = mkdocs_settings()
    config["plugins"] = [_with_root(plugin, root) for plugin in config["plugins"]]
    config.pop("watch", None)
    target.mkdir(parents=True, exist_ok=True)
    if not (target / "docs").exists():
        shutil.copytree(REPO / "docs", target / "docs")
    if not (target / "CONTRIBUTING.md").exists():
        shutil.copy(REPO / "CONTRIBUTING.md", target / "CONTRIBUTING.md")
    path = target / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def _with_root(plugin: str | dict[str, object], root: Path) -> str | dict[str, object]:
    if plugin == "synthsite":
        return {"synthsite": {"root": str(root)}}
    if isinstance(plugin, dict) and "synthsite" in plugin:
        return {"synthsite": {**(plugin["synthsite"] or {}), "root": str(root)}}  # type: ignore[dict-item]
    return plugin


def record_rendering(monkeypatch: pytest.MonkeyPatch, *, converted_only: bool = False) -> list[str]:
    """The src_uri of every page MkDocs renders from now on, in order (a page a dirty build skips is never rendered);
    `converted_only`: only the pages that reach the Markdown converter with text (a page whose conversion is
    reused reaches it empty). Generated pages render through their own class (`GeneratedPage`, which hands text to
    `Page.render`): each render is recorded once."""
    from mkdocs.structure.pages import Page

    from synthsite.builders.conversions import GeneratedPage

    seen: list[str] = []
    real_render, real_generated = Page.render, GeneratedPage.render

    def render(page: Page, config, files):  # type: ignore[no-untyped-def]
        if not isinstance(page, GeneratedPage) and (page.markdown or not converted_only):
            seen.append(page.file.src_uri)
        return real_render(page, config, files)

    def render_generated(page: GeneratedPage, config, files):  # type: ignore[no-untyped-def]
        if page.markdown or not converted_only:
            seen.append(page.file.src_uri)
        return real_generated(page, config, files)

    monkeypatch.setattr(Page, "render", render)
    monkeypatch.setattr(GeneratedPage, "render", render_generated)
    return seen
