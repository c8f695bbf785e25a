"""A costed ICT strategy for one school, from its assessment, refresh plan and strategy file.

:func:`plan_strategy` puts together what ictrules already knows:

1. **position**: each strand's level, the condition (RAG) of all kit, the annual ICT spending
   by kind (recurring costs, device support and energy);
2. **targets**: per strand, the school's own or, for ``"suggest"``, one level up, the weakest
   strands first and soonest, never more than one level a year;
3. **programme**: the criteria between each strand's level and its target that are not met or
   unknown, one level a year, with the projects that serve each strand and the owners, terms
   and costs of the school's action plan;
4. **budget plan**: per budget year, capital and revenue: device and infrastructure refresh,
   recurring costs, projects and action costs, against the budget available;
5. **affordable schedule**: replacements deferred where a year is over budget (see
   :mod:`ictrules_strategy.schedule`), with what slipped and the risk carried (red kit still in
   use each year).

Amounts are in the refresh plan's currency; years are budget years named by the calendar year
they start in. Everything is a function of its inputs: same inputs, same plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ictrules import Assessment, Framework
from ictrules.reports.action_plan import ActionPlan
from ictrules_refresh import RefreshPlan, format_money

from .checking import strategy_problems
from .errors import StrategyError
from .model import Funding, Strategy, Target, year_label
from .schedule import Item, Schedule, schedule

__all__ = [
    "INFRASTRUCTURE",
    "BudgetLine",
    "PlannedAction",
    "StrandPosition",
    "StrandTarget",
    "StrategyPlan",
    "annual_spending",
    "central_budget",
    "plan_strategy",
    "replacement_key",
]

#: Categories counted as infrastructure rather than devices, deferred last.
INFRASTRUCTURE = frozenset(
    {"network_switch", "wireless_access_point", "firewall", "server", "ups", "router", "nas"}
)


@attrs.frozen
class StrandPosition:
    """Where a strand stands now."""

    code: str
    title: str
    level: int
    best_possible: int
    label: str


@attrs.frozen
class StrandTarget:
    """A strand's target level and year, whether the school set it or it was suggested, why."""

    code: str
    level: int
    by: int
    suggested: bool
    reason: str


@attrs.frozen
class PlannedAction:
    """One step of the programme: a criterion to meet (or a project), in a budget year."""

    year: int
    strand: str
    level: int | None
    text: str
    reason: str
    criterion: str | None = None
    owner: str = ""
    term: str = ""
    cost: float = 0.0
    project: bool = False


@attrs.frozen
class BudgetLine:
    """One budget year: what is spent, by kind and funding, against what is available.

    ``device_refresh`` and ``infrastructure_refresh`` are capital replacements;
    ``revenue_refresh`` the replacements paid from revenue (leased kit, and kit whose refresh
    policy funds it from revenue, such as UPS batteries). Amounts in the plan's currency."""

    year: int
    label: str
    device_refresh: float = attrs.field(converter=float)
    infrastructure_refresh: float = attrs.field(converter=float)
    revenue_refresh: float = attrs.field(converter=float)
    recurring_capital: float = attrs.field(converter=float)
    recurring_revenue: float = attrs.field(converter=float)
    projects_capital: float = attrs.field(converter=float)
    projects_revenue: float = attrs.field(converter=float)
    actions: float = attrs.field(converter=float)
    capital_budget: float = attrs.field(converter=float)
    revenue_budget: float = attrs.field(converter=float)
    capital: float = attrs.field(converter=float)
    revenue: float = attrs.field(converter=float)
    #: What is left of each budget (below zero: overspent). Kept apart, since capital cannot
    #: pay revenue costs: one sum would show a revenue overspend beside unspent capital as a
    #: surplus.
    capital_balance: float = attrs.field(converter=float)
    revenue_balance: float = attrs.field(converter=float)
    #: devices past their due date and still in use at the year's end (red when assessed, or
    #: fallen due since and slipped); None: no inventory, the kit not known
    red_in_use: int | None

    @property
    def total(self) -> float:
        """Everything spent in the year, to the penny (as each part is)."""
        return round(self.capital + self.revenue, 2)


@attrs.frozen
class StrategyPlan:
    """The costed strategy of one school."""

    school: str
    framework: str
    as_of: str
    vision: str
    aims: tuple[str, ...]
    years: tuple[int, ...]
    positions: tuple[StrandPosition, ...]
    condition: Mapping[str, int]
    spending: Mapping[str, float]
    targets: tuple[StrandTarget, ...]
    programme: tuple[PlannedAction, ...]
    budget: tuple[BudgetLine, ...]
    slipped: tuple[tuple[str, str, str, str], ...]
    over_budget: tuple[str, ...]
    levelled_contribution: float | None  # None: no inventory, no refresh plan
    currency: str
    #: Where each replacement of the refresh plan ends up, by :func:`replacement_key`:
    #: its budget year, or ``None`` beyond the plan (left out of the JSON: see ``slipped``).
    placed: Mapping[str, int | None] = attrs.field(factory=dict, repr=False)


