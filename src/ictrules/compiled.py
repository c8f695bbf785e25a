"""Compiled frameworks: a framework's criteria and entailments checked against the declared
facts and compiled once, ready for the engine to evaluate many times."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import attrs

from .bands import DEFAULT_BANDS, BandScale
from .entailments import CompiledEntailment
from .errors import ConditionError, Problem, closest
from .expressions import Condition, compile_condition
from .facts import FactSpec, FactType, FactValue, check_value
from .frameworks import Criterion, ExtraCriterion, Framework, Strand

__all__ = [
    "CompiledCriterion",
    "CompiledFramework",
    "CompiledStrand",
    "CriteriaOrder",
    "compile_framework",
]


@attrs.frozen
class CompiledCriterion:
    """A criterion with its compiled condition, its level and the plugin that supplied it."""

    criterion: Criterion
    level: int
    condition: Condition
    plugin: str


@attrs.frozen
class CompiledStrand:
    """A strand ready to evaluate: ``ladder`` holds, from the second-worst level up to the best,
    each level and its criteria."""

    strand: Strand
    section: str
    ladder: tuple[tuple[int, tuple[CompiledCriterion, ...]], ...]


@attrs.frozen
class CompiledFramework:
    """A framework whose conditions have been checked and compiled, with the facts they read."""

    framework: Framework
    plugin: str
    bands: BandScale
    strands: tuple[CompiledStrand, ...]
    facts: tuple[str, ...]
    entailments: tuple[CompiledEntailment, ...] = ()
    dates: tuple[str, ...] = ()

    @functools.cached_property
    def order(self) -> CriteriaOrder:
        """The criteria in ladder order and the facts they read (see :class:`CriteriaOrder`)."""
        criteria = tuple(
            criterion
            for strand in self.strands
            for _, level in strand.ladder
            for criterion in level
        )
        readers: dict[str, list[int]] = {}
        for index, criterion in enumerate(criteria):
            for fact in dict.fromkeys(criterion.condition.facts):
                readers.setdefault(fact, []).append(index)
        rungs: dict[str, tuple[tuple[int, int], ...]] = {}
        first = 0
        for strand in self.strands:
            spans = []
            for _, level in strand.ladder:
                spans.append((first, first + len(level)))
                first += len(level)
            rungs[strand.strand.code] = tuple(spans)
        return CriteriaOrder(
            criteria,
            tuple(readers),
            {fact: tuple(found) for fact, found in readers.items()},
            {id(criterion): index for index, criterion in enumerate(criteria)},
            rungs,
        )


class CriteriaOrder(NamedTuple):
    """A compiled framework's criteria in ladder order (strand by strand, lowest level first:
    the order of the generated truth values); the facts they read, each once, in the order
    first read; for each fact the positions of the criteria that read it; each criterion's
    position by its ``id`` (the compiled framework keeps its criteria); and for each strand by its
    code, where each rung of its ladder (second-worst level up to the best) has its criteria, as
    the range ``(first, end)`` of their positions."""

    criteria: tuple[CompiledCriterion, ...]
    facts: tuple[str, ...]
    readers: Mapping[str, tuple[int, ...]]
    positions: Mapping[int, int]
    rungs: Mapping[str, tuple[tuple[int, int], ...]]

    def span(self, code: str) -> range:
        """The positions of one strand's criteria, all its rungs together."""
        rungs = self.rungs[code]
        return range(rungs[0][0], rungs[-1][1]) if rungs else range(0)


