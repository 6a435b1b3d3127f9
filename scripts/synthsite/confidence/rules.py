"""Consistency rules: where a CERQual judgement and the evidence behind it disagree.

CERQual is judgement, so a rule never decides: it warns at the judgement's line in themes.yaml, naming the
rule, and the reviewers either revise the judgement or acknowledge the rule in `cerqual.acknowledged` with a
written justification (shown on the theme page). The rules and the downgrading rule are documented on the
methods page from the definitions here, so page and check cannot drift apart.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from pybtex.database import BibliographyData
from pybtex.richtext import Text as RichText

from synthsite.confidence.signals import Signals
from synthsite.load import Corpus
from synthsite.model import CASP_QUESTIONS, CONCERNS, CONFIDENCES, RULE_IDS, Cerqual, SynthesizedTheme

COMPONENTS: dict[str, str] = {
    "methodological_limitations": "methodological limitations",
    "coherence": "coherence",
    "adequacy": "adequacy",
    "relevance": "relevance",
}
DOWNGRADE: dict[str, int] = {
    "no or very minor concerns": 0,
    "minor concerns": 0,
    "moderate concerns": 1,
    "serious concerns": 2,
}
"""Levels of overall confidence each component's concern takes off `high` (the project's downgrading rule)."""

DOWNGRADING_RULE = (
    "Every finding starts at high confidence. Each component with moderate concerns lowers the ceiling by one "
    "level, each with serious concerns by two (no or very minor and minor concerns alone do not lower it); the "
    "ceiling never goes below very low. The overall confidence may be lower than the ceiling (reviewers may "
    "downgrade for several minor concerns together, as CERQual asks for an overall judgement), but not higher "
    "unless the rule “overall-above-components” is acknowledged with a justification."
)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    description: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "adequacy-single-study",
            "Adequacy better than minor concerns with a single contributing study",
            "Adequacy is judged “no or very minor concerns” while at most one study supports or extends the "
            "finding. One study rarely gives enough data to rule out concerns about adequacy.",
        ),
        Rule(
            "coherence-contradicted",
            "Coherent although contradicted",
            "Coherence is judged “no or very minor concerns” while a study theme is linked to the finding as "
            "“contradicts”. Disconfirming evidence lowers coherence unless the review explains it.",
        ),
        Rule(
            "limitations-casp-no",
            "No methodological concerns although a contributor fails a CASP question",
            "Methodological limitations are judged “no or very minor concerns” while a contributing study answers "
            "“no” to a CASP question.",
        ),
        Rule(
            "overall-above-components",
            "Overall confidence above what the components allow",
            "The overall confidence is higher than the ceiling the downgrading rule gives for the four components.",
        ),
        Rule(
            "explanation-unlinked-study",
            "Explanation names a study that is not linked",
            "A CERQual explanation cites a study (author and year) none of whose themes is linked to the finding: "
            "either the link is missing or the explanation rests on evidence the crosswalk does not show. Studies "
            "linked as “contradicts” count as linked, since coherence must discuss them.",
        ),
    )
}
assert tuple(RULES) == RULE_IDS, "every rule id in the model has exactly one definition here"


@dataclass(frozen=True)
class Finding:
    """One rule that fires for one synthesized theme, at a field of its assessment."""

    theme: str
    rule: str
    where: tuple[str, ...]
    """Path under the theme's entry, e.g. ("cerqual", "adequacy", "concern")."""
    message: str
    justification: str | None = None
    """The acknowledgement's text, if the reviewers acknowledged this rule for this theme."""

    @property
    def acknowledged(self) -> bool:
        return self.justification is not None


def ceiling(cerqual: Cerqual) -> str:
    """The highest overall confidence the downgrading rule allows for the four component judgements."""
    steps = sum(DOWNGRADE[getattr(cerqual, name).concern] for name in COMPONENTS)
    return CONFIDENCES[min(steps, len(CONFIDENCES) - 1)]


def _some(items: list[str], shown: int = 3) -> str:
    """The first few of a list, then how many more (a finding with hundreds of studies keeps a short message)."""
    head = ", ".join(items[:shown])
    return head if len(items) <= shown else f"{head} and {len(items) - shown} more"


def _better(concern: str, than: str) -> bool:
    return CONCERNS.index(concern) < CONCERNS.index(than)


# ------------------------------------------------------------------------------------ named studies


@dataclass(frozen=True)
class Citable:
    study: str
    surname: str
    year: str


YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)[a-z]?\b")
NEAR = 45
"""How many characters before a year an author's surname may stand (`Kirkegaard Thomsen et al. (2024)`)."""


def citables(corpus: Corpus) -> dict[str, list[Citable]]:
    """Year -> the studies published that year, by first author's surname as written in citations."""
    by_key = {study.citation: study.id for study in corpus.studies}
    found: dict[str, list[Citable]] = defaultdict(list)
    bib: BibliographyData = corpus.bibliography
    for key, entry in bib.entries.items():
        study = by_key.get(key)
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        year = entry.fields.get("year", "")
        if study is None or not persons or not year:
            continue
        surname = " ".join(_plain(part) for part in persons[0].prelast_names + persons[0].last_names).strip()
        if surname:
            found[year.strip()].append(Citable(study, surname, year.strip()))
    return found


