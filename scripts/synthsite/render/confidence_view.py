"""What a theme page shows beside its CERQual judgement: signals, staleness, rules, leave-one-out, the
disconfirming register and links not yet agreed by two reviewers. Builds template context only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from markupsafe import Markup

from synthsite import urls
from synthsite.confidence import ConfidenceIndex, casp_label
from synthsite.confidence.agreement import agreed_by_two, describe
from synthsite.confidence.register import why_listed
from synthsite.confidence.rules import RULES
from synthsite.confidence.signals import CaspConcern, Figures, LinkedTheme, participants_text
from synthsite.countries import country_name
from synthsite.model import CASP_QUESTIONS, AlternativeReading
from synthsite.render.env import esc_str
from synthsite.render.rendering import Rendering
from synthsite.render.study_themes import relation_badge
from synthsite.render.tableview import ROWS_SUFFIX, rows_file
from synthsite.scale import PAGE_ROWS, is_large

METHODS = "methods/"
DISCONFIRMING = "findings/disconfirming/"


@dataclass(frozen=True)
class Linker:
    """Links and names from one page."""

    r: Rendering
    here: str
    made: dict[str, Markup] = field(default_factory=dict, compare=False, repr=False)
    """Each study's link, made once: a theme page names the same study in several sections (`Rendering.study_links`
    shares one dict between the pages side by side)."""
    files: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """The rows files of this page's long lists (`defer`), which the page returns with its Markdown."""

    def a(self, target: str, text: str) -> Markup:
        return self.r.link(target, self.here, text)

    def study(self, study_id: str) -> Markup:
        made = self.made.get(study_id)
        if made is None:
            view = self.r.index.by_id.get(study_id)
            made = self.made[study_id] = self.a(urls.study(study_id), view.ref.in_text if view else study_id)
        return made

    def studies(self, ids: tuple[str, ...]) -> Markup:
        return Markup("; ").join(self.study(s) for s in ids) if ids else Markup("none")

    def long_studies(self, ids: tuple[str, ...], list_id: str) -> dict[str, object]:
        """A list of study links that may run to thousands: the first `PAGE_ROWS` in the page, the rest in a rows
        file that synthsite-rows.js appends (each item with its "; " separator), as long tables do."""
        if len(ids) <= PAGE_ROWS:
            return {"shown": self.studies(ids), "src": None}
        rest = [f"; {self.study(s)}" for s in ids[PAGE_ROWS:]]
        return {
            "id": list_id,
            "shown": self.studies(ids[:PAGE_ROWS]),
            "src": self.defer(list_id, rest),
            "count": PAGE_ROWS,
            "total": len(ids),
        }

    def study_theme(self, item: LinkedTheme) -> Markup:
        return self.a(urls.study_theme(item.study.id, item.theme.id), item.theme.label)

    def theme(self, theme_id: str) -> Markup:
        return self.a(urls.theme(theme_id), self.r.index.theme_labels.get(theme_id, theme_id))

    def defer(self, list_id: str, items: Sequence[str]) -> str:
        """A long list's items past the first page as a rows file beside the page; its page-relative URL."""
        path, text = rows_file(f"{self.here}{list_id}{ROWS_SUFFIX}", list(items))
        self.files[path] = text
        return urls.relative(path, self.here)


def _relations(figures: Figures) -> str:
    return f"{figures.supports} supports, {figures.extends} extends, {figures.contradicts} contradicts"


def _perspectives(figures: Figures) -> str:
    return ", ".join(figures.perspectives) or "none"


def _by_perspective(figures: Figures) -> str:
    total = participants_text(figures)
    if not figures.by_perspective:
        return total
    at_most = "" if figures.participants_min == figures.participants else "at most "
    return f"{total} ({at_most}{'; '.join(f'{p} {n}' for p, n in figures.by_perspective)})"


def _countries(figures: Figures) -> str:
    return ", ".join(country_name(code) for code in figures.countries) or "none"


def _casp_summary(concerns: tuple[CaspConcern, ...]) -> list[str]:
    """For a finding with many studies: per CASP question, how many contributors answer no and can't tell (the
    reasons stay on the study pages)."""
    counts: dict[str, list[tuple[str, int]]] = {}
    for (item, answer), n in sorted(Counter(map(_ITEM_ANSWER, concerns)).items()):  # counted in one C pass
        counts.setdefault(item, []).append((answer, n))
    return [
        f"{casp_label(item)}: " + ", ".join(f"{n} {answer}" for answer, n in found)
        for item, found in sorted(counts.items(), key=lambda kv: list(CASP_QUESTIONS).index(kv[0]))
    ]


_ITEM_ANSWER = attrgetter("item", "answer")


