"""Problems found in the data: one type for every error and warning the tool reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from synthsite.load.text import displayable

Severity = Literal["error", "warning"]


class DataError(Exception):
    """Raised by commands that need a valid corpus; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the data")
        self.problems = problems


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located at the offending value: `path:line:col: field: message (hint)`."""

    path: str
    line: int
    col: int
    field: str
    message: str
    hint: str | None = None
    severity: Severity = "error"

    def format(self) -> str:
        """The one-line form contributors read; warnings are marked so they stand out from errors. Every part a
        pull request can choose (a file name, a field name, a value quoted in the message) is shown with its
        control, line-break and bidirectional characters escaped (`text.displayable`): the line stays one line
        in a terminal and a CI log, where a line starting `::` would be a workflow command."""
        label = "warning: " if self.severity == "warning" else ""
        field = self.field or "(file)"
        hint = f" ({self.hint})" if self.hint else ""
        return displayable(f"{self.path}:{self.line}:{self.col}: {field}: {label}{self.message}{hint}")


def field_path(parts: tuple[str | int, ...]) -> str:
    """`("themes", 2, "quotes", 0, "text")` -> `themes[2].quotes[0].text`."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Stable, de-duplicated order: by file, then line, column and field."""
    return sorted(set(problems))
