"""What a strategy settles for the self-review: facts derived from an attached strategy.

The ``strategy`` command attaches the school's strategy (``attachments["strategy"]``) and the
capital it has for renewal per year (the refresh plugin's ``BUDGET_ATTACHMENT``), so that:

* ``strategy.targets`` (Becta 1b2) is derived from how far ahead the targets reach: none;
  ``limited`` (only this year's); ``realistic`` (the short term and at least two years ahead);
* ``budget.renewal_plan_coverage`` (Becta 1b3) counts the refresh plan's coverage only as far
  as the budget meets its levelled contribution: a renewal cycle is funded only when it is.
"""

from __future__ import annotations

from ictrules import DerivationContext
from ictrules.facts import FactValue

from .model import Strategy, Target

__all__ = ["ATTACHMENT", "targets_reach"]

#: The attachment key for a :class:`~ictrules_strategy.Strategy`.
ATTACHMENT = "strategy"


def targets_reach(context: DerivationContext) -> FactValue | None:
    """``none``, ``limited`` or ``realistic``, from the attached strategy's targets."""
    strategy = context.attachments.get(ATTACHMENT)
    if not isinstance(strategy, Strategy):
        return None
    years = {
        target.by - strategy.first_year
        for code in strategy.targets
        if isinstance(target := strategy.target(code), Target)
    }
    suggested = any(strategy.target(code) == "suggest" for code in strategy.targets)
    if not years and not suggested:
        return "none"
    reach = max(years, default=1)
    return "realistic" if reach >= 2 and (min(years, default=0) <= 1) else "limited"
