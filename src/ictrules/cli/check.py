"""``ictrules check``: lint installed (or given) framework plugins, one finding per line.

The same checks as :func:`ictrules.lint.check_framework`, as a static report: each line names
the plugin, framework, strand, level and criterion at fault. The exit status is 1 when an error
is found (or a warning, with ``--strict``), 0 otherwise.
"""

from __future__ import annotations

import argparse
from typing import Any

from .._convert import dumps
from ..commands import Command, Invocation, add_inputs, parse_date
from ..errors import FrameworkError
from ..lint import DEFAULT_AS_OF, Finding, Severity, finding_from_problem, framework_findings

__all__ = ["COMMAND", "run"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    add_inputs(
        parser,
        "frameworks",
        "FRAMEWORK",
        "framework ids to check (default: every installed framework)",
        optional=True,
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail (exit status 1) on warnings too"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the random search (default: 0)"
    )
    parser.add_argument(
        "--as-of",
        type=parse_date,
        default=DEFAULT_AS_OF,
        metavar="YYYY-MM-DD",
        help=f"assessment date the checks use (default: {DEFAULT_AS_OF.isoformat()})",
    )


def run(call: Invocation) -> int:
    """Check the frameworks and report every finding."""
    args = call.args
    checked: list[str] = []
    try:
        engine = call.engine()
    except FrameworkError as exc:
        findings = [finding_from_problem(problem) for problem in exc.problems]
    else:
        checked = list(args.frameworks or engine.frameworks)
        for framework_id in checked:
            engine.compiled(framework_id)  # an unknown id is an error before any work
        attachments = {key: value for a in call.attachments() for key, value in a.values.items()}
        findings = [
            finding
            for framework_id in checked
            for finding in framework_findings(
                engine, framework_id, as_of=args.as_of, seed=args.seed, attachments=attachments
            )
        ]
    if call.format == "json":
        call.write(dumps({"frameworks": checked, "findings": [_data(f) for f in findings]}))
    else:
        lines = [str(finding) for finding in findings]
        lines.append(_summary(findings, checked))
        call.write("\n".join(lines) + "\n")
    failing = [f for f in findings if f.counts and (args.strict or f.severity is Severity.ERROR)]
    return 1 if failing else 0


def _data(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "severity": finding.severity.value,
        "plugin": finding.plugin,
        "framework": finding.framework,
        "strand": finding.strand,
        "level": finding.level,
        "criterion": finding.criterion,
        "message": finding.message,
        "evidence": finding.evidence,
        "accepted": finding.accepted,
    }


def _summary(findings: list[Finding], checked: list[str]) -> str:
    counted = [f for f in findings if f.counts]
    errors = sum(1 for f in counted if f.severity is Severity.ERROR)
    warnings = len(counted) - errors
    accepted = len(findings) - len(counted)
    where = ", ".join(checked) if checked else "the plugins (the engine does not build)"
    if not checked and not findings:
        return "no frameworks are installed: nothing to check"
    also = f" ({accepted} accepted)" if accepted else ""
    return f"{_count(errors, 'error')}, {_count(warnings, 'warning')}{also} in {where}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


COMMAND = Command(
    "check",
    "check framework plugins for rules that cannot work as meant",
    "Check frameworks for undeclared facts, unreachable levels, constant criteria, levels "
    "without actions, strands left provisional by full evidence, results that depend on plugin "
    "order and monotone strands that are not. One finding per line; exit status 1 when an "
    "error is found.",
    run,
    _arguments,
    uses=("output", "attachments", "plugins"),
    formats=("text", "json"),
    order=70,
)
