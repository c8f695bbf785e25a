"""Survey evidence beside the school's own: one evidence to assess, a fact given twice is a
problem naming both unless one is chosen, and only counts go forward."""

from __future__ import annotations

import datetime as dt

import exports
import pytest

from ictrules import Bounds, Engine, EvidenceError
from ictrules.surveys import merge_evidence, read_surveys

FILES, MAPPING, SCHOOL = exports.FILES, exports.MAPPING, exports.SCHOOL
AS_OF = dt.date(2026, 9, 1)


def test_a_fact_given_by_the_school_and_a_survey_is_a_problem_naming_both(
    engine: Engine,
) -> None:
    survey = read_surveys(engine, FILES[:1], {"groups": {"staff": {"size": 41}}})
    evidence = engine.load_evidence(SCHOOL, "becta-srf")
    with pytest.raises(EvidenceError) as caught:
        merge_evidence(evidence, survey)
    assert caught.value.source == str(SCHOOL)
    # communication.staff_follow is about staff and governors: staff alone leave it unknown
    problems = {problem.path: problem for problem in caught.value.problems}
    assert sorted(problems) == [
        "facts.assessment.staff_using_school_system",
        "facts.esafety.staff_adherence",
        "facts.legislation.staff_compliance",
        "facts.vision.staff_embrace",
    ]
    assert str(problems["facts.vision.staff_embrace"]) == (
        "facts.vision.staff_embrace: given both by the evidence file (68%) and by the survey "
        "(57% to 77%; 28 of 41 staff replied (68%); 19 agree) (choose one: add "
        '"vision.staff_embrace" = "survey" (or "school") under [prefer] in the survey mapping, '
        "or leave the fact out of the evidence file)"
    )


def test_prefer_chooses_the_value_and_the_rest_of_the_evidence_is_kept(engine: Engine) -> None:
    survey = read_surveys(engine, FILES, MAPPING)
    school = engine.load_evidence(SCHOOL, "becta-srf")
    merged = merge_evidence(school, survey)
    assert merged.facts["vision.staff_embrace"] == Bounds(at_least=0.574, at_most=0.768)
    assert merged.provenance["vision.staff_embrace"].note == (
        "28 of 41 staff replied (68%); 19 agree"
    )
    # a fact the survey measured and the school did not give
    assert merged.facts["vision.pupils_embrace"] == survey.evidence.facts["vision.pupils_embrace"]
    # the school's own facts, judgements and identity stay
    assert merged.facts["vision.ict_clarity"] == school.facts["vision.ict_clarity"]
    assert merged.judgements == school.judgements
    assert merged.school == school.school
    assert merged.source == school.source
    kept = merge_evidence(
        school, survey, prefer={**survey.prefer, "vision.staff_embrace": "school"}
    )
    assert kept.facts["vision.staff_embrace"] == 0.68
    assert kept.provenance["vision.staff_embrace"] == school.provenance["vision.staff_embrace"]


def test_the_survey_changes_what_the_evidence_proves(engine: Engine) -> None:
    """The school typed 'many' governors; nine of twelve replied and six agree, so 'many' (50%
    or more) lies inside the interval: 1a1 is no longer level 3 for certain."""
    school = engine.load_evidence(SCHOOL, "becta-srf")
    before = engine.assess(school, "becta-srf", as_of=AS_OF).strand("1a1")
    merged = merge_evidence(school, read_surveys(engine, FILES, MAPPING))
    after = engine.assess(merged, "becta-srf", as_of=AS_OF).strand("1a1")
    assert (before.level, before.best_possible) == (3, 3)
    assert (after.level, after.best_possible) == (4, 3)
    governors = next(c for c in after.criteria if c.id == "1a1-3-governors-many")
    assert governors.holds is None
    [reading] = governors.facts
    assert reading.provenance is not None
    assert reading.provenance.note == "9 of 12 governors replied (75%); 6 agree"


def test_a_survey_share_that_contradicts_the_schools_claim_is_said_to_be_the_surveys(
    engine: Engine,
) -> None:
    """The evidence file does not hold a share a survey gave: the problem says where it came
    from, so the school looks at its survey and at the claim the entailment reads."""
    evidence = engine.load_evidence(
        {
            "facts": {
                "assessment.approach": "agreed",
                "assessment.staff_using_school_system": {
                    "at_least": 0.0,
                    "at_most": 0.133,
                    "source": "survey",
                    "note": "12 staff replied; 0 agree",
                },
            }
        },
        "becta-srf",
    )
    with pytest.raises(EvidenceError) as caught:
        engine.assess(evidence, "becta-srf", as_of=dt.date(2026, 9, 1))
    [problem] = caught.value.problems
    assert problem.path == "facts.assessment.staff_using_school_system"
    assert "(assessment.approach >= 'agreed')" in problem.message
    assert problem.message.endswith("(this value is from a survey: 12 staff replied; 0 agree)")
