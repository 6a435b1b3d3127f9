"""The data model: what contributors write in `synthesis/`.

Every model forbids unknown fields and uses strict types, so a typo or a quoted number is reported
instead of silently accepted. Field docstrings become the JSON Schema descriptions and the schema
reference on the contribute page, so they are written for contributors, not for programmers.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator
from typing_extensions import TypeIs

from synthsite.countries import ISO_3166_ALPHA2
from synthsite.weburl import WEB_URL_PATTERN

NOT_REPORTED = "not reported"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
ID_MAX_LENGTH = 80
"""Ids (study, theme, domain) are slugs of at most this many characters: they become file names and URLs."""
COUNTRY_PATTERN = r"^[A-Z]{2}$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
VERSION_PATTERN = r"^\d+\.\d+\.\d+$"
CITATION_KEY_PATTERN = r"^[A-Za-z0-9_:.-]+$"
CITATION_KEY_MAX_LENGTH = 80

MAX_FILE_BYTES = 1_000_000
"""Size limit of one YAML data file: a study record is a few hundred lines."""
MAX_BIB_BYTES = 64_000_000
"""Size limit of the bibliography. It holds one entry per study (about 250 bytes each), so it outgrows a study
file's limit at a few thousand studies; it is parsed by pybtex, not YAML, so only its size needs a bound."""

NotReported = Literal["not reported"]


def not_reported(value: object) -> TypeIs[NotReported]:
    """Whether a value is the `not reported` marker. Use it instead of `== NOT_REPORTED`: a type checker then
    knows that, where it is false, `Gender | NotReported` is a `Gender` (an equality test does not narrow)."""
    return value == NOT_REPORTED


Slug = Annotated[StrictStr, Field(pattern=SLUG_PATTERN, min_length=1, max_length=ID_MAX_LENGTH)]
Text = Annotated[StrictStr, Field(min_length=1, max_length=20_000)]
ShortText = Annotated[StrictStr, Field(min_length=1, max_length=500)]
Count = Annotated[StrictInt, Field(ge=0, le=10_000_000)]
CountOrNotReported = Annotated[Count | NotReported, Field(union_mode="left_to_right")]
TextOrNotReported = Annotated[Text, Field()]
IsoDate = Annotated[StrictStr, Field(pattern=DATE_PATTERN)]
CountryCode = Annotated[StrictStr, Field(pattern=COUNTRY_PATTERN)]
WebUrl = Annotated[StrictStr, Field(pattern=WEB_URL_PATTERN, max_length=500)]
"""An absolute http(s) address with a host (see `weburl`). Every field holding an address uses this type; a
field that may also hold a relative path must say so in its own type."""

Perspective = Literal["service users", "staff", "carers", "mixed"]
"""Whose experience a group or theme speaks for."""
Relation = Literal["supports", "extends", "contradicts"]
"""How a study theme bears on a synthesized theme (reciprocal or refutational translation)."""
ThemeLevel = Literal["theme", "subtheme"]
CaspAnswer = Literal["yes", "can't tell", "no"]
LimitationCategory = Literal[
    "sampling",
    "transferability",
    "data collection",
    "analysis",
    "reflexivity",
    "ethics",
    "reporting",
    "other",
]
LimitationSource = Literal["authors", "reviewers"]
UnlinkedReason = Literal["text not available", "outside the review question", "other"]
"""Why a study theme bears on no synthesized theme."""
UNLINKED_REASONS: tuple[str, ...] = UnlinkedReason.__args__  # type: ignore[attr-defined]
Concern = Literal["no or very minor concerns", "minor concerns", "moderate concerns", "serious concerns"]
Confidence = Literal["high", "moderate", "low", "very low"]
RuleId = Literal[
    "adequacy-single-study",
    "coherence-contradicted",
    "limitations-casp-no",
    "overall-above-components",
    "explanation-unlinked-study",
]
"""The consistency rules that compare a CERQual judgement with its evidence (documented on /methods/)."""

