"""``ictrules cohort --store FILE``: levels per strand across schools, and where one stands."""

from __future__ import annotations

import argparse

from ..reports.html import fragment_page
from ..store import CohortSummary, SchoolStanding, cohort_html, render_cohort
from ._common import Subparsers, add_output_options, parse_date, write_output
from ._store import open_store

__all__ = ["add_parser", "run"]

#: The formats ``cohort`` writes.
FORMATS = ("text", "md", "html", "json", "csv")


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Add the ``cohort`` command."""
    parser = subparsers.add_parser(
        "cohort",
        help="benchmark: levels per strand across every school in a store",
        description=(
            "Summarise every school in a store by its latest assessment: per strand, how many "
            "schools are at each level and the median. With --school, also that school's "
            "level, rank and percentile on each strand (and, as HTML, its profile against the "
            "cohort median)."
        ),
    )
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
    add_output_options(parser, formats=FORMATS)
    return parser


def run(args: argparse.Namespace) -> int:
    """Summarise the cohort (and the school) and write it."""
    result: CohortSummary | SchoolStanding
    with open_store(args.store) as store:
        if args.school is None:
            result = store.cohort(args.framework, as_of=args.cutoff)
        else:
            result = store.standing(args.school, args.framework, as_of=args.cutoff)
    if args.format == "html":
        if isinstance(result, SchoolStanding):
            school = result.school
            title = f"{school.name or school.id} against {result.cohort.schools} schools"
        else:
            title = f"{result.schools} schools by their latest assessments"
        text = fragment_page(title, cohort_html(result))
    else:
        text = render_cohort(result, args.format)
    write_output(text, args.output)
    return 0
