"""``ictrules history SCHOOL --store FILE``: one school's levels over time, and what changed."""

from __future__ import annotations

import argparse

from ..commands import FORMATS, Command, Invocation
from ..reports.progress import history_html, render_history
from ._store import open_store, write_store_report

__all__ = ["COMMAND", "run"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("school", metavar="SCHOOL", help="the school's id, or its name")
    parser.add_argument("--store", required=True, metavar="FILE", help="the store file to read")
    parser.add_argument(
        "--framework", metavar="ID", help="framework id (default: the only one in the store)"
    )


def run(call: Invocation) -> int:
    """Read the school's history from the store and write it."""
    args = call.args
    with open_store(args.store) as store:
        history = store.history(args.school, args.framework)
    school = history.school
    return write_store_report(
        call,
        f"History of {school.name or school.id}",
        lambda: history_html(history, heading=False, templates=call.templates()),
        lambda fmt: render_history(history, fmt, call.templates() if fmt == "md" else None),
    )


COMMAND = Command(
    "history",
    "one school's levels over time, from a store",
    "Show every assessment of one school saved in a store (by 'ictrules assess --store'), each "
    "strand's level in each, and what changed in the evidence between the last two. "
    "Assessments under an older framework version are marked, as are levels judged under a "
    "changed definition of their strand.",
    run,
    _arguments,
    uses=("output", "report"),
    formats=FORMATS,
    order=80,
)
