"""The index's tables (as `tables.Table`, so page, CSV, JSON and fingerprint share one value): comparisons
across studies, per-study and per-theme tables, the crosswalk and the Summary of Qualitative Findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from synthsite import urls
from synthsite.cite import Reference
from synthsite.confidence import SIGNAL_COLUMNS, ConfidenceIndex, evidence_note, signal_cells
from synthsite.confidence.agreement import agreed_by_two, describe
from synthsite.confidence.register import register_table
from synthsite.countries import country_name
from synthsite.index.findings import profile_table, summary_table
from synthsite.index.views import (
    CASP_SHORT,
    CERQUAL_COMPONENTS,
    LIMITATION_CATEGORIES,
    MULTI,
    Crosswalk,
    Evidence,
    Link,
    StudyView,
    SynthesisIndex,
)
from synthsite.model import (
    CASP_ITEMS,
    CASP_QUESTIONS,
    NOT_REPORTED,
    PERSPECTIVES,
    RELATIONS,
    Study,
    SynthesizedTheme,
    not_reported,
)
from synthsite.scale import is_large
from synthsite.tables import CellValue, Column, Table

# ------------------------------------------------------------------------------------------ tables


def _study_columns() -> tuple[Column, Column]:
    """Every table names a study by its id (download only, so files join) and by its label (shown)."""
    return (
        Column(
            "study_id",
            "Study id",
            page=False,
            description="Id of the study (its page is /studies/<id>/), so files can be joined.",
        ),
        Column("study", "Study", description="The study, as its in-text citation (author, year)."),
    )


def _study_cells(view: StudyView) -> dict[str, CellValue]:
    return {"study_id": view.id, "study": view.ref.in_text}


def _year(ref: Reference) -> CellValue:
    return int(ref.year) if ref.year.isdigit() else ref.year


def _table(
    table_id: str,
    caption: str,
    columns: list[Column],
    rows: list[dict[str, CellValue]],
    description: str = "",
    links: dict[tuple[int, str], str] | None = None,
) -> Table:
    return Table(table_id, caption, tuple(columns), tuple(rows), description, links or {})


def _study_links(views: tuple[StudyView, ...]) -> dict[tuple[int, str], str]:
    return {(row, "study"): urls.study(view.id) for row, view in enumerate(views)}


def studies_table(views: tuple[StudyView, ...]) -> Table:
    """/studies/: one row per study, filterable by country, perspective, analysis and year."""
    columns = [
        *_study_columns(),
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
    ]
    rows = [
        {
            **_study_cells(view),
            "year": _year(view.ref),
            "countries": MULTI.join(country_name(c) for c in view.study.setting.countries),
            "setting": MULTI.join(view.study.setting.services),
            "n": view.study.sample.total,
            "perspectives": MULTI.join(view.perspectives),
            "design": view.study.method.design,
            "analysis": view.study.method.analysis,
        }
        for view in views
    ]
    return _table(
        "studies",
        "Included studies",
        columns,
        rows,
        "One row per included study: where it took place, who took part and how it was analysed.",
        _study_links(views),
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


def samples_table(views: tuple[StudyView, ...]) -> Table:
    """/compare/samples/: sample size by perspective, gender, age and recruitment, one row per study."""
    columns = [
        *_study_columns(),
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
    rows = []
    for view in views:
        sample = view.study.sample
        per: Counter[str] = Counter()
        for group in sample.groups:
            per[group.perspective] += group.n
        rows.append(
            {
                **_study_cells(view),
                "n": sample.total,
                **{p.replace(" ", "_"): per[p] for p in PERSPECTIVES},
                "groups": MULTI.join(f"{g.role} (n = {g.n})" for g in sample.groups),
                "women": _gender_total(view.study, "women"),
                "men": _gender_total(view.study, "men"),
                "other_gender": _gender_total(view.study, "other"),
                "age": MULTI.join(f"{g.role}: {g.age}" for g in sample.groups),
                "recruitment": sample.recruitment,
            }
        )
    return _table(
        "samples",
        "Sample comparison",
        columns,
        rows,
        "Who took part in each study, by perspective, with gender, age and recruitment as the papers report "
        "them; unknowns are shown as not reported, never estimated.",
        _study_links(views),
    )


def methods_table(views: tuple[StudyView, ...]) -> Table:
    """/compare/methods/: design, data collection, analysis and ethics side by side."""
    columns = [
        *_study_columns(),
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
    rows: list[dict[str, CellValue]] = [
        {
            **_study_cells(view),
            "design": view.study.method.design,
            "data_collection": view.study.method.data_collection,
            "analysis": view.study.method.analysis,
            "analysis_reference": view.study.method.analysis_reference,
            "period": view.study.setting.period,
            "ethics": view.study.method.ethics,
        }
        for view in views
    ]
    return _table(
        "methods",
        "Method comparison",
        columns,
        rows,
        "How each study collected and analysed its data, and its ethical approval.",
        _study_links(views),
    )


def limitation_text(text: str, source: str) -> str:
    """One limitation as a CSV/JSON value: the text and who states it."""
    return f"{text} ({source})"


def limitations_table(views: tuple[StudyView, ...]) -> Table:
    """/compare/limitations/: one column per limitation category in use, one row per study."""
    used = {lim.category for view in views for lim in view.study.limitations}
    categories = [c for c in LIMITATION_CATEGORIES if c in used]
    columns = [
        *_study_columns(),
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
    rows = []
    for view in views:
        row: dict[str, CellValue] = {**_study_cells(view), "limitations": len(view.study.limitations)}
        for category in categories:
            texts = [
                limitation_text(lim.text, lim.source) for lim in view.study.limitations if lim.category == category
            ]
            row[category.replace(" ", "_")] = " | ".join(texts)
        rows.append(row)
    return _table(
        "limitations",
        "Limitations by category",
        columns,
        rows,
        "Limitations stated by the authors and added by the reviewers, grouped by category; "
        "cells list each limitation with its source.",
        _study_links(views),
    )


def appraisal_table(views: tuple[StudyView, ...]) -> Table:
    """/compare/appraisal/: the CASP qualitative checklist as a study x question matrix."""
    columns = [
        *_study_columns(),
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
    rows = []
    for view in views:
        casp = view.study.appraisal.casp
        row: dict[str, CellValue] = {**_study_cells(view)}
        for name in CASP_ITEMS:
            row[name] = getattr(casp, name).answer
        row["value"] = casp.value
        rows.append(row)
    return _table(
        "appraisal",
        "CASP qualitative checklist",
        columns,
        rows,
        "Answers to the CASP qualitative checklist questions 1-9 (yes, can't tell, no) and question 10.",
        _study_links(views),
    )


def participants_table(study: Study, ref: Reference) -> Table:
    """A study's sample by group."""
    columns = [
        Column("role", "Group", description="The participant group (role) as the paper names it."),
        Column(
            "perspective",
            "Perspective",
            description="The group's perspective: service users, staff, carers/family or mixed.",
        ),
        Column("n", "n", numeric=True, description="Number of participants in the group."),
        Column("women", "Women", numeric=True, description="Women in the group."),
        Column("men", "Men", numeric=True, description="Men in the group."),
        Column(
            "other_gender", "Other gender", numeric=True, description="Participants of another gender in the group."
        ),
        Column("age", "Age", description="Age as the paper reports it."),
        Column("details", "Details", description="Further details of the group."),
    ]
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
    return _table("participants", f"Participants in {ref.narrative}", columns, rows)


