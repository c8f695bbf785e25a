"""Candidate values for facts, read off the literals in a framework's conditions.

The truth of a comparison between one fact and a literal only changes at that literal. So for
each fact the candidates hold every literal it is compared with, a value on each side of it and
a value between each pair of neighbouring literals (for proportions the band boundaries count
as literals too). Trying every candidate then tries every distinct outcome of those
comparisons. Comparisons between two facts are covered only roughly (each fact also takes the
other's candidates), and so are sets of more than :data:`MAX_SUBSET_CHOICES` choices.
"""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import math
import random
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .._calendar import months_back
from ..bands import BAND_NAMES, BandScale
from ..facts import FactSpec, FactType, FactValue

__all__ = [
    "MAX_SUBSET_CHOICES",
    "ORDERED_TYPES",
    "Literals",
    "band_values",
    "candidate_values",
    "literals_in",
    "random_value",
]

#: A set-of-choices fact with this many choices or fewer is tried with every subset.
MAX_SUBSET_CHOICES = 6
_LONG_AGO_DAYS = 20 * 365
#: Fact types whose values have a direction: raising one is what the monotone check tries.
ORDERED_TYPES = (FactType.INTEGER, FactType.NUMBER, FactType.PROPORTION, FactType.CHOICE)


@attrs.define
class Literals:
    """What the conditions compare one fact with."""

    numbers: set[float] = attrs.field(factory=set)
    texts: set[str] = attrs.field(factory=set)
    days: set[float] = attrs.field(factory=set)
    years: set[float] = attrs.field(factory=set)
    counts: set[int] = attrs.field(factory=set)
    peers: set[str] = attrs.field(factory=set)


def literals_in(conditions: Iterable[str], facts: Mapping[str, FactSpec]) -> dict[str, Literals]:
    """Collect, per fact id, the literals the ``conditions`` compare it with."""
    found: dict[str, Literals] = {}
    for text in conditions:
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
                for left, right in itertools.pairwise(operands):
                    _pair(_operand(left, facts), _operand(right, facts), found)
    return found


def _fact_id(node: ast.AST) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _operand(node: ast.AST, facts: Mapping[str, FactSpec]) -> tuple[str, Any]:
    if isinstance(node, ast.Name | ast.Attribute):
        fact = _fact_id(node)
        return ("fact", fact) if fact in facts else ("other", None)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1:
        fact = _fact_id(node.args[0])
        if fact in facts:
            return (node.func.id, fact)
        return ("other", None)
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return ("other", None)
    if isinstance(value, tuple | list | set | frozenset):
        return ("many", tuple(value))
    return ("literal", value)


def _pair(left: tuple[str, Any], right: tuple[str, Any], found: dict[str, Literals]) -> None:
    if left[0] in ("literal", "many"):
        left, right = right, left
    kind, fact = left
    if kind == "other" or right[0] == "other":
        return
    if right[0] in ("literal", "many"):
        values = right[1] if right[0] == "many" else (right[1],)
        entry = found.setdefault(fact, Literals())
        for value in values:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if number:
                value = _clipped(value)
            if kind == "fact" and number:
                entry.numbers.add(value)
            elif kind == "fact" and isinstance(value, str):
                entry.texts.add(value)
            elif kind == "years_since" and number:
                entry.days.add(_clipped(value * 365.25))
                entry.years.add(value)
            elif kind == "days_since" and number:
                entry.days.add(value)
            elif kind == "count" and number:
                entry.counts.add(math.floor(value))
                entry.counts.add(math.ceil(value))
    elif kind == "fact" and right[0] == "fact":
        found.setdefault(fact, Literals()).peers.add(right[1])
        found.setdefault(right[1], Literals()).peers.add(fact)


#: Literals are clipped to this magnitude: beyond it, arithmetic on candidates overflows.
_LARGEST = 1e300


def _clipped(value: float) -> float:
    """A literal as a float no larger than :data:`_LARGEST` either way (NaN as 0)."""
    try:
        number = float(value)
    except OverflowError:
        number = math.inf if value > 0 else -math.inf
    if number != number:
        return 0.0
    return max(-_LARGEST, min(_LARGEST, number))


def _around(
    points: Iterable[float], low: float | None = None, high: float | None = None
) -> list[float]:
    """Each point, a value between each pair of neighbours, and one beyond each end."""
    ordered = sorted(set(points))
    values = set(ordered)
    values.update((a + b) / 2 for a, b in itertools.pairwise(ordered))
    if ordered:
        values.add(ordered[0] - 1 if low is None else low)
        values.add(ordered[-1] + 1 if high is None else high)
    return sorted(v for v in values if (low is None or v >= low) and (high is None or v <= high))


