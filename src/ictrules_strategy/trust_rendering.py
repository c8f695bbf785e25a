"""A trust's strategy as people read it: a printable HTML page and Markdown (through the report
templates ``strategy/trust.html`` and ``strategy/trust.md``), plain text, JSON, and its budget
lines as CSV (one row per school, the centre and the total, per budget year)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from ictrules._convert import dumps
from ictrules.reports.csv import csv_text
from ictrules.reports.templating import ReportTemplates
from ictrules_refresh import format_money

from .model import year_label
from .planning import BudgetLine, StrategyPlan
from .rendering import (
    BUDGET_COLUMNS,
    TEMPLATES,
    budget_cells,
    condition_text,
    kind_text,
    level_text,
    strategy_data,
)
from .trust import TrustPlan

__all__ = ["TRUST_FORMATS", "budget_rows", "render_trust", "slipped_summary", "trust_data"]

#: The formats :func:`render_trust` writes (``xlsx`` is :func:`~.workbook.trust_workbook`).
TRUST_FORMATS = ("text", "md", "html", "json", "csv")


def _line(line: BudgetLine) -> dict[str, Any]:
    return {**attrs.asdict(line), "total": round(line.total, 2)}


def trust_data(plan: TrustPlan) -> dict[str, Any]:
    """The trust's plan as plain, JSON-ready data (what the JSON output holds): each school's
    whole strategy under ``schools``, and the trust's budget by school, centre and total."""
    return {
        "name": plan.name,
        "framework": plan.framework,
        "as_of": plan.as_of,
        "vision": plan.vision,
        "aims": list(plan.aims),
        "years": list(plan.years),
        "schools": [
            {
                "name": s.name,
                "folder": s.folder,
                "missing": list(s.missing),
                "errors": list(s.errors),
                "central_saving": s.saving,
                "strategy": None if s.plan is None else strategy_data(s.plan),
            }
            for s in plan.schools
        ],
        "standards": [attrs.asdict(gap) for gap in plan.standards],
        "budget": {
            "schools": {name: [_line(x) for x in lines] for name, lines in plan.budget.items()},
            "central": [_line(x) for x in plan.central],
            "total": [_line(x) for x in plan.total],
        },
        "central_projects": [attrs.asdict(p) for p in plan.central_projects],
        "central_recurring": [
            {**attrs.asdict(r), "funding": r.funding.value} for r in plan.central_recurring
        ],
        "spending": {scope: dict(kinds) for scope, kinds in plan.spending.items()},
        "central_saving": plan.central_saving,
        "over_budget": list(plan.over_budget),
        "errors": list(plan.errors),
        "missing": list(plan.missing),
        "currency": plan.currency,
    }


def budget_rows(plan: TrustPlan) -> list[tuple[str, str, BudgetLine]]:
    """Every budget line with whose it is (a school's name, ``central`` or ``total``) and its
    scope (``school``, ``central``, ``total``), year by year: the CSV's and workbook's rows."""
    rows = []
    for index in range(len(plan.years)):
        rows += [(name, "school", lines[index]) for name, lines in plan.budget.items()]
        rows.append(("central", "central", plan.central[index]))
        rows.append(("total", "total", plan.total[index]))
    return rows


def _csv(plan: TrustPlan) -> str:
    body = [[who, scope, *budget_cells(line)] for who, scope, line in budget_rows(plan)]
    return csv_text([["school", "scope", *BUDGET_COLUMNS], *body])


def _level(plan: StrategyPlan, code: str) -> str:
    return level_text(next(p for p in plan.positions if p.code == code))


def _condition(plan: StrategyPlan) -> str:
    return condition_text(plan.condition) or "not known"


