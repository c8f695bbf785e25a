"""Progress for one school: each strand's level over time, and what changed in the evidence."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..assessments import Assessment, Status
from ..evidence import Evidence, Provenance, School
from ..facts import json_value
from ..frameworks import Level
from ._model import JsonModel
from .versions import FrameworkRevision, StrandDefinition

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
    "history_tracks",
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


def history_tracks(
    rows: Iterable[tuple[int, str, str, int, str]],
    strand_rows: Iterable[tuple[int, str, int, int, str, int | None]],
    revisions: Mapping[int, FrameworkRevision],
    latest: FrameworkRevision,
) -> tuple[list[HistoryEntry], list[StrandTrack]]:
    """One school's history from stored rows, without the store: its assessments (``rows``:
    id, as_of, framework version, revision id, engine version; oldest first) and each strand's
    track through them (``strand_rows``: assessment id, code, level, best possible, status, own
    level), in the latest revision's strand order. A level judged under a changed definition
    of its strand is marked."""
    entries = []
    entry_revision: dict[int, int] = {}
    for ident, as_of, version, revision, engine in rows:
        entries.append(
            HistoryEntry(
                ident, dt.date.fromisoformat(as_of), version, version != latest.version, engine
            )
        )
        entry_revision[ident] = revision
    by_entry: dict[int, dict[str, tuple[int, int, str, int | None]]] = {}
    for ident, code, level, best, status, own in strand_rows:
        by_entry.setdefault(ident, {})[code] = (level, best, status, own)
    definitions: dict[str, StrandDefinition] = {}
    for entry in reversed(entries):
        for definition in revisions[entry_revision[entry.assessment]].strands:
            definitions.setdefault(definition.code, definition)
    order = [s.code for s in latest.strands if s.code in definitions]
    order += [code for code in definitions if code not in order]
    tracks = []
    for code in order:
        points: list[StrandPoint] = []
        previous: str | None = None
        for entry in entries:
            result = by_entry.get(entry.assessment, {}).get(code)
            meaning = revisions[entry_revision[entry.assessment]].strand(code)
            if result is None or meaning is None:
                continue
            level, best, status, own = result
            points.append(
                StrandPoint(
                    entry.assessment,
                    entry.as_of,
                    entry.framework_version,
                    level,
                    best,
                    Status(status),
                    own,
                    previous is not None and previous != meaning.fingerprint,
                )
            )
            previous = meaning.fingerprint
        definition = definitions[code]
        tracks.append(StrandTrack(code, definition.title, definition.section, tuple(points)))
    return entries, tracks
