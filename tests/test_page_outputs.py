"""A page function returns its Markdown with the files it owns: every rows file a page refers to comes back with
that page, rendered on its own, and the site's rows files are exactly those the pages returned."""

from __future__ import annotations

import posixpath
import re
from typing import cast

import pytest

from sitebuild import MINI, valid_corpus
from synthsite.pipeline import index_corpus
from synthsite.render import confidence_view, pages, render_index, tableview
from synthsite.render.pagespec import FamilyFunction, PageFunction, members
from synthsite.render.registry import PAGES
from synthsite.render.rendering import PageOutput, Rendering

ROWS_SRC = re.compile(r'data-rows-src="([^"]+)"')


def _alone(url: str) -> PageOutput:
    """One page made by its function with a fresh rendering of a fresh index: nothing rendered before it."""
    index = index_corpus(valid_corpus(MINI))
    r = Rendering.of(index)
    for spec in PAGES:
        if spec.each is None and spec.url == url:
            return cast(PageFunction, spec.page)(r, spec)
        for item_id in members(spec, index):
            if spec.url_for(item_id) == url:
                return cast(FamilyFunction, spec.page)(r, item_id)
    raise AssertionError(url)


def test_each_page_owns_the_rows_files_it_refers_to(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (tableview, pages, confidence_view):
        monkeypatch.setattr(module, "PAGE_ROWS", 1)  # every table, list and register of two or more is long
    site = render_index(index_corpus(valid_corpus(MINI)))
    rows_files = {path: text for path, text in site.files.items() if path.endswith(tableview.ROWS_SUFFIX)}
    returned: dict[str, str] = {}
    for source in site.pages:
        url = source.removesuffix("index.md")
        output = _alone(url)
        referred = {posixpath.normpath(posixpath.join(url, src)) for src in ROWS_SRC.findall(output.markdown)}
        assert set(output.files) == referred, url
        assert output.markdown == site.pages[source], f"{url} depends on what was rendered before it"
        returned.update(output.files)
    kinds = {posixpath.basename(path).removesuffix(tableview.ROWS_SUFFIX) for path in returned}
    assert {"studies", "references", "contributing-studies"} <= kinds, "the corpus must make long tables and lists"
    assert returned == rows_files