def _view(plan: TrustPlan) -> dict[str, Any]:
    """What the templates get: the plan's data, and the tables people read."""
    view = trust_data(plan)
    view["position_rows"] = [
        {
            "name": s.name,
            "levels": [_level(s.plan, code) for code, _ in plan.strands],
            "condition": _condition(s.plan),
        }
        for s in plan.schools
        if s.plan is not None
    ]
    view["not_planned"] = [s.name for s in plan.schools if s.plan is None]
    view["not_known"] = _kit_not_known(plan)
    outside = _uncovered(plan)
    view["budget_by_year"] = [
        (
            year_label(year),
            [
                (
                    f"{who} (not in its strategy's years)" if (who, year) in outside else who,
                    scope,
                    _line(line),
                )
                for who, scope, line in rows
            ],
        )
        for year, rows in _by_year(plan)
    ]
    view["strand_codes"] = [code for code, _ in plan.strands]
    view["slipped_summary"] = slipped_summary(plan)
    view["central_projects"] = [
        {**attrs.asdict(p), "year": year_label(p.year)} for p in plan.central_projects
    ]
    view["standard_labels"] = {gap.code: year_label(gap.by) for gap in plan.standards}
    return view


def slipped_summary(plan: TrustPlan) -> list[dict[str, Any]]:
    """Per school whose replacements were deferred to stay within its budget: how many moved
    to a later year and how many beyond the plan, each with how many of them are red."""
    rows = []
    for school in plan.schools:
        if school.plan is None or not school.plan.slipped:
            continue
        moved = [s for s in school.plan.slipped if s[3] != "beyond the plan" and s[3] > s[2]]
        beyond = [s for s in school.plan.slipped if s[3] == "beyond the plan"]
        rows.append(
            {
                "school": school.name,
                "later": len(moved),
                "red_later": sum(1 for s in moved if s[1] == "red"),
                "beyond": len(beyond),
                "red_beyond": sum(1 for s in beyond if s[1] == "red"),
            }
        )
    return rows


def _kit_not_known(plan: TrustPlan, year: int | None = None) -> list[str]:
    """The schools whose red devices are not known in ``year`` (in any year when ``None``):
    no inventory, or a year their own strategy does not plan."""
    return [
        name
        for name, lines in plan.budget.items()
        if any(line.red_in_use is None for line in lines if year in (None, line.year))
    ]


def _uncovered(plan: TrustPlan) -> set[tuple[str, int]]:
    """(school, year) pairs the school's own strategy does not plan: shown as such, not as a
    year of no spending."""
    return {
        (s.name, year)
        for s in plan.schools
        if s.plan is not None
        for year in plan.years
        if year not in s.plan.years
    }


def _by_year(plan: TrustPlan) -> list[tuple[int, list[tuple[str, str, BudgetLine]]]]:
    rows = budget_rows(plan)
    return [(year, [r for r in rows if r[2].year == year]) for year in plan.years]


def render_trust(
    plan: TrustPlan,
    fmt: str,
    *,
    title: str | None = None,
    templates: ReportTemplates | None = None,
) -> str:
    """The trust's strategy in ``fmt`` (one of :data:`TRUST_FORMATS`); HTML and Markdown from
    the templates ``strategy/trust.html`` and ``strategy/trust.md``, which an authority can
    replace with ``--template-dir``."""

    if fmt == "json":
        return dumps(trust_data(plan))
    if fmt == "csv":
        return _csv(plan)
    heading = title or f"ICT strategy: {plan.name or 'the trust'}"
    if fmt in ("html", "md"):
        chosen = (templates or ReportTemplates()).with_plugin("strategy", TEMPLATES)
        page = chosen.render(
            f"strategy/trust.{fmt}",
            page_title=heading,
            t=_view(plan),
            money=lambda amount: format_money(amount, plan.currency),
            kind=kind_text,
        )
        return page if fmt == "html" else page.rstrip("\n") + "\n"
    return _text(plan, heading)


