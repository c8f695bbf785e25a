"""The engine: built from plugins, it checks their declarations and assesses evidence.

There is no global state: each :class:`Engine` owns its own plugin manager, built from the
plugins it is given (or from installed entry points with :meth:`Engine.from_installed`).
"""

from __future__ import annotations

import datetime as dt
import graphlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from . import _ladders, _plugins
from .__about__ import __version__
from ._files import read_document
from .assessments import Action, Assessment, CriterionResult, FactReading, Status, StrandResult
from .bands import DEFAULT_BANDS, BandScale
from .derivations import Derivation, DerivationContext
from .entailments import CompiledEntailment, close
from .errors import (
    ConditionError,
    EvidenceError,
    FrameworkError,
    PluginError,
    Problem,
    UnknownFrameworkError,
    closest,
)
from .evidence import Evidence, JudgementScale, Vocabulary, read_evidence
from .expressions import Condition, compile_condition
from .facts import FactSpec, FactType, FactValue, check_value, is_partial, json_value
from .frameworks import Criterion, ExtraCriterion, Framework, Strand
from .intervals import normalise
from .partial import Bounds

__all__ = ["CompiledCriterion", "CompiledFramework", "CompiledStrand", "Engine"]


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


class Engine:
    """Assesses evidence against the frameworks its plugins supply.

    ``plugins`` are modules or objects with ``@hookimpl`` functions, or ``(name, plugin)`` pairs.
    Building the engine checks every declaration and compiles every condition; all problems are
    raised together as one :class:`FrameworkError`, and a plugin that raises is named in a
    :class:`PluginError`.
    """

    def __init__(self, plugins: Sequence[object | tuple[str, object]] = ()) -> None:
        self._host = _plugins.PluginHost(plugins)
        problems: list[Problem] = []
        self.facts: Mapping[str, FactSpec] = self._collect_facts(problems)
        self._vocabulary = Vocabulary(self.facts)
        frameworks = self._collect_frameworks(problems)
        self.frameworks: Mapping[str, Framework] = {
            key: value for key, (_, value) in sorted(frameworks.items())
        }
        extras = self._host.collect("ictrules_criteria", frameworks=self.frameworks)
        self._derivations = self._order_derivations(problems)
        self._compiled: dict[str, CompiledFramework] = {}
        self._ladders: dict[str, _ladders.Ladders] = {}
        self._partial_ladders: dict[str, _ladders.Ladders] = {}
        for framework_id, (plugin, framework) in sorted(frameworks.items()):
            local = [
                (p, e)
                for p, e in extras
                if isinstance(e, ExtraCriterion) and e.framework == framework_id
            ]
            self._compiled[framework_id] = self._compile(plugin, framework, local, problems)
        for plugin, extra in extras:
            if not isinstance(extra, ExtraCriterion):
                problems.append(
                    Problem(f"plugin {plugin!r}", f"ictrules_criteria returned {extra!r}")
                )
            elif extra.framework not in frameworks:
                problems.append(
                    Problem(
                        f"plugin {plugin!r}, criterion {extra.criterion.id}",
                        f"adds to unknown framework {extra.framework!r}",
                        closest(extra.framework, frameworks),
                    )
                )
        if problems:
            raise FrameworkError("plugins", problems)

    @classmethod
    def from_installed(
        cls, *, disable: Sequence[str] = (), extra: Sequence[object | tuple[str, object]] = ()
    ) -> Engine:
        """An engine over the plugins installed in the ``ictrules`` entry-point group.

        ``disable`` names entry points to leave out; ``extra`` adds plugins (an authority's
        local one, say) beside the installed ones.
        """
        return cls([*_plugins.installed_plugins(disable), *extra])

    # --- what the engine knows -----------------------------------------------------------------

    @property
    def plugins(self) -> Mapping[str, str]:
        """Registered plugin names and their versions."""
        return dict(sorted(self._host.versions.items()))

    @property
    def pluginmanager(self) -> Any:
        """The engine's own ``pluggy.PluginManager`` (for plugins that add hooks)."""
        return self._host.manager

    def framework(self, framework_id: str | None = None) -> Framework:
        """The framework with this id; with no id, the only framework installed."""
        return self.compiled(framework_id).framework

    def compiled(self, framework_id: str | None = None) -> CompiledFramework:
        """The checked and compiled form of a framework (see :meth:`framework`)."""
        if framework_id is None:
            if len(self._compiled) == 1:
                return next(iter(self._compiled.values()))
            raise UnknownFrameworkError("(none given)", self._compiled)
        try:
            return self._compiled[framework_id]
        except KeyError:
            raise UnknownFrameworkError(framework_id, self._compiled) from None

    def facts_for(self, framework_id: str | None = None) -> tuple[FactSpec, ...]:
        """The facts a framework's conditions read, with derivation inputs, sorted by id."""
        compiled = self.compiled(framework_id)
        wanted = set(compiled.facts)
        for _, derivation in self._derivations:
            if derivation.fact in wanted:
                wanted.update(derivation.inputs)
        return tuple(self.facts[fact] for fact in sorted(wanted))

    def derived_facts(self) -> Mapping[str, str]:
        """Facts a plugin can derive, with the plugin that derives each."""
        return {derivation.fact: plugin for plugin, derivation in self._derivations}

    def hook(self, name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a hook (including one a plugin added) on every plugin, each named with its items."""
        return self._host.collect(name, **kwargs)

    # --- evidence ------------------------------------------------------------------------------

    def load_evidence(
        self, source: str | Path | Mapping[str, Any], framework: str | None = None
    ) -> Evidence:
        """Read evidence from a file path or a mapping against every declared fact.

        Naming the ``framework`` also checks own judgements against its strands and levels, so
        that every problem is reported at once rather than some only at assessment.
        """
        scale = None if framework is None else _judgement_scale(self.framework(framework))
        if isinstance(source, Mapping):
            return read_evidence(source, self._vocabulary, None, scale)
        return read_evidence(read_document(source), self._vocabulary, str(source), scale)

    # --- assessing -----------------------------------------------------------------------------

    def assess(
        self,
        evidence: Evidence | Mapping[str, Any],
        framework: str | None = None,
        *,
        as_of: dt.date,
        attachments: Mapping[str, object] | None = None,
        explain: bool = True,
    ) -> Assessment:
        """Assess evidence against a framework on the date ``as_of``.

        ``attachments`` passes data such as an asset inventory to derivations. The result is a
        function of the evidence, the plugins, the attachments and ``as_of`` alone.

        With ``explain=False`` each strand keeps its level, best possible level, status,
        descriptor and own judgement but leaves ``criteria``, ``actions`` and ``missing``
        empty: the levels come from the compiled fast path (:meth:`levels`), for summaries of
        many schools.
        """
        if not isinstance(evidence, Evidence):
            evidence = self.load_evidence(evidence)
        compiled = self.compiled(framework)
        fw = compiled.framework
        self._check_judgements(fw, evidence)
        if explain:
            derived, derived_by = self.derive(evidence, as_of, attachments or {})
            values, entailed_by = self._close(compiled, derived, evidence, as_of)
            normalised = {
                fact: normalise(self.facts[fact], values[fact], compiled.bands, as_of)
                for fact in compiled.facts
                if fact in values
            }
            origins = _Origins(derived_by, entailed_by)
            strands = tuple(
                self._assess_strand(fw, strand, values, normalised, origins, evidence, as_of)
                for strand in compiled.strands
            )
        else:
            levels = self.levels(evidence, fw.id, as_of=as_of, attachments=attachments)
            strands = tuple(
                _strand_result(fw, strand, *levels[strand.strand.code], evidence)
                for strand in compiled.strands
            )
        return Assessment(
            framework=fw.id,
            framework_title=fw.title,
            framework_version=fw.version,
            as_of=as_of,
            school=evidence.school,
            scale=tuple(level.value for level in fw.scale),
            strands=strands,
            engine_version=__version__,
            plugins=self.plugins,
        )

    def levels(
        self,
        evidence: Evidence | Mapping[str, Any],
        framework: str | None = None,
        *,
        as_of: dt.date,
        attachments: Mapping[str, object] | None = None,
    ) -> dict[str, tuple[int, int]]:
        """Each strand's level and best possible level, ``{code: (level, best_possible)}``.

        The same levels as :meth:`assess` (three-valued logic included), without reasons,
        actions or traces: the fast path for many schools. The framework's ladders are compiled
        into straight-line Python on first use (see :mod:`ictrules._ladders`) and kept.
        """
        if not isinstance(evidence, Evidence):
            evidence = self.load_evidence(evidence)
        compiled = self.compiled(framework)
        key = compiled.framework.id
        if self._derivations:
            values: Mapping[str, FactValue] = self.derive(evidence, as_of, attachments or {})[0]
        else:
            values = evidence.facts
        values = self._close(compiled, values, evidence, as_of)[0]
        for fact in compiled.facts:
            if is_partial(values.get(fact)):
                # a range: the closures evaluate it, the generated source does not
                partial = self._partial_ladders.get(key)
                if partial is None:
                    partial = self._partial_ladders[key] = _ladders.interpreted(
                        compiled, self.facts
                    )
                return partial(values, as_of)
        ladders = self._ladders.get(key)
        if ladders is None:
            ladders = self._ladders[key] = _ladders.compile_ladders(compiled, self.facts)[0]
        return ladders(values, as_of)

    def ladder_source(self, framework: str | None = None) -> str:
        """The Python source :meth:`levels` runs for a framework (for reading and profiling)."""
        return _ladders.compile_ladders(self.compiled(framework), self.facts)[1]

    def _close(
        self,
        compiled: CompiledFramework,
        values: Mapping[str, FactValue],
        evidence: Evidence,
        as_of: dt.date,
    ) -> tuple[Mapping[str, FactValue], Mapping[str, tuple[str, ...]]]:
        """Check dates against ``as_of`` and close the values under the framework's
        entailments; raise :class:`EvidenceError` on a date after ``as_of`` or a contradiction."""
        problems: list[Problem] = []
        late = [fact for fact in compiled.dates if fact in values and _after(values[fact], as_of)]
        if late:
            values = dict(values)
            for fact in late:
                if self.facts[fact].future == "unknown":
                    del values[fact]
                    continue
                problems.append(
                    Problem(
                        f"facts.{fact}",
                        f"{_show(values[fact])} is after the assessment date {as_of.isoformat()}: "
                        "evidence cannot come from the future",
                        "give the date it happened, or leave the fact out if it has not yet",
                    )
                )
        entailed_by: Mapping[str, tuple[str, ...]] = {}
        if compiled.entailments and not problems:
            closure, problems = close(
                values, compiled.entailments, self.facts, compiled.bands, as_of
            )
            values, entailed_by = closure.values, closure.entailed_by
        if problems:
            raise EvidenceError(evidence.source, problems)
        return values, entailed_by

    def derive(
        self, evidence: Evidence, as_of: dt.date, attachments: Mapping[str, object]
    ) -> tuple[dict[str, FactValue], dict[str, str]]:
        """Known fact values after running derivations, and which plugin derived each new one."""
        values: dict[str, FactValue] = dict(evidence.facts)
        derived_by: dict[str, str] = {}
        memo: dict[str, object] = {}
        for plugin, derivation in self._derivations:
            if derivation.fact in values:
                continue  # what the school states wins over what a plugin derives
            context = DerivationContext(
                {name: values.get(name) for name in derivation.inputs}, as_of, attachments, memo
            )
            hook = f"derivation of {derivation.fact}"
            try:
                raw = derivation.compute(context)
            except Exception as exc:
                raise PluginError(plugin, hook, f"{type(exc).__name__}: {exc}") from exc
            if raw is None:
                continue
            value, message = check_value(self.facts[derivation.fact], raw)
            if message is not None or value is None:
                raise PluginError(plugin, hook, f"returned an invalid value: {message}")
            values[derivation.fact] = value
            derived_by[derivation.fact] = plugin
        return values, derived_by

    # --- building ------------------------------------------------------------------------------

    def _collect_facts(self, problems: list[Problem]) -> dict[str, FactSpec]:
        facts: dict[str, FactSpec] = {}
        owners: dict[str, str] = {}
        for plugin, spec in self._host.collect("ictrules_facts"):
            if not isinstance(spec, FactSpec):
                problems.append(Problem(f"plugin {plugin!r}", f"ictrules_facts returned {spec!r}"))
                continue
            if spec.id in facts:
                if facts[spec.id] != spec or owners[spec.id] == plugin:
                    problems.append(
                        Problem(
                            f"fact {spec.id}",
                            f"declared by both plugin {owners[spec.id]!r} and plugin {plugin!r}",
                        )
                    )
                continue
            facts[spec.id] = spec
            owners[spec.id] = plugin
        return dict(sorted(facts.items()))

    def _collect_frameworks(self, problems: list[Problem]) -> dict[str, tuple[str, Framework]]:
        frameworks: dict[str, tuple[str, Framework]] = {}
        for plugin, framework in self._host.collect("ictrules_frameworks"):
            if not isinstance(framework, Framework):
                problems.append(
                    Problem(f"plugin {plugin!r}", f"ictrules_frameworks returned {framework!r}")
                )
                continue
            if framework.id in frameworks:
                first = frameworks[framework.id][0]
                problems.append(
                    Problem(
                        f"framework {framework.id}",
                        f"supplied by both plugin {first!r} and plugin {plugin!r}",
                    )
                )
                continue
            for problem in framework.problems():
                problems.append(
                    Problem(
                        f"plugin {plugin!r}, framework {framework.id}, {problem.path}",
                        problem.message,
                    )
                )
            frameworks[framework.id] = (plugin, framework)
        return frameworks

    def _order_derivations(self, problems: list[Problem]) -> list[tuple[str, Derivation]]:
        by_fact: dict[str, tuple[str, Derivation]] = {}
        for plugin, derivation in self._host.collect("ictrules_derivations", facts=self.facts):
            if not isinstance(derivation, Derivation):
                problems.append(
                    Problem(f"plugin {plugin!r}", f"ictrules_derivations returned {derivation!r}")
                )
                continue
            where = f"plugin {plugin!r}, derivation of {derivation.fact}"
            undeclared = [f for f in (derivation.fact, *derivation.inputs) if f not in self.facts]
            for fact in undeclared:
                problems.append(
                    Problem(where, f"undeclared fact {fact!r}", closest(fact, self.facts))
                )
            if derivation.fact in by_fact:
                first = by_fact[derivation.fact][0]
                problems.append(
                    Problem(where, f"fact {derivation.fact!r} is also derived by plugin {first!r}")
                )
            elif not undeclared:
                by_fact[derivation.fact] = (plugin, derivation)
        graph = {fact: set(d.inputs) & set(by_fact) for fact, (_, d) in by_fact.items()}
        try:
            order = list(graphlib.TopologicalSorter(graph).static_order())
        except graphlib.CycleError as exc:
            cycle = exc.args[1]
            plugins = sorted({by_fact[fact][0] for fact in cycle if fact in by_fact})
            problems.append(
                Problem(
                    f"plugins {', '.join(repr(p) for p in plugins)}",
                    "derivations form a cycle: " + " -> ".join(cycle),
                )
            )
            return []
        return [by_fact[fact] for fact in order if fact in by_fact]

    def _compile(
        self,
        plugin: str,
        framework: Framework,
        extras: list[tuple[str, ExtraCriterion]],
        problems: list[Problem],
    ) -> CompiledFramework:
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
                            condition = compile_condition(criterion.condition, self.facts, bands)
                        except ConditionError as exc:
                            problems.append(Problem(where, str(exc)))
                            continue
                        read.update(condition.facts)
                        compiled.append(CompiledCriterion(criterion, level, condition, owner))
                    ladder.append((level, tuple(compiled)))
                strands.append(CompiledStrand(strand, section.code, tuple(ladder)))
        entailments = self._compile_entailments(plugin, framework, bands, problems)
        for entailment in entailments:
            read.update(entailment.condition.facts)
            read.update(entailment.then)
        dates = tuple(f for f in sorted(read) if self.facts[f].type is FactType.DATE)
        return CompiledFramework(
            framework, plugin, bands, tuple(strands), tuple(sorted(read)), entailments, dates
        )

    def _compile_entailments(
        self, plugin: str, framework: Framework, bands: BandScale, problems: list[Problem]
    ) -> tuple[CompiledEntailment, ...]:
        compiled = []
        for entailment in framework.entailments:
            where = f"plugin {plugin!r}, framework {framework.id}, entailment {entailment.id}"
            try:
                condition = compile_condition(entailment.when, self.facts, bands)
            except ConditionError as exc:
                problems.append(Problem(where, str(exc)))
                continue
            then: dict[str, FactValue] = {}
            for fact, raw in sorted(entailment.then.items()):
                spec = self.facts.get(fact)
                if spec is None:
                    problems.append(
                        Problem(
                            f"{where}, then.{fact}", "unknown fact id", closest(fact, self.facts)
                        )
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

    # --- assessing one strand ------------------------------------------------------------------

    def _check_judgements(self, framework: Framework, evidence: Evidence) -> None:
        problems = _judgement_scale(framework).problems(evidence.judgements)
        if problems:
            raise EvidenceError(evidence.source, problems)

    def _assess_strand(
        self,
        framework: Framework,
        compiled: CompiledStrand,
        values: Mapping[str, FactValue],
        normalised: Mapping[str, Any],
        origins: _Origins,
        evidence: Evidence,
        as_of: dt.date,
    ) -> StrandResult:
        lowest = framework.scale[0].value
        proven, possible = lowest, lowest
        proven_rank = possible_rank = 0  # ranks on the scale: the ladder starts at rank 1
        proven_open, possible_open = True, True
        results: list[CriterionResult] = []
        by_level: list[tuple[int, list[CriterionResult]]] = []
        readings: dict[str, FactReading] = {}  # one reading per fact, shared by its criteria
        for rank, (level, criteria) in enumerate(compiled.ladder, start=1):
            level_results = [
                self._criterion_result(c, values, normalised, origins, readings, as_of)
                for c in criteria
            ]
            results.extend(level_results)
            truths = [result.holds for result in level_results]
            holds: bool | None = False if False in truths else None if None in truths else True
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
                    Action(
                        r.id, level, r.action, "unknown" if r.holds is None else "not met", r.links
                    )
                    for r in level_results
                    if r.holds is not True
                ]
        return _strand_result(
            framework,
            compiled,
            proven,
            possible,
            evidence,
            criteria=tuple(results),
            actions=tuple(actions),
            missing=tuple(sorted(missing)),
        )

    def _criterion_result(
        self,
        compiled: CompiledCriterion,
        values: Mapping[str, FactValue],
        normalised: Mapping[str, Any],
        origins: _Origins,
        readings: dict[str, FactReading],
        as_of: dt.date,
    ) -> CriterionResult:
        criterion = compiled.criterion
        holds = compiled.condition.evaluate(normalised, as_of)
        read = []
        for fact in compiled.condition.facts:
            reading = readings.get(fact)
            if reading is None:
                reading = FactReading(
                    fact,
                    json_value(values.get(fact)),
                    origins.derived_by.get(fact),
                    origins.entailed_by.get(fact, ()),
                )
                readings[fact] = reading
            read.append(reading)
        return CriterionResult(
            id=criterion.id,
            level=compiled.level,
            holds=holds,
            statement=criterion.statement,
            action=criterion.action,
            plugin=compiled.plugin,
            facts=tuple(read),
            links=criterion.links,
        )


class _Origins(NamedTuple):
    """Where values not given by the evidence came from."""

    derived_by: Mapping[str, str]
    entailed_by: Mapping[str, tuple[str, ...]]


def _after(value: FactValue, as_of: dt.date) -> bool:
    """A date, or a range of dates, that lies wholly after ``as_of``."""
    if isinstance(value, Bounds):
        low = value.at_least if value.at_least is not None else value.more_than
        return isinstance(low, dt.date) and low > as_of
    return isinstance(value, dt.date) and value > as_of


def _show(value: FactValue) -> str:
    return str(value) if isinstance(value, Bounds) else str(json_value(value))


def _strand_result(
    framework: Framework,
    compiled: CompiledStrand,
    level: int,
    best: int,
    evidence: Evidence,
    criteria: tuple[CriterionResult, ...] = (),
    actions: tuple[Action, ...] = (),
    missing: tuple[str, ...] = (),
) -> StrandResult:
    """A strand's result from its levels; with no reasons given, the unexplained result."""
    strand = compiled.strand
    rank = framework.rank(level)
    judgement = evidence.judgements.get(strand.code)
    return StrandResult(
        code=strand.code,
        title=strand.title,
        section=compiled.section,
        level=level,
        best_possible=best,
        status=Status.DETERMINED if level == best else Status.PROVISIONAL,
        descriptor=strand.rules_for(level).descriptor,
        next_level=framework.scale[rank + 1].value if rank + 1 < len(framework.scale) else None,
        criteria=criteria,
        actions=actions,
        missing=missing,
        judgement=judgement,
        disagreement=_disagreement(framework, judgement, level, best),
    )


def _judgement_scale(framework: Framework) -> JudgementScale:
    return JudgementScale(
        framework.id,
        tuple(strand.code for strand in framework.strands),
        tuple(level.value for level in framework.scale),
    )


def _disagreement(framework: Framework, judgement: Any, proven: int, possible: int) -> str | None:
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
