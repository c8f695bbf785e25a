"""``ictrules plan INVENTORY``: a costed, multi-year refresh plan for an asset inventory."""

from __future__ import annotations

import argparse

from ..reports.html import fragment_page
from . import _refresh
from ._batch import Progress
from ._common import (
    PluginSettings,
    Subparsers,
    add_engine_options,
    add_output_options,
    build_engine,
    parse_date,
    write_output,
)

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Add the ``plan`` command."""
    parser = subparsers.add_parser(
        "plan",
        help="plan and cost the replacement of an asset inventory over several budget years",
        description=(
            "Read an asset inventory (CSV, JSON, TOML, or XLSX with the xlsx extra), rate every "
            "asset red/amber/green and schedule and cost its replacement over the horizon. "
            "Policies: the refresh plugin's defaults, then authority plugins, then --policies."
        ),
    )
    parser.add_argument("inventory", metavar="INVENTORY", help="the asset inventory file")
    parser.add_argument(
        "--as-of",
        type=parse_date,
        metavar="DATE",
        help="the date the plan starts from, YYYY-MM-DD (default: today)",
    )
    add_output_options(parser)
    _refresh.add_plan_options(parser)
    add_engine_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Make and write the plan."""
    from ictrules_refresh import plan_html, render_plan

    engine = build_engine(PluginSettings.from_args(args))
    inventory = _refresh.load_inventory(
        args.inventory, args, engine, listed_in_report=args.format != "csv"
    )
    plan = _refresh.make_plan(inventory, args, args.as_of, engine)
    bar = Progress(len(plan.ratings) + len(plan.events), "writing")  # only on a terminal
    try:
        if args.format == "html":
            title = f"ICT refresh plan: {plan.source}" if plan.source else "ICT refresh plan"
            text = fragment_page(title, plan_html(plan))
        else:
            text = render_plan(plan, args.format, progress=bar.show)
        write_output(text if text.endswith("\n") else text + "\n", args.output)
    finally:
        bar.close()
    return 0
