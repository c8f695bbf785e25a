"""The affordable schedule: when a year's spending is over its budget, defer replacements.

The objective: in every budget year, spend no more than that year's budget, replace the most
urgent kit first, and leave no money unspent while a replacement that fits it waits. Costs a
school is committed to (recurring costs, projects, action costs) are fixed; replacements can
wait. Working through the years in order, each year's replacements (those due, and those
deferred to it) are taken most urgent first, and each is kept when it fits the money left:

1. red before amber before unknown before green;
2. within one condition, what has waited longest (due in an earlier year) first;
3. then the higher category priority first (infrastructure such as switches and firewalls);
4. then the smaller cost first, then by asset id.

Replacements due before the first year (kit already overdue when the plan starts) join the
first year's, as the longest waiting, and are listed as moved into it. When a replacement is
made late, the later replacements of the same asset (the refresh plan's next cycle) move as
many years later, since the new kit was bought later; when it leaves the plan, so do they.

What does not fit is deferred to the next year, where it competes again, keeping its
condition and the year it was due. So a red replacement is deferred only when it does not fit
beside the red ones kept before it, and no replacement is deferred when the money left that
year would pay for it. Replacements deferred past the last year leave the plan and are listed
as slipped beyond it. A year whose fixed costs alone exceed its budget replaces nothing and
stays over budget, and is reported so.

Capital replacements are held against the capital budget and revenue ones (leased kit and
revenue-funded kit) against the revenue budget; the two are scheduled separately.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

__all__ = ["CONDITION_ORDER", "Item", "Schedule", "Slip", "schedule"]

#: The order in which conditions are deferred: what waits first.
CONDITION_ORDER = ("green", "unknown", "amber", "red")


@attrs.frozen
class Item:
    """A replacement that may be deferred: its cost, the year planned, its condition, the
    priority of its category (higher waits longer before it is deferred) and how many devices
    it replaces."""

    key: str
    cost: float
    year: int
    condition: str
    priority: int = 0
    funding: str = "capital"
    units: int = 1
    asset: str = ""  # the asset replaced: its later replacements move when this one does

    @property
    def owner(self) -> str:
        """The asset, or the item itself when none is given."""
        return self.asset or self.key


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


def _keep_first(item: Item) -> tuple[int, int, int, float, str]:
    rank = CONDITION_ORDER.index(item.condition) if item.condition in CONDITION_ORDER else 1
    return (-rank, item.year, -item.priority, item.cost, item.key)


def schedule(
    items: Sequence[Item],
    years: Sequence[int],
    budgets: Mapping[tuple[int, str], float],
    fixed: Mapping[tuple[int, str], float],
) -> Schedule:
    """Place ``items`` in ``years`` so that each year's spending in each funding stream
    (``budgets[(year, "capital")]``, ``...("revenue")``) is within budget, given the ``fixed``
    costs of each year and stream; see the module's account of the rule."""
    current = {item.key: item for item in items}  # each item as now due (later ones move)
    owned: dict[str, list[str]] = {}  # each asset's replacements, so moving them is a lookup
    for item in items:
        owned.setdefault(item.owner, []).append(item.key)
    placed: dict[str, int | None] = {item.key: item.year for item in items}
    slips: list[Slip] = []
    over: dict[tuple[int, str], float] = {}
    for funding in ("capital", "revenue"):
        waiting: list[Item] = []  # deferred from earlier years, kept with the year they were due
        for position, year in enumerate(years):
            # the first year also takes what fell due before the plan starts: a backlog
            here = [
                i
                for i in current.values()
                if i.funding == funding and (i.year == year or (position == 0 and i.year < year))
            ] + waiting
            left = budgets.get((year, funding), 0.0) - fixed.get((year, funding), 0.0)
            if left < -1e-9:
                over[(year, funding)] = round(-left, 2)
            later = years[position + 1] if position + 1 < len(years) else None
            waiting = []
            moved: set[str] = set()  # successors moved to a later year while this one ran
            for item in sorted(here, key=_keep_first):
                if item.key in moved:
                    continue
                if item.cost <= left + 1e-9:
                    left -= item.cost
                    placed[item.key] = year
                    if item.year < years[0] and position == 0:  # overdue: moved into the plan
                        slips.append(Slip(item, year))
                        moved |= _move_successors(
                            item, year - item.year, current, owned, placed, years
                        )
                else:
                    waiting.append(item)
                    placed[item.key] = later
                    slips.append(Slip(item, later))
                    by = None if later is None else later - year
                    moved |= _move_successors(item, by, current, owned, placed, years)
            for item in here:  # placed, or waiting for the next year with the others
                if item.key not in moved:
                    current.pop(item.key, None)
    return Schedule(placed, _net(slips, placed), over)


def _move_successors(
    item: Item,
    by: int | None,
    current: dict[str, Item],
    owned: Mapping[str, Sequence[str]],
    placed: dict[str, int | None],
    years: Sequence[int],
) -> set[str]:
    """Move the later replacements of ``item``'s asset ``by`` years (kit replaced late is due
    again late), or, for ``None``, out of the plan with it; one moved past the last year leaves
    the plan too (it was never due within it, so it did not slip). Returns their keys."""
    moved = set()
    for key in owned[item.owner]:
        other = current.get(key)
        if other is None or key == item.key or other.year <= item.year:
            continue
        moved.add(key)
        due = None if by is None else other.year + by
        if due is None or due > years[-1]:
            del current[key]
            placed[key] = None
        else:
            current[key] = attrs.evolve(other, year=due)
            placed[key] = due
    return moved


def _net(slips: Sequence[Slip], placed: Mapping[str, int | None]) -> tuple[Slip, ...]:
    """One slip per deferred item: from its planned year to where it finally is."""
    seen: dict[str, Slip] = {}
    for slip in slips:
        seen.setdefault(slip.item.key, Slip(slip.item, placed[slip.item.key]))
    return tuple(sorted(seen.values(), key=lambda s: (s.item.year, s.item.key)))
