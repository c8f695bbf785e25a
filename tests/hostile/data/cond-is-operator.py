"""Reproducer plugin: framework 'atk' with one criterion whose condition is CONDITION.

ictrules assess atk-evidence.json --plugin cond-is-operator.py --disable-plugin all --framework atk --as-of 2026-09-01
Now: exit 3, internal error KeyError: <class 'ast.Is'> (Engine([plugin]) raises KeyError).
Expected: exit 1, a ConditionError such as "'is' is not allowed in a condition; use == or !=".
"""

from ictrules import (
    Criterion,
    FactSpec,
    FactType,
    Framework,
    Level,
    LevelRules,
    Section,
    Strand,
    hookimpl,
)

CONDITION = "t.flag is True"

FACTS = [
    FactSpec("t.flag", FactType.BOOLEAN, "d", "q"),
    FactSpec("t.num", FactType.NUMBER, "d", "q"),
    FactSpec("t.prop", FactType.PROPORTION, "d", "q"),
    FactSpec("t.when", FactType.DATE, "d", "q"),
]


@hookimpl
def ictrules_facts():
    return FACTS


@hookimpl
def ictrules_frameworks():
    crit = Criterion(id="c1", condition=CONDITION, statement="s", action="a")
    strand = Strand("s1", "Strand", (LevelRules(2, "low"), LevelRules(1, "high", (crit,))))
    return [
        Framework(
            "atk",
            "Attack",
            "1",
            "src",
            (Level(2, "two"), Level(1, "one")),
            (Section("x", "X", (strand,)),),
        )
    ]