def compile_framework(
    plugin: str,
    framework: Framework,
    extras: Sequence[tuple[str, ExtraCriterion]],
    facts: Mapping[str, FactSpec],
    problems: list[Problem],
) -> CompiledFramework:
    """Check and compile one framework: its criteria (and those ``extras`` add to its strands)
    and its entailments, against the declared ``facts``; each fault is added to ``problems``
    with the plugin, framework, strand, level and criterion it concerns. A fact the framework
    ``needs`` from a plugin that is not there is one problem naming both, and nothing of the
    framework is compiled."""
    missing = sorted(fact for fact in framework.needs if fact not in facts)
    for provider in sorted({framework.needs[fact] for fact in missing}):
        wanted = ", ".join(repr(fact) for fact in missing if framework.needs[fact] == provider)
        problems.append(
            Problem(
                f"plugin {plugin!r}, framework {framework.id}",
                f"needs facts that plugin {provider!r} declares ({wanted}), and no plugin "
                "declares them: install or enable that plugin",
            )
        )
    if missing:
        return CompiledFramework(framework, plugin, framework.bands or DEFAULT_BANDS, (), ())
    bands = framework.bands or DEFAULT_BANDS
    order = [level.value for level in framework.scale]
    added: dict[tuple[str, int], list[tuple[str, Criterion]]] = {}
    codes = {strand.code for strand in framework.strands}
    ids = {c.id for s in framework.strands for r in s.levels for c in r.criteria}
    for extra_plugin, extra in extras:
        where = f"plugin {extra_plugin!r}, criterion {extra.criterion.id}"
        if extra.strand not in codes:
            problems.append(
                Problem(
                    where,
                    f"adds to unknown strand {extra.strand!r} of {framework.id}",
                    closest(extra.strand, codes),
                )
            )
        elif extra.level not in order[1:]:
            problems.append(
                Problem(
                    where,
                    f"level {extra.level} is not a level above the "
                    f"lowest of {framework.id}: {order[1:]}",
                )
            )
        elif extra.criterion.id in ids:
            problems.append(Problem(where, "criterion id already used in " + framework.id))
        else:
            ids.add(extra.criterion.id)
            added.setdefault((extra.strand, extra.level), []).append(
                (extra_plugin, extra.criterion)
            )
    read: set[str] = set()
    strands = []
    for section in framework.sections:
        for strand in section.strands:
            ladder = []
            for level in order[1:]:
                try:
                    own = [(plugin, c) for c in strand.rules_for(level).criteria]
                except KeyError:
                    own = []
                compiled = []
                for owner, criterion in own + added.get((strand.code, level), []):
                    where = (
                        f"plugin {owner!r}, framework {framework.id}, strand "
                        f"{strand.code}, level {level}, criterion {criterion.id}"
                    )
                    try:
                        condition = compile_condition(criterion.condition, facts, bands)
                    except ConditionError as exc:
                        located = framework.where(criterion.id) if owner == plugin else ""
                        problems.append(Problem(where, f"{exc}{located}"))
                        continue
                    read.update(condition.facts)
                    compiled.append(CompiledCriterion(criterion, level, condition, owner))
                ladder.append((level, tuple(compiled)))
            strands.append(CompiledStrand(strand, section.code, tuple(ladder)))
    entailments = _compile_entailments(plugin, framework, bands, facts, problems)
    _check_surveys(plugin, framework, facts, problems)
    for entailment in entailments:
        read.update(entailment.condition.facts)
        read.update(entailment.then)
    dates = tuple(f for f in sorted(read) if facts[f].type is FactType.DATE)
    return CompiledFramework(
        framework, plugin, bands, tuple(strands), tuple(sorted(read)), entailments, dates
    )


def _compile_entailments(
    plugin: str,
    framework: Framework,
    bands: BandScale,
    facts: Mapping[str, FactSpec],
    problems: list[Problem],
) -> tuple[CompiledEntailment, ...]:
    compiled = []
    for entailment in framework.entailments:
        where = f"plugin {plugin!r}, framework {framework.id}, entailment {entailment.id}"
        try:
            condition = compile_condition(entailment.when, facts, bands)
        except ConditionError as exc:
            problems.append(Problem(where, f"{exc}{framework.where(entailment.id)}"))
            continue
        then: dict[str, FactValue] = {}
        for fact, raw in sorted(entailment.then.items()):
            spec = facts.get(fact)
            if spec is None:
                problems.append(
                    Problem(f"{where}, then.{fact}", "unknown fact id", closest(fact, facts))
                )
                continue
            value, message = check_value(spec, raw)
            if message is not None or value is None:
                problems.append(Problem(f"{where}, then.{fact}", message or "no value"))
                continue
            then[fact] = value
        if len(then) == len(entailment.then):
            compiled.append(CompiledEntailment(entailment, condition, then, plugin))
    return tuple(compiled)


def _check_surveys(
    plugin: str, framework: Framework, facts: Mapping[str, FactSpec], problems: list[Problem]
) -> None:
    """Each survey question measures a declared proportion fact."""
    for index, question in enumerate(framework.surveys):
        where = f"plugin {plugin!r}, framework {framework.id}, surveys[{index}].fact"
        spec = facts.get(question.fact)
        if spec is None:
            problems.append(Problem(where, "unknown fact id", closest(question.fact, facts)))
        elif spec.type is not FactType.PROPORTION:
            problems.append(
                Problem(
                    where,
                    f"{question.fact} is a {spec.type.value} fact; a survey measures a share, "
                    "so its fact must be a proportion",
                )
            )
