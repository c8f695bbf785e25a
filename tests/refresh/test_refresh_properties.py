"""Properties of refresh plans, checked with Hypothesis over generated inventories."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ictrules_refresh import (
    Asset,
    Funding,
    Inventory,
    Rag,
    RefreshPlan,
    Status,
    default_policies,
    plan_refresh,
)
from ictrules_refresh.rag import add_months

POLICIES = default_policies()
CATEGORIES = ["laptop", "chromebook", "network_switch", "ups", None]

dates = st.dates(dt.date(2012, 1, 1), dt.date(2032, 12, 31)) | st.sampled_from(
    [dt.date(2016, 2, 29), dt.date(2020, 2, 29), dt.date(2024, 2, 29)]
)
assets = st.builds(
    Asset,
    id=st.text("ABC123", min_size=1, max_size=4),
    category=st.sampled_from(CATEGORIES),
    category_text=st.sampled_from(["", "Laptop", "Visualiser"]),
    status=st.none() | st.sampled_from(Status),
    purchase_date=st.none() | dates,
    quantity=st.integers(1, 40),
    support_end=st.none() | dates,
    lease_end=st.none() | st.none() | dates,
    end_of_life=st.none() | st.none() | dates,
    funding=st.none() | st.sampled_from(Funding),
)


@st.composite
def inventories(draw: st.DrawFn) -> Inventory:
    drawn = draw(st.lists(assets, max_size=12))
    numbered = tuple(attrs.evolve(a, row=row) for row, a in enumerate(drawn, start=2))
    return Inventory(numbered, (), "generated", "generic")


settings = st.fixed_dictionaries(
    {
        "as_of": st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31)),
        "horizon_years": st.integers(1, 8),
        "budget_year_start_month": st.integers(1, 12),
    }
)


def pence(amount: float) -> int:
    return round(amount * 100)


def plan_of(
    inventory: Inventory, options: dict[str, object], inflation: float = 0.0
) -> RefreshPlan:
    return plan_refresh(inventory, POLICIES, inflation=inflation, **options)  # type: ignore[arg-type]


@given(inventories(), settings, st.sampled_from([0.0, 0.025, 0.1]))
def test_totals_equal_the_sum_of_the_replacement_events(
    inventory: Inventory, options: dict[str, object], inflation: float
) -> None:
    plan = plan_of(inventory, options, inflation)
    events = plan.events
    assert pence(plan.totals.replacement) == sum(pence(e.cost) for e in events)
    for year in plan.years:
        in_year = [e for e in events if e.year == year.index]
        assert pence(year.replacement) == sum(pence(e.cost) for e in in_year)
        assert year.replaced_units == sum(e.units for e in in_year)
        assert pence(year.capital) + pence(year.revenue) + pence(year.lease) == pence(
            year.replacement
        )
    for category in plan.categories:
        mine = [e for e in events if e.asset.category == category.category]
        assert pence(category.replacement) == sum(pence(e.cost) for e in mine)
        assert category.replaced_units == sum(e.units for e in mine)
    by_funding = {f: sum(pence(e.cost) for e in events if e.funding is f) for f in Funding}
    assert by_funding[Funding.CAPITAL] == pence(plan.totals.capital)
    assert by_funding[Funding.REVENUE] == pence(plan.totals.revenue)
    assert by_funding[Funding.LEASE] == pence(plan.totals.lease)


@given(inventories(), settings)
def test_no_asset_is_replaced_before_it_is_due_unless_it_is_red(
    inventory: Inventory, options: dict[str, object]
) -> None:
    plan = plan_of(inventory, options)
    ratings = {id(r.asset): r for r in plan.ratings}
    first_day = plan.years[0].start
    end = plan.years[-1].end
    previous: dict[int, dt.date] = {}
    for event in sorted(plan.events, key=lambda e: e.date):
        rating = ratings[id(event.asset)]
        assert first_day <= event.date <= end
        if event.reason == "red":
            assert rating.rag is Rag.RED
            assert event.date == plan.as_of
        elif event.reason == "due":
            assert rating.due is not None
            assert event.date == rating.due
            assert event.date > plan.as_of
        else:  # a repeat: one lifespan after the replacement before it
            lifespan = POLICIES[event.asset.category or ""].repeat_months
            assert event.reason == "repeat"
            assert event.date == add_months(previous[id(event.asset)], lifespan)
        previous[id(event.asset)] = event.date


@given(
    inventories(), settings, st.sampled_from(["laptop", "chromebook", "ups"]), st.integers(1, 36)
)
def test_a_longer_lifespan_never_raises_spend_within_the_horizon(
    inventory: Inventory, options: dict[str, object], category: str, extra_months: int
) -> None:
    base = POLICIES[category]
    longer = POLICIES.overridden(
        {"categories": {category: {"lifespan_years": base.lifespan_years + extra_months / 12}}},
        "test",
    )
    before = plan_of(inventory, options)
    after = plan_refresh(inventory, longer, **options)  # type: ignore[arg-type]
    assert pence(after.totals.replacement) <= pence(before.totals.replacement)
    assert after.totals.replaced_units <= before.totals.replaced_units


@given(inventories(), settings)
def test_output_is_deterministic_and_ordered(
    inventory: Inventory, options: dict[str, object]
) -> None:
    first = plan_of(inventory, options)
    second = plan_of(inventory, options)
    assert first.to_json() == second.to_json()
    keys = [(e.date, e.asset.category or "") for e in first.events]
    assert keys == sorted(keys)
    assert [r.asset.row for r in first.ratings] == sorted(r.asset.row for r in first.ratings)


@given(inventories(), settings)
def test_every_asset_is_accounted_for(inventory: Inventory, options: dict[str, object]) -> None:
    plan = plan_of(inventory, options)
    cov = plan.coverage
    assert cov.rows == len(inventory.assets)
    assert cov.rows == cov.planned_rows + cov.not_planned_rows + cov.retired_rows
    assert cov.units == cov.planned_units + cov.not_planned_units + cov.retired_units
    assert cov.red + cov.amber + cov.green + cov.unknown + cov.retired_units == cov.units
    assert len(plan.ratings) + cov.retired_rows == cov.rows
    undated = [
        r
        for r in plan.ratings
        if r.asset.purchase_date is None
        and r.asset.support_end is None
        and r.asset.lease_end is None
        and r.asset.end_of_life is None
    ]
    assert all(r.rag in (Rag.RED, Rag.UNKNOWN) for r in undated)  # never silently green
    assert 0.0 <= cov.value_share <= 1.0


@given(inventories(), settings)
def test_every_rendering_of_a_plan_parses_and_accounts_for_every_event(
    inventory: Inventory, options: dict[str, object]
) -> None:
    """JSON reads back with the plan's totals, the CSV has a row per replacement event and the
    HTML fragment is well-formed, whatever the inventory."""
    import csv
    import io
    import json
    from html.parser import HTMLParser

    from ictrules_refresh import plan_html, render_plan

    plan = plan_of(inventory, options)
    data = json.loads(render_plan(plan, "json"))
    assert data == json.loads(plan.to_json())
    spent = sum(pence(year["total"]) for year in data["years"]) if "years" in data else None
    if spent is not None:
        assert spent == sum(pence(year.total) for year in plan.years)
    rows = list(csv.DictReader(io.StringIO(render_plan(plan, "csv"))))
    assert len(rows) == len(plan.events)

    void = {"br", "img", "meta", "link", "hr", "input", "col", "wbr", "source"}

    class Balanced(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.open: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in void:
                self.open.append(tag)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            pass

        def handle_endtag(self, tag: str) -> None:
            assert self.open, f"</{tag}> closes nothing"
            assert self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
            self.open.pop()

    parser = Balanced()
    parser.feed(plan_html(plan))
    parser.close()
    assert parser.open == []
