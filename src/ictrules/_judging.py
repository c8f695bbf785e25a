"""Judging one strand with its reasons: a strand's result from its levels, what to do next and
what is missing given its criteria's truth values, and the reasons as objects (each criterion's
result and the facts it read)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ._deferred import Later
from .assessments import Action, CriterionResult, FactReading, Status, StrandResult
from .compiled import CompiledCriterion, CompiledStrand
from .evidence import JudgementScale, OwnJudgement, Provenance
from .facts import FactValue, json_value
from .frameworks import Framework
from .partial import PARTIAL_TYPES

__all__ = [
    "Next",
    "Origins",
    "disagreement",
    "fact_readings",
    "judgement_scale",
    "next_steps",
    "strand_reasons",
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
    later: Later | None = None,
) -> StrandResult:
    """A strand's result from its levels: with ``later``, its reasons are worked out when
    first read; without, it has none (the levels-only result). ``judgements`` are the
    school's own, for this framework."""
    # the same object in each deferred field (see ictrules._deferred), or no reasons
    reasons: Any = () if later is None else later
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
        reasons,
        reasons,
        reasons,
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


class Next(NamedTuple):
    """What a strand's reasons add to its levels: what to do to reach the next level (each
    criterion's position in ladder order, with ``"not met"`` or ``"unknown"``) and the unknown
    facts that would settle the level."""

    actions: tuple[tuple[int, str], ...]
    missing: tuple[str, ...]


def next_steps(
    rungs: Sequence[tuple[int, int]],
    proven: int,
    possible: int,
    truths: Sequence[bool | None],
    criteria: Sequence[CompiledCriterion],
    known: Mapping[str, Any],
) -> Next:
    """A strand's next steps from its ladder's ``rungs`` (the range of each level's criteria in
    ladder order, second-worst level up), the ranks of its proven and best possible levels on
    the scale (0 for the worst), every criterion's truth value and the values ``known``. The
    facts missing are those an unknown criterion reads that are not known exactly: unknown, or
    known only in part (bounds, an open set), which a closer value would settle."""
    missing: set[str] = set()
    if proven < possible:  # else no criterion between the two levels is unknown
        for first, end in rungs[proven:possible]:
            for index in range(first, end):
                if truths[index] is None:
                    missing.update(
                        f
                        for f in criteria[index].condition.facts
                        if f not in known or known[f].__class__ in PARTIAL_TYPES
                    )
    actions: tuple[tuple[int, str], ...] = ()
    if proven < len(rungs):
        first, end = rungs[proven]
        actions = tuple(
            [
                (index, "not met" if truth is False else "unknown")
                for index, truth in zip(range(first, end), truths[first:end], strict=True)
                if truth is not True
            ]
        )
    # built as the tuple it is: a NamedTuple's __new__ is a Python call, for each strand
    return _new_next(Next, (actions, tuple(sorted(missing)) if missing else ()))


_new_next = tuple.__new__


def strand_reasons(
    span: range,
    steps: Next,
    truths: Sequence[bool | None],
    criteria: Sequence[CompiledCriterion],
    readings: Mapping[str, FactReading],
) -> dict[str, Any]:
    """A strand's reasons as :class:`~ictrules.assessments.StrandResult` holds them, by field:
    ``criteria`` (those at the positions ``span`` in ladder order, with their ``truths``,
    reading their facts from ``readings``, one per assessment), ``actions`` and ``missing``."""
    read = readings.__getitem__
    results = tuple(
        [
            CriterionResult(
                c.criterion.id,
                c.level,
                truths[index],
                c.criterion.statement,
                c.criterion.action,
                c.plugin,
                tuple(map(read, c.condition.facts)),
                c.criterion.links,
            )
            for index, c in zip(span, criteria[span.start : span.stop], strict=True)
        ]
    )
    first = span.start
    actions = tuple(
        [
            Action(r.id, r.level, r.action, reason, r.links)
            for r, reason in [(results[index - first], reason) for index, reason in steps.actions]
        ]
    )
    return {"criteria": results, "actions": actions, "missing": steps.missing}


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
