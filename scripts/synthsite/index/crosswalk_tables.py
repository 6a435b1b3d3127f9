"""The crosswalk's tables: the study x synthesized theme matrix (transposed for a large synthesis), a large
theme's evidence, and the two data downloads (every synthesized theme with its counts, every link in long form).
"""

from __future__ import annotations

from functools import partial

from synthsite.confidence import SIGNAL_COLUMNS, ConfidenceIndex, signal_cells
from synthsite.confidence.agreement import agreed_by_two, describe
from synthsite.confidence.register import readings
from synthsite.index.keptrows import FRESH, RowKeeper
from synthsite.index.tablekit import make_table, study_cells, study_columns, study_targets
from synthsite.index.views import CERQUAL_COMPONENTS, MULTI, Crosswalk, Link, StudyView, Support
from synthsite.model import RELATIONS, SynthesizedTheme
from synthsite.scale import is_large
from synthsite.tables import CellValue, Column, Table, Target, ToStudy, ToStudyTheme, ToTheme


def relation_text(link: Link) -> str:
    """A crosswalk cell entry as plain text: the study theme and its relation."""
    return f"{link.theme.label} ({link.relation})"


def crosswalk_mark(links: tuple[Link, ...]) -> str:
    """A crosswalk cell in two or three characters: how many study themes link, + if some extend the synthesized
    theme, − if some contradict it (the heatmap and the large crosswalk table share it)."""
    relations = {link.relation for link in links}
    return f"{len(links)}{'+' if 'extends' in relations else ''}{'−' if 'contradicts' in relations else ''}"


def relation_columns() -> tuple[Column, ...]:
    """A count column per relation (`n_supports`, `n_extends`, `n_contradicts`), filled by `relation_counts`."""
    return tuple(
        Column(
            f"n_{relation}",
            relation.capitalize(),
            numeric=True,
            description=f"Number of study themes that {relation[:-1] if relation.endswith('s') else relation} it.",
        )
        for relation in RELATIONS
    )


def relation_counts(support: Support) -> dict[str, CellValue]:
    """The cells of `relation_columns` for one synthesized theme."""
    return {f"n_{relation}": getattr(support, relation) for relation in RELATIONS}


def crosswalk_table(crosswalk: Crosswalk, keep: RowKeeper = FRESH) -> Table:
    """/themes/: synthesized themes (by domain) x studies, cells naming the linked study themes; with more than
    `scale.LARGE` studies, transposed (`crosswalk_by_study_table`), since a 1,000-column matrix is unreadable."""
    if is_large(len(crosswalk.studies)):
        return crosswalk_by_study_table(crosswalk, keep)
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
        *relation_columns(),
    ]
    rows: list[dict[str, CellValue]] = []
    links: dict[tuple[int, str], Target] = {}
    for domain, themes in crosswalk.rows:
        for theme in themes:
            support = crosswalk.support[theme.id]
            row: dict[str, CellValue] = {"theme_domain": domain.label, "theme_label": theme.label}
            for view in crosswalk.studies:
                cell = crosswalk.cells.get((theme.id, view.id), ())
                row[view.id] = MULTI.join(relation_text(link) for link in cell)
            row["n_studies"] = len(support.studies)
            row.update(relation_counts(support))
            links[(len(rows), "theme_label")] = ToTheme(theme.id)
            rows.append(row)
    return make_table(
        "crosswalk",
        "Crosswalk of study themes to synthesized themes",
        columns,
        rows,
        "Each cell lists the study's themes that support, extend or contradict the synthesized theme; "
        "Studies counts the studies that support or extend it.",
        links,
    )


def _crosswalk_row(crosswalk: Crosswalk, view: StudyView, theme_ids: tuple[str, ...]) -> dict[str, CellValue]:
    """A study's row of the large crosswalk: reads its own cells (made from its record only), `CitedAs` and the
    synthesized theme ids in table order (`keptrows`)."""
    row: dict[str, CellValue] = {**study_cells(view)}
    linked = 0
    for theme_id in theme_ids:
        cell = crosswalk.cells.get((theme_id, view.id))
        row[theme_id] = crosswalk_mark(cell) if cell else ""
        linked += bool(cell)
    row["n_themes"] = linked
    return row


