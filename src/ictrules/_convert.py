"""The cattrs converter ictrules uses to turn its models into plain data and back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, TypeVar

import cattrs

from .errors import EvidenceError, FrameworkError, Problem

__all__ = ["converter", "dumps", "structure_checked"]

T = TypeVar("T")

#: Structures and unstructures every ictrules model; unknown keys are errors.
converter = cattrs.Converter(forbid_extra_keys=True)


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")


converter.register_structure_hook(dt.date, _structure_date)
converter.register_unstructure_hook(dt.date, lambda value: value.isoformat())


def structure_checked(
    data: Any,
    cls: Any,
    source: str | None,
    error: type[EvidenceError] | type[FrameworkError],
    root: str = "$",
) -> Any:
    """Structure ``data`` as ``cls``, turning cattrs' error tree into one problem per fault."""
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError) as exc:
        if isinstance(exc, cattrs.BaseValidationError):
            messages = cattrs.transform_error(exc, path=root)
        else:
            messages = [f"{exc} @ {root}"]
        problems = []
        for message in messages:
            text, _, path = message.rpartition(" @ ")
            problems.append(Problem(path or root, text or message))
        raise error(source, problems) from None


def dumps(data: Any) -> str:
    """Serialise plain data as JSON deterministically (2-space indent, UTF-8, newline at end)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
