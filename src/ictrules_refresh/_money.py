"""Reading a column of amounts of money as a whole, in whichever locale it was written.

``1,234.56``, ``1.234,56``, ``1 234,56`` (with a space or a no-break space) and ``1'234.56`` are
all the same amount. A comma followed by one, two, or four or more digits can only be a decimal
comma (``599,00`` is 599.00, never 59,900); a point likewise. Only a single separator followed by
exactly three digits (``1,234`` or ``1.234``) could be either a thousands separator or a decimal
mark: the rest of the column decides (a column whose other amounts use a decimal comma groups
thousands with points), and a value the column leaves undecided is reported, never guessed.

A currency may be written before or after the number, as a sign (``£``, ``€``, ``$``, read as
US dollars) or an ISO code (``GBP``, ``EUR``); :func:`read_money_column` returns it with the
amount, for the planner to compare with the plan's currency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ictrules.files import preview
from ictrules.tables import text_of

__all__ = ["MAX_AMOUNT", "Money", "MoneyColumn", "format_money", "read_money_column"]

#: The largest amount a cost may be (per unit): more is a data issue, not a price.
MAX_AMOUNT = 1_000_000_000
_MAX_DIGITS = 30  # an amount written with more digits than this is not an amount

_SIGNS = {"£": "GBP", "€": "EUR", "$": "USD", "us$": "USD"}
#: Currencies whose amounts are always written with a decimal point.
_POINT_CURRENCIES = frozenset({"GBP", "USD"})
_CURRENCY = re.compile(r"^(?:(£|€|us\$|\$|[a-z]{3})\s*)?(.*?)(?:\s*(£|€|\$|[a-z]{3}))?$")
_GROUPED = re.compile(r"^\d{1,3}(?:([ ,.'])\d{3})(?:\1\d{3})*(?:([.,])(\d+))?$")
_PLAIN = re.compile(r"^\d*(?:([.,])(\d+))?$")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2019": "'"})


@attrs.frozen(slots=True)
class Money:
    """One cell read: the amount (``None`` when it cannot be read), the currency written with
    it (``""`` when none is) and the problem, if any."""

    amount: float | None
    currency: str = ""
    problem: str | None = None


@attrs.frozen
class MoneyColumn:
    """Each distinct value of a column read as :class:`Money`; ``decimal`` is the decimal mark
    the column's amounts show (``"."``, ``","`` or ``""`` when they do not say)."""

    readings: Mapping[Any, Money]
    decimal: str = ""


@attrs.frozen(slots=True)
class _Parsed:
    """A value before the column is known: ``ambiguous`` is the single separator (``,`` or
    ``.``) of ``1,234``-like values, which read as ``whole`` or ``whole / 1000``."""

    text: str
    currency: str
    negative: bool
    value: float | None
    decimal: str = ""
    ambiguous: str = ""
    whole: int = 0


def read_money_column(values: Iterable[Any]) -> MoneyColumn:
    """Read a column's distinct ``values`` (text, numbers or ``None``) as amounts of money."""
    readings: dict[Any, Money] = {}
    parsed: dict[Any, _Parsed] = {}
    for raw in values:
        if raw in readings or raw in parsed:
            continue
        result = _parse(raw)
        if isinstance(result, Money):
            readings[raw] = result
        else:
            parsed[raw] = result
    marks = {p.decimal for p in parsed.values() if p.decimal}
    if not marks and any(p.currency in _POINT_CURRENCIES for p in parsed.values()):
        marks = {"."}  # £1,234 and $1,234 group thousands with commas
    decimal = next(iter(marks)) if len(marks) == 1 else ""
    for raw, value in parsed.items():
        readings[raw] = _resolve(value, decimal, bool(marks))
    return MoneyColumn(readings, decimal)


