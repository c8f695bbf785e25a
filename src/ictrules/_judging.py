"""Judging one strand with its reasons: climbing its ladder in three-valued logic, recording
each criterion's result and the facts it read, and what to do next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from .assessments import Action, CriterionResult, FactReading, Status, StrandResult
from .compiled import CompiledStrand
from .evidence import JudgementScale, OwnJudgement, Provenance
from .facts import FactValue, json_value
from .frameworks import Framework

__all__ = [
    "Origins",
    "disagreement",
    "fact_readings",
    "judge_strand",
    "judgement_scale",
    "strand_result",
]


class Origins(NamedTuple):
    """Where values not given by the evidence came from."""

    derived_by: Mapping[str, str]
    entailed_by: Mapping[str, tuple[str, ...]]


def strand_result(
    framework: Framework,
    compiled: CompiledStrand,
    level: int,
    best: int,
    judgements: Mapping[str, OwnJudgement],
    criteria: tuple[CriterionResult, ...] = (),
    actions: tuple[Action, ...] = (),
    missing: tuple[str, ...] = (),
) -> StrandResult:
    """A strand's result from its levels; with no reasons given, the unexplained result.
    ``judgements`` are the school's own, for this framework."""
    strand = compiled.strand
    rank = framework.rank(level)
    judgement = judgements.get(strand.code)
    return StrandResult(
        strand.code,
        strand.title,
        compiled.section,
        level,
        best,
        Status.DETERMINED if level == best else Status.PROVISIONAL,
        strand.rules_for(level).descriptor,
        framework.scale[rank + 1].value if rank + 1 < len(framework.scale) else None,
        criteria,
        actions,
        missing,
        judgement,
        None if judgement is None else disagreement(framework, judgement, level, best),
    )


def judgement_scale(framework: Framework) -> JudgementScale:
    return JudgementScale(
        framework.id,
        tuple(strand.code for strand in framework.strands),
        tuple(level.value for level in framework.scale),
    )


def disagreement(framework: Framework, judgement: Any, proven: int, possible: int) -> str | None:
    if judgement is None:
        return None
    own = framework.rank(judgement.level)
    if own > framework.rank(possible):
        return (
            f"own judgement (level {judgement.level}) is better than the evidence supports "
            f"(at best level {possible})"
        )
    if own < framework.rank(proven):
        return (
            f"own judgement (level {judgement.level}) is below what the evidence shows "
            f"(level {proven})"
        )
    return None


def judge_strand(
    framework: Framework,
    compiled: CompiledStrand,
    normalised: Mapping[str, Any],
    readings: Mapping[str, FactReading],
    judgements: Mapping[str, OwnJudgement],
    as_of: dt.date,
    truths: Iterator[bool | None] | None = None,
) -> StrandResult:
    """A strand's result with its reasons, each criterion reading its facts from ``readings``
    (one per assessment, shared by every strand). ``truths``, when given,
    yields each criterion's truth value in ladder order (from the generated
    :func:`~ictrules._ladders.compile_truths`) instead of evaluating its condition on
    ``normalised``."""
    lowest = framework.scale[0].value
    proven, possible = lowest, lowest
    proven_rank = possible_rank = 0  # ranks on the scale: the ladder starts at rank 1
    proven_open, possible_open = True, True
    results: list[CriterionResult] = []
    by_level: list[tuple[int, list[CriterionResult]]] = []
    read = readings.__getitem__
    for rank, (level, criteria) in enumerate(compiled.ladder, start=1):
        level_results = [
            CriterionResult(
                c.criterion.id,
                c.level,
                c.condition.evaluate(normalised, as_of) if truths is None else next(truths),
                c.criterion.statement,
                c.criterion.action,
                c.plugin,
                tuple(map(read, c.condition.facts)),
                c.criterion.links,
            )
            for c in criteria
        ]
        results.extend(level_results)
        found = [result.holds for result in level_results]
        holds: bool | None = False if False in found else None if None in found else True
        if proven_open:
            if holds is True:
                proven, proven_rank = level, rank
            else:
                proven_open = False
        if possible_open:
            if holds is False:
                possible_open = False
            else:
                possible, possible_rank = level, rank
        by_level.append((level, level_results))
    missing: set[str] = set()
    actions: list[Action] = []
    for rank, (level, level_results) in enumerate(by_level, start=1):
        if proven_rank < rank <= possible_rank:
            for result in level_results:
                if result.holds is None:
                    missing.update(r.fact for r in result.facts if r.value is None)
        if rank == proven_rank + 1:
            actions = [
                Action(r.id, level, r.action, "unknown" if r.holds is None else "not met", r.links)
                for r in level_results
                if r.holds is not True
            ]
    return strand_result(
        framework,
        compiled,
        proven,
        possible,
        judgements,
        criteria=tuple(results),
        actions=tuple(actions),
        missing=tuple(sorted(missing)),
    )


def fact_readings(
    facts: tuple[str, ...],
    values: Mapping[str, FactValue],
    origins: Origins,
    provenance: Mapping[str, Provenance],
) -> dict[str, FactReading]:
    """One :class:`FactReading` for each of ``facts`` (those the framework's criteria read),
    shared by every criterion that reads it: a reading depends only on the assessment, not on
    the criterion."""
    derived_by, entailed_by = origins
    if not derived_by and not entailed_by and not provenance:  # values as stated, no more
        return {fact: FactReading(fact, json_value(values.get(fact))) for fact in facts}
    return {
        fact: FactReading(
            fact,
            json_value(values.get(fact)),
            derived_by.get(fact),
            entailed_by.get(fact, ()),
            # where a stated value came from; a derived value has the plugin as its origin
            None if fact in derived_by else provenance.get(fact),
        )
        for fact in facts
    }
