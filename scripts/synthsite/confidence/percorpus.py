"""Values of one corpus that the check and the index both need: computed once, kept while that corpus lives.

`synthsite validate` and a build check the corpus (the consistency rules as warnings) and then index it (the
same rules on the theme pages); at 1,000 studies each pass over the evidence costs a few tenths of a second.
Only the last corpus is kept, by a weak reference, so nothing outlives the build that made it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from synthsite.load import Corpus

T = TypeVar("T")


def kept_for_last_corpus(copy: Callable[[T], T]) -> Callable[[Callable[[Corpus], T]], Callable[[Corpus], T]]:
    """Decorate a pure function of a corpus so that a second call with the same corpus returns the kept value;
    `copy` gives each caller its own container (the kept one is never handed out to be changed)."""

    def decorate(compute: Callable[[Corpus], T]) -> Callable[[Corpus], T]:
        last: list[tuple[weakref.ref[Corpus], T]] = []

        @wraps(compute)
        def kept(corpus: Corpus) -> T:
            if last and last[0][0]() is corpus:
                return copy(last[0][1])
            value = compute(corpus)
            last[:] = [(weakref.ref(corpus), value)]
            return copy(value)

        return kept

    return decorate
