"""Each table row's <tr> kept between the renders of one preview, by what it is made from (`KeptRows`).

`tableview._rows` draws the rows; this module only holds them, so `render.rendering` can carry them without
importing the table view.
"""

from __future__ import annotations

from dataclasses import dataclass

from synthsite.tables import CellValue, Target

RowKey = tuple[tuple[CellValue, ...], tuple[Target | None, ...], tuple[str | None, ...]]
"""A row's values in column order, its links and its HTML overrides in the linked and overridden columns' order."""


@dataclass(frozen=True)
class MadeRow:
    html: str
    """The <tr>."""
    lengths: tuple[int, ...]
    """Each shown column's text length (for `ColumnView.wide`/`narrow`)."""
    filter_texts: tuple[str, ...]
    """Each filter column's text (for the filter's options)."""


class KeptRows:
    """Each table row's <tr> by what it is made from, kept between the renders of one preview (`render.reuse.PageReuse`
    holds it); nothing else gets one.

    A save changes a few rows of the long corpus-wide tables (the disconfirming-evidence register, the comparison
    tables, /themes/' tables), and drawing them all again was a fifth of a save's generation. What `tableview._rows` reads to
    make a row (the audit the key rests on; `esc_str`, `target_url` and the markup are code):

    - the page (every link is relative to it) and the table's column plan: each shown column's key, whether it has
      links or HTML overrides, whether it is a filter column and multi-valued, and its `data-column` attribute
      (which holds whether the table is large): together the book a row is kept in (`book`);
    - the row's values in column order: its cells' texts, and through them each filter cell's attribute;
    - its links (`Target`, whose URL `target_url` makes from the target alone) in the linked columns, and its
      HTML overrides in the overridden columns.

    A row is kept only when its values are all of `kepttexts.EXACT_TYPES` (equal values, equal text); any other
    row is drawn each time. What a row contributes besides its <tr> (each column's text length, each filter
    column's text) is kept with it. Rows the last render did not use are dropped at the next `start`."""

    def __init__(self) -> None:
        self._current: dict[tuple[object, ...], dict[RowKey, MadeRow]] = {}
        self._previous: dict[tuple[object, ...], dict[RowKey, MadeRow]] = {}
        self.made = 0
        """Rows drawn since `start` (the rest were kept; for the tests)."""
        self.used = 0
        """Rows drawn or kept since `start`."""

    def start(self) -> None:
        """Begin a render: what the last one did not use is forgotten."""
        self._previous, self._current = self._current, {}
        self.made = self.used = 0

    def book(self, context: tuple[object, ...]) -> tuple[dict[RowKey, MadeRow], dict[RowKey, MadeRow]]:
        """The rows of this render and of the last one for a page and column plan (`context`)."""
        return self._current.setdefault(context, {}), self._previous.get(context, {})
