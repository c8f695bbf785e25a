"""The levels-only fast path (``Engine.levels``) gives the levels ``Engine.assess`` explains.

A synthetic framework reads every fact type with every operator; Hypothesis draws conditions
from those atoms, ladders from the conditions and evidence with any facts missing, and the fast
path must agree with the full assessment on each strand's level and best possible level: the
levels its criteria's truth values give when each ladder is climbed again here, in three-valued
logic, as a reader of the assessment would (``assess`` takes its levels from the fast path and
works its reasons out apart, so they are compared with what the reasons say).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictrules import (
    BAND_NAMES,
    BandScale,
    Criterion,
    Derivation,
    DerivationContext,
    Engine,
    Evidence,
    FactSpec,
    FactType,
    Framework,
    Level,
    LevelRules,
    Section,
    Strand,
    UnknownFrameworkError,
    hookimpl,
)

AS_OF = dt.date(2026, 9, 1)
CHOICES = ("absent", "unclear", "clear", "distinctive")
AUDIENCE = ("staff", "governors", "pupils", "parents")
OPS = ("==", "!=", "<", "<=", ">", ">=")


def _fact(fact_id: str, kind: FactType, choices: tuple[str, ...] = ()) -> FactSpec:
    return FactSpec(fact_id, kind, f"The {fact_id}.", f"What is {fact_id}?", choices=choices)


FACTS = (
    _fact("b.flag", FactType.BOOLEAN),
    _fact("b.other", FactType.BOOLEAN),
    _fact("n.count", FactType.INTEGER),
    _fact("n.other", FactType.INTEGER),
    _fact("n.share", FactType.NUMBER),
    _fact("p.main", FactType.PROPORTION),
    _fact("p.other", FactType.PROPORTION),
    _fact("c.main", FactType.CHOICE, CHOICES),
    _fact("c.other", FactType.CHOICE, CHOICES),
    _fact("s.shared", FactType.CHOICES, AUDIENCE),
    _fact("d.main", FactType.DATE),
    _fact("d.other", FactType.DATE),
    _fact("t.main", FactType.TEXT),
    _fact("t.other", FactType.TEXT),
)

#: Conditions over every fact type, with every operator and function.
ATOMS = (
    "b.flag",
    "b.flag == b.other",
    "b.flag != True",
    "True",
    "n.count >= 3",
    "n.count < n.other",
    "1 < n.count <= 5",
    "n.count in (1, 2, 3)",
    "n.count not in (0,)",
    "n.share > 2.5",
    "n.share == 0",
    "-1 < n.share",
    "n.share < 1e999",
    "2 >= n.count",
    *(f"p.main {op} '{band}'" for op in OPS for band in BAND_NAMES),
    *(f"p.main {op} 0.5" for op in OPS),
    *(f"p.main {op} p.other" for op in OPS),
    "0.15 <= p.main",
    "'most' > p.other",
    *(f"c.main {op} 'clear'" for op in OPS),
    *(f"c.main {op} c.other" for op in OPS),
    "'unclear' >= c.main",
    "c.main in ('absent', 'clear')",
    "c.main not in ('clear',)",
    "'governors' in s.shared",
    "'parents' not in s.shared",
    "count(s.shared) >= 2",
    "years_since(d.main) <= 2",
    "days_since(d.main) > 100",
    "d.main < d.other",
    "d.main == d.other",
    "t.main == 'x'",
    "t.main != t.other",
    "t.main in ('x', 'y')",
    "known(t.main)",
    "not known(p.other)",
)

CUSTOM_BANDS = BandScale(
    {
        "none": 0.0,
        "few": 0.05,
        "some": 0.2,
        "many": 0.4,
        "most": 0.7,
        "almost_all": 0.95,
        "all": 1.0,
    }
)


def conditions() -> st.SearchStrategy[str]:
    atoms = st.sampled_from(ATOMS)
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
                lambda t: f"({t[0]}) {t[1]} ({t[2]})"
            ),
            inner.map(lambda c: f"not ({c})"),
        ),
        max_leaves=4,
    )


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    strands = []
    for number in range(draw(st.integers(1, 3))):
        code = f"s{number}"
        levels = [LevelRules(4, "lowest")]
        for level in (3, 2, 1):
            criteria = tuple(
                Criterion(f"{code}-{level}-{i}", condition, "holds", "make it hold")
                for i, condition in enumerate(draw(st.lists(conditions(), max_size=2)))
            )
            levels.append(LevelRules(level, f"level {level}", criteria))
        strands.append(Strand(code, f"Strand {number}", tuple(levels)))
    return Framework(
        id="synthetic",
        title="Synthetic",
        version="1",
        source="tests",
        scale=tuple(Level(value, str(value)) for value in (4, 3, 2, 1)),
        sections=(Section("all", "All", tuple(strands)),),
        bands=draw(st.sampled_from([None, CUSTOM_BANDS])),
    )


def proportions() -> st.SearchStrategy[Any]:
    edges = [0.0, 0.05, 0.15, 0.2, 0.4, 0.5, 0.7, 0.75, 0.9, 0.95, 1.0]
    return st.one_of(
        st.sampled_from(edges),
        st.floats(0, 1, allow_nan=False),
        st.sampled_from(BAND_NAMES),
        st.integers(0, 100).map(lambda n: f"{n}%"),
    )


VALUES: dict[str, st.SearchStrategy[Any]] = {
    "b.flag": st.booleans(),
    "b.other": st.booleans(),
    "n.count": st.integers(-1, 7),
    "n.other": st.integers(-1, 7),
    "n.share": st.one_of(st.sampled_from([0.0, 2.5, -1.0]), st.floats(-5, 10, allow_nan=False)),
    "p.main": proportions(),
    "p.other": proportions(),
    "c.main": st.sampled_from(CHOICES),
    "c.other": st.sampled_from(CHOICES),
    "s.shared": st.lists(st.sampled_from(AUDIENCE), unique=True),
    "d.main": st.dates(dt.date(2020, 1, 1), AS_OF),
    "d.other": st.dates(dt.date(2024, 1, 1), AS_OF),
    "t.main": st.sampled_from(["x", "y", "z", ""]),
    "t.other": st.sampled_from(["x", "y", "z", ""]),
}


@st.composite
def evidence(draw: st.DrawFn) -> dict[str, Any]:
    present = draw(st.sets(st.sampled_from(sorted(VALUES))))
    return {"facts": {fact: draw(VALUES[fact]) for fact in sorted(present)}}


class Synthetic:
    """Supplies the facts and one framework."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework

    @hookimpl
    def ictrules_facts(self) -> Iterable[FactSpec]:
        return FACTS

    @hookimpl
    def ictrules_frameworks(self) -> Iterable[Framework]:
        return [self.framework]