def casp_table(study: Study, ref: Reference) -> Table:
    """A study's CASP appraisal: question, answer and reason."""
    columns = [
        Column("number", "No.", numeric=True, description="CASP question number (1-10)."),
        Column("question", "Question", description="The CASP qualitative checklist question."),
        Column("answer", "Answer", description="Yes, can't tell or no (empty for question 10)."),
        Column(
            "reason",
            "Reason",
            description="The reviewers' reason for the answer (for question 10, how valuable the research is).",
        ),
    ]
    casp = study.appraisal.casp
    rows: list[dict[str, CellValue]] = []
    for number, name in enumerate(CASP_QUESTIONS, start=1):
        question = CASP_QUESTIONS[name].partition(". ")[2] or CASP_QUESTIONS[name]
        if name == "value":
            rows.append({"number": number, "question": question, "answer": "", "reason": casp.value})
        else:
            item = getattr(casp, name)
            rows.append({"number": number, "question": question, "answer": item.answer, "reason": item.reason})
    return _table("casp", f"CASP appraisal of {ref.narrative}", columns, rows)


def cerqual_table(theme: SynthesizedTheme) -> Table:
    """A synthesized theme's GRADE-CERQual evidence profile: four components and the overall judgement."""
    columns = [
        Column("component", "Component", description="GRADE-CERQual component, or the overall confidence."),
        Column(
            "judgement",
            "Judgement",
            description="Level of concern for a component; the overall confidence in the last row.",
        ),
        Column("explanation", "Explanation", description="Why the reviewers judged it so."),
    ]
    rows: list[dict[str, CellValue]] = [
        {
            "component": label,
            "judgement": getattr(theme.cerqual, name).concern,
            "explanation": getattr(theme.cerqual, name).explanation,
        }
        for name, label in CERQUAL_COMPONENTS.items()
    ]
    rows.append(
        {
            "component": "Overall confidence",
            "judgement": f"{theme.cerqual.confidence} confidence",
            "explanation": theme.cerqual.explanation,
        }
    )
    return _table("cerqual", "GRADE-CERQual evidence profile", columns, rows)


