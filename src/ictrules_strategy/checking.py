"""Checking a strategy file against a framework: every fault, each with its path in the file.

:func:`strategy_problems` serves a school's strategy file (against the school's levels) and a
trust's (its minimum standards are checked as targets are, under ``standards``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from ictrules import Framework, Problem
from ictrules.errors import closest
from ictrules_refresh import MAX_AMOUNT

from .model import RECURRING_KINDS, Strategy, budget_year_of, year_label

__all__ = ["MAX_AMOUNT", "strategy_problems"]


def strategy_problems(
    strategy: Strategy,
    framework: Framework,
    as_of: dt.date,
    current: Mapping[str, int] | None = None,
    *,
    targets: str = "targets",
) -> list[Problem]:
    """Every fault of a strategy file against a framework, each with its path: fewer than three
    or more than five years, a start before the budget year of ``as_of``, an amount below zero
    or above :data:`MAX_AMOUNT` (a project's cost, a recurring cost, a year's budget: the limit
    of every sum of money ictrules reads), a budget year missing or given twice, a recurring
    cost of an unknown kind, a target off the scale, below the strand's ``current`` level (when
    given) or beyond the plan, a project serving an unknown strand or
    outside the plan, an end before its start. ``targets`` names the targets' table in the file
    (a trust's minimum standards are ``standards``)."""
    problems = _span_problems(strategy, as_of)
    # what is held against the strategy's budget years waits until those are right (a span of
    # ten billion years is not listed year by year)
    spanned = not problems
    codes = [s.code for s in framework.strands]
    problems += _amount_problems(strategy)
    if spanned:
        problems += _budget_years(strategy)
    for code in strategy.targets:
        where = f"{targets}.{code}"
        target = strategy.target(code)
        if code not in codes:
            problems.append(
                Problem(where, f"{framework.id} has no strand {code!r}", closest(code, codes))
            )
            continue
        if target is None:
            given = strategy.targets[code]
            problems.append(
                Problem(where, f"expected {{ level = N, by = YEAR }} or 'suggest', got {given!r}")
            )
            continue
        if isinstance(target, str):
            if target != "suggest":
                problems.append(
                    Problem(where, f"expected a level and a year, or 'suggest', got {target!r}")
                )
            continue
        if target.level not in [lv.value for lv in framework.scale]:
            levels = ", ".join(str(lv.value) for lv in framework.scale)
            problems.append(
                Problem(
                    f"{where}.level",
                    f"level {target.level} is not on the scale ({levels}, lowest first)",
                )
            )
        elif current and framework.rank(target.level) < framework.rank(current[code]):
            problems.append(
                Problem(
                    f"{where}.level",
                    f"level {target.level} is below where the strand is now "
                    f"(level {current[code]})",
                )
            )
        if spanned:
            problems += _outside(strategy, f"{where}.by", target.by)
    for index, project in enumerate(strategy.projects):
        for code in project.strands:
            if code not in codes:
                problems.append(
                    Problem(
                        f"projects[{index}].strands", f"no strand {code!r}", closest(code, codes)
                    )
                )
        if spanned:
            problems += _outside(strategy, f"projects[{index}].year", project.year)
    for index, cost in enumerate(strategy.recurring):
        if cost.kind not in RECURRING_KINDS:
            problems.append(
                Problem(
                    f"recurring[{index}].kind",
                    f"unknown kind {cost.kind!r}; expected {', '.join(RECURRING_KINDS)}",
                    closest(cost.kind, RECURRING_KINDS),
                )
            )
        if cost.start is not None and cost.end is not None and cost.end < cost.start:
            problems.append(
                Problem(
                    f"recurring[{index}].end", f"ends ({cost.end}) before it starts ({cost.start})"
                )
            )
    return problems


#: How many budget years after the assessment's a strategy may start: one starting later is
#: no plan for the school as it stands (and 20026 for 2026 is a slip of the keyboard).
AHEAD = 10


def _span_problems(strategy: Strategy, as_of: dt.date) -> list[Problem]:
    """What is wrong with the budget years a strategy covers: fewer than three or more than
    five, a start before the budget year of ``as_of`` or more than :data:`AHEAD` years after
    it."""
    problems = []
    if not 3 <= strategy.years <= 5:
        problems.append(
            Problem(
                "years",
                f"a strategy covers three to five budget years, not {strategy.years}",
                "plan three years at least, and revisit the strategy rather than plan past five",
            )
        )
    now = budget_year_of(as_of)
    if strategy.first_year < now:
        problems.append(
            Problem(
                "first_year",
                f"the strategy starts in {year_label(strategy.first_year)}, before the budget "
                f"year of the assessment ({year_label(now)}, as of {as_of})",
                f"start it in {now} or later, or assess as of an earlier date",
            )
        )
    elif strategy.first_year > now + AHEAD:
        problems.append(
            Problem(
                "first_year",
                f"the strategy starts in {strategy.first_year}, more than {AHEAD} budget years "
                f"after the assessment's ({year_label(now)}, as of {as_of})",
                f"start it by {now + AHEAD}, or assess as of a later date",
            )
        )
    return problems


def _budget_years(strategy: Strategy) -> list[Problem]:
    """One budget entry for each year of the strategy: none missing, none twice, none outside."""
    found, seen = [], set()
    for index, budget in enumerate(strategy.budget):
        if budget.year in seen:
            found.append(
                Problem(f"budget[{index}].year", f"{year_label(budget.year)} is given twice")
            )
        elif budget.year not in strategy.budget_years:
            found.append(
                Problem(
                    f"budget[{index}].year",
                    f"{year_label(budget.year)} is outside the strategy's years "
                    f"({year_label(strategy.first_year)} to "
                    f"{year_label(strategy.budget_years[-1])})",
                )
            )
        seen.add(budget.year)
    missing = [year_label(year) for year in strategy.budget_years if year not in seen]
    if missing:
        found.append(
            Problem(
                "budget",
                f"no budget for {', '.join(missing)}",
                "give a [[budget]] entry with its capital and revenue for every year (0 where "
                "there is none)",
            )
        )
    for index, cost in enumerate(strategy.recurring):
        if cost.end is not None and cost.end < strategy.first_year:
            found.append(
                Problem(
                    f"recurring[{index}].end",
                    f"ends in {year_label(cost.end)}, before the strategy starts "
                    f"({year_label(strategy.first_year)}): it would never be counted",
                    "leave it out, or correct the year",
                )
            )
    return found


def _amount_problems(strategy: Strategy) -> list[Problem]:
    """Costs and budgets below zero (a saving is not a negative cost in a strategy file), not
    a number, infinite, or above :data:`MAX_AMOUNT`."""
    found = []
    amounts = [
        *(
            (f"projects[{i}].{name}", getattr(p, name))
            for i, p in enumerate(strategy.projects)
            for name in ("capital", "revenue")
        ),
        *((f"recurring[{i}].annual", cost.annual) for i, cost in enumerate(strategy.recurring)),
        *(
            (f"budget[{i}].{name}", getattr(b, name))
            for i, b in enumerate(strategy.budget)
            for name in ("capital", "revenue")
        ),
    ]
    for path, amount in amounts:
        if amount < 0 or amount != amount:  # below zero, or not a number at all
            found.append(
                Problem(
                    path, f"an amount cannot be below zero, got {amount:g}", "give it as 0 or more"
                )
            )
        elif amount == math.inf:  # JSON has no infinity: the plan could not be written
            found.append(Problem(path, "an amount must be a finite number, got inf"))
        elif amount > MAX_AMOUNT:
            found.append(
                Problem(
                    path,
                    f"an amount is at most {MAX_AMOUNT:,}, got {_amount_over(amount)}",
                    "amounts are in the plan's currency (pounds), not pence",
                )
            )
    for index, cost in enumerate(strategy.recurring):
        if not -1 < cost.rise <= 1:
            found.append(
                Problem(
                    f"recurring[{index}].rise",
                    f"a yearly rise is a fraction such as 0.03 (3%), got {cost.rise:g}",
                )
            )
    return found


def _amount_over(amount: float) -> str:
    """An amount above :data:`MAX_AMOUNT` as the problem shows it: in whole pounds, or, when
    that would round it down to the limit itself (1000000000.004), as written; beyond 1e15, in
    three figures."""
    if amount >= 1e15:
        return f"{amount:.3g}"
    whole = f"{amount:,.0f}"
    return f"{amount:,}" if round(amount) <= MAX_AMOUNT else whole


def _outside(strategy: Strategy, where: str, year: int) -> list[Problem]:
    """A year outside the strategy's, as one problem (none when it is inside)."""
    first, last = strategy.first_year, strategy.budget_years[-1]
    if first <= year <= last:
        return []
    return [Problem(where, f"{year} is outside the strategy's years ({first} to {last})")]
