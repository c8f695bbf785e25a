"""A school at the bottom of every strand: where it stands and what it is told to do next.

Every fact at its lowest value is a level-5 school on every strand, determined; its next steps
are the actions of level 4's criteria, each "not met". (That each level of each strand can be
reached, determined, by the words of its descriptor is the acceptance test in
test_becta_descriptors.py.)
"""

from __future__ import annotations

from typing import Any

import pytest

from ictrules import Engine, Status, explain

from .conftest import AS_OF

CODES = ["1a1", "1a2", "1b1", "1b2", "1b3", "1b4", "1b5", "1b6", "1c1", "1c2", "1c3", "1c4"]


def test_the_lowest_answers_are_level_5_on_every_strand(
    engine: Engine, lowest_facts: dict[str, Any]
) -> None:
    assessment = engine.assess({"facts": lowest_facts}, "becta-srf", as_of=AS_OF)
    assert [s.code for s in assessment.strands] == CODES
    for strand in assessment.strands:
        assert (strand.level, strand.best_possible, strand.status) == (5, 5, Status.DETERMINED)
        assert strand.missing == ()


@pytest.mark.parametrize("code", CODES)
def test_the_next_level_lists_the_actions_of_its_unmet_criteria(
    engine: Engine, lowest_facts: dict[str, Any], code: str
) -> None:
    result = engine.assess({"facts": lowest_facts}, "becta-srf", as_of=AS_OF).strand(code)
    criteria = engine.framework("becta-srf").strand(code).rules_for(4).criteria
    assert result.next_level == 4
    assert [(a.criterion, a.text, a.reason) for a in result.actions] == [
        (c.id, c.action, "not met") for c in criteria
    ]


def test_a_value_known_in_part_that_keeps_a_strand_open_is_evidence_to_collect(
    engine: Engine,
) -> None:
    """Reviews 'at most regular' leave 1a2's level 3 open: the review frequency is what to pin
    down, and 'Evidence to collect' said nothing once everything else was given."""
    facts: dict[str, object] = {
        "vision.ict_clarity": "clear",
        "vision.review_frequency": {"at_most": "regular"},
        "vision.last_reviewed": {"within": "6 months"},
        "vision.informed_by": [
            "current_technologies",
            "effective_practice",
            "internal_evaluation",
            "practice_beyond_school",
            "emerging_technologies",
            "learner_practices",
            "national_developments",
        ],
    }
    assessment = engine.assess({"facts": facts}, "becta-srf", as_of=AS_OF)
    strand = assessment.strand("1a2")
    assert (strand.level, strand.best_possible) == (4, 2)
    assert strand.missing == ("vision.review_frequency",)
    assert explain(assessment, "1a2").splitlines()[-1] == (
        "Evidence to collect: vision.review_frequency"
    )
