"""A costed ICT strategy for a trust: every school's strategy, side by side and in total.

:func:`plan_trust` puts together the schools' own strategy plans (each made by
:func:`~ictrules_strategy.planning.plan_strategy` with the trust's minimum standards and
central prices) and the trust's own file:

1. **position**: each school's level per strand, side by side, with the condition of its kit;
2. **minimum standards**: per standard, the schools below it and what each needs to reach it
   (the criteria of its programme for that strand, and their cost);
3. **budget plan**: per budget year, each school's spending against its budget, the trust's
   central costs (its projects and centrally managed recurring costs) against the central
   budget, and the total, kept apart so a business manager sees who pays what;
4. **central purchasing**: what the trust's prices save on the replacements the schools'
   budgets pay for within the plan;
5. **what is missing**: a school without an inventory, strategy file or readable evidence is
   named with what it lacks; the strategy is produced from what there is.

Amounts are in the plans' currency (pounds); years are budget years named by the calendar year
they start in. Same inputs, same plan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import cast

import attrs

from ictrules import Framework, Problem
from ictrules.errors import InputError, closest
from ictrules_refresh import Policies

from .checking import strategy_problems
from .errors import StrategyError
from .model import Project, Recurring, Strategy, Target, year_label
from .planning import BudgetLine, StrategyPlan, annual_spending, central_budget
from .trust_model import TrustStrategy

__all__ = [
    "SchoolGap",
    "StandardGap",
    "TrustPlan",
    "TrustSchool",
    "central_price_overrides",
    "check_trust",
    "plan_trust",
]


@attrs.frozen
class TrustSchool:
    """One school of a trust: its strategy plan (``None`` when it could not be planned), the
    folder it was read from, what it lacks (``missing``) and the faults in its files
    (``errors``), each a sentence naming the file, and what central prices save on the
    replacements its plan pays for (``None``: no inventory or no central prices)."""

    name: str
    folder: str
    plan: StrategyPlan | None
    missing: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    saving: float | None = None
    id: str = ""  # the school's id, as its evidence gives it


@attrs.frozen
class SchoolGap:
    """A school below a minimum standard: where it is and what reaching it takes."""

    school: str
    level: int
    actions: tuple[str, ...]
    cost: float


@attrs.frozen
class StandardGap:
    """A trust minimum standard and the schools below it."""

    code: str
    title: str
    level: int
    by: int
    below: tuple[SchoolGap, ...]
    unknown: tuple[str, ...]  # schools that could not be planned, so not known


@attrs.frozen
class TrustPlan:
    """The costed strategy of a trust.

    ``budget`` maps each school's name to its budget lines (one per year; two schools of one
    name are told apart by their folders); ``central`` holds the trust's own costs (its
    ``central_projects`` and ``central_recurring``) against its central budget; ``total`` their
    sum per year. ``spending`` gives the annual ICT spending now by kind, ``school-managed``
    and ``central`` kept apart. ``left_out`` names what is not in the plan and why (a folder
    without evidence, a store's school without a folder)."""

    name: str
    framework: str
    as_of: str
    vision: str
    aims: tuple[str, ...]
    years: tuple[int, ...]
    strands: tuple[tuple[str, str], ...]
    schools: tuple[TrustSchool, ...]
    standards: tuple[StandardGap, ...]
    budget: Mapping[str, tuple[BudgetLine, ...]]
    central: tuple[BudgetLine, ...]
    total: tuple[BudgetLine, ...]
    spending: Mapping[str, Mapping[str, float]]
    central_saving: float | None
    currency: str
    central_projects: tuple[Project, ...] = ()
    central_recurring: tuple[Recurring, ...] = ()
    left_out: tuple[str, ...] = ()
    #: Each year a school or the centre spends more than its budget on what cannot wait
    #: (fixed costs alone), by whom: "Oak Primary School: 2026-27 capital: over by £11,000 ...".
    over_budget: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[str, ...]:
        """Every fault in a school's files, each naming the school."""
        return tuple(f"{s.name}: {p}" for s in self.schools for p in s.errors)

    @property
    def missing(self) -> tuple[str, ...]:
        """What each school lacks, each naming the school, then what is left out."""
        return (
            *(f"{s.name}: {p}" for s in self.schools for p in s.missing),
            *self.left_out,
        )


def check_trust(
    trust: TrustStrategy, framework: Framework, as_of: dt.date, policies: Policies, source: str
) -> None:
    """Raise :class:`StrategyError` naming ``source`` (the trust file) with every fault of it:
    those of a school strategy file (see :func:`~.planning.strategy_problems`; the minimum
    standards are checked as targets are), and central prices for a category the refresh
    policies do not know, or below zero."""
    central = attrs.evolve(
        trust.central(),
        targets={code: {"level": t.level, "by": t.by} for code, t in trust.standards.items()},
    )
    problems = strategy_problems(central, framework, as_of, targets="standards")
    known = sorted(policies.categories)
    for category, price in trust.central_prices.items():
        where = f"central_prices.{category}"
        if category not in policies.categories:
            problems.append(
                Problem(where, f"no refresh category {category!r}", closest(category, known))
            )
        elif not price >= 0:
            problems.append(Problem(where, f"a price cannot be below zero, got {price:g}"))
    if not problems:
        try:
            policies.overridden(central_price_overrides(trust), source)
        except InputError as error:
            problems += [
                attrs.evolve(
                    p, path=re.sub(r"^categories\.([^.]+).*", r"central_prices.\1", p.path)
                )
                for p in error.problems
            ]
    if problems:
        raise StrategyError(source, problems)


def central_price_overrides(trust: TrustStrategy) -> dict[str, object]:
    """The trust's central prices as a refresh policy document (``categories.laptop.unit_cost``),
    applied over each school's policies."""
    return {
        "categories": {
            category: {"unit_cost": {"value": price, "source": "the trust's central price"}}
            for category, price in sorted(trust.central_prices.items())
        }
    }


def plan_trust(
    trust: TrustStrategy,
    framework: Framework,
    schools: Sequence[TrustSchool],
    as_of: dt.date,
    left_out: Sequence[str] = (),
) -> TrustPlan:
    """The trust's plan from its file and its schools, each already planned (or not, with its
    errors), in the order given; ``left_out`` says what is not in it (see
    :func:`~.trust_schools.find_schools`)."""
    schools = _named_apart(schools)
    years = trust.budget_years
    planned = [s for s in schools if s.plan is not None]
    currency = next((s.plan.currency for s in planned if s.plan), "GBP")
    centre = trust.central()
    central, central_over = central_budget(centre, currency)
    budget = {s.name: _on_years(s.plan.budget, years) for s in planned if s.plan}
    total = tuple(
        _sum_lines(year, [lines[n] for lines in budget.values()] + [central[n]])
        for n, year in enumerate(years)
    )
    savings = [s.saving for s in planned if s.saving is not None]
    return TrustPlan(
        name=trust.name,
        framework=framework.id,
        as_of=as_of.isoformat(),
        vision=trust.vision,
        aims=trust.aims,
        years=years,
        strands=tuple((s.code, s.title) for s in framework.strands),
        schools=tuple(schools),
        standards=_gaps(trust.standards, framework, schools),
        budget=budget,
        central=central,
        total=total,
        spending=_spending(centre, planned),
        central_saving=round(sum(savings), 2) if trust.central_prices and savings else None,
        currency=currency,
        central_projects=centre.projects,
        central_recurring=centre.recurring,
        left_out=tuple(left_out),
        over_budget=(
            *(f"{s.name}: {note}" for s in planned if s.plan for note in s.plan.over_budget),
            *(f"Central (trust): {note}" for note in central_over),
        ),
    )


def _named_apart(schools: Sequence[TrustSchool]) -> list[TrustSchool]:
    """The schools, each name told apart from another school's of the same name by its
    folder ("St Joseph's (st-josephs-north)"), so that no school's budget hides another's; a
    school whose id another folder holds too is an error (its budget would count twice)."""
    counts = Counter(s.name for s in schools)
    first: dict[str, str] = {}
    named = []
    for school in schools:
        if counts[school.name] > 1:
            school = attrs.evolve(school, name=f"{school.name} ({Path(school.folder).name})")
        if school.id and school.id in first:
            twice = (
                f"{school.folder} holds the school {school.id}, as {first[school.id]} does: "
                "its budget is counted twice; keep one folder"
            )
            school = attrs.evolve(school, errors=(*school.errors, twice))
        first.setdefault(school.id, school.folder)
        named.append(school)
    return named


def _gaps(
    standards: Mapping[str, Target], framework: Framework, schools: Sequence[TrustSchool]
) -> tuple[StandardGap, ...]:
    gaps = []
    for code, standard in standards.items():
        below = []
        for school in schools:
            if school.plan is None:
                continue
            level = next(p.level for p in school.plan.positions if p.code == code)
            if framework.rank(level) >= framework.rank(standard.level):
                continue
            steps = [
                s
                for s in school.plan.programme
                if s.strand == code and not s.project and s.year <= standard.by
            ]
            below.append(
                SchoolGap(
                    school.name,
                    level,
                    tuple(s.text for s in steps),
                    round(sum(s.cost for s in steps), 2),
                )
            )
        gaps.append(
            StandardGap(
                code,
                framework.strand(code).title,
                standard.level,
                standard.by,
                tuple(below),
                tuple(s.name for s in schools if s.plan is None),
            )
        )
    return tuple(gaps)


def _on_years(lines: Sequence[BudgetLine], years: Sequence[int]) -> tuple[BudgetLine, ...]:
    """A school's budget lines on the trust's years (a year the school does not plan: zeros)."""
    by_year = {line.year: line for line in lines}
    return tuple(by_year.get(year) or _sum_lines(year, []) for year in years)


#: The amounts of a budget line, which add up across schools.
_SUMMED = tuple(
    field.name for field in attrs.fields(BudgetLine) if cast(object, field.converter) is float
)


def _sum_lines(year: int, lines: Sequence[BudgetLine]) -> BudgetLine:
    """One budget line summing ``lines`` of the same year; red kit in use is counted where it
    is known (``None`` when it is known for none)."""
    sums = {name: round(sum(getattr(line, name) for line in lines), 2) for name in _SUMMED}
    red = [line.red_in_use for line in lines if line.red_in_use is not None]
    return BudgetLine(year, year_label(year), **sums, red_in_use=sum(red) if red else None)


def _spending(centre: Strategy, planned: Sequence[TrustSchool]) -> dict[str, dict[str, float]]:
    school: dict[str, float] = {}
    for each in planned:
        if each.plan is None:
            continue
        for kind, amount in each.plan.spending.items():
            school[kind] = round(school.get(kind, 0.0) + amount, 2)
    central = annual_spending(centre)
    return {
        "school-managed": dict(sorted(school.items())),
        "central": dict(sorted(central.items())),
    }
