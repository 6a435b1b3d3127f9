"""A study's part of a theme's evidence from a single link (two parts in three) is made without the merging
(`signals._one_link_part`), and must be exactly the merged part of that one link, whatever the link: every
relation, contested or not (by a supporting or a contradicting reading), complicating or not, a theme that names
a group's role, one whose perspective is `mixed` or matches no group, a study with no groups."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from frozen import FROZEN
from synthsite.confidence import signals
from synthsite.load import load
from synthsite.model import AlternativeReading, Study, StudyTheme
from synthsite_dev.synthetic import write_corpus

pytestmark = pytest.mark.xdist_group("signal-parts")

READINGS = tuple(
    (AlternativeReading(relation=relation, rationale="r", passage="p", source="re-reading"),)
    for relation in ("contradicts", "supports", "no link")
)


def _themes(study: Study, theme: StudyTheme) -> list[StudyTheme]:
    roles = [group.role for group in study.sample.groups if group.role]
    named = [theme.model_copy(update={"group": f"What {roles[0]} said (Table 2)"})] if roles else []
    return [
        theme,
        *named,
        theme.model_copy(update={"perspective": "mixed"}),
        theme.model_copy(update={"group": "Findings", "perspective": "carers"}),
    ]


def _studies(study: Study) -> list[Study]:
    return [study, study.model_copy(update={"sample": study.sample.model_copy(update={"groups": []})})]


@pytest.mark.parametrize("source", ["frozen", "synthetic"])
def test_a_one_link_part_is_the_merged_part_of_that_link(source: str, tmp_path: Path) -> None:
    root = FROZEN if source == "frozen" else write_corpus(tmp_path / "project", 30, themes=4)
    corpus = load(root).corpus
    assert corpus is not None
    links = [link for found in signals.linked_themes(corpus).values() for link in found][:120]
    compared = 0
    for link in links:
        for study in _studies(link.study):
            for theme in _themes(study, link.theme):
                for relation in ("supports", "extends", "contradicts"):
                    for contested in ((), *READINGS):
                        for complicates in (False, True):
                            one = replace(
                                link,
                                study=study,
                                theme=theme,
                                relation=relation,
                                contested=contested,
                                complicates=complicates,
                            )
                            assert vars(signals._one_link_part(one)) == vars(signals._merged_part([one])), one
                            compared += 1
    assert compared > 1000


@pytest.mark.parametrize(
    ("label", "perspective", "roles"),
    [
        ("What THERAPISTS said (Table 2)", "staff", ["therapists"]),
        ("Therapists and social workers", "service users", ["therapists", "social workers"]),
        ("Psychotherapists' view", "staff", ["therapists", "social workers"]),  # a role inside a word names none
        ("Findings", "service users", ["jobseekers"]),
        ("Findings", "staff", ["therapists", "social workers"]),
        ("Findings", "mixed", None),
        ("Findings", "carers", None),
    ],
)
def test_a_theme_speaks_for_the_groups_its_label_names_else_those_of_its_perspective(
    label: str, perspective: str, roles: list[str] | None
) -> None:
    corpus = load(FROZEN).corpus
    assert corpus is not None
    study = next(study for study in corpus.studies if study.id == "moen-2023")
    theme = study.themes[0].model_copy(update={"group": label, "perspective": perspective})
    found = signals.groups_of(study, theme)
    assert (None if found is None else [group.role for group in found]) == roles
