"""``ictrules schema FRAMEWORK``: a JSON Schema of a framework's evidence files."""

from __future__ import annotations

import argparse

from .._convert import dumps
from ..templates import evidence_schema
from ._common import PluginSettings, Subparsers, add_engine_options, build_engine, write_output

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Add the ``schema`` command."""
    parser = subparsers.add_parser(
        "schema",
        help="print a JSON Schema of a framework's evidence, for building forms",
        description=(
            "Print a JSON Schema (draft 2020-12) of an evidence file for a framework: school, "
            "facts (dotted or nested, plain or with provenance) and own judgements. Each fact "
            "carries its question and an 'x-ictrules' annotation for form builders."
        ),
    )
    parser.add_argument("framework", metavar="FRAMEWORK", help="framework id, e.g. becta-srf")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )
    add_engine_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    engine = build_engine(PluginSettings.from_args(args))
    write_output(dumps(evidence_schema(engine, args.framework)), args.output)
    return 0