def relation_text(link: Link) -> str:
    """A crosswalk cell entry as plain text: the study theme and its relation."""
    return f"{link.theme.label} ({link.relation})"


def crosswalk_mark(links: tuple[Link, ...]) -> str:
    """A crosswalk cell in two or three characters: how many study themes link, + if some extend the synthesized
    theme, − if some contradict it (the heatmap and the large crosswalk table share it)."""
    relations = {link.relation for link in links}
    return f"{len(links)}{'+' if 'extends' in relations else ''}{'−' if 'contradicts' in relations else ''}"


def crosswalk_table(crosswalk: Crosswalk) -> Table:
    """/themes/: synthesized themes (by domain) x studies, cells naming the linked study themes; with more than
    `scale.LARGE` studies, transposed (`crosswalk_by_study_table`), since a 1,000-column matrix is unreadable."""
    if is_large(len(crosswalk.studies)):
        return crosswalk_by_study_table(crosswalk)
    columns = [
        Column("theme_domain", "Domain", filter=True, description="The domain the synthesized theme belongs to."),
        Column("theme_label", "Synthesized theme", description="The synthesized (analytical) theme."),
        *(
            Column(
                view.id,
                view.ref.in_text,
                description=f"Study themes of {view.ref.in_text} linked to the synthesized theme, with the relation.",
            )
            for view in crosswalk.studies
        ),
        Column(
            "n_studies",
            "Studies",
            numeric=True,
            description="Number of studies that support or extend the synthesized theme.",
        ),
        *(
            Column(
                f"n_{relation}",
                relation.capitalize(),
                numeric=True,
                description=f"Number of study themes that {relation[:-1] if relation.endswith('s') else relation} it.",
            )
            for relation in RELATIONS
        ),
    ]
    rows: list[dict[str, CellValue]] = []
    links: dict[tuple[int, str], str] = {}
    for domain, themes in crosswalk.rows:
        for theme in themes:
            support = crosswalk.support[theme.id]
            row: dict[str, CellValue] = {"theme_domain": domain.label, "theme_label": theme.label}
            for view in crosswalk.studies:
                cell = crosswalk.cells.get((theme.id, view.id), ())
                row[view.id] = MULTI.join(relation_text(link) for link in cell)
            row["n_studies"] = len(support.studies)
            row["n_supports"] = support.supports
            row["n_extends"] = support.extends
            row["n_contradicts"] = support.contradicts
            links[(len(rows), "theme_label")] = urls.theme(theme.id)
            rows.append(row)
    return _table(
        "crosswalk",
        "Crosswalk of study themes to synthesized themes",
        columns,
        rows,
        "Each cell lists the study's themes that support, extend or contradict the synthesized theme; "
        "Studies counts the studies that support or extend it.",
        links,
    )


