"""The command-line reference cannot drift: every command and every option is documented."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from cli_support import ROOT

from ictrules.cli import COMMANDS, build_parser

PAGE = ROOT / "docs" / "reference" / "cli.md"


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    """Every command of the core and of the installed plugins (the refresh plugin's plan)."""
    saved = os.environ.pop("ICTRULES_DISABLE_PLUGINS", None)
    try:
        parser = build_parser()
    finally:
        if saved is not None:
            os.environ["ICTRULES_DISABLE_PLUGINS"] = saved
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


@pytest.mark.parametrize("command", sorted(_subparsers()))
def test_every_command_and_option_is_in_the_reference(command: str) -> None:
    page = PAGE.read_text(encoding="utf-8")
    section = page.split(f"## `ictrules {command}`")[1].split("\n## ")[0]
    shared = {"--help", "--debug", "--plugin", "--disable-plugin"}
    undocumented = [
        action.option_strings
        for action in _subparsers()[command]._actions
        if action.option_strings
        and not set(action.option_strings) & shared
        and not any(string in section for string in action.option_strings)
    ]
    assert undocumented == []
    assert all(option in page for option in shared)


def test_every_registered_command_has_a_module_docstring() -> None:
    # all but the plugins' commands: plan (refresh), strategy, trust-strategy, strategy-template
    assert len(COMMANDS) == len(_subparsers()) - 4
    for module in COMMANDS:
        assert (module.__doc__ or "").startswith("``ictrules ")


def test_exit_statuses_are_documented() -> None:
    page = Path(PAGE).read_text(encoding="utf-8")
    for status in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 130 |"):
        assert status in page


def test_the_command_table_lists_every_command() -> None:
    table = PAGE.read_text(encoding="utf-8").split("## Conventions")[0]
    assert all(f"[`{command}`](#ictrules-{command})" in table for command in _subparsers())
