"""What the package itself brings to every build: browser assets and a theme layer, from package data.

A project that installs synthsite and enables the plugin gets sorting, filtering, the table styles and the
Highwire citation meta tags without copying anything: the plugin adds the files below to the build and puts
`theme/` after the project's own `custom_dir`. `synthsite pages` writes the same files into its tree so a
builder that runs no plugins (Zensical) gets them too. One list, used by both paths.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

PACKAGE = resources.files("synthsite.builders")
STATIC = PACKAGE / "static"
"""Files served as they are, at the same path under the site root (`assets/synthsite.css` ...)."""
THEME = PACKAGE / "theme"
"""Template layer for Material-compatible themes: main.html and the partials it includes."""

EXTRA_CSS = ("assets/synthsite.css",)
EXTRA_JAVASCRIPT = (
    "assets/vendor/tablesort/tablesort.min.js",
    "assets/vendor/tablesort/tablesort.number.min.js",
    "assets/synthsite-csv.js",
    "assets/synthsite-row-html.js",
    "assets/synthsite-table-logic.js",
    "assets/synthsite-filter-logic.js",
    "assets/synthsite-heatmap-logic.js",
    "assets/synthsite-page-logic.js",
    "assets/synthsite-rows.js",
    "assets/synthsite-print.js",
    "assets/synthsite-cite.js",
    "assets/synthsite-tables.js",
    "assets/synthsite-filters.js",
    "assets/synthsite-heatmap-export.js",
    "assets/synthsite-heatmap.js",
    "assets/synthsite.js",
)
"""The browser code, one classic script per job sharing the global `synthsite` namespace (ES modules do not load
from file://, where the offline archive is read), in load order: tablesort before its number parser; the pure
modules (`*-logic.js`, `synthsite-csv.js`, `synthsite-row-html.js`: decisions without the DOM, tested by
`node --test tests/js/`) before the modules that wire the page with them; `synthsite.js` last, as it boots the
others on every page Material shows (docs/architecture.md has the map). Every script of `static/assets/` outside
`vendor/` must be listed here (tests/test_builders.py)."""

OFFLINE_WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"
"""The Web Worker shim that lets search run from file:// (Material's offline plugin would load it from unpkg.com)."""


def _walk(folder: Traversable, prefix: str = "") -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if item.name.startswith((".", "__")):
            continue
        relative = f"{prefix}{item.name}"
        if item.is_dir():
            files.update(_walk(item, relative + "/"))
        else:
            files[relative] = item.read_bytes()
    return files


def static_files() -> dict[str, bytes]:
    """Site path -> content of every packaged asset (with the vendored libraries' licences)."""
    return _walk(STATIC)


def theme_files() -> dict[str, bytes]:
    """Theme-relative path -> content of every packaged template."""
    return _walk(THEME)


def theme_dir() -> Path:
    """The theme layer as a folder on disk (package data is installed as plain files)."""
    return Path(str(THEME))


def with_assets(listed: list[T], ours: tuple[str, ...]) -> list[T | str]:
    """`extra_css`/`extra_javascript` with ours first (so a project's own files can override them), once each."""
    names = {str(entry) for entry in listed}
    return [name for name in ours if name not in names] + list(listed)