def crosswalk_by_study_table(crosswalk: Crosswalk) -> Table:
    """The crosswalk for a large synthesis: one row per study, one column per synthesized theme (at most a few
    dozen), each cell a `crosswalk_mark`; the study themes behind each mark are on the study page and, one row
    per link, in data/crosswalk.csv."""
    themes = [theme for _domain, domain_themes in crosswalk.rows for theme in domain_themes]
    columns = [
        *_study_columns(),
        *(
            Column(
                theme.id,
                theme.label,
                description=f"How many of the study's themes link to {theme.label} (+ extends, − contradicts).",
            )
            for theme in themes
        ),
        Column(
            "n_themes",
            "Synthesized themes",
            numeric=True,
            description="Number of synthesized themes the study's themes link to.",
        ),
    ]
    rows: list[dict[str, CellValue]] = []
    for view in crosswalk.studies:
        row: dict[str, CellValue] = {**_study_cells(view)}
        linked = 0
        for theme in themes:
            cell = crosswalk.cells.get((theme.id, view.id))
            row[theme.id] = crosswalk_mark(cell) if cell else ""
            linked += bool(cell)
        row["n_themes"] = linked
        rows.append(row)
    return _table(
        "crosswalk",
        "Crosswalk of studies to synthesized themes",
        columns,
        rows,
        "One row per study, one column per synthesized theme: each cell counts the study's themes linked to it "
        "(+ some extend it, − some contradict it). The study page names them; data/crosswalk.csv lists every "
        "link with its relation and rationale.",
        _study_links(crosswalk.studies),
    )


def evidence_table(theme: SynthesizedTheme, groups: tuple[tuple[StudyView, tuple[Link, ...]], ...]) -> Table:
    """A large theme's evidence, one row per linked study theme; each links to its descriptions and quotes."""
    columns = [
        *_study_columns(),
        Column("study_theme", "Study theme", description="The study's theme as the paper names it."),
        Column(
            "relation",
            "Relation",
            filter=True,
            description="How the study theme relates to the synthesized theme: supports, extends or contradicts.",
        ),
        Column("rationale", "Rationale", description="The reviewers' one-line rationale for the link."),
    ]
    rows: list[dict[str, CellValue]] = []
    links: dict[tuple[int, str], str] = {}
    for view, items in sorted(groups, key=lambda group: group[0].id):
        for link in items:
            links[(len(rows), "study")] = urls.study(view.id)
            links[(len(rows), "study_theme")] = urls.study_theme(view.id, link.theme.id)
            rows.append(
                {
                    **_study_cells(view),
                    "study_theme": link.theme.label,
                    "relation": link.relation,
                    "rationale": link.rationale or "",
                }
            )
    return _table(
        "evidence",
        f"Study themes linked to {theme.label}",
        columns,
        rows,
        "One row per study theme that supports, extends or contradicts this finding; each links to the study "
        "page, where its description and quotes are.",
        links,
    )


