"""How the store keeps an assessment: whole, or as what it differs in from others.

An assessment the engine made holds its reasons as what they differ in from one assessment to
the next (:class:`~ictrules._reasons.DeferredReasons`). Everything the framework says in every
assessment (each criterion's statement, action, plugin and links; each strand's title, section,
and descriptor and next level at each level) is kept once, as the
:class:`~ictrules._reasons.Shapes` of the reasons, in the ``reason_templates`` table, named by
its digest. The evidence the assessment was made from is saved beside it, and states the value
of every fact reading that says no more than that value. So the assessment's record (form 2)
keeps only the rest: its top-level data; per strand its code, levels, status and own
judgement; each criterion's truth value; the readings that say more than the evidence (derived,
entailed, with provenance; every reading, if saved beside other evidence than it was made
from); per strand its actions and missing facts. Reading it back fills the shapes with it and
with the evidence, as writing its JSON does, so the assessment read is the one saved. An
assessment whose reasons were already made, or built some other way, is kept whole.

A record of at most 2 KB of JSON (most of form 2) is kept as it is, a larger one compressed by
zlib. Records saved before schema 6 (form 1, compressed) keep every strand whole
and every reading, and are read as they are.
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
    writer,
)
from .._deferred import pending
from .._lean import lean_unstructure_hook
from .._reasons import DeferredReasons, Shapes
from ..assessments import Assessment
from ..evidence import Evidence

__all__ = ["Kept", "expand", "keep", "shapes_from"]

#: How hard zlib works on a record: the fastest (the shapes are compressed so too).
_LEVEL = 1

#: The largest record (bytes of JSON) kept as it is rather than compressed.
_SMALL = 2048

#: An assessment's data with its strands given (as :func:`~ictrules._reasons.kept_strand`
#: keeps each): the rest of the record's head.
_HEAD = lean_unstructure_hook(Assessment, writer, ("strands",))


class Kept:
    """An assessment as the store keeps it: ``record`` (its JSON, compressed by zlib unless it
    is small) and, when the record keeps only what the assessment differs in, the ``shapes``
    to fill (their digest and their compressed JSON)."""

    __slots__ = ("record", "shapes")

    def __init__(self, record: bytes, shapes: tuple[str, bytes] | None) -> None:
        self.record = record
        self.shapes = shapes


def keep(assessment: Assessment, evidence: Evidence) -> Kept:
    """``assessment`` as the store keeps it beside ``evidence``, saved with it (see the
    module)."""
    strands = assessment.strands
    later = pending(strands[0], "criteria") if strands else None
    # the engine leaves a strand's three deferred fields to one object, and works them out
    # together: the criteria say for all three
    if isinstance(later, DeferredReasons) and all(
        pending(strand, "criteria") is later for strand in strands
    ):
        try:
            shapes, reasons = later.record(strands, writer, evidence.facts, evidence.provenance)
            head = _HEAD(assessment, {"strands": reasons.pop("strands")})
        except AwkwardFloat:  # a float the standard library writes: kept whole, as before
            pass
        else:
            return Kept(_packed({"assessment": head, **reasons}), shapes.stored())
    return Kept(_packed(data_to_write(assessment)), None)


def _packed(data: Any) -> bytes:
    """A record's ``data`` as compact JSON, compressed by zlib unless it is at most
    :data:`_SMALL` bytes: a record of a kilobyte or two (most that keep what an assessment
    differs in) would take a fifth of a save's time to shrink by a few hundred bytes."""
    record = compact_bytes(data)
    return record if len(record) <= _SMALL else zlib.compress(record, _LEVEL)


def expand(record: bytes, shapes: Shapes | None, given: Mapping[str, Any]) -> dict[str, Any]:
    """The assessment's data from its kept ``record`` and, if it was kept apart from them, the
    ``shapes`` of its reasons and ``given``, the facts of the evidence saved with it (as the
    store's evidence column holds them: data by fact id). Raises ``ValueError`` (or
    ``LookupError``, ``TypeError``) for a record that is not one ictrules kept."""
    # JSON as it is (a small record), or compressed by zlib (whose streams never start with
    # the "{" every JSON object does)
    data: dict[str, Any] = loads(record if record[:1] == b"{" else zlib.decompress(record))
    if shapes is None:
        return data
    assessment: dict[str, Any] = data["assessment"]
    form = data.get("form", 1)
    if form not in (1, 2):
        raise ValueError(f"a record of form {form!r}, which this version does not read")
    readings = shapes.readings(data["readings"], given if form == 2 else None)
    truths, strands = data["truths"], assessment["strands"]
    for position, (strand, actions, missing) in enumerate(
        zip(strands, data["actions"], data["missing"], strict=True)
    ):
        if type(strand) is not dict:  # kept in brief (see Shapes.strand)
            strand = strands[position] = shapes.strand(strand)
        strand.update(shapes.fill(strand["code"], truths, readings, actions, missing))
    return assessment


def shapes_from(body: bytes) -> Shapes:
    """The shapes kept in ``reason_templates`` (their JSON, compressed)."""
    data: Mapping[str, Any] = loads(zlib.decompress(body))
    return Shapes.from_data(data)
