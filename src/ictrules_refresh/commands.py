"""The refresh plugin on the command line: the ``plan`` command, and ``--inventory`` for every
command that assesses one school (its refresh plan feeds the judgement and joins the report).

Both reach the command line through the core's plugin hooks (``ictrules_commands`` and
``ictrules_attachment_sources``): the core command line knows nothing of inventories.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from ictrules import Engine, Problem
from ictrules._text import printable
from ictrules.commands import (
    Attachment,
    AttachmentSource,
    CliError,
    Command,
    Invocation,
    ReportSection,
    whole_number,
)
from ictrules.errors import closest
from ictrules.progress import Progress

from .assets import Inventory
from .categories import CANONICAL_CATEGORIES, CategoryTable, normalise_name
from .derived import ATTACHMENT, PLAN_ATTACHMENT
from .errors import InventoryError, PolicyError
from .layouts import resolve_layouts
from .loaders import load_inventory
from .planning import (
    INFLATION_RANGE,
    MAX_HORIZON_YEARS,
    RefreshPlan,
    as_of_problem,
    plan_refresh,
)
from .policies import Policies, resolve_policies
from .rendering import plan_page, plan_view, render_plan, stream_plan

__all__ = [
    "INVENTORY_LAYOUTS",
    "INVENTORY_SOURCE",
    "PLAN_COMMAND",
    "add_inventory_options",
    "add_plan_options",
    "make_plan",
    "read_inventory",
    "report_issues",
]

#: The preset inventory layouts ``--layout`` accepts ("auto" guesses from the header);
#: authority plugins may add more.
INVENTORY_LAYOUTS = (
    "auto",
    "generic",
    "snipe-it",
    "google-admin",
    "intune",
    "jamf-computers",
    "jamf-mobile-devices",
    "glpi",
)

_MAX_ISSUES = 20


_DEFAULTS = {
    "policies": None,
    "layout": "auto",
    "mapping": None,
    "date_format": None,
    "sheet": None,
    "category": None,
    "horizon": 5,
    "budget_start_month": 4,
    "inflation": 0.0,
}


def _check_needs_inventory(call: Invocation) -> None:
    """A usage error when inventory or plan options are given without ``--inventory``
    (they would otherwise be silently ignored)."""
    args = call.args
    if getattr(args, "inventory", None):
        return
    given = [
        "--" + name.replace("_", "-")
        for name, default in _DEFAULTS.items()
        if hasattr(args, name) and getattr(args, name) != default
    ]
    if given:
        verb = "applies" if len(given) == 1 else "apply"
        call.usage_error(f"{', '.join(given)} only {verb} with --inventory")


def add_inventory_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Options that say how to read an inventory: ``--layout``, ``--mapping``,
    ``--date-format``, ``--sheet`` and ``--category``."""
    parser.add_argument(
        "--layout",
        default="auto",
        metavar="NAME",
        help="the inventory's column layout: "
        + ", ".join(INVENTORY_LAYOUTS)
        + " or one an authority plugin adds (default: auto, from the header row)",
    )
    parser.add_argument(
        "--mapping",
        metavar="FILE",
        help="a column mapping (field = column header) as TOML or JSON; replaces --layout",
    )
    parser.add_argument(
        "--date-format",
        metavar="FORMAT",
        help="how the inventory writes dates the columns themselves do not settle, as for "
        "strptime: '%%m/%%d/%%Y' for month first",
    )
    parser.add_argument(
        "--sheet",
        metavar="NAME",
        help="the sheet of an .xlsx workbook to read (default: every sheet whose row 1 is a "
        "header the layout can read, as one inventory)",
    )
    parser.add_argument(
        "--category",
        action=_Categories,
        type=_category_name,
        metavar="NAME=CATEGORY",
        help="read the inventory's category NAME as the canonical CATEGORY, such as "
        "'Class set iPad=tablet' (repeatable)",
    )


