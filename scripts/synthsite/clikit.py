"""What every `synthsite` command shares: exit codes, the --root option, printing problems, no tracebacks."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from synthsite.epoch import EpochError
from synthsite.load.corpus import Corpus
from synthsite.load.problems import DataError, Problem
from synthsite.load.text import displayable
from synthsite.pipeline import validate as validate_corpus

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def require_corpus(root: Path, strict: bool = False) -> Corpus:
    """The valid corpus, or DataError carrying every problem (for commands that build from the data)."""
    corpus, problems = validate_corpus(root, strict)
    if corpus is None:
        raise DataError(problems)
    for problem in problems:
        click.echo(problem.format(), err=True)
    return corpus


def _friendly(func: F) -> F:
    """Print problems and expected failures as messages with an exit code; no traceback reaches users."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            report(exc.problems)
            sys.exit(EXIT_PROBLEMS)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except EpochError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except OSError as exc:
            where = displayable(str(exc.filename or ""))
            click.echo(f"error: {exc.strerror or exc}: {where}".rstrip(": "), err=True)
            sys.exit(EXIT_PROBLEMS)

    return wrapper  # type: ignore[return-value]


def report(problems: list[Problem]) -> None:
    """Print problems one per line, then a summary line."""
    for problem in problems:
        click.echo(problem.format(), err=True)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project folder holding synthesis/ and bibliography/.",
)


class FullSummaries(click.Group):
    """A command group whose help lists each command's whole first sentence, wrapped, never cut with "..."."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
