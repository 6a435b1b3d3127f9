"""Consistency rules: where a CERQual judgement and the evidence behind it disagree.

CERQual is judgement, so a rule never decides: it warns at the judgement's line in themes.yaml, naming the
rule, and the reviewers either revise the judgement or acknowledge the rule in `cerqual.acknowledged` with a
written justification (shown on the theme page). The rules and the downgrading rule are documented on the
methods page from the definitions here, so page and check cannot drift apart.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

from pybtex.database import BibliographyData
from pybtex.richtext import Text as RichText

from synthsite.confidence.percorpus import kept_for_last_corpus
from synthsite.confidence.samples import SamplesOf, sample_facts, samples_once, study_sizes
from synthsite.confidence.signals import SUPPORTING, Figures, Signals, all_signals, groups_of, signals_for
from synthsite.confidence.themekept import facing_digests, kept_for_theme
from synthsite.country_data import COUNTRY_NAMES
from synthsite.load import Corpus
from synthsite.model import (
    CASP_QUESTIONS,
    CONCERNS,
    CONFIDENCES,
    RULE_IDS,
    Cerqual,
    SampleGroup,
    Study,
    StudyTheme,
    SynthesizedTheme,
)

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
"""This synthesis's own convention (not CERQual's): how far each component judgement lowers the ceiling above
which an overall confidence must be acknowledged."""

CERQUAL_OVERALL = (
    "GRADE-CERQual's overall assessment is a judgement, not a sum. The reviewers start from the assumption that "
    "each review finding is a reasonable representation of the phenomenon of interest (high confidence) and then "
    "consider the concerns identified in the four components together, deciding whether, and how far, they "
    "lower confidence. No component carries a fixed weight: serious concerns about one component may be enough "
    "to lower confidence, while moderate or minor concerns about one or more components need not lower it. The "
    "explanation says which concerns led to the judgement (Lewin et al. 2018, Implementation Science 13(Suppl 1), "
    "paper 2 of the CERQual series)."
)
DOWNGRADING_RULE = (
    "This synthesis's own convention, a check rather than part of CERQual: the rule "
    "“overall-above-components” warns when a finding's overall confidence is higher than a ceiling in which "
    "each component with moderate concerns lowers high confidence by one level and each with serious concerns "
    "by two (no or very minor and minor concerns alone do not lower it). The warning asks the reviewers to "
    "explain the judgement; it never sets it. An overall confidence below the ceiling needs no acknowledgement."
)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    description: str
    serves: str
    """Which part of the GRADE-CERQual guidance the rule serves (shown on /methods/)."""


OVERALL = "the overall assessment (Lewin et al. 2018, paper 2 of the CERQual series)"
LIMITATIONS = "methodological limitations (Munthe-Kaas et al. 2018, paper 3)"
COHERENCE = "coherence (Colvin et al. 2018, paper 4)"
ADEQUACY = "adequacy of data (Glenton et al. 2018, paper 5)"
RELEVANCE = "relevance (Noyes et al. 2018, paper 6)"


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "adequacy-single-study",
            "Adequacy better than minor concerns with a single contributing study",
            "Adequacy is judged “no or very minor concerns” while at most one study supports or extends the "
            "finding. One study rarely gives enough data to rule out concerns about adequacy.",
            f"{ADEQUACY}: adequacy weighs the richness and the quantity of the data behind a finding.",
        ),
        Rule(
            "coherence-contradicted",
            "Coherent although contradicted or contested",
            "Coherence is judged “no or very minor concerns” while a study theme is linked to the finding as "
            "“contradicts”, or a link to it is contested (an alternative reading is recorded). Disconfirming or "
            "disputed evidence weighs on coherence unless the review explains it.",
            f"{COHERENCE}: data that contradict a finding, or are ambiguous, raise concerns about its coherence.",
        ),
        Rule(
            "limitations-casp-no",
            "No methodological concerns although a contributor fails a CASP question",
            "Methodological limitations are judged “no or very minor concerns” while a contributing study answers "
            "“no” to a CASP question.",
            f"{LIMITATIONS}: the judgement rests on the appraisal of the contributing studies.",
        ),
        Rule(
            "overall-above-components",
            "Overall confidence above what the components allow",
            "The overall confidence is higher than this synthesis's own ceiling for the four component "
            "judgements (see “This synthesis's own convention” above).",
            f"{OVERALL}: the overall judgement must be explained from the component judgements; the ceiling is this "
            "synthesis's convention for when an explanation is owed, not a CERQual formula.",
        ),
        Rule(
            "explanation-unlinked-study",
            "Explanation names a study that is not linked",
            "A CERQual explanation cites a study (author and year) none of whose themes is linked to the finding: "
            "either the link is missing or the explanation rests on evidence the crosswalk does not show. Studies "
            "linked as “contradicts” count as linked, since coherence must discuss them.",
            f"{OVERALL}: each judgement is explained transparently from the evidence behind the finding.",
        ),
        Rule(
            "same-components-different-overall",
            "Like component judgements, unlike overall confidence",
            "Two findings have the same four component judgements but different overall confidence. The overall "
            "assessment is a judgement, so this can be right, but the explanation must say what sets them apart.",
            f"{OVERALL}: judgements are made consistently across the findings of a review.",
        ),
        Rule(
            "same-evidence-different-limitations",
            "Same studies and CASP concerns, different methodological limitations",
            "Two findings rest on the same contributing studies, with the same CASP concerns, but their "
            "methodological-limitations judgements differ. This can be right when the studies contribute unequally "
            "to the two findings; the explanation must say so.",
            f"{LIMITATIONS}: the judgement rests on the appraisals of the contributing studies, weighed by how much "
            "each contributes to the finding.",
        ),
        Rule(
            "single-study-adequacy-differs",
            "Single-study findings judged differently on adequacy",
            "Findings that rest on one contributing study have different adequacy judgements. Richer data can "
            "justify it; the difference must be acknowledged with its reason.",
            f"{ADEQUACY}: richness and quantity are judged the same way for every finding.",
        ),
        Rule(
            "explanation-figures",
            "Explanation states figures the evidence does not show",
            "A CERQual explanation states a number of contributing studies, of participants or of countries, or "
            "names a country, that differs from the finding's evidence signals.",
            f"{OVERALL}: explanations describe the evidence the judgement was made on.",
        ),
        Rule(
            "explanation-perspective",
            "Explanation names a perspective the evidence does not report",
            "A CERQual explanation names a participant group (such as “therapists”) or a perspective (service "
            "users, staff, carers) that no supporting or extending study theme of the finding speaks for.",
            f"{COHERENCE} and {RELEVANCE}: whose experience a finding rests on decides both its fit and its reach.",
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
    theme: SynthesizedTheme,
    signals: Signals,
    casp_no: list[tuple[str, str]],
    by_year: dict[str, list[Citable]],
    samples: SamplesOf | None = None,
) -> list[Finding]:
    """Every rule that fires for one theme, acknowledged or not. `casp_no`: (study, CASP item) answered `no`;
    `samples`: `sample_facts`, or the same facts kept per study when every theme is done at once."""
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
    if cq.coherence.concern == "no or very minor concerns" and (figures.contradicts or figures.contested):
        disputed = [f"{figures.contradicts} contradicting"] if figures.contradicts else []
        disputed += [f"{figures.contested} contested"] if figures.contested else []
        studies = sorted({link.study.id for link in signals.links if link.relation == "contradicts" or link.contested})
        out.append(
            (
                "coherence-contradicted",
                ("cerqual", "coherence", "concern"),
                f"coherence is {cq.coherence.concern!r} but the finding has {' and '.join(disputed)} link(s) "
                f"({_some(studies)})",
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
                f"overall confidence is {cq.confidence!r} but the components allow at most {allowed!r} under this synthesis's "
                "ceiling",
            )
        )
    linked = set(figures.studies) | set(figures.contradicting_studies)
    judged = judged_signals(theme, signals)
    samples_of = samples or sample_facts
    sizes = study_sizes(judged, samples_of)
    heard = voices(judged, samples_of)
    for name in (*COMPONENTS, None):
        text = cq.explanation if name is None else getattr(cq, name).explanation
        where = ("cerqual", "explanation") if name is None else ("cerqual", name, "explanation")
        label = "the overall explanation" if name is None else f"the {COMPONENTS[name]} explanation"
        stray = sorted(named_studies(text, by_year) - linked)
        if stray:
            out.append(
                (
                    "explanation-unlinked-study",
                    where,
                    f"{label} names {_some(stray)}, which has no study theme linked to this finding",
                )
            )
        wrong = figure_mismatches(text, judged.figures, sizes, countries_named(text) - set(judged.figures.countries))
        if wrong:
            out.append(("explanation-figures", where, f"{label} {'; '.join(wrong)}"))
        unspoken = unreported_voices(text, heard)
        if unspoken:
            out.append(
                (
                    "explanation-perspective",
                    where,
                    f"{label} names {_some(unspoken)}, but no supporting or extending study theme of the finding "
                    "speaks for them",
                )
            )
    return [Finding(theme.id, rule, where, message, acknowledged.get(rule)) for rule, where, message in out]


# ------------------------------------------------------------------------- figures in explanations

NUMBER_WORDS = {
    "one": 1, "a single": 1, "single": 1, "two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NUMBER = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
STUDIES_STATED = re.compile(
    rf"(?:^|[.;:]\s+)(?:[A-Z][a-z]+ly\s+)?{_NUMBER}\s+stud(?:y|ies)(?=\s*[(,:]|\s+with\b|\s+contribut)"
    rf"|\b{_NUMBER}\s+contributing\s+stud(?:y|ies)\b"
    rf"|\b{_NUMBER}\s+stud(?:y|ies)\s+contribut",
    re.IGNORECASE,
)
"""A number of studies stated as the finding's evidence: "Two studies (58 participants)", "One study, but",
"Three studies with", "N contributing studies" or "N studies contribute". A count of a subset ("One study does
not consider reflexivity", "in two studies and unclear in the third") is left alone."""
_COUNT = r"(\d+|" + "|".join(w for w in NUMBER_WORDS if w not in ("both", "single", "a single")) + r")"
PARTICIPANTS_STATED = re.compile(rf"\b{_COUNT}\s+(?:participants|staff)\b", re.IGNORECASE)
COUNTRIES_STATED = re.compile(rf"\b{_NUMBER}\s+countr(?:y|ies)\b", re.IGNORECASE)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.casefold()]


