"""The MkDocs side of `packaged`: put the package's theme layer and assets into a build."""

from __future__ import annotations

from collections.abc import Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from synthsite.builders.packaged import (
    EXTRA_CSS,
    EXTRA_JAVASCRIPT,
    OFFLINE_WORKER_SHIM,
    theme_dir,
    with_assets,
)

OFFLINE_PLUGINS = ("offline", "material/offline")


def add_theme_layer(config: MkDocsConfig) -> None:
    """Templates: after the project's custom_dir (its own main.html wins), before the theme's own."""
    folder = str(theme_dir())
    dirs = config.theme.dirs
    if folder not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, folder)
    config.extra_css = with_assets(config.extra_css, EXTRA_CSS)
    config.extra_javascript = with_assets(config.extra_javascript, EXTRA_JAVASCRIPT)  # type: ignore[arg-type]
    config.extra["polyfills"] = offline_polyfills(config)


def offline_enabled(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on for this build (the site archives are built with it)."""
    for name in OFFLINE_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is not None and getattr(plugin, "config", {}).get("enabled", True):
            return True
    return False


def offline_polyfills(config: MkDocsConfig) -> list[str]:
    """The polyfills with the packaged file:// Web Worker shim instead of any other copy. Material's offline plugin
    adds one from unpkg.com unless a polyfill naming iframe-worker is already listed: whichever of the two plugins
    runs first, the page loads the site's own copy, and only when the offline plugin is on."""
    listed = [str(item) for item in config.extra.get("polyfills", []) or []]
    kept = [item for item in listed if "iframe-worker" not in item]
    return [*kept, OFFLINE_WORKER_SHIM] if offline_enabled(config) else kept


def add_static_files(files: Files, config: MkDocsConfig, assets: Mapping[str, bytes]) -> None:
    """Assets as generated files; a project's docs/ file at the same path wins (so it can replace one)."""
    for path, content in assets.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
