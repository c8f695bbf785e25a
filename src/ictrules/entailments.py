"""Entailments: closing evidence under what a framework says follows from what.

A framework declares entailments as data (:class:`ictrules.frameworks.Entailment`): "when
``vision.review_frequency >= 'regular'`` holds, ``vision.last_reviewed`` is within two years".
Before its ladders are evaluated, the evidence is closed under them: every entailment whose
condition is known true narrows each fact it names to what is known and what it gives, and this
repeats until no further entailment fires (a fixpoint).

Narrowing only ever removes possibilities, and a condition that is known true stays true when a
fact it reads is narrowed (Kleene logic is monotone), so the closure is the same whatever the
order the entailments fire in, and closing twice changes nothing. A fact whose known value and
an entailed value cannot both hold is a contradiction, reported as an evidence problem naming
both.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any

import attrs

from .bands import BandScale
from .errors import Problem
from .expressions import Condition
from .facts import FactSpec, FactType, FactValue, check_value, json_value
from .frameworks import Entailment
from .intervals import Interval, as_interval, in_range, is_empty, normalise
from .partial import PARTIAL_TYPES, Bounds, OpenSet

__all__ = [
    "MAX_NARROWINGS",
    "Closure",
    "CompiledEntailment",
    "Narrowings",
    "close",
    "meet",
    "narrow",
    "settle",
]

_LOWER = ("at_least", "more_than", "within")
_UPPER = ("at_most", "less_than")


@attrs.frozen
class CompiledEntailment:
    """An entailment with its compiled condition, its checked values and its plugin."""

    entailment: Entailment
    condition: Condition
    then: Mapping[str, FactValue]
    plugin: str
    #: what each ordered fact in ``then`` allows, as an interval, by (fact, as_of): worked out
    #: once, since the closure checks it for every school
    ranges: dict[tuple[str, dt.date], Interval] = attrs.field(factory=dict, eq=False, repr=False)

    def allowed(self, spec: FactSpec, bands: BandScale, as_of: dt.date) -> Interval:
        """The interval of values ``then`` allows an ordered fact, on ``as_of``."""
        key = (spec.id, as_of)
        found = self.ranges.get(key)
        if found is None:
            found = self.ranges[key] = _interval(spec, self.then[spec.id], bands, as_of)
        return found


@attrs.frozen
class Closure:
    """Evidence closed under entailments: the values, and for each fact an entailment
    narrowed, the ids of the entailments that did (in the order they fired).
    ``contradicted`` pairs each fact whose known value an entailment contradicts with that
    entailment (each is also an evidence problem)."""

    values: Mapping[str, FactValue]
    entailed_by: Mapping[str, tuple[str, ...]]
    fired: tuple[str, ...]
    contradicted: tuple[tuple[str, CompiledEntailment], ...] = ()


#: Narrowings worked out before, by entailment, fact, known value (with its type) and date.
Narrowings = MutableMapping[tuple[Any, ...], tuple[Any, bool]]

#: The most narrowings one :data:`Narrowings` keeps: beyond it, new ones are not kept.
MAX_NARROWINGS = 50_000


def close(
    values: Mapping[str, FactValue],
    entailments: Sequence[CompiledEntailment],
    facts: Mapping[str, FactSpec],
    bands: BandScale,
    as_of: dt.date,
    narrowings: Narrowings | None = None,
    conditions: Sequence[Callable[[Mapping[str, Any], dt.date], bool | None] | None] = (),
) -> tuple[Closure, list[Problem]]:
    """Close ``values`` under ``entailments``; return the closure and any contradictions.

    Each problem's path is the fact (``facts.<id>``); its message names the entailment and
    what the evidence or an earlier entailment said. ``narrowings`` keeps what each narrowing
    gave, for the next school: a narrowing depends only on the entailment, the fact's value and
    the date, values are immutable, and schools' values repeat (a choice, a band, a bound).
    ``conditions`` holds each entailment's condition as generated code for exact values, in
    the order of ``entailments`` (see :func:`ictrules._ladders.compile_entailment_conditions`;
    ``None``, or none given, evaluates it through its closures, as a condition reading a value
    known only in part always is).
    """
    current: dict[str, FactValue] = dict(values)
    entailed_by: dict[str, tuple[str, ...]] = {}
    normalised: dict[str, Any] = {}  # of the facts conditions read, dropped when narrowed
    # contradictions of one value, by fact and the entailments that narrowed it: the value,
    # and each entailment that contradicts it with what it gives
    against: dict[
        tuple[str, tuple[str, ...]],
        tuple[FactValue | None, list[tuple[CompiledEntailment, FactValue]]],
    ] = {}
    fired: list[str] = []
    contradicted: list[tuple[str, CompiledEntailment]] = []
    fast = list(conditions) or [None] * len(entailments)
    pending = list(zip(entailments, fast, strict=True))
    while pending:
        narrowed = False
        still: list[tuple[CompiledEntailment, Any]] = []
        for compiled, generated in pending:
            holds = _holds(compiled.condition, generated, current, normalised, facts, bands, as_of)
            if holds is not True:
                still.append((compiled, generated))
                continue
            fired.append(compiled.entailment.id)
            for fact, given in compiled.then.items():
                known = current.get(fact)
                spec = facts[fact]
                result, contradiction = _narrowed(
                    narrowings, compiled, fact, spec, known, given, bands, as_of
                )
                if contradiction:
                    # the same fact and earlier narrowings hold the same value
                    earlier = entailed_by.get(fact, ())
                    against.setdefault((fact, earlier), (known, []))[1].append((compiled, given))
                    contradicted.append((fact, compiled))
                    continue
                if result is not None and result is not known:
                    current[fact] = result
                    normalised.pop(fact, None)
                    entailed_by[fact] = (*entailed_by.get(fact, ()), compiled.entailment.id)
                    narrowed = True
        if not narrowed:
            break  # nothing changed: no condition still pending can have become true
        pending = still
    problems = [
        _contradiction(facts[fact], known, found, earlier)
        for (fact, earlier), (known, found) in against.items()
    ]
    return Closure(current, entailed_by, tuple(fired), tuple(contradicted)), problems


#: Stands in a kept narrowing for "the known value, unchanged": the caller tells a narrowed
#: value from the one it had by identity, and a kept value is another school's object.
_UNCHANGED = object()


def _narrowed(
    narrowings: Narrowings | None,
    compiled: CompiledEntailment,
    fact: str,
    spec: FactSpec,
    known: FactValue | None,
    given: FactValue,
    bands: BandScale,
    as_of: dt.date,
) -> tuple[FactValue | None, bool]:
    """:func:`narrow`, or what it gave before for the same entailment, fact, value and date."""
    key = (compiled.entailment.id, fact, type(known), known, as_of)
    try:
        kept = None if narrowings is None else narrowings.get(key)
    except TypeError:  # a value that cannot be a key: work it out each time
        narrowings = kept = None
    if kept is not None:
        result, contradiction = kept
        return (known if result is _UNCHANGED else result), contradiction
    result, contradiction = narrow(spec, known, given, bands, as_of, compiled.allowed)
    if narrowings is not None and len(narrowings) < MAX_NARROWINGS:
        narrowings[key] = (_UNCHANGED if result is known else result, contradiction)
    return result, contradiction


def _holds(
    condition: Condition,
    generated: Callable[[Mapping[str, Any], dt.date], bool | None] | None,
    values: Mapping[str, FactValue],
    normalised: dict[str, Any],
    facts: Mapping[str, FactSpec],
    bands: BandScale,
    as_of: dt.date,
) -> bool | None:
    if generated is not None:
        for fact in condition.facts:
            if type(values.get(fact)) in PARTIAL_TYPES:
                break  # known in part: the closures read it
        else:
            return generated(values, as_of)
    for fact in condition.facts:
        if fact not in normalised and fact in values:
            normalised[fact] = normalise(facts[fact], values[fact], bands, as_of)
    return condition.evaluate(normalised, as_of)


def _contradiction(
    spec: FactSpec,
    known: FactValue | None,
    found: Sequence[tuple[CompiledEntailment, FactValue]],
    earlier: tuple[str, ...],
) -> Problem:
    """One problem for a value that the entailments in ``found`` (each with what it gives)
    contradict: the evidence's value, or what the ``earlier`` entailments left it at."""
    names = " and ".join(
        f"{compiled.entailment.id!r} ({compiled.entailment.when})" for compiled, _ in found
    )
    gives = " and ".join(_words(given) for _, given in found)
    said = (
        f"entailments {names} give {gives}"
        if len(found) > 1
        else f"entailment {names} gives {gives}"
    )
    if earlier:
        before = ", ".join(repr(e) for e in earlier)
        message = f"{said}, but entailment(s) {before} left it at {_words(known)}"
    else:
        message = f"the evidence gives {_words(known)}, but {said}"
    advice = "correct the evidence or the framework"
    if spec.type is FactType.DATE:  # "within the last year" moves with the assessment date
        advice += (
            " (a date recent when the evidence was gathered may be too old on the assessment "
            "date: update the evidence, or assess as of an earlier date)"
        )
    return Problem(f"facts.{spec.id}", f"{message}; {advice}")


