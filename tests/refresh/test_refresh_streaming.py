"""Plans written as a stream: the JSON is byte for byte the one-document rendering, the CSV the
same whatever the batch, and a stream that fails part-way never replaces an earlier file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ictrules_refresh.planning as planning
import ictrules_refresh.rendering as rendering
from ictrules._text import printable
from ictrules.commands import write_output
from ictrules_refresh import (
    Asset,
    DataIssue,
    Funding,
    Inventory,
    RefreshPlan,
    Status,
    default_policies,
    load_inventory,
    plan_refresh,
    render_plan,
    stream_plan,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = plan_refresh(
    load_inventory(ROOT / "examples" / "typical-school-inventory.csv"),
    default_policies(),
    as_of=dt.date(2026, 9, 1),
)


def one_document(plan: RefreshPlan) -> str:
    """The plan's JSON as it was written before it was streamed: the standard library's
    indenting encoder over the whole of ``to_dict()``, with terminal controls escaped."""
    return printable(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("batch", [1, 2, 7, 2_000])
def test_the_example_plans_json_is_byte_identical_whatever_the_batch(batch: int) -> None:
    with mock.patch.object(planning, "JSON_BATCH", batch):
        pieces = list(stream_plan(EXAMPLE, "json"))
    assert "".join(pieces) == one_document(EXAMPLE)
    assert render_plan(EXAMPLE, "json") == EXAMPLE.to_json() == one_document(EXAMPLE)
    if batch == 1:  # every rating is a piece of its own: nothing holds the whole list
        assert len(pieces) > len(EXAMPLE.ratings) + len(EXAMPLE.events)


# Text as someone else's inventory may hold it: any character, lone surrogates and controls
# included (the standard library writes a lone surrogate as it is, orjson refuses it).
hostile = st.text(st.characters() | st.characters(categories=["Cs"]), max_size=8)
dates = st.none() | st.dates(dt.date(2012, 1, 1), dt.date(2032, 12, 31))
assets = st.builds(
    Asset,
    id=hostile,
    category=st.sampled_from(["laptop", "chromebook", "ups", None]),
    category_text=hostile,
    name=hostile,
    location=hostile,
    status=st.none() | st.sampled_from(Status),
    purchase_date=dates,
    quantity=st.integers(1, 40),
    support_end=dates,
    funding=st.none() | st.sampled_from(Funding),
)
issues = st.builds(
    DataIssue,
    row=st.integers(2, 10**6),
    column=hostile,
    value=hostile,
    problem=hostile,
    skipped=st.booleans(),
)


@st.composite
def inventories(draw: st.DrawFn) -> Inventory:
    drawn = draw(st.lists(assets, max_size=10))
    numbered = tuple(attrs.evolve(a, row=row) for row, a in enumerate(drawn, start=2))
    notes = tuple(draw(st.lists(hostile, max_size=2)))
    return Inventory(numbered, tuple(draw(st.lists(issues, max_size=3))), "generated", notes=notes)


@given(
    inventories(),
    st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31)),
    # odd prices and rates: floats below 1e-4 are where orjson and the standard library differ
    st.floats(1e-7, 5_000, allow_nan=False) | st.sampled_from([1e-5, 0.00012, 123456789.5]),
    st.sampled_from([0.0, 0.031, -0.2]),
    st.integers(1, 5),
)
def test_a_streamed_plan_is_byte_identical_to_the_one_document_rendering(
    inventory: Inventory, as_of: dt.date, unit_cost: float, inflation: float, batch: int
) -> None:
    policies = default_policies().overridden(
        {"categories": {"laptop": {"unit_cost": unit_cost}}}, "test"
    )
    plan = plan_refresh(inventory, policies, as_of=as_of, inflation=inflation)
    with mock.patch.object(planning, "JSON_BATCH", batch):
        assert "".join(stream_plan(plan, "json")) == one_document(plan)
    with mock.patch.object(rendering, "CSV_BATCH", batch):
        in_batches = "".join(stream_plan(plan, "csv"))
    with mock.patch.object(rendering, "CSV_BATCH", 10**9):
        assert in_batches == render_plan(plan, "csv")


def test_the_csv_schedule_streams_in_batches_and_ends_with_a_newline() -> None:
    with mock.patch.object(rendering, "CSV_BATCH", 5):
        pieces = list(stream_plan(EXAMPLE, "csv"))
    assert len(pieces) == len(EXAMPLE.events) // 5 + 1
    assert pieces[0].startswith("budget_year,date,reason,asset_id,")
    assert "".join(pieces).count("\n") == len(EXAMPLE.events) + 1
    assert pieces[-1].endswith("\n")


def test_an_unknown_format_is_refused_before_anything_is_written() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        stream_plan(EXAMPLE, "pdf")


def test_a_plan_that_fails_while_streaming_leaves_the_earlier_file_untouched(
    tmp_path: Path,
) -> None:
    (tmp_path / "plan.json").write_text("the plan of last year\n")

    def failing() -> Iterator[str]:
        pieces = stream_plan(EXAMPLE, "json")
        yield next(pieces)
        yield next(pieces)
        raise MemoryError("out of memory half-way")

    with pytest.raises(MemoryError):
        write_output(failing(), str(tmp_path / "plan.json"))
    assert (tmp_path / "plan.json").read_text() == "the plan of last year\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.json"]  # no temporary

    write_output(stream_plan(EXAMPLE, "json"), str(tmp_path / "plan.json"))
    assert (tmp_path / "plan.json").read_text(encoding="utf-8") == one_document(EXAMPLE)
