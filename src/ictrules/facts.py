"""Fact declarations: the typed questions a framework asks about a school.

A plugin declares each fact it reads with a :class:`FactSpec`. Evidence then gives values for
some of those facts; a fact with no value is unknown, never defaulted.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable
from typing import Any

import attrs

from .bands import BAND_NAMES
from .errors import closest

__all__ = ["FACT_ID_PATTERN", "FactSpec", "FactType", "FactValue", "check_value", "json_value"]

#: Fact ids are dotted lowercase words: ``vision.mentions_ict``.
FACT_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")

#: A fact's value once checked: see :func:`check_value` for which Python type each type takes.
FactValue = bool | int | float | str | tuple[str, ...] | dt.date


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


@attrs.frozen
class FactSpec:
    """A fact a plugin reads: its id, type, what it means and the question a school is asked.

    ``choices`` lists the allowed values of a ``choice`` or ``choices`` fact, lowest first: an
    ordered choice compares by position (``'clear' > 'unclear'``).
    """

    id: str = attrs.field(validator=_check_id)
    type: FactType
    description: str
    question: str
    unit: str | None = None
    choices: tuple[str, ...] = attrs.field(default=(), converter=tuple)

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

    def allowed(self) -> str:
        """A short human description of the values this fact takes."""
        match self.type:
            case FactType.BOOLEAN:
                return "true or false"
            case FactType.INTEGER:
                return "a whole number"
            case FactType.NUMBER:
                return "a number"
            case FactType.PROPORTION:
                return "a proportion from 0 to 1, a percentage such as '60%', or one of " + (
                    ", ".join(BAND_NAMES)
                )
            case FactType.CHOICE:
                return "one of " + ", ".join(self.choices) + " (lowest first)"
            case FactType.CHOICES:
                return "a list of any of " + ", ".join(self.choices)
            case FactType.DATE:
                return "a date (YYYY-MM-DD)"
            case FactType.TEXT:
                return "text"


def json_value(value: FactValue | None) -> Any:
    """A checked fact value as JSON data: a date as ISO text, a set of choices as a list."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _is_number(raw: Any) -> bool:
    kind = type(raw)
    return kind is float or kind is int or (isinstance(raw, int | float) and kind is not bool)


def check_value(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    """Check and normalise a raw value for ``spec``.

    Returns ``(value, None)`` on success, or ``(None, message)`` saying what is wrong. Values are
    normalised to: ``bool``; ``int``; ``float``; a proportion as a ``float`` in [0, 1] or a band
    name; a choice as its name; a set of choices as a tuple in declared order; a ``date``; text.
    """
    return _CHECKERS[spec.type](spec, raw)


def _check_boolean(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if raw is True or raw is False:
        return raw, None
    return None, f"expected true or false, got {raw!r}"


def _check_integer(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if type(raw) is int or (isinstance(raw, int) and not isinstance(raw, bool)):
        return raw, None
    if isinstance(raw, float) and raw.is_integer():
        return int(raw), None
    return None, f"expected a whole number, got {raw!r}"


def _check_number(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if _is_number(raw):
        return float(raw), None
    return None, f"expected a number, got {raw!r}"


def _check_choice(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if isinstance(raw, str) and raw in spec.choices:
        return raw, None
    return None, _unknown_choices(spec, [raw])


def _check_text(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if isinstance(raw, str):
        return raw, None
    return None, f"expected text, got {raw!r}"


def _check_proportion(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    value: float
    if isinstance(raw, str):
        text = raw.strip()
        band = "_".join(text.lower().split())  # "Almost all" is the band almost_all
        if band in BAND_NAMES:
            return band, None
        if not text.endswith("%"):
            return None, (
                f"expected a proportion from 0 to 1, a percentage or a band name "
                f"({', '.join(BAND_NAMES)}), got {raw!r}"
            )
        try:
            value = float(text[:-1]) / 100.0
        except ValueError:
            return None, f"expected a percentage such as '60%', got {raw!r}"
    elif _is_number(raw):
        value = float(raw)
    else:
        return None, f"expected a proportion from 0 to 1, got {raw!r}"
    if not 0.0 <= value <= 1.0:
        message = f"proportion {raw!r} is out of range: it must lie from 0 to 1 (0% to 100%)"
        if _is_number(raw) and 2.0 <= value <= 100.0:  # a survey percentage, surely
            message += f"; for a percentage write '{raw}%'"
        return None, message
    return value, None


def _check_choices(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if isinstance(raw, str) or not isinstance(raw, list | tuple | set | frozenset):
        return None, f"expected a list of choices, got {raw!r}"
    unknown = [item for item in raw if item not in spec.choices]
    if unknown:
        return None, _unknown_choices(spec, unknown)
    chosen = set(raw)
    return tuple(choice for choice in spec.choices if choice in chosen), None


def _unknown_choices(spec: FactSpec, unknown: list[Any]) -> str:
    """The message for values that are not among a fact's choices, with a "did you mean" for
    the first misspelt one."""
    listed = ", ".join(repr(item) for item in unknown)
    message = f"unknown choice {listed}; allowed: {', '.join(spec.choices)}"
    hints = (closest(item, spec.choices) for item in unknown if isinstance(item, str))
    hint = next((hint for hint in hints if hint), None)
    return f"{message} ({hint})" if hint else message


def _check_date(spec: FactSpec, raw: Any) -> tuple[FactValue | None, str | None]:
    if isinstance(raw, dt.datetime):
        return raw.date(), None
    if isinstance(raw, dt.date):
        return raw, None
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip()), None
        except ValueError:
            pass
    return None, f"expected a date as YYYY-MM-DD, got {raw!r}"


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
