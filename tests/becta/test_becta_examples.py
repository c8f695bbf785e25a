"""The three example schools in examples/: their full results, strand by strand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import cattrs
import pytest

from ictrules import Assessment, Engine, Provenance, Status

from .conftest import AS_OF

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: Per school, per strand: (proven level, best possible level).
EXPECTED: dict[str, dict[str, tuple[int, int]]] = {
    "weak": {
        "1a1": (4, 4),
        "1a2": (4, 4),
        "1b1": (4, 4),
        "1b2": (5, 5),
        "1b3": (4, 4),
        "1b4": (5, 5),
        "1b5": (5, 5),
        "1b6": (5, 5),
        "1c1": (5, 5),
        "1c2": (4, 4),
        "1c3": (4, 4),
        "1c4": (4, 4),
    },
    "typical": {
        "1a1": (3, 3),
        "1a2": (3, 3),
        "1b1": (3, 3),
        "1b2": (4, 4),
        "1b3": (4, 3),
        "1b4": (3, 2),
        "1b5": (3, 3),
        "1b6": (4, 3),
        "1c1": (4, 4),
        "1c2": (3, 3),
        "1c3": (3, 3),
        "1c4": (4, 4),
    },
    "strong": {
        "1a1": (1, 1),
        "1a2": (1, 1),
        "1b1": (2, 2),
        "1b2": (1, 1),
        "1b3": (1, 1),
        "1b4": (2, 2),
        "1b5": (2, 2),
        "1b6": (1, 1),
        "1c1": (2, 2),
        "1c2": (1, 1),
        "1c3": (1, 1),
        "1c4": (2, 2),
    },
}


def assess(engine: Engine, school: str) -> Assessment:
    evidence = engine.load_evidence(EXAMPLES / f"{school}-school.toml")
    return engine.assess(evidence, "becta-srf", as_of=AS_OF)


@pytest.mark.parametrize("school", list(EXPECTED))
def test_each_example_gives_its_levels_on_every_strand(engine: Engine, school: str) -> None:
    assessment = assess(engine, school)
    got = {s.code: (s.level, s.best_possible) for s in assessment.strands}
    assert got == EXPECTED[school]
    for strand in assessment.strands:
        determined = strand.level == strand.best_possible
        assert strand.status is (Status.DETERMINED if determined else Status.PROVISIONAL)


def test_the_typical_school_lists_the_evidence_still_to_collect(engine: Engine) -> None:
    assessment = assess(engine, "typical")
    missing = {s.code: s.missing for s in assessment.strands if s.missing}
    assert missing == {
        "1b3": ("budget.renewal_horizon_years",),
        "1b4": ("environment.energy_use_measured",),
        "1b6": ("evaluation.informs_planning",),
    }


def test_the_typical_school_leaves_the_inventory_facts_to_the_refresh_plugin(
    engine: Engine,
) -> None:
    evidence = engine.load_evidence(EXAMPLES / "typical-school.toml")
    inventory_facts = {
        "budget.renewal_plan_coverage",
        "budget.renewal_horizon_years",
        "budget.tco_counted",
        "environment.energy_use_measured",
        "environment.embodied_carbon_estimated",
    }
    assert inventory_facts.isdisjoint(evidence.facts)
    for school in ("weak", "strong"):
        stated = engine.load_evidence(EXAMPLES / f"{school}-school.toml").facts
        assert inventory_facts <= set(stated)


def test_the_examples_carry_provenance_and_own_judgements(engine: Engine) -> None:
    evidence = engine.load_evidence(EXAMPLES / "typical-school.toml")
    assert evidence.school is not None
    assert evidence.school.name == "Meadowbank Primary School"
    assert evidence.facts["vision.staff_embrace"] == 0.68
    assert evidence.provenance["vision.staff_embrace"] == Provenance(
        "survey",
        dt.date(2026, 6, 30),
        "Staff survey: 28 of 41 agreed they understand and support the vision",
    )
    assert evidence.facts["leadership.aspects_led"] == 0.4


@pytest.mark.parametrize(
    ("school", "code", "message"),
    [
        (
            "weak",
            "1b5",
            "own judgement (level 4) is better than the evidence supports (at best level 5)",
        ),
        (
            "typical",
            "1b2",
            "own judgement (level 3) is better than the evidence supports (at best level 4)",
        ),
        (
            "strong",
            "1b1",
            "own judgement (level 1) is better than the evidence supports (at best level 2)",
        ),
    ],
)
def test_each_example_has_a_judgement_the_evidence_disputes(
    engine: Engine, school: str, code: str, message: str
) -> None:
    assessment = assess(engine, school)
    disputed = {s.code: s.disagreement for s in assessment.strands if s.disagreement}
    assert disputed == {code: message}
    assert any(s.judgement and not s.disagreement for s in assessment.strands)


@pytest.mark.parametrize("school", list(EXPECTED))
def test_an_example_assessment_is_byte_identical_and_reads_back(
    engine: Engine, school: str
) -> None:
    first = assess(engine, school).to_json()
    assert assess(engine, school).to_json() == first
    assert Assessment.from_json(first).to_json() == first
    # ictrules' converter, tuned for speed, writes what plain cattrs would (entailments,
    # provenance and own judgements included)
    reference = cattrs.Converter()
    reference.register_unstructure_hook(dt.date, lambda day: day.isoformat())
    assert json.loads(first) == reference.unstructure(assess(engine, school))
