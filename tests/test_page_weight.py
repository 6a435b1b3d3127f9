"""No generated page outgrows the page-weight goal (issue 14: at 1,000 studies, no page over 400 kB).

Past `scale.PAGE_ROWS` studies a page no longer grows with the number of studies: a long table carries one page
of rows (the rest load on demand) and the heatmap has a column per publication year, so it is bounded by
themes x years. A corpus just past PAGE_ROWS studies with the benchmark's 40 synthesized themes therefore makes
pages as heavy as the benchmark's 1,000 studies do (its heatmap is nearly full: checked below), in seconds and
without building the site. Timing is the benchmark's business, not this module's.
"""

from __future__ import annotations

import re

import pytest

from synthsite.index import SynthesisIndex
from synthsite.pipeline import index_corpus
from synthsite.pipeline import validate as validate_corpus
from synthsite.render.heatmap import heatmap, year_columns
from synthsite.render.pages import render_pages
from synthsite.render.registry import PAGES
from synthsite.scale import PAGE_ROWS
from synthsite_dev.synthetic import write_corpus

LIGHT_PAGE_BYTES = 400_000
"""The goal: no page heavier than this."""
PAGE_FRAME_BYTES = 40_000
"""What MkDocs and the theme add around a page's content (header, navigation, footer, scripts): about 27 kB on
/themes/ of the 1,000-study benchmark site; the generated Markdown must leave them this much."""
THEMES = 40
"""The benchmark corpus's number of synthesized themes at 1,000 studies (`synthetic.write_corpus`)."""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SynthesisIndex:
    root = write_corpus(tmp_path_factory.mktemp("weight") / "project", PAGE_ROWS + 4, themes=THEMES)
    corpus, problems = validate_corpus(root)
    assert corpus is not None, [p.format() for p in problems[:5]]
    return index_corpus(corpus)


@pytest.fixture(scope="module")
def pages(index: SynthesisIndex) -> dict[str, str]:
    return render_pages(index, PAGES)


def test_the_corpus_makes_pages_as_heavy_as_a_thousand_studies_do(index: SynthesisIndex) -> None:
    """The heatmap of themes x years is nearly full and every long table shows a whole page of rows."""
    labels, _ = year_columns(index.studies)
    cells = len(heatmap(index.crosswalk).cells)
    assert len(index.crosswalk.support) == THEMES
    assert cells >= 0.9 * THEMES * len(labels), (cells, len(labels))
    assert len(index.studies) > PAGE_ROWS


def test_no_page_outgrows_the_goal(pages: dict[str, str]) -> None:
    size, heaviest = max((len(text.encode("utf-8")), url) for url, text in pages.items())
    assert size <= LIGHT_PAGE_BYTES - PAGE_FRAME_BYTES, f"{heaviest} is {size / 1000:.0f} kB before the page frame"


def test_each_heatmap_cell_says_its_words_once(pages: dict[str, str], index: SynthesisIndex) -> None:
    """A cell's <title> is its tooltip, its accessible name and the phone list's text (synthsite.js builds the list
    from the picture), so its words are not repeated in an aria-label, a chip's title or a second list; and where
    every cell of a row leads to the theme page, the row is the one link."""
    figure = re.search(r'<figure class="synthsite-heatmap".*?</figure>', pages["themes/"], flags=re.DOTALL)
    assert figure is not None
    markup = figure.group(0)
    picture = heatmap(index.crosswalk)
    assert markup.count("<title") == 1 + len(picture.rows) + len(picture.cells)
    for cell in picture.cells[:: max(1, len(picture.cells) // 40)]:
        assert f"<title>{cell.title}</title>" in markup
        assert cell.title.startswith(f"{cell.column}: "), "the row names the theme; the cell its year"
    assert "aria-label=" not in markup.split("<svg", 1)[1] and " title=" not in markup
    assert "synthsite-heatmap-list" not in markup
    assert len(re.findall(r"<a\s", markup)) == len(picture.rows), "one link per theme row, not one per cell"