def _words(value: FactValue | None) -> str:
    if isinstance(value, Bounds | OpenSet):
        return str(value)
    return repr(json_value(value))


def narrow(
    spec: FactSpec,
    known: FactValue | None,
    given: FactValue,
    bands: BandScale,
    as_of: dt.date,
    allowed: Callable[[FactSpec, BandScale, dt.date], Interval] | None = None,
) -> tuple[FactValue | None, bool]:
    """What a fact is once ``known`` (``None``: unknown) is narrowed by ``given``.

    Returns ``(value, contradiction)``: the narrowed value (``known`` itself, the same object,
    when ``given`` adds nothing) and whether the two cannot both hold. ``allowed`` gives the
    interval ``given`` stands for, when the caller keeps it worked out.
    """
    if known is None:
        return given, False
    if spec.type is FactType.CHOICES:
        if isinstance(known, tuple):  # a complete set: it holds what is entailed, or not
            return (known, False) if _set_allows(spec, known, given) else (None, True)
        return _narrow_set(spec, known, given)
    if not spec.is_ordered:
        return (known, False) if known == given else (None, True)
    if not isinstance(known, Bounds) and not (
        spec.type is FactType.PROPORTION and isinstance(known, str)
    ):  # an exact value: inside the entailed range, or not
        here = _interval(spec, known, bands, as_of)
        range_ = allowed(spec, bands, as_of) if allowed else _interval(spec, given, bands, as_of)
        inside = in_range(here, range_)
        return (known, False) if inside else (None, True)
    return _narrow_ordered(spec, known, given, bands, as_of)


