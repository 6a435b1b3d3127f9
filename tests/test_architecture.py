"""The package's shape: the index knows nothing of pages or citation styles, and no module outgrows 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "scripts" / "synthsite"
MAX_LINES = 600
PAGE_AWARE = (
    "synthsite.urls",
    "synthsite.cite",
    "synthsite.render",
    "synthsite.builders",
    "synthsite.cli",
    "synthsite.pipeline",
    "synthsite.registry",
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
        str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert lengths
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}
