"""``ictrules schema FRAMEWORK``: a JSON Schema of a framework's evidence files."""

from __future__ import annotations

import argparse

from .._convert import dumps
from ..commands import Command, Invocation
from ..templates import evidence_schema

__all__ = ["COMMAND", "run"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("framework", metavar="FRAMEWORK", help="framework id, e.g. becta-srf")


def run(call: Invocation) -> int:
    """Print the schema."""
    call.write(dumps(evidence_schema(call.engine(), call.args.framework)))
    return 0


COMMAND = Command(
    "schema",
    "print a JSON Schema of a framework's evidence, for building forms",
    "Print a JSON Schema (draft 2020-12) of an evidence file for a framework: school, facts "
    "(dotted or nested, plain or with provenance) and own judgements. Each fact carries its "
    "question and an 'x-ictrules' annotation for form builders.",
    run,
    _arguments,
    uses=("output", "plugins"),
    formats=(),
    order=30,
)