def candidate_values(
    spec: FactSpec,
    literals: Literals | None,
    bands: BandScale,
    as_of: dt.date,
    peers: Iterable[list[FactValue]] = (),
) -> list[FactValue]:
    """Candidate values of one fact (checked form, no band names), lowest first where ordered.

    ``peers`` are the candidates of facts this one is compared with; ordered facts take them too.
    """
    found = literals or Literals()
    kind = spec.type
    values: list[FactValue]
    if kind is FactType.BOOLEAN:
        return [False, True]
    if kind is FactType.CHOICE:
        return list(spec.choices)
    if kind is FactType.CHOICES:
        return list(_subsets(spec.choices, found.counts))
    if kind is FactType.INTEGER:
        centres = {
            0,
            *(math.floor(n) for n in found.numbers),
            *(math.ceil(n) for n in found.numbers),
        }
        ints = {c + step for c in centres for step in (-1, 0, 1)}
        ints.update(v for peer in peers for v in peer if type(v) is int)
        return sorted(n for n in ints if _in_limits(spec, n))
    if kind is FactType.NUMBER:
        points = {0.0, *found.numbers}
        points.update(float(v) for peer in peers for v in peer if isinstance(v, int | float))
        return [n for n in _around(points) if _in_limits(spec, n)]
    if kind is FactType.PROPORTION:
        points = {0.0, 1.0, *(n for n in found.numbers if 0.0 <= n <= 1.0)}
        points.update(bands.lower_bounds.values())
        points.update(float(v) for peer in peers for v in peer if isinstance(v, float))
        return list(_around(points, 0.0, 1.0))
    if kind is FactType.DATE:
        # never after as_of, nor before the calendar's first day
        furthest = (as_of - dt.date.min).days
        days = {0.0, float(_LONG_AGO_DAYS), *(min(d, furthest + 1.0) for d in found.days)}
        steps = {math.floor(d) + s for d in days for s in (-1, 0, 1)}
        steps.update({math.ceil(d) + s for d in days for s in (-1, 0, 1)})
        dates = {as_of - dt.timedelta(days=d) for d in steps if 0 <= d < as_of.toordinal()}
        for years in found.years:  # calendar anniversaries, as years_since counts
            if 0 <= years <= 1000 and float(years).is_integer():
                anniversary = months_back(as_of, 12 * int(years))
                dates.update(
                    anniversary + dt.timedelta(days=step)
                    for step in (-1, 0, 1)
                    if dt.date.min < anniversary + dt.timedelta(days=step) <= as_of
                    if anniversary > dt.date.min
                )
        dates.update(v for peer in peers for v in peer if isinstance(v, dt.date) and v <= as_of)
        return sorted(dates)
    values = sorted({"", "something else", *found.texts})
    return values


def _subsets(choices: tuple[str, ...], counts: set[int]) -> list[tuple[str, ...]]:
    if len(choices) <= MAX_SUBSET_CHOICES:
        picks: Iterable[tuple[str, ...]] = (
            combo
            for size in range(len(choices) + 1)
            for combo in itertools.combinations(choices, size)
        )
        return list(picks)
    found: set[tuple[str, ...]] = {(), choices}
    for choice in choices:
        found.add((choice,))
        found.add(tuple(c for c in choices if c != choice))
    for count in counts:
        for size in (count - 1, count, count + 1):
            if 0 <= size <= len(choices):
                found.add(choices[:size])
                found.add(choices[len(choices) - size :])
    return sorted(found, key=lambda subset: (len(subset), subset))


def _in_limits(spec: FactSpec, number: float) -> bool:
    """Whether a number lies within a fact's declared minimum and maximum."""
    above = spec.minimum is None or number >= spec.minimum
    return above and (spec.maximum is None or number <= spec.maximum)


def random_value(spec: FactSpec, rng: random.Random, as_of: dt.date) -> FactValue:
    """A random valid value for ``spec``, away from any literal (for the random search)."""
    kind = spec.type
    if kind is FactType.BOOLEAN:
        return rng.random() < 0.5
    if kind is FactType.INTEGER:
        low = -5 if spec.minimum is None else max(-5, math.ceil(spec.minimum))
        high = 200 if spec.maximum is None else min(200, math.floor(spec.maximum))
        return rng.randint(low, max(low, high))
    if kind is FactType.NUMBER:
        low_n = -10.0 if spec.minimum is None else max(-10.0, float(spec.minimum))
        high_n = 1000.0 if spec.maximum is None else min(1000.0, float(spec.maximum))
        return round(rng.uniform(low_n, max(low_n, high_n)), 3)
    if kind is FactType.PROPORTION:
        return round(rng.random(), 4)
    if kind is FactType.CHOICE:
        return rng.choice(spec.choices)
    if kind is FactType.CHOICES:
        return tuple(c for c in spec.choices if rng.random() < 0.5)
    if kind is FactType.DATE:
        return as_of - dt.timedelta(days=rng.randint(0, _LONG_AGO_DAYS))
    return rng.choice(("", "yes", "no", "unknown", "something else"))


def band_values(spec: FactSpec) -> list[FactValue]:
    """The band names a proportion fact may be answered with (none for other facts)."""
    return list(BAND_NAMES) if spec.type is FactType.PROPORTION else []
