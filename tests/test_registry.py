"""The registry of pages and tables and the navigation made from it (the import structure: test_architecture.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from sitebuild import mkdocs_settings
from synthsite.builders.nav import merge_nav
from synthsite.render import registry
from synthsite.render.registry import PAGES, Page

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "scripts" / "synthsite"


def _titles(nav: list) -> list:
    """The nav as (title, path or nested list) pairs, for readable comparisons."""
    out = []
    for item in nav:
        ((title, value),) = item.items()
        out.append((title, _titles(value) if isinstance(value, list) else value))
    return out


def _paths(nav: list) -> list[str]:
    return [path for _title, value in nav for path in (_paths(value) if isinstance(value, list) else [value])]


def _registry_section(section: str) -> list[tuple[str, str]]:
    """(label, path) of the registry's pages placed in a navigation section, in registry order."""
    return [(spec.nav[-1], f"{spec.url}index.md") for spec in PAGES if spec.nav[:-1] == (section,)]


def test_without_a_configured_nav_the_registry_is_the_nav() -> None:
    nav = _titles(merge_nav(None))
    assert nav[:3] == [("Overview", "index.md"), ("Findings", "findings/index.md"), ("Studies", "studies/index.md")]
    assert dict(nav)["Compare"] == _registry_section("Compare")
    assert set(_paths(nav)) == {f"{spec.url}index.md" for spec in PAGES if spec.nav}


def test_mkdocs_yml_lists_only_hand_written_pages_and_the_registry_places_the_rest() -> None:
    """The repository's nav names no generated page (the registry places them all), and the site's nav has every
    registry page with the hand-written ones where mkdocs.yml puts them."""
    configured = _titles(mkdocs_settings()["nav"])
    generated = {f"{spec.url}index.md" for spec in PAGES}
    hand_written = _paths(configured)
    assert hand_written and not generated & set(hand_written)
    for path in hand_written:  # docs/ pages, and the contributor guide the plugin makes from CONTRIBUTING.md
        assert (REPO / "docs" / path).is_file() or path == "contribute/index.md", path
    nav = _titles(merge_nav(mkdocs_settings()["nav"]))
    assert [path for path in _paths(nav) if path in hand_written] == hand_written
    assert set(_paths(nav)) == set(hand_written) | {f"{spec.url}index.md" for spec in PAGES if spec.nav}
    assert nav[0] == ("Overview", "index.md") and nav[-1][0] == "Contribute"
    assert dict(nav)["Contribute"][:2] == [
        ("Adding a study", "contribute/index.md"),
        ("Schema reference", "contribute/schema/index.md"),
    ]
    assert dict(nav)["Compare"] == _registry_section("Compare")


def test_a_new_page_takes_its_registry_place_and_hand_written_entries_stay() -> None:
    pages = list(PAGES)
    appraisal = next(n for n, spec in enumerate(pages) if spec.url == "compare/appraisal/")
    compare = registry.page_at("compare/samples/").page
    quotes = Page("compare/quotes/", "Quotes", compare, nav=("Compare", "Quotes"), tables=("q",))
    pages.insert(appraisal + 1, quotes)
    pages.append(Page("appendix/example/", "Example", compare, nav=("Appendix", "Example")))
    configured = [
        {"Overview": "index.md"},
        {"Compare": [{"Samples": "compare/samples/index.md"}, {"Our notes": "compare/notes.md"}]},
        {"Contribute": [{"Adding a study": "contribute/index.md"}]},
    ]
    before = yaml.safe_dump(configured)
    nav = _titles(merge_nav(configured, pages))
    assert yaml.safe_dump(configured) == before  # the caller's nav is not changed
    in_registry = [label for label, _path in _registry_section("Compare")]
    assert [title for title, _path in dict(nav)["Compare"]] == [
        *in_registry[: in_registry.index("Appraisal") + 1],
        "Quotes",
        *in_registry[in_registry.index("Appraisal") + 1 :],
        "Our notes",
    ]
    titles = [title for title, _value in nav]
    assert titles.index("Findings") == titles.index("Overview") + 1
    assert titles.index("Studies") == titles.index("Findings") + 1
    assert titles.index("Contribute") > titles.index("Data")
    assert titles[-1] == "Appendix"  # after the last registry page before it (Schema reference, in Contribute)
    # with no registry page before it in its section, a page follows the page its URL lies under
    assert dict(nav)["Contribute"] == [
        ("Adding a study", "contribute/index.md"),
        ("Schema reference", "contribute/schema/index.md"),
    ]


def test_every_registry_page_names_a_page_function_and_a_unique_url() -> None:
    for spec in PAGES:
        assert callable(spec.page) and spec.page.__module__.startswith("synthsite.render."), spec
        assert spec.url == "" or (spec.url.endswith("/") and not spec.url.startswith("/")), spec
    assert len({spec.url for spec in PAGES}) == len(PAGES)
    assert registry.page_at("compare/samples/").title == "Sample comparison"
