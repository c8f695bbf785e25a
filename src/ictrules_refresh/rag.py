"""RAG condition ratings: red, amber, green or unknown for each asset, with the reasons.

- **red**: past its lifespan, broken, or out of vendor support;
- **amber**: due (or losing vendor support) within its policy's amber window, in poor condition
  or in repair;
- **green**: none of these;
- **unknown**: the data cannot tell: no purchase date (age unknown), or no policy for its
  category. An asset of unknown age is never silently green.

An asset is *due* at its purchase date plus its lifespan, or when vendor support ends if that is
sooner.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum

import attrs

from .assets import Asset, Status
from .policies import Policy

__all__ = ["Rag", "Rating", "add_months", "due_date", "rate_asset"]


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


def due_date(asset: Asset, policy: Policy) -> dt.date | None:
    """When ``asset`` is due: purchase date plus lifespan, or the end of vendor support if
    sooner; ``None`` when neither date is known."""
    due = None
    if asset.purchase_date is not None:
        due = add_months(asset.purchase_date, policy.lifespan_months)
    if asset.support_end is not None and (due is None or asset.support_end < due):
        return asset.support_end
    return due


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
    if asset.support_end is not None and asset.support_end <= as_of:
        red.append(f"out of vendor support since {asset.support_end.isoformat()}")
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
    due = due_date(asset, policy)
    if asset.purchase_date is not None:
        age_due = add_months(asset.purchase_date, policy.lifespan_months)
        if age_due <= as_of:
            red.insert(0, f"past its {_years(policy)}-year lifespan (due {age_due.isoformat()})")
    if red:
        return Rating(Rag.RED, (*red, *notes), due)
    if due is None:
        return Rating(Rag.UNKNOWN, (*amber, *notes), None)
    window_end = add_months(as_of, policy.amber_months)
    if due <= window_end:
        window = f"within the {policy.amber_months}-month amber window"
        if asset.support_end is not None and due == asset.support_end:
            amber.insert(0, f"vendor support ends {due.isoformat()}, {window}")
        else:
            amber.insert(0, f"due {due.isoformat()}, {window}")
    if amber:
        return Rating(Rag.AMBER, (*amber, *notes), due)
    ends = " (vendor support ends)" if due == asset.support_end else ""
    return Rating(Rag.GREEN, (f"due {due.isoformat()}{ends}", *notes), due)
