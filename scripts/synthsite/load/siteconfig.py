"""The project's mkdocs.yml is input too: checked before anything builds or validates.

A pull request can change mkdocs.yml as easily as a study file, and MkDocs runs what it names: `hooks` are
Python files it imports, plugins and Markdown extensions are installed code it runs with the file's options,
and its YAML loader builds Python objects (`!!python/object/apply:os.system`). Paths in it decide what is read
(`docs_dir`, `theme.custom_dir`, `pymdownx.snippets`' `base_path`) and what the build replaces (`site_dir`).
So the file is read here with the data's own safe reader (`safeyaml`: no Python tags, no aliases, no duplicate
keys), MkDocs' `!ENV` is accepted only for on/off switches (`enabled`, `strict`: never for text a page shows,
where it would publish the build machine's environment), `hooks` and `INHERIT` are refused, plugins and
Markdown extensions must be on the allow-list (synthsite's defaults plus what the project's maintainers add in
`ALLOWLIST_FILE`, a file outside synthesis/ that `synthsite changes` shows as code), and every path must stay
inside the project. Each problem is a `mkdocs.yml:line` message; with any error nothing is built.

MkDocs itself reads mkdocs.yml before any plugin runs, so only a check before MkDocs starts can stop a Python
tag or a hook: `make site` and CI run `synthsite validate` first. The plugin checks the file again (paths,
plugins, extensions) for builds started some other way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from synthsite.load.datafiles import ReadRefused, read_bounded
from synthsite.load.problems import Problem, field_path
from synthsite.load.safeyaml import Positions, StrictLoader, YamlProblem, decode, positions
from synthsite.load.safeyaml import parse as parse_strict

CONFIG_FILE = Path("mkdocs.yml")
ALLOWLIST_FILE = Path("mkdocs-allowlist.yml")
"""Plugins and Markdown extensions the maintainers allow besides the defaults: `plugins:` and
`markdown_extensions:`, each a list of names."""
MAX_CONFIG_BYTES = 200_000

DEFAULT_PLUGINS = frozenset({"search", "material/search", "synthsite", "tags", "material/tags", "offline"})
"""Plugins that read only the pages and write only the site: MkDocs' search, Material's tags and offline."""
DEFAULT_EXTENSIONS = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "def_list",
        "footnotes",
        "md_in_html",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "pymdownx.betterem",
        "pymdownx.caret",
        "pymdownx.critic",
        "pymdownx.details",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.keys",
        "pymdownx.mark",
        "pymdownx.smartsymbols",
        "pymdownx.snippets",
        "pymdownx.superfences",
        "pymdownx.tabbed",
        "pymdownx.tasklist",
        "pymdownx.tilde",
    }
)
"""Markdown's own extensions and the pymdown ones a synthesis's hand-written pages use; none runs code named in
the file (custom fences or emoji functions would need a Python tag, which is refused anyway)."""
THEMES = frozenset({"material"})
ENV_SWITCHES = frozenset({"enabled", "strict"})
"""The only settings `!ENV` may fill: on/off switches, never text that reaches a page."""
REFUSED_KEYS = {
    "hooks": "hooks are Python files MkDocs imports and runs at build time; remove `hooks`",
    "INHERIT": "settings inherited from another file are not checked; write them in mkdocs.yml",
}
PATH_KEYS = ("docs_dir", "site_dir")


@dataclass(frozen=True)
class EnvValue:
    """Where MkDocs' `!ENV` was written: kept unresolved, so no environment value enters the checked data."""

    line: int
    col: int


class _ConfigLoader(StrictLoader):
    """The data's strict loader, also accepting MkDocs' `!ENV` tag (as a placeholder, never resolved)."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node.tag == "!ENV":
            return EnvValue(node.start_mark.line + 1, node.start_mark.column + 1)
        return super().construct_object(node, deep=deep)


class _SwitchLoader(yaml.SafeLoader):
    """Plain YAML plus MkDocs' `!ENV`, resolved as MkDocs resolves it (the first variable set, else the default)."""