def _stated(pattern: re.Pattern[str], text: str) -> list[int]:
    return [_number(next(g for g in match.groups() if g)) for match in pattern.finditer(text)]


def figure_mismatches(text: str, figures: Figures, study_sizes: set[int], named_countries: set[str]) -> list[str]:
    """What an explanation states about the evidence that the signals do not show. A participant number may be
    the finding's (within its range) or one contributing study's or group's size ("one study of 18")."""
    out = []
    for n in _stated(STUDIES_STATED, text):
        if n != len(figures.studies):
            out.append(f"states {n} {'study' if n == 1 else 'studies'}, but {len(figures.studies)} contribute")
    for n in _stated(PARTICIPANTS_STATED, text):
        if not (figures.participants_min <= n <= figures.participants) and n not in study_sizes:
            out.append(f"states {n} participants, but the contributing studies have {_range(figures)}")
    for n in _stated(COUNTRIES_STATED, text):
        if n != len(figures.countries):
            out.append(f"states {n} {'country' if n == 1 else 'countries'}, but the evidence comes from "
                       f"{len(figures.countries)}")  # fmt: skip
    for name in sorted(named_countries):
        out.append(f"names {name}, which is not a country of the contributing studies")
    return out


def _range(figures: Figures) -> str:
    if figures.participants_min == figures.participants:
        return str(figures.participants)
    return f"{figures.participants_min} to {figures.participants}"


