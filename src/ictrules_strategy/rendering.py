"""The strategy as people read it: a printable HTML page (through the report templates, so an
authority can restyle it), Markdown, plain text, JSON and the budget lines as CSV."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ictrules._convert import dumps
from ictrules.reports.csv import csv_text
from ictrules.reports.templating import ReportTemplates
from ictrules_refresh import format_money

from .model import year_label
from .planning import BudgetLine, StrandPosition, StrategyPlan

__all__ = [
    "BUDGET_COLUMNS",
    "FORMATS",
    "TEMPLATES",
    "budget_cells",
    "condition_text",
    "kind_text",
    "level_text",
    "render_strategy",
    "strategy_data",
]

#: The formats :func:`render_strategy` writes.
FORMATS = ("text", "md", "html", "json", "csv")

#: This plugin's report templates (``strategy/strategy.html``).
TEMPLATES = Path(__file__).resolve().parent / "templates"


def strategy_data(plan: StrategyPlan) -> dict[str, Any]:
    """The plan as plain, JSON-ready data (what the JSON output holds)."""
    data: dict[str, Any] = attrs.asdict(
        plan, recurse=True, filter=lambda field, _: field.name != "placed"
    )
    data["budget"] = [{**attrs.asdict(line), "total": line.total} for line in plan.budget]
    return data


def _money(currency: str) -> Callable[[float], str]:
    return functools.partial(format_money, currency=currency)


_NO_INVENTORY = (
    "No inventory was given (--inventory): the condition of the kit is not known and the plan "
    "holds no replacements."
)


def kind_text(kind: str) -> str:
    """A kind of spending as a report names it: ``mis`` is the MIS, ``support`` Support."""
    return {"mis": "MIS", "ict": "ICT"}.get(kind, kind[:1].upper() + kind[1:])


#: A budget line's columns in the CSV and the workbook: its fields, then its total.
BUDGET_COLUMNS = (*(field.name for field in attrs.fields(BudgetLine)), "total")


def budget_cells(line: BudgetLine) -> list[Any]:
    """A budget line's cells, in :data:`BUDGET_COLUMNS` order."""
    return [*(getattr(line, name) for name in BUDGET_COLUMNS[:-1]), round(line.total, 2)]


def level_text(position: StrandPosition) -> str:
    """A strand's level in a table: ``4``, or ``4 (could be 3)`` while facts are unknown."""
    if position.best_possible != position.level:
        return f"{position.level} (could be {position.best_possible})"
    return str(position.level)


def condition_text(condition: Mapping[str, int]) -> str:
    """Devices per RAG rating in words (``53 red, 1 amber, ...``); empty when not known."""
    return ", ".join(f"{units} {rag}" for rag, units in condition.items())


def _view(plan: StrategyPlan) -> dict[str, Any]:
    targets = {t.code: t for t in plan.targets}
    rows = []
    for position in plan.positions:
        target = targets.get(position.code)
        now = level_text(position)
        rows.append(
            {
                "code": position.code,
                "title": position.title,
                "now": now,
                "target": "" if target is None else str(target.level),
                "by": "" if target is None else year_label(target.by),
                "reason": "" if target is None else target.reason,
            }
        )
    by_year = [
        (year_label(year), [step for step in plan.programme if step.year == year])
        for year in plan.years
    ]
    view = strategy_data(plan)
    view["position_rows"] = rows
    view["no_inventory"] = _NO_INVENTORY
    view["spending_named"] = [(kind_text(k), amount) for k, amount in plan.spending.items()]
    view["programme_by_year"] = [
        (label, [attrs.asdict(s) for s in steps]) for label, steps in by_year if steps
    ]
    return view