def plan_strategy(
    assessment: Assessment,
    framework: Framework,
    strategy: Strategy,
    refresh: RefreshPlan | None = None,
    actions: ActionPlan | None = None,
    *,
    source: str = "the strategy file",
    standards: Mapping[str, Target] | None = None,
) -> StrategyPlan:
    """The costed strategy; raises :class:`StrategyError` naming ``source`` (the strategy
    file's path) and listing every fault of the strategy against this school: a target below
    its level or beyond the plan, a project serving an unknown strand, an end before its start,
    fewer than three or more than five years, a start before the assessment's budget year, an
    amount below zero.

    ``standards`` are a trust's minimum standards (a level per strand by a budget year): where
    the school is below one and its own target is lower or later, the standard becomes its
    target. Standards are checked with the trust's file, not here. An ``assessment`` against
    another framework than ``framework`` is a ``ValueError`` naming both."""
    if assessment.framework != framework.id:
        raise ValueError(
            f"the assessment is against {assessment.framework!r}, the strategy's framework is "
            f"{framework.id!r}: plan with the framework the school was assessed against"
        )
    _check(strategy, assessment, framework, source)
    if refresh is not None and not refresh.ratings:
        refresh = None  # an inventory with no asset to plan: the kit is not known, not fine
    positions = tuple(
        StrandPosition(s.code, s.title, s.level, s.best_possible, framework.label(s.level))
        for s in assessment.strands
    )
    targets = _targets(strategy, assessment, framework, standards or {})
    programme = _programme(strategy, assessment, targets, actions or ActionPlan())
    items = _items(refresh, strategy)
    fixed = _fixed(strategy, programme)
    budgets = _budgets(strategy)
    placed = schedule(items, strategy.budget_years, budgets, fixed)
    budget = _budget_lines(strategy, programme, items, placed, known=refresh is not None)
    slipped = tuple(
        (
            slip.item.owner,
            slip.item.condition,
            year_label(slip.item.year),
            "beyond the plan" if slip.to is None else year_label(slip.to),
        )
        for slip in placed.slips
    )
    currency = refresh.currency if refresh else "GBP"
    return StrategyPlan(
        school=(assessment.school.name or assessment.school.id) if assessment.school else "",
        framework=assessment.framework,
        as_of=assessment.as_of.isoformat(),
        vision=strategy.vision,
        aims=strategy.aims,
        years=strategy.budget_years,
        positions=positions,
        condition=_condition(refresh),
        spending=annual_spending(strategy, refresh),
        targets=targets,
        programme=programme,
        budget=budget,
        slipped=slipped,
        over_budget=_over_budget(placed, currency),
        levelled_contribution=refresh.totals.levelled_annual_contribution if refresh else None,
        currency=currency,
        placed=placed.placed,
    )


# --- checking the strategy against the school ------------------------------------------------


def _check(strategy: Strategy, assessment: Assessment, framework: Framework, source: str) -> None:
    current = {s.code: s.level for s in assessment.strands}
    problems = strategy_problems(strategy, framework, assessment.as_of, current)
    if problems:
        raise StrategyError(source, problems)


# --- targets -----------------------------------------------------------------------------------


def _targets(
    strategy: Strategy,
    assessment: Assessment,
    framework: Framework,
    standards: Mapping[str, Target],
) -> tuple[StrandTarget, ...]:
    """The school's targets, raised to the trust's minimum standards where they fall short."""
    found = []
    for target in _own_targets(strategy, assessment, framework):
        standard = standards.get(target.code)
        if standard is not None and (
            framework.rank(target.level) < framework.rank(standard.level)
            or (target.level == standard.level and target.by > standard.by)
        ):
            target = _standard_target(target.code, standard)
        found.append(target)
    given = {t.code for t in found}
    for result in assessment.strands:
        standard = standards.get(result.code)
        if result.code in given or standard is None:
            continue
        if framework.rank(result.level) < framework.rank(standard.level):
            found.append(_standard_target(result.code, standard))
    order = {s.code: n for n, s in enumerate(assessment.strands)}
    return tuple(sorted(found, key=lambda t: order[t.code]))


def _standard_target(code: str, standard: Target) -> StrandTarget:
    return StrandTarget(
        code,
        standard.level,
        standard.by,
        False,
        f"the trust's minimum standard: level {standard.level} by {year_label(standard.by)}",
    )