def judged_signals(theme: SynthesizedTheme, signals: Signals) -> Signals:
    """The evidence an assessment's explanations were written for: where the assessment records its studies and
    studies have since been added or removed, only the links of those studies. Explanations of an assessment that
    predates the evidence are then checked against what they describe; the staleness mark says the rest, so a
    contributor's new study never turns them into warnings."""
    assessed = theme.cerqual.assessed
    if assessed is None:
        return signals
    recorded = set(assessed.studies) | set(assessed.contradicting)
    current = {link.study.id for link in signals.links}
    if recorded >= current:
        return signals
    return signals_for(theme.id, [link for link in signals.links if link.study.id in recorded])


_COUNTRY_NAMES = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in sorted(COUNTRY_NAMES.values(), key=len, reverse=True)) + r")\b"
)
_CODE_OF = {name: code for code, name in COUNTRY_NAMES.items()}


def countries_named(text: str) -> set[str]:
    """ISO codes of the countries an explanation names by their English short name."""
    return {_CODE_OF[match.group(1)] for match in _COUNTRY_NAMES.finditer(text)}


PERSPECTIVE_WORDS: dict[str, tuple[str, ...]] = {
    "service users": ("service users", "service user's", "service users'"),
    "staff": ("staff",),
    "carers": ("carers", "carer", "family members"),
}
"""Words that name a perspective in an explanation."""


