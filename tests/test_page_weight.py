"""No generated page outgrows the page-weight goal (issue 14: at 1,000 studies, no page over 400 kB).

Past `scale.PAGE_ROWS` studies a page no longer grows with the number of studies: a long table carries one page
of rows (the rest load on demand) and the heatmap has a column per publication year, so it is bounded by
themes x years. A corpus just past PAGE_ROWS studies with the benchmark's 40 synthesized themes therefore makes
pages as heavy as the benchmark's 1,000 studies do (its heatmap is nearly full: checked below), in seconds and
without building the site. Timing is the benchmark's business, not this module's.
"""

from __future__ import annotations

import json
import re

import pytest

from synthsite.index import SynthesisIndex
from synthsite.pipeline import index_corpus
from synthsite.pipeline import validate as validate_corpus
from synthsite.render.heatmap import HEATMAP_ROWS, heatmap, year_columns
from synthsite.render.pages import render_pages
from synthsite.render.registry import PAGES
from synthsite.render.rendering import PageOutput, Rendering
from synthsite.render.tableview import ROWS_SUFFIX
from synthsite.scale import HEATMAP_CELLS, PAGE_ROWS
from synthsite_dev.synthetic import write_corpus

pytestmark = pytest.mark.scale
"""Synthetic corpora of hundreds of studies: `make test` runs them, `make check` leaves them out."""

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
def outputs(index: SynthesisIndex) -> dict[str, PageOutput]:
    return render_pages(Rendering.of(index), PAGES)


@pytest.fixture(scope="module")
def pages(outputs: dict[str, PageOutput]) -> dict[str, str]:
    return {url: output.markdown for url, output in outputs.items()}


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


def _heatmap_markup(output: PageOutput) -> str:
    """The map's figure as the page has it, with the rows a large map's page fetches put back in their place."""
    figure = re.search(r'<figure class="synthsite-heatmap".*?</figure>', output.markdown, flags=re.DOTALL)
    assert figure is not None
    markup = figure.group(0)
    fetched = output.files.get(f"themes/{HEATMAP_ROWS}{ROWS_SUFFIX}")
    if fetched is None:
        return markup
    head, tail = markup.split("</g>\n</svg>", 1)
    return head + "".join(f"{row}\n" for row in json.loads(fetched)) + "</g>\n</svg>" + tail


