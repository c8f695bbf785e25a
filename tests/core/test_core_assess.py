"""Assessments: the ladder, provisional results, actions, own judgements, JSON and words."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ictrules import Assessment, Engine, Status, UnknownStrandError, explain, render_text

AS_OF = dt.date(2026, 9, 1)

STRONG = {
    "school": {"id": "100001", "name": "Hillside Primary"},
    "facts": {
        "vision": {
            "mentions_ict": True,
            "clarity": "distinctive",
            "shared_with": ["staff", "governors", "parents"],
        },
        "staff.embrace": {"value": 0.95, "source": "survey", "date": "2026-06-30"},
        "review": {"last": "2025-11-01", "per_year": 1},
        "budget.share": 3.0,
        "lead.name": "Ms Ali",
    },
    "judgements": {"v1": {"level": 2, "rationale": "Modest"}},
}


def test_a_strand_is_at_the_best_level_whose_criteria_and_those_below_hold(
    engine: Engine,
) -> None:
    evidence = {
        "facts": {
            "vision.mentions_ict": False,
            "vision.clarity": "distinctive",
            "staff.embrace": 1.0,
        }
    }
    result = engine.assess(evidence, "demo", as_of=AS_OF).strand("v1")
    # Level 2's criteria hold, but level 3's does not: the ladder stops at the bottom.
    assert (result.level, result.best_possible, result.status) == (4, 4, Status.DETERMINED)
    assert result.descriptor == "No account of ICT."
    assert result.next_level == 3
    assert [(a.criterion, a.reason) for a in result.actions] == [("v1-3", "not met")]


def test_full_evidence_gives_a_determined_level(engine: Engine) -> None:
    assessment = engine.assess(STRONG, "demo", as_of=AS_OF)
    assert [(s.code, s.level, s.status) for s in assessment.strands] == [
        ("v1", 1, Status.DETERMINED),
        ("b1", 1, Status.DETERMINED),
    ]
    top = assessment.strand("v1")
    assert top.next_level is None
    assert top.actions == ()
    assert top.missing == ()


def test_unknown_facts_give_a_range_and_the_evidence_that_would_settle_it(
    engine: Engine,
) -> None:
    evidence = {"facts": {"vision.mentions_ict": True, "staff.embrace": "most"}}
    result = engine.assess(evidence, "demo", as_of=AS_OF).strand("v1")
    assert (result.level, result.best_possible) == (3, 2)
    assert result.status is Status.PROVISIONAL
    assert result.missing == ("vision.clarity",)
    assert [(a.criterion, a.reason) for a in result.actions] == [("v1-2a", "unknown")]
    holds = {c.id: c.holds for c in result.criteria}
    assert holds == {"v1-3": True, "v1-2a": None, "v1-2b": True, "v1-1a": False, "v1-1b": None}


def test_nothing_known_is_the_lowest_level_with_everything_possible(engine: Engine) -> None:
    result = engine.assess({}, "demo", as_of=AS_OF).strand("b1")
    assert (result.level, result.best_possible) == (4, 1)
    assert result.missing == ("budget.share", "lead.name", "vision.shared_with")


def test_own_judgements_are_shown_and_disagreements_flagged(engine: Engine) -> None:
    assessment = engine.assess(STRONG, "demo", as_of=AS_OF)
    assert assessment.strand("v1").judgement is not None
    assert assessment.strand("v1").disagreement == (
        "own judgement (level 2) is below what the evidence shows (level 1)"
    )
    hopeful = {
        "facts": {"vision.mentions_ict": False},
        "judgements": {"v1": {"level": 2, "rationale": "We feel good"}},
    }
    result = engine.assess(hopeful, "demo", as_of=AS_OF).strand("v1")
    assert result.disagreement == (
        "own judgement (level 2) is better than the evidence supports (at best level 4)"
    )
    unsure = {
        "facts": {"vision.mentions_ict": True},
        "judgements": {"v1": {"level": 2, "rationale": ""}},
    }
    assert engine.assess(unsure, "demo", as_of=AS_OF).strand("v1").disagreement is None


def test_json_is_stable_and_round_trips(engine: Engine) -> None:
    first = engine.assess(STRONG, "demo", as_of=AS_OF)
    second = engine.assess(json.loads(json.dumps(STRONG)), "demo", as_of=AS_OF)
    assert first.to_json() == second.to_json()
    assert Assessment.from_json(first.to_json()) == first
    data = json.loads(first.to_json())
    assert list(data) == [
        "framework",
        "framework_title",
        "framework_version",
        "as_of",
        "school",
        "scale",
        "strands",
        "engine_version",
        "plugins",
    ]
    assert data["as_of"] == "2026-09-01"
    assert data["strands"][0]["status"] == "determined"
    assert data["strands"][0]["criteria"][0]["facts"] == [
        {
            "fact": "vision.mentions_ict",
            "value": True,
            "derived_by": None,
            "entailed_by": [],
            "provenance": None,
        }
    ]


def test_explain_says_why_this_level_and_not_the_next(engine: Engine) -> None:
    evidence = {
        "facts": {"vision.mentions_ict": True, "vision.clarity": "unclear", "staff.embrace": "most"}
    }
    assessment = engine.assess(evidence, "demo", as_of=AS_OF)
    assert explain(assessment, "v1") == "\n".join(
        [
            "v1 The vision: level 3 (determined).",
            "  Some reference.",
            "It is at level 3 because these hold:",
            "  - v1-3 holds [vision.mentions_ict = yes]",
            "It is not at level 2 because:",
            "  - it is not true that: v1-2a holds [vision.clarity = 'unclear']",
            "    To do: Make v1-2a hold",
            "Already met at better levels:",
            "  - level 2: v1-2b holds [staff.embrace = 'most']",
        ]
    )


def test_explain_refuses_an_assessment_made_without_its_reasons(engine: Engine) -> None:
    evidence = {"facts": {"vision.mentions_ict": True}}
    levels_only = engine.assess(evidence, "demo", as_of=AS_OF, explain=False)
    with pytest.raises(ValueError, match="made with explain=False"):
        explain(levels_only, "v1")


def test_a_strand_the_framework_lacks_is_said_with_the_nearest(engine: Engine) -> None:
    """A bare KeyError('V1') said nothing; the error names the strands and the one meant, and
    is still a KeyError for code that catches one."""
    assessment = engine.assess({"facts": {}}, "demo", as_of=AS_OF)
    with pytest.raises(UnknownStrandError) as caught:
        explain(assessment, "V1")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == "no strand 'V1'; the strands are v1, b1 (did you mean 'v1'?)"


def test_text_report_lists_levels_next_steps_and_missing_evidence(engine: Engine) -> None:
    evidence = {"school": {"id": "7", "name": "Oak"}, "facts": {"vision.mentions_ict": True}}
    text = render_text(engine.assess(evidence, "demo", as_of=AS_OF))
    assert text.splitlines()[:6] == [
        "Demo framework (version 1.0)",
        "School: Oak    As of: 2026-09-01",
        "",
        "[v]",
        "  v1     The vision at least level 3, could be level 1",
        "[b]",
    ]
    assert "  v1 -> level 2 (unknown): Make v1-2a hold" in text
    assert text.rstrip().endswith(
        "Evidence to collect: budget.share, lead.name, review.last, review.per_year, "
        "staff.embrace, vision.clarity, vision.shared_with"
    )


def test_assess_needs_an_as_of_date(engine: Engine) -> None:
    with pytest.raises(TypeError):
        engine.assess({}, "demo")  # type: ignore[call-arg]


def test_a_count_the_named_members_already_reach_is_not_repeated() -> None:
    from ictrules.explanations import value_text

    assert value_text({"includes": ["staff", "governors"], "count": {"at_least": 1}}) == (
        "includes staff, governors"
    )
    assert value_text({"includes": ["staff"], "count": {"at_least": 3}}) == (
        "includes staff, at least 3 in all"
    )
    assert value_text({"includes": ["staff", "governors"], "count": {"more_than": 2}}) == (
        "includes staff, governors, more than 2 in all"
    )
