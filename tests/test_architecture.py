"""The package's shape: its stages are a stack (model -> load -> confidence/index -> render -> builders -> cli) with
the tools (contrib, release) on top, the index knows nothing of pages or citation styles, and no module outgrows
600 lines."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "scripts" / "synthsite"
DEV = REPO / "dev"
DEV_PACKAGE = DEV / "synthsite_dev"
"""The development tools (benchmark, synthetic corpora, Chromium discovery): outside the package, never imported by it."""
MAX_LINES = 600
PAGE_AWARE = (
    "synthsite.urls",
    "synthsite.cite",
    "synthsite.render",
    "synthsite.builders",
    "synthsite.cli",
    "synthsite.pipeline",
)
"""What the index (and the confidence layer it builds on) must never import: URLs, citation styles and every
later stage. Cells name the records they link to (`tables.ToStudy`, ...) and render resolves them."""


def _package_of(path: Path) -> str:
    return ".".join(path.parent.relative_to(PACKAGE.parent).parts)


def imported_modules(source: str, package: str) -> set[str]:
    """Every module a source file in `package` imports, at the top or inside functions, relative imports resolved."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def forbidden_imports(paths: list[Path]) -> dict[str, list[str]]:
    """Module -> the page-aware modules it imports (`from synthsite import urls` counts as synthsite.urls)."""
    out: dict[str, list[str]] = {}
    for path in paths:
        name = f"{_package_of(path)}.{path.stem}"
        bad = sorted(
            target
            for target in imported_modules(path.read_text(encoding="utf-8"), _package_of(path))
            if any(target == rule or target.startswith(rule + ".") for rule in PAGE_AWARE)
        )
        if bad:
            out[name] = bad
    return out


def test_the_index_knows_nothing_of_pages_or_citation_styles() -> None:
    core = sorted((PACKAGE / "index").rglob("*.py")) + sorted((PACKAGE / "confidence").rglob("*.py"))
    assert core
    assert forbidden_imports(core) == {}


def test_the_rule_sees_every_way_of_importing() -> None:
    """The check itself: each spelling of an import of a page-aware module is caught, other imports are not."""
    spellings = {
        "from synthsite import urls\n": "synthsite.urls",
        "import synthsite.cite.styles\n": "synthsite.cite.styles",
        "def f():\n    from synthsite.render.tableview import table_view\n": "synthsite.render.tableview",
        "from ..cite import Reference\n": "synthsite.cite",
    }
    for text, expected in spellings.items():
        assert expected in imported_modules(text, "synthsite.index"), text
    harmless = imported_modules(
        "from synthsite.model import Study\nfrom synthsite.tables import Table\n", "synthsite.index"
    )
    assert not [t for t in harmless if t.startswith(PAGE_AWARE)]


def test_no_module_is_over_600_lines() -> None:
    lengths = {
        str(path.relative_to(REPO)): len(path.read_text(encoding="utf-8").splitlines())
        for path in [*PACKAGE.rglob("*.py"), *DEV.rglob("*.py")]
    }
    assert "dev/synthsite_dev/bench.py" in lengths
    assert lengths
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


# ------------------------------------------------------------------------------------ module level


