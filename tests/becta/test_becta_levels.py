"""Every level of every Becta strand is reachable: for each of the 60 strand/level pairs, a
minimal evidence lands exactly on that level, determined.

The evidence for a pair starts from every fact at its lowest value (a level-5 school) and applies
the strand's raises for each level from 4 up to the target. Each raise is needed: undoing any one
of them drops the strand below the target level.
"""

from __future__ import annotations

from typing import Any

import pytest

from ictrules import Engine, Status

from .conftest import AS_OF

ALL_VISION_GROUPS = ["staff", "governors", "pupils", "parents", "community"]

#: Per strand, per level: the fact values that meet that level's criteria (later levels override).
RAISES: dict[str, dict[int, dict[str, Any]]] = {
    "1a1": {
        4: {
            "vision.ict_clarity": "passing",
            "vision.shared_with": ["staff"],
            "vision.staff_embrace": "some",
        },
        3: {
            "vision.ict_clarity": "clear",
            "vision.shared_with": ["staff", "governors"],
            "vision.staff_embrace": 0.55,
            "vision.governors_embrace": "many",
        },
        2: {
            "vision.ict_clarity": "distinctive",
            "vision.shared_with": ["staff", "governors", "pupils"],
            "vision.staff_embrace": "80%",
            "vision.governors_embrace": "most",
            "vision.pupils_embrace": 0.76,
        },
        1: {
            "vision.community_needs": True,
            "vision.informed_by": ["national_developments"],
            "vision.shared_with": ALL_VISION_GROUPS,
            "vision.staff_embrace": "almost_all",
            "vision.governors_embrace": 1.0,
            "vision.pupils_embrace": "92%",
            "vision.parents_support": "most",
        },
    },
    "1a2": {
        4: {"vision.ict_clarity": "passing"},
        3: {
            "vision.review_frequency": "occasional",
            "vision.last_reviewed": "2024-01-15",
            "vision.informed_by": [
                "current_technologies",
                "effective_practice",
                "internal_evaluation",
            ],
        },
        2: {
            "vision.review_frequency": "regular",
            "vision.last_reviewed": "2025-03-01",
            "vision.informed_by": [
                "current_technologies",
                "effective_practice",
                "internal_evaluation",
                "practice_beyond_school",
            ],
        },
        1: {
            "vision.review_frequency": "frequent",
            "vision.last_reviewed": "2026-06-30",
            "vision.informed_by": [
                "current_technologies",
                "effective_practice",
                "internal_evaluation",
                "practice_beyond_school",
                "emerging_technologies",
                "learner_practices",
            ],
        },
    },
    "1b1": {
        4: {"leadership.lead_role": "individual"},
        3: {
            "leadership.lead_role": "senior_team",
            "leadership.coordination": "coordinated",
            "leadership.aspects_led": "some",
            "leadership.impact": "identifiable",
        },
        2: {
            "leadership.coordination": "well_coordinated",
            "leadership.aspects_led": 0.6,
            "leadership.impact": "significant",
        },
        1: {
            "leadership.involves": ["governors", "external_partners"],
            "leadership.aspects_led": "all",
            "leadership.impact": "widespread",
            "leadership.succession": True,
        },
    },
    "1b2": {
        4: {"strategy.written": True},
        3: {
            "strategy.aligned_to_vision": True,
            "strategy.goals_and_actions": True,
            "strategy.roles_assigned": True,
            "strategy.target_horizons": ["short", "medium", "long"],
        },
        2: {
            "strategy.improvement_plan": "integrated",
            "strategy.targets_scope": "whole_school",
        },
        1: {
            "strategy.improvement_plan": "central",
            "strategy.targets_scope": "beyond_school",
        },
    },
    "1b3": {
        4: {"budget.ict_budget_planned": True},
        3: {
            "budget.covers_whole_school": True,
            "budget.strategy_costed": "partly",
            "budget.renewal_plan_coverage": 0.2,
            "budget.renewal_horizon_years": 2,
        },
        2: {
            "budget.strategy_costed": "fully",
            "budget.renewal_plan_coverage": "most",
            "budget.renewal_horizon_years": 3,
        },
        1: {
            "budget.renewal_plan_coverage": 0.95,
            "budget.renewal_horizon_years": 5,
            "budget.tco_counted": True,
        },
    },
    "1b4": {
        4: {"environment.impact_understanding": "examining"},
        3: {
            "environment.impact_understanding": "understood",
            "environment.measures_identified": True,
        },
        2: {
            "environment.impact_understanding": "good",
            "environment.measures_taken": ["power_management", "print_reduction"],
        },
        1: {
            "environment.measures_taken": [
                "power_management",
                "extended_device_life",
                "efficient_purchasing",
                "responsible_disposal",
                "print_reduction",
            ],
            "environment.impact_understanding": "full",
        },
    },
    "1b5": {
        4: {
            "esafety.policies": ["acceptable_use"],
            "esafety.staff_adherence": "many",
            "esafety.pupil_adherence": 0.5,
        },
        3: {
            "esafety.policies": ["acceptable_use", "esafety"],
            "esafety.coordination": "coordinated",
            "esafety.filtering": True,
            "esafety.staff_adherence": "most",
            "esafety.pupil_adherence": "80%",
        },
        2: {
            "esafety.policies": ["acceptable_use", "esafety", "data_security", "social_media"],
            "esafety.last_reviewed": "2026-01-10",
            "esafety.coordination": "robust",
            "esafety.practice_monitored": True,
            "esafety.staff_adherence": "almost_all",
            "esafety.pupil_adherence": 0.93,
            "esafety.parent_engagement": "regular",
        },
        1: {
            "esafety.emerging_risks_tracked": True,
            "esafety.policy_contributors": ["pupils", "parents", "community"],
            "esafety.parent_engagement": "partnership",
        },
    },
    "1b6": {
        4: {
            "evaluation.monitoring": "occasional",
            "evaluation.spend_evaluated": "cost_and_use",
        },
        3: {
            "evaluation.monitoring": "regular",
            "evaluation.spend_evaluated": "some_outcomes",
            "evaluation.evidence_sources": ["usage_data", "benchmarking"],
            "evaluation.informs_planning": "beginning",
        },
        2: {
            "evaluation.monitoring": "detailed",
            "evaluation.evidence_sources": [
                "usage_data",
                "pupil_outcomes",
                "staff_survey",
                "external_review",
            ],
            "evaluation.informs_planning": "strong",
        },
        1: {
            "evaluation.monitoring": "systematic",
            "evaluation.spend_evaluated": "pupil_achievement",
            "evaluation.evidence_sources": [
                "usage_data",
                "pupil_outcomes",
                "staff_survey",
                "pupil_survey",
                "lesson_observation",
                "external_review",
            ],
            "evaluation.reported_to": ["governors", "parents", "local_authority"],
        },
    },
    "1c1": {
        4: {"information.strategy": "outline"},
        3: {"information.strategy": "defined", "information.consistent_practice": True},
        2: {
            "information.staff_understand": "most",
            "information.families_understand": 0.78,
            "information.review_cycle": "cyclical",
        },
        1: {
            "information.staff_understand": "all",
            "information.families_understand": "almost_all",
            "information.review_cycle": "continuous",
        },
    },
    "1c2": {
        4: {"assessment.staff_using_ict": "some", "assessment.uses": ["record"]},
        3: {
            "assessment.agreed_strategy": True,
            "assessment.staff_using_ict": 0.85,
            "assessment.staff_using_school_system": 0.85,
            "assessment.uses": ["record", "analyse", "report"],
        },
        2: {
            "assessment.uses": ["record", "analyse", "report", "track_progress", "set_targets"],
            "assessment.online_access": ["parents"],
        },
        1: {
            "assessment.strategy_reviewed": "2026-04-01",
            "assessment.online_access": ["parents", "pupils", "other_stakeholders"],
        },
    },
    "1c3": {
        4: {"communication.channels": ["email"]},
        3: {
            "communication.strategy_agreed": True,
            "communication.staff_follow": "most",
            "communication.audiences": ["staff", "governors", "parents"],
        },
        2: {
            "communication.channels": ["email", "website", "text_messaging", "parent_portal"],
            "communication.audiences": ["staff", "governors", "parents", "pupils"],
            "communication.paper_reduction": "understood",
        },
        1: {
            "communication.trials_new_tools": True,
            "communication.paper_reduction": "promoted",
        },
    },
    "1c4": {
        4: {
            "legislation.procedures": ["data_protection"],
            "legislation.staff_compliance": "few",
        },
        3: {
            "legislation.procedures": ["data_protection", "freedom_of_information", "copyright"],
            "legislation.staff_compliance": "most",
            "legislation.pupil_compliance": 0.75,
        },
        2: {
            "legislation.guidance_published": True,
            "legislation.compliance_monitored": True,
        },
        1: {
            "legislation.procedures_reviewed": "2026-02-01",
            "legislation.staff_compliance": "almost_all",
            "legislation.pupil_compliance": "almost_all",
            "legislation.parents_informed": True,
        },
    },
}

