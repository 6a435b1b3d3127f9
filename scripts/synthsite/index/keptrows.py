"""Each study's share of the index, kept between the preview's saves under a key that holds every input it reads.

A save in the preview (`mkdocs serve`) changes one study; the index's per-study work (the study's view, its rows of
the corpus-wide tables, its rows of a large theme's evidence) came out the same for the 999 others, yet was done
again on every save. `RowKeeper` keeps each such share in the preview's `load.memo`, under the study file's path
and text digest (the validated record is a function of both) plus `inputs`: everything else the share reads. Builds
without a memo (`synthsite build`, `mkdocs build`, the benchmark's pipeline) make every share afresh.

What each share reads, besides its study's record (the audit the keys rest on; module constants such as column
names, `MULTI`, CASP questions and country names are code, not input):

- the study's view (`build._study_view`: links, theme groups, perspectives, participants and CASP tables): the
  record and its `CitedAs` (in-text, narrative and year labels, which depend on the other bibliography entries,
  hence the formatted labels rather than the entry);
- a row of studies, samples, methods, appraisal: the record and `CitedAs` (study cell, year);
- a row of limitations: the record, `CitedAs` and the limitation categories in use (across studies: the columns);
- a row of the large crosswalk (`crosswalk_by_study_table`): the study's own crosswalk cells (made from its record
  only), `CitedAs`, and the synthesized theme ids in table order (themes.yaml: the columns);
- the rows of the links download: the record (its themes and links) and `CitedAs`;
- a study's rows of a large theme's evidence table: its links to that theme (from its record), the theme id,
  `CitedAs`. They sit on one shelf per study (`RowKeeper.shelf`, keyed by `CitedAs`), one entry per theme id.

Anything read across studies (the crosswalk's cells and support, evidence grouping, headline, the findings and
confidence tables, the register) is computed whole on every save. `tests/test_preview_reuse.py` edits fields each
row shows and compares the preview with a fresh build byte for byte, and counts the shares a save remakes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from synthsite.load.corpus import Corpus

T = TypeVar("T")

KIND = "index-share"
"""The first element of every key kept here (`LoadMemo.missed[KIND]` counts the shares a load remade)."""
SHELF_KIND = "index-shelf"
"""The first element of the key of a study's shelf (`RowKeeper.shelf`)."""


@dataclass(frozen=True)
class RowKeeper:
    """Hands out a study's share of the index: the kept one in the preview, else a fresh one."""

    corpus: Corpus | None = None
    _held: dict[Hashable, dict[Hashable, Any]] = field(default_factory=dict, compare=False, repr=False)
    """The shelves this build has fetched (`shelf`), so each is looked up in the memo once per build."""

    def get(self, part: str, study_id: str, inputs: Hashable, make: Callable[[], T]) -> T:
        """The share `part` of the study (e.g. "studies" for its row of that table); `inputs` must hold every
        value `make` reads that is not in the study's record (see the module's audit)."""
        return self._kept(KIND, part, study_id, inputs, make)

    def shelf(self, part: str, study_id: str, inputs: Hashable) -> dict[Hashable, Any]:
        """The study's shelf of `part`: a dict of its shares, one per key the caller picks (e.g. a theme id), so a
        share used once per (theme, study) costs one memo lookup per study, not per pair. The shelf is kept under
        the study's record and `inputs`; an entry's key must hold whatever else the entry reads. Without a memo,
        an empty dict on every call (every share made afresh)."""
        corpus = self.corpus
        if corpus is None or corpus.memo is None:
            return {}
        held = self._held.get((part, study_id, inputs))
        if held is None:
            held = self._held[(part, study_id, inputs)] = self._kept(SHELF_KIND, part, study_id, inputs, dict)
        return held

    def _kept(self, kind: str, part: str, study_id: str, inputs: Hashable, make: Callable[[], T]) -> T:
        corpus = self.corpus
        if corpus is None or corpus.memo is None:
            return make()
        record = corpus.study_digest(study_id)
        if record is None:
            return make()
        path = corpus.study_files[study_id][0]
        return corpus.memo.get((kind, part, path, record, inputs), make)


FRESH = RowKeeper()
"""Every share made afresh (builds other than the preview, and tables built outside an index)."""
