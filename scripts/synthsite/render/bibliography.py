"""The bibliography as pages show it: every entry formatted by `cite` (APA and Vancouver text and HTML, Highwire
tags), once per index.

The index names studies only by their citation labels (`index.CitedAs`) and knows no citation style; the full
`cite.Reference` of an entry is render's. `pipeline.generate` formats the bibliography once and hands the
references to both (`render_index(index, references)`); otherwise they are formatted on first use.
"""

from __future__ import annotations

from collections.abc import Mapping

from synthsite import cite
from synthsite.index import StudyView, SynthesisIndex

REFERENCES = ("references",)
"""`index.memo` key of the formatted references."""


def keep_references(index: SynthesisIndex, references: Mapping[str, cite.Reference]) -> None:
    """Use references already formatted from this index's bibliography (by citation key, in its order)."""
    index.memo[REFERENCES] = (index.corpus.bibliography, dict(references))


def references_of(index: SynthesisIndex) -> dict[str, cite.Reference]:
    """Every bibliography entry formatted, by citation key, in the bibliography's order."""
    if REFERENCES not in index.memo:
        keep_references(index, cite.references(index.corpus.bibliography))
    references: dict[str, cite.Reference] = index.memo[REFERENCES][1]
    return references


def reference_of(index: SynthesisIndex, view: StudyView) -> cite.Reference:
    """A study's formatted reference."""
    return references_of(index)[view.study.citation]
