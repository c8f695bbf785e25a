"""``ictrules explain EVIDENCE STRAND...``: why a strand is at its level and not the next."""

from __future__ import annotations

import argparse

from ..commands import CliError, Command, Invocation, add_inputs
from ..errors import closest
from ..explanations import explain

__all__ = ["COMMAND", "run"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence", metavar="EVIDENCE", help="one school's evidence file")
    add_inputs(parser, "strands", "STRAND", "strand codes, e.g. 1a1 ('all' for every one)")


def run(call: Invocation) -> int:
    """Explain the strands asked for."""
    args = call.args
    attached = call.attachments()
    engine = call.engine()
    framework = engine.framework(call.framework())
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
    attachments = {key: value for a in attached for key, value in a.values.items()}
    evidence = engine.load_evidence(args.evidence, framework.id, as_of=call.as_of)
    assessment = engine.assess(evidence, framework.id, as_of=call.as_of, attachments=attachments)
    text = "\n\n".join(explain(assessment, code) for code in wanted)
    call.write(text + "\n")
    return 0


COMMAND = Command(
    "explain",
    "explain in words why a strand is at its level and not the next",
    "Explain why each strand named is at its level and not the next: the criteria that hold, "
    "those that do not or are unknown with the facts they read, what to do, and the evidence "
    "still to collect.",
    run,
    _arguments,
    uses=("framework", "as_of", "output", "attachments", "plugins"),
    formats=(),
    order=50,
)
