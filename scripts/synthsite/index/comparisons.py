"""Comparisons across studies (one row per study: /studies/ and the compare/ pages), each study's own two
tables, and `TABLES`: the list of every whole-synthesis table, wherever its builder lives.

Each table is a `tables.Table`, so its page, CSV, JSON and fingerprint share one value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from synthsite.confidence import ConfidenceIndex
from synthsite.confidence.register import register_table
from synthsite.countries import country_name
from synthsite.index.crosswalk_tables import crosswalk_table, links_table, themes_table
from synthsite.index.findings import findings_table, profile_table, summary_table
from synthsite.index.keptrows import FRESH, RowKeeper
from synthsite.index.tablekit import make_table, study_cells, study_columns, study_targets, year_cell
from synthsite.index.views import CASP_SHORT, LIMITATION_CATEGORIES, MULTI, CitedAs, StudyView, SynthesisIndex
from synthsite.model import (
    CASP_ITEMS,
    CASP_QUESTIONS,
    NOT_REPORTED,
    PERSPECTIVES,
    Study,
    not_reported,
)
from synthsite.tables import CellValue, Column, Table


def _studies_row(view: StudyView) -> dict[str, CellValue]:
    """A study's row of /studies/: reads its record and `CitedAs` (`keptrows`)."""
    return {
        **study_cells(view),
        "year": year_cell(view.ref),
        "countries": MULTI.join(country_name(c) for c in view.study.setting.countries),
        "setting": MULTI.join(view.study.setting.services),
        "n": view.study.sample.total,
        "perspectives": MULTI.join(view.perspectives),
        "design": view.study.method.design,
        "analysis": view.study.method.analysis,
        "citation_key": view.study.citation,
    }


def studies_table(views: tuple[StudyView, ...], keep: RowKeeper = FRESH) -> Table:
    """/studies/: one row per study, filterable by country, perspective, analysis and year."""
    columns = [
        *study_columns(),
        Column("year", "Year", numeric=True, filter=True, description="Year of publication."),
        Column(
            "countries",
            "Countries",
            filter=True,
            multi=True,
            description="Countries where the study took place (English short names; several separated by semicolons).",
        ),
        Column("setting", "Setting", description="The services the participants used or worked in."),
        Column("n", "n", numeric=True, description="Total number of participants."),
        Column(
            "perspectives",
            "Perspectives",
            filter=True,
            multi=True,
            description="Whose experience the study reports: service users, staff, carers/family or mixed.",
        ),
        Column("design", "Design", description="Study design as the paper describes it."),
        Column("analysis", "Analysis", filter=True, description="Analysis approach."),
        Column(
            "citation_key",
            "BibTeX key",
            page=False,
            description="Key of the study's entry in references.bib (and ID of its record in references.ris).",
        ),
    ]
    rows = [keep.get("studies", view.id, view.ref, partial(_studies_row, view)) for view in views]
    return make_table(
        "studies",
        "Included studies",
        columns,
        rows,
        "One row per included study: where it took place, who took part and how it was analysed.",
        study_targets(views),
    )


def _gender_total(study: Study, key: str) -> CellValue:
    """Sum of a gender count over the groups, or `not reported` if any group lacks it."""
    total = 0
    for group in study.sample.groups:
        if not_reported(group.gender):
            return NOT_REPORTED
        value = getattr(group.gender, key)
        if value == NOT_REPORTED:
            return NOT_REPORTED
        total += int(value)
    return total


def _samples_row(view: StudyView) -> dict[str, CellValue]:
    """A study's row of /compare/samples/: reads its record and `CitedAs` (`keptrows`)."""
    sample = view.study.sample
    per: Counter[str] = Counter()
    for group in sample.groups:
        per[group.perspective] += group.n
    return {
        **study_cells(view),
        "n": sample.total,
        **{p.replace(" ", "_"): per[p] for p in PERSPECTIVES},
        "groups": MULTI.join(f"{g.role} (n = {g.n})" for g in sample.groups),
        "women": _gender_total(view.study, "women"),
        "men": _gender_total(view.study, "men"),
        "other_gender": _gender_total(view.study, "other"),
        "age": MULTI.join(f"{g.role}: {g.age}" for g in sample.groups),
        "recruitment": sample.recruitment,
    }


def samples_table(views: tuple[StudyView, ...], keep: RowKeeper = FRESH) -> Table:
    """/compare/samples/: sample size by perspective, gender, age and recruitment, one row per study."""
    columns = [
        *study_columns(),
        Column("n", "n", numeric=True, description="Total number of participants."),
        *(
            Column(
                p.replace(" ", "_"), p.capitalize(), numeric=True, description=f"Participants with the {p} perspective."
            )
            for p in PERSPECTIVES
        ),
        Column("groups", "Groups", description="Participant groups with their size."),
        Column(
            "women",
            "Women",
            numeric=True,
            description="Women across all groups (not reported when any group lacks the count).",
        ),
        Column(
            "men",
            "Men",
            numeric=True,
            description="Men across all groups (not reported when any group lacks the count).",
        ),
        Column(
            "other_gender",
            "Other gender",
            numeric=True,
            description="Participants of another gender across all groups (not reported when any group lacks the count).",
        ),
        Column("age", "Age", description="Age of each group as the paper reports it."),
        Column("recruitment", "Recruitment", description="How participants were recruited."),
    ]
    rows = [keep.get("samples", view.id, view.ref, partial(_samples_row, view)) for view in views]
    return make_table(
        "samples",
        "Sample comparison",
        columns,
        rows,
        "Who took part in each study, by perspective, with gender, age and recruitment as the papers report "
        "them; unknowns are shown as not reported, never estimated.",
        study_targets(views),
    )


