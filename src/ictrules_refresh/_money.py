"""Reading a column of amounts of money: its numbers as :mod:`._numbers` reads them in any locale,
each taken as a cost (per unit) or said to be no cost.

A cost is a number of 0 or more, at most :data:`MAX_AMOUNT`, written with or without a currency
(a sign or an ISO code); :func:`money_of` returns the currency with the amount, for the planner
to compare with the plan's currency.
"""

from __future__ import annotations

import attrs

from ictrules.files import preview

from ._numbers import Number

__all__ = ["MAX_AMOUNT", "Money", "format_money", "money_of"]

#: The largest amount of money ictrules reads: a cost per unit (more is a data issue, not a
#: price), and each amount of a strategy file. Far above any school's or trust's spending,
#: and small enough that no plan's total loses pence or overflows.
MAX_AMOUNT = 1_000_000_000


@attrs.frozen(slots=True)
class Money:
    """One cell read: the amount (``None`` when it cannot be read), the currency written with
    it (``""`` when none is, or when the amount cannot be read) and the problem, if any."""

    amount: float | None
    currency: str = ""
    problem: str | None = None


def money_of(number: Number) -> Money:
    """A number read from a cost's cell as an amount of money, or the problem it is."""
    amount, shown = number.value, preview(number.text)
    if number.ambiguous:
        problem = (
            f"cannot tell whether {shown} means {number.whole:,} or {number.whole / 1000:.3f} "
            f"({number.ambiguous}); write the amount with its pence, such as 1234.00"
        )
    elif number.unreadable or amount is None:
        if not number.text:
            return Money(None)
        problem = f"cannot read {shown} as an amount of money"
    elif amount < 0:
        problem = f"a cost must not be negative, got {shown}"
    elif amount > MAX_AMOUNT:
        problem = (
            f"cost {shown} is over the limit of {MAX_AMOUNT:,} per unit; the cost is treated as "
            "unknown"
        )
    else:
        return Money(amount + 0.0, number.currency)  # + 0.0: -0 is 0
    return Money(None, "", problem)


_WRITTEN = {"GBP": "£", "EUR": "€", "USD": "$"}


def format_money(amount: float, currency: str, pence: bool = False) -> str:
    """An amount as a report writes it: ``£1,234`` (``£1,234.50`` with ``pence``), ``-£20``;
    a currency without a sign of its own after the number (``1,234 CHF``)."""
    symbol = _WRITTEN.get(currency)
    number = f"{amount:,.2f}" if pence else f"{amount:,.0f}"
    if number.startswith("-"):
        return f"-{symbol}{number[1:]}" if symbol else f"-{number[1:]} {currency}"
    return f"{symbol}{number}" if symbol else f"{number} {currency}"
