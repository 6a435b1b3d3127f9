"""Words that say what they are: a quote's source names its speaker as a participant and its page as a page, the
heatmap's description counts "1 study", and a study page does not read an unreported source as an unreported
method. Checked on the mini fixture's pages (no browser) and on the functions that write the words."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sitebuild import MINI, valid_corpus
from synthsite.index import SynthesisIndex
from synthsite.load.corpus import Corpus
from synthsite.model import Quote
from synthsite.pipeline import index_corpus
from synthsite.render import Site, render_index
from synthsite.render.heatmap import heatmap
from synthsite.render.quotes import quote_source


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return valid_corpus(MINI)


@pytest.fixture(scope="module")
def index(corpus: Corpus) -> SynthesisIndex:
    return index_corpus(corpus)


@pytest.fixture(scope="module")
def site(index: SynthesisIndex) -> Site:
    return render_index(index)


@pytest.mark.parametrize(
    ("speaker", "location", "page", "source"),
    [
        ("pp35", "Table 1", None, "participant pp35; Table 1"),
        ("T4", "Table 3", "12", "participant T4; Table 3; p. 12"),
        ("P-12", "Findings, 'Hope'", "e1234", "participant P-12; Findings, 'Hope'; p. e1234"),
        ("Participant 5", "Table 2", "12-13", "Participant 5; Table 2; pp. 12–13"),
        ("a carer", "Results", None, "a carer; Results"),
        ("not reported", "Table 1", None, "speaker not reported; Table 1"),
    ],
)
def test_a_quote_source_says_what_each_part_is(speaker: str, location: str, page: str | None, source: str) -> None:
    assert quote_source(Quote(text="words", speaker=speaker, location=location, page=page)) == source


@pytest.mark.parametrize("page", ["p. 12", "12, 13", "", "twelve pages"])
def test_a_page_is_a_number_or_a_range(page: str) -> None:
    with pytest.raises(ValidationError, match="page"):
        Quote(text="words", speaker="pp1", location="Table 1", page=page)


def test_pages_print_quote_sources_with_their_words(site: Site) -> None:
    study = site.pages["studies/smith-2020-hope/index.md"]
    assert "— participant U1; Findings, &#39;Belief&#39;; p. 7</p>" in study
    theme_pages = [text for url, text in site.pages.items() if url.startswith("themes/") and url != "themes/index.md"]
    assert any("— participant U1; Findings, &#39;Belief&#39;; p. 7</p>" in text for text in theme_pages)
    assert all("— U1;" not in text and "— C2;" not in text for text in site.pages.values())


def test_an_unreported_analysis_source_is_not_read_as_an_unreported_method(site: Site) -> None:
    page = site.pages["studies/smith-2020-routines/index.md"]
    assert "(not reported)" not in page
    assert "<dt>Source cited for the analysis</dt><dd>not reported</dd>" in page


def test_the_heatmap_counts_one_study_in_the_singular(index: SynthesisIndex) -> None:
    desc = heatmap(index.crosswalk).desc
    assert "1 study (" in desc
    assert "1 studies" not in desc
