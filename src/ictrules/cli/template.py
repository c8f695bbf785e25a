"""``ictrules template FRAMEWORK``: a fillable evidence file for a framework."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..commands import CliError, Command, Invocation
from ..templates import evidence_template

__all__ = ["COMMAND", "run"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("framework", metavar="FRAMEWORK", help="framework id, e.g. becta-srf")
    parser.add_argument(
        "--force", action="store_true", help="overwrite FILE if it exists (it may hold answers)"
    )


def run(call: Invocation) -> int:
    """Write the template."""
    output = call.args.output
    if output and output != "-" and Path(output).exists() and not call.args.force:
        raise CliError(f"{output} already exists and may hold answers; use --force to overwrite it")
    call.write(evidence_template(call.engine(), call.args.framework))
    return 0


COMMAND = Command(
    "template",
    "write a fillable evidence file (TOML) for a framework",
    "Write a TOML evidence file listing every fact the framework reads, with its question, type "
    "and allowed values as comments. Values are commented out: the blank file means 'nothing "
    "known yet'.",
    run,
    _arguments,
    uses=("output", "plugins"),
    formats=(),
    order=20,
)
