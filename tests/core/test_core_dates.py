"""Dates written as YYYY-MM-DD: read the same however often they recur, refused in any other
form, and remembered within a bound, so that a stream of distinct dates never grows memory."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictrules import _calendar
from ictrules._calendar import iso_date


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_a_date_reads_the_same_every_time(day: dt.date) -> None:
    text = day.isoformat()
    assert iso_date(text) == iso_date(text) == day


@pytest.mark.parametrize("text", ["20260415", "2026-4-15", "2026-04-15xy", "2026-02-30", ""])
def test_other_forms_are_refused_even_after_the_date_was_read(text: str) -> None:
    iso_date("2026-04-15")
    with pytest.raises(ValueError, match="YYYY-MM-DD|out of range"):
        iso_date(text)


def test_distinct_dates_without_end_keep_memory_bounded() -> None:
    start = dt.date(1900, 1, 1)
    for offset in range(3 * _calendar._REMEMBERED):
        day = start + dt.timedelta(days=offset)
        assert iso_date(day.isoformat()) == day
    assert len(_calendar._READ) <= _calendar._REMEMBERED
