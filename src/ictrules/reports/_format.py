"""Words and numbers as a reader writes them, for every report and its templates.

These are the filters and globals of the report templates' environment
(:mod:`ictrules.reports.templating`): ``md`` escapes Markdown, ``thousands`` writes 1,234,
``nice_date`` writes 30 June 2026, ``humanise`` turns an id such as ``senior_team`` into
``senior team``; :func:`level_colour` and :func:`level_text_colour` colour a level's badge.
:func:`counted` writes 1 school and 2 schools for the reports' own text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from ..tables.dates import MONTH_NAMES
from .charts import level_colour, level_text_colour

__all__ = [
    "FILTERS",
    "GLOBALS",
    "check_one_framework",
    "counted",
    "humanise",
    "md_escape",
    "nice_date",
    "thousands",
]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def check_one_framework(assessments: Sequence[Any]) -> None:
    """A summary sets schools side by side strand by strand: raise ``ValueError`` for
    assessments against more than one framework, naming them."""
    frameworks = sorted({assessment.framework for assessment in assessments})
    if len(frameworks) > 1:
        raise ValueError(
            "a summary sets schools side by side on one framework; these are assessed against "
            f"{', '.join(frameworks)}: summarise each framework on its own"
        )


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 school``, ``2 schools``: a count with its noun, plural when it is not one."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def md_escape(text: object) -> str:
    """Escape text so Markdown shows it literally, on one line (safe inside table cells)."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def thousands(value: float | int, places: int = 0) -> str:
    """``1,234`` (or ``1,234.50`` with ``places=2``)."""
    return f"{value:,.{places}f}"


def nice_date(value: dt.date | str | None) -> str:
    """``30 June 2026`` from a date or an ISO date string; anything else as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
    else:
        day = value
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def humanise(identifier: str) -> str:
    """An id as words: ``senior_team`` becomes ``senior team``."""
    return identifier.replace("_", " ")


FILTERS: dict[str, Callable[..., Any]] = {
    "md": md_escape,
    "thousands": thousands,
    "nice_date": nice_date,
    "humanise": humanise,
}

GLOBALS: dict[str, Any] = {
    "level_colour": level_colour,
    "level_text_colour": level_text_colour,
}
