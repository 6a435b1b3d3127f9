"""Values of one synthesized theme that the preview keeps between saves, under what they are made from.

A theme's consistency-rule findings are made from its entry in themes.yaml, its signals and corpus-wide facts the
caller names in the key; its signals are made from what the confidence stage reads of each linked study
(`load.themefacing`). So, in the preview (`load.memo`), a value kept under the theme's key and each linked study's
theme-facing digest is the value a fresh build makes, and a save recomputes it only for the themes it can reach.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from synthsite.confidence.signals import Signals
from synthsite.load import Corpus
from synthsite.load.themefacing import theme_facing
from synthsite.model import Study

T = TypeVar("T")


def facing_digests(corpus: Corpus) -> Callable[[Study], str]:
    """`theme_facing` of a study of `corpus`, worked out once per study however many themes it links to (a
    thousand studies have about 20,000 links)."""
    found: dict[str, str] = {}

    def facing(study: Study) -> str:
        digest = found.get(study.id)
        if digest is None:
            digest = found[study.id] = theme_facing(corpus, study)
        return digest

    return facing


def kept_for_theme(
    corpus: Corpus,
    theme_key: tuple[Hashable, ...],
    signals: Signals,
    make: Callable[[], Sequence[T]],
    facing: Callable[[Study], str] | None = None,
) -> list[T]:
    """`make()`, or in the preview the value kept under `theme_key` and the linked studies' theme-facing digests
    (`facing`: `facing_digests(corpus)`, shared by the calls for one corpus); each caller gets its own list."""
    memo = corpus.memo
    if memo is None:
        return list(make())
    digest_of = facing or facing_digests(corpus)
    studies = {link.study.id: link.study for link in signals.links}
    key = (*theme_key, tuple((study_id, digest_of(studies[study_id])) for study_id in sorted(studies)))
    return list(memo.get(key, lambda: tuple(make())))
