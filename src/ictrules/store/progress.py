"""Progress for one school: each strand's level over time, and what changed in the evidence."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from ..assessments import Assessment, Status
from ..evidence import Evidence, Provenance, School
from ..facts import json_value
from ..frameworks import Level
from ._model import JsonModel

__all__ = [
    "EvidenceChanges",
    "FactChange",
    "FactChangeKind",
    "HistoryEntry",
    "JudgementChange",
    "SchoolHistory",
    "StrandPoint",
    "StrandTrack",
    "compare_derived",
    "compare_evidence",
]


class FactChangeKind(enum.Enum):
    """How a fact differs between two pieces of evidence."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    RESOURCED = "re-sourced"
    #: not in either evidence, but a plugin derived it (from an attachment such as an
    #: inventory) and its value differs: it can move levels while the evidence stays the same
    DERIVED = "derived"


@attrs.frozen
class FactChange:
    """One fact that differs: its old and new values as JSON data (``None`` where absent).

    ``re-sourced`` means the value stayed the same but its provenance (source, date or note)
    changed.
    """

    fact: str
    kind: FactChangeKind
    old: Any
    new: Any
    old_provenance: Provenance | None = None
    new_provenance: Provenance | None = None


@attrs.frozen
class JudgementChange:
    """A strand on which the school's own judgement was added, removed or changed."""

    strand: str
    old_level: int | None
    new_level: int | None


@attrs.frozen
class EvidenceChanges(JsonModel):
    """What changed in the evidence between two saved assessments (old first)."""

    old_assessment: int
    new_assessment: int
    old_as_of: dt.date
    new_as_of: dt.date
    facts: tuple[FactChange, ...]
    judgements: tuple[JudgementChange, ...]

    def of_kind(self, kind: FactChangeKind) -> tuple[FactChange, ...]:
        """The fact changes of one kind, in fact-id order."""
        return tuple(change for change in self.facts if change.kind is kind)

    @property
    def empty(self) -> bool:
        """True when the two pieces of evidence say the same."""
        return not self.facts and not self.judgements


def compare_derived(
    old: Assessment, new: Assessment, given: Iterable[str] = ()
) -> tuple[FactChange, ...]:
    """Facts plugins derived for two assessments whose values differ (``None`` where not
    derived or unknown), sorted by fact; facts in ``given`` (stated in either evidence) are left
    to :func:`compare_evidence`."""

    def derived(assessment: Assessment) -> dict[str, Any]:
        return {
            reading.fact: reading.value
            for strand in assessment.strands
            for criterion in strand.criteria
            for reading in criterion.facts
            if reading.derived_by is not None
        }

    before, after = derived(old), derived(new)
    skip = set(given)
    return tuple(
        FactChange(fact, FactChangeKind.DERIVED, before.get(fact), after.get(fact))
        for fact in sorted((set(before) | set(after)) - skip)
        if before.get(fact) != after.get(fact)
    )


def compare_evidence(
    old: Evidence, new: Evidence
) -> tuple[tuple[FactChange, ...], tuple[JudgementChange, ...]]:
    """Fact and own-judgement changes from ``old`` to ``new``, each sorted by fact or strand."""
    changes = []
    for fact in sorted(set(old.facts) | set(new.facts)):
        before_prov = old.provenance.get(fact)
        after_prov = new.provenance.get(fact)
        if fact not in old.facts:
            kind = FactChangeKind.ADDED
        elif fact not in new.facts:
            kind = FactChangeKind.REMOVED
        elif json_value(old.facts[fact]) != json_value(new.facts[fact]) or type(
            old.facts[fact]
        ) is not type(new.facts[fact]):
            kind = FactChangeKind.CHANGED
        elif before_prov != after_prov:
            kind = FactChangeKind.RESOURCED
        else:
            continue
        changes.append(
            FactChange(
                fact,
                kind,
                json_value(old.facts.get(fact)),
                json_value(new.facts.get(fact)),
                before_prov,
                after_prov,
            )
        )
    judgements = []
    for code in sorted(set(old.judgements) | set(new.judgements)):
        before = old.judgements.get(code)
        after = new.judgements.get(code)
        if before != after and (before is None or after is None or before.level != after.level):
            judgements.append(
                JudgementChange(
                    code,
                    None if before is None else before.level,
                    None if after is None else after.level,
                )
            )
    return tuple(changes), tuple(judgements)


@attrs.frozen
class HistoryEntry:
    """One saved assessment in a school's history.

    ``outdated`` marks an assessment made under an older framework version than the newest the
    store holds.
    """

    assessment: int
    as_of: dt.date
    framework_version: str
    outdated: bool
    engine_version: str


@attrs.frozen
class StrandPoint:
    """A strand's result in one assessment.

    ``meaning_changed`` is true when the strand's definition differs from the one the previous
    point of the same strand was judged under, so the two levels do not compare directly.
    """

    assessment: int
    as_of: dt.date
    framework_version: str
    level: int
    best_possible: int
    status: Status
    own_level: int | None
    meaning_changed: bool


@attrs.frozen
class StrandTrack:
    """A strand's levels over time, oldest first."""

    code: str
    title: str
    section: str
    points: tuple[StrandPoint, ...]


@attrs.frozen
class SchoolHistory(JsonModel):
    """Every saved assessment of one school under one framework, oldest first, and per strand
    the level over time. ``changes`` compares the evidence of the last two assessments.

    ``scale`` lists the latest version's levels worst first, as levels.
    """

    school: School
    framework: str
    latest_version: str
    scale: tuple[Level, ...]
    entries: tuple[HistoryEntry, ...]
    strands: tuple[StrandTrack, ...]
    changes: EvidenceChanges | None

    def strand(self, code: str) -> StrandTrack:
        """The track of one strand (``KeyError`` if no assessment judged it)."""
        for track in self.strands:
            if track.code == code:
                return track
        raise KeyError(code)
