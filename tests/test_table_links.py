"""A linked table cell is made once for all the pages beside each other (`Rendering.table_links`): the theme pages'
evidence tables link the same studies and study themes by the thousand. What is shared must read the same from
every page that reads it: a target inside a page's own folder, and any from the home page (alone at its depth), are
not."""

from __future__ import annotations

from typing import Any, cast

import pytest

from synthsite import urls
from synthsite.render.rendering import Rendering
from synthsite.render.tableview import table_view
from synthsite.tables import Column, Table, ToStudy, ToStudyTheme, ToTheme

PAGES = ("themes/a/", "themes/b/", "themes/", "", "studies/s1/", "studies/s2/", "findings/disconfirming/")


def _table() -> Table:
    targets = [ToTheme("a"), ToTheme("b"), ToStudy("s1"), ToStudyTheme("s1", "t1"), ToStudy("s2"), ToTheme("a")]
    names = ["<a> & A", "B", "S1", "T1", "S2", "<a> & A"]
    rows = tuple({"name": name, "other": "x"} for name in names)
    links = {(number, "name"): target for number, target in enumerate(targets)}
    return Table("t", "T", (Column("name", "Name"), Column("other", "Other")), rows, links=links)


def _rendering() -> Rendering:
    return Rendering(cast(Any, None), {})


def _rows(r: Rendering, page: str) -> tuple[str, ...]:
    return table_view(r, page, _table(), citable=False).rows


def test_a_shared_link_cell_reads_as_one_made_for_its_own_page() -> None:
    shared = _rendering()
    for order in (PAGES, tuple(reversed(PAGES))):
        for page in order:
            assert _rows(shared, page) == _rows(_rendering(), page), page
    assert '<a href="./">' in "".join(_rows(shared, "themes/a/"))  # its own theme, from inside its folder
    assert '<a href="../a/">' in "".join(_rows(shared, "themes/b/"))


def test_a_page_beside_another_makes_only_the_links_into_its_own_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    r = _rendering()
    _rows(r, "themes/a/")
    made: list[tuple[str, str]] = []
    relative = urls.relative
    monkeypatch.setattr(urls, "relative", lambda target, page: made.append((target, page)) or relative(target, page))
    _rows(r, "themes/b/")
    assert made == [("themes/a/", "themes/b/"), ("themes/b/", "themes/b/")]  # the two inside one of the pages
