"""RAG ratings and their reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from ictrules_refresh import Asset, Rag, Status, default_policies, rate_asset
from ictrules_refresh.rag import add_months

AS_OF = dt.date(2026, 9, 1)
LAPTOP = default_policies()["laptop"]  # 5 years, 12-month amber window


def laptop(**fields: object) -> Asset:
    values: dict[str, object] = {"id": "L1", "category": "laptop", "category_text": "Laptop"}
    values.update(fields)
    return Asset(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "rag", "reasons", "due"),
    [
        (
            {"purchase_date": dt.date(2020, 8, 14)},
            Rag.RED,
            ("past its 5-year lifespan (due 2025-08-14)",),
            dt.date(2025, 8, 14),
        ),
        (
            {"purchase_date": dt.date(2024, 1, 10), "status": Status.BROKEN},
            Rag.RED,
            ("broken",),
            dt.date(2029, 1, 10),
        ),
        (
            {"purchase_date": dt.date(2024, 1, 10), "support_end": dt.date(2026, 6, 30)},
            Rag.RED,
            ("out of vendor support since 2026-06-30",),
            dt.date(2026, 6, 30),
        ),
        (
            {
                "purchase_date": dt.date(2020, 1, 1),
                "status": Status.BROKEN,
                "support_end": dt.date(2025, 1, 1),
            },
            Rag.RED,
            # the support end drives: the lifespan is not a reason of its own
            ("out of vendor support since 2025-01-01", "broken"),
            dt.date(2025, 1, 1),
        ),
        (
            {"purchase_date": dt.date(2021, 11, 30)},
            Rag.AMBER,
            ("due 2026-11-30, within the 12-month amber window",),
            dt.date(2026, 11, 30),
        ),
        (
            {"purchase_date": dt.date(2024, 1, 10), "support_end": dt.date(2027, 3, 31)},
            Rag.AMBER,
            ("vendor support ends 2027-03-31, within the 12-month amber window",),
            dt.date(2027, 3, 31),
        ),
        (
            {"purchase_date": dt.date(2024, 2, 29), "status": Status.IN_REPAIR},
            Rag.AMBER,
            ("in repair",),
            dt.date(2029, 2, 28),
        ),
        (
            {"purchase_date": dt.date(2024, 1, 10), "status": Status.POOR},
            Rag.AMBER,
            ("in poor condition",),
            dt.date(2029, 1, 10),
        ),
        (
            {"purchase_date": dt.date(2024, 1, 10)},
            Rag.GREEN,
            ("due 2029-01-10",),
            dt.date(2029, 1, 10),
        ),
        (
            {"purchase_date": dt.date(2024, 1, 10), "support_end": dt.date(2028, 6, 30)},
            Rag.GREEN,
            ("due 2028-06-30 (vendor support ends)",),
            dt.date(2028, 6, 30),
        ),
        ({}, Rag.UNKNOWN, ("no purchase date: age unknown",), None),
        (
            {"status": Status.BROKEN},
            Rag.RED,
            ("broken", "no purchase date: age unknown"),
            None,
        ),
        (
            {"support_end": dt.date(2028, 6, 30)},
            Rag.GREEN,
            ("due 2028-06-30 (vendor support ends)", "no purchase date: age unknown"),
            dt.date(2028, 6, 30),
        ),
        (
            {"purchase_date": dt.date(2027, 1, 15)},
            Rag.GREEN,
            ("due 2032-01-15", "purchased 2027-01-15, after 2026-09-01"),
            dt.date(2032, 1, 15),
        ),
    ],
)
def test_rating_and_reasons(
    fields: dict[str, object], rag: Rag, reasons: tuple[str, ...], due: dt.date | None
) -> None:
    rating = rate_asset(laptop(**fields), LAPTOP, AS_OF)
    assert (rating.rag, rating.reasons, rating.due) == (rag, reasons, due)


def test_due_exactly_on_as_of_is_red_and_on_the_window_edge_is_amber() -> None:
    assert rate_asset(laptop(purchase_date=dt.date(2021, 9, 1)), LAPTOP, AS_OF).rag is Rag.RED
    edge = laptop(purchase_date=dt.date(2022, 9, 1))  # due 2027-09-01, as_of + 12 months
    assert rate_asset(edge, LAPTOP, AS_OF).rag is Rag.AMBER
    after = laptop(purchase_date=dt.date(2022, 9, 2))
    assert rate_asset(after, LAPTOP, AS_OF).rag is Rag.GREEN


def test_no_policy_is_unknown_never_green() -> None:
    asset = Asset(
        id="V1", category=None, category_text="Visualiser", purchase_date=dt.date(2025, 1, 1)
    )
    rating = rate_asset(asset, None, AS_OF)
    assert rating.rag is Rag.UNKNOWN
    assert rating.reasons == ("category 'Visualiser': no refresh policy, so it cannot be planned",)
    broken = Asset(id="V2", category=None, status=Status.BROKEN)
    assert rate_asset(broken, None, AS_OF).reasons == (
        "broken",
        "no purchase date: age unknown",
        "no category: no refresh policy, so it cannot be planned",
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 29)),
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2023, 12, 15), 1, dt.date(2024, 1, 15)),
        (dt.date(2023, 5, 30), 0, dt.date(2023, 5, 30)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected
