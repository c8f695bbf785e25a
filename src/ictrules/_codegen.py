"""Python source for the engine's levels-only fast path, written from conditions' code trees.

Each compiled condition keeps a small code tree (:class:`Code`) built from the same checked
nodes as its closures. :func:`two_valued_source` and :func:`three_valued_source` write it as
Python for :mod:`ictrules._ladders`. The source is generated from validated nodes only, never
from the condition text: literals are embedded with ``repr`` of checked constants and fact
values are read from a dict by their (validated) ids. Band names in the generated source are
compared through :class:`Proportion` ranges (:func:`interval_compare`).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from ._calendar import year_cut, years_between
from .bands import BAND_NAMES, BandScale
from .intervals import band_interval

__all__ = [
    "Code",
    "Junction",
    "Known",
    "Literal",
    "Negation",
    "Proportion",
    "Render",
    "Test",
    "Value",
    "band_range_source",
    "interval_compare",
    "literal",
    "proportion_of",
    "set_literal",
    "source_namespace",
    "three_valued_source",
    "two_valued_source",
    "unique",
]

Truth = bool | None


class Proportion(NamedTuple):
    """A proportion ready for evaluation: the range it may lie in and its band index.

    A number is a single point. A band name stands for its band: ``few`` lies above 0 (open
    below), and every band but ``none`` and ``all`` stops short of the next band's lower bound
    (open above), so ``'most' >= 0.9`` is false, not unknown.
    """

    low: float
    high: float
    band: int
    low_open: bool = False
    high_open: bool = False


def proportion_of(value: str | float, bands: BandScale) -> Proportion:
    """A proportion given as a number or as a band name, ready for evaluation."""
    if isinstance(value, str):  # the same range the closures give the band
        span = band_interval(bands, value)
        return Proportion(span.low, span.high, bands.index(value), span.low_open, span.high_open)
    number = float(value)
    return Proportion(number, number, bands.band_of(number))


Render = Callable[[Mapping[str, str]], str]


class Value(NamedTuple):
    """A value: the facts it reads and how to write it as an expression."""

    reads: tuple[str, ...]
    render: Render


class Test(NamedTuple):
    """A comparison: unknown when any fact it reads is unknown.

    ``fast`` is two-valued source that raises ``TypeError`` where a known value still leaves the
    answer open (a band name compared with a number); ``full`` may evaluate to ``None`` there.
    """

    reads: tuple[str, ...]
    fast: Render
    full: Render


class Junction(NamedTuple):
    """``and`` (``all_``) or ``or`` of parts, with Kleene logic."""

    all_: bool
    parts: tuple[Code, ...]


class Negation(NamedTuple):
    part: Code


class Literal(NamedTuple):
    value: bool


class Known(NamedTuple):
    fact: str


#: A condition's code tree (see :func:`two_valued_source` and :func:`three_valued_source`).
Code = Test | Junction | Negation | Literal | Known


def literal(value: Any) -> str:
    """Source for a checked literal (text, a number or true/false)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "float('inf')" if value > 0 else "-float('inf')"
    return repr(value)


def set_literal(items: Iterator[Any] | tuple[Any, ...]) -> str:
    """Source for a constant set used after ``in`` (CPython folds it into a frozenset)."""
    listed = [literal(item) for item in items]
    return "{" + ", ".join(listed) + "}" if listed else "()"


def unique(reads: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(reads))


def two_valued_source(code: Code, read: Callable[[str], str]) -> str:
    """A Python expression for ``code`` in two-valued logic, reading facts with ``read(id)``.

    It assumes every fact it reaches is known: ``read`` should raise ``KeyError`` for an unknown
    fact, and the expression raises ``TypeError`` where a known value leaves the answer open, so
    a caller falls back to :func:`three_valued_source`. Where it returns, it agrees with Kleene
    logic, because both evaluate left to right and stop at the same part.
    """
    if isinstance(code, Literal):
        return repr(code.value)
    if isinstance(code, Known):
        return f"({read(code.fact)} is not None)"
    if isinstance(code, Test):
        return code.fast({fact: read(fact) for fact in code.reads})
    if isinstance(code, Negation):
        return f"(not {two_valued_source(code.part, read)})"
    joiner = " and " if code.all_ else " or "
    return "(" + joiner.join(two_valued_source(part, read) for part in code.parts) + ")"


