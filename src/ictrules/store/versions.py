"""Framework versions: what each strand meant when an assessment was made.

When an assessment is saved, the store records a *revision* of its framework: the version, the
scale and, for every strand, a fingerprint (a SHA-256 digest) of everything that decides its
level: the scale's levels and labels, each level's descriptor, each criterion's id, condition
and statement (including criteria other plugins add), and the proportion bands. Action texts
and links are advice, not meaning, and are left out. Two revisions whose fingerprints for a
strand agree judge that strand the same way, so levels under them can be compared.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from typing import Any, Protocol

import attrs

from ..bands import DEFAULT_BANDS
from ..compiled import CompiledFramework
from ..frameworks import Framework, Level
from ._model import JsonModel

__all__ = [
    "CompiledFrameworks",
    "FrameworkRevision",
    "FrameworkSource",
    "MeaningChange",
    "StrandDefinition",
    "StrandMeaning",
    "VersionComparison",
    "compare_revisions",
    "revision_of",
    "version_key",
]

_PARTS = re.compile(r"(\d+)")


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for framework versions: runs of digits compare as numbers (``1.10 > 1.9``)."""
    key: list[tuple[int, int | str]] = []
    for part in _PARTS.split(version):
        if not part:
            continue
        key.append((0, int(part)) if part.isdigit() else (1, part))
    return tuple(key)


@attrs.frozen
class StrandDefinition:
    """A strand as one framework revision defines it, with the fingerprint of its meaning."""

    code: str
    title: str
    section: str
    fingerprint: str


@attrs.frozen
class FrameworkRevision(JsonModel):
    """One recorded form of a framework: its version, scale (worst first) and strands."""

    framework: str
    version: str
    title: str
    scale: tuple[Level, ...]
    strands: tuple[StrandDefinition, ...]
    fingerprint: str

    def strand(self, code: str) -> StrandDefinition | None:
        """The strand with this code, or ``None`` if this revision has none."""
        for strand in self.strands:
            if strand.code == code:
                return strand
        return None

    def rank(self, level: int) -> int:
        """Position of a level from worst (0) to best."""
        for position, entry in enumerate(self.scale):
            if entry.value == level:
                return position
        raise KeyError(level)


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CompiledFrameworks(Protocol):
    """Anything that compiles frameworks by id, such as an :class:`~ictrules.Engine` (the store
    needs no more of it)."""

    def compiled(self, framework_id: str | None = None) -> CompiledFramework:
        """The checked and compiled framework with this id."""
        ...


#: What a framework's revision can be read from.
FrameworkSource = CompiledFrameworks | Framework | CompiledFramework


def revision_of(source: FrameworkSource, framework_id: str | None = None) -> FrameworkRevision:
    """The revision of a framework as an engine (with every plugin's criteria), a compiled
    framework or a bare :class:`~ictrules.Framework` defines it."""
    if not isinstance(source, Framework | CompiledFramework):
        source = source.compiled(framework_id)
    if isinstance(source, CompiledFramework):
        framework = source.framework
        bands = source.bands
        criteria = {
            (compiled.strand.code, level): [c.criterion for c in items]
            for compiled in source.strands
            for level, items in compiled.ladder
        }
    else:
        framework = source
        bands = framework.bands or DEFAULT_BANDS
        criteria = {
            (strand.code, rules.level): list(rules.criteria)
            for strand in framework.strands
            for rules in strand.levels
        }
    scale = tuple(framework.scale)
    band_data = dict(sorted(bands.lower_bounds.items()))
    strands = []
    for section in framework.sections:
        for strand in section.strands:
            levels = []
            for value, label in ((level.value, level.label) for level in scale):
                try:
                    descriptor = strand.rules_for(value).descriptor
                except KeyError:
                    descriptor = ""
                levels.append(
                    {
                        "level": value,
                        "label": label,
                        "descriptor": descriptor,
                        "criteria": [
                            {"id": c.id, "condition": c.condition, "statement": c.statement}
                            for c in criteria.get((strand.code, value), [])
                        ],
                    }
                )
            fingerprint = _digest({"levels": levels, "bands": band_data})
            strands.append(StrandDefinition(strand.code, strand.title, section.code, fingerprint))
    whole = _digest(
        {
            "title": framework.title,
            "scale": [[level.value, level.label] for level in scale],
            "strands": [attrs.astuple(strand) for strand in strands],
        }
    )
    return FrameworkRevision(
        framework.id, framework.version, framework.title, scale, tuple(strands), whole
    )


class MeaningChange(enum.Enum):
    """How a strand differs between two framework revisions."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@attrs.frozen
class StrandMeaning:
    """One strand across two revisions: whether levels under the old one still compare."""

    code: str
    title: str
    change: MeaningChange


@attrs.frozen
class VersionComparison(JsonModel):
    """Which strands changed meaning between two revisions of a framework."""

    framework: str
    old_version: str
    new_version: str
    strands: tuple[StrandMeaning, ...]

    def codes(self, change: MeaningChange) -> tuple[str, ...]:
        """The codes of the strands with this kind of change."""
        return tuple(s.code for s in self.strands if s.change is change)

    @property
    def comparable(self) -> bool:
        """True when every strand kept its meaning and none was added or removed."""
        return all(s.change is MeaningChange.UNCHANGED for s in self.strands)


def compare_revisions(old: FrameworkRevision, new: FrameworkRevision) -> VersionComparison:
    """Compare two revisions strand by strand (new strands in their order, then removed ones)."""
    rows = []
    for strand in new.strands:
        before = old.strand(strand.code)
        if before is None:
            change = MeaningChange.ADDED
        elif before.fingerprint == strand.fingerprint:
            change = MeaningChange.UNCHANGED
        else:
            change = MeaningChange.CHANGED
        rows.append(StrandMeaning(strand.code, strand.title, change))
    for strand in old.strands:
        if new.strand(strand.code) is None:
            rows.append(StrandMeaning(strand.code, strand.title, MeaningChange.REMOVED))
    return VersionComparison(old.framework, old.version, new.version, tuple(rows))
