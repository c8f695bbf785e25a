"""``ictrules template FRAMEWORK``: a fillable evidence file for a framework."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..templates import evidence_template
from ._common import (
    CliError,
    PluginSettings,
    Subparsers,
    add_engine_options,
    build_engine,
    write_output,
)

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Add the ``template`` command."""
    parser = subparsers.add_parser(
        "template",
        help="write a fillable evidence file (TOML) for a framework",
        description=(
            "Write a TOML evidence file listing every fact the framework reads, with its "
            "question, type and allowed values as comments. Values are commented out: the blank "
            "file means 'nothing known yet'."
        ),
    )
    parser.add_argument("framework", metavar="FRAMEWORK", help="framework id, e.g. becta-srf")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite FILE if it exists (it may hold answers)"
    )
    add_engine_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the template."""
    if args.output and args.output != "-" and Path(args.output).exists() and not args.force:
        raise CliError(
            f"{args.output} already exists and may hold answers; use --force to overwrite it"
        )
    engine = build_engine(PluginSettings.from_args(args))
    write_output(evidence_template(engine, args.framework), args.output)
    return 0
