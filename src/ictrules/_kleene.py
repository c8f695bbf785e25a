"""Kleene logic for compiled conditions: closures that evaluate to ``True``, ``False`` or
``None`` (unknown), over plain values and over ranges (:mod:`ictrules.intervals`)."""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

from . import intervals
from .intervals import Interval, SetValue, as_interval, in_range

__all__ = [
    "BY_SYMBOL",
    "Evaluator",
    "Truth",
    "band_range",
    "binary",
    "count",
    "kleene_and",
    "kleene_not",
    "kleene_or",
    "maybe",
    "member_of",
    "one_of",
    "ranged",
    "reader",
]


Truth = bool | None
Evaluator = Callable[[Mapping[str, Any], dt.date], Any]


BY_SYMBOL: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def kleene_and(parts: list[Evaluator]) -> Evaluator:
    def evaluate(values: Mapping[str, Any], as_of: dt.date) -> Truth:
        result: Truth = True
        for part in parts:
            truth = part(values, as_of)
            if truth is False:
                return False
            if truth is None:
                result = None
        return result

    return evaluate


def kleene_or(parts: list[Evaluator]) -> Evaluator:
    def evaluate(values: Mapping[str, Any], as_of: dt.date) -> Truth:
        result: Truth = False
        for part in parts:
            truth = part(values, as_of)
            if truth is True:
                return True
            if truth is None:
                result = None
        return result

    return evaluate


def kleene_not(part: Evaluator) -> Evaluator:
    def evaluate(values: Mapping[str, Any], as_of: dt.date) -> Truth:
        truth = part(values, as_of)
        return None if truth is None else not truth

    return evaluate


def binary(left: Evaluator, right: Evaluator, test: Callable[[Any, Any], Truth]) -> Evaluator:
    def evaluate(values: Mapping[str, Any], as_of: dt.date) -> Truth:
        a = left(values, as_of)
        if a is None:
            return None
        b = right(values, as_of)
        if b is None:
            return None
        return test(a, b)

    return evaluate


def ranged(symbol: str) -> Callable[[Any, Any], Truth]:
    """``a symbol b`` for ordered values, either of which may be an interval."""
    plain = BY_SYMBOL[symbol]

    def test(a: Any, b: Any) -> Truth:
        if type(a) is Interval or type(b) is Interval:
            return intervals.compare(symbol, as_interval(a), as_interval(b))
        return plain(a, b)

    return test


def band_range(band: Interval, symbol: str) -> tuple[Interval, bool]:
    """The proportions ``p symbol 'band'`` holds for, and whether the test is the negation."""
    if symbol == ">=":
        return Interval(band.low, 1.0, band.low_open, False), False
    if symbol == ">":
        return Interval(band.high, 1.0, not band.high_open, False), False
    if symbol == "<=":
        return Interval(0.0, band.high, False, band.high_open), False
    if symbol == "<":
        return Interval(0.0, band.low, False, not band.low_open), False
    return band, symbol == "!="


def count(value: Any) -> Any:
    """How many members a set has: a number, or an interval for a set known in part."""
    if type(value) is SetValue:
        count: Interval = value.size
        return count.low if count.is_point() else count
    return len(value)


def member_of(container: Any, name: str) -> Truth:
    if type(container) is SetValue:
        if name in container.includes:
            return True
        return False if name in container.excludes else None
    return name in container


def one_of(value: Any, allowed: frozenset[Any]) -> Truth:
    """Whether a value, perhaps known only as an interval, is one of ``allowed``."""
    if type(value) is not Interval:
        return value in allowed
    if value.is_point():
        return value.low in allowed
    numbers = [a for a in allowed if isinstance(a, int | float)]
    inside = [a for a in numbers if in_range(intervals.point(intervals.as_float(a)), value)]
    whole = all(isinstance(a, int) for a in numbers)
    if whole and not math.isinf(value.low) and not math.isinf(value.high):
        first = math.floor(value.low) + (1 if value.low_open and value.low.is_integer() else 0)
        steps = range(math.ceil(first), math.floor(value.high) + 1)
        steps = range(
            steps.start, steps.stop - (1 if value.high_open and value.high.is_integer() else 0)
        )
        # the whole numbers in range, counted without len(): a range wider than the platform's
        # sizes (bounds of 2 ** 70, say) would overflow it
        if steps.stop - steps.start <= len(numbers) and all(step in allowed for step in steps):
            return True
    return None if inside else False


def reader(fact_id: str) -> Evaluator:
    def read(values: Mapping[str, Any], as_of: dt.date) -> Any:
        return values.get(fact_id)

    return read


def maybe(value: Any, function: Callable[[Any], Any]) -> Any:
    return None if value is None else function(value)
