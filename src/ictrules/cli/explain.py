"""``ictrules explain EVIDENCE STRAND...``: why a strand is at its level and not the next."""

from __future__ import annotations

import argparse

from ..errors import closest
from ..explanations import explain
from . import _refresh
from ._common import (
    CliError,
    PluginSettings,
    Subparsers,
    add_engine_options,
    build_engine,
    choose_framework,
    parse_date,
    write_output,
)

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Add the ``explain`` command."""
    parser = subparsers.add_parser(
        "explain",
        help="explain in words why a strand is at its level and not the next",
        description=(
            "Explain why each strand named is at its level and not the next: the criteria that "
            "hold, those that do not or are unknown with the facts they read, what to do, and "
            "the evidence still to collect."
        ),
    )
    parser.add_argument("evidence", metavar="EVIDENCE", help="one school's evidence file")
    parser.add_argument(
        "strands", nargs="+", metavar="STRAND", help="strand codes, e.g. 1a1 ('all' for every one)"
    )
    parser.add_argument(
        "--framework", metavar="ID", help="framework id (default: the only one installed)"
    )
    parser.add_argument(
        "--inventory", metavar="FILE", help="the school's asset inventory, for derived facts"
    )
    _refresh.add_inventory_options(parser)
    parser.add_argument(
        "--as-of",
        type=parse_date,
        metavar="DATE",
        help="the date the judgement is made on, YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )
    add_engine_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Explain the strands asked for."""
    _refresh.check_needs_inventory(args)
    engine = build_engine(PluginSettings.from_args(args))
    framework = choose_framework(engine, args.framework)
    codes = [strand.code for strand in framework.strands]
    wanted = codes if args.strands == ["all"] else list(args.strands)
    unknown = [code for code in wanted if code not in codes]
    if unknown:
        code = unknown[0]
        hint = closest(code, codes)
        raise CliError(
            f"{framework.id} has no strand {code!r}"
            + (f" ({hint})" if hint else "")
            + f"; its strands are {', '.join(codes)}"
        )
    attachments: dict[str, object] = {}
    if args.inventory:
        attachments = _refresh.attachments(_refresh.load_inventory(args.inventory, args, engine))
    evidence = engine.load_evidence(args.evidence, framework.id)
    assessment = engine.assess(evidence, framework.id, as_of=args.as_of, attachments=attachments)
    text = "\n\n".join(explain(assessment, code) for code in wanted)
    write_output(text + "\n", args.output)
    return 0