def render_strategy(
    plan: StrategyPlan,
    fmt: str,
    *,
    title: str | None = None,
    templates: ReportTemplates | None = None,
) -> str:
    """The strategy in ``fmt`` (one of :data:`FORMATS`): HTML and Markdown from the templates
    ``strategy/strategy.html`` and ``strategy/strategy.md`` of ``templates`` (ictrules' own
    and this plugin's by default), which an authority can replace."""
    if fmt == "json":
        return dumps(strategy_data(plan))
    if fmt == "csv":
        return _csv(plan)
    if fmt in ("html", "md"):
        chosen = (templates or ReportTemplates()).with_plugin("strategy", TEMPLATES)
        page = chosen.render(
            f"strategy/strategy.{fmt}",
            page_title=title or f"ICT strategy: {plan.school}",
            s=_view(plan),
            money=_money(plan.currency),
        )
        return page if fmt == "html" else page.rstrip("\n") + "\n"
    return _text(plan, title=title)


def _csv(plan: StrategyPlan) -> str:
    return csv_text([list(BUDGET_COLUMNS), *(budget_cells(line) for line in plan.budget)])


def _text(plan: StrategyPlan, *, title: str | None) -> str:
    """The strategy as plain text, for a terminal."""
    money = _money(plan.currency)
    esc: Callable[[str], str] = str
    span = f"{year_label(plan.years[0])} to {year_label(plan.years[-1])}"
    heading = sub = ""
    name = title or f"ICT strategy: {plan.school}"
    lines = [
        f"{heading}{esc(name)}",
        "",
        f"Budget years {span}, as of {plan.as_of}.",
        "",
    ]
    if plan.vision:
        lines += [f"{sub}Vision", "", esc(plan.vision), ""]
        lines += [f"- {esc(aim)}" for aim in plan.aims] + ([""] if plan.aims else [])
    lines += [f"{sub}Where the school stands", ""]
    targets = {t.code: t for t in plan.targets}
    for position in plan.positions:
        target = targets.get(position.code)
        aim = (
            f"; target level {target.level} by {year_label(target.by)} ({target.reason})"
            if target
            else ""
        )
        now = f"level {position.level}"
        if position.best_possible != position.level:  # provisional: unknown facts remain
            now += f" (could be {position.best_possible} once the unknown facts are known)"
        lines.append(f"- {position.code} {esc(position.title)}: {now}{aim}")
    condition = condition_text(plan.condition)
    lines += ["", f"Condition of all kit: {condition}." if condition else _NO_INVENTORY]
    if plan.spending:
        spent = ", ".join(f"{kind_text(k)} {money(amount)}" for k, amount in plan.spending.items())
        lines.append(f"Annual ICT spending now: {spent}.")
    lines += ["", f"{sub}Programme", ""]
    for year in plan.years:
        steps = [s for s in plan.programme if s.year == year]
        if not steps:
            continue
        lines.append(f"{year_label(year)}:")
        for step in steps:
            cost = f"; {money(step.cost)}" if step.cost else ""
            lines.append(f"  - {esc(step.text)} ({step.strand}; {step.reason}{cost})")
    lines += ["", f"{sub}Budget plan", ""]
    for line in plan.budget:
        red = "" if line.red_in_use is None else f"; red devices still in use: {line.red_in_use}"
        lines.append(
            f"- {line.label}: capital {money(line.capital)} of {money(line.capital_budget)}, "
            f"revenue {money(line.revenue)} of {money(line.revenue_budget)}; left: capital "
            f"{money(line.capital_balance)}, revenue {money(line.revenue_balance)}{red}"
        )
    if plan.levelled_contribution is None:
        lines.append(_NO_INVENTORY)
    else:
        lines.append(
            f"Levelled annual contribution to a refresh fund: {money(plan.levelled_contribution)}."
        )
    for note in plan.over_budget:
        lines.append(f"Still over budget: {note}.")
    if plan.slipped:
        lines += ["", f"{sub}What slipped to stay within budget", ""]
        lines += [
            f"- {esc(asset)} ({condition}): {planned} -> {moved}"
            for asset, condition, planned, moved in plan.slipped
        ]
    return "\n".join(lines) + "\n"