def test_each_heatmap_cell_says_its_words_once(outputs: dict[str, PageOutput], index: SynthesisIndex) -> None:
    """A cell's <title> is its tooltip, its accessible name and the phone list's text (synthsite.js builds the list
    from the picture), so its words are not repeated in an aria-label, a chip's title or a second list; and where
    every cell of a row leads to the theme page, the row is the one link."""
    markup = _heatmap_markup(outputs["themes/"])
    picture = heatmap(index.crosswalk)
    assert markup.count("<title") == 1 + len(picture.rows) + len(picture.cells)
    for cell in picture.cells[:: max(1, len(picture.cells) // 40)]:
        assert f"<title>{cell.title}</title>" in markup
        assert cell.title.startswith(f"{cell.column}: "), "the row names the theme; the cell its year"
    assert "aria-label=" not in markup.split("<svg", 1)[1] and " title=" not in markup
    assert "synthsite-heatmap-list" not in markup
    assert len(re.findall(r"<a\s", markup)) == len(picture.rows), "one link per theme row, not one per cell"


# ------------------------------------------------------------------------------- a map with many themes

MANY_THEMES = 60
"""Half as many synthesized themes again as the benchmark's, in a column per publication year: 1,250 filled cells,
whose markup alone (about 190 bytes a cell with its words) would take the page over the goal."""


@pytest.fixture(scope="module")
def many_themes(tmp_path_factory: pytest.TempPathFactory) -> tuple[SynthesisIndex, PageOutput]:
    root = write_corpus(tmp_path_factory.mktemp("themes") / "project", PAGE_ROWS + 4, themes=MANY_THEMES)
    corpus, problems = validate_corpus(root)
    assert corpus is not None, [p.format() for p in problems[:5]]
    index = index_corpus(corpus)
    themes_page = next(page for page in PAGES if page.url == "themes/")
    return index, render_pages(Rendering.of(index), (themes_page,))["themes/"]


def test_a_map_of_many_themes_keeps_its_page_light_and_fetches_its_other_rows(
    many_themes: tuple[SynthesisIndex, PageOutput],
) -> None:
    """The page draws the rows holding the first `HEATMAP_CELLS` cells; the rows file beside it holds the others,
    in order, each with its header and cells, so that page and file together are the whole map."""
    index, output = many_themes
    picture = heatmap(index.crosswalk)
    assert len(picture.cells) > 1.5 * HEATMAP_CELLS and len(picture.rows) == MANY_THEMES
    size = len(output.markdown.encode("utf-8"))
    assert size <= LIGHT_PAGE_BYTES - PAGE_FRAME_BYTES, f"themes/ is {size / 1000:.0f} kB before the page frame"
    drawn = output.markdown.count('<g class="synthsite-heat-row"')
    assert 0 < drawn < len(picture.rows)
    assert sum(len(row.cells) for row in picture.rows[:drawn]) <= HEATMAP_CELLS
    assert f'id="{HEATMAP_ROWS}" data-rows-src="{HEATMAP_ROWS}{ROWS_SUFFIX}"' in output.markdown
    assert f'data-rows-note="{HEATMAP_ROWS}"' in output.markdown
    markup = _heatmap_markup(output)
    rows = re.findall(r'<g class="synthsite-heat-row" role="row" aria-rowindex="(\d+)"', markup)
    assert rows == [str(n) for n in range(2, len(picture.rows) + 2)]
    assert markup.count('role="gridcell"') == len(picture.cells)
    for cell in picture.cells[:: max(1, len(picture.cells) // 40)]:
        assert f"<title>{cell.title}</title>" in markup


# ------------------------------------------------------------------------- a theme with hundreds of studies

CROWDED_STUDIES = 2 * PAGE_ROWS + 60
CROWDED_THEMES = 10
"""Few synthesized themes for many studies: each has about 210 contributing studies, 120 of them contradicting it,
and about 170 entries in its disconfirming-evidence register (checked below), all past one page of rows; every
study links to the first one (the heaviest theme page a corpus of this size makes)."""


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> tuple[SynthesisIndex, dict[str, PageOutput]]:
    root = write_corpus(
        tmp_path_factory.mktemp("crowded") / "project", CROWDED_STUDIES, themes=CROWDED_THEMES, everyone_links_one=True
    )
    corpus, problems = validate_corpus(root)
    assert corpus is not None, [p.format() for p in problems[:5]]
    index = index_corpus(corpus)
    return index, render_pages(Rendering.of(index), PAGES)


def _study_links(markup: str) -> list[str]:
    return re.findall(r'<a href="\.\./\.\./studies/([^/"]+)/"', markup)


@pytest.mark.slow
def test_a_theme_with_hundreds_of_studies_shows_the_first_rows_and_loads_the_rest(
    crowded: tuple[SynthesisIndex, dict[str, PageOutput]],
) -> None:
    """The evidence summary names the first `PAGE_ROWS` contributing (and contradicting) studies and the register
    shows its first `PAGE_ROWS` entries; the rest are rows files that synthsite-rows.js appends, as for long
    tables. Page and rows files together hold every study and every entry, in order."""
    import json

    from synthsite.confidence.register import why_listed

    index, outputs = crowded
    pages = {url: output.markdown for url, output in outputs.items()}
    assert len(index.crosswalk.support["synth-theme-000"].studies) == CROWDED_STUDIES, "every study links to it"
    rows = {path: text for output in outputs.values() for path, text in output.files.items()}
    assert index.confidence is not None
    for theme_id, found in index.confidence.signals.items():
        page = pages[f"themes/{theme_id}/"]
        size = len(page.encode("utf-8"))
        assert size <= LIGHT_PAGE_BYTES - PAGE_FRAME_BYTES, f"themes/{theme_id}/ is {size / 1000:.0f} kB"
        listed = [item for item in found.links if why_listed(item)]
        studies, contradicting = found.figures.studies, found.figures.contradicting_studies
        assert min(len(studies), len(contradicting), len(listed)) > PAGE_ROWS, "the corpus must be crowded enough"
        for list_id, expected in (("contributing-studies", studies), ("contradicting-studies", contradicting)):
            holder = re.search(
                rf'<span class="synthsite-study-list" id="{list_id}" data-rows-src="{list_id}\.rows\.json" '
                rf'data-row-count="{len(expected)}">(.*?)</span>',
                page,
            )
            assert holder is not None, list_id
            rest = json.loads(rows[f"themes/{theme_id}/{list_id}.rows.json"])
            assert all(item.startswith("; <a ") for item in rest)
            assert _study_links(holder.group(1)) + _study_links("".join(rest)) == list(expected)
            assert len(_study_links(holder.group(1))) == PAGE_ROWS
            assert f'data-rows-note="{list_id}"' in page
        register = re.search(
            r'<ul class="synthsite-register" id="disconfirming-register"[^>]*>(.*?)\n</ul>\n', page, re.S
        )
        assert register is not None
        assert f'data-rows-src="disconfirming-register.rows.json" data-row-count="{len(listed)}"' in page
        shown = register.group(1).count('<li class="synthsite-register-entry')
        rest = json.loads(rows[f"themes/{theme_id}/disconfirming-register.rows.json"])
        assert shown == PAGE_ROWS and shown + len(rest) == len(listed)
        assert all(item.lstrip().startswith('<li class="synthsite-register-entry') for item in rest)
        assert 'data-rows-note="disconfirming-register"' in page