def findings_table(crosswalk: Crosswalk, evidence: dict[str, Evidence], confidence: ConfidenceIndex) -> Table:
    """The Summary of Qualitative Findings: finding, contributing studies, CERQual confidence, explanation."""
    columns = [
        Column("theme_label", "Synthesized theme", description="The synthesized (analytical) theme."),
        Column("finding", "Review finding", description="The review finding the theme states."),
        Column(
            "study_ids",
            "Contributing study ids",
            page=False,
            description="Ids of the contributing studies, separated by semicolons.",
        ),
        Column("studies", "Contributing studies", description="Studies whose themes support or extend the finding."),
        Column("n_studies", "n studies", numeric=True, description="Number of contributing studies."),
        Column(
            "confidence",
            "CERQual confidence",
            filter=True,
            description="GRADE-CERQual confidence in the finding: high, moderate, low or very low.",
        ),
        Column("explanation", "Explanation of the assessment", description="Why the reviewers assessed confidence so."),
        Column(
            "evidence_note",
            "Evidence notes",
            description="Where the evidence has moved since the assessment, or other notes on it (empty if none).",
        ),
    ]
    by_id = {view.id: view for view in crosswalk.studies}
    rows: list[dict[str, CellValue]] = []
    links: dict[tuple[int, str], str] = {}
    for _domain, themes in crosswalk.rows:
        for theme in themes:
            found = evidence[theme.id]
            rows_index = len(rows)
            links[(rows_index, "theme_label")] = urls.theme(theme.id)
            rows.append(
                {
                    "theme_label": theme.label,
                    "finding": theme.finding,
                    "study_ids": MULTI.join(found.support.studies),
                    "studies": MULTI.join(by_id[s].ref.in_text for s in found.support.studies),
                    "n_studies": len(found.support.studies),
                    "confidence": theme.cerqual.confidence,
                    "explanation": theme.cerqual.explanation,
                    "evidence_note": evidence_note(confidence, theme.id),
                }
            )
    return _table(
        "summary-of-findings",
        "Summary of Qualitative Findings",
        columns,
        rows,
        "Each review finding with the studies that contribute to it, the GRADE-CERQual assessment of "
        "confidence in it, and notes on findings that rest on one study or one perspective or whose assessment "
        "predates the current evidence.",
        links,
    )


def themes_table(crosswalk: Crosswalk, confidence: ConfidenceIndex) -> Table:
    """Data download: every synthesized theme with its CERQual judgements and support counts."""
    columns = [
        Column("id", "Id", description="The synthesized theme's id (its page is /themes/<id>/)."),
        Column("label", "Synthesized theme", description="The synthesized theme's label."),
        Column("domain", "Domain", description="The id of the domain the theme belongs to."),
        Column("finding", "Review finding", description="The review finding the theme states."),
        Column(
            "confidence",
            "CERQual confidence",
            description="GRADE-CERQual confidence in the finding: high, moderate, low or very low.",
        ),
        *(
            Column(name, label, description=f"GRADE-CERQual concern: {label.lower()}.")
            for name, label in CERQUAL_COMPONENTS.items()
        ),
        Column("n_studies", "Studies", numeric=True, description="Number of studies that support or extend the theme."),
        *(
            Column(
                f"n_{relation}",
                relation.capitalize(),
                numeric=True,
                description=f"Number of study themes that {relation[:-1] if relation.endswith('s') else relation} it.",
            )
            for relation in RELATIONS
        ),
        Column(
            "studies", "Contributing study ids", description="Ids of the contributing studies, separated by semicolons."
        ),
        *SIGNAL_COLUMNS,
    ]
    rows: list[dict[str, CellValue]] = []
    for domain, themes in crosswalk.rows:
        for theme in themes:
            support = crosswalk.support[theme.id]
            rows.append(
                {
                    "id": theme.id,
                    "label": theme.label,
                    "domain": domain.id,
                    "finding": theme.finding,
                    "confidence": theme.cerqual.confidence,
                    **{name: getattr(theme.cerqual, name).concern for name in CERQUAL_COMPONENTS},
                    "n_studies": len(support.studies),
                    "n_supports": support.supports,
                    "n_extends": support.extends,
                    "n_contradicts": support.contradicts,
                    "studies": MULTI.join(support.studies),
                    **signal_cells(confidence, theme.id),
                }
            )
    return _table(
        "themes",
        "Synthesized themes",
        columns,
        rows,
        "One row per synthesized theme: domain, review finding, GRADE-CERQual judgements and support counts.",
    )


