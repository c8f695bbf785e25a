"""Assessments: what the engine concludes about each strand, with its reasons.

An :class:`Assessment` serialises to JSON (:meth:`Assessment.to_json`) with a stable key order
and reads back exactly (:meth:`Assessment.from_json`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any, NoReturn

import attrs

from . import _deferred, _typed_json
from ._convert import ReadError, converter, dumps_model, fast_converter, loads
from .errors import UnknownStrandError
from .evidence import OwnJudgement, Provenance, School
from .files import text_problem, walk

__all__ = [
    "Action",
    "Assessment",
    "CriterionResult",
    "FactReading",
    "Status",
    "StrandResult",
]


class Status(enum.Enum):
    """Whether the evidence settles a strand's level."""

    DETERMINED = "determined"
    PROVISIONAL = "provisional"


@attrs.frozen
class FactReading:
    """A fact a criterion read: its value as JSON data, or ``None`` when unknown.

    ``derived_by`` names the plugin that computed the value when the evidence did not give it;
    ``entailed_by`` the framework's entailments that narrowed it (then ``value`` is the narrowed
    value, often bounds such as ``{"within": "2 years"}``). ``provenance`` is what the evidence
    recorded about where a value it states came from (source, date, note), when it did.
    """

    fact: str
    value: Any
    derived_by: str | None = None
    entailed_by: tuple[str, ...] = ()
    provenance: Provenance | None = None


@attrs.frozen
class CriterionResult:
    """One criterion's outcome: ``holds`` is true, false, or ``None`` when unknown."""

    id: str
    level: int
    holds: bool | None
    statement: str
    action: str
    plugin: str
    facts: tuple[FactReading, ...]
    links: tuple[str, ...] = ()


@attrs.frozen
class Action:
    """Something to do to reach the next level: ``reason`` is ``"not met"`` or ``"unknown"``."""

    criterion: str
    level: int
    text: str
    reason: str
    links: tuple[str, ...] = ()


@attrs.frozen
class StrandResult:
    """A strand's judgement.

    ``level`` is the level the evidence proves; ``best_possible`` the best level unknown facts
    still allow. ``status`` is determined when they are equal. ``missing`` lists the facts that
    would settle it: unknown, or known only in part (a closer value would settle it); a strand
    that is not determined always has one. ``actions`` says what moves the school to
    ``next_level``.
    """

    code: str
    title: str
    section: str
    level: int
    best_possible: int
    status: Status
    descriptor: str
    next_level: int | None
    criteria: tuple[CriterionResult, ...]
    actions: tuple[Action, ...]
    missing: tuple[str, ...]
    judgement: OwnJudgement | None = None
    disagreement: str | None = None


# The engine may leave a strand's reasons to be worked out when first read (see
# ictrules._deferred): the object is the same either way, only the work is done later.
_deferred.install(StrandResult, ("criteria", "actions", "missing"))


