"""``ictrules survey REPLIES...``: survey exports turned into evidence, counts only."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from .._convert import dumps
from .._text import printable
from ..commands import Command, Invocation, add_inputs
from ..surveys import SurveyResult, read_surveys

__all__ = ["COMMAND", "report_survey", "run"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    add_inputs(
        parser,
        "replies",
        "REPLIES",
        "survey exports: .xlsx from Microsoft Forms, .csv from Google Forms (or either saved "
        "again by Excel)",
    )
    parser.add_argument(
        "--mapping",
        metavar="FILE",
        help="the survey mapping (TOML, JSON or YAML): each group's size, which file or column "
        "says who replied, columns of the school's own, the confidence level",
    )


def run(call: Invocation) -> int:
    """Read the exports and write the evidence."""
    result = read_surveys(
        call.engine(), call.args.replies, call.args.mapping, call.framework(), as_of=call.as_of
    )
    report_survey(result)
    call.write(dumps(result.to_dict()) if call.format == "json" else result.to_toml())
    return 0


def report_survey(result: SurveyResult, stream: TextIO | None = None) -> None:
    """Say on stderr how the exports were read, what was not counted, and which facts stay
    unknown and why."""
    out = stream or sys.stderr
    lines = [f"note: {note}" for note in result.notes]
    lines += [f"{notice.kind}: {notice}" for notice in result.notices]
    lines += [
        f"note: {measured.fact} stays unknown: {measured.reason}"
        for measured in result.facts
        if measured.reason is not None
    ]
    known = sum(measured.known for measured in result.facts)
    groups = ", ".join(
        f"{group} {replied}" + (f" of {size}" if size else "")
        for group, (replied, size) in result.groups.items()
    )
    if groups:
        lines.append(
            f"note: {known} of {len(result.facts)} facts measured from the replies of {groups}"
        )
    else:  # exports with a header and no replies yet
        lines.append("note: no replies yet, so no fact is measured")
    for line in lines:  # headers and answers come from someone else's file: escaped
        out.write(printable(f"ictrules: {line}\n"))


COMMAND = Command(
    "survey",
    "turn survey exports (Microsoft Forms, Google Forms) into evidence",
    "Read staff, governor, pupil and parent survey exports and write the facts they measure as "
    "evidence (TOML): each group's share that agrees, as its confidence interval, with the "
    "number who replied and the date of the last reply. Only counts are written: no names, "
    "e-mail addresses or written answers.",
    run,
    _arguments,
    uses=("framework", "as_of", "output", "plugins"),
    formats=("toml", "json"),
    as_of_help="count only the replies sent by this date, YYYY-MM-DD (default: today)",
    default_format="toml",
    order=35,
)
