"""The cattrs converter ictrules uses to turn its models into plain data and back."""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any, TypeVar

import cattrs
import cattrs.v

from .errors import EvidenceError, FrameworkError, Problem

__all__ = ["converter", "dumps", "structure_checked", "structure_with_problems"]

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


def _structure_limit(value: Any, _: type) -> int | float | None:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise ValueError(f"expected a number, got {value!r}")


converter.register_structure_hook(int | float | None, _structure_limit)


class _ExplainedValueError(ValueError):
    """A ValueError whose message is fit to show a user as it stands."""


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in cls)
        raise _ExplainedValueError(f"unknown value {value!r}; allowed: {allowed}") from None


converter.register_structure_hook_func(
    lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum), _structure_enum
)


def _format_exception(exc: BaseException, cls: type | None) -> str:
    if isinstance(exc, _ExplainedValueError):
        return str(exc)
    if isinstance(exc, ValueError) and type(exc) is ValueError and exc.args:
        return str(exc)  # raised by our own validators with a message for people
    return cattrs.v.format_exception(exc, cls)


converter.register_unstructure_hook(dt.date, lambda value: value.isoformat())


def structure_checked(
    data: Any,
    cls: Any,
    source: str | None,
    error: type[EvidenceError] | type[FrameworkError],
    root: str = "$",
) -> Any:
    """Structure ``data`` as ``cls``, turning cattrs' error tree into one problem per fault."""
    value, problems = structure_with_problems(data, cls, root)
    if problems:
        raise error(source, problems)
    return value


def structure_with_problems(data: Any, cls: Any, root: str = "$") -> tuple[Any, list[Problem]]:
    """Structure ``data`` as ``cls``; return ``(value, [])`` or ``(None, problems)``."""
    try:
        return converter.structure(data, cls), []
    except (cattrs.BaseValidationError, ValueError, TypeError) as exc:
        if isinstance(exc, cattrs.BaseValidationError):
            messages = cattrs.transform_error(exc, path=root, format_exception=_format_exception)
        else:
            messages = [f"{exc} @ {root}"]
        problems = []
        for message in messages:
            text, _, path = message.rpartition(" @ ")
            problems.append(Problem(_plain_path(path or root), text or message))
        return None, problems


def _plain_path(path: str) -> str:
    """cattrs' ``$.a[3].b`` in the one path grammar of ictrules inputs: ``a[3].b``."""
    return path.removeprefix("$").removeprefix(".")


def dumps(data: Any) -> str:
    """Serialise plain data as JSON deterministically (2-space indent, UTF-8, newline at end)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
