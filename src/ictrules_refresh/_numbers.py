"""Reading columns of numbers as a whole, in whichever locale they were written: an inventory's
costs and quantities.

``1,234.56``, ``1.234,56``, ``1 234,56`` (with a space or a no-break space) and ``1'234.56`` are
all the same number. A comma followed by one, two, or four or more digits can only be a decimal
comma (``599,00`` is 599.00, never 59,900); a point likewise. Only a single separator followed by
exactly three digits (``1,234`` or ``1.234``) could be either a thousands separator or a decimal
mark: the rest of the column decides (a column whose other numbers use a decimal comma groups
thousands with points), else the file's other number columns (:func:`read_number_columns`: an
export writes all its numbers alike), and a value they leave undecided is said to be so, never
guessed. Scientific notation with a decimal point (``1e3``, ``2.5E+2``) is read as the number
it writes.

A currency may be written before or after the number, as a sign (``£``, ``€``, ``$``, read as
US dollars) or an ISO code (``GBP``, ``EUR``): it is read with the number, for the caller to take
(a cost) or refuse (a quantity). Each reader of a column (:mod:`._money`, :mod:`._values`) says
in its own words what a number that cannot be read, or is out of its range, means for it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ictrules.tables import text_of

__all__ = ["Number", "NumberColumn", "read_number_column", "read_number_columns"]

#: A number written with more digits than this is read as infinitely large: no reader takes it.
_MAX_DIGITS = 30

_SIGNS = {"£": "GBP", "€": "EUR", "$": "USD", "us$": "USD"}
#: Currencies whose amounts are always written with a decimal point.
_POINT_CURRENCIES = frozenset({"GBP", "USD"})
_CURRENCY = re.compile(r"^(?:(£|€|us\$|\$|[a-z]{3})\s*)?(.*?)(?:\s*(£|€|\$|[a-z]{3}))?$")
_GROUPED = re.compile(r"^\d{1,3}(?:([ ,.'])\d{3})(?:\1\d{3})*(?:([.,])(\d+))?$")
_PLAIN = re.compile(r"^\d*(?:([.,])(\d+))?$")
_SCIENTIFIC = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)e[+-]?\d{1,3}$")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2019": "'"})


@attrs.frozen(slots=True)
class Number:
    """One cell read as a number.

    ``value`` is the number, negative when written so (``-5``, ``(5)``), infinite when it has
    more digits than any reader takes; ``None`` when the cell is blank or the number cannot be
    read. ``text`` is the cell as written and ``currency`` the currency written with it (``""``
    when none is). A number that cannot be read is ``unreadable``, or ``ambiguous``: then that
    says why the file leaves a ``1,234`` open between ``whole`` (``,`` separating thousands) and
    ``whole / 1000`` (``,`` as the decimal mark), and ``mark`` is the separator.
    """

    value: float | None = None
    text: str = ""
    currency: str = ""
    unreadable: bool = False
    ambiguous: str = ""
    whole: int = 0
    mark: str = ""


@attrs.frozen
class NumberColumn:
    """Each distinct value of a column read as a :class:`Number`; ``decimal`` is the decimal
    mark the column's own numbers show (``"."``, ``","`` or ``""`` when they do not say)."""

    readings: Mapping[Any, Number]
    decimal: str = ""

    @property
    def undecided(self) -> bool:
        """Whether the column leaves some ``1,234`` open."""
        return any(number.ambiguous for number in self.readings.values())


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


def read_number_columns(columns: Mapping[str, Iterable[Any]]) -> dict[str, NumberColumn]:
    """Several columns of one file, each by :func:`read_number_column`: a column that leaves a
    ``1,234`` open takes the decimal mark the other columns show, when they show one."""
    read = {name: read_number_column(values) for name, values in columns.items()}
    for name, column in list(read.items()):
        if not column.undecided:
            continue
        marks = {other.decimal for key, other in read.items() if key != name and other.decimal}
        if len(marks) == 1:
            read[name] = read_number_column(column.readings, marks.pop())
    return read


