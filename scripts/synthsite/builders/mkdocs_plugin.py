"""The thin MkDocs adapter: validate the corpus, then add every generated page and download in memory.

All content comes from `synthsite.pipeline.generate`, which knows nothing of MkDocs; this module only
translates it into `File.generated` objects (never writing into docs/, which would loop `mkdocs serve`).
An invalid corpus stops the build in `on_config`, before MkDocs touches the site directory. `mkdocs build`
writes into a staging folder beside `site_dir`, swapped in only when the whole build (strict-mode warnings
from hand-written pages included) has succeeded, so a failed build leaves the previous site as it was.
Every file MkDocs would copy from docs/ must resolve inside the project (a symlink could publish any file).
"""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from synthsite.builders.staging import discard, make_staging, swap_in
from synthsite.load.corpus import Corpus
from synthsite.pipeline import build_date, generate, validate

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class SynthsiteConfig(Config):
    root = config_options.Optional(config_options.Type(str))
    """Project folder holding synthesis/ and bibliography/ (default: the folder of mkdocs.yml)."""
    strict = config_options.Type(bool, default=False)
    """Fail the build on data warnings too, as `synthsite validate --strict` does."""


class SynthsitePlugin(BasePlugin[SynthsiteConfig]):
    """Adds the synthesis pages (`/`, `/studies/...`, `/compare/...`, `/themes/...`, ...) to the build."""

    def __init__(self) -> None:
        self._corpus: Corpus | None = None
        self._root: Path | None = None
        self._stage = False
        self._staged: tuple[Path, Path] | None = None
        """(staging folder, the site folder it replaces) while a staged build runs."""
        self._failed = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Stage `mkdocs build` (not `serve`, which builds into its own temporary folder, nor a dirty build)."""
        self._stage = command == "build" and not dirty

    @event_priority(100)  # before other plugins read site_dir
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        root = Path(self.config.root) if self.config.root else Path(config.config_file_path).parent
        if not root.is_absolute():
            root = Path(config.config_file_path).parent / root
        corpus, problems = validate(root, strict=self.config.strict)
        if corpus is None:
            lines = [problem.format() for problem in problems]
            raise PluginError("the synthesis data have problems; nothing was built:\n" + "\n".join(lines))
        for problem in problems:  # warnings only: info level, so `mkdocs build --strict` does not fail on them
            log.info("synthsite: %s", problem.format())
        self._root = root
        self._corpus = corpus
        if self._stage and self._staged is None:
            final = Path(config.site_dir)
            staging = make_staging(final)
            self._staged = (staging, final)
            config.site_dir = str(staging)
        return config

    def on_build_error(self, *, error: Exception) -> None:
        """Strict mode's final "Aborted with N warnings" arrives here too (after on_post_build)."""
        self._failed = True

    def on_shutdown(self) -> None:
        """After the whole build: swap the staged site in if nothing failed, else drop it."""
        if self._staged is None:
            return
        staging, final = self._staged
        self._staged = None
        if self._failed:
            discard(staging)
            log.error("synthsite: the build failed; %s was left as it was", final)
        else:
            swap_in(staging, final)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        assert self._corpus is not None and self._root is not None
        _refuse_files_outside(files, Path(config.docs_dir))
        site = generate(self._corpus, date=build_date())
        self._corpus = None  # the pages hold all the build needs; the models would stay alive to the end of it
        docs_dir = Path(config.docs_dir)
        for src_uri, text in site.pages.items():
            self._replace(files, src_uri)
            inclusion = InclusionLevel.INCLUDED if src_uri in site.listed else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, src_uri, content=text, inclusion=inclusion)
            source = site.sources.get(src_uri)
            if source is not None:
                file.edit_uri = Path(os.path.relpath(self._root / source, docs_dir)).as_posix()
            files.append(file)
        for src_uri, text in site.files.items():
            self._replace(files, src_uri)
            files.append(File.generated(config, src_uri, content=text))
        return files

    @staticmethod
    def _replace(files: Files, src_uri: str) -> None:
        """A generated page wins over a hand-written file at the same path (e.g. an old docs/index.md)."""
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            log.info("synthsite: the generated %s replaces docs/%s", src_uri, src_uri)
            files.remove(existing)

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> None:
        """Edit links of generated pages point at their data file; tidy the `docs/../` in the URL."""
        if page.edit_url:
            page.edit_url = _normalise_url(page.edit_url)


def _refuse_files_outside(files: Files, docs_dir: Path) -> None:
    """MkDocs copies docs/ following symlinks: refuse any file of docs/ that resolves outside the project (the
    folder holding docs/; a symlink to a file elsewhere in it, such as ../CONTRIBUTING.md, is fine)."""
    base = docs_dir.parent.resolve()
    outside = sorted(
        file.src_uri
        for file in files
        if file.abs_src_path
        and Path(file.abs_src_path).is_relative_to(docs_dir)
        and not Path(file.abs_src_path).resolve().is_relative_to(base)
    )
    if outside:
        raise PluginError(
            "these files in docs/ point outside the project (symlinks), so they are not published: "
            + ", ".join(outside)
            + " (replace each symlink with the file itself)"
        )


def _normalise_url(url: str) -> str:
    parts = urlsplit(url)
    path = posixpath.normpath(parts.path) if parts.path else parts.path
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))