PAIRS = [(code, level) for code in RAISES for level in (5, 4, 3, 2, 1)]


def evidence_for(lowest: dict[str, Any], code: str, level: int) -> dict[str, Any]:
    """Every fact at its lowest, with the strand's raises for each level from 4 up to ``level``."""
    facts = dict(lowest)
    for step in (4, 3, 2, 1):
        if step < level:
            break
        facts.update(RAISES[code][step])
    return facts


def test_the_table_covers_all_60_strand_level_pairs(engine: Engine) -> None:
    codes = [strand.code for strand in engine.framework("becta-srf").strands]
    assert list(RAISES) == codes
    assert len(PAIRS) == 60


@pytest.mark.parametrize(("code", "level"), PAIRS, ids=[f"{c}-level{lv}" for c, lv in PAIRS])
def test_minimal_evidence_lands_exactly_on_the_level(
    engine: Engine, lowest_facts: dict[str, Any], code: str, level: int
) -> None:
    facts = evidence_for(lowest_facts, code, level)
    result = engine.assess({"facts": facts}, "becta-srf", as_of=AS_OF).strand(code)
    assert (result.level, result.best_possible, result.status) == (level, level, Status.DETERMINED)
    assert result.missing == ()
    assert (
        result.descriptor == engine.framework("becta-srf").strand(code).rules_for(level).descriptor
    )


@pytest.mark.parametrize(("code", "level"), [p for p in PAIRS if p[1] != 5])
def test_every_raise_is_needed(
    engine: Engine, lowest_facts: dict[str, Any], code: str, level: int
) -> None:
    facts = evidence_for(lowest_facts, code, level)
    framework = engine.framework("becta-srf")
    raised = [fact for fact in facts if facts[fact] != lowest_facts[fact]]
    for fact in raised:
        undone = {**facts, fact: lowest_facts[fact]}
        result = engine.assess({"facts": undone}, "becta-srf", as_of=AS_OF).strand(code)
        assert framework.rank(result.level) < framework.rank(level), f"{fact} is not needed"


@pytest.mark.parametrize("code", list(RAISES))
def test_the_next_level_lists_the_actions_of_its_unmet_criteria(
    engine: Engine, lowest_facts: dict[str, Any], code: str
) -> None:
    result = engine.assess({"facts": lowest_facts}, "becta-srf", as_of=AS_OF).strand(code)
    criteria = engine.framework("becta-srf").strand(code).rules_for(4).criteria
    assert result.next_level == 4
    assert [(a.criterion, a.text, a.reason) for a in result.actions] == [
        (c.id, c.action, "not met") for c in criteria
    ]
