"""Fact declarations: the typed questions a framework asks about a school.

A plugin declares each fact it reads with a :class:`FactSpec`. Evidence then gives values for
some of those facts; a fact with no value is unknown, never defaulted.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ._calendar import date_hint, iso_date
from ._text import unquote_hint
from .bands import BAND_NAMES, DEFAULT_BANDS
from .errors import closest
from .files import MAX_DIGITS, preview
from .partial import BOUND_KEYS, SET_KEYS, Bounds, OpenSet, parse_span

__all__ = [
    "FACT_ID_PATTERN",
    "FUTURE_DATES",
    "FactSpec",
    "FactType",
    "FactValue",
    "check_partial",
    "check_value",
    "checker",
    "is_partial",
    "json_value",
]

#: Fact ids are dotted lowercase words: ``vision.mentions_ict``.
FACT_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")

#: A fact's value once checked: see :func:`check_value` for which Python type each type takes.
#: :class:`~ictrules.partial.Bounds` and :class:`~ictrules.partial.OpenSet` are partial values.
FactValue = bool | int | float | str | tuple[str, ...] | dt.date | Bounds | OpenSet

#: What a date after the assessment's ``as_of`` means for a date fact: an evidence problem
#: (``"error"``, the default: a review cannot have happened in the future) or no evidence at all
#: (``"unknown"``).
FUTURE_DATES = ("error", "unknown")

_ORDERED_TYPES = ("integer", "number", "proportion", "choice", "date")


class FactType(enum.Enum):
    """The type of a fact's value."""

    BOOLEAN = "boolean"
    INTEGER = "integer"
    NUMBER = "number"
    PROPORTION = "proportion"
    CHOICE = "choice"
    CHOICES = "choices"
    DATE = "date"
    TEXT = "text"


def _check_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not FACT_ID_PATTERN.match(value):
        raise ValueError(
            f"fact id {value!r} must be dotted lowercase words such as 'vision.mentions_ict'"
        )


def _as_choices(choices: Iterable[str]) -> tuple[str, ...]:
    """The choices as a tuple (typed, so that mypy sees what ``FactSpec`` takes)."""
    return tuple(choices)


#: Whole-number limits must be smaller than this in size (see :class:`FactSpec`): a float holds
#: nothing larger.
_LARGEST_LIMIT = 10**308


