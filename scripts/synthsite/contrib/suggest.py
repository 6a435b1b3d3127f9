"""`synthsite suggest`: rank the synthesized themes for each theme of a study, to help choose crosswalk links.

A plain TF-IDF ranking, offline and deterministic: each synthesized theme is a document (its label, finding and
description, plus the labels and descriptions of the study themes other studies link to it); each study theme
is a query (its label, other labels, description and quotes); the score is the cosine similarity. The words
that matched most are shown so the contributor can judge a suggestion, which is help, never a link.

Themes of a study theme's own domain are preferred in a close call: its domain is the one whose text (its label and description
and its themes' documents) best matches the theme's group in the paper (every study theme the paper groups
with it, e.g. "Findings: nurses"), so a staff theme about meaningful work is not outranked by a recovery theme
that shares a few more words. A study theme marked `unlinked` gets no suggestions: the team decided it bears
on no synthesized theme.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from synthsite.load.corpus import Corpus

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
STOPWORDS = frozenset(
    """a about after all also an and any are as at be because been being between both but by can could did do
    does each even for from had has have he her him his how i if in into is it its itself just may me more most
    my no not of on one only or other our out over own same she should so some such than that the their them
    then there these they this those through to too under up very was we were what when where which while who
    whom why will with within would you your""".split()
)
SUFFIXES = ("ations", "ation", "ings", "ing", "ness", "ments", "ment", "ities", "ity", "ies", "ed", "es", "s")


def stem(word: str) -> str:
    """A light suffix strip, so `supported`, `supporting` and `supports` meet (no dictionary, no download)."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    found = (w.lower().replace("’", "'") for w in WORD.findall(text))
    return [w for w in found if w not in STOPWORDS and len(w) > 2]


