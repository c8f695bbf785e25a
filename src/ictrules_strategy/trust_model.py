"""The trust strategy file: what a multi-academy trust (or an authority) plans for all its
schools, beside each school's own strategy file.

A documented TOML, JSON or YAML file, ``trust.toml`` in the trust's folder (``ictrules
strategy-template --trust`` writes one)::

    name = "Riverside Learning Trust"
    vision = "Every school's technology meets one standard, bought once, well."
    first_year = 2026          # the budget year the strategy starts (2026 = 2026-27)
    years = 4                  # three to five budget years, the same as the schools'

    [standards]                # the trust's minimum level per strand, by a budget year
    "1b3" = { level = 3, by = 2027 }

    [central_prices]           # what the trust pays per unit, overriding school prices
    laptop = 410
    chromebook = 240

    [[projects]]               # the trust's own projects: paid centrally
    name = "One device-management service for every school"
    strands = ["1b4"]
    year = 2026
    capital = 0
    revenue = 6000

    [[recurring]]              # centrally managed costs
    name = "Trust MIS and finance system"
    kind = "mis"
    annual = 21000

    [[budget]]                 # the central ICT budget, one entry per year
    year = 2026
    capital = 10000
    revenue = 30000

Each school's own strategy file (targets, projects, school-managed recurring costs, the school's
budget) lives in its folder beside its evidence and inventory. Amounts are in pounds.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .model import Budget, Project, Recurring, Strategy, Target

__all__ = ["TrustStrategy"]


@attrs.frozen
class TrustStrategy:
    """A trust's ICT strategy, as its file gives it.

    ``standards`` maps strand codes to the trust's minimum :class:`~.model.Target` (a level by
    a budget year) every school must reach; ``central_prices`` maps refresh categories
    (``laptop``) to the unit price the trust pays, which replaces each school's price in its
    refresh plan; ``projects``, ``recurring`` and ``budget`` are the trust's central ones."""

    first_year: int
    years: int = 4
    name: str = ""
    vision: str = ""
    aims: tuple[str, ...] = ()
    standards: Mapping[str, Target] = attrs.field(factory=dict)
    central_prices: Mapping[str, float] = attrs.field(factory=dict)
    projects: tuple[Project, ...] = ()
    recurring: tuple[Recurring, ...] = ()
    budget: tuple[Budget, ...] = ()

    @property
    def budget_years(self) -> tuple[int, ...]:
        """The budget years the strategy covers, first to last."""
        return self.central().budget_years

    def central(self) -> Strategy:
        """The trust's own costs and budget, as a strategy without targets: what is planned
        and paid centrally (projects are trust projects, recurring costs centrally managed)."""
        return Strategy(
            first_year=self.first_year,
            years=self.years,
            vision=self.vision,
            aims=self.aims,
            projects=tuple(attrs.evolve(p, scope="trust") for p in self.projects),
            recurring=tuple(attrs.evolve(r, managed="trust") for r in self.recurring),
            budget=self.budget,
        )
