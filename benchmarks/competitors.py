"""Every competitor, generated from the same criteria data (:mod:`benchmarks.synthetic`).

Each competitor is built once (timed as compile/load) and then turns one school's loaded
:class:`ictrules.Evidence` into ``{strand code: level}``. All but ictrules read its checked fact
values (``evidence.facts``: the same dict for everyone); any conversion of that input into the
competitor's own form is part of its evaluation time.

* ``floor``: a generated straight-line Python function with plain ``if``s, two-valued, which
  trusts every fact to be present: the floor for pure Python.
* ``ictrules``: :meth:`ictrules.Engine.levels` (the compiled fast path, three-valued logic).
* ``rule-engine``: one typed rule string per level of each strand; a strand climbs its ladder
  while its rules match.
* ``zen-engine``: one decision table per strand (first hit, best level first), all tables in one
  decision graph evaluated once per school through the Python binding.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import attrs

from ictrules import Engine, Evidence
from ictrules.facts import json_value

from .synthetic import AS_OF, CHOICES, FRAMEWORK_ID, Atom, Rule, SyntheticFramework, band_threshold

__all__ = [
    "Competitor",
    "floor",
    "floor_source",
    "ictrules_levels",
    "rule_engine",
    "zen_engine",
]

Levels = dict[str, int]


@attrs.frozen
class Competitor:
    """A built competitor: its name, and how to get one school's levels from its evidence.

    ``timed``, when given, is what the timings call instead of ``evaluate``: the competitor's
    own answer, before ``evaluate`` reshapes it for the agreement check.
    """

    name: str
    evaluate: Callable[[Evidence], Levels]
    timed: Callable[[Evidence], object] | None = None


# --- the floor: generated plain Python -----------------------------------------------------------


def _years_back(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` calendar years earlier (28 February for a 29th): the first date
    ``years_since`` counts as within ``years``."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _python_test(atom: Atom, x: str) -> str:
    value = atom.value
    match atom.test:
        case "at_least":
            return f"{x} >= {value!r}"
        case "band_at_least":
            return f"{x} >= {band_threshold(value)!r}"
        case "choice_at_least":
            return f"{x} in {set(CHOICES[CHOICES.index(value) :])!r}"
        case "member":
            return f"{value!r} in {x}"
        case "count_at_least":
            return f"len({x}) >= {value!r}"
        case "within_years":  # calendar years, as ictrules counts them: a cut-off date
            return f"{x} >= c{int(value)}"
        case "equals":
            return f"{x} == {value!r}"
    raise ValueError(atom.test)


def _python_atom(atom: Atom, missing_fails: bool) -> str:
    if missing_fails:  # an unknown fact makes the test fail
        read = f"g({atom.fact!r})"
        if atom.test in ("true", "false"):
            return f"({read} is {atom.test.title()})"
        return f"((x := {read}) is not None and {_python_test(atom, 'x')})"
    read = f"v[{atom.fact!r}]"
    if atom.test == "true":
        return read
    if atom.test == "false":
        return f"(not {read})"
    return f"({_python_test(atom, read)})"


def _python_rule(rule: Rule, missing_fails: bool) -> str:
    joiner = " or " if rule.any_ else " and "
    return "(" + joiner.join(_python_atom(a, missing_fails) for a in rule.atoms) + ")"


def floor_source(synthetic: SyntheticFramework, *, missing_fails: bool = False) -> str:
    """The floor's source: one function, plain ``if``s, a level per strand.

    With ``missing_fails`` it reads facts with ``dict.get`` and an unknown fact fails its test
    (two-valued logic's usual answer to missing data).
    """
    lowest = synthetic.framework.scale[0].value
    lines = ["def floor(v, as_of):"]
    years = sorted(
        {
            int(atom.value)
            for ladder in synthetic.ladders.values()
            for _, rules in ladder
            for rule in rules
            for atom in rule.atoms
            if atom.test == "within_years"
        }
    )
    lines += [f"    c{n} = _years_back(as_of, {n})" for n in years]
    if missing_fails:
        lines.append("    g = v.get")
    codes = list(synthetic.ladders)
    for i, code in enumerate(codes):
        lines.append(f"    l{i} = {lowest!r}")
        indent = "    "
        for level, rules in synthetic.ladders[code]:
            lines.append(
                f"{indent}if {' and '.join(_python_rule(r, missing_fails) for r in rules)}:"
            )
            indent += "    "
            lines.append(f"{indent}l{i} = {level!r}")
    lines.append("    return {" + ", ".join(f"{c!r}: l{i}" for i, c in enumerate(codes)) + "}")
    return "\n".join(lines) + "\n"


def floor(synthetic: SyntheticFramework, *, missing_fails: bool = False) -> Competitor:
    """Compile the floor."""
    namespace: dict[str, Any] = {"_years_back": _years_back}
    exec(
        compile(floor_source(synthetic, missing_fails=missing_fails), "<floor>", "exec"), namespace
    )
    function = namespace["floor"]
    return Competitor(
        "floor (missing fails)" if missing_fails else "floor",
        lambda evidence: function(evidence.facts, AS_OF),
    )


# --- ictrules ------------------------------------------------------------------------------------


def ictrules_levels(engine: Engine) -> Competitor:
    """ictrules' levels-only fast path, given the evidence's fact values."""

    def evaluate(evidence: Evidence) -> Levels:
        levels = engine.levels(evidence, FRAMEWORK_ID, as_of=AS_OF)
        return {code: level for code, (level, _) in levels.items()}

    return Competitor(
        "ictrules", evaluate, lambda evidence: engine.levels(evidence, FRAMEWORK_ID, as_of=AS_OF)
    )


# --- rule-engine ---------------------------------------------------------------------------------


def _symbol(fact: str) -> str:
    return fact.replace(".", "_")


def _rule_engine_atom(atom: Atom) -> str:
    name, value = _symbol(atom.fact), atom.value
    match atom.test:
        case "true":
            return name
        case "false":
            return f"not {name}"
        case "at_least":
            return f"{name} >= {value!r}"
        case "band_at_least":
            return f"{name} >= {band_threshold(value)!r}"
        case "choice_at_least":
            return f"{name} in {list(CHOICES[CHOICES.index(value) :])!r}"
        case "member":
            return f"{value!r} in {name}"
        case "count_at_least":
            return f"{name}.length >= {value!r}"
        case "within_years":
            cutoff = _years_back(AS_OF, int(value))
            return f"{name} >= d{cutoff.isoformat()!r}"
        case "equals":
            return f"{name} == {value!r}"
    raise ValueError(atom.test)


def _level_expression(rules: tuple[Rule, ...], atom: Callable[[Atom], str]) -> str:
    """One level's criteria as one expression: each rule's atoms joined by ``and`` (or ``or``),
    the rules by ``and``; both peers' languages share this shape."""
    parts = []
    for rule in rules:
        joiner = " or " if rule.any_ else " and "
        parts.append("(" + joiner.join(atom(a) for a in rule.atoms) + ")")
    return " and ".join(parts) or "true"


def rule_engine_text(rules: tuple[Rule, ...]) -> str:
    """One level's criteria as one rule-engine rule string."""
    return _level_expression(rules, _rule_engine_atom)


def rule_engine(synthetic: SyntheticFramework) -> Competitor:
    """Build the rule-engine competitor: typed rules, one per level of each strand.

    Dates in a rule are compared with a cutoff date computed from ``as_of`` when the rules are
    built (rule-engine has no "years since"); fact ids are resolved through a name map.
    """
    import rule_engine as re_

    kinds = {
        "boolean": re_.DataType.BOOLEAN,
        "integer": re_.DataType.FLOAT,
        "number": re_.DataType.FLOAT,
        "proportion": re_.DataType.FLOAT,
        "choice": re_.DataType.STRING,
        "choices": re_.DataType.ARRAY(re_.DataType.STRING),
        "date": re_.DataType.DATETIME,
        "text": re_.DataType.STRING,
    }
    types = {_symbol(fact): kinds[kind] for fact, kind in synthetic.types.items()}
    facts = {_symbol(fact): fact for fact in synthetic.types}
    context = re_.Context(
        type_resolver=re_.type_resolver_from_dict(types),
        resolver=lambda thing, name: thing[facts[name]],
    )
    lowest = synthetic.framework.scale[0].value
    ladders = [
        (
            code,
            [
                (level, re_.Rule(rule_engine_text(rules), context=context))
                for level, rules in ladder
            ],
        )
        for code, ladder in synthetic.ladders.items()
    ]

    def evaluate(evidence: Evidence) -> Levels:
        facts = evidence.facts
        result = {}
        for code, ladder in ladders:
            reached = lowest
            for level, rule in ladder:
                if not rule.matches(facts):
                    break
                reached = level
            result[code] = reached
        return result

    return Competitor("rule-engine", evaluate)


# --- zen-engine ----------------------------------------------------------------------------------


def _zen_atom(atom: Atom) -> str:
    name, value = _symbol(atom.fact), atom.value
    match atom.test:
        case "true":
            return f"{name} == true"
        case "false":
            return f"{name} == false"
        case "at_least":
            return f"{name} >= {value!r}"
        case "band_at_least":
            return f"{name} >= {band_threshold(value)!r}"
        case "choice_at_least":
            return f"{name} in {json.dumps(list(CHOICES[CHOICES.index(value) :]))}"
        case "member":
            return f"{json.dumps(value)} in {name}"
        case "count_at_least":
            return f"len({name}) >= {value!r}"
        case "within_years":
            cutoff = _years_back(AS_OF, int(value))
            return f'date({name}) >= date("{cutoff.isoformat()}")'
        case "equals":
            return f"{name} == {json.dumps(value)}"
    raise ValueError(atom.test)


def zen_expression(rules: tuple[Rule, ...]) -> str:
    """One level's criteria as one ZEN expression."""
    return _level_expression(rules, _zen_atom)


def zen_graph(synthetic: SyntheticFramework) -> dict[str, Any]:
    """The JSON decision model: one first-hit decision table per strand, best level first."""
    lowest = synthetic.framework.scale[0].value
    nodes: list[dict[str, Any]] = [
        {"id": "request", "type": "inputNode", "name": "Request", "position": {"x": 0, "y": 0}},
        {"id": "response", "type": "outputNode", "name": "Response", "position": {"x": 0, "y": 0}},
    ]
    edges = []
    for code, ladder in synthetic.ladders.items():
        inputs = [
            {"id": f"l{level}", "name": f"Level {level}", "field": zen_expression(rules)}
            for level, rules in ladder
        ]
        rows = []
        for reach in range(len(ladder), -1, -1):  # best level first; the last row always hits
            row = {"_id": f"{code}-{reach}"}
            for n, (level, _) in enumerate(ladder):
                row[f"l{level}"] = "true" if n < reach else ""
            row["level"] = repr(ladder[reach - 1][0] if reach else lowest)
            rows.append(row)
        table = f"table-{code}"
        nodes.append(
            {
                "id": table,
                "type": "decisionTableNode",
                "name": f"Strand {code}",
                "position": {"x": 0, "y": 0},
                "content": {
                    "hitPolicy": "first",
                    "inputs": inputs,
                    "outputs": [{"id": "level", "name": "Level", "field": f"s{code}"}],
                    "rules": rows,
                },
            }
        )
        edges.append({"id": f"in-{code}", "sourceId": "request", "targetId": table, "type": "edge"})
        edges.append(
            {"id": f"out-{code}", "sourceId": table, "targetId": "response", "type": "edge"}
        )
    return {"contentType": "application/vnd.gorules.decision", "nodes": nodes, "edges": edges}


def zen_engine(synthetic: SyntheticFramework) -> Competitor:
    """Build the zen-engine competitor (input converted to JSON-ready values with flat names)."""
    import zen

    decision = zen.ZenEngine().create_decision(json.dumps(zen_graph(synthetic)))
    names = {fact: _symbol(fact) for fact in synthetic.types}
    codes = list(synthetic.ladders)

    def evaluate(evidence: Evidence) -> Levels:
        request = {names[fact]: json_value(value) for fact, value in evidence.facts.items()}
        result = decision.evaluate(request)["result"]
        return {code: int(result[f"s{code}"]) for code in codes}

    return Competitor("zen-engine", evaluate)
