"""Intervals: the form in which conditions read ordered values that are known only in part.

Every ordered value a condition compares (integers, numbers, proportions, choice positions and
dates as day numbers) is, once normalised, either a plain value or an :class:`Interval`. A
comparison of an interval with a range is true when the interval lies inside the range, false
when they do not meet, and unknown otherwise: three-valued (Kleene) logic for ranges.

:func:`normalise` turns a checked fact value, exact or partial (see :mod:`ictrules.partial`),
into that form for one framework's bands and one ``as_of``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, NamedTuple

from .bands import BAND_NAMES, BandScale
from .facts import FactSpec, FactType, FactValue
from .partial import Bounds, OpenSet

__all__ = [
    "Interval",
    "SetValue",
    "as_float",
    "as_interval",
    "band_interval",
    "compare",
    "in_range",
    "intersect",
    "is_empty",
    "normalise",
    "point",
]

Truth = bool | None

INF = math.inf


class Interval(NamedTuple):
    """The values from ``low`` to ``high``; an open end excludes that end itself."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def is_point(self) -> bool:
        """The interval holds exactly one value."""
        return self.low == self.high and not (self.low_open or self.high_open)


class SetValue(NamedTuple):
    """A set of choices known in part: certain members, certain non-members, and the range of
    its size. The universe holds every declared choice."""

    includes: frozenset[str]
    excludes: frozenset[str]
    size: Interval


def point(value: float) -> Interval:
    """The interval holding one value."""
    return Interval(value, value)


def as_float(value: float) -> float:
    """``float(value)``, with a whole number too large for a float as infinity (of its sign),
    which it exceeds as far as any comparison is concerned."""
    try:
        return float(value)
    except OverflowError:
        return INF if value > 0 else -INF


def as_interval(value: Any) -> Interval:
    """A plain ordered value (number, date) or an interval, as an interval."""
    if type(value) is Interval:
        return value
    if isinstance(value, dt.date):
        return point(float(value.toordinal()))
    return point(as_float(value))


def is_empty(interval: Interval) -> bool:
    """No value lies in the interval."""
    low, high = interval.low, interval.high
    return low > high or (low == high and (interval.low_open or interval.high_open))


def intersect(a: Interval, b: Interval) -> Interval:
    """The values in both (possibly empty: see :func:`is_empty`)."""
    if a.low > b.low:
        low, low_open = a.low, a.low_open
    elif b.low > a.low:
        low, low_open = b.low, b.low_open
    else:
        low, low_open = a.low, a.low_open or b.low_open
    if a.high < b.high:
        high, high_open = a.high, a.high_open
    elif b.high < a.high:
        high, high_open = b.high, b.high_open
    else:
        high, high_open = a.high, a.high_open or b.high_open
    return Interval(low, high, low_open, high_open)


def _inside(a: Interval, b: Interval) -> bool:
    """Every value of ``a`` lies in ``b``."""
    low_ok = b.low < a.low or (b.low == a.low and (a.low_open or not b.low_open))
    high_ok = a.high < b.high or (a.high == b.high and (a.high_open or not b.high_open))
    return low_ok and high_ok


def in_range(value: Interval, allowed: Interval) -> Truth:
    """Whether a value known to lie in ``value`` lies in ``allowed``: true, false or unknown."""
    if _inside(value, allowed):
        return True
    if is_empty(intersect(value, allowed)):
        return False
    return None


def _before(a: Interval, b: Interval) -> bool:
    """Every value of ``a`` is below every value of ``b``."""
    return a.high < b.low or (a.high == b.low and (a.high_open or b.low_open))


def compare(op: str, a: Interval, b: Interval) -> Truth:
    """``a op b`` for two values each known to lie in an interval (``op`` one of
    ``< <= > >= == !=``): true or false when every pair of values agrees, else unknown."""
    if op in (">", ">="):
        op, a, b = ("<" if op == ">" else "<="), b, a
    if op == "<":
        return True if _before(a, b) else False if a.low >= b.high else None
    if op == "<=":
        return True if a.high <= b.low else False if _before(b, a) else None
    equal: Truth
    if a.is_point() and b.is_point() and a.low == b.low:
        equal = True
    elif _before(a, b) or _before(b, a):
        equal = False
    else:
        equal = None
    if op == "==" or equal is None:
        return equal
    return not equal


def band_interval(bands: BandScale, name: str) -> Interval:
    """The proportions a band name stands for: ``few`` starts just above 0 (whatever lower
    bound a framework gives it, as :meth:`~ictrules.BandScale.band_of` reads numbers), and
    every band but ``none`` and ``all`` stops short of the next band's lower bound."""
    low, high = bands.interval(name)
    position = bands.index(name)
    if position == 1:
        low = 0.0
    inner = 0 < position < len(BAND_NAMES) - 1
    return Interval(low, high, low_open=position == 1, high_open=inner)