def _mentions(text: str, word: str) -> bool:
    return _word_pattern(word).search(text.casefold()) is not None


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(word.casefold())}(?![\w-])")


@dataclass(frozen=True)
class Voices:
    """Who a finding's links could speak for, gathered once for its five explanations: a finding with a thousand
    studies has thousands of links and groups but few distinct roles, and most explanations name none of them."""

    perspectives: frozenset[str]
    """Perspectives of the supporting and extending study themes."""
    groups: tuple[tuple[Study, SampleGroup], ...]
    """Each study's first group of each role, in link order."""
    backing: dict[str, tuple[StudyTheme, ...]]
    """Study id -> its supporting and extending study themes."""
    roles: tuple[str, ...]
    """The distinct roles of those groups, in first-seen order."""


def voices(signals: Signals, samples: SamplesOf = sample_facts) -> Voices:
    backing: dict[str, list[StudyTheme]] = defaultdict(list)
    groups: list[tuple[Study, SampleGroup]] = []
    seen: set[str] = set()
    for link in signals.links:
        study = link.study
        if study.id not in seen:  # a study's groups once, at its first link
            seen.add(study.id)
            groups.extend((study, group) for group in samples(study).first_groups)
        if link.relation in SUPPORTING:
            backing[study.id].append(link.theme)
    return Voices(
        frozenset(theme.perspective for themes in backing.values() for theme in themes),
        tuple(groups),
        {study: tuple(themes) for study, themes in backing.items()},
        tuple(dict.fromkeys(group.role for _, group in groups)),
    )


def unreported_voices(text: str, heard: Voices) -> list[str]:
    """Participant groups (by role) and perspectives an explanation names that no supporting or extending study
    theme speaks for: "therapists" where the therapists' only link is a contradicting one."""
    found = []
    for perspective, words in PERSPECTIVE_WORDS.items():
        if (
            perspective not in heard.perspectives
            and "mixed" not in heard.perspectives
            and any(_mentions(text, w) for w in words)
        ):
            found.append(perspective)
    named = {role for role in heard.roles if _mentions(text, role)}
    if not named:
        return found
    for study, group in heard.groups:
        if group.role not in named:
            continue
        spoken = any(
            (groups := groups_of(study, theme)) is None or group in groups for theme in heard.backing.get(study.id, ())
        )
        if not spoken:
            found.append(f"{group.role} ({study.id})")
    return found


