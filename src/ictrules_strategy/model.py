"""The strategy file: what a school (or trust) plans for ICT over three to five budget years.

A documented TOML, JSON or YAML file a school fills in (``ictrules strategy-template`` writes
one)::

    vision = "Technology that helps every pupil learn and every adult work well."
    aims = ["Every classroom works reliably", "Staff confident with the MIS"]
    first_year = 2026          # the budget year the strategy starts (2026 = 2026-27)
    years = 4                  # three to five budget years

    [targets]                  # per strand: a level by a budget year, or "suggest"
    "1b3" = { level = 3, by = 2027 }
    "1a1" = "suggest"

    [[projects]]
    name = "Wi-fi upgrade"
    strands = ["1b4"]
    year = 2026
    capital = 12000
    revenue = 0

    [[recurring]]
    name = "Broadband"
    kind = "broadband"
    annual = 2400
    funding = "revenue"
    rise = 0.03                # a yearly rise as a fraction

    [[budget]]
    year = 2026
    capital = 20000
    revenue = 15000

Amounts are in the plan's currency (pounds); years are budget years named by the calendar year
they start in.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

import attrs

from ictrules_refresh.planning import budget_year_label

__all__ = [
    "BUDGET_START_MONTH",
    "RECURRING_KINDS",
    "Budget",
    "Funding",
    "Project",
    "Recurring",
    "Strategy",
    "Target",
    "budget_year_of",
    "year_label",
]

#: What a recurring cost may be, for the spending overview.
RECURRING_KINDS = ("licence", "broadband", "support", "mis", "cloud", "other")


class Funding(enum.Enum):
    """Which budget a cost is met from."""

    CAPITAL = "capital"
    REVENUE = "revenue"


@attrs.frozen
class Target:
    """A strand's target: ``level`` by the budget year ``by``."""

    level: int
    by: int


@attrs.frozen
class Project:
    """An improvement project: what it costs, in which year, and the strands it serves.

    ``scope`` is ``school`` or ``trust`` (a trust's own project, in a trust strategy).
    """

    name: str
    year: int
    strands: tuple[str, ...] = ()
    capital: float = 0.0
    revenue: float = 0.0
    scope: str = "school"


@attrs.frozen
class Recurring:
    """A recurring cost (a licence, broadband, a support contract, the MIS, cloud services):
    ``annual`` in the first year it runs, rising by ``rise`` a year, from ``start`` to ``end``
    (budget years; open when not given)."""

    name: str
    annual: float
    kind: str = "other"
    funding: Funding = Funding.REVENUE
    rise: float = 0.0
    start: int | None = None
    end: int | None = None
    managed: str = "school"


@attrs.frozen
class Budget:
    """The money available for ICT in one budget year."""

    year: int
    capital: float = 0.0
    revenue: float = 0.0


@attrs.frozen
class Strategy:
    """A school's (or a trust's) ICT strategy, as its strategy file gives it.

    ``targets`` maps strand codes to a target as the file gives it: ``{ level, by }`` or the
    text ``"suggest"`` (see :meth:`target`).
    """

    first_year: int
    years: int = 4
    vision: str = ""
    aims: tuple[str, ...] = ()
    targets: Mapping[str, Any] = attrs.field(factory=dict)
    projects: tuple[Project, ...] = ()
    recurring: tuple[Recurring, ...] = ()
    budget: tuple[Budget, ...] = ()

    @property
    def budget_years(self) -> tuple[int, ...]:
        """The budget years the strategy covers, first to last."""
        return tuple(range(self.first_year, self.first_year + self.years))

    def target(self, code: str) -> Target | str | None:
        """A strand's target: a :class:`Target`, ``"suggest"``, or ``None`` (none set, or not
        readable: :func:`ictrules_strategy.planning.plan_strategy` reports it)."""
        given = self.targets.get(code)
        if isinstance(given, str):
            return given
        if isinstance(given, Mapping):
            level, by = given.get("level"), given.get("by")
            if type(level) is int and type(by) is int and set(given) <= {"level", "by"}:
                return Target(level, by)
        return None

    def money(self, year: int) -> Budget:
        """The budget of a year (nothing when the file gives none)."""
        return next((b for b in self.budget if b.year == year), Budget(year))


#: The month a strategy's budget years start in: April, as maintained schools' do.
BUDGET_START_MONTH = 4


def year_label(year: int) -> str:
    """``2026`` as a budget year reads: ``2026-27`` (as the refresh plan names it); a year the
    calendar does not hold (a slip such as 20026, said in a message) as its number."""
    if not dt.MINYEAR <= year < dt.MAXYEAR:
        return str(year)
    return budget_year_label(dt.date(year, BUDGET_START_MONTH, 1))


def budget_year_of(day: dt.date) -> int:
    """The budget year ``day`` falls in: ``2026`` for 1 September 2026, ``2025`` for March."""
    return day.year if day.month >= BUDGET_START_MONTH else day.year - 1