PERSPECTIVES: tuple[str, ...] = ("service users", "staff", "carers", "mixed")
CONCERNS: tuple[str, ...] = Concern.__args__  # type: ignore[attr-defined]
CONFIDENCES: tuple[str, ...] = Confidence.__args__  # type: ignore[attr-defined]
RELATIONS: tuple[str, ...] = Relation.__args__  # type: ignore[attr-defined]
SUPPORTING: tuple[str, ...] = ("supports", "extends")
"""The relations that count as evidence for a synthesized theme (`contradicts` is evidence against it)."""
RULE_IDS: tuple[str, ...] = RuleId.__args__  # type: ignore[attr-defined]
HANDLE_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"
Handle = Annotated[StrictStr, Field(pattern=HANDLE_PATTERN)]
"""A reviewer's handle (e.g. a GitHub user name, without @)."""
Version = Annotated[StrictStr, Field(pattern=VERSION_PATTERN)]


class Strict(BaseModel):
    """Base for every record: unknown fields are errors, values are never coerced."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        use_attribute_docstrings=True,
        str_strip_whitespace=False,
    )


# --------------------------------------------------------------------------------------------- study


class Setting(Strict):
    countries: list[CountryCode] = Field(min_length=1, examples=[["DK"]])
    """Countries where the study took place, as ISO 3166-1 alpha-2 codes (DK, SE, NO, GB)."""
    services: list[ShortText] = Field(min_length=1, examples=[["psychiatric hospital (inpatient and outpatient)"]])
    """The services or organisations participants were recruited from, as the paper describes them."""
    context: Text = Field(examples=["One psychiatric hospital in the North Denmark Region."])
    """A few sentences on the setting: health system, programme, site, anything a reader needs to judge relevance."""
    period: ShortText = Field(examples=["2016-2017", "not reported"])
    """When data were collected, as reported; write `not reported` when the paper does not say."""

    @model_validator(mode="after")
    def _known_countries(self) -> Setting:
        unknown = [c for c in self.countries if c not in ISO_3166_ALPHA2]
        if unknown:
            raise ValueError(f"unknown ISO 3166-1 alpha-2 country code {unknown[0]!r} (use e.g. DK, SE, NO, GB)")
        return self


class Gender(Strict):
    women: CountOrNotReported = Field(examples=[43])
    """Number of women in the group, or `not reported`."""
    men: CountOrNotReported = Field(examples=[5])
    """Number of men in the group, or `not reported`."""
    other: CountOrNotReported = Field(default=0, examples=[0])
    """Number of participants reported as another gender; `not reported` when the paper leaves some
    participants' gender unaccounted for (explain in `sample.notes`)."""


class SampleGroup(Strict):
    role: ShortText = Field(examples=["mental health staff", "jobseekers"])
    """The group as the paper names it (e.g. service users, therapists, social workers)."""
    perspective: Perspective = Field(examples=["staff"])
    """Whose perspective the group gives: service users, staff, carers or mixed."""
    n: Count = Field(examples=[48])
    """Number of participants in the group."""
    gender: Gender | NotReported = Field(examples=[{"women": 43, "men": 5}])
    """Gender counts as reported, or `not reported`."""
    age: ShortText = Field(examples=["mean 47.69 years (SD 12.13)", "26-62 years", "not reported"])
    """Age exactly as the paper reports it (range, mean and SD, or `not reported`)."""
    details: Text | None = Field(default=None, examples=["20 nurses, 4 psychiatrists, 10 psychologists"])
    """Other characteristics the paper reports: professions, diagnoses, experience, employment."""


class Sample(Strict):
    total: Count = Field(examples=[48])
    """Total number of participants whose data were analysed."""
    groups: list[SampleGroup] = Field(min_length=1)
    """Participant groups; their `n` should add up to `total` (or `notes` explains why not)."""
    recruitment: Text = Field(examples=["Unit managers forwarded an invitation email to all staff."])
    """How participants were recruited and selected (sampling strategy, inclusion criteria)."""
    notes: Text | None = Field(default=None)
    """Inconsistencies or gaps in how the paper reports the sample (e.g. group counts that do not add up)."""


