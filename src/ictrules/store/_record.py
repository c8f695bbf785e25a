"""How the store keeps an assessment: whole, or as what its reasons differ in.

An assessment the engine made holds its reasons as what they differ in from one assessment to
the next (:class:`~ictrules._reasons.DeferredReasons`: each criterion's truth value, each fact's
reading, per strand its actions and missing facts; a reading that says no more than its value
as ``[value]``, which records saved before keep whole, and both are read). Everything else the
reasons say (each criterion's statement, action, plugin and links) is the framework's and the
same in every assessment: it is kept once, as the :class:`~ictrules._reasons.Shapes` of the
reasons, in the ``reason_templates`` table, named by its digest, and the assessment's record
keeps the rest.
Reading it back fills the shapes, as writing its JSON does, so the assessment read is the one
saved. An assessment whose reasons were already made, or built some other way, is kept whole.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any

from .._convert import (
    AwkwardFloat,
    compact_bytes,
    data_to_write,
    loads,
    without_reasons,
    writer,
)
from .._deferred import pending
from .._reasons import DeferredReasons, Shapes
from ..assessments import Assessment

__all__ = ["Kept", "expand", "keep", "shapes_from"]

#: How hard zlib works on a record: the fastest (the shapes are compressed so too).
_LEVEL = 1


class Kept:
    """An assessment as the store keeps it: ``record`` (compressed JSON) and, when the record
    keeps only what the reasons differ in, the ``shapes`` to fill (their digest and their
    compressed JSON)."""

    __slots__ = ("record", "shapes")

    def __init__(self, record: bytes, shapes: tuple[str, bytes] | None) -> None:
        self.record = record
        self.shapes = shapes


def keep(assessment: Assessment) -> Kept:
    """``assessment`` as the store keeps it (see the module)."""
    strands = assessment.strands
    later = pending(strands[0], "criteria") if strands else None
    # the engine leaves a strand's three deferred fields to one object, and works them out
    # together: the criteria say for all three
    if isinstance(later, DeferredReasons) and all(
        pending(strand, "criteria") is later for strand in strands
    ):
        try:
            head = without_reasons.unstructure(assessment)
            shapes, reasons = later.record(strands, writer)
        except AwkwardFloat:  # a float the standard library writes: kept whole, as before
            pass
        else:
            record = compact_bytes({"assessment": head, **reasons})
            return Kept(zlib.compress(record, _LEVEL), shapes.stored())
    return Kept(zlib.compress(compact_bytes(data_to_write(assessment)), _LEVEL), None)


def expand(record: bytes, shapes: Shapes | None) -> dict[str, Any]:
    """The assessment's data from its kept ``record`` and, if it was kept apart from them, the
    ``shapes`` of its reasons."""
    data: dict[str, Any] = loads(zlib.decompress(record))
    if shapes is None:
        return data
    assessment: dict[str, Any] = data["assessment"]
    truths, readings = data["truths"], shapes.readings(data["readings"])
    for strand, actions, missing in zip(
        assessment["strands"], data["actions"], data["missing"], strict=True
    ):
        strand.update(shapes.fill(strand["code"], truths, readings, actions, missing))
    return assessment


def shapes_from(body: bytes) -> Shapes:
    """The shapes kept in ``reason_templates`` (their JSON, compressed)."""
    data: Mapping[str, Any] = loads(zlib.decompress(body))
    return Shapes.from_data(data)
