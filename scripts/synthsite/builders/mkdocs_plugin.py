"""The thin MkDocs adapter: validate the corpus, then add every generated page and download in memory.

All content comes from `synthsite.pipeline.generate`, which knows nothing of MkDocs; this module only
translates it into `File.generated` objects (never writing into docs/, which would loop `mkdocs serve`).
An invalid corpus stops the build in `on_config`, before MkDocs touches the site directory.
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
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from synthsite.builders.nav import merge_nav
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
        config.nav = merge_nav(config.nav)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        assert self._corpus is not None and self._root is not None
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


def _normalise_url(url: str) -> str:
    parts = urlsplit(url)
    path = posixpath.normpath(parts.path) if parts.path else parts.path
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))
