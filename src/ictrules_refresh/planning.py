"""Costed refresh plans: when each asset is replaced, and what the estate costs, year by year.

:func:`plan_refresh` rates every asset (see :mod:`.rag`) and schedules its replacements over a
horizon of budget years from ``as_of``: an asset already red is replaced in the first year, the
others at their due dates, and a replacement that comes due again within the horizon is
scheduled again. It totals spend per year, per category and by funding (capital, revenue,
lease), adds support and energy costs for the total cost of ownership, and estimates the
estate's energy use and carbon. Every plan says how many assets it covers and lists those it
could not place.

Money is computed in whole pence, so a plan's totals equal the sums of its events exactly.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
import cattrs

from ictrules._calendar import AS_OF_DATES
from ictrules._convert import collector_paused, dumps_items, dumps_nested

from .assets import Asset, DataIssue, Funding, Inventory, Status
from .policies import POLICY_FIGURES, Policies, Policy
from .rag import Rag, Rating, add_months, rate_asset

__all__ = [
    "INFLATION_RANGE",
    "JSON_BATCH",
    "MAX_HORIZON_YEARS",
    "PLAN_DATES",
    "PROGRESS_EVERY",
    "AssetRating",
    "BudgetYear",
    "CategorySummary",
    "Coverage",
    "NotPlanned",
    "PlanTotals",
    "RefreshPlan",
    "ReplacementEvent",
    "as_of_problem",
    "budget_year_label",
    "plan_refresh",
]


@attrs.define(slots=True)  # not frozen: a frozen __init__ is 3x slower per object
class AssetRating:
    """One asset's RAG rating with its reasons and due date (read-only by convention)."""

    asset: Asset
    rag: Rag
    reasons: tuple[str, ...]
    due: dt.date | None


@attrs.define(slots=True)  # not frozen: a frozen __init__ is 3x slower per object
class ReplacementEvent:
    """One scheduled replacement of an asset (all its ``units``) in budget year ``year``.

    ``reason`` is ``"red"`` (replaced in the first year because it is red), ``"due"`` (at its
    due date) or ``"repeat"`` (its replacement comes due again within the horizon). ``year``
    counts budget years from 0. Built by the planner; treat it as read-only.
    """

    asset: Asset
    date: dt.date
    year: int
    reason: str
    units: int
    unit_cost: float
    cost: float
    funding: Funding


@attrs.define(slots=True)  # not frozen: a frozen __init__ is 3x slower per object
class NotPlanned:
    """An asset the plan could not place, and why (read-only by convention)."""

    asset: Asset
    reason: str


@attrs.frozen
class BudgetYear:
    """Spend in one budget year (``start`` to ``end`` inclusive).

    ``contribution`` is the levelled annual contribution and ``balance`` the running balance of
    a refresh fund paid that contribution each year (negative: the fund is short).
    """

    index: int
    label: str
    start: dt.date
    end: dt.date
    replaced_units: int
    capital: float
    revenue: float
    lease: float
    replacement: float
    support: float
    energy: float
    total: float
    contribution: float
    balance: float


@attrs.frozen
class CategorySummary:
    """One category over the horizon: its estate, its ratings, its spend and its footprint.

    Unit counts by colour count devices (quantities), not rows. ``tco`` is replacement plus
    support plus energy cost over the horizon.
    """

    category: str
    label: str
    rows: int
    units: int
    red: int
    amber: int
    green: int
    unknown: int
    replaced_units: int
    replacement: float
    spend_by_year: tuple[float, ...]
    support: float
    energy: float
    tco: float
    energy_kwh_per_year: float
    embodied_kgco2e_estate: float
    embodied_kgco2e_plan: float


@attrs.frozen
class Coverage:
    """How much of the inventory the plan covers.

    ``planned`` assets have a place in the schedule (a due date, or red); ``not_planned`` ones
    are listed in :attr:`RefreshPlan.not_planned` with a reason; ``retired`` ones are excluded.
    ``value_share`` is the share of the estate, by replacement value, that is planned.
    """

    rows: int
    units: int
    planned_rows: int
    planned_units: int
    not_planned_rows: int
    not_planned_units: int
    retired_rows: int
    retired_units: int
    skipped_rows: int
    data_issues: int
    red: int
    amber: int
    green: int
    unknown: int
    value_share: float