class Method(Strict):
    design: ShortText = Field(examples=["qualitative narrative study"])
    """Study design and methodological stance as the paper states it."""
    data_collection: Text = Field(examples=["written narratives collected with an online survey"])
    """How data were collected (interviews, narratives, focus groups; length, mode, who collected them)."""
    analysis: ShortText = Field(examples=["reflexive thematic analysis"])
    """The analysis approach by name; used to filter and compare studies."""
    analysis_reference: ShortText = Field(examples=["Braun & Clarke (2006)", "not reported"])
    """The methodological source the authors cite for the analysis, or `not reported`."""
    ethics: Text = Field(examples=["Approved by the Regional Ethical Review Board in Stockholm (2016/269-31/5)."])
    """Ethical approval and consent as reported, including when approval was not sought."""


class Quote(Strict):
    text: Text = Field(examples=["..reestablished contact to the family and established new relationships"])
    """The quote verbatim, as printed in the paper (keep the paper's ellipses; no quotation marks around it)."""
    speaker: ShortText = Field(examples=["pp43", "Participant 5", "not reported"])
    """The speaker label the paper gives (participant number or role), or `not reported`."""
    location: ShortText = Field(examples=["Table 1", "Findings, 'Flexible rules'"])
    """Where the quote is in the paper, independent of page numbers (table, section heading)."""


class ReviewStep(Strict):
    by: Handle = Field(examples=["reviewer-a"])
    """The reviewer's handle (e.g. a GitHub user name, without @)."""
    date: IsoDate = Field(examples=["2026-11-24"])
    """When (YYYY-MM-DD), quoted."""


class LinkReview(Strict):
    proposed: ReviewStep
    """Who proposed the link, and when."""
    agreed: list[ReviewStep] = Field(default_factory=list)
    """Each reviewer who independently agreed with the link (theme and relation), and when. A link is agreed
    by two reviewers once the proposer and at least one other reviewer are recorded."""


class CrosswalkLink(Strict):
    theme: Slug = Field(examples=["being-seen-and-listened-to"])
    """The `id` of a synthesized theme in `synthesis/themes.yaml`."""
    relation: Relation = Field(examples=["supports"])
    """`supports` (the same idea), `extends` (adds a nuance the others lack) or `contradicts` (disconfirming)."""
    rationale: ShortText | None = Field(default=None)
    """One line on why this study theme bears on the synthesized theme."""
    review: LinkReview | None = Field(default=None, examples=[{"proposed": {"by": "reviewer-a", "date": "2026-11-23"}}])
    """Who proposed the link and who agreed with it (reviewer handles and dates); theme pages and
    `synthsite changes` list links not yet agreed by two reviewers."""


class Unlinked(Strict):
    reason: UnlinkedReason = Field(examples=["text not available"])
    """`text not available` (the copy read lacks what the theme says), `outside the review question`, or `other`."""
    explanation: Text = Field(
        examples=["Only the theme's heading is in the abstract; the findings section was not available."]
    )
    """One or two sentences a reader can check: what was missing, or why the theme is outside the question."""


class StudyTheme(Strict):
    id: Slug = Field(examples=["improved-relationships"])
    """A slug for the theme, unique within the study; used in anchors and in the crosswalk."""
    label: ShortText = Field(examples=["Improved relationships"])
    """The theme's name exactly as the paper gives it (where the paper names it differently in different
    places, use the name in its table or headings and put the others in `alternative_labels`)."""
    alternative_labels: list[ShortText] = Field(default_factory=list)
    """Other wordings the paper uses for the same theme (e.g. in its abstract or discussion); searchable."""
    level: ThemeLevel = Field(examples=["theme"])
    """`theme` for a main theme, `subtheme` for a theme nested under another (set `parent`)."""
    parent: Slug | None = Field(default=None)
    """For a subtheme, the `id` of its parent theme in this study."""
    group: ShortText = Field(examples=["Table 1: Conceptualizations of personal recovery"])
    """How the paper groups its themes (a table, a research question, a participant group, a phase)."""
    perspective: Perspective = Field(examples=["staff"])
    """Whose experience the theme reports."""
    description: Text = Field(examples=["Recovery seen in renewed contact with family and new relationships."])
    """What the theme says, paraphrased closely from the paper."""
    quotes: list[Quote] = Field(default_factory=list, max_length=2)
    """Up to two short illustrative quotes, verbatim with speaker and location; empty if the paper has none."""
    synthesis: list[CrosswalkLink] = Field(default_factory=list)
    """Crosswalk links: which synthesized themes this study theme bears on, and how."""
    unlinked: Unlinked | None = Field(default=None)
    """For a theme with no crosswalk links: why it bears on no synthesized theme (then it is no warning)."""

    @model_validator(mode="after")
    def _parent_matches_level(self) -> StudyTheme:
        if self.level == "subtheme" and self.parent is None:
            raise ValueError("a subtheme needs `parent` (the id of its main theme)")
        if self.level == "theme" and self.parent is not None:
            raise ValueError("a main theme has no `parent`; set `level: subtheme` or remove `parent`")
        if self.unlinked is not None and self.synthesis:
            raise ValueError(
                "a theme with crosswalk links under `synthesis:` cannot also be `unlinked`; remove one of them"
            )
        return self


