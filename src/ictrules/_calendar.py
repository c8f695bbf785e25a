"""Calendar arithmetic for conditions and partial dates: months and years back from a date, and
the years between two dates counted on the calendar.

``years_since(d) <= 3`` and ``within = "3 years"`` must agree: both count calendar years, so
that a date exactly three years before ``as_of`` (same day and month) is 3.0 years ago, not
3.0007 as 1,096 days over 365.25 would make it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

__all__ = ["date_hint", "iso_date", "months_back", "year_cut", "years_between"]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


_YEAR_FIRST = re.compile(r"\s*([0-9]{4})[-/.]?([0-9]{1,2})[-/.]?([0-9]{1,2})\s*")
_DAY_FIRST = re.compile(r"\s*([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})\s*")


def date_hint(raw: object) -> str:
    """For a date written another way ("20260415", "2026/4/15", "15/04/2026"), how to write
    it as YYYY-MM-DD (day first, as in the UK, when both readings are dates); for one written
    as YYYY-MM-DD that is no day ("2026-02-30"), that it is none; else ''."""
    if not isinstance(raw, str):
        return ""
    if _ISO_DATE.fullmatch(raw.strip()):
        try:
            dt.date.fromisoformat(raw.strip())
        except ValueError:  # 2026-02-30: the form is right, the day is not
            return " (no such day on the calendar)"
    found = _YEAR_FIRST.fullmatch(raw)
    if found:
        year, month, day = found.groups()
    else:
        found = _DAY_FIRST.fullmatch(raw)
        if not found:
            return ""
        day, month, year = found.groups()
    try:
        day_meant = dt.date(int(year), int(month), int(day))
    except ValueError:
        return ""
    return f" (write it as {day_meant.isoformat()})"


#: The first and last assessment dates (``as_of``) the command line takes: every command can
#: judge, plan and budget from them (a refresh plan needs the budget year before, its horizon and
#: the longest lifespan after, all within the calendar).
AS_OF_DATES = (dt.date(1900, 1, 1), dt.date(9000, 12, 31))

#: Dates already read, by their text: the same few hundred dates recur in school after school
#: (an authority's returns, a store's history), and a look-up costs a tenth of reading one.
_READ: dict[str, dt.date] = {}
#: How many dates :data:`_READ` keeps (some 300 KB at most).
_REMEMBERED = 2048


def iso_date(text: str) -> dt.date:
    """The date ``text`` gives as YYYY-MM-DD; ``ValueError`` for anything else. Python's own
    ``date.fromisoformat`` also takes other ISO forms, and in 3.11 a basic date followed by
    anything ("20260415xy"), so the form is checked first."""
    known = _READ.get(text)
    if known is not None:
        return known
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"not a date as YYYY-MM-DD: {text!r}")
    day = dt.date.fromisoformat(text)
    if len(_READ) < _REMEMBERED:
        _READ[text] = day
    return day


def months_back(day: dt.date, months: int) -> dt.date:
    """The date ``months`` calendar months before ``day`` (after it for a negative number); a
    day that the target month lacks becomes its last day (31 May less 3 months is 28 or 29
    February). Clamped to the calendar's first and last days."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def years_between(earlier: dt.date, later: dt.date) -> float:
    """Calendar years from ``earlier`` to ``later`` (negative when ``later`` is earlier): whole
    years to the last anniversary, plus the share of the year to the next one (an anniversary
    of 29 February falls on 28 February in other years)."""
    if later < earlier:
        return -years_between(later, earlier)
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    start = _anniversary(earlier, years)
    if start > later:  # 29 February against 28 February of a common year
        years -= 1
        start = _anniversary(earlier, years)
    end = _anniversary(earlier, years + 1)
    if end <= start:  # at the end of the calendar
        return float(years)
    return years + (later - start).days / (end - start).days


def _anniversary(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    if year > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return day.replace(year=year, day=28)


@functools.lru_cache(maxsize=4096)
def year_cut(as_of: dt.date, years: float, strict: bool) -> int:
    """The first day number whose :func:`years_between` it and ``as_of`` is at most ``years``
    (below ``years`` with ``strict``): ``years_since(d) <= years`` holds exactly when
    ``d.toordinal() >= year_cut(as_of, years, False)``, since the years fall as the day rises.
    Found by bisection once per ``as_of`` and kept."""

    def inside(ordinal: int) -> bool:
        gone = years_between(dt.date.fromordinal(ordinal), as_of)
        return gone < years if strict else gone <= years

    low, high = 1, dt.date.max.toordinal()  # inside(high) holds: a date after as_of
    if inside(low):
        return low
    while high - low > 1:  # inside(low) is false, inside(high) true
        middle = (low + high) // 2
        if inside(middle):
            high = middle
        else:
            low = middle
    return high