def _resolve_env(loader: _SwitchLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = items[:-1], items[-1] if len(items) > 1 else None
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return default


_SwitchLoader.add_constructor("!ENV", _resolve_env)


def config_settings(text: str) -> dict[str, Any]:
    """mkdocs.yml as the settings MkDocs would use, for code that reads it without MkDocs (a plugin-free builder's
    configuration, the tests): plain YAML, `!ENV` switches resolved. Run `config_problems` first: it refuses every
    other tag and `!ENV` anywhere but the on/off switches."""
    data = yaml.load(text, Loader=_SwitchLoader)
    if not isinstance(data, dict):
        raise yaml.YAMLError("expected a mapping of settings")
    return data


def config_problems(project: Path, config: Path = CONFIG_FILE) -> list[Problem]:
    """Every problem of `project/config` (relative), or [] when the project has no such file."""
    shown = config.as_posix()
    if not (project / config).exists() and not (project / config).is_symlink():
        return []
    try:
        text = decode(read_bounded(project, config, MAX_CONFIG_BYTES), MAX_CONFIG_BYTES, "mkdocs.yml is short")
        data = parse_strict(text, _ConfigLoader)
    except ReadRefused as exc:
        return [Problem(shown, 1, 1, "", exc.message, exc.hint)]
    except YamlProblem as exc:
        hint = exc.hint
        if "YAML tag" in exc.message:
            hint = "mkdocs.yml may use no Python or other tags (only `!ENV` for `enabled` or `strict`); remove it"
        return [Problem(shown, exc.line, exc.col, "", exc.message, hint)]
    except OSError as exc:
        return [Problem(shown, 1, 1, "", f"cannot read the file: {exc.strerror}")]
    if not isinstance(data, dict):
        return [Problem(shown, 1, 1, "", "mkdocs.yml must be a group of settings (`name: value` lines)")]
    allowed, problems = _allowlist(project)
    return problems + _Checker(project, config, text, allowed).run(data)


def _allowlist(project: Path) -> tuple[tuple[frozenset[str], frozenset[str]], list[Problem]]:
    """(plugins, extensions) allowed: the defaults plus the maintainers' list, if the project has one."""
    plugins, extensions = DEFAULT_PLUGINS, DEFAULT_EXTENSIONS
    shown = ALLOWLIST_FILE.as_posix()
    if not (project / ALLOWLIST_FILE).exists():
        return (plugins, extensions), []
    try:
        data = parse_strict(decode(read_bounded(project, ALLOWLIST_FILE, MAX_CONFIG_BYTES), MAX_CONFIG_BYTES))
    except ReadRefused as exc:
        return (plugins, extensions), [Problem(shown, 1, 1, "", exc.message, exc.hint)]
    except YamlProblem as exc:
        return (plugins, extensions), [Problem(shown, exc.line, exc.col, "", exc.message, exc.hint)]
    except OSError as exc:
        return (plugins, extensions), [Problem(shown, 1, 1, "", f"cannot read the file: {exc.strerror}")]
    hint = "write `plugins:` and `markdown_extensions:`, each a list of names"
    if not isinstance(data, dict) or set(data) - {"plugins", "markdown_extensions"}:
        return (plugins, extensions), [Problem(shown, 1, 1, "", "not an allow-list", hint)]
    found: list[frozenset[str]] = []
    for key in ("plugins", "markdown_extensions"):
        names = data.get(key) or []
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            return (plugins, extensions), [Problem(shown, 1, 1, key, "expected a list of names", hint)]
        found.append(frozenset(names))
    return (plugins | found[0], extensions | {_extension_name(name) for name in found[1]}), []


def _extension_name(name: str) -> str:
    return name.removeprefix("markdown.extensions.")


class _Checker:
    """Walks the parsed settings, collecting located problems."""

    def __init__(self, project: Path, config: Path, text: str, allowed: tuple[frozenset[str], frozenset[str]]):
        self.project = project
        self.folder = (project / config).parent
        self.shown = config.as_posix()
        self.text = text
        self.plugins, self.extensions = allowed
        self.problems: list[Problem] = []
        self._where: Positions | None = None

    def at(self, path: tuple[str | int, ...], message: str, hint: str | None = None, *, key: bool = False) -> None:
        if self._where is None:
            self._where = positions(self.text)
        line, col = self._where.of_key(path) if key else self._where.of_value(path)
        self.problems.append(Problem(self.shown, line, col, field_path(path), message, hint))

    def run(self, data: dict[str, Any]) -> list[Problem]:
        self._env(data, ())
        for key, hint in REFUSED_KEYS.items():
            if key in data:
                self.at((key,), f"`{key}` is not allowed in a synthesis's mkdocs.yml", hint, key=True)
        for key in PATH_KEYS:
            if isinstance(data.get(key), str):
                self.path((key,), data[key], folder=True)
        self._theme(data.get("theme"))
        self._plugins(data.get("plugins"))
        self._extensions(data.get("markdown_extensions"))
        extra: dict[str, Any] = data["extra"] if isinstance(data.get("extra"), dict) else {}
        scripts: list[tuple[tuple[str, ...], Any]] = [
            ((key,), data.get(key)) for key in ("extra_css", "extra_javascript")
        ]
        scripts.append((("extra", "polyfills"), extra.get("polyfills")))  # Material's <script> tags before its own
        for where, items in scripts:
            for index, item in enumerate(items if isinstance(items, list) else []):
                target = item.get("path") if isinstance(item, dict) else item
                if isinstance(target, str) and ("//" in target or ":" in target.partition("/")[0]):
                    self.at(
                        (*where, index),
                        f"{target!r} is fetched from another site when a page is viewed",
                        "put the file in docs/ and name its path: pages load nothing from elsewhere",
                    )
        return self.problems

    def _env(self, value: Any, path: tuple[str | int, ...]) -> None:
        """`!ENV` only for the on/off switches; anywhere else it would put the environment into the site."""
        if isinstance(value, EnvValue):
            name = next((part for part in reversed(path) if isinstance(part, str)), "")
            if name not in ENV_SWITCHES:
                self.problems.append(
                    Problem(
                        self.shown,
                        value.line,
                        value.col,
                        field_path(path),
                        "`!ENV` is allowed only for the on/off settings `enabled` and `strict`",
                        "write the value itself: a value from the environment could publish the build machine's "
                        "settings or secrets",
                    )
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                self._env(item, (*path, str(key)))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._env(item, (*path, index))

    def path(self, where: tuple[str | int, ...], value: str, *, folder: bool = False) -> None:
        """A path written in the file must stay inside the project, also through symlinks."""
        if value.startswith("~"):
            self.at(where, f"{value!r} is a path in a home folder, outside the project", PATH_HINT)
            return
        target = self.folder / value
        try:
            resolved = target.resolve()
        except (OSError, RuntimeError):
            self.at(where, f"{value!r} cannot be resolved (a symlink loop?)", PATH_HINT)
            return
        base = self.project.resolve()
        if not resolved.is_relative_to(base):
            self.at(where, f"{value!r} is outside the project folder", PATH_HINT)
        elif where == ("site_dir",) and (resolved == base or _holds_project_data(resolved, base)):
            self.at(
                where,
                f"{value!r} is the project folder or a folder of its data; a build replaces its site_dir",
                "use a folder of its own, e.g. site_dir: site",
            )

    def _theme(self, theme: Any) -> None:
        if isinstance(theme, str):
            theme = {"name": theme}
        if not isinstance(theme, dict):
            return
        name = theme.get("name")
        if name is not None and name not in THEMES:
            self.at(("theme", "name"), f"the theme {name!r} is not allowed", "synthsite builds with `material`")
        if isinstance(theme.get("custom_dir"), str):
            self.path(("theme", "custom_dir"), theme["custom_dir"], folder=True)

    def _plugins(self, plugins: Any) -> None:
        entries = list(plugins.items()) if isinstance(plugins, dict) else list(enumerate(plugins or []))
        for index, entry in entries:
            name = index if isinstance(plugins, dict) else (next(iter(entry), "") if isinstance(entry, dict) else entry)
            if not isinstance(name, str):
                continue
            if name not in self.plugins:
                self.at(
                    ("plugins", index),
                    f"the plugin {name!r} is not on the allow-list",
                    f"plugins run code at build time; a maintainer adds it to {ALLOWLIST_FILE} once reviewed",
                )

    def _extensions(self, extensions: Any) -> None:
        entries = list(extensions.items()) if isinstance(extensions, dict) else list(enumerate(extensions or []))
        for index, entry in entries:
            if isinstance(extensions, dict):
                name, options = index, entry
            elif isinstance(entry, dict):
                name, options = next(iter(entry.items()), ("", None))
            else:
                name, options = entry, None
            if not isinstance(name, str):
                continue
            where: tuple[str | int, ...] = ("markdown_extensions", index)
            if _extension_name(name) not in self.extensions:
                self.at(
                    where,
                    f"the Markdown extension {name!r} is not on the allow-list",
                    f"extensions run code at build time; a maintainer adds it to {ALLOWLIST_FILE} once reviewed",
                )
            elif _extension_name(name) == "pymdownx.snippets" and isinstance(options, dict):
                self._snippets(where if isinstance(extensions, dict) else (*where, name), options)

    def _snippets(self, where: tuple[str | int, ...], options: dict[str, Any]) -> None:
        """Snippets include files into pages: from inside the project only, never fetched from the web."""
        bases = options.get("base_path", ["."])
        for index, base in enumerate(bases if isinstance(bases, list) else [bases]):
            if isinstance(base, str):
                self.path((*where, "base_path", *((index,) if isinstance(bases, list) else ())), base)
        for index, item in enumerate(options.get("auto_append") or []):
            if isinstance(item, str) and PurePosixPath(item).is_absolute():
                self.at((*where, "auto_append", index), f"{item!r} is outside the project folder", PATH_HINT)
        if options.get("url_download"):
            self.at(
                (*where, "url_download"),
                "snippets may not be downloaded: builds are offline",
                "put the text in a file in the project and include that",
            )


PATH_HINT = "use a path inside the project folder (the folder holding mkdocs.yml), e.g. docs"


def _holds_project_data(folder: Path, base: Path) -> bool:
    """Whether `folder` is one of the project's data or page folders, or holds one."""
    return any((base / name).resolve().is_relative_to(folder) for name in ("synthesis", "bibliography", "docs", ".git"))