@attrs.frozen
class PlanTotals:
    """Totals over the horizon (money) and per year (energy, operational carbon)."""

    replacement: float
    capital: float
    revenue: float
    lease: float
    support: float
    energy: float
    tco: float
    levelled_annual_contribution: float
    steady_state_annual_cost: float
    replaced_units: int
    energy_kwh_per_year: float
    operational_kgco2e_per_year: float
    embodied_kgco2e_estate: float
    embodied_kgco2e_plan: float


@attrs.frozen
class RefreshPlan:
    """A costed refresh plan. Build one with :func:`plan_refresh`.

    ``to_dict()`` and ``to_json()`` give plain data; the same inventory, policies and
    arguments give byte-identical JSON.
    """

    as_of: dt.date
    horizon_years: int
    budget_year_start_month: int
    inflation: float
    currency: str
    source: str
    coverage: Coverage
    totals: PlanTotals
    years: tuple[BudgetYear, ...]
    categories: tuple[CategorySummary, ...]
    ratings: tuple[AssetRating, ...]
    events: tuple[ReplacementEvent, ...]
    not_planned: tuple[NotPlanned, ...]
    issues: tuple[DataIssue, ...]
    policies: tuple[Policy, ...]
    notes: tuple[str, ...] = ()

    @property
    def tco_counted(self) -> bool:
        """Whether the plan counts running costs (support or energy) beside replacements."""
        return any(p.support_cost_per_year > 0 or p.energy_kwh_per_year > 0 for p in self.policies)

    def to_dict(self, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
        """The plan as plain data (dates as ISO text, enums as their values).

        :param progress: called as ``progress(done, total)`` while the ratings and events are
            converted, for a progress bar on large plans.
        """
        if progress is None:
            result: dict[str, Any] = _converter.unstructure(self)
            return result
        total = len(self.ratings) + len(self.events)
        done = 0
        data: dict[str, Any] = {}
        for field in attrs.fields(RefreshPlan):
            value = getattr(self, field.name)
            if field.name not in ("ratings", "events"):
                data[field.name] = _converter.unstructure(value)
                continue
            items = []
            for item in value:
                items.append(_converter.unstructure(item))
                done += 1
                if not done % PROGRESS_EVERY:
                    progress(done, total)
            data[field.name] = items
        progress(total, total)
        return data

    def to_json(self, progress: Callable[[int, int], None] | None = None) -> str:
        """The plan as deterministic JSON (2-space indent, newline at the end): the pieces of
        :meth:`json_chunks` joined."""
        return "".join(self.json_chunks(progress))

    def json_chunks(self, progress: Callable[[int, int], None] | None = None) -> Iterator[str]:
        """The plan's JSON (the text of :meth:`to_json`) as a stream of pieces of text, for
        writing a large plan in bounded memory: each long list (ratings, events, assets not
        planned, data issues) goes out :data:`JSON_BATCH` items at a time, converted as
        :meth:`to_dict` converts them, so memory beyond the plan itself stays the size of one
        batch. The pieces joined are byte-identical to the JSON of :meth:`to_dict` as every
        ictrules JSON is written: the standard library's (``json.dumps(..., indent=2,
        ensure_ascii=False)`` and a newline) with terminal and bidirectional controls as
        ``\\uXXXX`` escapes.

        :param progress: called as ``progress(done, total)`` while the ratings and events are
            written, counting both.
        """
        total = len(self.ratings) + len(self.events)
        done = 0
        names = [field.name for field in attrs.fields(RefreshPlan)]
        yield "{\n"
        for number, name in enumerate(names, start=1):
            end = ",\n" if number < len(names) else "\n"
            value = getattr(self, name)
            key = f'  "{name}": '
            if not isinstance(value, tuple) or not value:
                yield key + dumps_nested(_converter.unstructure(value), 1) + end
                continue
            yield key + "[\n"
            hook = _converter.get_unstructure_hook(type(value[0]))  # a tuple holds one type
            for first in range(0, len(value), JSON_BATCH):
                batch = value[first : first + JSON_BATCH]
                separator = ",\n" if first + JSON_BATCH < len(value) else "\n"
                yield _batch_json(hook, batch) + separator
                if name in ("ratings", "events"):
                    before, done = done, done + len(batch)
                    if progress is not None and done // PROGRESS_EVERY > before // PROGRESS_EVERY:
                        progress(done, total)
            yield "  ]" + end
        yield "}\n"
        if progress is not None:
            progress(total, total)


#: How many items of a long list :meth:`RefreshPlan.json_chunks` converts and writes at a time.
JSON_BATCH = 2_000


def _batch_json(hook: Callable[[Any], Any], batch: tuple[Any, ...]) -> str:
    """One batch of a long list as JSON text (:func:`dumps_items` at depth 1). The cyclic
    garbage collector is paused meanwhile, as while planning: the batch's thousands of small
    containers, freed as soon as it is written, would otherwise set off collections that
    rescan the whole plan (about 40% of the time of writing 200,000 assets)."""
    with collector_paused():
        return dumps_items([hook(item) for item in batch], 1)


#: The longest horizon a plan covers, in budget years (a refresh cycle is three to five).
MAX_HORIZON_YEARS = 50
#: The yearly inflation a plan takes, as fractions, both ends left out (-50% to 100%).
INFLATION_RANGE = (-0.5, 1.0)

#: The earliest and latest dates a plan may start from: the calendar must hold the budget year
#: before, the longest horizon and, after it, the longest lifespan.
PLAN_DATES = AS_OF_DATES


def as_of_problem(as_of: dt.date) -> str | None:
    """Why a plan cannot start from ``as_of`` (see :data:`PLAN_DATES`), or ``None``."""
    first, last = PLAN_DATES
    if first <= as_of <= last:
        return None
    return (
        f"a refresh plan starts from a date from {first.isoformat()} to {last.isoformat()}, "
        f"not {as_of.isoformat()}"
    )


def budget_year_label(start: dt.date) -> str:
    """A budget year's name: ``2026-27`` for one starting in April 2026, ``2026`` for January."""
    if start.month == 1:
        return str(start.year)
    return f"{start.year}-{(start.year + 1) % 100:02d}"


def plan_refresh(
    inventory: Inventory,
    policies: Policies,
    *,
    as_of: dt.date,
    horizon_years: int = 5,
    budget_year_start_month: int = 4,
    inflation: float = 0.0,
    progress: Callable[[int, int], None] | None = None,
) -> RefreshPlan:
    """Plan the refresh of ``inventory`` under ``policies`` from ``as_of``.

    :param horizon_years: how many budget years to plan, counting the one ``as_of`` falls in.
    :param budget_year_start_month: 4 (April) for maintained schools' financial year, 9
        (September) for academies, 1 for calendar years.
    :param inflation: yearly price rise as a fraction (0.03 for 3%), applied from the second
        budget year.
    :param progress: called as ``progress(done, total)`` every :data:`PROGRESS_EVERY` assets
        and once at the end, for a progress bar on large inventories.
    :raises ValueError: for a horizon outside 1 to :data:`MAX_HORIZON_YEARS`, a month
        outside 1-12 or inflation outside :data:`INFLATION_RANGE` (as the command line).
    """
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    if not isinstance(as_of, dt.date):
        raise TypeError(f"as_of must be a date, got {as_of!r}")
    message = as_of_problem(as_of)
    if message:
        raise ValueError(message)
    if (
        isinstance(horizon_years, bool)
        or not isinstance(horizon_years, int)
        or not 1 <= horizon_years <= MAX_HORIZON_YEARS
    ):
        raise ValueError(
            f"horizon_years must be a whole number from 1 to {MAX_HORIZON_YEARS}, "
            f"got {horizon_years!r}"
        )
    if isinstance(budget_year_start_month, bool) or budget_year_start_month not in range(1, 13):
        raise ValueError(
            f"budget_year_start_month must be a month from 1 to 12, got {budget_year_start_month!r}"
        )
    low, high = INFLATION_RANGE
    if (
        isinstance(inflation, bool)
        or not isinstance(inflation, int | float)
        or not (low < inflation < high)
    ):
        raise ValueError(
            f"inflation must be a yearly rate between {low:.0%} and {high:.0%} (a fraction: "
            f"0.03 for 3%), got {inflation!r}"
        )
    planner = _Planner(
        inventory, policies, as_of, horizon_years, budget_year_start_month, inflation, progress
    )
    # Planning allocates millions of small objects that live as long as the plan; pausing the
    # cyclic garbage collector meanwhile avoids rescanning them again and again (it finds
    # nothing to free: the planner makes no cycles).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return planner.run()
    finally:
        if collecting:
            gc.enable()


# --- the planner -----------------------------------------------------------------------------

#: How many assets the planner handles between calls of a ``progress`` callback.
PROGRESS_EVERY = 100_000


class _CategoryTally:
    __slots__ = (
        "amber",
        "green",
        "policy",
        "red",
        "replaced_units",
        "rows",
        "spend",
        "units",
        "unknown",
    )

    def __init__(self, policy: Policy, horizon: int) -> None:
        self.policy = policy
        self.rows = 0
        self.units = 0
        self.red = 0
        self.amber = 0
        self.green = 0
        self.unknown = 0
        self.replaced_units = 0
        self.spend = [0] * horizon  # pence per budget year

    def add(self, rag: Rag, rows: int, units: int) -> None:
        self.rows += rows
        self.units += units
        if rag is Rag.RED:
            self.red += units
        elif rag is Rag.AMBER:
            self.amber += units
        elif rag is Rag.GREEN:
            self.green += units
        else:
            self.unknown += units


_Slot = tuple[dt.date, int, str, int]  # date, budget year, reason, sort key of the date
_Priced = tuple[dt.date, int, str, int, int, float, float]  # ... pence, unit cost, cost


class _Group:
    """Assets rated and scheduled alike (same category, status and dates), counted together."""

    __slots__ = ("counts", "policy", "prices", "rating", "rows", "slots", "units")

    def __init__(self, rating: Rating, policy: Policy | None, slots: tuple[_Slot, ...] | None):
        self.rating = rating
        self.policy = policy
        self.slots = slots
        self.rows = 0
        self.units = 0
        self.counts: dict[tuple[Funding, int], int] = {}
        self.prices: dict[int, tuple[_Priced, ...]] = {}

    def price_slots(self, quantity: int, factors: list[float]) -> tuple[_Priced, ...]:
        """Each slot with its cost in pence, unit cost and cost, at that year's prices."""
        policy, slots = self.policy, self.slots
        if policy is None or slots is None:
            return ()
        priced = []
        for slot in slots:
            unit = policy.unit_cost * factors[slot[1]]
            pence = round(unit * 100 * quantity)
            priced.append((*slot, pence, round(unit, 2), pence / 100))
        return tuple(priced)


class _Planner:
    def __init__(
        self,
        inventory: Inventory,
        policies: Policies,
        as_of: dt.date,
        horizon: int,
        start_month: int,
        inflation: float,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.progress = progress
        self.inventory = inventory
        self.policies = policies
        self.as_of = as_of
        self.horizon = horizon
        self.start_month = start_month
        self.inflation = inflation
        first_year = as_of.year if as_of.month >= start_month else as_of.year - 1
        self.first = dt.date(first_year, start_month, 1)
        self.first_months = first_year * 12 + start_month - 1
        self.end = add_months(self.first, 12 * horizon)  # first day after the horizon
        self.factors = [(1.0 + inflation) ** year for year in range(horizon)]
        self.replaced_by_year = [0] * horizon

    def schedule(self, rating: Rating, policy: Policy) -> tuple[_Slot, ...] | None:
        """Replacement dates for an asset with this rating: ``None`` when it cannot be placed."""
        if rating.rag is Rag.RED:
            when, reason = self.as_of, "red"
        elif rating.due is None:
            return None
        else:
            when, reason = rating.due, "due"
        slots = []
        while when < self.end:
            year = max(0, (when.year * 12 + when.month - 1 - self.first_months) // 12)
            # the sort key leaves 16 bits for the category's index in the policies
            slots.append((when, year, reason, when.toordinal() << 16))
            when = add_months(when, policy.repeat_months)
            reason = "repeat"
        return tuple(slots)

    def run(self) -> RefreshPlan:
        as_of, horizon = self.as_of, self.horizon
        policies = self.policies
        ratings: list[AssetRating] = []
        # events by (date, category), each list in inventory order: sorting the few keys is
        # much cheaper than sorting a million events
        buckets: dict[int, list[ReplacementEvent]] = {}
        not_planned: list[NotPlanned] = []
        groups: dict[tuple[Any, ...], _Group] = {}
        rows = units = retired_rows = retired_units = 0
        unplanned_value = 0.0
        category_index = {name: index for index, name in enumerate(sorted(policies.categories))}
        factors = self.factors
        policy_map = policies.categories
        retired = Status.RETIRED
        lease = Funding.LEASE
        currency = policies.currency
        foreign_costs: list[Asset] = []
        progress = self.progress
        total = len(self.inventory.assets)
        for asset in self.inventory.assets:
            quantity = asset.quantity
            rows += 1
            units += quantity
            if progress is not None and not rows % PROGRESS_EVERY:
                progress(rows, total)
            if asset.cost_currency and asset.cost_currency != currency:
                foreign_costs.append(asset)
            if asset.status is retired:
                retired_rows += 1
                retired_units += quantity
                not_planned.append(NotPlanned(asset, "retired: not planned for replacement"))
                continue
            category = asset.category
            policy = policy_map.get(category)  # type: ignore[arg-type]
            key = (
                category if policy is not None else asset.category_text,
                asset.status,
                asset.purchase_date,
                asset.support_end,
                asset.lease_end,
                asset.end_of_life,
            )
            group = groups.get(key)
            if group is None:
                rating = rate_asset(asset, policy, as_of)
                slots = self.schedule(rating, policy) if policy is not None else None
                group = groups[key] = _Group(rating, policy, slots)
            rating = group.rating
            ratings.append(AssetRating(asset, rating.rag, rating.reasons, rating.due))
            group.rows += 1
            group.units += quantity
            slots = group.slots
            if slots is None or policy is None:
                reasons = rating.reasons
                not_planned.append(
                    NotPlanned(asset, reasons[-1] if policy is None else "; ".join(reasons))
                )
                if policy is not None:
                    unplanned_value += policy.unit_cost * quantity
                elif asset.purchase_cost is not None and asset.cost_currency in ("", currency):
                    unplanned_value += asset.purchase_cost * quantity
                continue
            funding = asset.funding or (lease if asset.lease_end is not None else policy.funding)
            combo = (funding, quantity)
            group.counts[combo] = group.counts.get(combo, 0) + 1
            prices = group.prices.get(quantity)
            if prices is None:
                prices = group.prices[quantity] = group.price_slots(quantity, factors)
            order = category_index[policy.category]
            for when, year, reason, date_key, _, unit, cost in prices:
                bucket = buckets.get(date_key | order)
                if bucket is None:
                    bucket = buckets[date_key | order] = []
                bucket.append(
                    ReplacementEvent(asset, when, year, reason, quantity, unit, cost, funding)
                )
        if progress is not None:
            progress(rows, total)
        tallies, funding_pence, colour_units, planned = self._tally(groups)
        planned_rows, planned_units, planned_value = planned
        events = [event for key in sorted(buckets) for event in buckets[key]]
        coverage = Coverage(
            rows=rows,
            units=units,
            planned_rows=planned_rows,
            planned_units=planned_units,
            not_planned_rows=len(not_planned) - retired_rows,
            not_planned_units=sum(n.asset.quantity for n in not_planned) - retired_units,
            retired_rows=retired_rows,
            retired_units=retired_units,
            skipped_rows=len(self.inventory.skipped_rows),
            data_issues=len(self.inventory.issues) + len(foreign_costs),
            red=colour_units[Rag.RED],
            amber=colour_units[Rag.AMBER],
            green=colour_units[Rag.GREEN],
            unknown=colour_units[Rag.UNKNOWN],
            value_share=_share(planned_value, planned_value + unplanned_value),
        )
        issues = self.inventory.issues
        if foreign_costs:
            issues = self._currency_issues(foreign_costs)
        categories, years, totals = self._summaries(tallies, funding_pence)
        used = tuple(policies.categories[name] for name in sorted(tallies))
        return RefreshPlan(
            as_of=as_of,
            horizon_years=horizon,
            budget_year_start_month=self.start_month,
            inflation=self.inflation,
            currency=policies.currency,
            source=self.inventory.source,
            coverage=coverage,
            totals=totals,
            years=years,
            categories=categories,
            ratings=tuple(ratings),
            events=tuple(events),
            not_planned=tuple(not_planned),
            issues=issues,
            policies=used,
            notes=self.inventory.notes,
        )

    def _currency_issues(self, assets: list[Asset]) -> tuple[DataIssue, ...]:
        """The inventory's issues with one more for each cost written in another currency than
        the plan's (the cost is then not used to value the asset)."""
        currency = self.policies.currency
        column = self.inventory.columns.get("purchase_cost", "purchase_cost")
        added = [
            DataIssue(
                asset.row,
                column,
                f"the cost is in {asset.cost_currency}, not {currency} (the plan's currency): "
                f"it is not used; convert it to {currency}",
                f"{asset.cost_currency} {asset.purchase_cost:,.2f}"
                if asset.purchase_cost is not None
                else asset.cost_currency,
                sheet=asset.sheet,
            )
            for asset in assets
        ]
        return tuple(sorted([*self.inventory.issues, *added], key=self.inventory.file_order))

    def _tally(
        self, groups: Mapping[tuple[Any, ...], _Group]
    ) -> tuple[
        dict[str, _CategoryTally], dict[Funding, list[int]], dict[Rag, int], tuple[int, int, float]
    ]:
        """Totals per category, funding and year from the groups of identically placed assets."""
        horizon = self.horizon
        tallies: dict[str, _CategoryTally] = {}
        funding_pence = {funding: [0] * horizon for funding in Funding}
        colour_units = dict.fromkeys(Rag, 0)
        planned_rows = planned_units = 0
        planned_value = 0.0
        replaced_by_year = self.replaced_by_year
        for group in groups.values():
            colour_units[group.rating.rag] += group.units
            policy = group.policy
            if policy is None:
                continue
            tally = tallies.get(policy.category)
            if tally is None:
                tally = tallies[policy.category] = _CategoryTally(policy, horizon)
            tally.add(group.rating.rag, group.rows, group.units)
            if group.slots is None:
                continue
            for (funding, quantity), count in group.counts.items():
                planned_rows += count
                planned_units += quantity * count
                planned_value += policy.unit_cost * quantity * count
                spend = funding_pence[funding]
                for _, year, _, _, pence, _, _ in group.prices[quantity]:
                    tally.spend[year] += pence * count
                    spend[year] += pence * count
                    tally.replaced_units += quantity * count
                    replaced_by_year[year] += quantity * count
        return tallies, funding_pence, colour_units, (planned_rows, planned_units, planned_value)

    def _summaries(
        self, tallies: Mapping[str, _CategoryTally], funding_pence: Mapping[Funding, list[int]]
    ) -> tuple[tuple[CategorySummary, ...], tuple[BudgetYear, ...], PlanTotals]:
        horizon, factors = self.horizon, self.factors
        price = self.policies.electricity_price_per_kwh
        support_years = [0] * horizon
        energy_years = [0] * horizon
        summaries = []
        kwh = embodied_estate = embodied_plan = steady = 0.0
        for name in sorted(tallies):
            tally = tallies[name]
            policy = tally.policy
            support = [round(tally.units * policy.support_cost_per_year * 100 * f) for f in factors]
            energy = [
                round(tally.units * policy.energy_kwh_per_year * price * 100 * f) for f in factors
            ]
            for year in range(horizon):
                support_years[year] += support[year]
                energy_years[year] += energy[year]
            replacement = sum(tally.spend)
            category_kwh = tally.units * policy.energy_kwh_per_year
            kwh += category_kwh
            embodied_estate += tally.units * policy.embodied_kgco2e
            embodied_plan += tally.replaced_units * policy.embodied_kgco2e
            # per year of the lifespan as planned, in whole months
            steady += tally.units * policy.unit_cost * 12 / policy.lifespan_months
            summaries.append(
                CategorySummary(
                    category=name,
                    label=policy.label,
                    rows=tally.rows,
                    units=tally.units,
                    red=tally.red,
                    amber=tally.amber,
                    green=tally.green,
                    unknown=tally.unknown,
                    replaced_units=tally.replaced_units,
                    replacement=replacement / 100,
                    spend_by_year=tuple(pence / 100 for pence in tally.spend),
                    support=sum(support) / 100,
                    energy=sum(energy) / 100,
                    tco=(replacement + sum(support) + sum(energy)) / 100,
                    energy_kwh_per_year=round(category_kwh, 1),
                    embodied_kgco2e_estate=round(tally.units * policy.embodied_kgco2e, 1),
                    embodied_kgco2e_plan=round(tally.replaced_units * policy.embodied_kgco2e, 1),
                )
            )
        replacement_years = [
            sum(funding_pence[funding][year] for funding in Funding) for year in range(horizon)
        ]
        total_replacement = sum(replacement_years)
        contribution = round(total_replacement / horizon)
        years = []
        balance = 0
        for year in range(horizon):
            start = add_months(self.first, 12 * year)
            balance += contribution - replacement_years[year]
            years.append(
                BudgetYear(
                    index=year,
                    label=budget_year_label(start),
                    start=start,
                    end=add_months(start, 12) - dt.timedelta(days=1),
                    replaced_units=self.replaced_by_year[year],
                    capital=funding_pence[Funding.CAPITAL][year] / 100,
                    revenue=funding_pence[Funding.REVENUE][year] / 100,
                    lease=funding_pence[Funding.LEASE][year] / 100,
                    replacement=replacement_years[year] / 100,
                    support=support_years[year] / 100,
                    energy=energy_years[year] / 100,
                    total=(replacement_years[year] + support_years[year] + energy_years[year])
                    / 100,
                    contribution=contribution / 100,
                    balance=balance / 100,
                )
            )
        support_total, energy_total = sum(support_years), sum(energy_years)
        totals = PlanTotals(
            replacement=total_replacement / 100,
            capital=sum(funding_pence[Funding.CAPITAL]) / 100,
            revenue=sum(funding_pence[Funding.REVENUE]) / 100,
            lease=sum(funding_pence[Funding.LEASE]) / 100,
            support=support_total / 100,
            energy=energy_total / 100,
            tco=(total_replacement + support_total + energy_total) / 100,
            levelled_annual_contribution=contribution / 100,
            steady_state_annual_cost=round(steady, 2),
            replaced_units=sum(t.replaced_units for t in tallies.values()),
            energy_kwh_per_year=round(kwh, 1),
            operational_kgco2e_per_year=round(kwh * self.policies.grid_kgco2e_per_kwh, 1),
            embodied_kgco2e_estate=round(embodied_estate, 1),
            embodied_kgco2e_plan=round(embodied_plan, 1),
        )
        return tuple(summaries), tuple(years), totals


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole > 0 else 0.0


# --- plain data ------------------------------------------------------------------------------

_converter = cattrs.Converter()
_converter.register_unstructure_hook(dt.date, lambda day: day.isoformat())


# an enum's ``.value`` is a descriptor call: a plan of a million assets reads it millions of times
_RAG_VALUES = {rag: rag.value for rag in Rag}
_FUNDING_VALUES = {funding: funding.value for funding in Funding}


def _asset_ref(asset: Asset) -> dict[str, Any]:
    ref = {
        "id": asset.id,
        "row": asset.row,
        "category": asset.category,
        "category_text": asset.category_text,
        "name": asset.name,
        "location": asset.location,
        "quantity": asset.quantity,
    }
    if asset.sheet:  # an inventory read from several sheets of a workbook
        ref["sheet"] = asset.sheet
    return ref


def _issue(issue: DataIssue) -> dict[str, Any]:
    data: dict[str, Any] = {
        "row": issue.row,
        "column": issue.column,
        "problem": issue.problem,
        "value": issue.value,
        "skipped": issue.skipped,
    }
    if issue.sheet:
        data["sheet"] = issue.sheet
    return data


def _rating(rating: AssetRating) -> dict[str, Any]:
    return {
        "asset": _asset_ref(rating.asset),
        "rag": _RAG_VALUES[rating.rag],
        "reasons": list(rating.reasons),
        "due": rating.due.isoformat() if rating.due else None,
    }


def _event(event: ReplacementEvent) -> dict[str, Any]:
    return {
        "asset": _asset_ref(event.asset),
        "date": event.date.isoformat(),
        "year": event.year,
        "reason": event.reason,
        "units": event.units,
        "unit_cost": event.unit_cost,
        "cost": event.cost,
        "funding": _FUNDING_VALUES[event.funding],
    }


def _policy(policy: Policy) -> dict[str, Any]:
    figures = ("category", *(name for name in POLICY_FIGURES if name != "funding"))
    data = {name: getattr(policy, name) for name in figures}
    data["funding"] = policy.funding.value
    data["sources"] = dict(sorted(policy.sources.items()))
    return data


_converter.register_unstructure_hook(AssetRating, _rating)
_converter.register_unstructure_hook(ReplacementEvent, _event)
_converter.register_unstructure_hook(
    NotPlanned, lambda item: {"asset": _asset_ref(item.asset), "reason": item.reason}
)
_converter.register_unstructure_hook(Policy, _policy)
_converter.register_unstructure_hook(DataIssue, _issue)
