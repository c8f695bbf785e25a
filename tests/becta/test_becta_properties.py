"""Properties of the Becta framework over generated evidence.

* Full evidence (every fact given) always gives a determined level on every strand.
* Raising any proportion or ordered choice never lowers a strand's proven level, nor the best
  level it could still reach, whatever else is known or unknown.
* Every fact the plugin declares is read by some criterion or entailment, and the engine built
  from the installed entry points includes the framework.

Generated answers are drawn independently, so some contradict what another answer implies (a
"robust" e-safety approach with 20% of staff keeping to the rules). Such evidence is an
evidence problem, not a level; :func:`settle` raises the contradicted answers to what the
framework's entailments say, as a school correcting its file would, before assessing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ictrules_becta
import ictrules_refresh.plugin
from ictrules import BAND_NAMES, Engine, FactSpec, FactType, Status
from ictrules._ladders import compile_entailment_conditions
from ictrules.entailments import close, narrow
from ictrules.facts import check_value
from ictrules.intervals import normalise
from ictrules.testing import strategies

from .conftest import AS_OF

ENGINE = Engine([("becta", ictrules_becta), ("refresh", ictrules_refresh.plugin)])
SPECS = {spec.id: spec for spec in ENGINE.facts_for("becta-srf")}
ORDERED = sorted(
    fact
    for fact, spec in SPECS.items()
    if spec.type is FactType.PROPORTION or (spec.type is FactType.CHOICE and spec.ordered)
)
FRAMEWORK = ENGINE.framework("becta-srf")
COMPILED = ENGINE.compiled("becta-srf")
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


def _checked(fact: str, raw: Any) -> Any:
    value, problem = check_value(SPECS[fact], raw)
    assert problem is None, problem
    return value


def _meet(spec: FactSpec, raw: Any, then: Any) -> Any:
    """The stated answer ``raw`` raised just enough to agree with the entailed ``then``."""
    if not isinstance(then, dict):  # a value: true, or a complete set
        return then
    if "includes" in then:
        return [c for c in spec.choices if c in raw or c in then["includes"]]
    if "count" in then:
        wanted = then["count"]["at_least"]
        extra = [c for c in spec.choices if c not in raw]
        return [c for c in spec.choices if c in raw or c in extra[: max(0, wanted - len(raw))]]
    if "within" in then:
        return AS_OF.isoformat()
    return then["at_least"]


def settle(facts: dict[str, Any]) -> dict[str, Any]:
    """Raise each stated answer an entailment contradicts until none does.

    The entailments run as the engine runs them, to a fixpoint, over what is stated and what
    they have entailed so far; only stated answers are ever rewritten.
    """
    stated = dict(facts)
    known = {fact: _checked(fact, raw) for fact, raw in stated.items()}
    changed = True
    while changed:
        changed = False
        for compiled in COMPILED.entailments:
            normalised = {
                fact: normalise(SPECS[fact], known[fact], COMPILED.bands, AS_OF)
                for fact in compiled.condition.facts
                if fact in known
            }
            if compiled.condition.evaluate(normalised, AS_OF) is not True:
                continue
            for fact, entailed in compiled.then.items():
                spec = SPECS[fact]
                result, contradiction = narrow(
                    spec, known.get(fact), entailed, COMPILED.bands, AS_OF
                )
                if contradiction:
                    assert fact in stated, f"two entailments disagree on {fact}"
                    stated[fact] = _meet(spec, stated[fact], compiled.entailment.then[fact])
                    known[fact] = _checked(fact, stated[fact])
                    result, _ = narrow(spec, known[fact], entailed, COMPILED.bands, AS_OF)
                if result is not known.get(fact):
                    known[fact] = result
                    changed = True
    return stated


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
    assessment = ENGINE.assess({"facts": settle(facts)}, "becta-srf", as_of=AS_OF)
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
    facts = settle({**facts, fact: data.draw(values(SPECS[fact]), label="old")})
    higher = data.draw(raised(fact, facts[fact]), label="new")
    before = _levels(facts)
    after = _levels(settle({**facts, fact: higher}))
    for code, (level, possible) in before.items():
        assert after[code][0] >= level, f"{code}: proven level fell when {fact} rose to {higher!r}"
        assert after[code][1] >= possible, f"{code}: best possible fell when {fact} rose"


def test_settled_evidence_is_what_a_school_could_state(lowest_facts: dict[str, Any]) -> None:
    # A "robust" e-safety approach implies full awareness of the duty, and so an Acceptable Use
    # Policy that at least many staff keep to: settle raises what contradicts that, and the
    # engine takes the result without a problem.
    stated = {
        **lowest_facts,
        "esafety.coordination": "robust",
        "esafety.staff_adherence": "few",
        "esafety.policies": ["social_media"],
    }
    settled = settle(stated)
    assert settled["esafety.duty_awareness"] == "fully_aware"
    assert settled["esafety.staff_adherence"] == "many"
    assert settled["esafety.policies"] == ["acceptable_use", "esafety", "social_media"]
    assert settled["esafety.filtering"] is True
    ENGINE.assess({"facts": settled}, "becta-srf", as_of=AS_OF)


def test_every_strand_declares_itself_monotone() -> None:
    assert all(strand.monotone for strand in FRAMEWORK.strands)


def test_every_declared_fact_is_read_by_some_criterion_or_entailment() -> None:
    declared = {spec.id for spec in ictrules_becta.load().facts}
    read = set(COMPILED.facts)
    assert declared - read == set()
    assert 50 <= len(declared) <= 75


def test_the_engine_builds_from_the_installed_entry_point() -> None:
    engine = Engine.from_installed()
    assert "becta-srf" in engine.frameworks
    assert "becta" in engine.plugins
    assert engine.framework("becta-srf") == FRAMEWORK


@given(strategies.evidence(ENGINE, "becta-srf", partial=True))
def test_becta_entailments_close_the_same_through_generated_conditions(evidence: Any) -> None:
    """Becta's 35 entailments, read through generated code where their facts are exact and
    through their closures where a value is known in part, close evidence as the closures
    alone do (the engine takes the first way)."""
    generated = compile_entailment_conditions(COMPILED)
    assert all(generated)
    args = (evidence.facts, COMPILED.entailments, ENGINE.facts, COMPILED.bands, AS_OF)
    assert close(*args, None, generated) == close(*args)
