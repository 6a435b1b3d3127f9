"""The registry of pages and tables and the navigation made from it (the import structure: test_architecture.py)."""

from __future__ import annotations

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
