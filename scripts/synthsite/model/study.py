"""The study record: one file per included study in `synthesis/studies/` (setting, sample, method, themes
with quotes and crosswalk links, limitations, CASP appraisal).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictStr, model_validator

from synthsite.countries import ISO_3166_ALPHA2
from synthsite.model.vocabulary import (
    CITATION_KEY_MAX_LENGTH,
    CITATION_KEY_PATTERN,
    CaspAnswer,
    Count,
    CountOrNotReported,
    CountryCode,
    Handle,
    IsoDate,
    LimitationCategory,
    LimitationSource,
    NotReported,
    Perspective,
    ReadingRelation,
    Relation,
    ShortText,
    Slug,
    Strict,
    Text,
    ThemeLevel,
    UnlinkedReason,
)


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
    page: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{0,2}[0-9]{1,6}(-[A-Za-z]{0,2}[0-9]{1,6})?$", examples=["12", "12-13", "e1234"]
    )
    """The page (or page range, with a hyphen) the quote is printed on, as the paper numbers its pages; leave it
    out where the paper has none. Shown as "p. 12" or "pp. 12-13"."""


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


class AlternativeReading(Strict):
    """A reading of a link that differs from the one recorded, kept as data so that the disagreement and its
    weight on coherence are visible rather than settled silently."""

    relation: ReadingRelation = Field(examples=["supports", "no link"])
    """How this reading relates the study theme to the finding: `supports`, `extends`, `contradicts`, or
    `no link` (the study theme does not bear on the finding)."""
    rationale: Text
    """Why this reading, in a sentence or two."""
    passage: Text
    """The passage of the paper the reading rests on, with its location (section, table, participant label)."""
    source: ShortText = Field(examples=["independent re-reading, 2026-12"])
    """Where the reading came from (e.g. "independent re-reading, 2026-12"); a reviewer's handle only if that
    reviewer exists."""


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
    passage: Text | None = Field(default=None)
    """The passage of the paper the link rests on, with its location; recommended for contested links."""
    complicates: StrictBool = Field(default=False)
    """True when the reviewers judge that the study theme complicates the finding (qualifies or limits it)
    without contradicting it; such links are listed in the register of disconfirming evidence."""
    contested: list[AlternativeReading] = Field(default_factory=list)
    """Other readings of this link (another relation, or no link), each with its rationale, passage and source.
    A contested link is shown as such on theme pages, in the register and the downloads, and weighs on
    coherence."""


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
