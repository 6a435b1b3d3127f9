"""What the theme-level outputs read of a study: the theme pages, and the consistency rules on them.

A study's aim, research questions, limitations, notes and review log are shown on its own page and in the
corpus-wide downloads only; no theme page shows them and no signal or rule derives anything from them (the evidence
tables, signals and rules read the study's id, citation, setting, sample, method, themes and appraisal). So what a
theme-level output is made from, of one study, is its record without those fields: the preview keys its kept theme
pages (`render.reuse`) and rule findings (`confidence.rules`) by this digest, and a save of a study's aim leaves
them alone. `tests/test_preview_reuse.py` edits each of these fields and compares the preview with a fresh build, so
a theme page or rule that starts reading one turns it red.
"""

from __future__ import annotations

import json

from synthsite.load.corpus import Corpus
from synthsite.load.parsecache import digest
from synthsite.model import Study

THEME_BLIND = frozenset({"aim", "research_questions", "limitations", "notes", "review_log"})
"""Study fields no theme-level output shows or derives anything from."""


def theme_facing(corpus: Corpus, study: Study) -> str:
    """A digest of the study's record without `THEME_BLIND`; in the preview, kept under the record's digest
    (`load.memo`), so a save works it out for the saved study only."""

    def make() -> str:
        seen = study.model_dump(mode="json", exclude=set(THEME_BLIND))
        return digest(json.dumps(seen, sort_keys=True, ensure_ascii=False))

    record = corpus.study_digest(study.id)  # None without a memo: digests are recorded only with one
    if corpus.memo is None or record is None:
        return make()
    return corpus.memo.get(("theme-facing", record), make)