PLAIN_NAME = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
"""A name of letters only (any script), hyphens between them: LaTeX decoding gives it back unchanged."""


@lru_cache(maxsize=4096)
def _plain(latex: str) -> str:
    """A surname as plain text. Decoding LaTeX costs ~0.1 ms a name, a thousand times per check: a name of
    letters is its own plain text, and a decoded name is kept (surnames repeat)."""
    if PLAIN_NAME.fullmatch(latex):
        return latex
    try:
        return str(RichText.from_latex(latex))
    except Exception:  # a name pybtex cannot decode is matched as written, minus braces
        return latex.replace("{", "").replace("}", "")


def named_studies(text: str, by_year: dict[str, list[Citable]]) -> set[str]:
    """Ids of studies an explanation cites as `Surname ... (year)` or `Surname ..., year`."""
    named = set()
    for match in YEAR.finditer(text):
        before = text[max(0, match.start() - NEAR) : match.start()]
        for citable in by_year.get(match.group(1), ()):
            if re.search(rf"\b{re.escape(citable.surname)}\b", before):
                named.add(citable.study)
    return named


# ------------------------------------------------------------------------------------------- rules


def theme_findings(
    theme: SynthesizedTheme, signals: Signals, casp_no: list[tuple[str, str]], by_year: dict[str, list[Citable]]
) -> list[Finding]:
    """Every rule that fires for one theme, acknowledged or not. `casp_no`: (study, CASP item) answered `no`."""
    cq = theme.cerqual
    figures = signals.figures
    acknowledged: dict[str, str] = {ack.rule: ack.justification for ack in cq.acknowledged}
    out: list[tuple[str, tuple[str, ...], str]] = []
    if _better(cq.adequacy.concern, "minor concerns") and len(figures.studies) <= 1:
        out.append(
            (
                "adequacy-single-study",
                ("cerqual", "adequacy", "concern"),
                f"adequacy is {cq.adequacy.concern!r} but {len(figures.studies)} study contributes",
            )
        )
    if cq.coherence.concern == "no or very minor concerns" and figures.contradicts:
        out.append(
            (
                "coherence-contradicted",
                ("cerqual", "coherence", "concern"),
                f"coherence is {cq.coherence.concern!r} but {figures.contradicts} study theme(s) contradict the "
                f"finding ({_some(list(figures.contradicting_studies))})",
            )
        )
    if cq.methodological_limitations.concern == "no or very minor concerns" and casp_no:
        items = _some([f"{study} answers no to CASP {_casp_number(item)}" for study, item in casp_no])
        out.append(
            (
                "limitations-casp-no",
                ("cerqual", "methodological_limitations", "concern"),
                f"methodological limitations are {cq.methodological_limitations.concern!r} but {items}",
            )
        )
    allowed = ceiling(cq)
    if CONFIDENCES.index(cq.confidence) < CONFIDENCES.index(allowed):
        out.append(
            (
                "overall-above-components",
                ("cerqual", "confidence"),
                f"overall confidence is {cq.confidence!r} but the components allow at most {allowed!r} under the "
                "downgrading rule",
            )
        )
    linked = set(figures.studies) | set(figures.contradicting_studies)
    for name in (*COMPONENTS, None):
        text = cq.explanation if name is None else getattr(cq, name).explanation
        stray = sorted(named_studies(text, by_year) - linked)
        if stray:
            where = ("cerqual", "explanation") if name is None else ("cerqual", name, "explanation")
            label = "the overall explanation" if name is None else f"the {COMPONENTS[name]} explanation"
            out.append(
                (
                    "explanation-unlinked-study",
                    where,
                    f"{label} names {_some(stray)}, which has no study theme linked to this finding",
                )
            )
    return [Finding(theme.id, rule, where, message, acknowledged.get(rule)) for rule, where, message in out]


def _casp_number(item: str) -> str:
    number = list(CASP_QUESTIONS).index(item) + 1
    return f"{number} ({item.replace('_', ' ')})"


def all_findings(corpus: Corpus, signals: dict[str, Signals]) -> dict[str, list[Finding]]:
    """Synthesized theme id -> the rules that fire for it, in themes.yaml order."""
    by_year = citables(corpus)
    out = {}
    for theme in corpus.themes.themes:
        found = signals[theme.id]
        casp_no = [(c.study, c.item) for c in found.casp_no]
        out[theme.id] = theme_findings(theme, found, casp_no, by_year)
    return out


def hint(rule: str) -> str:
    return (
        f"revise the judgement, or acknowledge it: add `- {{rule: {rule}, justification: ...}}` under "
        "cerqual.acknowledged (see the methods page)"
    )
