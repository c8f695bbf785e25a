"""The framework check: a linter for framework plugins, callable in one line from a test.

::

    from ictrules.lint import check_framework
    check_framework([my_plugin], "my-framework")      # raises FrameworkCheckError on an error

:func:`framework_findings` returns the findings instead of raising. What is checked:

* the engine builds (a criterion reading an undeclared fact is reported with its location);
* every level above the lowest gives an action: it has criteria, each with an action;
* no criterion is constant: each holds for some evidence and fails for some other;
* every level of every strand can be reached by some evidence;
* with every question answered, no strand stays provisional (derived facts are left to the
  plugins' derivations, with the ``attachments`` given, if any);
* a criterion reading a proportion is decided when the school answers with a band name;
* results do not change when the plugins are registered in the reverse order;
* raising an ordered fact (integer, number, proportion, ordered choice) never lowers a strand
  declared ``monotone``.

**What the search can and cannot prove.** Each fact is tried with candidate values read off the
conditions' literals (see :mod:`ictrules.lint._candidates`): every literal, a value on each
side and between neighbours, every choice, every band boundary, every subset of up to six
choices, and "missing". For conditions that compare one fact with literals this covers every
distinct outcome, so "cannot be reached" and "constant" are proofs, not guesses, as long as the
search finishes within its budget (a ``search-budget`` warning says when it did not).
Comparisons between two facts, sets of more than six choices, and derivations are only sampled:
the candidates plus a seeded random search. The provisional, plugin-order and monotone checks
sample evidence (exhaustively when the candidates are few), so they find faults but cannot
prove their absence. Derived facts are treated as questions a school may answer directly,
except in the provisional check, which leaves them to the derivations.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..compiled import CompiledCriterion, CompiledFramework, CompiledStrand
from ..engine import Engine
from ..entailments import close, settle
from ..errors import FrameworkError, PluginError, Problem
from ..evidence import Evidence
from ..facts import FactType, FactValue, json_value
from ..intervals import normalise
from ._candidates import (
    ORDERED_TYPES,
    band_values,
    candidate_values,
    literals_in,
    random_value,
)
from .findings import Finding, FrameworkCheckError, FrameworkCheckWarning, Severity

__all__ = [
    "DEFAULT_AS_OF",
    "DEFAULT_BUDGET",
    "check_framework",
    "finding_from_problem",
    "framework_findings",
]

#: The assessment date the check uses unless told otherwise (it never reads the clock).
DEFAULT_AS_OF = dt.date(2026, 9, 1)
#: How many candidate combinations one search may try before it gives up.
DEFAULT_BUDGET = 50_000
_SAMPLES = 200
_RANDOM_TRIES = 200
_ORDER_SAMPLES = 20
_MONOTONE_BASES = 100

PluginList = Sequence[object | tuple[str, object]]
_MISSING: Any = object()


class _OutOfBudget(Exception):
    pass


def check_framework(
    engine_or_plugins: Engine | PluginList,
    framework_id: str | None = None,
    *,
    as_of: dt.date = DEFAULT_AS_OF,
    attachments: Mapping[str, object] | None = None,
    seed: int = 0,
    budget: int = DEFAULT_BUDGET,
    strict: bool = False,
) -> list[Finding]:
    """Check a framework; raise :class:`FrameworkCheckError` listing every finding on an error.

    Warnings are issued as :class:`FrameworkCheckWarning` (``strict=True`` makes them fail the
    check too) and returned. ``engine_or_plugins`` is an :class:`~ictrules.Engine` or the list
    of plugins to build one from; give a list to have undeclared facts reported as findings.
    """
    findings = framework_findings(
        engine_or_plugins,
        framework_id,
        as_of=as_of,
        attachments=attachments,
        seed=seed,
        budget=budget,
    )
    failing = [f for f in findings if f.counts and (strict or f.severity is Severity.ERROR)]
    if failing:
        named = framework_id or next((f.framework for f in findings if f.framework), None)
        raise FrameworkCheckError(named or "(the only framework)", findings)
    for finding in findings:
        if finding.counts:
            warnings.warn(str(finding), FrameworkCheckWarning, stacklevel=2)
    return findings


def framework_findings(
    engine_or_plugins: Engine | PluginList,
    framework_id: str | None = None,
    *,
    as_of: dt.date = DEFAULT_AS_OF,
    attachments: Mapping[str, object] | None = None,
    seed: int = 0,
    budget: int = DEFAULT_BUDGET,
) -> list[Finding]:
    """Every finding about one framework (errors first, then warnings, each in framework order).

    With no ``framework_id`` the engine must supply exactly one framework. ``attachments``
    (an inventory, say) are passed to the derivations, as ``engine.assess`` would. The result
    depends only on the plugins, ``as_of``, ``attachments`` and ``seed``.
    """
    if isinstance(engine_or_plugins, Engine):
        engine = engine_or_plugins
        plugins: list[object | tuple[str, object]] = list(engine.pluginmanager.list_name_plugin())
    else:
        plugins = list(engine_or_plugins)
        try:
            engine = Engine(plugins)
        except FrameworkError as exc:
            return [finding_from_problem(problem) for problem in exc.problems]
        except PluginError as exc:
            return [Finding("build", Severity.ERROR, str(exc), plugin=exc.plugin)]
    compiled = engine.compiled(framework_id)
    check = _Check(engine, compiled, plugins, as_of, attachments or {}, random.Random(seed), budget)
    findings = check.run()
    return sorted(findings, key=lambda f: f.severity is not Severity.ERROR)


# --- the engine refuses to build ---------------------------------------------------------------

_PLUGIN = re.compile(r"plugin '([^']*)'")
_FIELDS = {
    "framework": re.compile(r"\bframework ([^,\s]+)"),
    "strand": re.compile(r"\bstrand ([^,\s]+)"),
    "level": re.compile(r"\blevel (-?\d+)\b"),
    "criterion": re.compile(r"\bcriterion ([^,\s]+)"),
}


def finding_from_problem(problem: Problem) -> Finding:
    """A finding from one of the problems the engine refused to build with, located by the
    plugin, framework, strand, level and criterion its path names."""
    found: dict[str, Any] = {}
    plugin = _PLUGIN.search(problem.path)
    for name, pattern in _FIELDS.items():
        match = pattern.search(problem.path)
        if match:
            found[name] = int(match.group(1)) if name == "level" else match.group(1)
    kind = "undeclared-fact" if "unknown fact" in problem.message else "build"
    message = (
        problem.message if not problem.suggestion else f"{problem.message} ({problem.suggestion})"
    )
    if not found and not plugin:
        message = f"{problem.path}: {message}" if problem.path else message
    return Finding(
        kind, Severity.ERROR, message, plugin=plugin.group(1) if plugin else None, **found
    )


# --- the checks on a built engine --------------------------------------------------------------


class _Check:
    def __init__(
        self,
        engine: Engine,
        compiled: CompiledFramework,
        plugins: list[object | tuple[str, object]],
        as_of: dt.date,
        attachments: Mapping[str, object],
        rng: random.Random,
        budget: int,
    ) -> None:
        self.engine = engine
        self.compiled = compiled
        self.framework = compiled.framework
        self.plugins = plugins
        self.as_of = as_of
        self.attachments = dict(attachments)
        self.rng = rng
        self.budget = budget
        self.findings: list[Finding] = []
        self.derived = engine.derived_facts()
        self.candidates = self._candidates()
        self.never_true: set[str] = set()

    def run(self) -> list[Finding]:
        for strand in self.compiled.strands:
            self.check_actions(strand)
            for _, criteria in strand.ladder:
                for criterion in criteria:
                    self.check_constant(strand, criterion)
                    self.check_bands(strand, criterion)
            self.check_reachable(strand)
            if strand.strand.monotone:
                self.check_monotone(strand)
        samples = self.full_samples()
        self.check_provisional(samples)
        self.check_order(samples[:_ORDER_SAMPLES])
        return self.findings

    # -- helpers ---------------------------------------------------------------------------

    def _candidates(self) -> dict[str, list[FactValue]]:
        texts = [
            criterion.condition.text
            for strand in self.compiled.strands
            for _, criteria in strand.ladder
            for criterion in criteria
        ]
        literals = literals_in(texts, self.engine.facts)
        facts = {spec.id: spec for spec in self.engine.facts_for(self.framework.id)}
        base = {
            fact: candidate_values(spec, literals.get(fact), self.compiled.bands, self.as_of)
            for fact, spec in facts.items()
        }
        result = {}
        for fact, spec in facts.items():
            peers = [base[p] for p in sorted(literals[fact].peers)] if fact in literals else []
            related = [p for p in peers if p and type(p[0]) is type(base[fact][0])]
            result[fact] = candidate_values(
                spec, literals.get(fact), self.compiled.bands, self.as_of, related
            )
        return result

    def norm(self, fact: str, value: FactValue) -> Any:
        return normalise(self.engine.facts[fact], value, self.compiled.bands, self.as_of)

    def domain(self, fact: str, *, missing: bool, bands: bool) -> list[tuple[Any, Any]]:
        """``(raw value, normalised value)`` pairs to try for a fact."""
        raws = list(self.candidates[fact])
        if bands:
            raws += band_values(self.engine.facts[fact])
        pairs: list[tuple[Any, Any]] = [(raw, self.norm(fact, raw)) for raw in raws]
        if missing:
            pairs.append((None, _MISSING))
        return pairs

    def evaluate(self, criterion: CompiledCriterion, values: Mapping[str, Any]) -> bool | None:
        return criterion.condition.evaluate(values, self.as_of)

    def assignments(
        self, facts: Sequence[str], domains: Mapping[str, list[tuple[Any, Any]]], limit: int
    ) -> tuple[Iterable[tuple[tuple[Any, Any], ...]], bool]:
        """Every combination of the domains if there are at most ``limit``, else a sample."""
        sizes = [len(domains[f]) for f in facts]
        if math.prod(sizes) <= limit:
            return itertools.product(*(domains[f] for f in facts)), True
        sample = [tuple(self.rng.choice(domains[f]) for f in facts) for _ in range(limit)]
        return sample, False

    def finding(
        self,
        kind: str,
        message: str,
        strand: CompiledStrand | None = None,
        *,
        severity: Severity = Severity.ERROR,
        level: int | None = None,
        criterion: CompiledCriterion | None = None,
        evidence: Mapping[str, Any] | None = None,
    ) -> None:
        plugin = criterion.plugin if criterion is not None else self.compiled.plugin
        accepted = None
        if strand is not None and severity is Severity.WARNING:
            accepted = strand.strand.accepted.get(kind)
        self.findings.append(
            Finding(
                kind,
                severity,
                message,
                plugin=plugin,
                framework=self.framework.id,
                strand=strand.strand.code if strand else None,
                level=level if level is not None else (criterion.level if criterion else None),
                criterion=criterion.criterion.id if criterion else None,
                evidence=_file_shape(evidence) if evidence is not None else None,
                accepted=accepted,
            )
        )

    def climb(self, strand: CompiledStrand, values: Mapping[str, Any]) -> tuple[int, int]:
        """The proven and best possible level of a strand for normalised ``values``."""
        lowest = self.framework.scale[0].value
        proven, possible = lowest, lowest
        proven_open = possible_open = True
        for level, criteria in strand.ladder:
            truths = [self.evaluate(c, values) for c in criteria]
            holds = False if False in truths else None if None in truths else True
            if proven_open:
                proven, proven_open = (level, True) if holds is True else (proven, False)
            if possible_open:
                possible, possible_open = (level, True) if holds is not False else (possible, False)
        return proven, possible

    def proven(self, strand: CompiledStrand, values: Mapping[str, Any]) -> int:
        """The level a strand proves for normalised ``values`` (stops at the first miss)."""
        level = self.framework.scale[0].value
        for rung, criteria in strand.ladder:
            if not all(criterion.condition.evaluate(values, self.as_of) for criterion in criteria):
                break
            level = rung
        return level

    # -- a level gives an action -------------------------------------------------------------

    def check_actions(self, strand: CompiledStrand) -> None:
        for level, criteria in strand.ladder:
            if not criteria:
                self.finding(
                    "no-action",
                    f"level {level} has no criteria: a school reaches it without doing anything "
                    "and is given no action towards it",
                    strand,
                    level=level,
                )
            for criterion in criteria:
                if not criterion.criterion.action.strip():
                    self.finding(
                        "no-action",
                        "the criterion has an empty action: a school that misses it is not told "
                        "what to do",
                        strand,
                        criterion=criterion,
                    )

    # -- constant criteria -----------------------------------------------------------------

    def check_constant(self, strand: CompiledStrand, criterion: CompiledCriterion) -> None:
        facts = criterion.condition.facts
        domains = {f: self.domain(f, missing=True, bands=True) for f in facts}
        combos, exhaustive = self.assignments(facts, domains, self.budget)
        seen: set[bool] = set()
        for combo in combos:
            values = {f: n for f, (_, n) in zip(facts, combo, strict=True) if n is not _MISSING}
            truth = self.evaluate(criterion, values)
            if truth is not None:
                seen.add(truth)
                if len(seen) == 2:
                    return
        if len(seen) != 1:
            return
        always = next(iter(seen))
        if not always:
            self.never_true.add(criterion.criterion.id)
        how = "" if exhaustive else " in every sampled case (the search was not exhaustive)"
        self.finding(
            "constant-criterion",
            f"the condition {criterion.condition.text!r} is always "
            f"{'true' if always else 'false'} whenever it is decided{how}",
            strand,
            criterion=criterion,
            severity=Severity.ERROR if exhaustive else Severity.WARNING,
        )

    # -- band names ------------------------------------------------------------------------

    def check_bands(self, strand: CompiledStrand, criterion: CompiledCriterion) -> None:
        facts = criterion.condition.facts
        for fact in facts:
            if self.engine.facts[fact].type is not FactType.PROPORTION:
                continue
            others = [f for f in facts if f != fact]
            domains = {f: self.domain(f, missing=False, bands=False) for f in others}
            undecided = []
            for band in band_values(self.engine.facts[fact]):
                combos, _ = self.assignments(others, domains, _SAMPLES)
                for combo in combos:
                    values = {f: n for f, (_, n) in zip(others, combo, strict=True)}
                    values[fact] = self.norm(fact, band)
                    if self.evaluate(criterion, values) is None:
                        undecided.append(str(band))
                        break
            if undecided:
                self.finding(
                    "band-undecided",
                    f"stays undecided when {fact} is answered as {', '.join(undecided)}: a "
                    "threshold lies inside a band; compare with a band name or a band boundary",
                    strand,
                    criterion=criterion,
                    severity=Severity.WARNING,
                )

    # -- reachable levels ------------------------------------------------------------------

    def check_reachable(self, strand: CompiledStrand) -> None:
        ladder = strand.ladder
        if not ladder:
            return
        top = self.satisfy([c for _, criteria in ladder for c in criteria])
        if top is True:
            return
        for index, (level, criteria) in enumerate(ladder):
            needed = [c for _, cs in ladder[: index + 1] for c in cs]
            outcome = self.satisfy(needed)
            if outcome is True:
                continue
            if outcome is None:
                self.finding(
                    "search-budget",
                    f"could not find evidence reaching level {level} within {self.budget} "
                    "candidate combinations; the level may be unreachable",
                    strand,
                    level=level,
                    severity=Severity.WARNING,
                )
                return
            culprit = next((c for c in criteria if c.criterion.id in self.never_true), None)
            reason = (
                "its criterion never holds"
                if culprit
                else "its criteria cannot all hold together with those of the levels below"
            )
            above = [lvl for lvl, _ in ladder[index + 1 :]]
            beyond = f"; nor can level(s) {above} above it" if above else ""
            self.finding(
                "unreachable-level",
                f"level {level} cannot be reached by any evidence: {reason}{beyond}",
                strand,
                level=level,
                criterion=culprit,
            )
            return

    def satisfy(self, criteria: Sequence[CompiledCriterion]) -> bool | None:
        """Whether some evidence makes every criterion hold: ``None`` when out of budget."""
        uses: dict[str, int] = {}
        for criterion in criteria:
            for fact in criterion.condition.facts:
                uses[fact] = uses.get(fact, 0) + 1
        facts = sorted(uses, key=lambda f: (-uses[f], f))
        specs = self.engine.facts
        for _ in range(_RANDOM_TRIES):
            trial = {}
            for fact in facts:
                pool = self.candidates[fact]
                raw = random_value(specs[fact], self.rng, self.as_of)
                raw = self.rng.choice(pool) if self.rng.random() < 0.7 else raw
                trial[fact] = self.norm(fact, raw)
            if all(self.evaluate(c, trial) is True for c in criteria):
                return True
        position = {fact: index for index, fact in enumerate(facts)}
        checks: list[list[CompiledCriterion]] = [[] for _ in facts]
        for criterion in criteria:
            checks[max(position[f] for f in criterion.condition.facts)].append(criterion)
        domains = [self.domain(f, missing=True, bands=False) for f in facts]
        values: dict[str, Any] = {}
        tried = 0

        def extend(index: int) -> bool:
            nonlocal tried
            if index == len(facts):
                return True
            fact = facts[index]
            for _, value in domains[index]:
                tried += 1
                if tried > self.budget:
                    raise _OutOfBudget
                if value is _MISSING:
                    values.pop(fact, None)
                else:
                    values[fact] = value
                if all(self.evaluate(c, values) is True for c in checks[index]) and extend(
                    index + 1
                ):
                    return True
            values.pop(fact, None)
            return False

        try:
            return extend(0)
        except _OutOfBudget:
            return None

    # -- monotone strands ------------------------------------------------------------------

    def check_monotone(self, strand: CompiledStrand) -> None:
        read = sorted({f for _, cs in strand.ladder for c in cs for f in c.condition.facts})
        # a fact can reach the strand through a derivation: vary the derivation's inputs too
        through = self._derivation_inputs(read)
        facts = sorted((set(read) - set(self.derived)) | through) if through else read
        ordered = [
            f
            for f in facts
            if self.engine.facts[f].type in ORDERED_TYPES and self.engine.facts[f].ordered
        ]
        if not ordered:
            return
        domains = {f: self.domain(f, missing=False, bands=False) for f in facts}
        combos, _ = self.assignments(facts, domains, _MONOTONE_BASES)
        bases = [dict(zip(facts, combo, strict=True)) for combo in combos]
        rank = self.framework.rank
        for fact in ordered:
            chain = domains[fact]
            for base in bases:
                values = {f: n for f, (_, n) in base.items()}
                raws = {f: raw for f, (raw, _) in base.items()}
                levels = []
                for raw, value in chain:
                    values[fact] = value
                    raws[fact] = raw
                    level = self._proven_through(strand, raws) if through else None
                    levels.append(self.proven(strand, values) if level is None else level)
                drop = next(
                    (i for i in range(1, len(levels)) if rank(levels[i]) < rank(levels[i - 1])),
                    None,
                )
                if drop is None:
                    continue
                low, high = chain[drop - 1][0], chain[drop][0]
                values[fact] = chain[drop - 1][1]
                before = {
                    c.criterion.id: self.evaluate(c, values) for _, cs in strand.ladder for c in cs
                }
                values[fact] = chain[drop][1]
                culprit = next(
                    (
                        c
                        for _, cs in strand.ladder
                        for c in cs
                        if before[c.criterion.id] is True and self.evaluate(c, values) is not True
                    ),
                    None,
                )
                stops = f" (criterion {culprit.criterion.id} stops holding)" if culprit else ""
                witness = {f: raw for f, (raw, _) in base.items()}
                witness[fact] = high
                self.finding(
                    "not-monotone",
                    f"raising {fact} from {_show(low)} to {_show(high)} lowers the strand from "
                    f"level {levels[drop - 1]} to level {levels[drop]}{stops}, but the strand is "
                    "declared monotone",
                    strand,
                    level=levels[drop - 1],
                    criterion=culprit,
                    evidence=witness,
                )
                break

    def _derivation_inputs(self, read: Sequence[str]) -> set[str]:
        """The facts that reach ``read`` through derivations (their inputs, transitively)."""
        found: set[str] = set()
        pending = [f for f in read if f in self.derived]
        while pending:
            derivation = self.engine.derivations.get(pending.pop())
            for fact in derivation.inputs if derivation else ():
                if fact not in found:
                    found.add(fact)
                    if fact in self.derived:
                        pending.append(fact)
        return {f for f in found if f not in self.derived}

    def _proven_through(self, strand: CompiledStrand, raws: Mapping[str, FactValue]) -> int | None:
        """The level a strand proves once derivations and entailments have run on ``raws``;
        ``None`` when the values contradict an entailment or a derivation fails."""
        try:
            values, _ = self.engine.derive(Evidence(dict(raws)), self.as_of, self.attachments)
        except PluginError:
            return None
        closure, problems = close(
            values, self.compiled.entailments, self.engine.facts, self.compiled.bands, self.as_of
        )
        if problems:
            return None
        normalised = {
            f: self.norm(f, v) for f, v in closure.values.items() if f in self.engine.facts
        }
        return self.proven(strand, normalised)

    # -- provisional with full evidence --------------------------------------------------------

    def full_samples(self) -> list[dict[str, FactValue]]:
        """Evidence answering every question the framework asks (derived facts left out)."""
        asked = [s.id for s in self.engine.facts_for(self.framework.id) if s.id not in self.derived]
        domains = {f: self.domain(f, missing=False, bands=False) for f in asked}
        samples = [
            {f: domains[f][0][0] for f in asked},
            {f: domains[f][-1][0] for f in asked},
        ]
        combos, _ = self.assignments(asked, domains, _SAMPLES)
        samples.extend({f: raw for f, (raw, _) in zip(asked, c, strict=True)} for c in combos)
        if not self.compiled.entailments:
            return samples
        # answers a school could truly give: each one an entailment contradicts is moved to
        # the nearest value it allows (independent draws would contradict them)
        settled = []
        for sample in samples:
            try:
                settled.append(
                    settle(
                        sample,
                        self.compiled.entailments,
                        self.engine.facts,
                        self.compiled.bands,
                        self.as_of,
                    )
                )
            except ValueError as exc:
                self.finding("build", f"the framework's entailments cannot all hold: {exc}")
                return []
        return settled

    def check_provisional(self, samples: Sequence[Mapping[str, FactValue]]) -> None:
        reported: set[str] = set()
        for sample in samples:
            try:
                values, _ = self.engine.derive(Evidence(dict(sample)), self.as_of, self.attachments)
            except PluginError as exc:
                self.finding("derivation", str(exc), evidence=sample)
                return
            normalised = {f: self.norm(f, v) for f, v in values.items() if f in self.engine.facts}
            for strand in self.compiled.strands:
                code = strand.strand.code
                if code in reported:
                    continue
                proven, possible = self.climb(strand, normalised)
                if proven == possible:
                    continue
                reported.add(code)
                unknown = sorted(
                    {
                        f
                        for _, cs in strand.ladder
                        for c in cs
                        for f in c.condition.facts
                        if f not in normalised
                    }
                )
                derived = [f for f in unknown if f in self.derived]
                if derived:
                    given = (
                        "with the attachments given"
                        if self.attachments
                        else "no attachments were given"
                    )
                    why = (
                        f"derived fact(s) {', '.join(derived)} stay unknown ({given}; the "
                        "derivation returned nothing)"
                    )
                else:
                    why = "the criteria stay undecided although every fact they read is known"
                self.finding(
                    "provisional",
                    f"with every question answered the strand is still provisional (level "
                    f"{proven}, at best {possible}): {why}",
                    strand,
                    severity=Severity.WARNING if derived else Severity.ERROR,
                    evidence=sample,
                )

    # -- plugin order ----------------------------------------------------------------------

    def check_order(self, samples: Sequence[Mapping[str, FactValue]]) -> None:
        if len(self.plugins) < 2:
            return
        reverse = list(reversed(self.plugins))
        order = ", ".join(_name(p) for p in self.plugins)
        backwards = ", ".join(_name(p) for p in reverse)
        try:
            other = Engine(reverse)
            other_compiled = other.compiled(self.framework.id)
        except Exception as exc:
            self.finding(
                "plugin-order",
                f"with the plugins in the order [{backwards}] the engine does not build: "
                f"{' '.join(str(exc).split())}",
            )
            return
        mine = {s.strand.code: s for s in self.compiled.strands}
        theirs = {s.strand.code: s for s in other_compiled.strands}
        for code, strand in mine.items():
            ours, other_shape = _shape(strand), _shape(theirs.get(code))
            for cid in sorted({entry[1] for entry in ours ^ other_shape}):
                here = next((e for e in sorted(ours) if e[1] == cid), None)
                there = next((e for e in sorted(other_shape) if e[1] == cid), None)
                entry = here or there
                assert entry is not None
                self.findings.append(
                    Finding(
                        "plugin-order",
                        Severity.ERROR,
                        f"with plugins [{order}] the criterion {_describe(here)}; with "
                        f"[{backwards}] it {_describe(there)}",
                        plugin=entry[3],
                        framework=self.framework.id,
                        strand=code,
                        level=entry[0],
                        criterion=cid,
                    )
                )
        if self.engine.facts != other.facts:
            self.finding(
                "plugin-order", f"declared facts differ between [{order}] and [{backwards}]"
            )
            return
        differing: set[str] = set()
        for sample in samples:
            evidence = Evidence(dict(sample))
            fw, when, extra = self.framework.id, self.as_of, self.attachments
            first = self.engine.assess(evidence, fw, as_of=when, attachments=extra)
            second = other.assess(evidence, fw, as_of=when, attachments=extra)
            for a, b in zip(first.strands, second.strands, strict=True):
                if a.code in differing or (a.level, a.best_possible) == (b.level, b.best_possible):
                    continue
                differing.add(a.code)
                self.finding(
                    "plugin-order",
                    f"with plugins [{order}] the strand is at level {a.level}, with "
                    f"[{backwards}] at level {b.level}",
                    mine[a.code],
                    evidence=sample,
                )


def _name(plugin: object) -> str:
    if isinstance(plugin, tuple):
        return str(plugin[0])
    name = getattr(plugin, "__name__", None)
    return name if isinstance(name, str) else type(plugin).__qualname__


def _shape(strand: CompiledStrand | None) -> set[tuple[int, str, str, str]]:
    if strand is None:
        return set()
    return {
        (level, c.criterion.id, c.condition.text, c.plugin)
        for level, criteria in strand.ladder
        for c in criteria
    }


def _describe(entry: tuple[int, str, str, str] | None) -> str:
    if entry is None:
        return "is absent"
    return f"reads {entry[2]!r} at level {entry[0]}"


def _show(value: FactValue | None) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def _file_shape(values: Mapping[str, Any]) -> dict[str, Any]:
    facts = {fact: json_value(value) for fact, value in sorted(values.items()) if value is not None}
    return {"facts": facts}
