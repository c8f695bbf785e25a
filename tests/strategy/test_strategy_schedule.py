"""The affordable schedule, checked with Hypothesis: within budget when it can be, the least
urgent deferred first, nothing moved when the budget is ample."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ictrules_strategy import Item, schedule

YEARS = (2026, 2027, 2028, 2029)

items = st.lists(
    st.builds(
        Item,
        key=st.uuids().map(str),
        cost=st.integers(100, 5000).map(float),
        year=st.sampled_from(YEARS),
        condition=st.sampled_from(["red", "amber", "green", "unknown"]),
        priority=st.integers(0, 1),
        funding=st.sampled_from(["capital", "revenue"]),
    ),
    max_size=25,
    unique_by=lambda item: item.key,
)
money = st.dictionaries(
    st.tuples(st.sampled_from(YEARS), st.sampled_from(["capital", "revenue"])),
    st.integers(0, 20000).map(float),
)


def spent(placed: dict[str, int | None], chosen: list[Item], year: int, funding: str) -> float:
    return sum(i.cost for i in chosen if placed[i.key] == year and i.funding == funding)


@given(items, money, money)
def test_no_year_spends_more_than_its_budget_unless_its_fixed_costs_do(
    chosen: list[Item], budgets: dict[tuple[int, str], float], fixed: dict[tuple[int, str], float]
) -> None:
    result = schedule(chosen, YEARS, budgets, fixed)
    for year in YEARS:
        for funding in ("capital", "revenue"):
            key = (year, funding)
            total = fixed.get(key, 0.0) + spent(dict(result.placed), chosen, year, funding)
            if fixed.get(key, 0.0) <= budgets.get(key, 0.0):
                assert total <= budgets.get(key, 0.0) + 1e-6
            else:
                assert key in result.over


@given(items, money)
def test_a_red_asset_is_never_deferred_while_a_green_one_of_its_priority_is_replaced(
    chosen: list[Item], budgets: dict[tuple[int, str], float]
) -> None:
    result = schedule(chosen, YEARS, budgets, {})
    moved = {slip.item.key for slip in result.slips}
    for red in (i for i in chosen if i.condition == "red" and i.key in moved):
        for green in chosen:
            same = green.condition == "green" and green.priority == red.priority
            if same and green.funding == red.funding and green.year == red.year:
                assert result.placed[green.key] != red.year, (red, green)


@given(items)
def test_an_ample_budget_moves_nothing(chosen: list[Item]) -> None:
    ample = {(year, f): 10.0**9 for year in YEARS for f in ("capital", "revenue")}
    result = schedule(chosen, YEARS, ample, {})
    assert result.slips == ()
    assert dict(result.placed) == {item.key: item.year for item in chosen}