def _set_allows(spec: FactSpec, members: tuple[str, ...], given: FactValue) -> bool:
    """Whether a complete set of choices is one the entailed set or open set allows."""
    if not isinstance(given, OpenSet):
        return members == given
    if any(c not in members for c in given.includes) or any(c in members for c in given.excludes):
        return False
    low, high = given.count_low, given.count_high
    return (low is None or len(members) >= low) and (high is None or len(members) <= high)


def _narrow_set(
    spec: FactSpec, known: FactValue, given: FactValue
) -> tuple[FactValue | None, bool]:
    a, b = _as_open(spec, known), _as_open(spec, given)
    lows = [n for n in (a.count_low, b.count_low) if n is not None]
    highs = [n for n in (a.count_high, b.count_high) if n is not None]
    merged = OpenSet(
        tuple(c for c in spec.choices if c in a.includes or c in b.includes),
        tuple(c for c in spec.choices if c in a.excludes or c in b.excludes),
        max(lows) if lows else None,
        min(highs) if highs else None,
    )
    value, message = check_value(spec, merged)
    if message is not None or value is None:
        return None, True
    if _as_open(spec, value) == _as_open(spec, known):
        return known, False
    return value, False


def _as_open(spec: FactSpec, value: FactValue) -> OpenSet:
    if isinstance(value, OpenSet):
        low = max(len(value.includes), value.count_low or 0)
        high = len(spec.choices) - len(value.excludes)
        if value.count_high is not None:
            high = min(high, value.count_high)
        return OpenSet(value.includes, value.excludes, low, high)
    members = tuple(value) if isinstance(value, tuple) else ()
    others = tuple(c for c in spec.choices if c not in members)
    return OpenSet(members, others, len(members), len(members))


def _ends(value: FactValue) -> tuple[tuple[str, Any] | None, tuple[str, Any] | None]:
    """A value's lower and upper bound as ``(key, end)`` pairs (an exact value is both)."""
    if isinstance(value, Bounds):
        data = {key: getattr(value, key) for key in (*_LOWER, *_UPPER)}
        lower = next(((key, data[key]) for key in _LOWER if data[key] is not None), None)
        upper = next(((key, data[key]) for key in _UPPER if data[key] is not None), None)
        return lower, upper
    return ("at_least", value), ("at_most", value)


def _interval(spec: FactSpec, value: FactValue, bands: BandScale, as_of: dt.date) -> Interval:
    return as_interval(normalise(spec, value, bands, as_of))


