"""What the index's tables share: the two study columns (id and label), their cells, the year cell,
the study-page link of each row, and `make_table`."""

from __future__ import annotations

from synthsite.index.views import CitedAs, StudyView
from synthsite.tables import CellValue, Column, Table, Target, ToStudy


def study_columns() -> tuple[Column, Column]:
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


def study_cells(view: StudyView) -> dict[str, CellValue]:
    """The cells of `study_columns` for one study."""
    return {"study_id": view.id, "study": view.ref.in_text}


def year_cell(ref: CitedAs) -> CellValue:
    """The year as a number when it is one ("2023"), else as written ("in press")."""
    return int(ref.year) if ref.year.isdigit() else ref.year


def make_table(
    table_id: str,
    caption: str,
    columns: list[Column],
    rows: list[dict[str, CellValue]],
    description: str = "",
    links: dict[tuple[int, str], Target] | None = None,
    *,
    read_whole: bool = False,
) -> Table:
    """A `Table` from lists (builders append rows as they go)."""
    return Table(table_id, caption, tuple(columns), tuple(rows), description, links or {}, read_whole=read_whole)


def study_targets(views: tuple[StudyView, ...]) -> dict[tuple[int, str], Target]:
    """Each row's study cell links to its study page (tables with one row per study, in `views` order)."""
    return {(row, "study"): ToStudy(view.id) for row, view in enumerate(views)}
