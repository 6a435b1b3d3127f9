"""The consistency rules read each study's sample once per corpus (`confidence.samples`), not once per finding it
backs, and find exactly what reading it for every finding finds."""

from __future__ import annotations

import pytest

from synthsite.confidence import rules, samples
from synthsite.confidence.signals import all_signals
from synthsite.load import Corpus, load
from synthsite.model import Study
from synthsite_dev.synthetic import write_corpus

pytestmark = pytest.mark.xdist_group("rules-per-study")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = write_corpus(tmp_path_factory.mktemp("rules") / "project", 60, themes=6)
    loaded = load(root).corpus
    assert loaded is not None
    return loaded


def test_each_study_sample_is_read_once_for_all_findings(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    plain = samples.sample_facts

    def counted(study: Study) -> samples.SampleFacts:
        read.append(study.id)
        return plain(study)

    monkeypatch.setattr(samples, "sample_facts", counted)
    signals = all_signals(corpus)
    rules.all_findings.__wrapped__(corpus)  # the undecorated pass: never the findings kept for this corpus
    linked = {link.study.id for found in signals.values() for link in found.links}
    backed = sum(len({link.study.id for link in found.links}) for found in signals.values())
    assert backed > len(linked)  # studies back several findings: reading per finding would read them again
    assert sorted(read) == sorted(linked)


def test_findings_with_samples_read_once_equal_findings_read_per_finding(corpus: Corpus) -> None:
    signals = all_signals(corpus)
    by_year = rules.citables(corpus)
    once = samples.samples_once()
    for theme in corpus.themes.themes:
        found = signals[theme.id]
        casp_no = [(concern.study, concern.item) for concern in found.casp_no]
        assert rules.theme_findings(theme, found, casp_no, by_year, once) == rules.theme_findings(
            theme, found, casp_no, by_year
        )
        heard, apart = rules.voices(found, once), rules.voices(found)
        assert (heard.perspectives, heard.groups, heard.roles) == (apart.perspectives, apart.groups, apart.roles)
        assert heard.backing == apart.backing
        assert samples.study_sizes(found, once) == samples.study_sizes(found)
