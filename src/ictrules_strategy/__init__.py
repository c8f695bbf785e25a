"""ictrules_strategy: a costed three-to-five-year ICT strategy for a school or a trust.

It puts together what the other parts of ictrules know: a school's self-review levels, the
condition and refresh plan of its kit (the refresh plugin), its action plan, and a strategy
file the school fills in (vision, targets, projects, recurring costs, budget)::

    from ictrules_strategy import plan_strategy, render_strategy
    plan = plan_strategy(assessment, engine.framework("becta-srf"), strategy, refresh_plan)
    print(render_strategy(plan, "md"))

On the command line: ``ictrules strategy-template -o strategy.toml``, then
``ictrules strategy school.toml --strategy strategy.toml --inventory assets.csv``; for a trust,
``ictrules trust-strategy FOLDER`` (see :mod:`ictrules_strategy.trust_schools` for the folder).
"""

from __future__ import annotations

from .errors import StrategyError
from .feedback import ATTACHMENT
from .model import Budget, Funding, Project, Recurring, Strategy, Target
from .planning import BudgetLine, PlannedAction, StrandTarget, StrategyPlan, plan_strategy
from .rendering import render_strategy, strategy_data
from .schedule import Item, Schedule, schedule
from .trust import StandardGap, TrustPlan, TrustSchool, check_trust, plan_trust
from .trust_model import TrustStrategy

__all__ = [
    "ATTACHMENT",
    "Budget",
    "BudgetLine",
    "Funding",
    "Item",
    "PlannedAction",
    "Project",
    "Recurring",
    "Schedule",
    "StandardGap",
    "StrandTarget",
    "Strategy",
    "StrategyError",
    "StrategyPlan",
    "Target",
    "TrustPlan",
    "TrustSchool",
    "TrustStrategy",
    "check_trust",
    "plan_strategy",
    "plan_trust",
    "render_strategy",
    "schedule",
    "strategy_data",
]
