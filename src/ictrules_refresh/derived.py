"""Facts derived from an inventory, and the attachments they are derived from.

When an assessment is given an inventory (``attachments={"inventory": inventory}``) the plugin
plans its refresh and derives the budget and environment facts a framework declares (the Becta
plugin declares them for strands 1b3 and 1b4). A plan built with the school's own policies and
horizon may be attached too (``attachments={"refresh_plan": plan}``); it is used instead.
Facts are derived only when a framework declares them, and only when the evidence leaves them
unknown: what a school states wins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ictrules import Derivation, DerivationContext, FactSpec, FactType
from ictrules.facts import FactValue

from .assets import Inventory
from .planning import RefreshPlan, plan_refresh
from .policies import default_policies

__all__ = [
    "ATTACHMENT",
    "BUDGET_ATTACHMENT",
    "DECLARED_FACTS",
    "DERIVED_FACTS",
    "PLAN_ATTACHMENT",
    "derivations",
    "funded_share",
    "plan_for",
]

#: The attachment key under which an :class:`Inventory` is passed to ``engine.assess``.
ATTACHMENT = "inventory"
#: The attachment key for a :class:`RefreshPlan` already built (with a school's own policies).
PLAN_ATTACHMENT = "refresh_plan"
#: The attachment key for the capital a school has for renewal, per budget year
#: (``{2026: 18000.0, ...}``): with it, coverage counts only what the budget funds.
BUDGET_ATTACHMENT = "refresh_budget"

_MEMO_KEY = "ictrules_refresh.plan"


def plan_for(context: DerivationContext) -> RefreshPlan | None:
    """The plan an assessment's attachments stand for: an attached plan, or the plan of an
    attached inventory under the default policies (``None`` when neither is attached)."""
    plan = context.attachments.get(PLAN_ATTACHMENT)
    if plan is not None:
        if not isinstance(plan, RefreshPlan):
            raise TypeError(
                f"attachments[{PLAN_ATTACHMENT!r}] must be a RefreshPlan, got {type(plan).__name__}"
            )
        return plan
    inventory = context.attachments.get(ATTACHMENT)
    if inventory is None:
        return None
    if not isinstance(inventory, Inventory):
        raise TypeError(
            f"attachments[{ATTACHMENT!r}] must be an ictrules_refresh.Inventory "
            f"(from load_inventory), got {type(inventory).__name__}"
        )
    plan = context.memo.get(_MEMO_KEY)
    if not isinstance(plan, RefreshPlan):
        plan = plan_refresh(inventory, default_policies(), as_of=context.as_of)
        context.memo[_MEMO_KEY] = plan  # the other derived facts of this assessment reuse it
    return plan


def _with_plan(
    compute: Callable[[RefreshPlan], FactValue | None],
) -> Callable[[DerivationContext], FactValue | None]:
    def derive(context: DerivationContext) -> FactValue | None:
        plan = plan_for(context)
        if plan is None or plan.coverage.rows == 0:
            return None
        return compute(plan)

    return derive


def funded_share(plan: RefreshPlan, budget: Mapping[int, float]) -> float:
    """The share of the levelled contribution the budget meets over the plan's years (1 when
    the contribution is nothing): a renewal cycle is funded only as far as money is there."""
    need = plan.totals.levelled_annual_contribution * len(plan.years)
    if need <= 0:
        return 1.0
    there = sum(budget.get(year.start.year, 0.0) for year in plan.years)
    return max(0.0, min(1.0, there / need))


def _coverage(context: DerivationContext) -> FactValue | None:
    """Coverage of the plan; with a budget attached, only as far as the budget funds it."""
    plan = plan_for(context)
    if plan is None or plan.coverage.rows == 0:
        return None
    budget = context.attachments.get(BUDGET_ATTACHMENT)
    if isinstance(budget, Mapping):
        return round(plan.coverage.value_share * funded_share(plan, budget), 4)
    return plan.coverage.value_share


#: The facts this plugin derives when a framework declares them, and what each means.
DERIVED_FACTS: Mapping[str, tuple[str, Callable[[RefreshPlan], FactValue | None]]] = {
    "budget.renewal_plan_coverage": (
        "share of the estate, by replacement value, that the refresh plan schedules",
        lambda plan: plan.coverage.value_share,
    ),
    "budget.renewal_horizon_years": (
        "the refresh plan's horizon in budget years (0 when it places nothing)",
        lambda plan: plan.horizon_years if plan.coverage.planned_rows else 0,
    ),
    "budget.tco_counted": (
        "whether the plan counts support and energy costs (total cost of ownership)",
        lambda plan: plan.tco_counted,
    ),
    "environment.energy_use_measured": (
        "whether the estate's energy use is estimated from the inventory",
        lambda plan: plan.totals.energy_kwh_per_year > 0,
    ),
    "environment.embodied_carbon_estimated": (
        "whether the embodied carbon of the estate and of the plan is estimated",
        lambda plan: plan.totals.embodied_kgco2e_estate > 0,
    ),
}


#: The facts this plugin declares, because it is the plugin that derives them: any framework may
#: read them (the Becta framework's strands 1b3 and 1b4 do, and say they need this plugin).
DECLARED_FACTS: tuple[FactSpec, ...] = (
    FactSpec(
        "budget.renewal_plan_coverage",
        FactType.PROPORTION,
        "Share of the ICT estate, by replacement value, on a planned and funded renewal cycle.",
        "What share of the ICT estate, by replacement value, is on a planned and funded "
        "renewal cycle?",
    ),
    FactSpec(
        "budget.renewal_horizon_years",
        FactType.INTEGER,
        "How many years ahead the ICT budget plans renewal.",
        "How many years ahead does the ICT budget plan the renewal of equipment (0 when it "
        "plans only this year's needs)?",
        unit="years",
        minimum=0,
    ),
    FactSpec(
        "budget.tco_counted",
        FactType.BOOLEAN,
        "ICT budgeting counts total cost of ownership (support, energy, licences), not only "
        "purchase price.",
        "Does ICT budgeting count the total cost of ownership (support, energy, licences, "
        "disposal), not only the purchase price?",
    ),
    FactSpec(
        "environment.energy_use_measured",
        FactType.BOOLEAN,
        "The school measures or estimates the energy use of its ICT.",
        "Does the school measure or estimate the energy use of its ICT?",
    ),
    FactSpec(
        "environment.embodied_carbon_estimated",
        FactType.BOOLEAN,
        "The school estimates the embodied carbon of its ICT purchases.",
        "Does the school estimate the embodied carbon (the emissions from making and shipping) "
        "of its ICT purchases?",
    ),
)


def derivations(facts: Mapping[str, FactSpec]) -> Iterable[Derivation]:
    """The derivations of the budget and environment facts that ``facts`` declares, from an
    attached inventory or plan."""
    return [
        Derivation(
            fact,
            _coverage if fact == "budget.renewal_plan_coverage" else _with_plan(compute),
            (),
            f"from the refresh plan: {description}",
        )
        for fact, (description, compute) in DERIVED_FACTS.items()
        if fact in facts
    ]