def _narrow_ordered(
    spec: FactSpec, known: FactValue, given: FactValue, bands: BandScale, as_of: dt.date
) -> tuple[FactValue | None, bool]:
    before = _interval(spec, known, bands, as_of)
    known_low, known_high = _ends(known)
    given_low, given_high = _ends(given)
    lower = _tighter(spec, known_low, given_low, bands, as_of, upper=False)
    upper = _tighter(spec, known_high, given_high, bands, as_of, upper=True)
    ends = dict(end for end in (lower, upper) if end is not None)
    if "within" in ends:
        within = ends.pop("within")
        result = Bounds(within=within, **ends)
    else:
        result = Bounds(**ends)
    after = _interval(spec, result, bands, as_of)
    if is_empty(after):
        return None, True
    if after == before:
        return known, False
    if after == _interval(spec, given, bands, as_of):
        return given, False
    if result.at_least is not None and result.at_least == result.at_most:
        return result.at_least, False
    return result, False


def _tighter(
    spec: FactSpec,
    a: tuple[str, Any] | None,
    b: tuple[str, Any] | None,
    bands: BandScale,
    as_of: dt.date,
    *,
    upper: bool,
) -> tuple[str, Any] | None:
    if a is None or b is None:
        return a or b
    first = _interval(spec, Bounds(**{a[0]: a[1]}), bands, as_of)
    second = _interval(spec, Bounds(**{b[0]: b[1]}), bands, as_of)
    if upper:
        keep_first = first.high < second.high or (
            first.high == second.high and (first.high_open or not second.high_open)
        )
    else:
        keep_first = first.low > second.low or (
            first.low == second.low and (first.low_open or not second.low_open)
        )
    return a if keep_first else b


def settle(
    values: Mapping[str, FactValue],
    entailments: Sequence[CompiledEntailment],
    facts: Mapping[str, FactSpec],
    bands: BandScale,
    as_of: dt.date,
) -> dict[str, FactValue]:
    """Exact evidence made consistent with the entailments: each given value an entailment
    contradicts is moved to the nearest value it allows (see :func:`meet`), until none is
    contradicted. For generating evidence a school could truly give (the framework check, test
    strategies, benchmarks); never applied to a school's own evidence, where a contradiction is
    a problem to report.

    Raises ``ValueError`` when entailments contradict each other on a fact no value was given
    for (a framework fault).
    """
    current = dict(values)
    for _ in range(len(entailments) * max(1, len(current)) + 1):
        closure, _ = close(current, entailments, facts, bands, as_of)
        if not closure.contradicted:
            return current
        for fact, compiled in closure.contradicted:
            if fact not in current:
                raise ValueError(f"entailments contradict each other on {fact}")
            current[fact] = meet(facts[fact], current[fact], compiled.then[fact], bands, as_of)
    raise ValueError("entailments keep contradicting each other")


def meet(
    spec: FactSpec, value: FactValue, entailed: FactValue, bands: BandScale, as_of: dt.date
) -> FactValue:
    """The exact value nearest ``value`` that the ``entailed`` value or range allows: a set
    gains the members it must include and loses those it must exclude; an ordered value moves
    to the nearer end of the range."""
    if not isinstance(entailed, Bounds | OpenSet):
        return entailed
    if isinstance(entailed, OpenSet):
        members = [c for c in spec.choices if c in (value if isinstance(value, tuple) else ())]
        members = [c for c in members if c not in entailed.excludes]
        members += [c for c in entailed.includes if c not in members]
        spare = [c for c in spec.choices if c not in members and c not in entailed.excludes]
        while entailed.count_low is not None and len(members) < entailed.count_low and spare:
            members.append(spare.pop(0))
        keep = set(entailed.includes)
        while entailed.count_high is not None and len(members) > entailed.count_high:
            members.remove(next(c for c in reversed(members) if c not in keep))
        return tuple(c for c in spec.choices if c in members)
    allowed = _interval(spec, entailed, bands, as_of)
    here = _interval(spec, value, bands, as_of)
    target = allowed.low if here.high < allowed.low or here.low <= allowed.low else allowed.high
    opened = allowed.low_open if target == allowed.low else allowed.high_open
    if opened:  # an open end is not itself allowed: step inside
        other = allowed.high if target == allowed.low else allowed.low
        target = (
            (target + other) / 2
            if math.isfinite(other)
            else target + (1.0 if target == allowed.low else -1.0)
        )
    return _from_position(spec, target)


def _from_position(spec: FactSpec, position: float) -> FactValue:
    """An ordered fact's value at a position on its scale (as intervals normalise it)."""
    if spec.type is FactType.CHOICE:
        return spec.choices[int(position)]
    if spec.type is FactType.DATE:
        return dt.date.fromordinal(int(position))
    if spec.type is FactType.INTEGER:
        return int(position)
    return float(position)
