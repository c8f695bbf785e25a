"""An assessment's strand results as the store keeps them: the ``strands`` column of its row,
a JSON list, in the framework's order, of ``[code, level, best_possible, status, own_level]``
(:data:`~ictrules.store._schema.STRAND_COLUMNS`), which history, standing and the cohort read
and the ``strand_results`` view shows."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from .._convert import compact_bytes, loads
from ..assessments import Assessment, Status
from ._schema import STRAND_COLUMNS

__all__ = ["strand_rows", "strands_column", "strands_of"]

_STATUSES = frozenset(status.value for status in Status)


def strand_rows(assessment: Assessment) -> list[tuple[object, ...]]:
    """Per strand of ``assessment``: its position, then the values of :data:`STRAND_COLUMNS`."""
    return [
        (
            position,
            s.code,
            s.level,
            s.best_possible,
            s.status._value_,  # the enum's own attribute: no descriptor call
            None if s.judgement is None else s.judgement.level,
        )
        for position, s in enumerate(assessment.strands)
    ]


def strands_column(rows: Collection[tuple[object, ...]]) -> str:
    """The ``strands`` column of :func:`strand_rows`: each row's values after its position."""
    return compact_bytes([row[1:] for row in rows]).decode("utf-8")


def strands_of(text: str, scale: Collection[int]) -> list[list[Any]]:
    """The strand results a ``strands`` column holds, each checked: its code text, its levels
    and own level on ``scale`` (the values of the scale it was judged on), its status one of
    :class:`~ictrules.assessments.Status`, no strand twice. Raises ``ValueError`` saying what
    is wrong with a column changed by hand."""
    strands: list[list[Any]] = loads(text)
    if type(strands) is not list or not all(_fits(strand, scale) for strand in strands):
        raise ValueError(f"not lists of {', '.join(STRAND_COLUMNS)} on its framework's scale")
    if len({strand[0] for strand in strands}) != len(strands):
        raise ValueError("a strand held twice")
    return strands


def _fits(strand: Any, scale: Collection[int]) -> bool:
    if type(strand) is not list or len(strand) != len(STRAND_COLUMNS):
        return False
    code, level, best, status, own = strand
    return (
        type(code) is str
        and type(level) is int
        and level in scale
        and type(best) is int
        and best in scale
        and status in _STATUSES
        and (own is None or (type(own) is int and own in scale))
    )