def _imports() -> dict[str, set[str]]:
    """Module -> the synthsite modules (and development tools) it imports (at the top or inside functions)."""
    modules = {
        ".".join(path.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__"): path
        for package in (PACKAGE, DEV_PACKAGE)
        for path in package.rglob("*.py")
    }

    def owner(name: str) -> str:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("synthsite"):
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    edges[name].add(target if target in modules else owner(node.module))
            elif isinstance(node, ast.Import):
                edges[name] |= {owner(a.name) for a in node.names if a.name.startswith("synthsite")}
        edges[name].discard(name)
    return edges


def test_no_import_cycles() -> None:
    edges = _imports()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(edges[name]):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target] if target in trail else [name, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert cycles == []


# ------------------------------------------------------------------------------------ package level

STACK = ("model", "load", "confidence", "index", "render", "builders")
"""The stages, each built only on the ones before it; the command line (`cli`) sits on top of them and the tools."""
TOOLS = ("contrib", "release")
"""Tools that may use every stage and are never used by one (`release` builds on `contrib`: what changed)."""
COMMAND_LINE = "cli"


def unit_of(module: str) -> str | None:
    """The package-level unit a synthsite module belongs to: its sub-package or top-level module (`synthsite.load.
    corpus` -> load, `synthsite.urls` -> urls); None outside the package or for the package itself."""
    parts = module.split(".")
    if parts[0] != "synthsite" or len(parts) < 2 or parts[1].startswith("__"):
        return None
    return parts[1]


def package_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Unit -> the other units its modules import (at the top or inside functions, relative imports resolved)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        if path.parent == package and path.stem == "__init__":
            continue
        name = f"{_package_of(path)}.{path.stem}"
        source = unit_of(name)
        assert source is not None, path
        targets = {unit_of(t) for t in imported_modules(path.read_text(encoding="utf-8"), _package_of(path))}
        graph.setdefault(source, set()).update(t for t in targets if t is not None and t != source)
    return graph


def find_cycle(graph: Mapping[str, set[str]]) -> list[str]:
    """One cycle of the graph as [a, b, ..., a], or [] when it has none."""
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str]:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*trail[trail.index(target) :], target]
            if target not in state and (found := visit(target, [*trail, target])):
                return found
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node, [node])):
            return found
    return []


