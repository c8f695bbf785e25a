"""Reading one cell: quantities, statuses and funding types from text or numbers.

Each reader returns ``(value, None)`` or ``(None, message)``; an empty cell is ``(None, None)``.
Dates, money and quantities are read a column at a time (:mod:`ictrules.tables.dates`,
:mod:`._numbers`): :func:`read_quantity` takes a quantity's cell as its column read it.
:func:`text_of` is ictrules' own (:mod:`ictrules.tables`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ictrules.files import preview
from ictrules.tables import text_of

from ._numbers import Number
from .assets import Funding, Status
from .categories import normalise_name

__all__ = [
    "MAX_QUANTITY",
    "STATUS_NAMES",
    "read_funding",
    "read_quantity",
    "read_status",
    "status_hint",
    "text_of",
]

#: The most devices one inventory row may stand for.
MAX_QUANTITY = 1_000_000

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
        "provisioned",  # Google Admin's word for an enrolled Chrome device in use
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
        "deprovisioned",  # Google Admin: taken out of management, no longer in the fleet
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


def read_quantity(number: Number) -> tuple[int | None, str | None]:
    """A quantity, from its cell read as a number: a whole number of one or more, written
    without a currency. An empty cell means one."""
    value, shown = number.value, preview(number.text)
    if not number.text:
        return 1, None
    if number.ambiguous:
        whole, mark = number.whole, number.mark
        return None, (
            f"quantity {shown} is {whole} if {mark!r} separates thousands, or "
            f"{whole / 1000:g} if it is the decimal mark, and {number.ambiguous}; write "
            f"{whole} (or {whole / 1000:g}) without the separator; row left out"
        )
    if value is not None and value > MAX_QUANTITY:  # infinity too
        return None, (
            f"quantity {shown} is over the limit of {MAX_QUANTITY:,} devices in one row; "
            "row left out"
        )
    if value is None or number.currency or not value.is_integer() or value < 1:
        return None, f"quantity must be a whole number of 1 or more, got {shown}; row left out"
    return int(value), None


def read_status(
    raw: Any, extra: Mapping[str, Status] | None = None
) -> tuple[Status | None, str | None]:
    """A status from the names inventories use (``Deployed``, ``Ready to Deploy``, ...).

    ``extra`` adds an export's own vocabulary (normalised name -> status). An unknown name is
    reported with a "did you mean" hint only for a likely typing slip (:func:`status_hint`).
    """
    text = text_of(raw)
    if not text:
        return None, None
    name = normalise_name(text)
    status = _status_named(name, extra)
    if status is None:
        # Snipe-IT's custom report adds the status type in brackets: "Ready to Deploy
        # (deployable)"; the name decides, else the type
        bracketed = _BRACKETED.match(text)
        if bracketed:
            status = _status_named(normalise_name(bracketed[1]), extra) or _status_named(
                normalise_name(bracketed[2]), extra
            )
    if status is not None:
        return status, None
    known = ", ".join(s.value for s in Status)
    message = (
        f"unknown status {preview(text)}; the status is treated as unknown (statuses: {known})"
    )
    hint = status_hint(name, [*STATUS_NAMES, *(extra or {})])
    if hint:
        message += f" (did you mean {hint!r}?)"
    return None, message


_BRACKETED = re.compile(r"^(.*?)\s*\(([^()]+)\)$")


def _status_named(name: str, extra: Mapping[str, Status] | None) -> Status | None:
    return (extra or {}).get(name) or STATUS_NAMES.get(name)


_NEGATIONS = ("un", "in", "im", "non", "not", "de", "dis")


def status_hint(name: str, names: Iterable[str]) -> str | None:
    """The known status ``name`` was most likely a slip for, or ``None``.

    A hint must be a slip of the keys (one edit in a word of four letters or fewer, two in a
    longer one: a letter added, dropped, changed or two swapped), and
    never a name that is the other with a negating prefix: ``Inactive`` is not a misspelt
    ``active``, nor ``Undeployable`` a misspelt ``deployed``, so neither gets a hint that says
    the opposite of what was written.
    """
    best: tuple[int, str] | None = None
    for candidate in sorted(set(names)):
        limit = 1 if min(len(candidate), len(name)) <= 4 else 2
        distance = _edits(name, candidate, limit)
        if distance > limit or _negated(name, candidate):
            continue
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return best[1] if best else None


def _negated(one: str, other: str) -> bool:
    """Whether one name is the other with a negating prefix (``inactive``, ``active``)."""
    short, long = sorted((one.replace(" ", ""), other.replace(" ", "")), key=len)
    return any(long == prefix + short for prefix in _NEGATIONS) or any(
        long.startswith(prefix) and long[len(prefix) :][:4] == short[:4] for prefix in _NEGATIONS
    )


def _edits(one: str, other: str, limit: int) -> int:
    """Edits (insert, delete, change, swap two neighbours) from ``one`` to ``other``; any
    number above ``limit`` is returned as ``limit + 1``."""
    if abs(len(one) - len(other)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, start=1):
        current = [i] + [0] * len(other)
        for j, b in enumerate(other, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def read_funding(raw: Any) -> tuple[Funding | None, str | None]:
    """A funding type: capital, revenue or lease (``leased``, ``rental`` and the like)."""
    text = text_of(raw)
    if not text:
        return None, None
    funding = _FUNDING.get(normalise_name(text))
    if funding is not None:
        return funding, None
    return None, f"unknown funding type {preview(text)}; expected capital, revenue or lease"