def crosswalk_by_study_table(crosswalk: Crosswalk, keep: RowKeeper = FRESH) -> Table:
    """The crosswalk for a large synthesis: one row per study, one column per synthesized theme (at most a few
    dozen), each cell a `crosswalk_mark`; the study themes behind each mark are on the study page and, one row
    per link, in data/crosswalk.csv."""
    themes = [theme for _domain, domain_themes in crosswalk.rows for theme in domain_themes]
    columns = [
        *study_columns(),
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
    theme_ids = tuple(theme.id for theme in themes)
    rows = [
        keep.get("crosswalk", view.id, (view.ref, theme_ids), partial(_crosswalk_row, crosswalk, view, theme_ids))
        for view in crosswalk.studies
    ]
    return make_table(
        "crosswalk",
        "Crosswalk of studies to synthesized themes",
        columns,
        rows,
        "One row per study, one column per synthesized theme: each cell counts the study's themes linked to it "
        "(+ some extend it, − some contradict it). The study page names them; data/crosswalk.csv lists every "
        "link with its relation and rationale.",
        study_targets(crosswalk.studies),
    )


def _evidence_rows(
    view: StudyView, items: tuple[Link, ...]
) -> tuple[tuple[dict[str, CellValue], ...], tuple[Target, ...]]:
    """A study's rows of a theme's evidence table and the study-theme target of each: reads its links to the
    theme (from its record) and `CitedAs` (`keptrows`)."""
    cells = study_cells(view)  # one study's rows share them
    rows = tuple(
        {
            **cells,
            "study_theme": link.theme.label,
            "relation": link.relation,
            "rationale": link.rationale or "",
            "contested": "; ".join(f"{r.relation} ({r.source})" for r in link.contested) if link.contested else "",
        }
        for link in items
    )
    return rows, tuple(ToStudyTheme(view.id, link.theme.id) for link in items)


def _by_study(
    groups: tuple[tuple[StudyView, tuple[Link, ...]], ...],
) -> list[tuple[StudyView, tuple[Link, ...]]]:
    """The groups in study order, a study's groups (supporting, then contradicting) joined into one."""
    joined: list[tuple[StudyView, tuple[Link, ...]]] = []
    for view, items in sorted(groups, key=lambda group: group[0].id):
        if joined and joined[-1][0].id == view.id:
            joined[-1] = (view, joined[-1][1] + items)
        else:
            joined.append((view, items))
    return joined


def evidence_table(
    theme: SynthesizedTheme, groups: tuple[tuple[StudyView, tuple[Link, ...]], ...], keep: RowKeeper = FRESH
) -> Table:
    """A large theme's evidence, one row per linked study theme; each links to its descriptions and quotes.
    `groups` are the theme's cells split by side (`build._split_cells`): each study's are its own links to the
    theme, so its rows are kept by its record, the theme and `CitedAs`."""
    columns = [
        *study_columns(),
        Column("study_theme", "Study theme", description="The study's theme as the paper names it."),
        Column(
            "relation",
            "Relation",
            filter=True,
            description="How the study theme relates to the synthesized theme: supports, extends or contradicts.",
        ),
        Column("rationale", "Rationale", description="The reviewers' one-line rationale for the link."),
        Column("contested", "Contested", description="The alternative readings of a contested link, if any."),
    ]
    rows: list[dict[str, CellValue]] = []
    links: dict[tuple[int, str], Target] = {}
    for view, items in _by_study(groups):
        shelf = keep.shelf("evidence", view.id, view.ref)
        share = shelf.get(theme.id)
        if share is None:
            share = shelf[theme.id] = _evidence_rows(view, items)
        mine, targets = share
        to_study = ToStudy(view.id)
        for number, target in enumerate(targets, start=len(rows)):
            links[(number, "study")] = to_study
            links[(number, "study_theme")] = target
        rows.extend(mine)
    return make_table(
        "evidence",
        f"Study themes linked to {theme.label}",
        columns,
        rows,
        "One row per study theme that supports, extends or contradicts this finding; each links to the study "
        "page, where its description and quotes are.",
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
        *relation_columns(),
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
                    **relation_counts(support),
                    "studies": MULTI.join(support.studies),
                    **signal_cells(confidence, theme.id),
                }
            )
    return make_table(
        "themes",
        "Synthesized themes",
        columns,
        rows,
        "One row per synthesized theme: domain, review finding, GRADE-CERQual judgements and support counts.",
    )


def _links_rows(view: StudyView) -> tuple[dict[str, CellValue], ...]:
    """A study's rows of the links download: reads its record (themes and links) and `CitedAs` (`keptrows`)."""
    rows: list[dict[str, CellValue]] = []
    study_id, study_label = view.id, view.ref.in_text
    for theme in view.study.themes:
        common: dict[str, CellValue] = {
            "study": study_id,
            "study_label": study_label,
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
                    "complicates": "yes" if recorded.complicates else "no",
                    "contested": "yes" if recorded.contested else "no",
                    "alternative_readings": readings(recorded.contested) if recorded.contested else "",
                    "passage": recorded.passage or "",
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
                    "complicates": "",
                    "contested": "",
                    "alternative_readings": "",
                    "passage": "",
                }
            )
    return tuple(rows)


def links_table(views: tuple[StudyView, ...], keep: RowKeeper = FRESH) -> Table:
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
        Column(
            "complicates",
            "Complicates the finding",
            description="yes when the reviewers judge that the study theme qualifies or limits the finding.",
        ),
        Column("contested", "Contested", description="yes when an alternative reading of the link is recorded."),
        Column(
            "alternative_readings",
            "Alternative readings",
            description="Each alternative reading: relation (where it came from): rationale.",
        ),
        Column("passage", "Passage", description="The passage of the paper the recorded link rests on, if given."),
    ]
    rows = [row for view in views for row in keep.get("links", view.id, view.ref, partial(_links_rows, view))]
    return make_table("crosswalk-links", "Crosswalk links", columns, rows)
