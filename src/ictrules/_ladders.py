"""Compiling a framework's ladders into straight-line Python for the levels-only fast path.

:meth:`ictrules.Engine.levels` answers only "which level, and which at best" per strand, with no
reasons. For that, each framework's ladders are written once as Python source from the checked
code trees of its conditions (see :func:`ictrules.expressions.two_valued_source`), compiled with
:func:`compile` and kept. Two functions are generated:

* ``ladders``: two-valued, plain ``if``s reading facts with ``v['id']``. It is exact whenever it
  returns; it meets ``KeyError`` (an unknown fact it needs) or ``TypeError`` (a band name where a
  number decides) otherwise, and then hands over to
* ``_three_valued``: Kleene logic, the same semantics as :meth:`~ictrules.Engine.assess`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._codegen import Code, source_namespace, three_valued_source, two_valued_source
from ._source import define
from .compiled import CompiledCriterion, CompiledFramework, CompiledStrand
from .facts import FactSpec
from .intervals import normalise

__all__ = [
    "ConditionTruth",
    "Ladders",
    "Truths",
    "climb",
    "compile_entailment_conditions",
    "compile_ladders",
    "compile_truths",
    "interpreted",
]

#: Evaluates every strand of a framework: ``{strand code: (level, best possible)}``.
Ladders = Callable[[Mapping[str, Any], dt.date], dict[str, tuple[int, int]]]

#: Every criterion's truth value (``True``, ``False`` or ``None``), in ladder order: strand by
#: strand, level by level, criterion by criterion.
Truths = Callable[[Mapping[str, Any], dt.date], tuple[bool | None, ...]]

#: One condition's truth value (``True``, ``False`` or ``None``) for exact values.
ConditionTruth = Callable[[Mapping[str, Any], dt.date], bool | None]


def compile_ladders(
    compiled: CompiledFramework, facts: Mapping[str, FactSpec]
) -> tuple[Ladders, str]:
    """Generate, compile and return the levels-only function of a framework, and its source.

    ``facts`` are the engine's declared facts (used only if the source cannot be compiled).
    """
    lowest = compiled.framework.scale[0].value
    codes = [strand.strand.code for strand in compiled.strands]
    two_valued = ["    " + line for line in _two_valued_body(compiled.strands, lowest)]
    source = "\n".join(
        [
            "def ladders(v, as_of):",
            "    try:",
            *two_valued,
            "    except (KeyError, TypeError):",
            "        return _three_valued(v, as_of)",
            "    return {" + ", ".join(f"{code!r}: s{i}" for i, code in enumerate(codes)) + "}",
            "",
            "def _three_valued(v, as_of):",
            "    g = v.get",
            *_three_valued_body(compiled.strands, lowest),
            "    return {" + _result(codes, "p", "b") + "}",
            "",
        ]
    )
    filename = f"<ictrules ladders of {compiled.framework.id}>"
    function: Ladders | None = define("ladders", source, filename, source_namespace(compiled.bands))
    if function is None:
        # Conditions nested beyond what Python's compiler takes (about a hundred levels of
        # 'and'/'or') are evaluated through their compiled closures instead.
        return interpreted(compiled, facts), source
    return function, source


def compile_truths(compiled: CompiledFramework) -> Truths | None:
    """Every criterion's truth value in Kleene logic, as generated source: the explained path's
    counterpart of :func:`compile_ladders`, from the same code trees and the same generator, for
    exact values (partial ones go through each condition's closures). ``None`` when the source
    cannot be compiled (conditions nested beyond what Python's compiler takes)."""
    names = (f"x{n}" for n in itertools.count())
    body: list[str] = []
    results: list[str] = []
    for strand in compiled.strands:
        for _, criteria in strand.ladder:
            for criterion in criteria:
                result = f"r{len(results)}"
                body.extend(three_valued_source(_code(criterion), result, _get, "    ", names))
                results.append(result)
    ending = "    return (" + "".join(f"{r}, " for r in results) + ")"
    source = "\n".join(["def truths(v, as_of):", "    g = v.get", *body, ending, ""])
    filename = f"<ictrules truths of {compiled.framework.id}>"
    function: Truths | None = define("truths", source, filename, source_namespace(compiled.bands))
    return function


def compile_entailment_conditions(
    compiled: CompiledFramework,
) -> tuple[ConditionTruth | None, ...]:
    """Each entailment's condition in Kleene logic as generated source, in the framework's
    order: the closure's counterpart of :func:`compile_truths`, for exact values (a condition
    reading a value known only in part, as an entailment's narrowed value often is, goes
    through its closures). ``None`` for a condition the compiler cannot take."""
    found: list[ConditionTruth | None] = []
    for entailment in compiled.entailments:
        code = entailment.condition.code
        if code is None:
            found.append(None)
            continue
        names = (f"x{n}" for n in itertools.count())
        body = three_valued_source(code, "r", _get, "    ", names)
        source = "\n".join(["def condition(v, as_of):", "    g = v.get", *body, "    return r", ""])
        filename = f"<ictrules entailment {entailment.entailment.id} of {compiled.framework.id}>"
        found.append(define("condition", source, filename, source_namespace(compiled.bands)))
    return tuple(found)


def interpreted(compiled: CompiledFramework, facts: Mapping[str, FactSpec]) -> Ladders:
    """The same ladders through each condition's closures: slower, but for any depth of
    condition and for partial values (bounds, open sets), which the generated source leaves
    to these."""

    def ladders(values: Mapping[str, Any], as_of: dt.date) -> dict[str, tuple[int, int]]:
        normalised = {
            fact: normalise(facts[fact], values[fact], compiled.bands, as_of)
            for fact in compiled.facts
            if fact in values
        }
        return climb(
            compiled, lambda criteria: [c.condition.evaluate(normalised, as_of) for c in criteria]
        )

    return ladders


def climb(
    compiled: CompiledFramework,
    judge: Callable[[Sequence[CompiledCriterion]], Sequence[bool | None]],
) -> dict[str, tuple[int, int]]:
    """Each strand's level and best possible level, climbing its ladder with ``judge`` giving
    the truth values of each level's criteria, level by level, and asked no further than a
    level one of whose criteria fails."""
    lowest = compiled.framework.scale[0].value
    result = {}
    for strand in compiled.strands:
        proven = possible = lowest
        climbing = True
        for level, criteria in strand.ladder:
            truths = judge(criteria)
            if False in truths:
                break
            possible = level
            climbing = climbing and None not in truths
            if climbing:
                proven = level
        result[strand.strand.code] = (proven, possible)
    return result


def _result(codes: Sequence[str], level: str, best: str) -> str:
    return ", ".join(f"{code!r}: ({level}{i}, {best}{i})" for i, code in enumerate(codes))


def _code(criterion: CompiledCriterion) -> Code:
    code = criterion.condition.code
    if code is None:  # only compile_condition makes the conditions of a compiled framework
        raise ValueError(f"criterion {criterion.criterion.id} has no code tree")
    return code


def _read(fact: str) -> str:
    return f"v[{fact!r}]"


def _get(fact: str) -> str:
    return f"g({fact!r})"


def _two_valued_body(strands: Sequence[CompiledStrand], lowest: int) -> list[str]:
    lines: list[str] = []
    for i, strand in enumerate(strands):
        lines.append(f"    # strand {strand.strand.code}")
        # (level, best possible) as constant pairs: no tuple is built per school
        lines.append(f"    s{i} = {(lowest, lowest)!r}")
        indent = "    "
        for level, criteria in strand.ladder:
            tests = [two_valued_source(_code(c), _read) for c in criteria]
            if tests:
                lines.append(f"{indent}if {' and '.join(tests)}:")
                indent += "    "
            lines.append(f"{indent}s{i} = {(level, level)!r}")
    return lines


def _three_valued_body(strands: Sequence[CompiledStrand], lowest: int) -> list[str]:
    lines: list[str] = []
    names = (f"x{n}" for n in itertools.count())
    for i, strand in enumerate(strands):
        lines.append(f"    # strand {strand.strand.code}")
        lines.append(f"    p{i} = b{i} = {lowest!r}")
        lines.append("    o = True")  # still climbing the proven ladder
        indent = "    "
        for level, criteria in strand.ladder:
            # h: does every criterion of this level hold (Kleene 'and' over the criteria)?
            lines.append(f"{indent}h = True")
            for criterion in criteria:
                lines.append(f"{indent}if h is not False:")
                lines.extend(
                    three_valued_source(_code(criterion), "t", _get, indent + "    ", names)
                )
                lines.append(f"{indent}    if t is not True: h = t")
            lines.append(f"{indent}if h is not False:")
            indent += "    "
            lines.append(f"{indent}b{i} = {level!r}")
            lines.append(f"{indent}if h is not True: o = False")
            lines.append(f"{indent}if o: p{i} = {level!r}")
    return lines