def links_table(views: tuple[StudyView, ...]) -> Table:
    """Data download: the crosswalk in long form, one row per link between a study theme and a synthesized theme,
    and one row with an empty target for each study theme linked to none (with the reason, when it gives one)."""
    columns = [
        Column("study", "Study id", description="Id of the study (its page is /studies/<id>/)."),
        Column("study_label", "Study", description="The study, as its in-text citation."),
        Column("study_theme", "Study theme id", description="Id of the study theme within its study."),
        Column("study_theme_label", "Study theme", description="The study theme as the paper names it."),
        Column("level", "Level", description="Theme or subtheme."),
        Column("parent", "Parent theme id", description="For a subtheme, the id of its parent theme."),
        Column("perspective", "Perspective", description="Whose experience the study theme reports."),
        Column("synthesized_theme", "Synthesized theme id", description="Id of the synthesized theme it links to."),
        Column("relation", "Relation", description="supports, extends or contradicts."),
        Column("rationale", "Rationale", description="The reviewers' one-line rationale for the link."),
        Column(
            "unlinked_reason",
            "Why not linked",
            description="For a study theme linked to no synthesized theme: why (e.g. text not available, outside the question).",
        ),
        Column(
            "unlinked_explanation",
            "Why not linked: explanation",
            description="For a study theme linked to no synthesized theme: the reviewers’ explanation.",
        ),
        Column(
            "review",
            "Review (who proposed and agreed, when)",
            description="Who proposed and who agreed the link, and when.",
        ),
        Column(
            "agreed_by_two_reviewers", "Agreed by two reviewers", description="Whether two reviewers agreed the link."
        ),
    ]
    rows: list[dict[str, CellValue]] = []
    for view in views:
        for theme in view.study.themes:
            common: dict[str, CellValue] = {
                "study": view.id,
                "study_label": view.ref.in_text,
                "study_theme": theme.id,
                "study_theme_label": theme.label,
                "level": theme.level,
                "parent": theme.parent or "",
                "perspective": theme.perspective,
            }
            links = view.links[theme.id]
            for link, recorded in zip(links, theme.synthesis, strict=True):
                rows.append(
                    {
                        **common,
                        "synthesized_theme": link.synthesized,
                        "relation": link.relation,
                        "rationale": link.rationale or "",
                        "unlinked_reason": "",
                        "unlinked_explanation": "",
                        "review": describe(recorded.review),
                        "agreed_by_two_reviewers": "yes" if agreed_by_two(recorded.review) else "no",
                    }
                )
            if not links:
                unlinked = theme.unlinked
                rows.append(
                    {
                        **common,
                        "synthesized_theme": "",
                        "relation": "",
                        "rationale": "",
                        "unlinked_reason": unlinked.reason if unlinked else "",
                        "unlinked_explanation": unlinked.explanation if unlinked else "",
                        "review": "",
                        "agreed_by_two_reviewers": "",
                    }
                )
    return _table("crosswalk-links", "Crosswalk links", columns, rows)


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
    TableSpec("studies", lambda index: studies_table(index.studies)),
    TableSpec("samples", lambda index: samples_table(index.studies)),
    TableSpec("methods", lambda index: methods_table(index.studies)),
    TableSpec("limitations", lambda index: limitations_table(index.studies)),
    TableSpec("appraisal", lambda index: appraisal_table(index.studies)),
    TableSpec("crosswalk", lambda index: crosswalk_table(index.crosswalk)),
    TableSpec("findings", lambda index: findings_table(index.crosswalk, index.evidence, confidence_of(index))),
    TableSpec("themes", lambda index: themes_table(index.crosswalk, confidence_of(index))),
    TableSpec("links", lambda index: links_table(index.studies)),
    TableSpec("summary_of_qualitative_findings", lambda index: summary_table(index.crosswalk, index.evidence)),
    TableSpec("evidence_profile", lambda index: profile_table(index.crosswalk, index.evidence)),
    TableSpec(
        "disconfirming",
        lambda index: register_table(
            confidence_of(index).signals, index.theme_labels, {view.id: view.ref.in_text for view in index.studies}
        ),
    ),
)
"""Every whole-synthesis table, built once per index in this order. A new table is a function above and a line
here; the registry (`synthsite.registry`) says which page shows it."""
