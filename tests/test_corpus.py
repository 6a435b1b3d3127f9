"""The shipped corpus: valid, and its key facts match the papers in shared/seeds.

The corpus grows by pull request, so these tests check facts of named studies (by id) and invariants that hold
for any valid corpus; never the exact list or number of studies, countries, references or participants.
`tests/test_growing_corpus.py` runs them on a copy with a fifth study added, so that rule is itself tested.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from synthsite.cli import main
from synthsite.load.corpus import Corpus
from synthsite.pipeline import validate as validate_corpus

pytestmark = pytest.mark.corpus
"""Reads the shipped corpus: rerun on a grown copy by test_growing_corpus.py."""

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    value, problems = validate_corpus(REPO, strict=True)
    assert value is not None, [p.format() for p in problems]
    return value


def study(corpus: Corpus, study_id: str):
    return next(s for s in corpus.studies if s.id == study_id)


SHIPPED = ("kirkegaard-thomsen-2024", "moen-2023", "topor-2021", "vivolo-2024")
"""Studies whose facts are checked against their papers below; the corpus may hold more."""


def test_named_studies_are_present_and_every_study_has_its_own_reference(corpus: Corpus) -> None:
    ids = [s.id for s in corpus.studies]
    assert set(SHIPPED) <= set(ids)
    assert ids == sorted(set(ids)), "studies load in id order, each once"
    citations = [s.citation for s in corpus.studies]
    assert len(set(citations)) == len(citations)
    assert set(citations) == set(corpus.bibliography.entries), "strict: no study without, no entry without a study"
    assert study(corpus, "moen-2023").citation == "Moen2023"


def test_sample_totals_match_the_papers(corpus: Corpus) -> None:
    kt = study(corpus, "kirkegaard-thomsen-2024")
    assert kt.sample.total == 48
    assert kt.sample.groups[0].gender.women == 43 and kt.sample.groups[0].gender.men == 5
    topor = study(corpus, "topor-2021")
    assert topor.sample.total == 55
    assert sorted((g.perspective, g.n) for g in topor.sample.groups) == [("service users", 40), ("staff", 15)]
    moen = study(corpus, "moen-2023")
    assert moen.sample.total == 18
    assert [g.n for g in moen.sample.groups] == [6, 6, 6]
    assert study(corpus, "vivolo-2024").sample.total == 10


def test_countries(corpus: Corpus) -> None:
    assert {s: study(corpus, s).setting.countries for s in SHIPPED} == {
        "kirkegaard-thomsen-2024": ["DK"],
        "moen-2023": ["NO"],
        "topor-2021": ["SE"],
        "vivolo-2024": ["GB"],
    }


def test_theme_structure_as_the_papers_name_it(corpus: Corpus) -> None:
    kt = study(corpus, "kirkegaard-thomsen-2024")
    groups = [t.group for t in kt.themes]
    assert [groups.count(g) for g in dict.fromkeys(groups)] == [12, 6, 8, 2]
    topor = study(corpus, "topor-2021")
    assert [t.label for t in topor.themes] == [
        "My Own Decision, but with the Help of Others",
        "The Need for Structures and Going Beyond Them",
        "Small Trivial Things of Great Importance",
    ]
    moen = study(corpus, "moen-2023")
    assert sum(t.level == "theme" for t in moen.themes) == 5  # 3 main themes + 2 triangulation themes
    assert sum(t.level == "subtheme" for t in moen.themes) == 6
    vivolo = study(corpus, "vivolo-2024")
    assert sum(t.level == "theme" for t in vivolo.themes) == 3
    assert all(not t.quotes for t in vivolo.themes), "003's copy has no quotes: none may be recorded"


def test_moen_social_worker_inconsistency_is_recorded_not_fixed(corpus: Corpus) -> None:
    social_workers = next(g for g in study(corpus, "moen-2023").sample.groups if "social" in g.role)
    assert social_workers.n == 6
    assert (social_workers.gender.women, social_workers.gender.men) == (4, 1)
    assert "four women and one man" in (study(corpus, "moen-2023").sample.notes or "")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the papers are in ../shared/seeds beside the repository")
def test_every_quote_and_theme_label_is_verbatim_in_its_paper(corpus: Corpus) -> None:
    papers = {
        "kirkegaard-thomsen-2024": "000_*.txt",
        "topor-2021": "001_*.txt",
        "moen-2023": "002_*.txt",
        "vivolo-2024": "003_*.txt",
    }
    for study_id, pattern in papers.items():
        paper = _normalise(next(SEEDS.glob(pattern)).read_text(encoding="utf-8"))
        for theme in study(corpus, study_id).themes:
            assert _normalise(theme.label).lower() in paper.lower(), (study_id, theme.label)
            for quote in theme.quotes:
                assert _normalise(quote.text) in paper, (study_id, theme.id, quote.text)


def test_every_synthesized_theme_has_cerqual_and_support(corpus: Corpus) -> None:
    assert {"personal-recovery", "staff-wellbeing"} <= {d.id for d in corpus.themes.domains}
    by_id = {t.id: t for t in corpus.themes.themes}
    assert by_id["pressures-and-pessimism-wear-staff-down"].domain == "staff-wellbeing"
    assert by_id["own-decision-with-help"].domain == "personal-recovery"
    supporting = {
        link.theme
        for s in corpus.studies
        for t in s.themes
        for link in t.synthesis
        if link.relation in ("supports", "extends")
    }
    assert supporting == set(by_id), "every synthesized theme rests on at least one supporting study theme"


def test_export_json_is_the_whole_normalised_corpus(tmp_path: Path) -> None:
    out = tmp_path / "corpus.json"
    result = CliRunner().invoke(main, ["export", "--format", "json", "--root", str(REPO), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    corpus, _ = validate_corpus(REPO)
    assert corpus is not None
    assert [s["id"] for s in data["studies"]] == [s.id for s in corpus.studies]
    assert set(data["references"]) == set(corpus.bibliography.entries)
    assert data["synthesis"]["version"] == corpus.meta.version
    exported = {s["id"]: s for s in data["studies"]}
    assert {s: exported[s]["sample"]["total"] for s in SHIPPED} == {
        "kirkegaard-thomsen-2024": 48,
        "moen-2023": 18,
        "topor-2021": 55,
        "vivolo-2024": 10,
    }
    assert exported["topor-2021"]["setting"]["countries"] == ["SE"]
    assert data["references"]["Moen2023"]["fields"]["doi"] == "10.18261/njwel.2.1.2"


def test_export_of_invalid_data_writes_nothing(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(REPO / "synthesis", tmp_path / "synthesis")
    shutil.copytree(REPO / "bibliography", tmp_path / "bibliography")
    (tmp_path / "synthesis/studies/moen-2023.yaml").write_text("id: [\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["export", "--format", "json", "--root", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 1
    assert "moen-2023.yaml:2:1" in result.stderr
    assert not out.exists()
