"""``ictrules cohort --store FILE``: levels per strand across schools, and where one stands."""

from __future__ import annotations

import argparse

from ..commands import FORMATS, Command, Invocation, parse_date
from ..reports.progress import cohort_html, render_cohort
from ..store import CohortSummary, SchoolStanding
from ._store import open_store, write_store_report

__all__ = ["COMMAND", "run"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", required=True, metavar="FILE", help="the store file to read")
    parser.add_argument("--school", metavar="ID", help="a school's id or name: where it stands")
    parser.add_argument(
        "--framework", metavar="ID", help="framework id (default: the only one in the store)"
    )
    parser.add_argument(
        "--as-of",
        dest="cutoff",
        type=parse_date,
        metavar="DATE",
        help="use each school's latest assessment made on or before DATE (default: the latest)",
    )


def run(call: Invocation) -> int:
    """Summarise the cohort (and the school) and write it."""
    args = call.args
    result: CohortSummary | SchoolStanding
    with open_store(args.store) as store:
        if args.school is None:
            result = store.cohort(args.framework, as_of=args.cutoff)
        else:
            result = store.standing(args.school, args.framework, as_of=args.cutoff)
    if isinstance(result, SchoolStanding):
        school = result.school
        title = f"{school.name or school.id} against {result.cohort.schools} schools"
    else:
        title = f"{result.schools} schools by their latest assessments"
    return write_store_report(
        call,
        title,
        lambda: cohort_html(result, heading=False, templates=call.templates()),
        lambda fmt: render_cohort(result, fmt, call.templates() if fmt == "md" else None),
    )


COMMAND = Command(
    "cohort",
    "benchmark: levels per strand across every school in a store",
    "Summarise every school in a store by its latest assessment: per strand, how many schools "
    "are at each level and the median. With --school, also that school's level, rank and "
    "percentile on each strand (and, as HTML, its profile against the cohort median).",
    run,
    _arguments,
    uses=("output", "report"),
    formats=FORMATS,
    order=90,
)
