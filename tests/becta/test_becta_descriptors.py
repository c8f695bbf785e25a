"""Issue 11's acceptance test: a school that states only what one level's descriptor says about
its strand, in a school's words, lands at that level, determined.

The 60 cases (12 strands x 5 levels) are data, in ``descriptor_cases.toml`` beside this file:
each gives the descriptor summary and the evidence that translates it, fact by fact, so a
reviewer can check every translation by reading the file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import ictrules_becta
from ictrules import Engine, Status, StrandResult

from .conftest import AS_OF

CASES_FILE = Path(__file__).with_name("descriptor_cases.toml")
CASES: list[dict[str, Any]] = tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
FRAMEWORK = ictrules_becta.load().framework


def _id(case: dict[str, Any]) -> str:
    return f"{case['strand']}-level{case['level']}"


def _unsettled(result: StrandResult) -> str:
    """The criteria that kept the strand from its case's level, or left it open, in words."""
    lines = [
        f"{criterion.id} ({'unknown' if criterion.holds is None else 'not met'}): "
        f"{criterion.statement}"
        for criterion in result.criteria
        if criterion.holds is not True
    ]
    return "; ".join(lines) or "none"


def test_there_is_one_case_per_strand_and_level() -> None:
    pairs = [(case["strand"], case["level"]) for case in CASES]
    expected = [(s.code, lv.value) for s in FRAMEWORK.strands for lv in FRAMEWORK.scale[::-1]]
    assert sorted(pairs) == sorted(expected)
    assert len(pairs) == len(set(pairs)) == 60


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_each_case_quotes_the_descriptor_it_translates(case: dict[str, Any]) -> None:
    rules = FRAMEWORK.strand(case["strand"]).rules_for(case["level"])
    assert case["descriptor"] == rules.descriptor


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_each_case_states_only_facts_of_its_own_strand(
    engine: Engine, case: dict[str, Any]
) -> None:
    compiled = engine.compiled("becta-srf")
    strand = next(s for s in compiled.strands if s.strand.code == case["strand"])
    read = {fact for _, criteria in strand.ladder for c in criteria for fact in c.condition.facts}
    feeding = {
        fact
        for entailment in compiled.entailments
        if read & set(entailment.then)
        for fact in entailment.condition.facts
    }
    assert set(case["facts"]) <= read | feeding, set(case["facts"]) - (read | feeding)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_a_descriptor_in_a_schools_words_lands_at_its_level_determined(
    engine: Engine, case: dict[str, Any]
) -> None:
    code, level = case["strand"], case["level"]
    result = engine.assess({"facts": case["facts"]}, "becta-srf", as_of=AS_OF).strand(code)
    assert (result.level, result.best_possible) == (level, level), (
        f"{code} level {level} came out at level {result.level} (could be "
        f"{result.best_possible}); criteria not met or unknown: {_unsettled(result)}"
    )
    assert result.status is Status.DETERMINED
    assert result.descriptor == case["descriptor"]
