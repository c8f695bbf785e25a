"""RAG condition ratings: red, amber, green or unknown for each asset, with the reasons.

An asset is *due* at its explicit end-of-life date when it has one (the end of vendor support or
of a Chromebook's automatic updates, the end of its lease, a vendor's end-of-life date; the
earliest when it has several), and otherwise at its purchase date plus its category's lifespan.
The reasons say which.

- **red**: due on or before the rating date, or broken;
- **amber**: due within its policy's amber window, in poor condition or in repair;
- **green**: none of these;
- **unknown**: the data cannot tell: neither a purchase date nor an end-of-life date (age
  unknown), or no policy for its category. An asset of unknown age is never silently green; one
  with an end-of-life date but no purchase date is rated by that date, and its reasons say that
  its age is unknown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum

import attrs

from .assets import Asset, Status
from .policies import Policy

__all__ = ["END_DATES", "Rag", "Rating", "add_months", "due_date", "end_of_life", "rate_asset"]


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class Rag(enum.Enum):
    """A condition rating."""

    # Members are singletons compared by identity, so hashing by identity is equivalent to
    # Enum's name-based hash and much faster in planning's dictionaries.
    __hash__ = object.__hash__

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    UNKNOWN = "unknown"


@attrs.frozen(slots=True)
class Rating:
    """An asset's rating, the reasons for it, and the date it is due (``None`` when unknown)."""

    rag: Rag
    reasons: tuple[str, ...]
    due: dt.date | None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole ``months``; the 29th to 31st fall back to the month's last day
    (29 February 2024 plus 12 months is 28 February 2025)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    date = day.day
    if date > 28:
        date = min(date, 29 if month0 == 1 and calendar.isleap(year) else _DAYS[month0])
    return dt.date(year, month0 + 1, date)


#: Each explicit end-of-life field, and how the reasons name it when it is past, near or due.
END_DATES = (
    (
        "support_end",
        "out of vendor support since {}",
        "vendor support ends {}",
        "vendor support ends",
    ),
    ("lease_end", "lease ended {}", "lease ends {}", "lease ends"),
    ("end_of_life", "past its end-of-life date {}", "end of life {}", "end of life"),
)


def end_of_life(asset: Asset) -> tuple[dt.date, int] | None:
    """The earliest of ``asset``'s explicit end-of-life dates, and its index in
    :data:`END_DATES`; ``None`` when it has none."""
    earliest: tuple[dt.date, int] | None = None
    for index, (field, *_) in enumerate(END_DATES):
        day = getattr(asset, field)
        if day is not None and (earliest is None or day < earliest[0]):
            earliest = (day, index)
    return earliest


def due_date(asset: Asset, policy: Policy) -> dt.date | None:
    """When ``asset`` is due: its earliest explicit end-of-life date, or else its purchase date
    plus its lifespan; ``None`` when neither is known (or that date is beyond the calendar)."""
    explicit = end_of_life(asset)
    if explicit is not None:
        return explicit[0]
    if asset.purchase_date is not None:
        return _months_later(asset.purchase_date, policy.lifespan_months)
    return None


def _months_later(day: dt.date, months: int) -> dt.date | None:
    """:func:`add_months`, or ``None`` when the result would be after 9999-12-31."""
    try:
        return add_months(day, months)
    except (ValueError, OverflowError):
        return None


def _years(policy: Policy) -> str:
    years = policy.lifespan_years
    return f"{int(years)}" if years.is_integer() else f"{years:g}"


def rate_asset(asset: Asset, policy: Policy | None, as_of: dt.date) -> Rating:
    """Rate one asset on ``as_of`` under its category's policy (``None``: no policy)."""
    red: list[str] = []
    amber: list[str] = []
    notes: list[str] = []
    if asset.status is Status.BROKEN:
        red.append("broken")
    elif asset.status is Status.POOR:
        amber.append("in poor condition")
    elif asset.status is Status.IN_REPAIR:
        amber.append("in repair")
    explicit = end_of_life(asset)
    ended = [
        past.format(day.isoformat())
        for field, past, _, _ in END_DATES
        if (day := getattr(asset, field)) is not None and day <= as_of
    ]
    red[:0] = ended
    if asset.purchase_date is None:
        notes.append("no purchase date: age unknown")
    elif asset.purchase_date > as_of:
        notes.append(f"purchased {asset.purchase_date.isoformat()}, after {as_of.isoformat()}")
    if policy is None:
        what = f"category {asset.category_text!r}" if asset.category_text else "no category"
        notes.append(f"{what}: no refresh policy, so it cannot be planned")
        if red:
            return Rating(Rag.RED, (*red, *notes), None)
        return Rating(Rag.UNKNOWN, (*amber, *notes), None)
    age_due = (
        _months_later(asset.purchase_date, policy.lifespan_months)
        if asset.purchase_date is not None
        else None
    )
    if asset.purchase_date is not None and age_due is None:
        notes.append(
            f"due {_years(policy)} years after {asset.purchase_date.isoformat()}, beyond the "
            "calendar's last day (9999-12-31): check the purchase date"
        )
    due: dt.date | None
    if explicit is not None:
        due = explicit[0]
        if age_due is not None and age_due <= as_of < due:
            notes.append(
                f"older than its {_years(policy)}-year lifespan (since {age_due.isoformat()}), "
                "but rated by its end-of-life date"
            )
    else:
        due = age_due
        if age_due is not None and age_due <= as_of:
            red.insert(0, f"past its {_years(policy)}-year lifespan (due {age_due.isoformat()})")
    if red:
        return Rating(Rag.RED, (*red, *notes), due)
    if due is None:
        return Rating(Rag.UNKNOWN, (*amber, *notes), None)
    window_end = add_months(as_of, policy.amber_months)
    if due <= window_end:
        window = f"within the {policy.amber_months}-month amber window"
        if explicit is not None:
            amber.insert(0, f"{END_DATES[explicit[1]][2].format(due.isoformat())}, {window}")
        else:
            amber.insert(0, f"due {due.isoformat()}, {window}")
    if amber:
        return Rating(Rag.AMBER, (*amber, *notes), due)
    ends = f" ({END_DATES[explicit[1]][3]})" if explicit is not None else ""
    return Rating(Rag.GREEN, (f"due {due.isoformat()}{ends}", *notes), due)