def _own_targets(
    strategy: Strategy, assessment: Assessment, framework: Framework
) -> list[StrandTarget]:
    """The school's targets, and suggested ones: the weakest strands (lowest levels) one level
    up by the end of the first year, the others by the end of the second, each at most one
    level a year; a strand at the top of the scale keeps its level."""
    found = []
    ranks = sorted({framework.rank(s.level) for s in assessment.strands})
    weakest = ranks[0] if ranks else 0
    for result in assessment.strands:
        given = strategy.target(result.code)
        if isinstance(given, Target):
            found.append(
                StrandTarget(result.code, given.level, given.by, False, "the school's target")
            )
            continue
        if given != "suggest":
            continue
        rank = framework.rank(result.level)
        if rank + 1 >= len(framework.scale):
            found.append(
                StrandTarget(
                    result.code,
                    result.level,
                    strategy.first_year,
                    True,
                    "already at the best level: keep it",
                )
            )
            continue
        step = 0 if rank == weakest else min(1, strategy.years - 1)
        level = framework.scale[rank + 1].value
        why = (
            "one of the weakest strands: one level up in the first year"
            if step == 0
            else "one level up by the second year, after the weakest strands"
        )
        found.append(StrandTarget(result.code, level, strategy.first_year + step, True, why))
    return found


# --- the programme -----------------------------------------------------------------------------


def _programme(
    strategy: Strategy, assessment: Assessment, targets: Sequence[StrandTarget], plan: ActionPlan
) -> tuple[PlannedAction, ...]:
    scale = list(assessment.scale)
    steps: list[PlannedAction] = []
    for target in targets:
        result = assessment.strand(target.code)
        here, there = scale.index(result.level), scale.index(target.level)
        for offset, level in enumerate(scale[here + 1 : there + 1]):
            year = min(strategy.first_year + offset, target.by)
            for criterion in result.criteria:
                if criterion.level != level or criterion.holds is True:
                    continue
                entry = plan.entries.get(criterion.id)
                steps.append(
                    PlannedAction(
                        year,
                        target.code,
                        level,
                        criterion.action,
                        "not met" if criterion.holds is False else "unknown: evidence to collect",
                        criterion.id,
                        entry.owner if entry else "",
                        entry.term if entry else "",
                        float(entry.cost or 0.0) if entry else 0.0,
                    )
                )
    for project in strategy.projects:
        steps.append(
            PlannedAction(
                project.year,
                ", ".join(project.strands),
                None,
                project.name,
                f"project ({project.scope})",
                cost=project.capital + project.revenue,
                project=True,
            )
        )
    return tuple(sorted(steps, key=lambda s: (s.year, s.project, s.strand, s.criterion or s.text)))


# --- money ---------------------------------------------------------------------------------------


def _recurring(strategy: Strategy, year: int, funding: Funding) -> float:
    total = 0.0
    for cost in strategy.recurring:
        if cost.funding is not funding:
            continue
        start = cost.start if cost.start is not None else strategy.first_year
        if year < start or (cost.end is not None and year > cost.end):
            continue
        total += cost.annual * (1 + cost.rise) ** (year - start)
    return round(total, 2)


def _fixed(strategy: Strategy, programme: Sequence[PlannedAction]) -> dict[tuple[int, str], float]:
    fixed: dict[tuple[int, str], float] = {}
    for year in strategy.budget_years:
        capital = _recurring(strategy, year, Funding.CAPITAL)
        capital += sum(p.capital for p in strategy.projects if p.year == year)
        revenue = _recurring(strategy, year, Funding.REVENUE)
        revenue += sum(p.revenue for p in strategy.projects if p.year == year)
        revenue += sum(a.cost for a in programme if a.year == year and not a.project)
        fixed[(year, "capital")] = capital
        fixed[(year, "revenue")] = revenue
    return fixed


def replacement_key(asset: str, number: int) -> str:
    """How a plan's :attr:`StrategyPlan.placed` names the refresh plan's replacement ``number``
    (its position in ``RefreshPlan.events``) of ``asset``."""
    return f"{asset}#{number}"


def _items(refresh: RefreshPlan | None, strategy: Strategy) -> list[Item]:
    """Each planned replacement as a schedulable item, in its budget year."""
    if refresh is None:
        return []
    rag = {r.asset.id: r.rag.value for r in refresh.ratings}
    starts = {index: refresh.years[index].start.year for index in range(len(refresh.years))}
    items = []
    for number, event in enumerate(refresh.events):
        year = starts.get(event.year)
        if year is None or year > strategy.budget_years[-1]:
            continue  # beyond the plan; what fell due before it starts is a backlog
        category = event.asset.category or ""
        items.append(
            Item(
                replacement_key(event.asset.id, number),
                round(event.cost, 2),
                year,
                rag.get(event.asset.id, "unknown"),
                1 if category in INFRASTRUCTURE else 0,
                "revenue"
                if event.funding.value == "lease" or event.funding.value == "revenue"
                else "capital",
                event.asset.quantity,
                event.asset.id,
            )
        )
    return items


