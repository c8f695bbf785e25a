"""Properties of the Becta framework over generated evidence.

* Full evidence (every fact given) always gives a determined level on every strand.
* Raising any proportion or ordered choice never lowers a strand's proven level, nor the best
  level it could still reach, whatever else is known or unknown.
* Every fact the plugin declares is read by some criterion, and the engine built from the
  installed entry points includes the framework.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ictrules_becta
from ictrules import BAND_NAMES, Engine, FactSpec, FactType, Status

from .conftest import AS_OF

ENGINE = Engine([("becta", ictrules_becta)])
SPECS = {spec.id: spec for spec in ENGINE.facts_for("becta-srf")}
ORDERED = sorted(
    fact for fact, spec in SPECS.items() if spec.type in (FactType.PROPORTION, FactType.CHOICE)
)
FRAMEWORK = ENGINE.framework("becta-srf")
#: The monotonicity property runs once per ordered fact, so each run gets a share of the profile.
PER_FACT_EXAMPLES = max(10, (settings.default.max_examples if settings.default else 100) // 4)


def proportions() -> st.SearchStrategy[Any]:
    """A proportion as a survey gives it: a number, a percentage or a band name."""
    return st.one_of(
        st.floats(0.0, 1.0),
        st.integers(0, 100).map(lambda percent: f"{percent}%"),
        st.sampled_from(BAND_NAMES),
    )


def values(spec: FactSpec) -> st.SearchStrategy[Any]:
    """Any valid value for a fact."""
    match spec.type:
        case FactType.BOOLEAN:
            return st.booleans()
        case FactType.INTEGER:
            return st.integers(0, 12)
        case FactType.PROPORTION:
            return proportions()
        case FactType.CHOICE:
            return st.sampled_from(spec.choices)
        case FactType.CHOICES:
            return st.lists(st.sampled_from(spec.choices), unique=True)
        case FactType.DATE:
            return st.dates(dt.date(2015, 1, 1), AS_OF).map(dt.date.isoformat)
        case _:  # pragma: no cover - the Becta vocabulary has no text or number facts
            raise AssertionError(spec.type)


FULL_EVIDENCE = st.fixed_dictionaries({fact: values(spec) for fact, spec in SPECS.items()})
PARTIAL_EVIDENCE = st.fixed_dictionaries(
    {}, optional={fact: values(spec) for fact, spec in SPECS.items()}
)


def _as_number(raw: Any) -> float | None:
    if isinstance(raw, float):
        return raw
    if isinstance(raw, str) and raw.endswith("%"):
        return float(raw[:-1]) / 100
    return None


@st.composite
def raised(draw: st.DrawFn, fact: str, old: Any) -> Any:
    """A value of ``fact`` no lower than ``old``."""
    spec = SPECS[fact]
    if spec.type is FactType.CHOICE:
        return draw(st.sampled_from(spec.choices[spec.choices.index(old) :]))
    number = _as_number(old)
    if number is None:  # a band name: a band no lower
        return draw(st.sampled_from(BAND_NAMES[BAND_NAMES.index(old) :]))
    return draw(st.floats(number, 1.0))


def _levels(facts: dict[str, Any]) -> dict[str, tuple[int, int]]:
    assessment = ENGINE.assess({"facts": facts}, "becta-srf", as_of=AS_OF)
    return {
        s.code: (FRAMEWORK.rank(s.level), FRAMEWORK.rank(s.best_possible))
        for s in assessment.strands
    }


@given(FULL_EVIDENCE)
def test_full_evidence_always_gives_determined_levels(facts: dict[str, Any]) -> None:
    assessment = ENGINE.assess({"facts": facts}, "becta-srf", as_of=AS_OF)
    for strand in assessment.strands:
        assert strand.status is Status.DETERMINED, strand.code
        assert strand.level == strand.best_possible
        assert strand.missing == ()


@pytest.mark.parametrize("fact", ORDERED)
@settings(max_examples=PER_FACT_EXAMPLES)
@given(data=st.data(), facts=PARTIAL_EVIDENCE)
def test_raising_a_proportion_or_ordered_choice_never_lowers_a_level(
    data: st.DataObject, facts: dict[str, Any], fact: str
) -> None:
    facts = {**facts, fact: data.draw(values(SPECS[fact]), label="old")}
    higher = data.draw(raised(fact, facts[fact]), label="new")
    before = _levels(facts)
    after = _levels({**facts, fact: higher})
    for code, (level, possible) in before.items():
        assert after[code][0] >= level, f"{code}: proven level fell when {fact} rose to {higher!r}"
        assert after[code][1] >= possible, f"{code}: best possible fell when {fact} rose"


def test_every_strand_declares_itself_monotone() -> None:
    assert all(strand.monotone for strand in FRAMEWORK.strands)


def test_every_declared_fact_is_read_by_some_criterion() -> None:
    declared = {spec.id for spec in ictrules_becta.load().facts}
    read = set(ENGINE.compiled("becta-srf").facts)
    assert declared - read == set()
    assert 50 <= len(declared) <= 75


def test_the_engine_builds_from_the_installed_entry_point() -> None:
    engine = Engine.from_installed()
    assert "becta-srf" in engine.frameworks
    assert "becta" in engine.plugins
    assert engine.framework("becta-srf") == FRAMEWORK