def _methods_row(view: StudyView) -> dict[str, CellValue]:
    """A study's row of /compare/methods/: reads its record and `CitedAs` (`keptrows`)."""
    return {
        **study_cells(view),
        "design": view.study.method.design,
        "data_collection": view.study.method.data_collection,
        "analysis": view.study.method.analysis,
        "analysis_reference": view.study.method.analysis_reference,
        "period": view.study.setting.period,
        "ethics": view.study.method.ethics,
    }


def methods_table(views: tuple[StudyView, ...], keep: RowKeeper = FRESH) -> Table:
    """/compare/methods/: design, data collection, analysis and ethics side by side."""
    columns = [
        *study_columns(),
        Column("design", "Design", description="Study design as the paper describes it."),
        Column(
            "data_collection",
            "Data collection",
            description="How the data were collected (interviews, focus groups, written narratives...).",
        ),
        Column("analysis", "Analysis", filter=True, description="Analysis approach."),
        Column(
            "analysis_reference", "Analysis reference", description="The methodological reference the analysis follows."
        ),
        Column("period", "Data collected", description="When the data were collected."),
        Column("ethics", "Ethics", description="Ethical approval and consent as reported."),
    ]
    rows = [keep.get("methods", view.id, view.ref, partial(_methods_row, view)) for view in views]
    return make_table(
        "methods",
        "Method comparison",
        columns,
        rows,
        "How each study collected and analysed its data, and its ethical approval.",
        study_targets(views),
    )


def limitation_text(text: str, source: str) -> str:
    """One limitation as a CSV/JSON value: the text and who states it."""
    return f"{text} ({source})"


def _limitations_row(view: StudyView, categories: tuple[str, ...]) -> dict[str, CellValue]:
    """A study's row of /compare/limitations/: reads its record, `CitedAs` and the categories in use (the
    columns, across studies) (`keptrows`)."""
    row: dict[str, CellValue] = {**study_cells(view), "limitations": len(view.study.limitations)}
    for category in categories:
        texts = [limitation_text(lim.text, lim.source) for lim in view.study.limitations if lim.category == category]
        row[category.replace(" ", "_")] = " | ".join(texts)
    return row


def limitations_table(views: tuple[StudyView, ...], keep: RowKeeper = FRESH) -> Table:
    """/compare/limitations/: one column per limitation category in use, one row per study."""
    used = {lim.category for view in views for lim in view.study.limitations}
    categories = tuple(c for c in LIMITATION_CATEGORIES if c in used)
    columns = [
        *study_columns(),
        Column("limitations", "Limitations", numeric=True, description="Number of limitations recorded for the study."),
        *(
            Column(
                c.replace(" ", "_"),
                c.capitalize(),
                description=f"Limitations in the category {c}, each with its source.",
            )
            for c in categories
        ),
    ]
    rows = [
        keep.get("limitations", view.id, (view.ref, categories), partial(_limitations_row, view, categories))
        for view in views
    ]
    return make_table(
        "limitations",
        "Limitations by category",
        columns,
        rows,
        "Limitations stated by the authors and added by the reviewers, grouped by category; "
        "cells list each limitation with its source.",
        study_targets(views),
    )


def _appraisal_row(view: StudyView) -> dict[str, CellValue]:
    """A study's row of /compare/appraisal/: reads its record and `CitedAs` (`keptrows`)."""
    casp = view.study.appraisal.casp
    row: dict[str, CellValue] = {**study_cells(view)}
    for name in CASP_ITEMS:
        row[name] = getattr(casp, name).answer
    row["value"] = casp.value
    return row


def appraisal_table(views: tuple[StudyView, ...], keep: RowKeeper = FRESH) -> Table:
    """/compare/appraisal/: the CASP qualitative checklist as a study x question matrix."""
    columns = [
        *study_columns(),
        *(
            Column(
                name,
                f"{number}. {CASP_SHORT[name]}",
                description=f"CASP question {CASP_QUESTIONS[name]} (yes, can't tell or no).",
            )
            for number, name in enumerate(CASP_ITEMS, start=1)
        ),
        Column(
            "value",
            f"{len(CASP_ITEMS) + 1}. {CASP_SHORT['value']}",
            description=f"CASP question {len(CASP_ITEMS) + 1}: how valuable the research is (reviewers' text).",
        ),
    ]
    rows = [keep.get("appraisal", view.id, view.ref, partial(_appraisal_row, view)) for view in views]
    return make_table(
        "appraisal",
        "CASP qualitative checklist",
        columns,
        rows,
        "Answers to the CASP qualitative checklist questions 1-9 (yes, can't tell, no) and question 10.",
        study_targets(views),
    )


