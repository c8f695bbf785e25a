"""Collecting what plugins declare: facts, frameworks, derivations and extra criteria.

Each function calls one hook through the engine's :class:`~ictrules._plugins.PluginHost` and
checks what comes back, adding one problem per fault (a wrong type, a duplicate naming both
plugins, a derivation cycle) so that building an engine reports every fault at once.
"""

from __future__ import annotations

import graphlib
from collections.abc import Mapping

from ._plugins import PluginHost
from .derivations import Derivation
from .errors import Problem, closest
from .facts import FactSpec, FactType
from .frameworks import ExtraCriterion, Framework

__all__ = ["collect_extras", "collect_facts", "collect_frameworks", "order_derivations"]


def collect_facts(host: PluginHost, problems: list[Problem]) -> dict[str, FactSpec]:
    """Every fact the plugins declare, sorted by id; a fact declared twice is a problem naming
    both plugins."""
    facts: dict[str, FactSpec] = {}
    owners: dict[str, str] = {}
    for plugin, spec in host.facts():
        if not isinstance(spec, FactSpec):
            problems.append(Problem(f"plugin {plugin!r}", f"ictrules_facts returned {spec!r}"))
            continue
        if not isinstance(spec.type, FactType):  # "integer", as a framework file writes it
            kinds = [kind.value for kind in FactType]
            problems.append(
                Problem(
                    f"plugin {plugin!r}, fact {spec.id}",
                    f"type {spec.type!r} is not a FactType (one of {', '.join(kinds)})",
                    f"write FactType({spec.type!r})" if spec.type in kinds else None,
                )
            )
            continue
        if spec.id in facts:
            if owners[spec.id] == plugin:
                problems.append(Problem(f"fact {spec.id}", f"declared twice by plugin {plugin!r}"))
            elif facts[spec.id] != spec:
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


def collect_frameworks(
    host: PluginHost, problems: list[Problem]
) -> dict[str, tuple[str, Framework]]:
    """Every framework the plugins supply, by id, with its plugin; structural faults and a
    framework supplied twice are problems."""
    frameworks: dict[str, tuple[str, Framework]] = {}
    for plugin, framework in host.frameworks():
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


def order_derivations(
    host: PluginHost, facts: Mapping[str, FactSpec], problems: list[Problem]
) -> list[tuple[str, Derivation]]:
    """Every derivation with its plugin, in dependency order; an undeclared fact, a fact
    derived twice or a cycle is a problem naming the plugins."""
    by_fact: dict[str, tuple[str, Derivation]] = {}
    for plugin, derivation in host.derivations(facts):
        if not isinstance(derivation, Derivation):
            problems.append(
                Problem(f"plugin {plugin!r}", f"ictrules_derivations returned {derivation!r}")
            )
            continue
        where = f"plugin {plugin!r}, derivation of {derivation.fact}"
        undeclared = [f for f in (derivation.fact, *derivation.inputs) if f not in facts]
        for fact in undeclared:
            problems.append(Problem(where, f"undeclared fact {fact!r}", closest(fact, facts)))
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


def collect_extras(
    host: PluginHost, frameworks: Mapping[str, Framework], problems: list[Problem]
) -> dict[str, list[tuple[str, ExtraCriterion]]]:
    """Criteria plugins add to other plugins' frameworks, by framework id; one adding to an
    unknown framework is a problem with a suggestion."""
    found: dict[str, list[tuple[str, ExtraCriterion]]] = {}
    for plugin, extra in host.criteria(frameworks):
        if not isinstance(extra, ExtraCriterion):
            problems.append(Problem(f"plugin {plugin!r}", f"ictrules_criteria returned {extra!r}"))
        elif extra.framework not in frameworks:
            problems.append(
                Problem(
                    f"plugin {plugin!r}, criterion {extra.criterion.id}",
                    f"adds to unknown framework {extra.framework!r}",
                    closest(extra.framework, frameworks),
                )
            )
        else:
            found.setdefault(extra.framework, []).append((plugin, extra))
    return found