def read_number_column(values: Iterable[Any], decimal: str = "") -> NumberColumn:
    """Read a column's distinct ``values`` (text, numbers or ``None``) as numbers; ``decimal``
    is the decimal mark the file's other columns show, for a column whose own numbers do not."""
    readings: dict[Any, Number] = {}
    parsed: dict[Any, _Parsed] = {}
    for raw in values:
        if raw in readings or raw in parsed:
            continue
        result = _parse(raw)
        if isinstance(result, Number):
            readings[raw] = result
        else:
            parsed[raw] = result
    marks = {p.decimal for p in parsed.values() if p.decimal}
    if not marks and any(p.currency in _POINT_CURRENCIES for p in parsed.values()):
        marks = {"."}  # £1,234 and $1,234 group thousands with commas
    own = next(iter(marks)) if len(marks) == 1 else ""
    why = _why(marks, own, bool(decimal))
    for raw, value in parsed.items():
        readings[raw] = _resolve(value, own or ("" if marks else decimal), why)
    return NumberColumn(readings, own)


def _why(marks: set[str], own: str, hinted: bool) -> str:
    """Why a ``1,234`` the column cannot settle stays open."""
    if own:
        return f"the column's other numbers use {own!r} as the decimal mark"
    if marks:
        return "the column's other numbers use both marks"
    if hinted:
        return "the file's other numbers use it as the decimal mark"
    return "no other number in the file says which"


def _parse(raw: Any) -> Number | _Parsed:
    if raw is None:
        return Number()
    if isinstance(raw, bool):
        return Number(None, str(raw), unreadable=True)
    if isinstance(raw, int):
        try:
            return Number(float(raw), text_of(raw))
        except OverflowError:  # a whole number beyond any float (from JSON, TOML or YAML)
            return Number(math.inf if raw > 0 else -math.inf, text_of(raw))
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return Number(None, text_of(raw), unreadable=True)
        return Number(raw, text_of(raw))
    text = str(raw).strip()
    if not text:
        return Number()
    cleaned = text.translate(_SPACES).lower()
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):  # accountants' negative
        negative, cleaned = True, cleaned[1:-1].strip()
    if cleaned.startswith("-"):
        negative, cleaned = True, cleaned[1:].strip()
    match = _CURRENCY.match(cleaned)
    unreadable = Number(None, text, unreadable=True)
    if not match or (match[1] and match[3]):
        return unreadable
    sign = match[1] or match[3] or ""
    currency = _SIGNS.get(sign, sign.upper())
    number = match[2].strip()
    if number.startswith("-"):
        negative, number = True, number[1:].strip()
    if not number or (not number[0].isdigit() and not number.startswith((".", ","))):
        return attrs.evolve(unreadable, currency=currency)
    if sum(character.isdigit() for character in number) > _MAX_DIGITS:
        return Number(-math.inf if negative else math.inf, text, currency)
    if _SCIENTIFIC.match(number):
        return Number(-float(number) if negative else float(number), text, currency)
    grouped = _GROUPED.match(number)
    if grouped:
        group, mark, decimals = grouped[1], grouped[2], grouped[3]
        if mark == group:  # 1.234.567 is grouped by points; a point cannot then be decimal
            return attrs.evolve(unreadable, currency=currency)
        whole = int(re.sub(r"\D", "", number if mark is None else number[: -len(decimals) - 1]))
        if mark is not None:  # two marks: the last is the decimal one
            value = float(f"{whole}.{decimals}")  # correctly rounded: 1 + 36 / 100 is 1.3599...
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
        value = float(f"{whole}.{decimals}")  # correctly rounded: 1 + 36 / 100 is 1.3599...
        return _Parsed(text, currency, negative, value, mark)
    return attrs.evolve(unreadable, currency=currency)


def _resolve(value: _Parsed, decimal: str, why: str) -> Number:
    number = value.value
    if value.ambiguous:
        if not decimal or decimal == value.ambiguous:
            return Number(
                None,
                value.text,
                value.currency,
                ambiguous=why,
                whole=value.whole,
                mark=value.ambiguous,
            )
        number = float(value.whole)
    if number is None:
        return Number(None, value.text, value.currency, unreadable=True)
    return Number(-number if value.negative else number, value.text, value.currency)
