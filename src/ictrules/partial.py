"""Partial values: what evidence says when a school knows part of the picture.

A fact is usually given exactly (``vision.ict_clarity = "clear"``). When a school knows only a
range or some members, it gives a partial value instead:

* :class:`Bounds`, for every ordered type (integer, number, proportion, ordered choice, date):
  one lower bound (``at_least`` or ``more_than``) and/or one upper bound (``at_most`` or
  ``less_than``); a date may instead be ``within`` a span counted back from ``as_of``
  (``"12 months"``). A proportion's band name is itself such a range.
* :class:`OpenSet`, for a set of choices: members it ``includes`` and members it ``excludes``,
  the rest unknown, and optionally how many members it has (``count``, exact or bounded).

A condition over a partial value is true when every value the range allows makes it true, false
when none does, and unknown otherwise. Checking these against a fact's declaration is
:func:`ictrules.facts.check_value`'s job; this module holds the values themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import attrs

from ._calendar import months_back
from .files import preview

__all__ = [
    "BOUND_KEYS",
    "BOUND_WORDS",
    "PARTIAL_TYPES",
    "SET_KEYS",
    "SPAN_UNITS",
    "Bounds",
    "OpenSet",
    "Span",
    "parse_span",
    "partial_from_data",
]

#: The keys of a bounds table: lower bounds, upper bounds, and a date's span back from as_of.
BOUND_KEYS = ("at_least", "more_than", "at_most", "less_than", "within")

#: Each bound key as people read it before its value ("at least 3", "within the last 12 months").
BOUND_WORDS = {
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
    "within": "within the last",
}

#: The keys of an open set's table.
SET_KEYS = ("includes", "excludes", "count")

#: Units a ``within`` span may use, with their singular forms.
SPAN_UNITS = ("days", "weeks", "months", "years")

_SPAN = re.compile(r"^\s*(\d{1,4})\s*([a-z]+)\s*$")


@attrs.frozen
class Span:
    """A span of time counted back from the assessment's ``as_of``: ``Span(12, "months")``."""

    amount: int
    unit: str

    def start(self, as_of: dt.date) -> dt.date:
        """The earliest date the span reaches back to from ``as_of`` (a month or year back
        from the 31st lands on the last day of the shorter month)."""
        if self.unit == "days":
            return as_of - dt.timedelta(days=min(self.amount, as_of.toordinal() - 1))
        if self.unit == "weeks":
            return as_of - dt.timedelta(days=min(7 * self.amount, as_of.toordinal() - 1))
        return months_back(as_of, self.amount * (12 if self.unit == "years" else 1))

    def __str__(self) -> str:
        unit = self.unit if self.amount != 1 else self.unit[:-1]
        return f"{self.amount} {unit}"


def parse_span(text: Any) -> tuple[Span | None, str | None]:
    """Read a span such as ``"12 months"`` or ``"1 year"``; ``(span, None)`` or
    ``(None, message)``."""
    if not isinstance(text, str):
        return None, f"expected a span such as '12 months', got {preview(text)}"
    match = _SPAN.match(text.lower())
    if match is None:
        return None, f"expected a span such as '12 months' or '2 years', got {preview(text)}"
    amount, unit = int(match.group(1)), match.group(2)
    if not unit.endswith("s"):
        unit += "s"
    if unit not in SPAN_UNITS:
        return (
            None,
            f"unknown unit {match.group(2)!r} in {preview(text)}; "
            f"use one of {', '.join(SPAN_UNITS)}",
        )
    if amount == 0:
        return None, f"a span must be at least 1 {unit[:-1]}, got {preview(text)}"
    return Span(amount, unit), None


@attrs.frozen
class Bounds:
    """An ordered fact known to lie in a range, as the evidence gave it.

    Each end holds a value of the fact's own kind (a number, a proportion or band name, a choice
    name, a date); ``None`` leaves that side open. At most one of ``at_least``, ``more_than`` and
    ``within`` is set, and at most one of ``at_most`` and ``less_than``.
    """

    at_least: Any = None
    more_than: Any = None
    at_most: Any = None
    less_than: Any = None
    within: Span | None = None

    def as_data(self) -> dict[str, Any]:
        """The bounds as the evidence-file table they were read from (JSON-ready)."""
        data: dict[str, Any] = {}
        for key in BOUND_KEYS:
            end = getattr(self, key)
            if end is None:
                continue
            if isinstance(end, dt.date):
                end = end.isoformat()
            elif isinstance(end, Span):
                end = str(end)
            data[key] = end
        return data

    def __str__(self) -> str:
        return ", ".join(f"{BOUND_WORDS[key]} {value}" for key, value in self.as_data().items())


@attrs.frozen
class OpenSet:
    """A set of choices known in part: members it certainly ``includes`` and certainly
    ``excludes`` (each in declared order), and bounds on how many members it has.

    ``count_low`` and ``count_high`` bound the number of members (``None``: no bound given
    beyond what the members say).
    """

    includes: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    count_low: int | None = None
    count_high: int | None = None

    def as_data(self) -> dict[str, Any]:
        """The open set as the evidence-file table it was read from (JSON-ready)."""
        data: dict[str, Any] = {}
        if self.includes:
            data["includes"] = list(self.includes)
        if self.excludes:
            data["excludes"] = list(self.excludes)
        if self.count_low is not None and self.count_low == self.count_high:
            data["count"] = self.count_low
        elif self.count_low is not None or self.count_high is not None:
            count: dict[str, int] = {}
            if self.count_low is not None:
                count["at_least"] = self.count_low
            if self.count_high is not None:
                count["at_most"] = self.count_high
            data["count"] = count
        # nothing known of the set: the smallest table that reads back as it
        return data or {"includes": []}

    def __str__(self) -> str:
        parts = []
        if self.includes:
            parts.append("includes " + ", ".join(self.includes))
        if self.excludes:
            parts.append("not " + ", ".join(self.excludes))
        if self.count_low is not None and self.count_low == self.count_high:
            parts.append(f"{self.count_low} in all")
        else:
            if self.count_low is not None:
                parts.append(f"at least {self.count_low} in all")
            if self.count_high is not None:
                parts.append(f"at most {self.count_high} in all")
        return "; ".join(parts)


#: The types of a value known only in part, for a test of ``type(value)``.
PARTIAL_TYPES: frozenset[type] = frozenset({Bounds, OpenSet})


def partial_from_data(data: Mapping[str, Any], *, dates: bool = False) -> Bounds | OpenSet | None:
    """Rebuild a partial value from the table :meth:`Bounds.as_data` or :meth:`OpenSet.as_data`
    wrote (values already checked, so no fact declaration is needed; ``dates`` says the bounds
    are ISO dates). ``None`` when the table holds neither bounds nor members."""
    if any(key in data for key in SET_KEYS):
        count = data.get("count")
        low = high = None
        if isinstance(count, int):
            low = high = count
        elif isinstance(count, Mapping):
            low, high = count.get("at_least"), count.get("at_most")
        return OpenSet(tuple(data.get("includes", ())), tuple(data.get("excludes", ())), low, high)
    ends = {key: data[key] for key in BOUND_KEYS if key in data and key != "within"}
    if not ends and "within" not in data:
        return None
    if dates:
        ends = {key: dt.date.fromisoformat(value) for key, value in ends.items()}
    within = None
    if "within" in data:
        within, _ = parse_span(data["within"])
    return Bounds(within=within, **ends)