def cross_findings(
    themes: list[SynthesizedTheme], signals: dict[str, Signals]
) -> list[tuple[str, str, tuple[str, ...], str]]:
    """Rules that compare findings with each other: like cases judged alike. (theme, rule, where, message)."""
    out: list[tuple[str, str, tuple[str, ...], str]] = []

    def unlike(groups: dict[object, list[SynthesizedTheme]], value: Callable[[SynthesizedTheme], str], rule: str,
               where: tuple[str, ...], what: str) -> None:  # fmt: skip
        for members in groups.values():
            if len({value(t) for t in members}) <= 1:
                continue
            for theme in members:
                others = [f"{t.id} ({value(t)})" for t in members if t.id != theme.id and value(t) != value(theme)]
                out.append((theme.id, rule, where, f"{what} {value(theme)!r}, unlike {_some(others)}"))

    by_profile: dict[object, list[SynthesizedTheme]] = defaultdict(list)
    by_evidence: dict[object, list[SynthesizedTheme]] = defaultdict(list)
    single: dict[object, list[SynthesizedTheme]] = defaultdict(list)
    for theme in themes:
        cq = theme.cerqual
        by_profile[tuple(getattr(cq, name).concern for name in COMPONENTS)].append(theme)
        found = signals[theme.id]
        if found.figures.studies:
            concerns = tuple((c.study, c.item, c.answer) for c in found.casp_concerns)
            by_evidence[(found.figures.studies, concerns)].append(theme)
        if len(found.figures.studies) == 1:
            single["one study"].append(theme)
    unlike(
        by_profile,
        lambda t: t.cerqual.confidence,
        "same-components-different-overall",
        ("cerqual", "confidence"),
        "the same four component judgements, but overall confidence",
    )
    unlike(
        by_evidence,
        lambda t: t.cerqual.methodological_limitations.concern,
        "same-evidence-different-limitations",
        ("cerqual", "methodological_limitations", "concern"),
        "the same contributing studies and CASP concerns, but methodological limitations",
    )
    unlike(
        single,
        lambda t: t.cerqual.adequacy.concern,
        "single-study-adequacy-differs",
        ("cerqual", "adequacy", "concern"),
        "a single contributing study, but adequacy",
    )
    return out


def _casp_number(item: str) -> str:
    number = list(CASP_QUESTIONS).index(item) + 1
    return f"{number} ({item.replace('_', ' ')})"


def _copy_findings(findings: dict[str, list[Finding]]) -> dict[str, list[Finding]]:
    return {theme_id: list(found) for theme_id, found in findings.items()}


@kept_for_last_corpus(_copy_findings)
def all_findings(corpus: Corpus) -> dict[str, list[Finding]]:
    """Synthesized theme id -> the rules that fire for it, in themes.yaml order (kept for the index after the
    check, which both report them)."""
    signals = all_signals(corpus)
    by_year = citables(corpus)
    names = repr(sorted((year, tuple(found)) for year, found in by_year.items())) if corpus.memo is not None else ""
    out = {}
    facing = facing_digests(corpus)
    samples = samples_once()
    for theme in corpus.themes.themes:
        found = signals[theme.id]
        casp_no = [(c.study, c.item) for c in found.casp_no]
        make = partial(theme_findings, theme, found, casp_no, by_year, samples)
        out[theme.id] = kept_for_theme(corpus, ("rule-findings", repr(theme), names), found, make, facing)  # preview
    acknowledged: dict[str, dict[str, str]] = {
        theme.id: {ack.rule: ack.justification for ack in theme.cerqual.acknowledged} for theme in corpus.themes.themes
    }
    for theme_id, rule, where, message in cross_findings(corpus.themes.themes, signals):
        out[theme_id].append(Finding(theme_id, rule, where, message, acknowledged[theme_id].get(rule)))
    return out


def hint(rule: str) -> str:
    return (
        f"revise the judgement, or acknowledge it: add `- {{rule: {rule}, justification: ...}}` under "
        "cerqual.acknowledged (see the methods page)"
    )
