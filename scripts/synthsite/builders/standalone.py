"""A builder configuration for the `synthsite pages` tree, for builders that run no plugins (Zensical).

It is the project's own mkdocs.yml with what the plugin would have done written out: the synthsite plugin
and `watch` removed, the registry's pages merged into the nav, `docs_dir` pointing at the pages tree, the packaged CSS and JavaScript listed, and
`theme.custom_dir` pointing at a theme folder that holds the packaged theme layer (Highwire meta tags, the
search dialog's name) under the project's own custom_dir files, and Zensical's `classic` theme variant unless
the project chose one. MkDocs and Zensical both read it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from synthsite.builders.nav import merge_nav
from synthsite.builders.packaged import EXTRA_CSS, EXTRA_JAVASCRIPT, theme_files, with_assets
from synthsite.load.siteconfig import config_settings

THEME_FOLDER = "synthsite-theme"
"""The theme folder's name, beside the written configuration."""


class ConfigError(Exception):
    """The project's mkdocs.yml cannot be read as plain YAML."""


def read_project_config(path: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data (no Python tags: a builder without plugins cannot run them)."""
    try:
        data = config_settings(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not plain YAML ({exc}); remove !!python tags for a plugin-free build") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return data


NEEDS_THE_PLUGIN = ("synthsite", "offline", "material/offline")
"""Plugins left out of the written configuration: synthsite's own work is written out in the tree, and the offline
build needs the plugin (it points the pages' folder links at their index.html), so it is made with MkDocs."""


def _needs_the_plugin(plugin: object) -> bool:
    return plugin in NEEDS_THE_PLUGIN or (isinstance(plugin, dict) and any(name in plugin for name in NEEDS_THE_PLUGIN))


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def standalone_config(project: dict[str, Any], *, config_dir: Path, docs: Path, theme: Path) -> dict[str, Any]:
    """The project's settings, with the plugin's work written out for a plugin-free build."""
    config = dict(project)
    plugins = config.get("plugins") or []
    config["plugins"] = [plugin for plugin in plugins if not _needs_the_plugin(plugin)]
    config.pop("watch", None)
    if "nav" in config:  # the registry's pages in their places, as the plugin merges them
        config["nav"] = merge_nav(config["nav"])
    config["docs_dir"] = _relative(docs, config_dir)
    config["theme"] = {
        "variant": "classic",  # Zensical's Material look, which synthsite.css is written for; MkDocs ignores it
        **(config.get("theme") or {}),
        "custom_dir": _relative(theme, config_dir),
    }
    config["extra_css"] = with_assets(list(config.get("extra_css") or []), EXTRA_CSS)
    config["extra_javascript"] = with_assets(list(config.get("extra_javascript") or []), EXTRA_JAVASCRIPT)
    return config


def theme_tree(project: dict[str, Any], project_dir: Path) -> dict[str, str | bytes]:
    """The packaged theme layer, with the project's own custom_dir files over it (theirs win, as with the plugin)."""
    files: dict[str, str | bytes] = dict(theme_files())
    custom = (project.get("theme") or {}).get("custom_dir")
    if isinstance(custom, str):
        folder = project_dir / custom
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def config_text(config: dict[str, Any]) -> str:
    """The configuration as YAML, headed by a note that it is generated."""
    return (
        "# Written by `synthsite pages --config`: the project's mkdocs.yml for a builder that runs no plugins\n"
        "# (zensical build -f THIS, or mkdocs build -f THIS). Regenerated on every run; edit mkdocs.yml instead.\n"
        + str(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    )