def assessed_levels(engine: Engine, document: Any) -> dict[str, tuple[int, int]]:
    """Each strand's (level, best possible level) from its explained criteria: a level holds
    when all its criteria hold, is ruled out when one fails, and is open otherwise; the proven
    level is the top of the unbroken run that holds, the best possible that of the run not
    ruled out. The assessment's own levels must say the same."""
    assessment = engine.assess(document, "synthetic", as_of=AS_OF)
    found = {}
    for strand in assessment.strands:
        proven = possible = assessment.scale[0]
        proven_open = possible_open = True
        for level in assessment.scale[1:]:
            truths = [c.holds for c in strand.criteria if c.level == level]
            holds = False if False in truths else None if None in truths else True
            proven_open = proven_open and holds is True
            possible_open = possible_open and holds is not False
            proven = level if proven_open else proven
            possible = level if possible_open else possible
        assert (strand.level, strand.best_possible) == (proven, possible)
        found[strand.code] = (proven, possible)
    return found


@given(frameworks(), st.lists(evidence(), min_size=1, max_size=8))
def test_fast_path_agrees_with_assess(framework: Framework, documents: list[Any]) -> None:
    engine = Engine([Synthetic(framework)])
    for document in documents:
        assert engine.levels(document, "synthetic", as_of=AS_OF) == assessed_levels(
            engine, document
        )