def _text(plan: TrustPlan, heading: str) -> str:
    def money(amount: float) -> str:
        return format_money(amount, plan.currency)

    span = f"{year_label(plan.years[0])} to {year_label(plan.years[-1])}"
    planned = [s for s in plan.schools if s.plan is not None]
    count = f"{len(planned)} school{'s' if len(planned) != 1 else ''}"
    lines = [heading, "", f"Budget years {span}, as of {plan.as_of}; {count}.", ""]
    if plan.vision:
        lines += ["Vision", "", plan.vision, ""]
        lines += [f"- {aim}" for aim in plan.aims] + ([""] if plan.aims else [])
    lines += ["Where the schools stand", ""]
    lines += _table(
        ["School", *(code for code, _ in plan.strands), "Kit"],
        [
            [s.name, *(_level(s.plan, code) for code, _ in plan.strands), _condition(s.plan)]
            for s in planned
            if s.plan is not None
        ],
    )
    if plan.standards:
        lines += ["", "Minimum standards", ""]
    for gap in plan.standards:
        below = f"{len(gap.below)} school{'s' if len(gap.below) != 1 else ''} below"
        lines.append(
            f"- {gap.code} {gap.title}: level {gap.level} by {year_label(gap.by)}; {below}"
        )
        for school in gap.below:
            cost = f", {money(school.cost)}" if school.cost else ""
            lines.append(
                f"  - {school.school} (level {school.level}): {len(school.actions)} "
                f"action{'s' if len(school.actions) != 1 else ''}{cost}"
            )
            lines += [f"    - {action}" for action in school.actions]
        if gap.unknown:
            lines.append(f"  - not known (not planned): {', '.join(gap.unknown)}")
    if plan.central_projects or plan.central_recurring:
        lines += ["", "Central costs (paid by the trust)", ""]
    for project in plan.central_projects:
        cost = money(project.capital + project.revenue)
        serves = f"; serves {', '.join(project.strands)}" if project.strands else ""
        lines.append(f"- {project.name}: {year_label(project.year)}, {cost}{serves}")
    for each in plan.central_recurring:
        rise = f", rising {each.rise:.0%} a year" if each.rise else ""
        lines.append(
            f"- {each.name} ({kind_text(each.kind)}): {money(each.annual)} a year, "
            f"{each.funding.value}{rise}"
        )
    lines += ["", "Budget plan (spent of budget; what is left of each)", ""]
    outside = _uncovered(plan)
    for year, rows in _by_year(plan):
        lines.append(f"{year_label(year)}:")
        for who, scope, line in rows:
            if (who, year) in outside:
                lines.append(f"  - {who}: not in its strategy's years")
                continue
            red = "" if line.red_in_use is None else f"; red devices in use: {line.red_in_use}"
            unknown = _kit_not_known(plan, year)
            if scope == "total" and unknown:
                red = red or "; red devices in use: not known"
                red += f" (not known for {', '.join(unknown)})"
            who = {"central": "Central (trust)", "total": "Total"}.get(scope, who)
            lines.append(
                f"  - {who}: capital {money(line.capital)} of {money(line.capital_budget)}, "
                f"revenue {money(line.revenue)} of {money(line.revenue_budget)}; left: capital "
                f"{money(line.capital_balance)}, revenue {money(line.revenue_balance)}{red}"
            )
    for scope, kinds in plan.spending.items():
        if kinds:
            spent = ", ".join(f"{kind} {money(amount)}" for kind, amount in kinds.items())
            lines.append(f"Annual ICT spending now, {scope}: {spent}.")
    if plan.central_saving is not None:
        lines.append(
            f"Central purchasing saves {money(plan.central_saving)} on the replacements the "
            "schools' budgets pay for within the plan."
        )
    if plan.over_budget:
        lines += ["", "Still over budget (fixed costs alone)", ""]
        lines += [f"- {note}" for note in plan.over_budget]
    summary = slipped_summary(plan)
    if summary:
        lines += ["", "What slipped to stay within budget", ""]
    for row in summary:
        later = f"{row['later']} replacement{'s' if row['later'] != 1 else ''}"
        lines.append(
            f"- {row['school']}: {later} moved to a later year ({row['red_later']} red), "
            f"{row['beyond']} beyond the plan ({row['red_beyond']} red)"
        )
    if plan.errors:
        lines += ["", "What is wrong", ""] + [f"- {problem}" for problem in plan.errors]
    if plan.missing:
        lines += ["", "What is missing", ""] + [f"- {problem}" for problem in plan.missing]
    return "\n".join(lines) + "\n"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as aligned text columns."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def fit(row: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()

    return [fit(header), *(fit(row) for row in rows)]
