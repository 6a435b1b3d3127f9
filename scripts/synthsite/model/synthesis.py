"""The synthesis-level records: `synthesis/themes.yaml` (domains, synthesized themes and their GRADE-CERQual
assessment) and `synthesis/synthesis.yaml` (the review's metadata, approach, search and screening).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr

from synthsite.model.vocabulary import (
    VERSION_PATTERN,
    Concern,
    Confidence,
    Count,
    IsoDate,
    RuleId,
    ShortText,
    Slug,
    Strict,
    Text,
    Version,
    WebUrl,
)

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
    rationale: Text | None = None
    """Why this synthesis method was chosen (ENTREQ item 2)."""
    appraisal_rationale: Text | None = None
    """Why the studies were appraised, and with this tool (ENTREQ item 10)."""
    coding: Text | None = None
    """How the primary studies' findings were coded, including what was not done (ENTREQ item 17)."""
    derivation: Literal["inductive", "deductive", "inductive and deductive"] | None = None
    """Whether the synthesized themes were derived inductively, deductively or both (ENTREQ item 19)."""
    software: Text | None = None
    """Software used for the synthesis, or that none was (ENTREQ item 15)."""
    limits: Text | None = None
    """What the method, as done, cannot support, in plain words; shown with the findings and on the home page."""


class StepConduct(Strict):
    reviewers: Annotated[StrictInt, Field(ge=1, le=1000)] = Field(examples=[1])
    """How many reviewers did this step."""
    independent: StrictBool = False
    """True when at least two reviewers did the step independently of each other."""
    note: Text | None = None
    """Anything a reader needs to know about how the step was done (e.g. how disagreements were resolved)."""


class Conduct(Strict):
    """Who did each step of the review: stated, so that ENTREQ's items on reviewers and the limits of the method
    are reported from facts."""

    extraction: StepConduct
    """Extracting study records (setting, sample, method, themes, quotes)."""
    appraisal: StepConduct
    """Appraising studies with the appraisal tool."""
    linking: StepConduct
    """Linking study themes to synthesized themes (the crosswalk)."""
    cerqual: StepConduct
    """Assessing confidence in each finding (GRADE-CERQual)."""


Doi = Annotated[StrictStr, Field(pattern=r"^10\.\d{4,9}/[^\s]+$", max_length=200)]


class SearchSource(Strict):
    name: ShortText = Field(examples=["MEDLINE (Ovid)"])
    """A database, register, website or other source searched."""
    searched: IsoDate | None = None
    """When it was last searched (YYYY-MM-DD)."""
    records: Count | None = None
    """Records it returned, if recorded."""


class OtherMethod(Strict):
    name: ShortText = Field(examples=["full texts supplied by the review team", "citation searching"])
    """How studies were identified other than by searching databases and registers."""
    n: Count
    """How many reports were identified this way."""


class ExclusionReason(Strict):
    reason: ShortText = Field(examples=["not qualitative"])
    """Why reports were excluded at full text."""
    n: Count
    """How many reports were excluded for this reason."""


class PrismaFlow(Strict):
    """The PRISMA 2020 flow (databases and registers): every count is optional; only recorded ones are drawn."""

    records_identified: Count | None = None
    """Records identified from databases and registers."""
    identified_other: list[OtherMethod] = Field(default_factory=list)
    """Reports identified by other methods (PRISMA 2020's second arm): supplied, citation searching, websites."""
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
    conduct: Conduct | None = None
    """How many reviewers did each step, and whether independently (ENTREQ items 12, 14 and 16)."""
