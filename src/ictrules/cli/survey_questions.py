"""``ictrules survey-questions FRAMEWORK --group GROUP``: a group's survey questions, ready for a
form."""

from __future__ import annotations

import argparse

from ..commands import Command, Invocation
from ..reports.csv import csv_text
from ..surveys import questions_table, questions_text

__all__ = ["COMMAND", "run"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("framework", metavar="FRAMEWORK", help="framework id, e.g. becta-srf")
    parser.add_argument(
        "--group",
        required=True,
        metavar="GROUP",
        help="who the survey is for, as the framework names its groups (becta-srf: staff, "
        "governors, pupils, parents)",
    )


def run(call: Invocation) -> int:
    """Write the questions."""
    framework = call.engine().framework(call.args.framework)
    if call.format == "csv":
        call.write(csv_text(questions_table(framework, call.args.group)))
    else:
        call.write(questions_text(framework, call.args.group))
    return 0


COMMAND = Command(
    "survey-questions",
    "write a group's survey questions for Microsoft Forms or Google Forms",
    "Write the framework's survey questions for one group (staff, governors, pupils, parents), "
    "each with its answers, worded for that group: paste them into a form. 'ictrules survey' "
    "reads the form's export by the same wording.",
    run,
    _arguments,
    uses=("output", "plugins"),
    formats=("text", "csv"),
    order=32,
)
