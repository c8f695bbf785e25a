"""The affordable schedule: when a year's spending is over its budget, defer replacements.

The objective: in every budget year, spend no more than that year's budget, deferring as
little as possible and the least urgent first. Costs a school is committed to (recurring costs,
projects, action costs) are fixed; replacements can wait. Working through the years in order,
while a year is over budget its replacements are deferred to the next year in this order:

1. green before amber before red (kit still in good condition waits first);
2. within one condition, the lower category priority first (infrastructure such as switches
   and firewalls waits last);
3. then the larger cost first (fewer deferrals to get under budget), then by asset id.

A deferral only moves spending later, never earlier, and a year is settled before the next is
looked at, so this greedy rule is optimal for that objective: a year cannot be brought under
budget by deferring anything less urgent than what it defers. Replacements deferred past the
last year leave the plan and are listed as slipped beyond it. A year whose fixed costs alone
exceed its budget stays over budget, and is reported so.

Capital replacements are held against the capital budget and revenue ones (leased kit)
against the revenue budget; the two are scheduled separately.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

__all__ = ["CONDITION_ORDER", "Item", "Schedule", "Slip", "schedule"]

#: The order in which conditions are deferred: what waits first.
CONDITION_ORDER = ("green", "unknown", "amber", "red")


@attrs.frozen
class Item:
    """A replacement that may be deferred: its cost, the year planned, its condition and the
    priority of its category (higher waits longer before it is deferred)."""

    key: str
    cost: float
    year: int
    condition: str
    priority: int = 0
    funding: str = "capital"


@attrs.frozen
class Slip:
    """A replacement moved from one year to a later one (``to`` is ``None``: beyond the plan)."""

    item: Item
    to: int | None


@attrs.frozen
class Schedule:
    """Where each replacement ends up: ``placed`` maps each item's key to its year (``None``:
    beyond the plan); ``slips`` lists every move; ``over`` the years still over budget, with
    by how much, because their fixed costs alone exceed it."""

    placed: Mapping[str, int | None]
    slips: tuple[Slip, ...]
    over: Mapping[tuple[int, str], float]


def _defer_first(item: Item) -> tuple[int, int, float, str]:
    rank = CONDITION_ORDER.index(item.condition) if item.condition in CONDITION_ORDER else 1
    return (rank, item.priority, -item.cost, item.key)


def schedule(
    items: Sequence[Item],
    years: Sequence[int],
    budgets: Mapping[tuple[int, str], float],
    fixed: Mapping[tuple[int, str], float],
) -> Schedule:
    """Place ``items`` in ``years`` so that each year's spending in each funding stream
    (``budgets[(year, "capital")]``, ``...("revenue")``) is within budget, given the ``fixed``
    costs of each year and stream; see the module's account of the rule."""
    placed: dict[str, int | None] = {item.key: item.year for item in items}
    slips: list[Slip] = []
    over: dict[tuple[int, str], float] = {}
    for funding in ("capital", "revenue"):
        waiting: list[Item] = []  # deferred from earlier years, kept with their original year
        for position, year in enumerate(years):
            here = [i for i in items if i.funding == funding and i.year == year] + waiting
            spend = fixed.get((year, funding), 0.0) + sum(i.cost for i in here)
            budget = budgets.get((year, funding), 0.0)
            later = years[position + 1] if position + 1 < len(years) else None
            waiting = []
            for item in sorted(here, key=_defer_first):
                if spend <= budget + 1e-9:
                    break
                spend -= item.cost
                waiting.append(item)
                placed[item.key] = later
                slips.append(Slip(item, later))
            for item in here:
                if item not in waiting:
                    placed[item.key] = year
            if spend > budget + 1e-9:
                over[(year, funding)] = round(spend - budget, 2)
    return Schedule(placed, _net(slips, placed), over)


def _net(slips: Sequence[Slip], placed: Mapping[str, int | None]) -> tuple[Slip, ...]:
    """One slip per deferred item: from its planned year to where it finally is."""
    seen: dict[str, Slip] = {}
    for slip in slips:
        seen.setdefault(slip.item.key, Slip(slip.item, placed[slip.item.key]))
    return tuple(sorted(seen.values(), key=lambda s: (s.item.year, s.item.key)))
