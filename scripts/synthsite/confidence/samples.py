"""What the consistency rules read of a study's sample, worked out once per study for a whole corpus.

A study backs many findings (a thousand studies make about 19,000 contributions), and the sample sizes an
explanation may quote and the groups it may name depend on the study alone: `all_findings` reads each study's
`SampleFacts` once (`samples_once`) and every finding unions or joins them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from synthsite.confidence.signals import SUPPORTING, Signals
from synthsite.model import SampleGroup, Study


@dataclass(frozen=True)
class SampleFacts:
    """What the rules read of one study's sample. A study backs many findings (a thousand studies have about
    19,000 contributions), and these depend on the study alone, so they are worked out once per study."""

    sizes: frozenset[int]
    """Sample sizes an explanation may quote for the study: its total, the sum of its groups (which may differ
    from the total, with a note) and each group's n."""
    first_groups: tuple[SampleGroup, ...]
    """The study's first group of each role, in the sample's order."""


SamplesOf = Callable[[Study], SampleFacts]
"""How the rules get a study's `SampleFacts`: `sample_facts`, or `samples_once` for a whole corpus."""


def sample_facts(study: Study) -> SampleFacts:
    """A study's `SampleFacts`, from its record alone."""
    groups = study.sample.groups
    sizes = {group.n for group in groups}
    sizes.add(sum(group.n for group in groups))
    if isinstance(study.sample.total, int):
        sizes.add(study.sample.total)
    first: dict[str, SampleGroup] = {}
    for group in groups:
        first.setdefault(group.role, group)
    return SampleFacts(frozenset(sizes), tuple(first.values()))


def samples_once() -> SamplesOf:
    """`sample_facts` of each study worked out once, by study id (one corpus: one record per id)."""
    found: dict[str, SampleFacts] = {}

    def samples(study: Study) -> SampleFacts:
        facts = found.get(study.id)
        if facts is None:
            facts = found[study.id] = sample_facts(study)
        return facts

    return samples


def study_sizes(signals: Signals, samples: SamplesOf = sample_facts) -> set[int]:
    """Sample sizes an explanation may quote for one contributing study (`SampleFacts.sizes`), of every
    contributing study."""
    sizes: set[int] = set()
    done: set[str] = set()
    for link in signals.links:
        if link.relation in SUPPORTING and link.study.id not in done:
            done.add(link.study.id)
            sizes |= samples(link.study).sizes
    return sizes
