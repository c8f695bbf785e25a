"""Reading a column of dates as a whole, for any export read as a table (asset inventories,
survey replies).

A date such as ``03/04/2022`` is 3 April or 4 March depending on the column it is in: a
Snipe-IT export set to ``m/d/Y`` writes month first, a UK spreadsheet day first. Guessing row by
row reads ``09/13/2021`` month first (it cannot be anything else) and ``09/06/2021``, in the row
below, day first. So a column is read as a whole: :func:`read_date_column` infers the order of
its numeric dates from every value, applies that order to every row, and reports each value that
the column leaves ambiguous instead of guessing it.

Forms read (after any time of day, which must be a real time and is then ignored: the date is
taken as written; ``2021-09-06T25:99:00Z`` is no timestamp, and reported):

- ISO 8601 and RFC 3339: ``2023-09-01``, ``2023-09-01 10:14``, ``2023-09-03T10:14:33.000Z``,
  ``2021-09-06T09:14:43.797191+01:00`` (the date as written, whatever the offset);
- year first: ``2023/9/1``, ``2023.09.01``, Snipe-IT's ``Y.m.d.`` (``2023.09.01.``) and Google
  Forms' timestamps (``2026/06/30 10:15:32 AM GMT+1``);
- day or month first, with ``/``, ``.`` or ``-`` and two- or four-digit years: ``01/09/2023``,
  ``09/13/2021``, ``1.9.23``, ``9/13/21 10:14 AM`` (the column decides which is which);
- with a month name: ``1 Sep 2023``, ``1-Sep-23``, ``1st September 2023``, ``Sep 1, 2023``,
  ``13 Sep, 2021`` and ``Mon Sep 13, 2021`` (every date display format Snipe-IT offers);
- month precision: ``2027-06``, ``06/2027``, ``June 2027``, ``Jun-2027``, read as the month's
  last day (how a Chromebook's auto-update expiry is published);
- a 12- or 13-digit number: milliseconds since 1970 (the Google directory API's
  ``autoUpdateExpiration``).

Dates that tools store when they have none (``0000-00-00``, ``1900-01-01``, ``1970-01-01``,
``9999-12-31`` and the like) are reported as placeholders, never taken as real ages.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .._text import preview
from . import cell_preview, text_of

__all__ = ["MONTH_NAMES", "PLACEHOLDER_DATES", "DateColumn", "read_date", "read_date_column"]

#: Dates that tools write when they could not store one: never a real purchase or end date.
PLACEHOLDER_DATES = frozenset(
    {
        dt.date(1, 1, 1),
        dt.date(1899, 12, 30),  # a spreadsheet's day zero
        dt.date(1899, 12, 31),
        dt.date(1900, 1, 1),
        dt.date(1970, 1, 1),  # the Unix epoch: a zero timestamp
        dt.date(9999, 12, 31),
    }
)

#: The months' English names, January first: how ictrules reads and writes them, whatever
#: locale the process runs in.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_MONTHS = {
    spelt.lower(): number
    for number, name in enumerate(MONTH_NAMES, start=1)
    for spelt in (name, name[:3])
}
_MONTHS["sept"] = 9  # as often written in the UK
_WEEKDAY = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)\.?,?\s+"
)
# A time of day after the date, with seconds, fractions, AM/PM and a zone or offset: checked
# to be a real time (:func:`_real_time`), then ignored.
_TIME = (
    r"(?:,?(?:\s+at)?(?:t|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,]\d+)?)?(?:\s*(?P<half>[ap])\.?m\.?)?"
    r"(?:\s*(?:z|(?:utc|gmt)(?P<named>[+-]\d{1,2}(?::?\d{2})?)?"
    r"|(?P<offset>[+-]\d{2}(?::?\d{2})?)))?)?"
)
# A time of day at the start of what follows a date read in a format given
# (``6/30/2026 10:15:32 AM PDT``).
_TIME_START = re.compile(rf"^{_TIME}(?![\d:])")
_ISO = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$")
_YEAR_FIRST = re.compile(rf"^(\d{{4}})([/.])(\d{{1,2}})\2(\d{{1,2}})\.?{_TIME}$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_TIME}$")
_DAY_NAME = re.compile(
    rf"^(?:{_WEEKDAY})?(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{{4}}|\d{{2}}){_TIME}$"
)
_NAME_DAY = re.compile(
    rf"^(?:{_WEEKDAY})?([a-z]+)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_TIME}$"
)
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_NAME_YEAR = re.compile(r"^([a-z]+)\.?[\s-]*,?\s*(\d{4})$")
_EPOCH_MS = re.compile(r"^\d{12,13}$")
_SERIAL = re.compile(r"^[1-9]\d{4}(\.0+)?$")

_ADVICE = "write it as YYYY-MM-DD or DD/MM/YYYY"

Reading = tuple[dt.date | None, str | None]


@attrs.frozen
class DateColumn:
    """How one column's dates read: each distinct value's ``(date, problem)``.

    ``order`` is ``"day first"`` or ``"month first"`` when the column's numeric dates settle it
    (or ``date_format`` does), ``None`` when no numeric date needs it. When the column's
    numeric dates could be either and none settles it, they are read day first and ``note``
    says so, naming ``note_value``, the first such value.
    """

    readings: Mapping[Any, Reading]
    order: str | None = None
    note: str | None = None
    note_value: Any = None


@attrs.frozen(slots=True)
class _Numeric:
    first: int
    second: int
    year: int
    text: str

    @property
    def day_first(self) -> Reading:
        return _real(self.year, self.second, self.first, self.text)

    @property
    def month_first(self) -> Reading:
        return _real(self.year, self.first, self.second, self.text)

    @property
    def ambiguous(self) -> bool:
        return self.first <= 12 and self.second <= 12 and self.first != self.second


def read_date(raw: Any, date_format: str | None = None) -> Reading:
    """One date on its own: as :func:`read_date_column` reads a column of that one value."""
    return read_date_column([raw], date_format).readings[raw]


def read_date_column(
    values: Iterable[Any], date_format: str | None = None, *, order: str | None = None
) -> DateColumn:
    """Read a column's distinct ``values`` (text, dates, numbers or ``None``) as a whole.

    :param date_format: a ``strptime`` format the column is written in (``"%m/%d/%Y"``);
        values in a form that needs no format (ISO, a month name) are still read.
    :param order: ``"day first"`` or ``"month first"``, for numeric dates the column itself
        does not settle: the order the file's other date columns prove (an export writes all
        its dates alike).
    """
    readings: dict[Any, Reading] = {}
    numeric: dict[Any, _Numeric] = {}
    for raw in values:
        if raw in readings or raw in numeric:
            continue
        reading = _read_alone(raw, date_format)
        if isinstance(reading, _Numeric):
            numeric[raw] = reading
        else:
            readings[raw] = reading
    if not numeric:
        return DateColumn(readings)
    if date_format is not None:
        for raw, value in numeric.items():
            readings[raw] = (
                None,
                f"cannot read {preview(value.text)} as a date in the format {preview(date_format)}",
            )
        return DateColumn(readings, _order_of_format(date_format))
    day_proof = next((v.text for v in numeric.values() if v.first > 12 >= v.second), None)
    month_proof = next((v.text for v in numeric.values() if v.second > 12 >= v.first), None)
    if day_proof is not None and month_proof is not None:
        for raw, value in numeric.items():
            if value.ambiguous:
                readings[raw] = (
                    None,
                    f"{preview(value.text)} could be day first or month first: this column has "
                    f"both day-first ({preview(day_proof)}) and month-first "
                    f"({preview(month_proof)}) dates; write it as YYYY-MM-DD",
                )
            else:
                readings[raw] = value.day_first if value.first > 12 else value.month_first
        return DateColumn(readings)
    if month_proof is not None:
        for raw, value in numeric.items():
            readings[raw] = value.month_first
        return DateColumn(readings, "month first")
    if day_proof is None and order == "month first":
        for raw, value in numeric.items():
            readings[raw] = value.month_first
        return DateColumn(readings, order)
    for raw, value in numeric.items():
        readings[raw] = value.day_first
    if day_proof is not None or order == "day first":
        return DateColumn(readings, "day first")
    example = next((raw for raw, value in numeric.items() if value.ambiguous), None)
    if example is None:  # 01/01/2024, 12/12/2023: both orders read the same
        return DateColumn(readings)
    text = numeric[example].text
    first, second = numeric[example].day_first[0], numeric[example].month_first[0]
    note = (
        f"dates such as {preview(text)} could be day first ({_spelt(first)}) or month first "
        f"({_spelt(second)}) and no date in the column settles it: they are read day first; "
        "if the column is month first, give the date format %m/%d/%Y (an inventory: "
        "--date-format; a survey: date_format in its mapping)"
    )
    return DateColumn(readings, None, note, example)


def _spelt(day: dt.date | None) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}" if day else "not a date"


def _order_of_format(date_format: str) -> str | None:
    day, month = date_format.find("%d"), date_format.find("%m")
    if day < 0 or month < 0:
        return None
    return "day first" if day < month else "month first"


def _read_alone(raw: Any, date_format: str | None) -> Reading | _Numeric:
    """A value read without the rest of its column; ``_Numeric`` when the column decides."""
    if raw is None:
        return None, None
    if isinstance(raw, dt.datetime):
        return _checked(raw.date(), raw.date().isoformat())
    if isinstance(raw, dt.date):
        return _checked(raw, raw.isoformat())
    if isinstance(raw, bool):
        return None, f"expected a date, got {raw!r}"
    if isinstance(raw, int | float):
        text = f"{raw}" if isinstance(raw, int) else text_of(raw)
        if _EPOCH_MS.match(text):
            return _from_epoch_ms(int(text), text)
        return None, f"expected a date, got the number {cell_preview(raw)}{_serial_hint(text)}"
    text = str(raw).strip()
    if not text:
        return None, None
    if date_format is not None:
        # the whole text, or its date before a time of day ("6/30/2026 10:15:32")
        for candidate in dict.fromkeys((text, text.split()[0])):
            try:
                day = dt.datetime.strptime(candidate, date_format).date()
            except ValueError:
                continue
            # what follows the date is ignored (a zone's name, a note), but a time of day at
            # its start must be a real time: 09/06/2021 25:00 is no timestamp
            rest = " ".join(text[len(candidate) :].lower().split())
            time = _TIME_START.match(" " + rest) if rest else None
            return (time is not None and _real_time(time, text)) or _checked(day, text)
    return _read_text(text)


def _read_text(text: str) -> Reading | _Numeric:
    lower = " ".join(text.lower().split())
    match = _ISO.match(lower)
    if match:
        return _real_time(match, text) or _real(int(match[1]), int(match[2]), int(match[3]), text)
    match = _YEAR_FIRST.match(lower)
    if match:
        return _real_time(match, text) or _real(int(match[1]), int(match[3]), int(match[4]), text)
    match = _NUMERIC.match(lower)
    if match:
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        if len(match[4]) == 2:
            year += 2000 if year < 70 else 1900
        return _real_time(match, text) or _Numeric(first, second, year, text)
    match = _DAY_NAME.match(lower)
    if match and match[2] in _MONTHS:
        return _real_time(match, text) or _real(
            _year(match[3]), _MONTHS[match[2]], int(match[1]), text
        )
    match = _NAME_DAY.match(lower)
    if match and match[1] in _MONTHS:
        return _real_time(match, text) or _real(
            int(match[3]), _MONTHS[match[1]], int(match[2]), text
        )
    match = _YEAR_MONTH.match(lower)
    if match:
        return _month_end(int(match[1]), int(match[2]), text)
    match = _MONTH_YEAR.match(lower)
    if match:
        return _month_end(int(match[2]), int(match[1]), text)
    match = _NAME_YEAR.match(lower)
    if match and match[1] in _MONTHS:
        return _month_end(int(match[2]), _MONTHS[match[1]], text)
    if _EPOCH_MS.match(lower):
        return _from_epoch_ms(int(lower), text)
    return None, f"cannot read {preview(text)} as a date; {_ADVICE}{_serial_hint(text)}"


def _real_time(match: re.Match[str], text: str) -> Reading | None:
    """``(None, problem)`` when the time of day ``match`` found after a date is no real time
    (``25:99``, ``13:00 AM``, an offset of a day or more), else ``None``: a timestamp is read as
    its date only when the whole of it is a timestamp."""
    if not match["hour"]:
        return None
    hour, minute, half = int(match["hour"]), int(match["minute"]), match["half"]
    second = int(match["second"]) if match["second"] else None
    leap = second == 60 and minute == 59  # RFC 3339's leap second: 23:59:60Z
    # ISO 8601's 24:00 (the end of the day) and a 12-hour clock's 0:30 AM are written by some
    # systems: the date is still the date as written
    end_of_day = hour == 24 and minute == 0 and not second and not half
    # a 24-hour time marked PM (13:00 PM, from .NET's "HH:mm tt") says the same hour twice
    if (
        not (hour <= 12 or (half == "p" and hour <= 23) if half else hour <= 23 or end_of_day)
        or minute > 59
        or (second is not None and second > 59 and not leap)
    ):
        parts = [f"hour {hour}" + (f" {half.upper()}M" if half else ""), f"minute {minute}"]
        if second is not None:
            parts.append(f"second {second}")
        return None, f"{preview(text)} is not a real time of day ({', '.join(parts)})"
    offset = match["named"] or match["offset"]
    if offset:
        digits = offset[1:].replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
        if int(hours) > 23 or int(minutes) > 59:
            return None, f"{preview(text)} is not a real time zone offset ({offset})"
    return None


def _serial_hint(text: str) -> str:
    if _SERIAL.match(text):
        return (
            "; it looks like a spreadsheet's date number: format the column as dates before saving"
        )
    return ""


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _placeholder(text: str) -> Reading:
    return (
        None,
        f"{preview(text)} is a placeholder date that tools store when they have none, not a real "
        "date; the date is treated as unknown",
    )


def _checked(day: dt.date, text: str) -> Reading:
    if day in PLACEHOLDER_DATES:
        return _placeholder(text)
    return day, None


def _real(year: int, month: int, day: int, text: str) -> Reading:
    if year == 0 or month == 0 or day == 0:
        return _placeholder(text)
    try:
        return _checked(dt.date(year, month, day), text)
    except ValueError:
        return None, f"{preview(text)} is not a real date (day {day}, month {month}, year {year})"


def _month_end(year: int, month: int, text: str) -> Reading:
    if year == 0 or month == 0:
        return _placeholder(text)
    if not 1 <= month <= 12:
        return None, f"{preview(text)} is not a real month (month {month}, year {year})"
    return _checked(dt.date(year, month, calendar.monthrange(year, month)[1]), text)


def _from_epoch_ms(milliseconds: int, text: str) -> Reading:
    day = dt.date(1970, 1, 1) + dt.timedelta(days=milliseconds // 86_400_000)
    return _checked(day, text)
