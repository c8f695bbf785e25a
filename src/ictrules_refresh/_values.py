"""Reading one cell: dates, money, quantities, statuses and funding types from text or numbers.

Each reader returns ``(value, None)`` or ``(None, message)``; an empty cell is ``(None, None)``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from .assets import Funding, Status
from .categories import normalise_name

__all__ = ["read_date", "read_funding", "read_money", "read_quantity", "read_status", "text_of"]

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%b").lower(),
        dt.date(2000, number, 1).strftime("%B").lower(),
    )
}
_MONTHS["sept"] = 9  # as often written in the UK
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$")
_SERIAL = re.compile(r"^[1-9]\d{4}(\.0+)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_WORDY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+),?[ -](\d{2}|\d{4})$")
_MONTH_FIRST = re.compile(r"^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$")
_CLOCK = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
_MONEY = re.compile(r"^[£$€]?\s*(-?)\s*[£$€]?\s*([0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*(gbp)?$")

_STATUSES = {
    Status.IN_USE: (
        "in use",
        "deployed",
        "active",
        "assigned",
        "checked out",
        "live",
        "in service",
        "working",
        "ok",
        "good",
        "fair",
    ),
    Status.SPARE: (
        "spare",
        "ready to deploy",
        "in stock",
        "stock",
        "in store",
        "storage",
        "available",
        "pending",
        "unassigned",
        "new",
    ),
    Status.POOR: ("poor", "poor condition", "worn", "damaged", "degraded"),
    Status.IN_REPAIR: (
        "in repair",
        "out for repair",
        "out for diagnostics",
        "repair",
        "awaiting repair",
        "being repaired",
    ),
    Status.BROKEN: (
        "broken",
        "broken not fixable",
        "faulty",
        "dead",
        "beyond repair",
        "unrepairable",
        "not working",
        "failed",
        "beyond economic repair",
        "ber",
    ),
    Status.RETIRED: (
        "retired",
        "archived",
        "disposed",
        "disposed of",
        "written off",
        "lost",
        "stolen",
        "lost stolen",
        "decommissioned",
        "recycled",
        "sold",
    ),
}
STATUS_NAMES = {name: status for status, names in _STATUSES.items() for name in names}
STATUS_NAMES.update({status.value.replace("_", " "): status for status in Status})

_FUNDING = {
    "capital": Funding.CAPITAL,
    "capital grant": Funding.CAPITAL,
    "devolved formula capital": Funding.CAPITAL,
    "dfc": Funding.CAPITAL,
    "purchase": Funding.CAPITAL,
    "purchased": Funding.CAPITAL,
    "revenue": Funding.REVENUE,
    "lease": Funding.LEASE,
    "leased": Funding.LEASE,
    "leasing": Funding.LEASE,
    "operating lease": Funding.LEASE,
    "rental": Funding.LEASE,
    "rented": Funding.LEASE,
}


def text_of(raw: Any) -> str:
    """A cell as text, as the user would recognise it (dates in ISO form, no ``None``)."""
    if raw is None:
        return ""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def read_date(raw: Any, date_format: str | None = None) -> tuple[dt.date | None, str | None]:
    """A date from a date object or text: ISO (2023-09-01, with or without a time), year
    first (2023/09/01, 2023-9-1), day first (01/09/2023, 1.9.23, or with a time as
    spreadsheets write it: 01/09/2023 00:00), or with a month name (1 Sep 2023, 1-Sep-23,
    Sep 1, 2023)."""
    if isinstance(raw, dt.datetime):
        return raw.date(), None
    if isinstance(raw, dt.date):
        return raw, None
    text = text_of(raw)
    if not text:
        return None, None
    serial = (
        "; it looks like a spreadsheet's date number: format the column as dates before saving"
        if _SERIAL.match(text)
        else ""
    )
    if isinstance(raw, bool | int | float):
        return None, f"expected a date, got the number {text}{serial}"
    problem = f"cannot read {text!r} as a date; write it as YYYY-MM-DD or DD/MM/YYYY{serial}"
    if date_format is not None:
        try:
            return dt.datetime.strptime(text, date_format).date(), None
        except ValueError:
            return None, f"cannot read {text!r} as a date in the format {date_format!r}"
    if _ISO.match(text[:10]) and (len(text) == 10 or _is_time(text[10:])):
        year, month, day = (int(part) for part in text[:10].split("-"))
        return _real_date(year, month, day, text)
    match = _YEAR_FIRST.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _real_date(year, month, day, text)
    match = _DAY_FIRST.match(_CLOCK.sub("", text))
    if match:
        day, month, year = (int(part) for part in match.groups())
        year = year + 2000 if len(match[3]) == 2 else year
        return _real_date(year, month, day, text)
    match = _WORDY.match(text.lower())
    if match and match[2] in _MONTHS:
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        return _real_date(year, _MONTHS[match[2]], int(match[1]), text)
    match = _MONTH_FIRST.match(text.lower())
    if match and match[1] in _MONTHS:
        return _real_date(int(match[3]), _MONTHS[match[1]], int(match[2]), text)
    return None, problem


def _is_time(rest: str) -> bool:
    return bool(re.match(r"^[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", rest))


def _real_date(year: int, month: int, day: int, text: str) -> tuple[dt.date | None, str | None]:
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, f"{text!r} is not a real date (day {day}, month {month}, year {year})"


def read_money(raw: Any) -> tuple[float | None, str | None]:
    """An amount of money: a number, or text such as ``£1,299.00``. Negative is an error."""
    if isinstance(raw, bool):
        return None, f"expected an amount of money, got {raw!r}"
    if isinstance(raw, int | float):
        value = float(raw)
        text = text_of(raw)
    else:
        text = text_of(raw)
        if not text:
            return None, None
        match = _MONEY.match(text.lower())
        if not match:
            return None, f"cannot read {text!r} as an amount of money"
        value = float(match[2].replace(",", "")) * (-1 if match[1] else 1)
    if value != value or value in (float("inf"), float("-inf")):
        return None, f"cannot read {text!r} as an amount of money"
    if value < 0:
        return None, f"a cost must not be negative, got {text!r}"
    return value, None


def read_quantity(raw: Any) -> tuple[int | None, str | None]:
    """A quantity: a whole number of one or more. An empty cell means one."""
    text = text_of(raw)
    if not text:
        return 1, None
    try:
        number = float(text) if not isinstance(raw, int | float) else float(raw)
    except ValueError:
        number = -1.0
    if isinstance(raw, bool) or not number.is_integer() or number < 1:
        return None, f"quantity must be a whole number of 1 or more, got {text!r}; row left out"
    return int(number), None


def read_status(raw: Any) -> tuple[Status | None, str | None]:
    """A status from the names inventories use (``Deployed``, ``Ready to Deploy``, ...)."""
    text = text_of(raw)
    if not text:
        return None, None
    status = STATUS_NAMES.get(normalise_name(text))
    if status is not None:
        return status, None
    hint = difflib.get_close_matches(normalise_name(text), sorted(STATUS_NAMES), 1, 0.6)
    known = ", ".join(s.value for s in Status)
    message = f"unknown status {text!r}; the status is treated as unknown (statuses: {known})"
    if hint:
        message += f" (did you mean {hint[0]!r}?)"
    return None, message


def read_funding(raw: Any) -> tuple[Funding | None, str | None]:
    """A funding type: capital, revenue or lease (``leased``, ``rental`` and the like)."""
    text = text_of(raw)
    if not text:
        return None, None
    funding = _FUNDING.get(normalise_name(text))
    if funding is not None:
        return funding, None
    return None, f"unknown funding type {text!r}; expected capital, revenue or lease"