PARTICIPANT_COLUMNS = (
    Column("role", "Group", description="The participant group (role) as the paper names it."),
    Column(
        "perspective",
        "Perspective",
        description="The group's perspective: service users, staff, carers/family or mixed.",
    ),
    Column("n", "n", numeric=True, description="Number of participants in the group."),
    Column("women", "Women", numeric=True, description="Women in the group."),
    Column("men", "Men", numeric=True, description="Men in the group."),
    Column("other_gender", "Other gender", numeric=True, description="Participants of another gender in the group."),
    Column("age", "Age", description="Age as the paper reports it."),
    Column("details", "Details", description="Further details of the group."),
)
"""The columns of every study's participants table (made once: the index makes a thousand such tables)."""


def participants_table(study: Study, ref: CitedAs) -> Table:
    """A study's sample by group."""
    rows: list[dict[str, CellValue]] = []
    for group in study.sample.groups:
        gender = group.gender
        rows.append(
            {
                "role": group.role,
                "perspective": group.perspective,
                "n": group.n,
                "women": NOT_REPORTED if not_reported(gender) else gender.women,
                "men": NOT_REPORTED if not_reported(gender) else gender.men,
                "other_gender": NOT_REPORTED if not_reported(gender) else gender.other,
                "age": group.age,
                "details": group.details or "",
            }
        )
    return make_table("participants", f"Participants in {ref.narrative}", list(PARTICIPANT_COLUMNS), rows)


CASP_COLUMNS = (
    Column("number", "No.", numeric=True, description="CASP question number (1-10)."),
    Column("question", "Question", description="The CASP qualitative checklist question."),
    Column("answer", "Answer", description="Yes, can't tell or no (empty for question 10)."),
    Column(
        "reason",
        "Reason",
        description="The reviewers' reason for the answer (for question 10, how valuable the research is).",
    ),
)
"""The columns of every study's CASP table (made once, as `PARTICIPANT_COLUMNS`)."""
CASP_ROWS = tuple(
    (number, name, CASP_QUESTIONS[name].partition(". ")[2] or CASP_QUESTIONS[name])
    for number, name in enumerate(CASP_QUESTIONS, start=1)
)
"""Each CASP question's number, field name and question text, as the CASP table shows them."""


def casp_table(study: Study, ref: CitedAs) -> Table:
    """A study's CASP appraisal: question, answer and reason."""
    casp = study.appraisal.casp
    rows: list[dict[str, CellValue]] = []
    for number, name, question in CASP_ROWS:
        if name == "value":
            rows.append({"number": number, "question": question, "answer": "", "reason": casp.value})
        else:
            item = getattr(casp, name)
            rows.append({"number": number, "question": question, "answer": item.answer, "reason": item.reason})
    return make_table("casp", f"CASP appraisal of {ref.narrative}", list(CASP_COLUMNS), rows)


def confidence_of(index: SynthesisIndex) -> ConfidenceIndex:
    """The index's confidence layer (always set by `build_index`)."""
    assert index.confidence is not None
    return index.confidence


@dataclass(frozen=True)
class TableSpec:
    """A table of the whole synthesis: its key (pages name it in the registry) and how to build it."""

    key: str
    build: Callable[[SynthesisIndex], Table]


TABLES: tuple[TableSpec, ...] = (
    TableSpec("studies", lambda index: studies_table(index.studies, RowKeeper(index.corpus))),
    TableSpec("samples", lambda index: samples_table(index.studies, RowKeeper(index.corpus))),
    TableSpec("methods", lambda index: methods_table(index.studies, RowKeeper(index.corpus))),
    TableSpec("limitations", lambda index: limitations_table(index.studies, RowKeeper(index.corpus))),
    TableSpec("appraisal", lambda index: appraisal_table(index.studies, RowKeeper(index.corpus))),
    TableSpec("crosswalk", lambda index: crosswalk_table(index.crosswalk, RowKeeper(index.corpus))),
    TableSpec("findings", lambda index: findings_table(index.crosswalk, index.evidence, confidence_of(index))),
    TableSpec("themes", lambda index: themes_table(index.crosswalk, confidence_of(index))),
    TableSpec("links", lambda index: links_table(index.studies, RowKeeper(index.corpus))),
    TableSpec(
        "summary_of_qualitative_findings",
        lambda index: summary_table(index.crosswalk, index.evidence, confidence_of(index), index.edition.cell),
    ),
    TableSpec(
        "evidence_profile",
        lambda index: profile_table(index.crosswalk, index.evidence, confidence_of(index), index.edition.cell),
    ),
    TableSpec(
        "disconfirming",
        lambda index: register_table(
            confidence_of(index).signals, index.theme_labels, {view.id: view.ref.in_text for view in index.studies}
        ),
    ),
)
"""Every whole-synthesis table, built once per index in this order. A new table is a function above and a line
here; the registry (`synthsite.render.registry`) says which page shows it."""
