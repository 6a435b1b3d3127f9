"""The MkDocs side of `packaged`: put the package's theme layer and assets into a build."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from synthsite.builders.packaged import EXTRA_CSS, EXTRA_JAVASCRIPT, static_files, theme_dir, with_assets


def add_theme_layer(config: MkDocsConfig) -> None:
    """Templates: after the project's custom_dir (its own main.html wins), before the theme's own."""
    folder = str(theme_dir())
    dirs = config.theme.dirs
    if folder not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, folder)
    config.extra_css = with_assets(config.extra_css, EXTRA_CSS)
    config.extra_javascript = with_assets(config.extra_javascript, EXTRA_JAVASCRIPT)  # type: ignore[arg-type]


def add_static_files(files: Files, config: MkDocsConfig) -> None:
    """Assets as generated files; a project's docs/ file at the same path wins (so it can replace one)."""
    for path, content in static_files().items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