def _parse(raw: Any) -> Money | _Parsed:
    if raw is None:
        return Money(None)
    if isinstance(raw, bool):
        return Money(None, "", f"expected an amount of money, got {raw!r}")
    if isinstance(raw, int | float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return Money(None, "", f"cannot read {str(raw)!r} as an amount of money")
        if raw < 0:
            return Money(None, "", f"a cost must not be negative, got {preview(text_of(raw))}")
        if raw > MAX_AMOUNT:
            return _too_large(text_of(raw))
        return Money(float(raw))
    text = str(raw).strip()
    if not text:
        return Money(None)
    cleaned = text.translate(_SPACES).lower()
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):  # accountants' negative
        negative, cleaned = True, cleaned[1:-1].strip()
    if cleaned.startswith("-"):
        negative, cleaned = True, cleaned[1:].strip()
    match = _CURRENCY.match(cleaned)
    unreadable = Money(None, "", f"cannot read {preview(text)} as an amount of money")
    if not match or (match[1] and match[3]):
        return unreadable
    sign = match[1] or match[3] or ""
    currency = _SIGNS.get(sign, sign.upper())
    number = match[2].strip()
    if number.startswith("-"):
        negative, number = True, number[1:].strip()
    if not number or (not number[0].isdigit() and not number.startswith((".", ","))):
        return unreadable
    if sum(character.isdigit() for character in number) > _MAX_DIGITS:
        return _too_large(text)
    grouped = _GROUPED.match(number)
    if grouped:
        group, mark, decimals = grouped[1], grouped[2], grouped[3]
        if mark == group:  # 1.234.567 is grouped by points; a point cannot then be decimal
            return unreadable
        whole = int(re.sub(r"\D", "", number if mark is None else number[: -len(decimals) - 1]))
        if mark is not None:  # two marks: the last is the decimal one
            value = whole + int(decimals) / 10 ** len(decimals)
            return _Parsed(text, currency, negative, value, mark)
        repeated = number.count(group) > 1
        if group in ",." and not repeated:  # 1,234 or 1.234: the column decides
            return _Parsed(text, currency, negative, None, "", group, whole)
        # 1,234,567 or 1 234: grouped thousands, and the other mark would be the decimal one
        implied = {",": ".", ".": ","}.get(group, "")
        return _Parsed(text, currency, negative, float(whole), implied)
    plain = _PLAIN.match(number)
    if plain and number not in (".", ","):
        mark, decimals = plain[1], plain[2]
        whole_text = number if mark is None else number[: -len(decimals) - 1]
        whole = int(whole_text or "0")
        if mark is None:
            return _Parsed(text, currency, negative, float(whole))
        value = whole + int(decimals) / 10 ** len(decimals)
        return _Parsed(text, currency, negative, value, mark)
    return unreadable


def _resolve(value: _Parsed, decimal: str, marked: bool) -> Money:
    amount = value.value
    if value.ambiguous:
        if decimal and decimal != value.ambiguous:
            amount = float(value.whole)
        else:
            why = (
                "the column's other amounts do not say which"
                if not marked
                else f"the column's other amounts use {decimal!r} as the decimal mark"
                if decimal
                else "the column's other amounts use both marks"
            )
            return Money(
                None,
                value.currency,
                f"cannot tell whether {preview(value.text)} means {value.whole:,} or "
                f"{value.whole / 1000:.3f} ({why}); write the amount with its pence, such "
                "as 1234.00",
            )
    if amount is None:
        return Money(
            None, value.currency, f"cannot read {preview(value.text)} as an amount of money"
        )
    if value.negative:
        if amount == 0:
            return Money(0.0, value.currency)
        return Money(
            None, value.currency, f"a cost must not be negative, got {preview(value.text)}"
        )
    if amount > MAX_AMOUNT:
        return attrs.evolve(_too_large(value.text), currency=value.currency)
    return Money(amount, value.currency)


def _too_large(text: str) -> Money:
    return Money(
        None,
        "",
        f"cost {preview(text)} is over the limit of {MAX_AMOUNT:,} per unit; the cost is treated "
        "as unknown",
    )


_WRITTEN = {"GBP": "£", "EUR": "€", "USD": "$"}


def format_money(amount: float, currency: str, pence: bool = False) -> str:
    """An amount as a report writes it: ``£1,234`` (``£1,234.50`` with ``pence``), ``-£20``;
    a currency without a sign of its own after the number (``1,234 CHF``)."""
    symbol = _WRITTEN.get(currency)
    number = f"{amount:,.2f}" if pence else f"{amount:,.0f}"
    if number.startswith("-"):
        return f"-{symbol}{number[1:]}" if symbol else f"-{number[1:]} {currency}"
    return f"{symbol}{number}" if symbol else f"{number} {currency}"
