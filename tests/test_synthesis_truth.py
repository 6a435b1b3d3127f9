"""What the shipped synthesis certifies, checked against named links and pages: the contested readings of three
links are shown wherever the link is, the register holds disconfirming evidence only, and the method pages say
what was done (no search, one reviewer, no line-by-line coding) and state no arithmetic as CERQual.

These check facts of named studies and findings; a fifth study changes none of them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from synthsite.pipeline import generate
from synthsite.pipeline import validate as validate_corpus
from synthsite.render import Site

REPO = Path(__file__).resolve().parents[1]

CONTESTED = (
    ("moen-2023", "patients-in-focus-speak-for-themselves", "being-seen-and-listened-to"),
    ("moen-2023", "patients-in-focus-speak-for-themselves", "own-decision-with-help"),
    ("kirkegaard-thomsen-2024", "collaboration", "talking-openly-across-services"),
)


@pytest.fixture(scope="module")
def site() -> Site:
    corpus, problems = validate_corpus(REPO)
    assert corpus is not None, [p.format() for p in problems]
    return generate(corpus)


def _register(site: Site) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(site.files["findings/disconfirming/disconfirming-evidence.csv"])))


@pytest.mark.parametrize(("study", "study_theme", "finding"), CONTESTED)
def test_each_contested_link_shows_as_contested_on_its_theme_page_and_in_the_register(
    site: Site, study: str, study_theme: str, finding: str
) -> None:
    rows = [r for r in _register(site) if (r["study_id"], r["study_theme_id"]) == (study, study_theme)]
    assert any(r["contested"] == "yes" and "contested" in r["listed_because"] for r in rows), rows
    page = site.pages[f"themes/{finding}/index.md"]
    register = page.split('id="disconfirming-register"', 1)[1].split("<p>Across the synthesis", 1)[0]
    entry = next(item for item in register.split("<li class=") if f"#theme-{study_theme}" in item)
    assert '<span class="synthsite-flag">contested</span>' in entry
    assert "Contested: <strong>" in entry and "Passage: " in entry
    study_page = site.pages[f"studies/{study}/index.md"]
    section = study_page.split(f'id="theme-{study_theme}"', 1)[1].split("</section>", 1)[0]
    assert "Contested: <strong>" in section


def test_the_register_has_no_plain_extends_row(site: Site) -> None:
    rows = _register(site)
    assert rows
    for row in rows:
        assert row["listed_because"], row
        if row["relation"] == "extends":
            assert row["contested"] == "yes" or "complicates" in row["listed_because"], row


def test_the_within_team_link_does_not_count_its_staff_as_certain_for_a_cross_service_finding(site: Site) -> None:
    themes = list(csv.DictReader(io.StringIO(site.files["data/themes.csv"])))
    (talking,) = [r for r in themes if r["id"] == "talking-openly-across-services"]
    # Moen et al. (2023): 18 participants; Kirkegaard Thomsen et al. (2024): 48 staff, via a contested link only
    assert (talking["participants_min"], talking["participants"]) == ("18", "66")


def test_the_methods_page_states_cerqual_as_a_judgement_and_the_ceiling_as_this_synthesis_s_own(site: Site) -> None:
    page = site.pages["methods/index.md"]
    overall = page.split('<p id="cerqual-overall">', 1)[1].split("</p>", 1)[0]
    assert "a judgement, not a sum" in overall and "Lewin et al. 2018" in overall
    convention = page.split('<p id="downgrading-rule-text">', 1)[1].split("</p>", 1)[0]
    assert convention.startswith("This synthesis&#39;s own convention, a check rather than part of CERQual")
    assert "## Downgrading rule" not in page


def test_what_was_done_is_said_on_the_home_page_the_findings_page_and_the_summary(site: Site) -> None:
    corpus, _ = validate_corpus(REPO)
    assert corpus is not None
    meta = corpus.meta
    assert meta.search is not None and not meta.search.systematic_search
    assert meta.conduct is not None and meta.conduct.linking.reviewers == 1
    summary = " ".join((meta.plain_language_summary or "").split())
    assert "supplied to the review team rather than found by a search" in summary
    assert "one reviewer did every step" in summary
    for path in ("index.md", "findings/index.md"):
        assert 'id="what-the-method-cannot-support"' in site.pages[path], path
    approach = site.pages["index.md"].split("## Approach", 1)[1].split("###", 1)[0]
    method = approach.split("<dt>Synthesis method</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert not method.startswith("thematic synthesis") and "no line-by-line coding" in method