# --- normalising checked values ----------------------------------------------------------------


def normalise(
    spec: FactSpec, value: FactValue, bands: BandScale, as_of: dt.date | None = None
) -> Any:
    """A checked fact value in the form compiled conditions read.

    Exact values: a choice becomes its position, a set of choices a ``frozenset``, a band name
    an :class:`Interval`; others stay as they are. Partial values: :class:`~ictrules.partial.Bounds`
    become an :class:`Interval` (dates as day numbers, choices as positions), an
    :class:`~ictrules.partial.OpenSet` a :class:`SetValue`. ``as_of`` places dates given
    ``within`` a span and closes a date's range above (a date after ``as_of`` is no evidence);
    without it a date range is open above and a span cannot be placed (``ValueError``).
    """
    kind = spec.type
    if isinstance(value, Bounds):
        return _bounds_interval(spec, value, bands, as_of)
    if isinstance(value, OpenSet):
        return _set_value(spec, value)
    if kind is FactType.CHOICE and isinstance(value, str):
        return spec.choices.index(value)
    if kind is FactType.CHOICES and isinstance(value, tuple):
        return frozenset(value)
    if kind is FactType.PROPORTION and isinstance(value, str):
        return band_interval(bands, value)
    if kind is FactType.PROPORTION:
        return float(value)  # type: ignore[arg-type]
    return value


def _set_value(spec: FactSpec, value: OpenSet) -> SetValue:
    low = max(len(value.includes), value.count_low or 0)
    high = len(spec.choices) - len(value.excludes)
    if value.count_high is not None:
        high = min(high, value.count_high)
    return SetValue(frozenset(value.includes), frozenset(value.excludes), Interval(low, high))


def _bounds_interval(
    spec: FactSpec, bounds: Bounds, bands: BandScale, as_of: dt.date | None
) -> Interval:
    kind = spec.type
    discrete = kind in (FactType.INTEGER, FactType.CHOICE, FactType.DATE)
    low, low_open, high, high_open = _defaults(spec, as_of)
    if kind is FactType.PROPORTION:
        for key in ("at_least", "more_than", "at_most", "less_than"):
            end = getattr(bounds, key)
            if isinstance(end, str):  # a band name as a bound
                band = band_interval(bands, end)
                if key == "at_least":
                    low, low_open = band.low, band.low_open
                elif key == "more_than":
                    low, low_open = band.high, not band.high_open
                elif key == "at_most":
                    high, high_open = band.high, band.high_open
                else:
                    high, high_open = band.low, not band.low_open
            elif end is not None:
                low, low_open, high, high_open = _numeric(
                    key, float(end), low, low_open, high, high_open
                )
        return Interval(low, high, low_open, high_open)
    if bounds.within is not None:
        if as_of is None:
            raise ValueError(f"{spec.id}: a date within a span needs the assessment's as_of")
        low, low_open = float(bounds.within.start(as_of).toordinal()), False
    for key in ("at_least", "more_than", "at_most", "less_than"):
        end = getattr(bounds, key)
        if end is None:
            continue
        number = _ordinal(spec, end)
        low, low_open, high, high_open = _numeric(key, number, low, low_open, high, high_open)
    if discrete:  # an open end on whole steps is the next step, closed
        if low_open:
            low, low_open = math.floor(low) + 1.0, False
        if high_open:
            high, high_open = math.ceil(high) - 1.0, False
    return Interval(low, high, low_open, high_open)


def _defaults(spec: FactSpec, as_of: dt.date | None) -> tuple[float, bool, float, bool]:
    """The widest interval a fact's declaration allows."""
    kind = spec.type
    if kind is FactType.PROPORTION:
        return 0.0, False, 1.0, False
    if kind is FactType.CHOICE:
        return 0.0, False, float(len(spec.choices) - 1), False
    if kind is FactType.DATE:
        top = INF if as_of is None else float(as_of.toordinal())  # later is no evidence
        return -INF, False, top, False
    low = -INF if spec.minimum is None else float(spec.minimum)
    high = INF if spec.maximum is None else float(spec.maximum)
    return low, False, high, False


def _ordinal(spec: FactSpec, end: Any) -> float:
    if spec.type is FactType.CHOICE:
        return float(spec.choices.index(end))
    if isinstance(end, dt.date):
        return float(end.toordinal())
    return float(end)


def _numeric(
    key: str, end: float, low: float, low_open: bool, high: float, high_open: bool
) -> tuple[float, bool, float, bool]:
    """Narrow ``[low, high]`` by one bound."""
    if key == "at_least":
        return end, False, high, high_open
    if key == "more_than":
        return end, True, high, high_open
    if key == "at_most":
        return low, low_open, end, False
    return low, low_open, end, True