@attrs.frozen
class FactSpec:
    """A fact a plugin reads: its id, type, what it means and the question a school is asked.

    ``choices`` lists the allowed values of a ``choice`` or ``choices`` fact, lowest first: an
    ordered choice compares by position (``'clear' > 'unclear'``). A choice declared with
    ``ordered=False`` (a school phase, say) takes only ``==``, ``!=`` and ``in``, and no bounds.
    ``minimum`` and ``maximum`` limit an integer or number fact (a count of rooms is never
    negative); a value or bound outside them is an evidence problem. Each is a number below
    1e308 in size (a whole number larger than any float is refused: limits are compared as
    floats). ``future`` says what a date after ``as_of`` means (see :data:`FUTURE_DATES`).
    """

    id: str = attrs.field(validator=_check_id)
    type: FactType
    description: str
    question: str
    unit: str | None = None
    choices: tuple[str, ...] = attrs.field(default=(), converter=_as_choices)
    ordered: bool = True
    minimum: int | float | None = None
    maximum: int | float | None = None
    future: str = "error"

    def __attrs_post_init__(self) -> None:
        needs_choices = self.type in (FactType.CHOICE, FactType.CHOICES)
        if needs_choices and len(self.choices) < 2:
            raise ValueError(
                f"fact {self.id!r} of type {self.type.value} needs two or more choices"
            )
        if not needs_choices and self.choices:
            raise ValueError(f"fact {self.id!r} of type {self.type.value} takes no choices")
        if len(set(self.choices)) != len(self.choices):
            raise ValueError(f"fact {self.id!r} lists a choice twice")
        if not self.ordered and self.type is not FactType.CHOICE:
            raise ValueError(f"fact {self.id!r}: only a choice fact can be declared unordered")
        limits = [limit for limit in (self.minimum, self.maximum) if limit is not None]
        if limits and self.type not in (FactType.INTEGER, FactType.NUMBER):
            raise ValueError(
                f"fact {self.id!r}: only integer and number facts take a minimum or maximum"
            )
        for limit in limits:
            if isinstance(limit, bool) or not isinstance(limit, int | float) or limit != limit:
                raise ValueError(f"fact {self.id!r}: minimum and maximum must be numbers")
            if isinstance(limit, int) and not -_LARGEST_LIMIT < limit < _LARGEST_LIMIT:
                # a whole number no float can hold: neither compared nor written as one
                raise ValueError(f"fact {self.id!r}: minimum and maximum must be below 1e308")
        if len(limits) == 2 and limits[0] > limits[1]:
            raise ValueError(f"fact {self.id!r}: minimum {limits[0]} is above maximum {limits[1]}")
        if self.future not in FUTURE_DATES:
            raise ValueError(f"fact {self.id!r}: future must be one of {', '.join(FUTURE_DATES)}")

    @property
    def is_ordered(self) -> bool:
        """Whether values of this fact have an order, so that bounds may be given."""
        return self.type.value in _ORDERED_TYPES and self.ordered

    def allowed(self) -> str:
        """A short human description of the values this fact takes."""
        match self.type:
            case FactType.BOOLEAN:
                return "true or false"
            case FactType.INTEGER:
                return "a whole number" + self._limits()
            case FactType.NUMBER:
                return "a number" + self._limits()
            case FactType.PROPORTION:
                return "a proportion from 0 to 1, a percentage such as '60%', or one of " + (
                    ", ".join(BAND_NAMES)
                )
            case FactType.CHOICE:
                order = " (lowest first)" if self.ordered else " (unordered)"
                return "one of " + ", ".join(self.choices) + order
            case FactType.CHOICES:
                return "a list of any of " + ", ".join(self.choices)
            case FactType.DATE:
                return "a date (YYYY-MM-DD)"
            case FactType.TEXT:
                return "text"

    def _limits(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f" from {self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f", at least {self.minimum}"
        if self.maximum is not None:
            return f", at most {self.maximum}"
        return ""


#: Values that are JSON data as they stand.
_AS_IS = frozenset({bool, int, float, str, type(None)})


def json_value(value: FactValue | None) -> Any:
    """A checked fact value as JSON data: a date as ISO text, a set of choices as a list, a
    partial value as the table an evidence file gives it in (``{"at_least": 3}``)."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, Bounds | OpenSet):
        return value.as_data()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _is_number(raw: Any) -> bool:
    kind = type(raw)
    return kind is float or kind is int or (isinstance(raw, int | float) and kind is not bool)


def is_partial(value: object) -> bool:
    """Whether a checked value is partial (bounds or an open set) rather than exact."""
    return isinstance(value, Bounds | OpenSet)


def check_value(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    """Check and normalise a raw value for ``spec``.

    Returns ``(value, None)`` on success, or ``(None, message)`` saying what is wrong. Values are
    normalised to: ``bool``; ``int``; ``float``; a proportion as a ``float`` in [0, 1] or a band
    name; a choice as its name; a set of choices as a tuple in declared order; a ``date``; text.
    A table of bounds (``{"at_least": 3}``) or of members (``{"includes": ["staff"]}``), or a
    :class:`~ictrules.partial.Bounds` or :class:`~ictrules.partial.OpenSet`, is checked as a
    partial value (see :func:`check_partial`).
    """
    if isinstance(raw, Bounds | OpenSet):
        raw = raw.as_data()
    if isinstance(raw, Mapping):
        value, problems = check_partial(spec, raw)
        if problems:
            return None, "; ".join(
                f"{key}: {message}" if key else message for key, message in problems
            )
        return value, None
    return _CHECKERS[spec.type](spec, raw)


def checker(spec: FactSpec) -> Callable[[FactSpec, Any], tuple[FactValue | None, str | None]]:
    """The function :func:`check_value` uses for a plain value (not a table of bounds or
    members) of ``spec``'s type: ``checker(spec)(spec, raw)`` is ``check_value(spec, raw)`` for
    such a value, without finding the type's checker each time."""
    return _CHECKERS[spec.type]


def check_partial(
    spec: FactSpec, table: Mapping[str, Any]
) -> tuple[FactValue | None, list[tuple[str, str]]]:
    """Check a table of bounds or members for ``spec``: ``(value, [])`` or ``(None, problems)``
    where each problem is ``(key, message)``, the key naming the entry at fault ("" for the
    table as a whole).

    Bounds that pin one value (``at_least`` equal to ``at_most``) and members that settle the
    whole set are returned as the exact value.
    """
    bound_keys = [key for key in table if key in BOUND_KEYS]
    set_keys = [key for key in table if key in SET_KEYS]
    problems: list[tuple[str, str]] = []
    for key in table:
        if key not in BOUND_KEYS and key not in SET_KEYS:
            allowed = SET_KEYS if spec.type is FactType.CHOICES else BOUND_KEYS
            hint = closest(str(key), allowed)
            message = f"unknown key; expected {', '.join(allowed)}"
            problems.append((str(key), f"{message} ({hint})" if hint else message))
    if problems:
        return None, problems
    if spec.type is FactType.CHOICES:
        if bound_keys:
            return None, [
                (bound_keys[0], "a set of choices takes includes, excludes or count, not bounds")
            ]
        return _check_open_set(spec, table)
    if set_keys:
        return None, [
            (
                set_keys[0],
                f"includes, excludes and count are for a set of choices; "
                f"{spec.id} takes {spec.allowed()}",
            )
        ]
    if not spec.is_ordered:
        what = (
            "an unordered choice" if spec.type is FactType.CHOICE else f"a {spec.type.value} fact"
        )
        return None, [
            (
                bound_keys[0] if bound_keys else "",
                f"{spec.id} is {what}: bounds are only for "
                f"ordered facts; give the value itself ({spec.allowed()})",
            )
        ]
    return _check_bounds(spec, table)


def _check_bounds(
    spec: FactSpec, table: Mapping[str, Any]
) -> tuple[FactValue | None, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    if not table:
        return None, [
            ("", "give a value, or a lower and/or upper bound (" + ", ".join(BOUND_KEYS) + ")")
        ]
    lower = [key for key in ("at_least", "more_than", "within") if key in table]
    upper = [key for key in ("at_most", "less_than") if key in table]
    if len(lower) > 1:
        problems.append((lower[1], f"give one lower bound: {lower[0]} or {lower[1]}, not both"))
    if len(upper) > 1:
        problems.append((upper[1], "give one upper bound: at_most or less_than, not both"))
    ends: dict[str, Any] = {}
    within = None
    for key in ("at_least", "more_than", "at_most", "less_than"):
        if key not in table:
            continue
        raw = table[key]
        if spec.type is FactType.PROPORTION and isinstance(raw, str):
            band = "_".join(raw.strip().lower().split())
            if band in BAND_NAMES:
                ends[key] = band
                continue
        end, message = _CHECKERS[spec.type](spec, raw)
        if message is not None:
            problems.append((key, message))
        else:
            ends[key] = end
    if "within" in table:
        if spec.type is not FactType.DATE:
            problems.append(
                ("within", f"within is for date facts; {spec.id} takes {spec.allowed()}")
            )
        else:
            within, message = parse_span(table["within"])
            if message is not None:
                problems.append(("within", message))
    if problems:
        return None, problems
    for key, end in ends.items():
        if _beyond(spec, key, end):
            return None, [(key, f"{key} {_show(end)} leaves no value {spec.id} can take")]
    if len(ends) == 2 and _empty(spec, ends):
        (low_key, low), (high_key, high) = ends.items()
        return None, [
            (
                high_key,
                f"{low_key} {_show(low)} is above {high_key} {_show(high)}: no value lies between",
            )
        ]
    if ends.get("at_least") is not None and ends.get("at_least") == ends.get("at_most"):
        return ends["at_least"], []  # one value pinned: exact
    return Bounds(within=within, **ends), []


def _beyond(spec: FactSpec, key: str, end: Any) -> bool:
    """A single bound that no value of the fact can meet (more than the top choice, say)."""
    at, strict = _end_key(spec, key, end)
    if spec.type is FactType.CHOICE:
        low, high = 0.0, float(len(spec.choices) - 1)
    elif spec.type is FactType.PROPORTION:
        low, high = 0.0, 1.0
    elif spec.type in (FactType.INTEGER, FactType.NUMBER):
        low = -math.inf if spec.minimum is None else float(spec.minimum)
        high = math.inf if spec.maximum is None else float(spec.maximum)
    else:
        return False
    if key in ("at_least", "more_than"):
        return at > high or (at == high and strict)
    return at < low or (at == low and strict)


def _show(end: Any) -> str:
    return end.isoformat() if isinstance(end, dt.date) else _preview(end)


def _end_key(spec: FactSpec, key: str, end: Any) -> tuple[float, bool]:
    """Where a bound sits on the fact's order, and whether the bound excludes that point."""
    strict = key in ("more_than", "less_than")
    if spec.type is FactType.CHOICE:
        return float(spec.choices.index(end)), strict
    if isinstance(end, dt.date):
        return float(end.toordinal()), strict
    if isinstance(end, str):  # a proportion band: its bottom as a lower bound, else its top
        low, high = DEFAULT_BANDS.interval(end)
        top = BAND_NAMES.index(end) in (0, len(BAND_NAMES) - 1)
        if key in ("at_least", "less_than"):
            return low, strict or end == "few"
        return high, strict or not top
    return float(end), strict


def _empty(spec: FactSpec, ends: Mapping[str, Any]) -> bool:
    (low_key, low), (high_key, high) = ends.items()
    low_at, low_open = _end_key(spec, low_key, low)
    high_at, high_open = _end_key(spec, high_key, high)
    if spec.type in (FactType.INTEGER, FactType.CHOICE, FactType.DATE):
        low_at += 1.0 if low_open else 0.0
        high_at -= 1.0 if high_open else 0.0
        return low_at > high_at
    return low_at > high_at or (low_at == high_at and (low_open or high_open))


def _check_open_set(
    spec: FactSpec, table: Mapping[str, Any]
) -> tuple[FactValue | None, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    members: dict[str, tuple[str, ...]] = {}
    for key in ("includes", "excludes"):
        raw = table.get(key, [])
        if isinstance(raw, str) or not isinstance(raw, list | tuple):
            problems.append((key, f"expected a list of choices, got {_preview(raw)}"))
            continue
        unknown = [item for item in raw if item not in spec.choices]
        if unknown:
            problems.append((key, _unknown_choices(spec, unknown)))
            continue
        members[key] = tuple(choice for choice in spec.choices if choice in set(raw))
    count_low: int | None = None
    count_high: int | None = None
    if "count" in table:
        count_low, count_high, message = _check_count(spec, table["count"])
        if message is not None:
            problems.append(("count", message))
    if problems:
        return None, problems
    includes, excludes = members.get("includes", ()), members.get("excludes", ())
    both = [choice for choice in includes if choice in excludes]
    if both:
        return None, [
            ("excludes", f"{', '.join(repr(c) for c in both)} cannot be both included and excluded")
        ]
    low = max(len(includes), count_low or 0)
    high = len(spec.choices) - len(excludes)
    if count_high is not None:
        high = min(high, count_high)
    if low > high:
        return None, [
            (
                "count",
                f"the members given leave room for {len(includes)} to "
                f"{len(spec.choices) - len(excludes)} choices, not "
                f"{_count_words(count_low, count_high)}",
            )
        ]
    if high == len(includes):  # every other choice is out
        return includes, []
    if low == len(spec.choices) - len(excludes):  # every choice not excluded is in
        return tuple(c for c in spec.choices if c not in excludes), []
    return OpenSet(includes, excludes, count_low, count_high), []


def _count_words(low: int | None, high: int | None) -> str:
    if low is not None and low == high:
        return str(low)
    return " to ".join(str(n) for n in (low, high) if n is not None)


def _check_count(spec: FactSpec, raw: Any) -> tuple[int | None, int | None, str | None]:
    def whole(value: Any) -> int | None:
        if type(value) is int and 0 <= value <= len(spec.choices):
            return value
        return None

    if isinstance(raw, Mapping):
        unknown = [key for key in raw if key not in ("at_least", "at_most")]
        if unknown or not raw:
            return None, None, "expected a whole number, or a table with at_least and/or at_most"
        low, high = raw.get("at_least"), raw.get("at_most")
        for given in (low, high):
            if given is not None and whole(given) is None:
                return (
                    None,
                    None,
                    f"a count lies from 0 to {len(spec.choices)}, got {_preview(given)}",
                )
        if low is not None and high is not None and low > high:
            return None, None, f"at_least {low} is above at_most {high}"
        return low, high, None
    count = whole(raw)
    if count is None:
        return (
            None,
            None,
            f"expected a whole number of choices from 0 to {len(spec.choices)}, "
            f"got {_preview(raw)}",
        )
    return count, count, None


def _check_boolean(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if raw is True or raw is False:
        return raw, None
    return None, f"expected true or false, got {_preview(raw)}" + unquote_hint(
        raw, ("true", "false")
    )


def _check_integer(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if type(raw) is int or (isinstance(raw, int) and not isinstance(raw, bool)):
        if raw.bit_length() > _LONGEST_BITS:  # beyond what a file may hold, or JSON write
            return None, f"a whole number of more than {MAX_DIGITS:,} digits: {_preview(raw)}"
        return _in_limits(spec, int(raw))
    if isinstance(raw, float) and raw.is_integer():
        return _in_limits(spec, int(raw))
    return None, f"expected a whole number, got {_preview(raw)}{unquote_hint(raw)}"


#: The most bits a whole number of :data:`~ictrules.files.MAX_DIGITS` digits has.
_LONGEST_BITS = (10**MAX_DIGITS).bit_length()


def _check_number(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if _is_number(raw):
        try:
            number = float(raw)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            return None, f"expected a finite number, got {_preview(raw)}"
        return _in_limits(spec, number)
    return None, f"expected a number, got {_preview(raw)}{unquote_hint(raw)}"


def _preview(raw: Any) -> str:
    """A value for a message, cut short when it is long (however large it is)."""
    return preview(raw)


def _in_limits(spec: FactSpec, number: int | float) -> tuple[FactValue | None, str | None]:
    if spec.minimum is not None and number < spec.minimum:
        return None, f"{_preview(number)} is below the minimum {spec.minimum} for {spec.id}"
    if spec.maximum is not None and number > spec.maximum:
        return None, f"{_preview(number)} is above the maximum {spec.maximum} for {spec.id}"
    return number, None


def _check_choice(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if isinstance(raw, str) and raw in spec.choices:
        return raw, None
    return None, _unknown_choices(spec, [raw]) + _yaml_word(raw)


def _proportion_text_hint(text: str) -> str | None:
    """For a number written as text where a proportion is wanted: a percentage, or no quotes."""
    try:
        number = float(text)
    except ValueError:
        return None
    if 1.0 < number <= 100.0:
        return f"for a percentage write '{text}%'"
    return "write the number without quotes"


def _yaml_word(raw: Any) -> str:
    """A hint for true or false where text was meant: YAML reads no, yes, on and off so."""
    if raw is True or raw is False:
        return (
            " (a choice is text in quotes; YAML also reads an unquoted yes, no, on or off as "
            "true or false)"
        )
    return ""


def _check_text(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if isinstance(raw, str):
        return raw, None
    return None, f"expected text, got {_preview(raw)}"


def _check_proportion(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    value: float
    if isinstance(raw, str):
        text = raw.strip()
        band = "_".join(text.lower().split())  # "Almost all" is the band almost_all
        if band in BAND_NAMES:
            return band, None
        if not text.endswith("%"):
            hint = closest(band, BAND_NAMES) or _proportion_text_hint(text)
            return None, (
                f"expected a proportion from 0 to 1, a percentage or a band name "
                f"({', '.join(BAND_NAMES)}), got {_preview(raw)}" + (f" ({hint})" if hint else "")
            )
        try:
            value = float(text[:-1]) / 100.0
        except ValueError:
            return None, f"expected a percentage such as '60%', got {_preview(raw)}"
    elif _is_number(raw):
        try:
            value = float(raw)
        except OverflowError:  # a whole number beyond any float: far out of range
            value = math.inf
    else:
        return None, f"expected a proportion from 0 to 1, got {_preview(raw)}"
    if not 0.0 <= value <= 1.0:
        message = (
            f"proportion {_preview(raw)} is out of range: it must lie from 0 to 1 (0% to 100%)"
        )
        if _is_number(raw) and 2.0 <= value <= 100.0:  # a survey percentage, surely
            message += f"; for a percentage write '{_preview(raw)}%'"
        return None, message
    return value, None


def _check_choices(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if isinstance(raw, str) or not isinstance(raw, list | tuple | set | frozenset):
        return None, f"expected a list of choices, got {_preview(raw)}"
    try:
        chosen = set(raw)
    except TypeError:  # an item that is itself a list or a table: not a choice
        chosen = None
    if chosen is None or not chosen.issubset(spec.choices):
        return None, _unknown_choices(spec, [item for item in raw if item not in spec.choices])
    return tuple(choice for choice in spec.choices if choice in chosen), None


def _unknown_choices(spec: FactSpec, unknown: list[Any]) -> str:
    """The message for values that are not among a fact's choices, with a "did you mean" for
    the first misspelt one."""
    listed = ", ".join(_preview(item) for item in unknown[:5]) + (
        ", ..." if len(unknown) > 5 else ""
    )
    message = f"unknown choice {listed}; allowed: {', '.join(spec.choices)}"
    hints = (closest(item, spec.choices) for item in unknown[:5] if isinstance(item, str))
    hint = next((hint for hint in hints if hint), None)
    return f"{message} ({hint})" if hint else message


def _check_date(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if isinstance(raw, dt.datetime):
        return raw.date(), None
    if isinstance(raw, dt.date):
        return raw, None
    if isinstance(raw, str):
        try:
            return iso_date(raw.strip()), None
        except ValueError:
            pass
    return None, f"expected a date as YYYY-MM-DD, got {_preview(raw)}{date_hint(raw)}"


_CHECKERS: dict[FactType, Callable[[FactSpec, Any], tuple[FactValue | None, str | None]]] = {
    FactType.BOOLEAN: _check_boolean,
    FactType.INTEGER: _check_integer,
    FactType.NUMBER: _check_number,
    FactType.PROPORTION: _check_proportion,
    FactType.CHOICE: _check_choice,
    FactType.CHOICES: _check_choices,
    FactType.DATE: _check_date,
    FactType.TEXT: _check_text,
}
