"""`synthsite --help` lists every command with its whole summary (click cuts long ones with "..." by default)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from synthsite.cli import main


@pytest.mark.parametrize("args", [["--help"], ["release", "--help"]], ids=["synthsite", "release"])
def test_help_lists_each_command_with_its_whole_first_sentence(args: list[str]) -> None:
    result = CliRunner().invoke(main, args, terminal_width=80)
    assert result.exit_code == 0
    assert "..." not in result.output.split("Commands:")[1]
    group = main if args == ["--help"] else main.commands["release"]
    assert isinstance(group, click.Group)
    flat = " ".join(result.output.split())
    for name, command in group.commands.items():
        summary = " ".join(command.get_short_help_str(limit=10_000).split())
        assert f"{name} {summary}" in flat, name
