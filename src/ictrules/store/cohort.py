"""Cohort benchmarks: how a group of schools stands, strand by strand.

A cohort is every school in a store, each represented by its latest assessment under one
framework (latest ``as_of``; for two on the same date, the one saved last), optionally only
counting assessments made on or before a date.

Levels compare only where they mean the same. The *reference* is the newest framework version
among the cohort's assessments; for each strand, a school counts when its assessment judged the
strand under the same definition (fingerprint) as the reference, and is otherwise counted as
``not_comparable``.

Definitions, over the ``schools`` that count for a strand:

* **rank**: 1 + the number of schools at a strictly better level. Schools at the same level
  share a rank ("1224" ranking), so the best rank is 1 and ties are never split arbitrarily.
* **percentile**: the percentile rank, 100 x (schools at a worse level + half the schools at
  the same level, the school itself included) / schools. A school alone at the top of 4 scores
  87.5; the middle of a five-school cohort with distinct levels scores 50.
* **median**: the median school's level, taken by position on the scale (worst first). When the
  two middle schools of an even-sized cohort differ, the median is halfway between their level
  values (Becta levels 3 and 2 give 2.5).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping

import attrs

from ..evidence import School
from ..frameworks import Level
from ._model import JsonModel
from .versions import FrameworkRevision, version_key

__all__ = [
    "CohortSummary",
    "LevelCount",
    "SchoolStanding",
    "StrandDistribution",
    "StrandStanding",
    "cohort_summary",
    "median_level",
    "median_position",
    "rank_and_percentile",
    "strand_standings",
]


@attrs.frozen
class LevelCount:
    """How many schools are at one level of a strand; ``provisional`` how many of them are
    there only as far as their evidence proves (unknown facts leave a better level open)."""

    level: int
    label: str
    schools: int
    provisional: int = 0


def _middle(counts: tuple[LevelCount, ...]) -> tuple[int, int] | None:
    positions = [index for index, count in enumerate(counts) for _ in range(count.schools)]
    if not positions:
        return None
    return statistics.median_low(positions), statistics.median_high(positions)


def median_level(counts: tuple[LevelCount, ...]) -> float | None:
    """The median level of a distribution listed worst first (see the module's definition)."""
    middle = _middle(counts)
    if middle is None:
        return None
    low, high = counts[middle[0]].level, counts[middle[1]].level
    return float(low) if low == high else (low + high) / 2


def median_position(counts: tuple[LevelCount, ...]) -> float | None:
    """The median's position on the scale (0 for the worst level), halfway between two."""
    middle = _middle(counts)
    return None if middle is None else (middle[0] + middle[1]) / 2


def rank_and_percentile(counts: tuple[LevelCount, ...], level: int) -> tuple[int, float]:
    """Rank and percentile of a school at ``level`` within a distribution listed worst first.

    The distribution must include the school itself.
    """
    levels = [count.level for count in counts]
    position = levels.index(level)
    total = sum(count.schools for count in counts)
    if counts[position].schools == 0:
        raise ValueError(f"no school at level {level} in this distribution")
    worse = sum(count.schools for count in counts[:position])
    better = sum(count.schools for count in counts[position + 1 :])
    same = counts[position].schools
    return 1 + better, 100 * (worse + same / 2) / total


@attrs.frozen
class StrandDistribution:
    """One strand across the cohort: schools per level (worst first) and the median.

    A school whose evidence leaves its level open counts at the level the evidence proves (its
    floor); ``provisional`` says how many such schools there are, so that a reader knows how far
    the distribution and the median are floors."""

    code: str
    title: str
    section: str
    counts: tuple[LevelCount, ...]
    schools: int
    not_comparable: int
    median: float | None
    provisional: int = 0

    def standing(self, level: int) -> tuple[int, float]:
        """Rank and percentile of a school at ``level`` (the school must be in the counts)."""
        return rank_and_percentile(self.counts, level)


@attrs.frozen
class CohortSummary(JsonModel):
    """Per strand, the distribution of levels across schools' latest assessments.

    ``versions`` counts the schools whose latest assessment is under each framework version;
    ``version`` is the reference version the strands are taken from.
    """

    framework: str
    version: str
    as_of: dt.date | None
    schools: int
    versions: Mapping[str, int]
    scale: tuple[Level, ...]
    strands: tuple[StrandDistribution, ...]

    def strand(self, code: str) -> StrandDistribution:
        """The distribution of one strand (``KeyError`` if the reference version lacks it)."""
        for strand in self.strands:
            if strand.code == code:
                return strand
        raise KeyError(code)


@attrs.frozen
class StrandStanding:
    """Where one school stands on one strand; ``rank`` and ``percentile`` are ``None`` when its
    level does not compare with the cohort's (judged under a different definition)."""

    code: str
    title: str
    level: int | None
    median: float | None
    rank: int | None
    out_of: int
    percentile: float | None


@attrs.frozen
class SchoolStanding(JsonModel):
    """One school's latest assessment against the cohort, strand by strand."""

    school: School
    assessment: int
    as_of: dt.date
    framework: str
    framework_version: str
    cohort: CohortSummary
    strands: tuple[StrandStanding, ...]


def cohort_summary(
    framework: str,
    as_of: dt.date | None,
    reference: FrameworkRevision,
    counted: Iterable[tuple[str, int]],
    grouped: Iterable[tuple[str, str, int, int, int]],
) -> CohortSummary:
    """A cohort's summary from counts, without the store: ``counted`` gives the number of
    schools per framework version, ``grouped`` the schools per (strand code, strand
    fingerprint, level), with how many of them are provisional there; only strands judged under
    the ``reference`` revision's definition count, the rest are not comparable."""
    versions: dict[str, int] = {}
    for version, count in counted:
        versions[version] = versions.get(version, 0) + count
    counts: dict[str, dict[int, int]] = {}
    open_: dict[str, dict[int, int]] = {}
    other: dict[str, int] = {}
    for code, fingerprint, level, count, provisional in grouped:
        wanted = reference.strand(code)
        if wanted is not None and wanted.fingerprint == fingerprint:
            counts.setdefault(code, {})[level] = count
            open_.setdefault(code, {})[level] = provisional
        else:
            other[code] = other.get(code, 0) + count
    strands = []
    total = sum(versions.values())
    for definition in reference.strands:
        levels = counts.get(definition.code, {})
        unsettled = open_.get(definition.code, {})
        row = tuple(
            LevelCount(
                level.value,
                level.label,
                levels.get(level.value, 0),
                unsettled.get(level.value, 0),
            )
            for level in reference.scale
        )
        schools = sum(levels.values())
        strands.append(
            StrandDistribution(
                definition.code,
                definition.title,
                definition.section,
                row,
                schools,
                total - schools,
                median_level(row),
                sum(unsettled.values()),
            )
        )
    summary = CohortSummary(
        framework,
        reference.version,
        as_of,
        total,
        dict(sorted(versions.items(), key=lambda item: version_key(item[0]))),
        reference.scale,
        tuple(strands),
    )
    return summary


def strand_standings(
    summary: CohortSummary,
    reference: FrameworkRevision,
    revision: FrameworkRevision,
    levels: Mapping[str, int],
) -> tuple[StrandStanding, ...]:
    """Where a school whose latest assessment (under ``revision``) gave ``levels`` stands on
    each strand of the cohort ``summary``: rank and percentile where its strand meant what the
    ``reference`` revision's does."""
    standings = []
    for distribution in summary.strands:
        level = levels.get(distribution.code)
        mine = revision.strand(distribution.code)
        theirs = reference.strand(distribution.code)
        rank: int | None = None
        percentile: float | None = None
        if (
            level is not None
            and mine is not None
            and theirs is not None
            and mine.fingerprint == theirs.fingerprint
        ):
            rank, percentile = distribution.standing(level)
        standings.append(
            StrandStanding(
                distribution.code,
                distribution.title,
                level,
                distribution.median,
                rank,
                distribution.schools,
                percentile,
            )
        )
    return tuple(standings)