EVERY_ATOM = Framework(
    id="synthetic",
    title="Every atom",
    version="1",
    source="tests",
    scale=tuple(Level(value, str(value)) for value in (4, 3, 2, 1)),
    sections=(
        Section(
            "all",
            "All",
            tuple(
                Strand(
                    f"a{i}",
                    atom,
                    (
                        LevelRules(4, "lowest"),
                        LevelRules(3, "three", (Criterion(f"a{i}-3", atom, "holds", "do"),)),
                        LevelRules(2, "two"),
                        LevelRules(1, "one", (Criterion(f"a{i}-1", "known(b.flag)", "x", "y"),)),
                    ),
                )
                for i, atom in enumerate(ATOMS)
            ),
        ),
    ),
)


@pytest.fixture(scope="module")
def every_atom() -> Engine:
    return Engine([Synthetic(EVERY_ATOM)])


@given(evidence())
def test_every_atom_agrees_with_assess(every_atom: Engine, document: dict[str, Any]) -> None:
    assert every_atom.levels(document, "synthetic", as_of=AS_OF) == assessed_levels(
        every_atom, document
    )


def test_full_evidence_takes_the_two_valued_path(every_atom: Engine) -> None:
    source = every_atom.ladder_source("synthetic")
    assert source.startswith(
        "def ladders(v, as_of):\n    try:\n        # strand a0\n        s0 = (4, 4)\n"
    )
    assert "    if (0.5 <= v['p.main']):" in source  # a band is a threshold on a number
    assert re.search(r"x\d+ in \{'many', 'most', 'almost_all', 'all'\}", source)  # or band names


def test_levels_name_every_strand_in_framework_order(every_atom: Engine) -> None:
    levels = every_atom.levels({"facts": {}}, as_of=AS_OF)
    assert list(levels) == [f"a{i}" for i in range(len(ATOMS))]
    assert levels["a0"] == (4, 1)


def test_levels_of_an_unknown_framework_is_the_same_error_as_assess(every_atom: Engine) -> None:
    with pytest.raises(UnknownFrameworkError) as levels_error:
        every_atom.levels({"facts": {}}, "synthetc", as_of=AS_OF)
    with pytest.raises(UnknownFrameworkError) as assess_error:
        every_atom.assess({"facts": {}}, "synthetc", as_of=AS_OF)
    assert str(levels_error.value) == str(assess_error.value)


class Derives:
    """Derives n.count from s.shared."""

    @hookimpl
    def ictrules_derivations(self, facts: Any) -> list[Derivation]:
        def compute(context: DerivationContext) -> int | None:
            shared = context.inputs["s.shared"]
            return None if shared is None else len(shared) + 2  # type: ignore[arg-type]

        return [Derivation("n.count", compute, ("s.shared",))]


def test_levels_use_derived_facts_like_assess() -> None:
    engine = Engine([Synthetic(EVERY_ATOM), Derives()])
    document = {"facts": {"s.shared": ["staff", "governors"], "b.flag": True}}
    levels = engine.levels(document, as_of=AS_OF)
    assert levels["a4"] == (1, 1)  # n.count >= 3, derived as 4
    assert levels == assessed_levels(engine, document)