def three_valued_source(
    code: Code, target: str, read: Callable[[str], str], indent: str, names: Iterator[str]
) -> list[str]:
    """Statements that set ``target`` to ``True``, ``False`` or ``None`` (Kleene logic).

    ``read(id)`` is source that gives a fact's value or ``None`` when unknown; ``names`` yields
    fresh local names; every line starts with ``indent``.
    """
    if isinstance(code, Literal):
        return [f"{indent}{target} = {code.value!r}"]
    if isinstance(code, Known):
        return [f"{indent}{target} = None if {read(code.fact)} is None else True"]
    if isinstance(code, Test):
        local = {fact: next(names) for fact in code.reads}
        lines = [f"{indent}{name} = {read(fact)}" for fact, name in local.items()]
        unknown = " or ".join(f"{name} is None" for name in local.values())
        lines.append(f"{indent}{target} = None if {unknown} else {code.full(local)}")
        return lines
    if isinstance(code, Negation):
        lines = three_valued_source(code.part, target, read, indent, names)
        lines.append(f"{indent}if {target} is not None: {target} = not {target}")
        return lines
    # and: once False, nothing changes it; or: once True. Otherwise an unknown part sticks.
    decided = "False" if code.all_ else "True"
    lines = three_valued_source(code.parts[0], target, read, indent, names)
    part = next(names)
    for following in code.parts[1:]:
        lines.append(f"{indent}if {target} is not {decided}:")
        lines.extend(three_valued_source(following, part, read, indent + "    ", names))
        if code.all_:  # target is True or None here
            lines.append(f"{indent}    if {part} is not True: {target} = {part}")
        else:  # target is False or None here
            lines.append(f"{indent}    if {part} is not False: {target} = {part}")
    return lines


def source_namespace(bands: BandScale) -> dict[str, Any]:
    """The helpers generated source may call, for a framework using ``bands``."""

    def proportion(value: Any) -> Proportion:
        return proportion_of(value, bands)

    return {
        "_ast": ast,
        "_interval": interval_compare,
        "_proportion": proportion,
        "_years": years_between,
        "_year_cut": year_cut,
    }


def band_bound(bands: BandScale, band: int) -> tuple[str, str]:
    """``(constant, operator)`` such that ``constant operator p`` means band_of(p) >= band,
    for a proportion ``p`` from 0 to 1 and a band index from 1 to 6."""
    if band == len(BAND_NAMES) - 1:
        return "1.0", "<="
    lower = bands.lower_bounds[BAND_NAMES[band]]
    if band == 1 or lower <= 0.0:  # everything above zero reaches 'few'
        return "0.0", "<"
    return repr(float(lower)), "<="


def band_range_source(bands: BandScale, value: str, low: int, high: int) -> str:
    """Source testing that the band of the proportion ``value`` (a number) is in low..high.

    Built only from ordering comparisons with numbers, so a band name raises ``TypeError``.
    """
    if low > high:
        return f"({value} < 0.0)"  # never, for a proportion
    top = len(BAND_NAMES) - 1
    left = band_bound(bands, low) if low > 0 else None
    right = None
    if high < top:
        constant, op = band_bound(bands, high + 1)
        right = (("<" if op == "<=" else "<="), constant)  # not (constant op p)
    if left and right:
        return f"({left[0]} {left[1]} {value} {right[0]} {right[1]})"
    if left:
        return f"({left[0]} {left[1]} {value})"
    if right:
        return f"({value} {right[0]} {right[1]})"
    return f"({value} >= 0.0)"  # always, for a proportion


def below(left: Proportion, right: Proportion) -> bool:
    """Every value ``left`` may take is below every value ``right`` may take."""
    return left.high < right.low or (left.high == right.low and (left.high_open or right.low_open))


def interval_compare(op: type[ast.cmpop], left: Proportion, right: Proportion) -> Truth:
    """Compare two ranges: true or false when every value in them agrees, else unknown."""
    if op is ast.Gt or op is ast.GtE:
        op, left, right = (ast.Lt if op is ast.Gt else ast.LtE), right, left
    if op is ast.Lt:
        return True if below(left, right) else False if right.high <= left.low else None
    if op is ast.LtE:
        return True if left.high <= right.low else False if below(right, left) else None
    equal: Truth
    points = not (left.low_open or left.high_open or right.low_open or right.high_open)
    if points and left.low == left.high == right.low == right.high:
        equal = True
    elif below(left, right) or below(right, left):
        equal = False
    else:
        equal = None
    if op is ast.Eq or equal is None:
        return equal
    return not equal