class Limitation(Strict):
    category: LimitationCategory = Field(examples=["sampling"])
    """What the limitation is about: sampling, transferability, data collection, analysis, reflexivity, ethics,
    reporting or other."""
    text: Text = Field(examples=["Mostly female staff from one Danish hospital."])
    """The limitation in one or two sentences."""
    source: LimitationSource = Field(examples=["authors"])
    """`authors` if the paper states it, `reviewers` if the review team adds it."""


class CaspItem(Strict):
    answer: CaspAnswer = Field(examples=["yes"])
    """`yes`, `can't tell` or `no`."""
    reason: Text = Field()
    """Why: what in the paper supports the answer (each question in the scaffold shows an example)."""


class CaspAppraisal(Strict):
    aims: CaspItem = Field(
        examples=[
            {"answer": "yes", "reason": "The aim and the research questions are stated at the end of the introduction."}
        ]
    )
    """1. Was there a clear statement of the aims of the research?"""
    methodology: CaspItem = Field(
        examples=[
            {
                "answer": "yes",
                "reason": "The study asks for participants' own accounts of their experience, which calls for qualitative methods.",
            }
        ]
    )
    """2. Is a qualitative methodology appropriate?"""
    design: CaspItem = Field(
        examples=[
            {
                "answer": "yes",
                "reason": "The authors explain why a narrative design suits staff's own accounts of recovery-oriented work.",
            }
        ]
    )
    """3. Was the research design appropriate to address the aims of the research?"""
    recruitment: CaspItem = Field(
        examples=[
            {
                "answer": "can't tell",
                "reason": "Managers invited all staff of the units; the paper does not say why some who were invited took no part.",
            }
        ]
    )
    """4. Was the recruitment strategy appropriate to the aims of the research?"""
    data_collection: CaspItem = Field(
        examples=[
            {
                "answer": "yes",
                "reason": "Semi-structured interviews with the guide in an appendix; length, setting and recording are reported.",
            }
        ]
    )
    """5. Was the data collected in a way that addressed the research issue?"""
    reflexivity: CaspItem = Field(
        examples=[
            {
                "answer": "no",
                "reason": "The paper does not discuss the researchers' roles or how they may have shaped the interviews.",
            }
        ]
    )
    """6. Has the relationship between researcher and participants been adequately considered?"""
    ethics: CaspItem = Field(
        examples=[
            {
                "answer": "yes",
                "reason": "Approval by the regional ethics committee and written informed consent are reported.",
            }
        ]
    )
    """7. Have ethical issues been taken into consideration?"""
    analysis: CaspItem = Field(
        examples=[
            {
                "answer": "yes",
                "reason": "The coding steps are described, and each theme is shown with quotes from several participants.",
            }
        ]
    )
    """8. Was the data analysis sufficiently rigorous?"""
    findings: CaspItem = Field(
        examples=[
            {
                "answer": "yes",
                "reason": "The findings are stated per research question and discussed against earlier studies.",
            }
        ]
    )
    """9. Is there a clear statement of findings?"""
    value: Text = Field(examples=["Adds staff perspectives on the benefits of supporting recovery."])
    """10. How valuable is the research? A short text."""