@attrs.frozen
class Assessment:
    """A framework applied to one school's evidence on one date."""

    framework: str
    framework_title: str
    framework_version: str
    as_of: dt.date
    school: School | None
    scale: tuple[int, ...]
    strands: tuple[StrandResult, ...]
    engine_version: str
    plugins: Mapping[str, str]

    def strand(self, code: str) -> StrandResult:
        """The result for one strand; :class:`~ictrules.errors.UnknownStrandError` (a
        ``KeyError``) naming the nearest code if the framework has no such strand."""
        for result in self.strands:
            if result.code == code:
                return result
        raise UnknownStrandError(code, [result.code for result in self.strands])

    def to_dict(self) -> dict[str, Any]:
        """The assessment as plain JSON-ready data."""
        data: dict[str, Any] = converter.unstructure(self)
        return data

    def to_json(self) -> str:
        """The assessment as JSON: the same assessment always gives the same bytes."""
        return dumps_model(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        """Read back what :meth:`to_dict` produced (a key with a default may be left out).

        Data that is not an assessment as ictrules writes one raises ``ValueError`` naming the
        first fault and its path (``strands[0].criteria[2].level: expected a whole number,
        got '3'``): a missing or unknown key, a value of the wrong type, or a strand whose
        levels disagree (off the scale, a best possible level below the proven one, a status
        or next level that does not follow from them). It does not assess again: whether the
        levels follow from the evidence is for :meth:`~ictrules.Engine.assess` to say.
        """
        result: Assessment = fast_converter.structure(data, cls)
        _check_levels(result)
        return result

    @classmethod
    def from_json(cls, text: str | bytes) -> Assessment:
        """Read back what :meth:`to_json` produced (faults raise as :meth:`from_dict` says;
        text that is not JSON raises ``ValueError`` too, saying where, as does a text in it that
        is not valid Unicode: a lone surrogate, which :meth:`to_json` writes as an escape and
        evidence never holds). A UTF-8 byte order mark before the text is ignored, as JSON
        allows."""
        if not isinstance(text, str | bytes):
            raise ReadError(f"expected JSON text (str or bytes), got {type(text).__name__}")
        # a byte order mark before the text is let go, as it is before an evidence file
        if text[:1] == "\ufeff" or text[:3] == b"\xef\xbb\xbf":
            text = text[1:] if isinstance(text, str) else text[3:]
        # msgspec reads what ictrules writes straight into the models; what it does not take
        # goes the general way, which reads it the same or names the fault (_typed_json). A
        # subclass with a from_dict of its own reads through it, as it always did.
        own = cls.from_dict.__func__ is Assessment.from_dict.__func__  # type: ignore[attr-defined]
        read = _typed_json.read(cls, text) if own else None
        if read is not None:
            _check_levels(read)
            return read
        try:
            data = loads(text)
        except ValueError as exc:  # json.JSONDecodeError, with the line and column
            raise ReadError(f"not JSON: {exc}") from None
        _refuse_invalid_text(data)  # which msgspec refuses too: the fast way never takes it
        return cls.from_dict(data)


def _refuse_invalid_text(data: Any) -> None:
    """Raise :class:`ReadError` at the first text (a key or a value) that is not valid Unicode:
    a lone surrogate, which a JSON ``\\ud800`` escape can give. No evidence ictrules reads
    holds one, no report could be written out as UTF-8 with one, and it is refused where
    evidence is read, with the same words."""
    for path, value, _ in walk(data, None):
        if type(value) is str:
            problem = text_problem(value)
            if problem is not None:
                raise ReadError(problem, path)
        elif type(value) is dict:
            for key in value:
                problem = text_problem(key) if type(key) is str else None
                if problem is not None:
                    raise ReadError(f"a key is {problem}", path)


def _check_levels(assessment: Assessment) -> None:
    """Raise :class:`ReadError` for levels that no assessment ictrules writes holds: a level
    given twice in the scale; a strand's level, best possible level, next level or own
    judgement off the scale (a report could not place it); a best possible level below the
    proven one; a status or a next level that does not follow from the levels (``determined``
    when the two are equal; the next level up, none at the top). Whether the levels follow from
    the criteria and the evidence is for :meth:`~ictrules.Engine.assess` to say, not a reader."""
    scale = assessment.scale
    rank = {level: position for position, level in enumerate(scale)}
    if len(rank) != len(scale):
        raise ReadError("a level is given twice in the scale", ("scale",))
    top = len(scale) - 1
    for index, strand in enumerate(assessment.strands):
        level, best = strand.level, strand.best_possible
        for field, value in (
            ("level", level),
            ("best_possible", best),
            ("next_level", strand.next_level),
        ):
            if value is not None and value not in rank:
                _off_scale(assessment, value, ("strands", index, field))
        if strand.judgement is not None and strand.judgement.level not in rank:
            _off_scale(assessment, strand.judgement.level, ("strands", index, "judgement", "level"))
        if rank[best] < rank[level]:
            raise ReadError(
                f"the best possible level ({best}) is below the level proven ({level})",
                ("strands", index, "best_possible"),
            )
        status = Status.DETERMINED if level == best else Status.PROVISIONAL
        if strand.status is not status:
            raise ReadError(
                f"expected {status.value!r} for level {level} and best possible {best}, "
                f"got {strand.status.value!r}",
                ("strands", index, "status"),
            )
        position = rank[level]
        following = None if position == top else scale[position + 1]
        if strand.next_level != following:
            shown = f"the scale ({', '.join(map(str, scale))})"
            expected = (
                f"expected none: level {level} is the top of {shown}"
                if following is None
                else f"expected {following} after level {level} on {shown}"
            )
            raise ReadError(
                f"{expected}, got {strand.next_level}", ("strands", index, "next_level")
            )


def _off_scale(assessment: Assessment, level: int, path: tuple[str | int, ...]) -> NoReturn:
    raise ReadError(
        f"{level} is not on the assessment's scale ({', '.join(map(str, assessment.scale))})",
        path,
    )
