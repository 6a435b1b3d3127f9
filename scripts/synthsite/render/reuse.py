"""Study pages kept between the rebuilds of one preview (`mkdocs serve`), by a digest of what they are made from.

After a one-study edit every other study page comes out the same, and study pages are the largest part of the
generation (about a thousand pages at 1,000 studies). A study page is made from: the study's own file (all of the
record, its themes, quotes and crosswalk links), its formatted reference (whose year label, e.g. "2004b", depends
on the other entries, hence the formatted text rather than the entry), the entry's citation meta tags, the file's
path (the edit link), and what all pages share: the synthesis metadata, the synthesized themes' labels, whether the
synthesis counts as large, and the build date. The digest covers exactly these; `tests/test_preview_reuse.py`
checks that a reused page equals a fresh one after each kind of edit. Builds other than the preview never reuse.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from synthsite import cite
from synthsite.index import StudyView, SynthesisIndex
from synthsite.render.tableview import DEFERRED
from synthsite.scale import is_large

MemoEntry = tuple[tuple[object, ...], tuple[object, Any]]


@dataclass
class _Kept:
    digest: str
    markdown: str
    deferred: tuple[MemoEntry, ...]
    """The page's long tables' rows files (`tableview.defer_rows`), handed on again when the page is reused."""


@dataclass
class StudyPageCache:
    """Study id -> the page made last time and the digest of its inputs (one per preview process)."""

    kept: dict[str, _Kept] = field(default_factory=dict)
    reused: int = 0
    """Pages reused by the last render (for the preview's log and the tests)."""
    _shared: tuple[int, str] | None = None

    def start(self, index: SynthesisIndex) -> None:
        """Begin a render: forget the studies that are gone, and digest what every page shares."""
        self.reused = 0
        present = {view.id for view in index.studies}
        for study_id in [study_id for study_id in self.kept if study_id not in present]:
            del self.kept[study_id]
        shared = json.dumps(
            [
                index.meta.model_dump(mode="json"),
                index.theme_labels,
                is_large(len(index.studies)),
                index.build_date,
            ],
            sort_keys=True,
            default=str,
        )
        self._shared = (id(index), hashlib.sha256(shared.encode("utf-8")).hexdigest())

    def page(self, index: SynthesisIndex, view: StudyView, make: Callable[[], str]) -> str:
        """The study's page: the kept one if its inputs are unchanged, else `make()` (and keep it)."""
        if self._shared is None or self._shared[0] != id(index):
            self.start(index)
        digest = self._digest(index, view)
        if digest is None:  # not made from a file (a corpus built in memory): nothing to compare, so make it
            return make()
        kept = self.kept.get(view.id)
        if kept is not None and kept.digest == digest:
            index.memo.update(kept.deferred)
            self.reused += 1
            return kept.markdown
        before = set(index.memo)
        markdown = make()
        deferred = tuple((key, value) for key, value in index.memo.items() if key not in before and key[0] == DEFERRED)
        self.kept[view.id] = _Kept(digest, markdown, deferred)
        return markdown

    def _digest(self, index: SynthesisIndex, view: StudyView) -> str | None:
        assert self._shared is not None
        corpus = index.corpus
        paths = corpus.study_files.get(view.id, ())
        source = corpus.sources.get(paths[0]) if paths else None
        if source is None:
            return None
        entry = corpus.bibliography.entries[view.study.citation]
        digest = hashlib.sha256(self._shared[1].encode("ascii"))
        digest.update(source.text.encode("utf-8"))
        digest.update(repr((view.id, paths, view.ref, cite.highwire_tags(view.ref, entry))).encode("utf-8"))
        return digest.hexdigest()