CASP_QUESTIONS: dict[str, str] = {
    name: (CaspAppraisal.model_fields[name].description or "") for name in CaspAppraisal.model_fields
}
CASP_ITEMS: tuple[str, ...] = tuple(name for name in CASP_QUESTIONS if name != "value")
"""The nine CASP questions answered yes / can't tell / no (question 10, `value`, is free text)."""


class Appraisal(Strict):
    tool: Literal["CASP qualitative checklist"] = Field(examples=["CASP qualitative checklist"])
    """The appraisal tool; the CASP qualitative checklist (10 questions) is used for every study."""
    casp: CaspAppraisal
    """The answers to the ten CASP questions."""
    appraised_by: ShortText = Field(examples=["synthsite review team"])
    """Who appraised the study."""


class Study(Strict):
    id: Slug = Field(examples=["moen-2023"])
    """The study's identifier: lowercase letters, digits and hyphens; must equal the file name without `.yaml`."""
    citation: Annotated[StrictStr, Field(pattern=CITATION_KEY_PATTERN, max_length=CITATION_KEY_MAX_LENGTH)] = Field(
        examples=["Moen2023"]
    )
    """The key of the study's entry in `bibliography/references.bib`."""
    aim: Text = Field(examples=["To explore how jobseekers, therapists and social workers experience meetings."])
    """The study's aim as the paper states it."""
    research_questions: list[Text] = Field(default_factory=list)
    """The research questions, if the paper lists them."""
    setting: Setting
    """Where and when the study took place."""
    sample: Sample
    """Who took part."""
    method: Method
    """How the study was done."""
    themes: list[StudyTheme] = Field(min_length=1)
    """Every theme and subtheme as the paper names and groups them, with quotes and crosswalk links."""
    limitations: list[Limitation] = Field(min_length=1)
    """Limitations stated by the authors and those the review team adds."""
    appraisal: Appraisal
    """Quality appraisal with the CASP qualitative checklist."""
    notes: list[Text] = Field(default_factory=list)
    """What readers should know about the study that the fields above do not say: what the paper leaves unclear
    or reports inconsistently. Facts about the study only; remarks on the extraction go in `review_log`."""
    review_log: list[Text] = Field(
        default_factory=list,
        examples=[["The text copy lost its header; bibliographic details come from the publisher's record."]],
    )
    """The review team's extraction remarks: the text copy used, how a value was recorded, what this record
    could not represent. Shown collapsed as "Review log" on the study page, never as facts about the study or
    as its limitations."""

    @model_validator(mode="after")
    def _theme_structure(self) -> Study:
        ids = [t.id for t in self.themes]
        seen: set[str] = set()
        for theme_id in ids:
            if theme_id in seen:
                raise ValueError(f"theme id {theme_id!r} is used twice; theme ids must be unique within a study")
            seen.add(theme_id)
        for theme in self.themes:
            if theme.parent is not None and theme.parent not in seen:
                raise ValueError(f"theme {theme.id!r} names parent {theme.parent!r}, which is not a theme here")
        return self


# -------------------------------------------------------------------------------------- themes.yaml


class CerqualComponent(Strict):
    concern: Concern = Field(examples=["minor concerns"])
    """No or very minor, minor, moderate or serious concerns."""
    explanation: Text = Field(examples=["Two of three studies had minor methodological limitations."])
    """Why this judgement."""


class Assessed(Strict):
    version: Version = Field(examples=["1.0.0"])
    """The synthesis version (synthesis.yaml) in which this assessment was made, quoted."""
    studies: list[Slug] = Field(default_factory=list, examples=[["moen-2023", "topor-2021"]])
    """The contributing studies (those with a `supports` or `extends` link) the assessment judged."""
    contradicting: list[Slug] = Field(default_factory=list)
    """The studies with a `contradicts` link the assessment judged."""


class Acknowledgement(Strict):
    rule: RuleId = Field(examples=["adequacy-single-study"])
    """The consistency rule (see the methods page) this judgement departs from on purpose."""
    justification: Text = Field(examples=["One study, but 48 participants from eight professions and rich data."])
    """Why the judgement stands although the rule flags it; shown on the theme page."""