def _one_criterion(condition: str) -> Framework:
    strand = Strand(
        "s0",
        "Deep",
        (
            LevelRules(4, "lowest"),
            LevelRules(3, "three", (Criterion("deep", condition, "holds", "do"),)),
            LevelRules(2, "two"),
            LevelRules(1, "one", (Criterion("known", "known(n.count)", "holds", "do"),)),
        ),
    )
    return attrs.evolve(EVERY_ATOM, sections=(Section("all", "All", (strand,)),))


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"b.flag": True}, (2, 1)),
        ({"b.flag": False, "b.other": True}, (4, 4)),
        ({"b.flag": False, "b.other": False, "n.count": 1}, (4, 4)),
        ({}, (4, 1)),
    ],
)
def test_conditions_nested_past_pythons_indentation_limit_still_agree(
    facts: dict[str, Any], expected: tuple[int, int]
) -> None:
    condition = "b.other"
    for depth in range(110):  # alternating and/or nests 110 deep
        condition = f"(b.flag {'and' if depth % 2 else 'or'} {condition})"
    engine = Engine([Synthetic(_one_criterion(condition))])
    document = {"facts": facts}
    assert engine.levels(document, as_of=AS_OF) == {"s0": expected}
    assert engine.levels(document, as_of=AS_OF) == assessed_levels(engine, document)


@pytest.mark.parametrize("value", [0, 1])
def test_evidence_built_by_hand_with_whole_numbers_for_proportions_agrees(
    every_atom: Engine, value: int
) -> None:
    evidence = Evidence({"p.main": value, "p.other": "some", "b.flag": True})
    expected = assessed_levels(every_atom, evidence)
    assert every_atom.levels(evidence, "synthetic", as_of=AS_OF) == expected


def _closure_truths(engine: Engine, document: dict[str, Any]) -> list[bool | None]:
    """Every criterion's truth value through its condition's closures, as assess worked it out
    before the generated truths (and still does for partial values)."""
    from ictrules.intervals import normalise

    compiled = engine.compiled("synthetic")
    values = engine.load_evidence(document).facts
    normalised = {
        fact: normalise(engine.facts[fact], values[fact], compiled.bands, AS_OF)
        for fact in compiled.facts
        if fact in values
    }
    return [
        criterion.condition.evaluate(normalised, AS_OF)
        for strand in compiled.strands
        for _, criteria in strand.ladder
        for criterion in criteria
    ]


@given(frameworks(), st.lists(evidence(), min_size=1, max_size=8))
def test_generated_truths_agree_with_each_conditions_closures(
    framework: Framework, documents: list[Any]
) -> None:
    from ictrules._ladders import compile_truths

    engine = Engine([Synthetic(framework)])
    truths = compile_truths(engine.compiled("synthetic"))
    assert truths is not None
    for document in documents:
        values = engine.load_evidence(document).facts
        assert list(truths(values, AS_OF)) == _closure_truths(engine, document)


@given(evidence())
def test_every_atoms_generated_truths_agree_with_its_closures(
    every_atom: Engine, document: dict[str, Any]
) -> None:
    from ictrules._ladders import compile_truths

    truths = compile_truths(every_atom.compiled("synthetic"))
    assert truths is not None
    values = every_atom.load_evidence(document).facts
    assert list(truths(values, AS_OF)) == _closure_truths(every_atom, document)


@pytest.mark.parametrize("share", [0.05, 0.04, 0.1])
def test_few_starts_just_above_nothing_whatever_lower_bound_a_framework_gives_it(
    share: float,
) -> None:
    """A framework may start 'few' at 5%; a share of 4% or 5% is still 'few' when read as a
    number (BandScale.band_of), so whether it equals a school's 'few' is unknown, not false.
    The generated truths once took 'few' as starting at its lower bound."""
    from ictrules._ladders import compile_truths
    from ictrules.testing.builders import build_strand

    scale = tuple(Level(value, str(value)) for value in (2, 1))
    framework = Framework(
        id="synthetic",
        title="Synthetic",
        version="1",
        source="tests",
        scale=scale,
        sections=(
            Section(
                "all",
                "All",
                (build_strand("s0", {1: [("s0-1-0", "p.main == p.other")]}, scale=scale),),
            ),
        ),
        bands=CUSTOM_BANDS,
    )
    engine = Engine([Synthetic(framework)])
    document = {"facts": {"p.main": share, "p.other": "few"}}
    truths = compile_truths(engine.compiled("synthetic"))
    assert truths is not None
    values = engine.load_evidence(document).facts
    assert list(truths(values, AS_OF)) == _closure_truths(engine, document) == [None]