def register_entry(row: dict[str, Any]) -> Markup:
    """One entry of a theme page's disconfirming evidence register, as its <li> (a row of `confidence_context`'s
    register). Built in Python rather than with a template macro: at 1,000 studies the 40 theme pages list 6,652
    entries, and the macro's calls, each through Jinja's lookups, finalize and escaping, cost more than the text
    they make. The escaping is the templates': every value through `esc_str`; only the links our code built pass
    as they are."""
    readings: Sequence[AlternativeReading] = row["readings"]
    relation: str = row["relation"]
    flags = "".join(
        f' <span class="synthsite-flag">{esc_str(reason)}</span>' for reason in row["because"] if reason != relation
    )
    rationale = f": {esc_str(row['rationale'])}" if row["rationale"] else ""
    passage = f'<br><span class="synthsite-passage">Passage: {esc_str(row["passage"])}</span>' if row["passage"] else ""
    contested = ""
    if readings:
        contested = (
            '<ul class="synthsite-readings">\n'
            + "".join(
                f"<li>Contested: <strong>{esc_str(r.relation)}</strong> ({esc_str(r.source)}): {esc_str(r.rationale)}"
                f'<br><span class="synthsite-passage">Passage: {esc_str(r.passage)}</span></li>\n'
                for r in readings
            )
            + "</ul>\n"
        )
    return Markup(
        f'<li class="synthsite-register-entry{" synthsite-register-entry--contested" if readings else ""}">'
        f"{relation_badge(relation)} {esc_str(row['theme'])}, {esc_str(row['study'])}{flags}{rationale}{passage}"
        f"{contested}</li>\n"
    )


def confidence_context(r: Rendering, theme_id: str, here: str) -> tuple[dict[str, object], dict[str, str]]:
    """Template context for the confidence sections of one theme page, and the rows files of its long lists."""
    index = r.index
    conf: ConfidenceIndex | None = index.confidence
    assert conf is not None
    lk = Linker(r, here, r.study_links(here))
    found = conf.signals[theme_id]
    figures = found.figures
    theme = index.evidence[theme_id].theme
    state = conf.staleness[theme_id]
    leave_one_out = [
        {
            "without": lk.study(left.study),
            "studies": len(left.remaining.studies),
            "participants": participants_text(left.remaining),
            "perspectives": _perspectives(left.remaining),
            "relations": _relations(left.remaining),
            "countries": _countries(left.remaining),
            "nothing": not left.remaining.studies,
        }
        for left in found.leave_one_out
    ]
    register = [
        {
            "study": lk.study(item.study.id),
            "theme": lk.study_theme(item),
            "relation": item.relation,
            "because": reasons,
            "rationale": item.rationale,
            "passage": item.passage,
            "readings": item.contested,
        }
        for item in found.links
        if (reasons := why_listed(item))
    ]
    register.sort(key=lambda row: row["relation"] != "contradicts")
    register_total = len(register)
    register_src = None
    entries = list(map(register_entry, register))
    if register_total > PAGE_ROWS:  # a light page: the first entries, the rest fetched as data (synthsite-rows.js)
        register_src = lk.defer("disconfirming-register", entries[PAGE_ROWS:])
        entries = entries[:PAGE_ROWS]
    unagreed_links = [item for item in found.links if not agreed_by_two(item.review)]
    large = is_large(len(figures.studies))
    # a large synthesis has hundreds of such links: counted here, listed in data/crosswalk.csv (not linked)
    unagreed = (
        []
        if large
        else [
            {
                "study": lk.study(item.study.id),
                "theme": lk.study_theme(item),
                "relation": item.relation,
                "review": describe(item.review),
            }
            for item in unagreed_links
        ]
    )
    unagreed_count = len(unagreed_links)
    context: dict[str, object] = {
        "sig": figures,
        "flags": conf.flags(theme_id),
        "staleness": state,
        "staleness_sentence": state.sentence(r.study_names()),
        "contributing": lk.long_studies(figures.studies, "contributing-studies"),
        "contradicting_studies": lk.long_studies(figures.contradicting_studies, "contradicting-studies"),
        "participants": _by_perspective(figures),
        "perspectives": _perspectives(figures),
        "countries": _countries(figures),
        "casp": []
        if large
        else [
            {
                "study": lk.study(c.study),
                "question": f"{casp_label(c.item)}: {CASP_QUESTIONS[c.item].partition('. ')[2]}",
                "answer": c.answer,
                "reason": c.reason,
            }
            for c in found.casp_concerns
        ],
        "casp_summary": _casp_summary(found.casp_concerns) if large else [],
        "ceiling": conf.ceilings[theme_id],
        "judged": theme.cerqual.confidence,
        "rules": [
            {"rule": RULES[f.rule], "message": f.message, "justification": f.justification}
            for f in conf.findings[theme_id]
        ],
        "unused_acks": [
            ack for ack in theme.cerqual.acknowledged if ack.rule not in {f.rule for f in conf.findings[theme_id]}
        ],
        "leave_one_out": leave_one_out,
        "loo_summarised": bool(figures.studies) and not found.leave_one_out,
        "register": entries,
        "register_total": register_total,
        "register_src": register_src,
        "unagreed": unagreed,
        "unagreed_count": unagreed_count,
        "crosswalk_csv": lk.a("data/crosswalk.csv", "data/crosswalk.csv"),
        "links_total": len(found.links),
        "methods_link": lk.a(METHODS, "methods"),
        "disconfirming_link": lk.a(DISCONFIRMING, "all disconfirming evidence"),
    }
    return context, lk.files