class Cerqual(Strict):
    methodological_limitations: CerqualComponent
    """Concerns about the design or conduct of the studies contributing to the finding."""
    coherence: CerqualComponent
    """How clear and cogent the fit is between the primary data and the review finding."""
    adequacy: CerqualComponent
    """Richness and quantity of the data supporting the finding."""
    relevance: CerqualComponent
    """How applicable the contributing studies' contexts are to the review question."""
    confidence: Confidence = Field(examples=["moderate"])
    """Overall confidence in the finding: high, moderate, low or very low."""
    explanation: Text
    """Why this overall confidence, referring to the four components."""
    assessed: Assessed | None = Field(default=None)
    """The evidence this assessment judged: synthesis version and contributing studies. When the evidence
    changes later, pages say the assessment predates it (never a validation error)."""
    acknowledged: list[Acknowledgement] = Field(default_factory=list)
    """Consistency rules this judgement departs from on purpose, each with a written justification."""


class Domain(Strict):
    id: Slug = Field(examples=["personal-recovery"])
    """Identifier of the domain."""
    label: ShortText = Field(examples=["What supports personal recovery"])
    """The domain's heading."""
    description: Text
    """What the domain covers."""


class SynthesizedTheme(Strict):
    id: Slug = Field(examples=["being-seen-and-listened-to"])
    """Identifier of the synthesized theme; its page is `/themes/<id>/`. Never rename a published id."""
    label: ShortText = Field(examples=["Hope and meaning"])
    """The theme's name."""
    domain: Slug = Field(examples=["personal-recovery"])
    """The `id` of the domain the theme belongs to."""
    finding: Text
    """The review finding in one sentence, as it appears in the Summary of Qualitative Findings."""
    description: Text
    """A fuller description of the synthesized theme."""
    cerqual: Cerqual
    """The GRADE-CERQual assessment of confidence in the finding."""


class ThemesFile(Strict):
    domains: list[Domain] = Field(min_length=1)
    """The domains that group synthesized themes."""
    themes: list[SynthesizedTheme] = Field(min_length=1)
    """The synthesized (analytical) themes."""


# ----------------------------------------------------------------------------------- synthesis.yaml


