"""``ictrules strategy`` and ``ictrules strategy-template``: the strategy plugin's commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ictrules.commands import CliError, Command, Invocation
from ictrules.files import read_model
from ictrules.reports.action_plan import load_action_plan
from ictrules_refresh import BUDGET_ATTACHMENT, PLAN_ATTACHMENT, RefreshPlan

from .errors import StrategyError
from .feedback import ATTACHMENT
from .model import Strategy
from .planning import plan_strategy
from .rendering import FORMATS, render_strategy

__all__ = ["STRATEGY_COMMAND", "TEMPLATE", "TEMPLATE_COMMAND", "need_openpyxl"]

#: What ``ictrules strategy-template`` writes: every key of a strategy file, explained.
TEMPLATE = """# An ICT strategy for ictrules (ictrules strategy EVIDENCE --strategy THIS-FILE).
# Amounts in pounds; years are budget years named by the year they start in (2026 = 2026-27).

vision = "What technology should do for this school, in a sentence or two."
aims = ["Every classroom's kit works when lessons need it"]
first_year = 2026   # the first budget year of the strategy
years = 4           # three to five budget years

# Per strand: a target level by a budget year, or "suggest" for ictrules to propose one
# (weakest strands first, never more than one level a year).
[targets]
"1b3" = { level = 3, by = 2027 }
"1a1" = "suggest"

# Improvement projects: one-off costs in a year, and the strands they serve.
[[projects]]
name = "Replace the wi-fi in the main building"
strands = ["1b4"]
year = 2026
capital = 12000
revenue = 0

# Recurring costs: kind is licence, broadband, support, mis, cloud or other; funding capital
# or revenue; rise is a yearly rise as a fraction; start and end are budget years (optional).
[[recurring]]
name = "Broadband"
kind = "broadband"
annual = 2400
funding = "revenue"
rise = 0.03

# The money available for ICT in each budget year of the strategy, one entry per year.
[[budget]]
year = 2026
capital = 20000
revenue = 15000

[[budget]]
year = 2027
capital = 20000
revenue = 15500

[[budget]]
year = 2028
capital = 20000
revenue = 16000

[[budget]]
year = 2029
capital = 20000
revenue = 16500
"""


def _strategy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence", metavar="EVIDENCE", help="the school's evidence file")
    parser.add_argument(
        "--strategy",
        required=True,
        metavar="FILE",
        help="the strategy file (TOML, JSON or YAML): vision, targets, projects, recurring "
        "costs and budget (see 'ictrules strategy-template')",
    )
    parser.add_argument(
        "--action-plan",
        metavar="FILE",
        help="the school's action plan: owners, terms and costs of actions, by criterion id",
    )


def need_openpyxl(call: Invocation) -> None:
    """A clear error, before any work, when an .xlsx workbook is asked for without openpyxl,
    or for a terminal."""
    if call.format != "xlsx":
        return
    if getattr(call.args, "output", None) in (None, "-") and sys.stdout.isatty():
        raise CliError("an .xlsx workbook is a binary file: write it to a file with -o FILE")
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise CliError(
            "writing an .xlsx workbook needs the optional extra: pip install 'ictrules[xlsx]'"
        ) from None


def _run_strategy(call: Invocation) -> int:
    """Plan the strategy and write it."""
    need_openpyxl(call)
    args = call.args
    strategy = read_model(args.strategy, Strategy, StrategyError)
    attached = call.attachments()
    values = {key: value for a in attached for key, value in a.values.items()}
    values[ATTACHMENT] = strategy  # settles strategy.targets for the self-review
    values[BUDGET_ATTACHMENT] = {b.year: b.capital for b in strategy.budget}  # funded means funded
    engine = call.engine()
    framework = call.framework()
    evidence = engine.load_evidence(args.evidence, framework)
    assessment = engine.assess(evidence, framework, as_of=call.as_of, attachments=values)
    actions = load_action_plan(args.action_plan) if args.action_plan else None
    if actions is not None:
        actions.check(assessment)
    refresh = values.get(PLAN_ATTACHMENT)
    plan = plan_strategy(
        assessment,
        engine.framework(framework),
        strategy,
        refresh if isinstance(refresh, RefreshPlan) else None,
        actions,
        source=args.strategy,
    )
    if call.format == "xlsx":
        from .workbook import strategy_workbook

        call.write(strategy_workbook(plan))
        return 0
    templates = call.templates() if call.format in ("html", "md") else None
    call.write(render_strategy(plan, call.format, title=call.title, templates=templates))
    return 0


#: ``ictrules strategy EVIDENCE --strategy FILE``: a costed three-to-five-year ICT strategy.
STRATEGY_COMMAND = Command(
    "strategy",
    "a costed three-to-five-year ICT strategy for a school",
    "Put together where the school stands (levels, the condition of its kit, what it spends), "
    "its targets (or suggested ones), the programme of actions and projects that reaches them, "
    "and a budget plan per year, capital and revenue, against the budget available: "
    "replacements are deferred where a year is over budget, and the report lists what slipped.",
    _run_strategy,
    _strategy_arguments,
    uses=("framework", "as_of", "output", "report", "attachments", "plugins"),
    formats=(*FORMATS, "xlsx"),
    order=65,
)


def _template_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--trust",
        action="store_true",
        help="write a trust's strategy file (trust.toml for 'ictrules trust-strategy') instead",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite FILE if it exists (it may hold plans)"
    )


def _run_template(call: Invocation) -> int:
    output = call.args.output
    if output and output != "-" and Path(output).is_dir():
        raise CliError(f"cannot write {output}: it is a folder")
    if output and output != "-" and Path(output).exists() and not call.args.force:
        raise CliError(f"{output} already exists and may hold plans; use --force to overwrite it")
    if call.args.trust:
        from .trust_commands import TRUST_TEMPLATE

        call.write(TRUST_TEMPLATE)
    else:
        call.write(TEMPLATE)
    return 0


#: ``ictrules strategy-template``: a strategy file to fill in.
TEMPLATE_COMMAND = Command(
    "strategy-template",
    "write a strategy file (TOML) to fill in",
    "Write a strategy file with every key explained: vision and aims, targets per strand, "
    "projects, recurring costs and the budget per year; with --trust, a trust's file: its "
    "minimum standards, central prices, projects, central costs and central budget.",
    _run_template,
    _template_arguments,
    uses=("output",),
    formats=(),
    order=67,
)
