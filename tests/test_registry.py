"""The registry of pages and tables, the navigation made from it, and the package's import structure."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

from sitebuild import mkdocs_settings
from synthsite import registry
from synthsite.builders.nav import merge_nav
from synthsite.registry import PAGES, Page

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "scripts" / "synthsite"


def _titles(nav: list) -> list:
    """The nav as (title, path or nested list) pairs, for readable comparisons."""
    out = []
    for item in nav:
        ((title, value),) = item.items()
        out.append((title, _titles(value) if isinstance(value, list) else value))
    return out


def test_without_a_configured_nav_the_registry_is_the_nav() -> None:
    nav = _titles(merge_nav(None))
    assert nav[:3] == [("Overview", "index.md"), ("Findings", "findings/index.md"), ("Studies", "studies/index.md")]
    assert dict(nav)["Compare"] == [
        ("Samples", "compare/samples/index.md"),
        ("Methods", "compare/methods/index.md"),
        ("Limitations", "compare/limitations/index.md"),
        ("Appraisal", "compare/appraisal/index.md"),
    ]
    listed = {
        path for _title, value in nav for path in ([v for _t, v in value] if isinstance(value, list) else [value])
    }
    assert listed == {f"{spec.url}index.md" for spec in PAGES if spec.nav}


def test_the_repository_nav_is_kept_as_written() -> None:
    config = mkdocs_settings()
    assert merge_nav(config["nav"]) == config["nav"]


def test_a_new_page_takes_its_registry_place_and_hand_written_entries_stay() -> None:
    pages = list(PAGES)
    appraisal = next(n for n, spec in enumerate(pages) if spec.url == "compare/appraisal/")
    pages.insert(appraisal + 1, Page("compare/quotes/", "Quotes", "compare", nav=("Compare", "Quotes"), tables=("q",)))
    pages.append(Page("appendix/example/", "Example", "entreq", nav=("Appendix", "Example")))
    configured = [
        {"Overview": "index.md"},
        {"Compare": [{"Samples": "compare/samples/index.md"}, {"Our notes": "compare/notes.md"}]},
        {"Contribute": [{"Adding a study": "contribute/index.md"}]},
    ]
    before = yaml.safe_dump(configured)
    nav = _titles(merge_nav(configured, pages))
    assert yaml.safe_dump(configured) == before  # the caller's nav is not changed
    compare = dict(nav)["Compare"]
    assert [title for title, _path in compare] == [
        "Samples",
        "Methods",
        "Limitations",
        "Appraisal",
        "Quotes",
        "Our notes",
    ]
    titles = [title for title, _value in nav]
    assert titles.index("Findings") == titles.index("Overview") + 1
    assert titles.index("Studies") == titles.index("Findings") + 1
    assert titles.index("Contribute") > titles.index("Data")
    assert titles[-1] == "Appendix"  # after the last registry page before it (Schema reference, in Contribute)
    assert dict(nav)["Contribute"][0] == ("Schema reference", "contribute/schema/index.md")
    assert ("Adding a study", "contribute/index.md") in dict(nav)["Contribute"]


def test_every_registry_page_names_a_page_function_and_a_unique_url() -> None:
    from synthsite.render.pages import FAMILY_FUNCTIONS, PAGE_FUNCTIONS

    for spec in PAGES:
        functions = FAMILY_FUNCTIONS if spec.each else PAGE_FUNCTIONS
        assert spec.page in functions, spec
        assert spec.url == "" or (spec.url.endswith("/") and not spec.url.startswith("/")), spec
    assert len({spec.url for spec in PAGES}) == len(PAGES)
    assert registry.page_at("compare/samples/").title == "Sample comparison"


# ------------------------------------------------------------------------------------ import structure


def _imports() -> dict[str, set[str]]:
    """Module -> the synthsite modules it imports (at the top or inside functions)."""
    modules = {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): path
        for path in PACKAGE.rglob("*.py")
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


def test_only_the_command_line_imports_the_command_line() -> None:
    assert [name for name, targets in _imports().items() if "synthsite.cli" in targets] == []


def test_the_core_stages_know_nothing_of_later_ones() -> None:
    """load and index never import render, builders or the command line (the data layer stays reusable)."""
    later = ("synthsite.render", "synthsite.builders", "synthsite.cli", "synthsite.pipeline", "synthsite.registry")
    for name, targets in _imports().items():
        if name.startswith(("synthsite.load", "synthsite.index", "synthsite.model", "synthsite.cite")):
            assert not [t for t in targets if t.startswith(later)], name