class Author(Strict):
    name: ShortText = Field(examples=["synthsite review team"])
    """Name as it should appear in citations (family name last, or an organisation)."""
    orcid: Annotated[StrictStr, Field(pattern=r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")] | None = None
    """ORCID iD without the URL, if any."""
    affiliation: ShortText | None = None
    """Affiliation, if any."""


class Approach(Strict):
    synthesis_method: ShortText = Field(examples=["thematic synthesis"])
    """The synthesis method (e.g. thematic synthesis)."""
    synthesis_reference: ShortText
    """The methodological source for the synthesis method."""
    confidence_method: ShortText = Field(examples=["GRADE-CERQual"])
    """How confidence in the review findings is assessed."""
    confidence_reference: ShortText
    """The methodological source for the confidence assessment."""
    appraisal_tool: ShortText = Field(examples=["CASP qualitative checklist"])
    """The quality appraisal tool used for included studies."""
    description: Text
    """How the synthesis was done, in a paragraph."""


Doi = Annotated[StrictStr, Field(pattern=r"^10\.\d{4,9}/[^\s]+$", max_length=200)]


class SearchSource(Strict):
    name: ShortText = Field(examples=["MEDLINE (Ovid)"])
    """A database, register, website or other source searched."""
    searched: IsoDate | None = None
    """When it was last searched (YYYY-MM-DD)."""
    records: Count | None = None
    """Records it returned, if recorded."""


class ExclusionReason(Strict):
    reason: ShortText = Field(examples=["not qualitative"])
    """Why reports were excluded at full text."""
    n: Count
    """How many reports were excluded for this reason."""


class PrismaFlow(Strict):
    """The PRISMA 2020 flow (databases and registers): every count is optional; only recorded ones are drawn."""

    records_identified: Count | None = None
    """Records identified from databases and registers."""
    duplicates_removed: Count | None = None
    """Duplicate records removed before screening."""
    records_removed_automation: Count | None = None
    """Records marked as ineligible by automation tools."""
    records_removed_other: Count | None = None
    """Records removed for other reasons before screening."""
    records_screened: Count | None = None
    """Records screened (title and abstract)."""
    records_excluded: Count | None = None
    """Records excluded at screening."""
    reports_sought: Count | None = None
    """Reports sought for retrieval."""
    reports_not_retrieved: Count | None = None
    """Reports not retrieved."""
    reports_assessed: Count | None = None
    """Reports assessed for eligibility (full text)."""
    reports_excluded: list[ExclusionReason] = Field(default_factory=list)
    """Reports excluded at full text, with reasons."""
    studies_included: Count | None = None
    """Studies included in the review."""
    reports_included: Count | None = None
    """Reports of included studies."""


class SearchAndScreening(Strict):
    """How the included studies were found and selected: what was done, and only what was recorded."""

    systematic_search: StrictBool
    """True when the studies were identified by a systematic search; false when they were supplied or found otherwise."""
    how_identified: Text
    """How the included studies were identified and selected, in plain words (including what was not done)."""
    approach: Literal["pre-planned", "iterative", "not applicable"] = "not applicable"
    """ENTREQ's approach to searching: pre-planned (comprehensive) or iterative; not applicable without a search."""
    sources: list[SearchSource] = Field(default_factory=list)
    """The sources searched, if any."""
    strategy: Text | None = None
    """The search strategy (terms, limits, filters), or where it is published."""
    screening: Text | None = None
    """How records were screened (stages, number of independent reviewers)."""
    flow: PrismaFlow | None = None
    """The PRISMA 2020 flow counts, if recorded."""


class InclusionCriteria(Strict):
    include: list[Text] = Field(min_length=1)
    """What a study must meet to be included."""
    exclude: list[Text] = Field(default_factory=list)
    """What excludes a study."""


class KeyMessage(Strict):
    text: Text = Field(examples=["Recovery is the person's own decision, made possible by others."])
    """One key message in plain language, drawn from the synthesis' findings (no new claims)."""
    themes: list[Slug] = Field(min_length=1, examples=[["own-decision-with-help"]])
    """Ids of the synthesized themes it rests on; the home page shows their GRADE-CERQual confidence beside it."""


class SynthesisMeta(Strict):
    title: ShortText
    """The title of the synthesis."""
    version: Annotated[StrictStr, Field(pattern=VERSION_PATTERN)] = Field(examples=["1.0.0"])
    """Semantic version of the synthesis (MAJOR.MINOR.PATCH), quoted."""
    date_released: IsoDate = Field(examples=["2026-11-23"])
    """Date of this version (YYYY-MM-DD), quoted."""
    authors: list[Author] = Field(min_length=1)
    """Who maintains the synthesis."""
    review_question: Text
    """The review question."""
    approach: Approach
    """Synthesis and confidence methods."""
    inclusion_criteria: InclusionCriteria
    """Inclusion and exclusion criteria."""
    plain_language_summary: Text | None = None
    """What the synthesis found, in a paragraph a reader outside research can follow; written from the findings
    in themes.yaml, with no claims they do not make. Shown first on the home page."""
    key_messages: list[KeyMessage] = Field(default_factory=list)
    """A few key messages, each naming the synthesized themes it rests on. Shown on the home page."""
    licence: ShortText = Field(examples=["CC-BY-4.0"])
    """SPDX identifier of the licence of the synthesis content."""
    repository_url: WebUrl = Field(examples=["https://github.com/synthsite/synthsite"])
    """Where the synthesis is kept (used for edit links and citations)."""
    default_branch: Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9._/-]+$", max_length=100)] = Field(
        default="main", examples=["main"]
    )
    """The repository branch that holds the published synthesis (used for edit and source links)."""
    site_url: WebUrl = Field(examples=["https://synthsite.github.io/synthsite/"])
    """Where the site is published (used for permalinks in citations); ends with `/`."""
    doi: Doi | None = Field(default=None, examples=["10.5281/zenodo.1234567"])
    """The synthesis's DOI (e.g. the Zenodo concept DOI), without https://doi.org/; every citation shows it when set."""
    search: SearchAndScreening | None = None
    """How the included studies were identified and screened (ENTREQ items 3-9, the PRISMA 2020 flow diagram)."""
