"""Reproducer plugin: framework 'atk' with one criterion whose condition is CONDITION.

ictrules check atk --plugin check-date-overflow.py --disable-plugin all
Now: exit 3, internal error OverflowError: date value out of range (also days_since(t.when) > 800000, years_since(t.when) > 1e308, t.num > 0x<300 f>).
Expected: the check runs (candidates clipped to the date range) and reports findings.
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

CONDITION = "years_since(t.when) > 3000"

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
