"""ictrules_refresh: inventories, RAG condition ratings and costed device refresh plans.

The plugin behind the ``refresh`` entry point. Read an inventory, choose policies and plan::

    import datetime as dt
    from ictrules_refresh import load_inventory, plan_refresh, render_plan, resolve_policies

    inventory = load_inventory("examples/typical-school-inventory.csv")
    plan = plan_refresh(inventory, resolve_policies(), as_of=dt.date(2026, 9, 1))
    print(render_plan(plan, "text"))

Passing the inventory to an assessment (``attachments={ATTACHMENT: inventory}``) derives the
budget and environment facts a framework declares from the plan.
"""

from ._money import MAX_AMOUNT, format_money
from .assets import Asset, DataIssue, Funding, Inventory, Status
from .categories import CANONICAL_CATEGORIES, CategoryTable
from .derived import ATTACHMENT, BUDGET_ATTACHMENT, DERIVED_FACTS, PLAN_ATTACHMENT
from .errors import InventoryError, PolicyError
from .layouts import GENERIC, SNIPE_IT, Layout
from .loaders import inventory_from_records, load_inventory
from .planning import (
    AssetRating,
    BudgetYear,
    CategorySummary,
    Coverage,
    NotPlanned,
    PlanTotals,
    RefreshPlan,
    ReplacementEvent,
    plan_refresh,
)
from .policies import (
    POLICY_FIGURES,
    Policies,
    Policy,
    default_policies,
    load_policies,
    resolve_policies,
)
from .rag import Rag, Rating, rate_asset
from .rendering import FORMATS, plan_html, render_plan, stream_plan

__all__ = [
    "ATTACHMENT",
    "BUDGET_ATTACHMENT",
    "CANONICAL_CATEGORIES",
    "DERIVED_FACTS",
    "FORMATS",
    "GENERIC",
    "MAX_AMOUNT",
    "PLAN_ATTACHMENT",
    "POLICY_FIGURES",
    "SNIPE_IT",
    "Asset",
    "AssetRating",
    "BudgetYear",
    "CategorySummary",
    "CategoryTable",
    "Coverage",
    "DataIssue",
    "Funding",
    "Inventory",
    "InventoryError",
    "Layout",
    "NotPlanned",
    "PlanTotals",
    "Policies",
    "Policy",
    "PolicyError",
    "Rag",
    "Rating",
    "RefreshPlan",
    "ReplacementEvent",
    "Status",
    "default_policies",
    "format_money",
    "inventory_from_records",
    "load_inventory",
    "load_policies",
    "plan_html",
    "plan_refresh",
    "rate_asset",
    "render_plan",
    "resolve_policies",
    "stream_plan",
]
