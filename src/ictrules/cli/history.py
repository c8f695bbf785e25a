"""``ictrules history SCHOOL --store FILE``: one school's levels over time, and what changed."""

from __future__ import annotations

import argparse

from ..reports.html import fragment_page
from ..store import history_html, render_history
from ._common import Subparsers, add_output_options, write_output
from ._store import open_store

__all__ = ["add_parser", "run"]

#: The formats ``history`` writes.
FORMATS = ("text", "md", "html", "json", "csv")


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Add the ``history`` command."""
    parser = subparsers.add_parser(
        "history",
        help="one school's levels over time, from a store",
        description=(
            "Show every assessment of one school saved in a store (by 'ictrules assess "
            "--store'), each strand's level in each, and what changed in the evidence between "
            "the last two. Assessments under an older framework version are marked, as are "
            "levels judged under a changed definition of their strand."
        ),
    )
    parser.add_argument("school", metavar="SCHOOL", help="the school's id, or its name")
    parser.add_argument("--store", required=True, metavar="FILE", help="the store file to read")
    parser.add_argument(
        "--framework", metavar="ID", help="framework id (default: the only one in the store)"
    )
    add_output_options(parser, formats=FORMATS)
    return parser


def run(args: argparse.Namespace) -> int:
    """Read the school's history from the store and write it."""
    with open_store(args.store) as store:
        history = store.history(args.school, args.framework)
    if args.format == "html":
        school = history.school
        title = f"History of {school.name or school.id}"
        text = fragment_page(title, history_html(history))
    else:
        text = render_history(history, args.format)
    write_output(text, args.output)
    return 0