class _Categories(argparse._AppendAction):
    """``--category NAME=CATEGORY``, repeatable; one NAME read as two categories is a usage
    error rather than the last one silently winning."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        name, category = values
        for earlier_name, earlier in getattr(namespace, self.dest, None) or ():
            # the same name as the category table reads names (case and punctuation aside)
            if normalise_name(earlier_name) == normalise_name(name) and earlier != category:
                raise argparse.ArgumentError(
                    self, f"{name!r} is given as {earlier!r} and as {category!r}: give one"
                )
        super().__call__(parser, namespace, values, option_string)


def _category_name(text: str) -> tuple[str, str]:
    name, sep, category = text.rpartition("=")
    if not sep or not name.strip() or not category.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=CATEGORY, got {text!r}")
    return name.strip(), category.strip()


def add_plan_options(parser: argparse.ArgumentParser) -> None:
    """Options that shape a refresh plan."""
    group = parser.add_argument_group("refresh plan")
    group.add_argument(
        "--policies", metavar="FILE", help="refresh policies overriding the defaults (TOML/JSON)"
    )
    add_inventory_options(group)
    group.add_argument(
        "--horizon",
        type=whole_number(1, MAX_HORIZON_YEARS, wanted=f"1 to {MAX_HORIZON_YEARS} years"),
        default=5,
        metavar="YEARS",
        help="budget years the plan covers (default: 5)",
    )
    group.add_argument(
        "--budget-start-month",
        type=whole_number(1, 12, wanted="a month from 1 to 12"),
        default=4,
        metavar="MONTH",
        help="month the budget year starts: 4 for April (maintained schools, the default), "
        "9 for September (academies)",
    )
    group.add_argument(
        "--inflation",
        type=_rate,
        default=0.0,
        metavar="RATE",
        help="yearly price inflation as a fraction (0.03) or a percentage (3%%); default 0",
    )


def _rate(text: str) -> float:
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a rate such as 0.03 or 3%, got {text!r}"
        ) from None
    low, high = INFLATION_RANGE
    if not low < value < high:
        raise argparse.ArgumentTypeError(
            f"expected a yearly rate between {low:.0%} and {high:.0%}, got {text}"
        )
    return value


def read_inventory(
    path: str,
    args: argparse.Namespace,
    engine: Engine | None = None,
    *,
    listed_in_report: bool = False,
    warn: bool = True,
) -> Inventory:
    """Read an inventory as the inventory options in ``args`` say (with the layouts the
    engine's plugins add), say how it was read when that is not plain, and warn about its bad
    rows on stderr (unless ``warn`` is false: a plan made from it warns about its own issues,
    which include the inventory's, with :func:`report_issues`)."""
    # categories a policy file or an authority plugin defines can be named by --category too
    new = _new_categories(_policies(args, engine)) if engine is not None else {}
    default = CategoryTable.default()
    # a new category never takes a name the table already reads as another ('laptops')
    new = {category: label for category, label in new.items() if default.lookup(category) is None}
    given = dict(getattr(args, "category", None) or ())
    try:
        table = default.extended(given, labels=new)
    except InventoryError as exc:  # said as the option, not as the library's table
        raise CliError(_category_problems(exc.problems, given)) from None
    bar = Progress(2, "loading")  # drawn only on a terminal; the loader says how many rows
    try:
        inventory = load_inventory(
            path,
            layout=getattr(args, "layout", "auto"),
            mapping=getattr(args, "mapping", None),
            categories=table,
            date_format=getattr(args, "date_format", None),
            sheet=getattr(args, "sheet", None),
            layouts=resolve_layouts(engine),
            progress=bar.show,
        )
    finally:
        bar.close()
    _warn_categories_unused(inventory, given)
    for note in inventory.notes:
        sys.stderr.write(printable(f"ictrules: note: {path}: {note}\n"))
    if warn:
        report_issues(path, inventory, listed_in_report=listed_in_report)
    return inventory


def _attachments(inventory: Inventory, plan: RefreshPlan | None = None) -> dict[str, object]:
    """What ``engine.assess`` needs to derive facts from an inventory (and its plan)."""
    attached: dict[str, object] = {ATTACHMENT: inventory}
    if plan is not None:
        attached[PLAN_ATTACHMENT] = plan
    return attached


def _category_problems(problems: Iterable[Problem], given: Mapping[str, str]) -> str:
    """The problems of ``--category`` values, each said with the value as it was given."""
    by_path = {f"categories[{name!r}]": f"{name}={category}" for name, category in given.items()}
    lines = [
        f"--category {by_path.get(problem.path, problem.path)!r}: {problem.message}"
        + (f" ({problem.suggestion})" if problem.suggestion else "")
        for problem in problems
    ]
    return "\n  ".join(lines)


def _warn_categories_unused(inventory: Inventory, given: Mapping[str, str]) -> None:
    """A ``--category`` name no device of the inventory has maps nothing (a misspelt
    'Visualizer'): say so on stderr, suggesting the inventory's own names. A warning, since the
    name's rows may have been left out for other faults, which are reported too."""
    written = {normalise_name(a.category_text): a.category_text for a in inventory.assets}
    for name in sorted(given):
        if normalise_name(name) in written:
            continue
        hint = closest(name, sorted(set(written.values())))
        sys.stderr.write(
            printable(
                f"ictrules: warning: --category {f'{name}={given[name]}'!r}: no device read from "
                f"the inventory has the category {name!r}, so it maps nothing"
                + (f" ({hint})" if hint else "")
                + "\n"
            )
        )


def report_issues(
    path: str, inventory: Inventory | RefreshPlan, *, listed_in_report: bool = False
) -> None:
    """Warn on stderr about the data-quality issues of an inventory, or of the plan made from
    it (the inventory's and those planning found, such as a cost in another currency): each
    one, or only how many when the report being written lists them itself."""
    issues = list(inventory.issues)
    if not issues:
        return
    noun = "issue" if len(issues) == 1 else "issues"
    if listed_in_report:
        sys.stderr.write(
            f"ictrules: warning: {len(issues)} data-quality {noun} in {path} "
            "(the report lists them)\n"
        )
        return
    sys.stderr.write(f"ictrules: warning: {len(issues)} data-quality {noun} in {path}:\n")
    for issue in issues[:_MAX_ISSUES]:
        sys.stderr.write(printable(f"  {issue}\n"))
    if len(issues) > _MAX_ISSUES:
        sys.stderr.write(f"  ... and {len(issues) - _MAX_ISSUES} more (see the plan's report)\n")


def make_plan(
    inventory: Inventory, args: argparse.Namespace, as_of: dt.date, engine: Engine
) -> RefreshPlan:
    """A refresh plan for ``inventory`` with the plan options in ``args``.

    Policies are resolved as the refresh plugin documents: its defaults, then authority plugins
    on ``engine``, then the school's ``--policies`` file.
    """
    policies = _policies(args, engine)
    _check_reachable(policies, inventory)
    bar = Progress(len(inventory.assets), "planning")  # drawn only on a terminal
    try:
        return plan_refresh(
            inventory,
            policies,
            as_of=as_of,
            horizon_years=getattr(args, "horizon", 5),
            budget_year_start_month=getattr(args, "budget_start_month", 4),
            inflation=getattr(args, "inflation", 0.0),
            progress=lambda done, total: bar.show(done),
        )
    finally:
        bar.close()


def _policies(args: argparse.Namespace, engine: Engine) -> Policies:
    return resolve_policies(engine, school_file=getattr(args, "policies", None))


def _new_categories(policies: Policies) -> dict[str, str]:
    """Categories the policies define beyond the canonical ones, with a label for each."""
    return {
        category: category.replace("_", " ").capitalize()
        for category in policies.categories
        if category not in CANONICAL_CATEGORIES
    }


def _check_reachable(policies: Policies, inventory: Inventory) -> None:
    """A policy for a category no inventory row reaches (a section named as the inventory
    spells a category, ``[categories.laptops]``) would be silently unused: refuse it."""
    used = {asset.category for asset in inventory.assets}
    problems = [
        Problem(
            f"categories.{category}",
            "no inventory row is in this category, so the policy would never apply",
            _hint(category, policies),
        )
        for category in sorted(_new_categories(policies))
        if category not in used
    ]
    if problems:
        raise PolicyError("the refresh policies", problems)


def _hint(category: str, policies: Policies) -> str:
    known = CategoryTable.default().lookup(category)
    if known is not None:
        return f"the inventory's {category!r} is the category {known!r}: use [categories.{known}]"
    nearest = closest(category, CANONICAL_CATEGORIES)
    mapping = f'map inventory rows onto it with --category "NAME={category}"'
    return f"{nearest}, or {mapping}" if nearest else mapping


# --- --inventory on the commands that assess one school ----------------------------------------

#: Commands whose --inventory is planned (with the plan options), not only attached.
_PLANNING = ("assess", "strategy")

_INVENTORY_HELP = {
    "assess": "the school's asset inventory: feeds its refresh plan into the judgement and adds "
    "the plan to the report (one school only)",
    "explain": "the school's asset inventory, for derived facts",
    "check": "an asset inventory to attach, so that facts plugins derive from it are known",
    "strategy": "the school's asset inventory: its refresh plan costs the strategy's device and "
    "infrastructure refresh",
}


def _inventory_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument(
        "--inventory",
        metavar="FILE",
        help=_INVENTORY_HELP.get(command, "an asset inventory, for facts derived from it"),
    )
    if command in _PLANNING:
        add_plan_options(parser)
    else:
        add_inventory_options(parser)


def _plan_section(plan: RefreshPlan) -> ReportSection:
    def render(fmt: str) -> str:
        return render_plan(plan, fmt)

    return ReportSection(
        "refresh_plan",
        json.loads(plan.to_json()),
        render,
        template="refresh/section.html",
        context={"p": plan_view(plan)},
    )


def _check_as_of(call: Invocation) -> None:
    """A usage error for an ``--as-of`` the calendar cannot plan from."""
    message = as_of_problem(call.as_of)
    if message:
        call.usage_error(f"--as-of: {message}")


def _attach(call: Invocation) -> Attachment | None:
    _check_needs_inventory(call)
    path = getattr(call.args, "inventory", None)
    if not path:
        return None
    _check_as_of(call)
    if call.command.name not in _PLANNING:
        return Attachment(_attachments(read_inventory(path, call.args, call.engine())))
    inventory = read_inventory(path, call.args, call.engine(), warn=False)
    plan = make_plan(inventory, call.args, call.as_of, call.engine())
    report_issues(path, plan, listed_in_report=call.format != "csv")
    return Attachment(_attachments(inventory, plan), (_plan_section(plan),))


#: ``--inventory`` (and the options that read it and shape its plan) for ``assess``,
#: ``explain`` and ``check``.
INVENTORY_SOURCE = AttachmentSource("--inventory", _inventory_arguments, _attach)


# --- ictrules plan -----------------------------------------------------------------------------


def _plan_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inventory", metavar="INVENTORY", help="the asset inventory file")
    add_plan_options(parser)


def _run_plan(call: Invocation) -> int:
    """Make and write the plan."""
    _check_as_of(call)
    engine = call.engine()
    inventory = read_inventory(call.args.inventory, call.args, engine, warn=False)
    plan = make_plan(inventory, call.args, call.as_of, engine)
    report_issues(call.args.inventory, plan, listed_in_report=call.format != "csv")
    bar = Progress(len(plan.ratings) + len(plan.events), "writing")  # only on a terminal
    try:
        if call.format in ("json", "csv"):  # as a stream: a plan of any size in bounded memory
            call.write(stream_plan(plan, call.format, progress=bar.show))
            return 0
        if call.format == "html":
            text = plan_page(plan, title=call.title, templates=call.templates())
        else:
            templates = call.templates() if call.format == "md" else None
            text = render_plan(plan, call.format, templates=templates)
        call.write(text if text.endswith("\n") else text + "\n")
    finally:
        bar.close()
    return 0


#: ``ictrules plan INVENTORY``: a costed, multi-year refresh plan for an asset inventory.
PLAN_COMMAND = Command(
    "plan",
    "plan and cost the replacement of an asset inventory over several budget years",
    "Read an asset inventory (CSV, JSON, TOML, or XLSX with the xlsx extra), rate every asset "
    "red/amber/green and schedule and cost its replacement over the horizon. Policies: the "
    "refresh plugin's defaults, then authority plugins, then --policies.",
    _run_plan,
    _plan_arguments,
    uses=("as_of", "output", "report", "plugins"),
    as_of_help="the date the plan starts from, YYYY-MM-DD (default: today)",
    order=60,
)
