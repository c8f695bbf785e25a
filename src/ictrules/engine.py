"""The engine: built from plugins, it checks their declarations and assesses evidence.

There is no global state: each :class:`Engine` owns its own plugin manager, built from the
plugins it is given (or from installed entry points with :meth:`Engine.from_installed`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pluggy

from . import _ladders, _plugins
from .__about__ import __version__
from ._collect import collect_extras, collect_facts, collect_frameworks, order_derivations
from ._judging import Origins, judgement_scale, strand_result
from ._reasons import DeferredReasons, Templates
from ._text import preview
from .assessments import Assessment, StrandResult
from .compiled import CompiledCriterion, CompiledFramework, CompiledStrand, compile_framework
from .derivations import Derivation, DerivationContext
from .entailments import Narrowings, close
from .errors import (
    DerivationError,
    EvidenceError,
    FrameworkError,
    Problem,
    UnknownFrameworkError,
)
from .evidence import Evidence, JudgementScale, OwnJudgement, Provenance, Vocabulary, read_evidence
from .facts import FactSpec, FactValue, check_value, is_partial, json_value
from .files import read_document
from .frameworks import Framework
from .intervals import normalise
from .partial import PARTIAL_TYPES, Bounds

__all__ = ["Engine"]


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
        self.facts: Mapping[str, FactSpec] = collect_facts(self._host, problems)
        self._vocabulary = Vocabulary(self.facts)
        self._scales: dict[str, JudgementScale] = {}  # per framework id, built on first use
        #: Levels-only strand results without an own judgement, by framework, strand and
        #: levels: a few per strand, shared by every assessment that reaches them (they are
        #: immutable), so a summary of thousands of schools makes a handful.
        self._results: dict[tuple[str, str, int, int], StrandResult] = {}
        self._narrowings: dict[str, Narrowings] = {}  # entailments' narrowings kept, likewise
        self._truth_functions: dict[str, _ladders.Truths | None] = {}
        self._condition_functions: dict[str, tuple[_ladders.ConditionTruth | None, ...]] = {}
        #: The data of each framework's criteria, actions and readings as a converter makes
        #: it, by converter: what writing an assessment fills in (see ictrules._reasons).
        self._templates: dict[str, dict[int, Templates]] = {}
        frameworks = collect_frameworks(self._host, problems)
        self.frameworks: Mapping[str, Framework] = {
            key: value for key, (_, value) in sorted(frameworks.items())
        }
        extras = collect_extras(self._host, self.frameworks, problems)
        self._derivations = order_derivations(self._host, self.facts, problems)
        self._compiled: dict[str, CompiledFramework] = {
            framework_id: compile_framework(
                plugin, framework, extras.get(framework_id, []), self.facts, problems
            )
            for framework_id, (plugin, framework) in sorted(frameworks.items())
        }
        self._ladders: dict[str, _ladders.Ladders] = {}
        self._partial_ladders: dict[str, _ladders.Ladders] = {}
        if problems:
            raise FrameworkError("plugins", problems)

    @classmethod
    def from_installed(
        cls, *, disable: Sequence[str] = (), extra: Sequence[object | tuple[str, object]] = ()
    ) -> Engine:
        """An engine over the plugins installed in the ``ictrules`` entry-point group.

        ``disable`` names entry points to leave out (one name, or several; ``all`` for every
        one), each an installed plugin's, else a :class:`PluginError` with the nearest name;
        ``extra`` adds plugins (an authority's local one, say) beside the installed ones.
        """
        return cls([*_plugins.installed_plugins(disable), *extra])

    # --- what the engine knows -----------------------------------------------------------------

    @property
    def plugins(self) -> Mapping[str, str]:
        """Registered plugin names and their versions."""
        return dict(sorted(self._host.versions.items()))

    @property
    def pluginmanager(self) -> pluggy.PluginManager:
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

    @property
    def derivations(self) -> Mapping[str, Derivation]:
        """Each derivable fact's :class:`~ictrules.Derivation`, in the order they run."""
        return {derivation.fact: derivation for _, derivation in self._derivations}

    def derived_facts(self) -> Mapping[str, str]:
        """Facts a plugin can derive, with the plugin that derives each."""
        return {derivation.fact: plugin for plugin, derivation in self._derivations}

    def hook(self, name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a hook (including one a plugin added) on every plugin, each named with its items."""
        return self._host.collect(name, **kwargs)

    # --- evidence ------------------------------------------------------------------------------

    def load_evidence(
        self,
        source: str | Path | Mapping[str, Any],
        framework: str | None = None,
        *,
        as_of: dt.date | None = None,
    ) -> Evidence:
        """Read evidence from a file path or a mapping against every declared fact.

        Naming the ``framework`` also checks own judgements against its strands and levels,
        and with ``as_of`` the dates the framework reads and the dates evidence was gathered
        against that assessment date, so that every problem is reported at once rather than
        some only at assessment. Raises :class:`EvidenceError` listing them.
        """
        scale = None if framework is None else self._scale(self.framework(framework))
        dated = None
        if framework is not None and as_of is not None:
            compiled, day = self.compiled(framework), _day(as_of)

            def dated(
                values: Mapping[str, FactValue], provenance: Mapping[str, Provenance]
            ) -> list[Problem]:
                return self._future(compiled, values, provenance, as_of=day)[0]

        if isinstance(source, dict | Mapping):  # a dict first: no look at Mapping's registry
            return read_evidence(source, self._vocabulary, None, scale, dated=dated)
        if not isinstance(source, str | os.PathLike):
            got = type(source).__name__
            problem = Problem("", f"expected a file's path or a mapping, got {got}")
            raise EvidenceError(None, [problem])
        # held to the limits as evidence is read: the facts its fast path reads are within them
        document = read_document(source, check_limits=False)
        return read_evidence(document, self._vocabulary, str(source), scale, dated=dated)

    def _scale(self, framework: Framework) -> JudgementScale:
        """The strands and levels own judgements may name in ``framework``."""
        scale = self._scales.get(framework.id)
        if scale is None:
            scale = self._scales[framework.id] = judgement_scale(framework)
        return scale

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

        Each strand's levels come from the framework's compiled ladders (as :meth:`levels`);
        its reasons (``criteria``, ``actions``, ``missing``) are worked out when first read, and
        :meth:`Assessment.to_json` writes them without making them. The assessment is the same
        either way: it compares, prints, pickles and writes as one whose reasons were made at
        once. Faults in the evidence (a date after ``as_of``, a contradiction under the
        framework's entailments, a derivation that fails) raise here, not when reasons are read.

        With ``explain=False`` each strand keeps its level, best possible level, status,
        descriptor and own judgement but leaves ``criteria``, ``actions`` and ``missing``
        empty: the levels come from the compiled fast path (:meth:`levels`), for summaries of
        many schools.
        """
        if type(as_of) is not dt.date:
            as_of = _day(as_of)
        if not isinstance(evidence, Evidence):
            evidence = self.load_evidence(evidence)
        compiled = self.compiled(framework)
        fw = compiled.framework
        self._check_judgements(fw, evidence)
        judgements = evidence.judgements_for(fw.id)
        if explain:
            derived, derived_by = self.derive(evidence, as_of, attachments or {})
            values, entailed_by = self._close(compiled, derived, evidence, as_of)
            partial = _partial_facts(values, evidence, derived_by, entailed_by)
            # every criterion's truth value is worked out here, so that what a condition makes
            # of the evidence raises here as it always did; with values known in part the
            # levels are climbed on them, else the generated ladders give them
            truths = self._all_truths(compiled, values, partial, as_of)
            if partial:
                levels = _ladders.climb(compiled, _rungs_of(compiled, truths))
            else:
                levels = self._levels_of(compiled, values, partial, as_of)
            # the reasons are worked out from them when first read (ictrules._reasons): many
            # uses of an assessment (levels, a report of one strand, its JSON) never make them
            later = DeferredReasons(
                compiled,
                truths,
                values,
                Origins(derived_by, entailed_by),
                dict(evidence.provenance),  # as it is now: the caller's mapping may change
                self._templates.setdefault(fw.id, {}),
            )
            strands = tuple(
                strand_result(fw, strand, *levels[strand.strand.code], judgements, later)
                for strand in compiled.strands
            )
        else:
            levels = self.levels(evidence, fw.id, as_of=as_of, attachments=attachments)
            strands = tuple(
                self._unexplained(fw, strand, *levels[strand.strand.code], judgements)
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

    def _unexplained(
        self,
        framework: Framework,
        strand: CompiledStrand,
        level: int,
        best: int,
        judgements: Mapping[str, OwnJudgement],
    ) -> StrandResult:
        """A strand's levels-only result (see :func:`~ictrules._judging.strand_result`)."""
        if strand.strand.code in judgements:
            return strand_result(framework, strand, level, best, judgements)
        key = (framework.id, strand.strand.code, level, best)
        result = self._results.get(key)
        if result is None:
            result = self._results[key] = strand_result(framework, strand, level, best, {})
        return result

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
        if type(as_of) is not dt.date:
            as_of = _day(as_of)
        if not isinstance(evidence, Evidence):
            evidence = self.load_evidence(evidence)
        compiled = self.compiled(framework)
        derived: Mapping[str, FactValue] = evidence.facts
        derived_by: Mapping[str, str] = {}
        if self._derivations:
            derived, derived_by = self.derive(evidence, as_of, attachments or {})
        values, entailed_by = self._close(compiled, derived, evidence, as_of)
        partial = _partial_facts(values, evidence, derived_by, entailed_by)
        return self._levels_of(compiled, values, partial, as_of)

    def _levels_of(
        self,
        compiled: CompiledFramework,
        values: Mapping[str, FactValue],
        partial: Sequence[str],
        as_of: dt.date,
    ) -> dict[str, tuple[int, int]]:
        """Each strand's levels from the closed fact values (``partial`` names the values
        known only in part)."""
        key = compiled.framework.id
        if partial:
            # ranges: the generated truths for the criteria that read none, closures for the
            # criteria that do, then each ladder climbed on those truths
            found = self._truth_values(compiled, values, partial, as_of)
            if found is not None:
                return _ladders.climb(compiled, _rungs_of(compiled, found))
            interpreted = self._partial_ladders.get(key)
            if interpreted is None:
                interpreted = self._partial_ladders[key] = _ladders.interpreted(
                    compiled, self.facts
                )
            return interpreted(values, as_of)
        ladders = self._ladders.get(key)
        if ladders is None:
            ladders = self._ladders[key] = _ladders.compile_ladders(compiled, self.facts)[0]
        return ladders(values, as_of)

    def _all_truths(
        self,
        compiled: CompiledFramework,
        values: Mapping[str, FactValue],
        partial: Sequence[str],
        as_of: dt.date,
    ) -> list[bool | None]:
        """Every criterion's truth value in ladder order: generated, or where the framework's
        conditions could not be compiled, each condition's closures on the normalised values."""
        found = self._truth_values(compiled, values, partial, as_of)
        if found is not None:
            return found
        normalised = {
            fact: normalise(self.facts[fact], values[fact], compiled.bands, as_of)
            for fact in compiled.facts
            if fact in values
        }
        return [c.condition.evaluate(normalised, as_of) for c in compiled.order.criteria]

    def _truth_values(
        self,
        compiled: CompiledFramework,
        values: Mapping[str, FactValue],
        partial: Sequence[str],
        as_of: dt.date,
    ) -> list[bool | None] | None:
        """Every criterion's truth value in ladder order, or ``None`` where the framework's
        conditions could not be compiled (then each is evaluated through its closures).

        The generated source reads exact values. A value known only in part (bounds, an open
        set, from the evidence or an entailment: ``partial`` names them) is left out of what it
        reads, and each criterion that reads such a fact is evaluated again through its
        closures, on that criterion's facts alone: evidence is mostly exact, so a few criteria
        are, not all of them."""
        truths = self._truths(compiled)
        if truths is None:
            return None
        if not partial:
            return list(truths(values, as_of))
        exact = {fact: value for fact, value in values.items() if type(value) not in PARTIAL_TYPES}
        found = list(truths(exact, as_of))
        criteria, readers = compiled.order.criteria, compiled.order.readers
        again = sorted({index for fact in partial for index in readers.get(fact, ())})
        for index in again:
            condition = criteria[index].condition
            normalised = {
                fact: normalise(self.facts[fact], values[fact], compiled.bands, as_of)
                for fact in condition.facts
                if fact in values
            }
            found[index] = condition.evaluate(normalised, as_of)
        return found

    def _entailment_conditions(
        self, compiled: CompiledFramework
    ) -> tuple[_ladders.ConditionTruth | None, ...]:
        """The framework's entailment conditions as generated code, built on first use."""
        key = compiled.framework.id
        found = self._condition_functions.get(key)
        if found is None:
            found = self._condition_functions[key] = _ladders.compile_entailment_conditions(
                compiled
            )
        return found

    def _truths(self, compiled: CompiledFramework) -> _ladders.Truths | None:
        """The framework's generated truth values for exact evidence, built on first use."""
        key = compiled.framework.id
        if key not in self._truth_functions:
            self._truth_functions[key] = _ladders.compile_truths(compiled)
        return self._truth_functions[key]

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
        """Check dates (values, and the dates evidence was gathered) against ``as_of`` and
        close the values under the framework's entailments; raise :class:`EvidenceError` on a
        date after ``as_of`` or a contradiction."""
        problems, unknown = self._future(compiled, values, evidence.provenance, as_of=as_of)
        if unknown:  # a date yet to come, for a fact whose framework reads it as unknown
            values = {fact: value for fact, value in values.items() if fact not in unknown}
        entailed_by: Mapping[str, tuple[str, ...]] = {}
        if compiled.entailments and not problems:
            narrowings = self._narrowings.setdefault(compiled.framework.id, {})
            closure, problems = close(
                values,
                compiled.entailments,
                self.facts,
                compiled.bands,
                as_of,
                narrowings,
                self._entailment_conditions(compiled),
            )
            values, entailed_by = closure.values, closure.entailed_by
            problems = [_from_survey(problem, evidence) for problem in problems]
        if problems:
            raise EvidenceError(evidence.source, problems)
        return values, entailed_by

    def _future(
        self,
        compiled: CompiledFramework,
        values: Mapping[str, FactValue],
        provenance: Mapping[str, Provenance],
        *,
        as_of: dt.date,
    ) -> tuple[list[Problem], list[str]]:
        """A problem for each date the framework reads, and each date evidence was gathered,
        after ``as_of`` (evidence cannot come from the future); and the facts whose date is
        after it but which the framework reads as unknown until then (no problem)."""
        problems: list[Problem] = []
        unknown: list[str] = []
        for fact in compiled.dates:
            value = values.get(fact)
            if value is None or not _after(value, as_of):
                continue
            if self.facts[fact].future == "unknown":
                unknown.append(fact)
                continue
            problems.append(
                Problem(
                    f"facts.{fact}",
                    f"{_show(value)} is after the assessment date {as_of.isoformat()}: "
                    "evidence cannot come from the future",
                    "give the date it happened, or leave the fact out if it has not yet",
                )
            )
        for fact, given in sorted(provenance.items()) if provenance else ():
            if given.date is not None and given.date > as_of:
                problems.append(
                    Problem(
                        f"facts.{fact}.date",
                        f"the evidence is dated {given.date.isoformat()}, after the "
                        f"assessment date {as_of.isoformat()}: it cannot come from the future",
                        "give the date it was gathered, or assess as of a later date",
                    )
                )
        return problems, unknown

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
                raise DerivationError(
                    plugin, hook, f"{type(exc).__name__}: {exc}", evidence.source
                ) from exc
            if raw is None:
                continue
            value, message = check_value(self.facts[derivation.fact], raw)
            if message is not None or value is None:
                raise DerivationError(
                    plugin, hook, f"returned an invalid value: {message}", evidence.source
                )
            values[derivation.fact] = value
            derived_by[derivation.fact] = plugin
        return values, derived_by

    # --- building ------------------------------------------------------------------------------

    # --- assessing one strand ------------------------------------------------------------------

    def _check_judgements(self, framework: Framework, evidence: Evidence) -> None:
        keyed = framework.id in evidence.framework_judgements
        where = f"judgements.{framework.id}" if keyed else "judgements"
        own = evidence.judgements_for(framework.id)
        problems = self._scale(framework).problems(own, where)
        if problems:
            raise EvidenceError(evidence.source, problems)


def _rungs_of(
    compiled: CompiledFramework, truths: Sequence[bool | None]
) -> Callable[[Sequence[CompiledCriterion]], list[bool | None]]:
    """For :func:`~ictrules._ladders.climb`: the truth values of a rung's criteria, from every
    criterion's in ladder order."""
    position = compiled.order.positions
    return lambda criteria: [truths[position[id(c)]] for c in criteria]


def _partial_facts(
    values: Mapping[str, FactValue],
    evidence: Evidence,
    derived_by: Mapping[str, str],
    entailed_by: Mapping[str, Any],
) -> tuple[str, ...]:
    """The facts whose values are known only in part (bounds, an open set): none, without a
    look at the values, when nothing the evidence gives, a plugin derives or an entailment
    narrows can be (the generated source evaluates exact values; ranges go through each
    condition's closures)."""
    if not (
        entailed_by or evidence.has_partial or any(is_partial(values.get(f)) for f in derived_by)
    ):
        return ()
    return tuple(fact for fact, value in values.items() if type(value) in PARTIAL_TYPES)


def _day(as_of: object) -> dt.date:
    """``as_of`` as a date: a ``datetime`` gives its date (an assessment is of a day); anything
    else is a ``TypeError`` naming it."""
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    raise TypeError(
        f"as_of must be a datetime.date, got {type(as_of).__name__} {preview(as_of)}"
        + ("; use datetime.date.fromisoformat(...)" if isinstance(as_of, str) else "")
    )


def _after(value: FactValue, as_of: dt.date) -> bool:
    """A date, or a range of dates, that lies wholly after ``as_of``."""
    if isinstance(value, Bounds):
        low = value.at_least if value.at_least is not None else value.more_than
        return isinstance(low, dt.date) and low > as_of
    return isinstance(value, dt.date) and value > as_of


def _show(value: FactValue) -> str:
    return str(value) if isinstance(value, Bounds) else str(json_value(value))


def _from_survey(problem: Problem, evidence: Evidence) -> Problem:
    """A problem with a fact a survey gave says so: the evidence file does not hold it."""
    fact = problem.path.removeprefix("facts.")
    provenance = evidence.provenance.get(fact)
    if provenance is None or provenance.source != "survey" or fact == problem.path:
        return problem
    told = f": {provenance.note}" if provenance.note else ""
    return attrs.evolve(problem, message=f"{problem.message} (this value is from a survey{told})")
