"""Reproducer plugin: framework 'atk' with one criterion whose condition is CONDITION.

ictrules assess number-nan.json --plugin number-nan-plugin.py --disable-plugin all --framework atk --as-of 2026-09-01 -f json
Now: exit 0; the JSON holds "value": NaN (not valid JSON) and the criterion t.num != 1 holds; --store saves NaN into the evidence column.
Expected: exit 1, "facts.t.num: expected a finite number, got nan" (as proportions already do).
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

CONDITION = "t.num != 1"

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
