"""Refresh plans: scheduling, budget years, totals, TCO, energy, carbon and coverage."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

from ictrules_refresh import (
    Asset,
    Funding,
    Inventory,
    Policies,
    Status,
    default_policies,
    load_inventory,
    plan_refresh,
)

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 9, 1)
D = dt.date


def inventory(*assets: Asset) -> Inventory:
    numbered = [
        a if a.row else attrs.evolve(a, row=index) for index, a in enumerate(assets, start=2)
    ]
    return Inventory(tuple(numbered), (), "test", "generic")


def asset(id: str, category: str | None, purchase: dt.date | None, **fields: object) -> Asset:
    return Asset(
        id=id, category=category, category_text=category or "?", purchase_date=purchase, **fields
    )  # type: ignore[arg-type]


def simple_policies(**changes: dict[str, object]) -> Policies:
    return default_policies().overridden({"categories": changes}, "test")


def test_schedule_reasons_dates_and_budget_years() -> None:
    plan = plan_refresh(
        inventory(
            asset("RED", "chromebook", D(2021, 9, 1), quantity=30),  # due 2025-09-01: red
            asset("AMBER", "laptop", D(2022, 1, 15)),  # due 2027-01-15
            asset("GREEN", "desktop", D(2025, 5, 1)),  # due 2031-05-01: after the horizon
        ),
        default_policies(),
        as_of=AS_OF,
    )
    assert [y.label for y in plan.years] == ["2026-27", "2027-28", "2028-29", "2029-30", "2030-31"]
    assert plan.years[0].start == D(2026, 4, 1)
    assert plan.years[-1].end == D(2031, 3, 31)
    assert [(e.asset.id, e.date, e.year, e.reason, e.cost) for e in plan.events] == [
        ("RED", D(2026, 9, 1), 0, "red", 9000.0),
        ("AMBER", D(2027, 1, 15), 0, "due", 650.0),
        ("RED", D(2030, 9, 1), 4, "repeat", 9000.0),
    ]
    assert [y.replacement for y in plan.years] == [9650.0, 0.0, 0.0, 0.0, 9000.0]
    assert [y.replaced_units for y in plan.years] == [31, 0, 0, 0, 30]
    assert plan.totals.replacement == 18650.0
    assert plan.totals.capital == 18650.0
    assert plan.totals.levelled_annual_contribution == 3730.0
    assert [y.balance for y in plan.years] == [-5920.0, -2190.0, 1540.0, 5270.0, 0.0]
    assert plan.coverage.planned_rows == 3
    assert plan.coverage.planned_units == 32
    assert (plan.coverage.red, plan.coverage.amber, plan.coverage.green) == (30, 1, 1)


def test_academy_budget_years_start_in_september() -> None:
    plan = plan_refresh(
        inventory(asset("A", "laptop", D(2022, 8, 31))),  # due 2027-08-31
        default_policies(),
        as_of=AS_OF,
        budget_year_start_month=9,
        horizon_years=3,
    )
    assert [y.label for y in plan.years] == ["2026-27", "2027-28", "2028-29"]
    assert plan.years[0].start == D(2026, 9, 1)
    assert [(e.date, e.year) for e in plan.events] == [(D(2027, 8, 31), 0)]


def test_as_of_before_the_budget_year_start_belongs_to_the_previous_year() -> None:
    plan = plan_refresh(
        inventory(), default_policies(), as_of=D(2027, 3, 31), budget_year_start_month=4
    )
    assert plan.years[0].label == "2026-27"
    calendar = plan_refresh(
        inventory(), default_policies(), as_of=D(2027, 3, 31), budget_year_start_month=1
    )
    assert [y.label for y in calendar.years][:2] == ["2027", "2028"]


def test_inflation_applies_from_the_second_year() -> None:
    plan = plan_refresh(
        inventory(asset("A", "laptop", D(2022, 6, 1)), asset("B", "laptop", D(2023, 6, 1))),
        default_policies(),
        as_of=AS_OF,
        inflation=0.03,
    )
    assert [(e.asset.id, e.year, e.unit_cost, e.cost) for e in plan.events] == [
        ("A", 1, 669.5, 669.5),
        ("B", 2, 689.58, 689.58),  # 650 * 1.03**2, rounded to whole pence
    ]
    assert plan.totals.replacement == 1359.08


def test_quantity_rows_multiply_costs_support_energy_and_carbon() -> None:
    plan = plan_refresh(
        inventory(asset("T", "tablet", D(2024, 1, 10), quantity=16, funding=Funding.LEASE)),
        default_policies(),
        as_of=AS_OF,
    )
    tablet = default_policies()["tablet"]
    (summary,) = plan.categories
    assert summary.units == 16
    assert summary.replacement == 16 * tablet.unit_cost
    assert summary.support == 16 * tablet.support_cost_per_year * 5
    assert summary.energy_kwh_per_year == 16 * tablet.energy_kwh_per_year
    assert summary.embodied_kgco2e_estate == 16 * tablet.embodied_kgco2e
    assert summary.embodied_kgco2e_plan == 16 * tablet.embodied_kgco2e
    assert summary.tco == summary.replacement + summary.support + summary.energy
    assert plan.totals.lease == 16 * tablet.unit_cost
    assert plan.totals.capital == 0.0


def test_zero_cost_policy_plans_at_no_cost() -> None:
    policies = simple_policies(laptop={"unit_cost": 0})
    plan = plan_refresh(inventory(asset("A", "laptop", D(2020, 1, 1))), policies, as_of=AS_OF)
    assert [(e.reason, e.cost) for e in plan.events] == [("red", 0.0)]
    assert plan.totals.replacement == 0.0
    assert plan.totals.levelled_annual_contribution == 0.0


def test_as_of_before_a_purchase_date() -> None:
    plan = plan_refresh(
        inventory(asset("NEW", "laptop", D(2027, 1, 15))), default_policies(), as_of=AS_OF
    )
    (rating,) = plan.ratings
    assert rating.reasons == ("due 2032-01-15", "purchased 2027-01-15, after 2026-09-01")
    assert plan.events == ()
    assert plan.coverage.planned_rows == 1


def test_29_february_purchases_fall_due_on_28_february() -> None:
    plan = plan_refresh(
        inventory(asset("LEAP", "chromebook", D(2024, 2, 29))), default_policies(), as_of=AS_OF
    )
    assert [(e.date, e.reason) for e in plan.events] == [(D(2028, 2, 29), "due")]
    short = simple_policies(chromebook={"lifespan_years": 3})
    plan = plan_refresh(inventory(asset("LEAP", "chromebook", D(2024, 2, 29))), short, as_of=AS_OF)
    assert [e.date for e in plan.events] == [D(2027, 2, 28), D(2030, 2, 28)]


def test_every_asset_is_covered_or_listed_as_not_placed() -> None:
    plan = plan_refresh(
        inventory(
            asset("OK", "laptop", D(2024, 1, 1)),
            asset("NODATE", "laptop", None),
            asset("BROKEN-NODATE", "laptop", None, status=Status.BROKEN),
            Asset(
                id="VIS", category=None, category_text="Visualiser", purchase_cost=89.0, quantity=7
            ),
            asset("OLD", "projector", D(2014, 9, 1), status=Status.RETIRED, quantity=3),
        ),
        default_policies(),
        as_of=AS_OF,
    )
    cov = plan.coverage
    assert (cov.rows, cov.units) == (5, 13)
    assert (cov.planned_rows, cov.planned_units) == (2, 2)
    assert (cov.not_planned_rows, cov.not_planned_units) == (2, 8)
    assert (cov.retired_rows, cov.retired_units) == (1, 3)
    assert [(n.asset.id, n.reason) for n in plan.not_planned] == [
        ("NODATE", "no purchase date: age unknown"),
        ("VIS", "category 'Visualiser': no refresh policy, so it cannot be planned"),
        ("OLD", "retired: not planned for replacement"),
    ]
    # a broken asset of unknown age is red, so it is replaced in the first year
    assert [(e.asset.id, e.reason) for e in plan.events] == [
        ("BROKEN-NODATE", "red"),
        ("OK", "due"),
    ]
    assert cov.unknown == 8
    # planned: 2 laptops at 650; not planned: 1 laptop at 650 and 7 visualisers at 89
    assert cov.value_share == round(1300 / (1300 + 650 + 623), 4)


def test_running_costs_energy_and_carbon_totals() -> None:
    policies = default_policies()
    plan = plan_refresh(
        inventory(
            asset("S", "server", D(2023, 1, 1)),
            asset("AP", "wireless_access_point", D(2023, 1, 1), quantity=10),
        ),
        policies,
        as_of=AS_OF,
    )
    server, ap = policies["server"], policies["wireless_access_point"]
    kwh = server.energy_kwh_per_year + 10 * ap.energy_kwh_per_year
    assert plan.totals.energy_kwh_per_year == kwh
    assert plan.totals.operational_kgco2e_per_year == round(kwh * policies.grid_kgco2e_per_kwh, 1)
    assert plan.totals.energy == round(kwh * policies.electricity_price_per_kwh * 5, 2)
    assert plan.totals.support == (server.support_cost_per_year + 10 * ap.support_cost_per_year) * 5
    assert plan.totals.tco == plan.totals.replacement + plan.totals.support + plan.totals.energy
    assert plan.totals.steady_state_annual_cost == round(
        server.unit_cost / server.lifespan_years + 10 * ap.unit_cost / ap.lifespan_years, 2
    )
    assert plan.tco_counted


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"horizon_years": 0}, "horizon_years must be a whole number from 1 to 50, got 0"),
        # a horizon reaching past the calendar took 30 s, then failed on year 11000
        ({"horizon_years": 5000}, "horizon_years must be a whole number from 1 to 50, got 5000"),
        (
            {"budget_year_start_month": 13},
            "budget_year_start_month must be a month from 1 to 12, got 13",
        ),
        (
            {"inflation": -1.0},
            "inflation must be a yearly rate between -50% and 100% (a fraction: 0.03 for 3%), "
            "got -1.0",
        ),
        (  # it overflowed
            {"inflation": float("inf")},
            "inflation must be a yearly rate between -50% and 100% (a fraction: 0.03 for 3%), "
            "got inf",
        ),
        (
            {"inflation": "3%"},
            "inflation must be a yearly rate between -50% and 100% (a fraction: 0.03 for 3%), "
            "got '3%'",
        ),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        plan_refresh(inventory(), default_policies(), as_of=AS_OF, **kwargs)  # type: ignore[arg-type]


def test_example_inventory_plan_is_byte_identical_and_complete() -> None:
    path = ROOT / "examples" / "typical-school-inventory.csv"
    first = plan_refresh(load_inventory(path), default_policies(), as_of=AS_OF).to_json()
    second = plan_refresh(load_inventory(path), default_policies(), as_of=AS_OF).to_json()
    assert first == second
    data = json.loads(first)
    assert list(data) == [
        "as_of", "horizon_years", "budget_year_start_month", "inflation", "currency", "source",
        "coverage", "totals", "years", "categories", "ratings", "events", "not_planned",
        "issues", "policies", "notes",
    ]  # fmt: skip
    assert data["as_of"] == "2026-09-01"
    # CB-TROLLEY-A is past its 4-year lifespan but its automatic updates run to 2029: green
    assert data["events"][0]["asset"]["id"] == "CB-TROLLEY-D"
    assert data["events"][0]["funding"] == "capital"
    assert data["ratings"][0]["rag"] == "green"
    assert data["ratings"][0]["due"] == "2029-06-30"
    cov = data["coverage"]
    assert cov["rows"] == cov["planned_rows"] + cov["not_planned_rows"] + cov["retired_rows"]
    assert cov["data_issues"] == 7
    assert cov["skipped_rows"] == 1
    assert data["policies"][0]["sources"]["lifespan_years"].startswith("Refresh guides")


def test_progress_is_reported_for_large_inventories(monkeypatch: pytest.MonkeyPatch) -> None:
    import ictrules_refresh.planning as planning

    monkeypatch.setattr(planning, "PROGRESS_EVERY", 2)
    calls: list[tuple[int, int]] = []
    assets = [asset(f"A{n}", "laptop", D(2024, 1, 1)) for n in range(5)]
    plan_refresh(
        inventory(*assets), default_policies(), as_of=AS_OF, progress=lambda *a: calls.append(a)
    )
    assert calls == [(2, 5), (4, 5), (5, 5)]


def test_as_of_must_be_a_date() -> None:
    moment = dt.datetime(2026, 9, 1, 12, 30)
    plan = plan_refresh(inventory(), default_policies(), as_of=moment)
    assert plan.as_of == AS_OF
    with pytest.raises(TypeError, match=r"as_of must be a date, got '2026-09-01'"):
        plan_refresh(inventory(), default_policies(), as_of="2026-09-01")  # type: ignore[arg-type]


# --- explicit end-of-life dates drive the plan --------------------------------------------------


def test_an_auto_update_expiry_drives_a_chromebook_not_its_age() -> None:
    # A 2022 Chromebook whose updates run to 2031 was red at four years and replaced twice.
    plan = plan_refresh(
        inventory(asset("CB", "chromebook", D(2022, 1, 12), support_end=D(2031, 6, 30))),
        default_policies(),
        as_of=AS_OF,
    )
    (rating,) = plan.ratings
    assert (rating.rag.value, rating.due) == ("green", D(2031, 6, 30))
    assert rating.reasons == (
        "due 2031-06-30 (vendor support ends)",
        "older than its 4-year lifespan (since 2026-01-12), but rated by its end-of-life date",
    )
    assert plan.events == ()


def test_a_lease_end_drives_a_leased_device_and_its_replacement_stays_leased() -> None:
    plan = plan_refresh(
        inventory(asset("IPAD", "tablet", D(2023, 9, 1), lease_end=D(2026, 8, 31))),
        default_policies(),
        as_of=AS_OF,
    )
    (rating,) = plan.ratings
    assert (rating.rag.value, rating.due, rating.reasons) == (
        "red",
        D(2026, 8, 31),
        ("lease ended 2026-08-31",),
    )
    assert [(e.date, e.reason, e.funding) for e in plan.events] == [
        (D(2026, 9, 1), "red", Funding.LEASE),
        (D(2030, 9, 1), "repeat", Funding.LEASE),
    ]


def test_the_earliest_end_of_life_date_drives_and_the_reasons_name_it() -> None:
    plan = plan_refresh(
        inventory(
            asset(
                "L",
                "laptop",
                D(2025, 1, 1),
                support_end=D(2030, 1, 1),
                end_of_life=D(2027, 5, 31),
            ),
            asset("U", "laptop", None, end_of_life=D(2029, 1, 31)),
        ),
        default_policies(),
        as_of=AS_OF,
    )
    near, unknown_age = plan.ratings
    assert (near.rag.value, near.due) == ("amber", D(2027, 5, 31))
    assert near.reasons == ("end of life 2027-05-31, within the 12-month amber window",)
    # no purchase date, but a known end of life: rated and placed by it
    assert (unknown_age.rag.value, unknown_age.due) == ("green", D(2029, 1, 31))
    assert unknown_age.reasons == ("due 2029-01-31 (end of life)", "no purchase date: age unknown")
    assert plan.coverage.planned_rows == 2


def test_repeat_replacements_use_the_support_life_of_new_kit_when_the_policy_gives_it() -> None:
    red_now = inventory(asset("CB", "chromebook", D(2021, 9, 1), quantity=30))
    assert [e.date for e in plan_refresh(red_now, default_policies(), as_of=AS_OF).events] == [
        D(2026, 9, 1),
        D(2030, 9, 1),  # one 4-year lifespan later
    ]
    supported = simple_policies(chromebook={"support_life_years": 8})
    assert supported["chromebook"].repeat_months == 96
    assert [e.date for e in plan_refresh(red_now, supported, as_of=AS_OF).events] == [D(2026, 9, 1)]


def test_a_cost_in_another_currency_is_a_data_issue_and_not_used() -> None:
    plan = plan_refresh(
        inventory(
            asset("P1", None, D(2023, 1, 1), purchase_cost=329.0, cost_currency="EUR"),
            asset("P2", None, D(2023, 1, 1), purchase_cost=100.0, cost_currency="GBP"),
            asset("L1", "laptop", D(2025, 1, 1)),
        ),
        default_policies(),
        as_of=AS_OF,
    )
    assert [(i.row, i.column, i.problem, i.value) for i in plan.issues] == [
        (
            2,
            "purchase_cost",
            "the cost is in EUR, not GBP (the plan's currency): it is not used; convert it to GBP",
            "EUR 329.00",
        )
    ]
    assert plan.coverage.data_issues == 1
    assert plan.coverage.value_share == round(650 / (650 + 100), 4)  # the euros are not counted


def test_the_steady_state_cost_uses_the_lifespan_as_planned_in_whole_months() -> None:
    """4.04 years is planned as 48 months: the yearly cost of keeping the estate is the unit
    cost over the four years the plan replaces it in, not over 4.04."""
    policies = default_policies().overridden(
        {"categories": {"laptop": {"lifespan_years": 4.04, "unit_cost": 600}}}, "test"
    )
    plan = plan_refresh(inventory(asset("L", "laptop", D(2025, 1, 1))), policies, as_of=AS_OF)
    assert plan.totals.steady_state_annual_cost == 150.0