def _budgets(strategy: Strategy) -> dict[tuple[int, str], float]:
    return {
        (year, kind): getattr(strategy.money(year), kind)
        for year in strategy.budget_years
        for kind in ("capital", "revenue")
    }


def _over_budget(placed: Schedule, currency: str) -> tuple[str, ...]:
    """Each year and funding stream whose fixed costs alone exceed its budget, in words."""
    return tuple(
        f"{year_label(year)} {funding}: over by {format_money(amount, currency)} in fixed "
        "costs alone"
        for (year, funding), amount in sorted(placed.over.items())
    )


def central_budget(
    strategy: Strategy, currency: str = "GBP"
) -> tuple[tuple[BudgetLine, ...], tuple[str, ...]]:
    """The budget lines of costs planned centrally (a trust's own projects and recurring
    costs, in a strategy without targets or kit) against the central budget, and the years
    those costs exceed it, said as a school's plan says them (:attr:`StrategyPlan.over_budget`)."""
    placed = schedule([], strategy.budget_years, _budgets(strategy), _fixed(strategy, ()))
    return _budget_lines(strategy, (), [], placed, known=False), _over_budget(placed, currency)


def _budget_lines(
    strategy: Strategy,
    programme: Sequence[PlannedAction],
    items: Sequence[Item],
    placed: Schedule,
    *,
    known: bool,
) -> tuple[BudgetLine, ...]:
    lines = []
    firsts: dict[str, Item] = {}  # each asset's first replacement: the one its condition is for
    for item in sorted(items, key=lambda i: i.year):
        firsts.setdefault(item.owner, item)
    firsts_list = list(firsts.values())
    for year in strategy.budget_years:
        here = [i for i in items if placed.placed[i.key] == year]
        infrastructure = sum(i.cost for i in here if i.priority and i.funding == "capital")
        devices = sum(i.cost for i in here if not i.priority and i.funding == "capital")
        revenue_refresh = sum(i.cost for i in here if i.funding == "revenue")
        projects_capital = sum(p.capital for p in strategy.projects if p.year == year)
        projects_revenue = sum(p.revenue for p in strategy.projects if p.year == year)
        action_costs = sum(a.cost for a in programme if a.year == year and not a.project)
        rec_capital = _recurring(strategy, year, Funding.CAPITAL)
        rec_revenue = _recurring(strategy, year, Funding.REVENUE)
        capital = devices + infrastructure + projects_capital + rec_capital
        revenue = revenue_refresh + projects_revenue + rec_revenue + action_costs
        money = strategy.money(year)
        red_waiting = {  # each asset past its due date and not yet replaced, and its devices:
            i.owner: i.units  # red on the date of the assessment, or due since and slipped
            for i in firsts_list
            if i.year <= year
            and (placed.placed[i.key] is None or (placed.placed[i.key] or 0) > year)
        }
        lines.append(
            BudgetLine(
                year,
                year_label(year),
                round(devices, 2),
                round(infrastructure, 2),
                round(revenue_refresh, 2),
                rec_capital,
                rec_revenue,
                projects_capital,
                projects_revenue,
                round(action_costs, 2),
                money.capital,
                money.revenue,
                round(capital, 2),
                round(revenue, 2),
                round(money.capital - capital, 2),
                round(money.revenue - revenue, 2),
                sum(red_waiting.values()) if known else None,
            )
        )
    return tuple(lines)


def _condition(refresh: RefreshPlan | None) -> dict[str, int]:
    """Devices per RAG rating; empty when no inventory was given (the kit is not known)."""
    if refresh is None:
        return {}
    counts = {"red": 0, "amber": 0, "green": 0, "unknown": 0}
    for rating in refresh.ratings:
        counts[rating.rag.value] = counts.get(rating.rag.value, 0) + rating.asset.quantity
    return counts


def annual_spending(strategy: Strategy, refresh: RefreshPlan | None = None) -> dict[str, float]:
    """Annual ICT spending now, by kind: the first year's recurring costs and, from the
    refresh plan, device support and energy."""
    kinds: dict[str, float] = {}
    first = strategy.first_year
    for cost in strategy.recurring:
        start = cost.start if cost.start is not None else first
        if start <= first and (cost.end is None or cost.end >= first):
            kinds[cost.kind] = round(kinds.get(cost.kind, 0.0) + cost.annual, 2)
    if refresh is not None and refresh.years:
        kinds["device support"] = round(refresh.years[0].support, 2)
        kinds["energy"] = round(refresh.years[0].energy, 2)
    return dict(sorted(kinds.items()))