def reachable(graph: Mapping[str, set[str]], start: str) -> set[str]:
    """Every unit `start` imports, directly or through others."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def stack_violations(graph: Mapping[str, set[str]]) -> dict[str, list[str]]:
    """Unit -> what it must not reach: a stage reaches no later stage, no tool and not the command line; a tool
    not the command line; any other unit (a library such as tables, urls, cite, pipeline or clikit) no tool, no
    builder and not the command line."""
    out: dict[str, list[str]] = {}
    for unit in sorted(graph):
        if unit == COMMAND_LINE:
            continue
        if unit in TOOLS:
            above: tuple[str, ...] = (COMMAND_LINE,)
        elif unit in STACK:
            above = (*STACK[STACK.index(unit) + 1 :], *TOOLS, COMMAND_LINE)
        else:
            above = ("builders", *TOOLS, COMMAND_LINE)
        bad = sorted(target for target in reachable(graph, unit) if target in above)
        if bad:
            out[unit] = bad
    return out


def test_the_package_graph_has_no_cycle() -> None:
    graph = package_graph()
    assert {*STACK, *TOOLS, COMMAND_LINE} <= set(graph)
    assert find_cycle(graph) == []


def test_each_stage_builds_only_on_earlier_ones_and_never_on_a_tool_or_the_command_line() -> None:
    assert stack_violations(package_graph()) == {}


def test_the_package_rules_catch_loops_and_upward_imports() -> None:
    """The checks themselves, on small graphs: a loop through a tool and a stage reaching a tool through a library."""
    assert find_cycle({"load": {"release"}, "release": {"load"}}) == ["load", "release", "load"]
    assert find_cycle({"load": {"model"}, "model": set()}) == []
    graph = {
        "model": set(),
        "load": {"model", "tables"},
        "tables": {"contrib"},
        "contrib": {"load"},
        "render": {"load"},
    }
    violations = stack_violations(graph)
    assert violations["load"] == ["contrib"] and violations["tables"] == ["contrib"]
    assert "model" not in violations and "contrib" not in violations
    assert stack_violations({"index": {"render"}, "render": set()}) == {"index": ["render"]}
    assert stack_violations({"release": {"cli"}, "cli": {"release"}}) == {"release": ["cli"]}
    assert unit_of("synthsite.load.corpus") == "load" and unit_of("synthsite.urls") == "urls"
    assert unit_of("synthsite") is None and unit_of("pydantic.main") is None


def test_the_package_never_uses_the_development_tools() -> None:
    """dev/ is not grafted onto the package (an installed wheel has no dev/, so nothing may depend on it): no module
    imports `synthsite_dev`, and the imported package is the one folder of its own sources."""
    import synthsite

    used = {name: sorted(t for t in targets if t.startswith("synthsite_dev")) for name, targets in _imports().items()}
    assert {name: found for name, found in used.items() if found and name.startswith("synthsite.")} == {}
    assert [Path(folder).resolve() for folder in synthsite.__path__] == [Path(synthsite.__file__).resolve().parent]


def test_python_m_synthsite_bench_runs_the_development_benchmark_from_a_checkout(tmp_path: Path) -> None:
    """DESIGN.md's command stays: `synthsite.bench` is a launcher that finds the checkout's dev/ only when it runs
    (the package imports nothing of dev/: the test above), then hands over to the benchmark."""
    import subprocess
    import sys

    from synthsite import bench

    assert bench.dev_folder() == DEV
    inside = subprocess.run(
        [sys.executable, "-m", "synthsite.bench", "--help"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert inside.returncode == 0 and "--studies" in inside.stdout, inside.stderr


# ------------------------------------------------------------------------------------ builders keep no state

IMMUTABLE_CALLS = frozenset({"re.compile", "frozenset", "logging.getLogger", "TypeVar", "resources.files"})
"""Module-level values a builder may make by calling something: compiled patterns, frozen sets, loggers."""


def module_state(source: str) -> list[str]:
    """Names a module binds at its top level to something mutable: a dict, list or set (display or comprehension),
    or the result of any call but the immutable ones above (an instance, a cache object)."""
    mutable = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
    found = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            value = node.value
            call = isinstance(value, ast.Call) and ast.unparse(value.func) not in IMMUTABLE_CALLS
            if isinstance(value, mutable) or call:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                found += [ast.unparse(target) for target in targets]
    return found


def test_the_builders_keep_no_module_level_state() -> None:
    """What survives between builds lives in an object the plugin makes per command (`mkdocs_plugin.Preview`),
    never in a module, where a second preview or build in the same process would find it. (`_site_path`'s
    lru_cache memoises a pure function of two strings; it holds no state of a build.)"""
    state = {
        path.name: found
        for path in sorted((PACKAGE / "builders").rglob("*.py"))
        if (found := module_state(path.read_text(encoding="utf-8")))
    }
    assert state == {}


PLUGIN_ATTRIBUTES = {"_stage", "_staged", "_serving", "_incremental", "_preview", "_build"}
"""What the MkDocs plugin itself holds: the command's settings and staging folder, what the preview keeps
(`buildstate.Preview`) and the current build (`buildstate.Build`)."""


def plugin_attributes(source: str, class_name: str = "SynthsitePlugin") -> set[str]:
    """Every attribute a class's methods assign on `self` (`self.x = ...`, `self.x: T = ...`, `self.x += ...`)."""
    found: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for child in ast.walk(node):
                targets: list[ast.expr] = []
                if isinstance(child, ast.Assign):
                    targets = list(child.targets)
                elif isinstance(child, ast.AnnAssign | ast.AugAssign):
                    targets = [child.target]
                while any(isinstance(t, ast.Tuple | ast.List | ast.Starred) for t in targets):  # self.a, b = ...
                    targets = [
                        inner
                        for t in targets
                        for inner in (
                            t.elts
                            if isinstance(t, ast.Tuple | ast.List)
                            else [t.value]
                            if isinstance(t, ast.Starred)
                            else [t]
                        )
                    ]
                found |= {
                    t.attr
                    for t in targets
                    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
                }
    return found


def test_the_plugin_keeps_each_build_in_one_object() -> None:
    """A build's blocks, links, anchors, search text and failure live in one `Build`, made afresh by `on_config`
    for every build, not in loose attributes of the plugin that each build would have to reset."""
    source = (PACKAGE / "builders" / "mkdocs_plugin.py").read_text(encoding="utf-8")
    assert plugin_attributes(source) == PLUGIN_ATTRIBUTES
    assert "self._build = Build(" in source.split("def on_config", 1)[1].split("\n    def ", 1)[0]


def test_the_attribute_rule_sees_every_assignment() -> None:
    source = (
        "class SynthsitePlugin:\n"
        "    def f(self):\n"
        "        self._a = 1\n"
        "        self._b: int = 2\n"
        "        self._c += 3\n"
        "        self._d, other = 4, 5\n"
        "        self._build.links = []\n"
        "class Other:\n"
        "    def g(self):\n"
        "        self._e = 6\n"
    )
    assert plugin_attributes(source) == {"_a", "_b", "_c", "_d"}