def terms(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


@dataclass(frozen=True)
class Suggestion:
    theme: str
    label: str
    score: float
    matched: tuple[str, ...]
    """The query's words that contributed most to the score, most first."""


@dataclass(frozen=True)
class ThemeText:
    """A study theme as the query sees it."""

    id: str
    label: str
    text: str
    linked: tuple[str, ...] = ()
    """The synthesized themes a human linked it to (empty for a new study)."""
    group_text: str = ""
    """The text of every theme the paper groups with this one (itself included), which places it in a domain."""
    unlinked: str | None = None
    """Why the team marked it as bearing on no synthesized theme (`unlinked.reason`), if it did."""


DOMAIN_PREFERENCE = 0.05
"""Added to the score of the themes in a study theme's own domain when ranking (the score shown stays the
similarity): enough to put a close call the domain's way, not enough to bury a clear match elsewhere."""


class Ranker:
    """TF-IDF vectors of the synthesized themes; `rank` scores a query against all of them."""

    def __init__(
        self, documents: Mapping[str, tuple[str, str]], domains: Mapping[str, tuple[str, tuple[str, ...]]] | None = None
    ) -> None:
        """`documents`: synthesized theme id -> (label, text); `domains`: domain id -> (its own text, its theme
        ids). Without domains every theme ranks in one list."""
        self.labels = {tid: label for tid, (label, _text) in documents.items()}
        counts = {tid: Counter(terms(text)) for tid, (_label, text) in documents.items()}
        total = len(counts)
        df: Counter[str] = Counter(term for c in counts.values() for term in c)
        self.idf = {term: math.log((1 + total) / (1 + n)) + 1 for term, n in df.items()}
        self.vectors = {tid: self._weigh(c) for tid, c in counts.items()}
        self.domain_of = {tid: domain for domain, (_text, tids) in (domains or {}).items() for tid in tids}
        self.domain_vectors = {
            domain: self._weigh(Counter(terms(" ".join([text, *(documents[t][1] for t in tids if t in documents)]))))
            for domain, (text, tids) in (domains or {}).items()
        }

    def domain(self, group_text: str) -> str | None:
        """The domain whose text best matches a study theme's group; None when no domain shares a word."""
        q = self._weigh(Counter(terms(group_text)))
        scored = [(sum(q[t] * v[t] for t in q.keys() & v.keys()), d) for d, v in self.domain_vectors.items()]
        best = min(scored, key=lambda pair: (-pair[0], pair[1]), default=None)
        return best[1] if best is not None and best[0] > 0 else None

    def _weigh(self, counts: Counter[str]) -> dict[str, float]:
        vector = {t: (1 + math.log(n)) * self.idf[t] for t, n in counts.items() if t in self.idf}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def rank(self, query: str, top: int = 3, group_text: str = "") -> list[Suggestion]:
        """The `top` synthesized themes for a study theme's text; those of its group's domain are preferred."""
        q = self._weigh(Counter(terms(query)))
        surface: dict[str, str] = {}
        for word in words(query):  # show the query's own word, not its stem
            surface.setdefault(stem(word), word)
        found = []
        for tid, vector in self.vectors.items():
            parts = {t: q[t] * vector[t] for t in q.keys() & vector.keys()}
            score = sum(parts.values())
            ordered = sorted(parts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            matched = tuple(surface.get(t, t) for t, _ in ordered)
            found.append(Suggestion(tid, self.labels[tid], round(score, 3), matched))
        own = self.domain(group_text or query)
        found.sort(
            key=lambda s: (-(s.score + (DOMAIN_PREFERENCE if self.domain_of.get(s.theme) == own else 0)), s.theme)
        )
        return found[:top]


def _theme_text(theme: Mapping[str, Any]) -> str:
    quotes = [q.get("text", "") for q in theme.get("quotes") or [] if isinstance(q, Mapping)]
    parts = [theme.get("label"), *(theme.get("alternative_labels") or []), theme.get("description"), *quotes]
    return " ".join(str(p) for p in parts if isinstance(p, str))


def study_themes(record: Mapping[str, Any]) -> list[ThemeText]:
    """The themes of a study record as parsed YAML: works on a half-filled file that does not validate yet."""
    themes = [t for t in record.get("themes") or [] if isinstance(t, Mapping) and isinstance(t.get("id"), str)]
    groups: dict[str, list[str]] = {}
    for theme in themes:
        groups.setdefault(str(theme.get("group") or ""), []).append(_theme_text(theme))
    found = []
    for theme in themes:
        linked = tuple(
            link["theme"] for link in theme.get("synthesis") or [] if isinstance(link, Mapping) and "theme" in link
        )
        group = str(theme.get("group") or "")
        group_text = " ".join([group, *groups[group]]) if group else _theme_text(theme)
        unlinked = theme.get("unlinked")
        reason = str(unlinked.get("reason") or "other") if isinstance(unlinked, Mapping) else None
        found.append(
            ThemeText(theme["id"], str(theme.get("label") or ""), _theme_text(theme), linked, group_text, reason)
        )
    return found


def ranker_for(corpus: Corpus, leave_out: str | None = None, with_study_themes: bool = True) -> Ranker:
    """The synthesized themes as documents; their linked study themes count too, except those of `leave_out`."""
    texts = {t.id: [t.label, t.label, t.finding, t.description] for t in corpus.themes.themes}
    if with_study_themes:
        for study in corpus.studies:
            if study.id == leave_out:
                continue
            for theme in study.themes:
                for link in theme.synthesis:
                    if link.theme in texts:
                        texts[link.theme] += [theme.label, theme.description]
    labels = {t.id: t.label for t in corpus.themes.themes}
    domains = {
        d.id: (f"{d.label} {d.description}", tuple(t.id for t in corpus.themes.themes if t.domain == d.id))
        for d in corpus.themes.domains
    }
    return Ranker({tid: (labels[tid], " ".join(parts)) for tid, parts in texts.items()}, domains)


@dataclass(frozen=True)
class Agreement:
    themes: int
    """Study themes a human linked to at least one synthesized theme."""
    top1: int
    top3: int

    def share(self, hits: int) -> str:
        return f"{hits}/{self.themes} ({100 * hits / self.themes:.0f}%)" if self.themes else "0/0"


def leave_one_study_out(corpus: Corpus, with_study_themes: bool = True) -> Agreement:
    """For each study: rank without its own themes in the documents; is a human link first, or in the top 3?"""
    themes = top1 = top3 = 0
    for study in corpus.studies:
        ranker = ranker_for(corpus, leave_out=study.id, with_study_themes=with_study_themes)
        for theme in study_themes(study.model_dump(mode="json")):
            if not theme.linked:
                continue
            ranked = [s.theme for s in ranker.rank(theme.text, top=3, group_text=theme.group_text)]
            themes += 1
            top1 += ranked[0] in theme.linked
            top3 += bool(set(ranked) & set(theme.linked))
    return Agreement(themes, top1, top3)


def suggestions_text(study_id: str, themes: Sequence[ThemeText], ranker: Ranker, top: int = 3) -> str:
    """What `synthsite suggest` prints: per study theme, the ranked synthesized themes with score and words."""
    lines = [
        f"Suggested synthesized themes for {study_id} (ranked by shared words; help for choosing links, never links):",
        "",
    ]
    for theme in themes:
        lines.append(f"{theme.id}: {one_line(theme.label)}")
        if theme.unlinked is not None:
            lines += [f"  marked unlinked ({one_line(theme.unlinked)}): no suggestions", ""]
            continue
        ranked = ranker.rank(theme.text, top=top, group_text=theme.group_text)
        if not any(s.score > 0 for s in ranked):
            lines.append("  no synthesized theme shares a word with this theme")
        for number, s in enumerate((s for s in ranked if s.score > 0), start=1):
            words = ", ".join(s.matched)
            lines.append(f"  {number}. {s.theme}  {s.score:.3f}  ({one_line(s.label)}; matched: {words})")
        if theme.linked:
            lines.append(f"  linked now: {', '.join(theme.linked)}")
        lines.append("")
    return "\n".join(lines)


def one_line(text: str, limit: int = 80) -> str:
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