def test_the_state_rule_sees_instances_and_containers() -> None:
    source = 'KEPT = Reuse()\n_SEEN: dict[str, int] = {}\nPATTERN = re.compile("x")\nNAMES = frozenset({"a"})\n'
    assert module_state(source) == ["KEPT", "_SEEN"]


# ------------------------------------------------------------------ the index is a value render reads, never writes

MUTATORS = frozenset(
    {"update", "setdefault", "pop", "popitem", "clear", "append", "extend", "insert", "remove", "add", "discard"}
)
"""Methods that change a dict, list or set in place."""


def _reaches_index(node: ast.expr) -> bool:
    """Whether an expression is the index or lies inside it: `index`, `index.memo[key]`, `r.index.tables`..."""
    while True:
        if isinstance(node, ast.Name):
            return node.id == "index"
        if isinstance(node, ast.Attribute):
            if node.attr == "index":
                return True
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return False


def index_writes(source: str) -> list[str]:
    """Every statement of a module that writes into the index: an assignment or deletion of one of its attributes
    or items, a call of a mutating method on something inside it, or `setattr` on it (line: code)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        written = any(isinstance(t, ast.Attribute | ast.Subscript) and _reaches_index(t.value) for t in targets)
        if isinstance(node, ast.Call):
            func = node.func
            method = isinstance(func, ast.Attribute) and func.attr in MUTATORS and _reaches_index(func.value)
            named = ast.unparse(func) in {"setattr", "object.__setattr__", "delattr"}
            written = method or (named and bool(node.args) and _reaches_index(node.args[0]))
        if written:
            found.append((node.lineno, ast.unparse(node)))
    return [f"{line}: {code}" for line, code in sorted(found)]


def test_render_never_writes_into_the_index() -> None:
    """Render reads the index and returns the site; what its pages share lives in the render's own `Rendering`
    (a `memo` on the index made the site depend on the order pages were rendered in)."""
    writes = {
        path.relative_to(PACKAGE).as_posix(): found
        for path in sorted((PACKAGE / "render").rglob("*.py"))
        if (found := index_writes(path.read_text(encoding="utf-8")))
    }
    assert writes == {}


def test_the_write_rule_sees_every_way_of_writing() -> None:
    source = (
        "index.memo[key] = value\n"
        "index.memo.update(kept)\n"
        "r.index.tables['t'] += 1\n"
        "del index.by_id['a']\n"
        "object.__setattr__(index, 'memo', {})\n"
        "index.tables.get('t').rows.append(row)\n"
        "table = index.tables['t']\n"
        "files[path] = index.meta.title\n"
        "index = 3\n"
        "r.files.update(index.tables)\n"
    )
    assert [line.split(":")[0] for line in index_writes(source)] == ["1", "2", "3", "4", "5", "6"]


def test_the_index_is_frozen_and_rendering_leaves_it_as_built() -> None:
    """No attribute of the index can be set, and a whole render changes none of its mappings (a cache kept in one
    would show here as an entry added during the render)."""
    import dataclasses
    from collections.abc import Mapping

    import pytest

    from sitebuild import MINI, valid_corpus
    from synthsite.index import SynthesisIndex
    from synthsite.pipeline import index_corpus
    from synthsite.render import render_index

    assert SynthesisIndex.__dataclass_params__.frozen  # type: ignore[attr-defined]
    index = index_corpus(valid_corpus(MINI))
    with pytest.raises(dataclasses.FrozenInstanceError):
        index.build_date = "2000-01-01"  # type: ignore[misc]
    with pytest.raises(TypeError):  # the tables are made before the index is handed out, then read-only
        index.tables["extra"] = index.tables["samples"]  # type: ignore[index]

    def state() -> dict[str, object]:
        return {
            f.name: [(key, id(item)) for key, item in value.items()] if isinstance(value, Mapping) else id(value)
            for f in dataclasses.fields(index)
            for value in [getattr(index, f.name)]
        }

    before = state()
    site = render_index(index)
    assert site.pages and site.files
    assert state() == before
