"""Evidence as schools know it: bounds, open sets, unordered choices, limits, entailments and
dates after as_of, read from every evidence format and evaluated three-valued."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictrules import (
    Bounds,
    Criterion,
    Engine,
    Entailment,
    EvidenceError,
    FactSpec,
    FactType,
    Framework,
    FrameworkError,
    Level,
    LevelRules,
    OpenSet,
    Section,
    Strand,
    explain,
    hookimpl,
)
from ictrules._ladders import compile_entailment_conditions
from ictrules.entailments import close
from ictrules.intervals import normalise
from ictrules.testing import strategies

AS_OF = dt.date(2026, 9, 1)

FACTS = (
    FactSpec(
        "lead.coordination",
        FactType.CHOICE,
        "How ICT leadership is coordinated.",
        "How is it coordinated?",
        choices=("none", "informal", "coordinated", "well_coordinated"),
    ),
    FactSpec(
        "school.phase",
        FactType.CHOICE,
        "The school's phase.",
        "Which phase is the school?",
        choices=("primary", "secondary", "all_through"),
        ordered=False,
    ),
    FactSpec("staff.embrace", FactType.PROPORTION, "Staff support.", "What share of staff?"),
    FactSpec(
        "comms.channels",
        FactType.CHOICES,
        "Channels used.",
        "Which channels?",
        choices=("newsletter", "website", "app", "email", "calendar", "intranet"),
    ),
    FactSpec("review.last", FactType.DATE, "Last review.", "When was the last review?"),
    FactSpec(
        "review.frequency",
        FactType.CHOICE,
        "Review frequency.",
        "How often?",
        choices=("never", "occasional", "regular", "frequent"),
    ),
    FactSpec(
        "rooms.count", FactType.INTEGER, "ICT rooms.", "How many ICT rooms?", minimum=0, maximum=50
    ),
    FactSpec("plan.years", FactType.NUMBER, "Plan horizon.", "How many years?", minimum=0),
    FactSpec(
        "plan.next_review",
        FactType.DATE,
        "Next planned review.",
        "When is the next review planned?",
        future="unknown",
    ),
)


def _c(cid: str, condition: str) -> Criterion:
    return Criterion(cid, condition, f"{cid} holds", f"Make {cid} hold")


def _strand(code: str, *conditions: str) -> Strand:
    levels = [LevelRules(3, "lowest")]
    for level, condition in zip((2, 1), conditions, strict=True):
        levels.append(LevelRules(level, f"level {level}", (_c(f"{code}-{level}", condition),)))
    return Strand(code, code.title(), tuple(levels))


STRANDS = (
    _strand("lead", "lead.coordination >= 'coordinated'", "lead.coordination > 'coordinated'"),
    _strand("staff", "staff.embrace >= 'many'", "staff.embrace >= 0.9"),
    _strand("comms", "count(comms.channels) >= 3", "'intranet' in comms.channels"),
    _strand("review", "years_since(review.last) <= 3", "days_since(review.last) <= 365"),
    _strand("plan", "plan.years >= 2", "plan.years > 4"),
    _strand("rooms", "rooms.count >= 1", "rooms.count in (2, 3, 4)"),
    _strand("phase", "school.phase != 'primary'", "school.phase in ('all_through',)"),
)

ENTAILMENTS = (
    Entailment(
        "regular-review-is-recent",
        "review.frequency >= 'regular'",
        {"review.last": {"within": "2 years"}},
        "A review at least every two years was held within the last two years.",
    ),
    Entailment(
        "frequent-review-is-this-year",
        "review.frequency >= 'frequent'",
        {"review.last": {"within": "12 months"}},
        "A yearly review was held within the last year.",
    ),
    Entailment(
        "an-intranet-means-a-range",
        "'intranet' in comms.channels",
        {
            "comms.channels": {"count": {"at_least": 3}},
            "lead.coordination": {"at_least": "informal"},
        },
    ),
)

FRAMEWORK = Framework(
    "partial",
    "Partial",
    "1",
    "tests",
    (Level(3, "Starting"), Level(2, "Middle"), Level(1, "Best")),
    (Section("all", "All", STRANDS),),
    entailments=ENTAILMENTS,
)


class Plugin:
    @hookimpl
    def ictrules_facts(self) -> Iterable[FactSpec]:
        return FACTS

    @hookimpl
    def ictrules_frameworks(self) -> Iterable[Framework]:
        return [FRAMEWORK]


ENGINE = Engine([("partial", Plugin())])


def levels(facts: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Levels from assess, checked against the fast path."""
    evidence = ENGINE.load_evidence({"facts": facts})
    assessment = ENGINE.assess(evidence, "partial", as_of=AS_OF)
    found = {s.code: (s.level, s.best_possible) for s in assessment.strands}
    assert ENGINE.levels(evidence, "partial", as_of=AS_OF) == found
    return found


def _assess(facts: dict[str, Any]) -> None:
    ENGINE.assess(ENGINE.load_evidence({"facts": facts}), "partial", as_of=AS_OF)


def problems(facts: dict[str, Any]) -> list[str]:
    with pytest.raises(EvidenceError) as excinfo:
        _assess(facts)
    return [str(p) for p in excinfo.value.problems]


# --- bounds ---------------------------------------------------------------------------------


def test_at_least_a_choice_settles_what_it_reaches_and_leaves_the_rest_open() -> None:
    assert levels({"lead.coordination": {"at_least": "coordinated"}})["lead"] == (2, 1)
    assert levels({"lead.coordination": {"more_than": "coordinated"}})["lead"] == (1, 1)
    assert levels({"lead.coordination": {"at_most": "informal"}})["lead"] == (3, 3)
    assert levels({"lead.coordination": {"at_least": "informal"}})["lead"] == (3, 1)


def test_proportion_bands_are_bounds_and_bounds_take_band_names() -> None:
    assert levels({"staff.embrace": "most"})["staff"] == (2, 2)  # most stops short of 0.9
    assert levels({"staff.embrace": {"at_least": "most"}})["staff"] == (2, 1)
    assert levels({"staff.embrace": {"at_least": "almost_all"}})["staff"] == (1, 1)
    assert levels({"staff.embrace": {"less_than": "many"}})["staff"] == (3, 3)
    assert levels({"staff.embrace": {"at_least": 0.5, "at_most": 0.7}})["staff"] == (2, 2)
    assert levels({"staff.embrace": {"more_than": 0.4}})["staff"] == (3, 1)


def test_numbers_take_bounds_within_their_limits() -> None:
    assert levels({"plan.years": {"more_than": 2}})["plan"] == (2, 1)
    assert levels({"plan.years": {"at_least": 5}})["plan"] == (1, 1)
    assert levels({"rooms.count": {"at_least": 2, "at_most": 4}})["rooms"] == (1, 1)
    assert levels({"rooms.count": {"at_least": 2, "at_most": 5}})["rooms"] == (2, 1)
    assert levels({"rooms.count": {"at_least": 5}})["rooms"] == (2, 2)


def test_a_date_within_a_span_is_counted_back_from_as_of() -> None:
    assert levels({"review.last": {"within": "12 months"}})["review"] == (1, 1)
    assert levels({"review.last": {"within": "2 years"}})["review"] == (2, 1)
    assert levels({"review.last": {"at_least": "2025-10-01"}})["review"] == (1, 1)
    assert levels({"review.last": {"less_than": "2022-01-01"}})["review"] == (3, 3)


# --- open sets --------------------------------------------------------------------------------


def test_a_list_is_complete_but_includes_leaves_the_rest_unknown() -> None:
    assert levels({"comms.channels": ["newsletter", "website", "app"]})["comms"] == (2, 2)
    assert levels({"comms.channels": {"includes": ["newsletter"]}})["comms"] == (3, 1)
    assert levels({"comms.channels": {"excludes": ["intranet"], "count": 4}})["comms"] == (2, 2)
    assert levels({"comms.channels": {"count": {"at_least": 4}}})["comms"] == (2, 1)
    assert levels({"comms.channels": {"count": {"at_most": 2}}})["comms"] == (3, 3)


def test_members_that_settle_the_set_make_it_exact() -> None:
    evidence = ENGINE.load_evidence(
        {"facts": {"comms.channels": {"includes": ["app"], "count": 1}}}
    )
    assert evidence.facts["comms.channels"] == ("app",)
    everything_but = {"excludes": ["email"], "count": 5}
    evidence = ENGINE.load_evidence({"facts": {"comms.channels": everything_but}})
    assert evidence.facts["comms.channels"] == (
        "newsletter",
        "website",
        "app",
        "calendar",
        "intranet",
    )


# --- unordered choices and limits -------------------------------------------------------------


def test_an_unordered_choice_takes_equality_and_membership() -> None:
    assert levels({"school.phase": "all_through"})["phase"] == (1, 1)
    assert levels({"school.phase": "primary"})["phase"] == (3, 3)


def test_an_unordered_choice_refuses_ordering_in_a_condition() -> None:
    framework = Framework(
        "bad",
        "Bad",
        "1",
        "tests",
        (Level(2, "a"), Level(1, "b")),
        (
            Section(
                "s",
                "S",
                (
                    Strand(
                        "x",
                        "X",
                        (
                            LevelRules(2, "l"),
                            LevelRules(1, "m", (_c("x-1", "school.phase >= 'secondary'"),)),
                        ),
                    ),
                ),
            ),
        ),
    )

    class Bad:
        @hookimpl
        def ictrules_facts(self) -> Iterable[FactSpec]:
            return FACTS

        @hookimpl
        def ictrules_frameworks(self) -> Iterable[Framework]:
            return [framework]

    with pytest.raises(FrameworkError) as excinfo:
        Engine([("bad", Bad())])
    assert (
        "school.phase is an unordered choice: compare it with == or != or test it with 'in', not with >="
        in str(excinfo.value)
    )


# --- bad partial values: one problem each, with its path ---------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            {"rooms.count": -1},
            "facts.rooms.count: -1 is below the minimum 0 for rooms.count",
        ),
        (
            {"rooms.count": {"at_least": 60}},
            "facts.rooms.count.at_least: 60 is above the maximum 50 for rooms.count",
        ),
        (
            {"staff.embrace": {"at_least": "most", "at_most": "some"}},
            "facts.staff.embrace.at_most: at_least 'most' is above at_most 'some': no value lies between",
        ),
        (
            {"comms.channels": {"includes": ["app"], "excludes": ["app"]}},
            "facts.comms.channels.excludes: 'app' cannot be both included and excluded",
        ),
        (
            {"review.last": {"within": "3 fortnights"}},
            "facts.review.last.within: unknown unit 'fortnights' in '3 fortnights'; use one of days, weeks, months, years",
        ),
        (
            {"school.phase": {"at_least": "secondary"}},
            "facts.school.phase.at_least: school.phase is an unordered choice: bounds are only for ordered facts; give the value itself (one of primary, secondary, all_through (unordered))",
        ),
        (
            {"lead.coordination": {"at_leest": "informal"}},
            "facts.lead.coordination.at_leest: unknown key; expected value (or bounds such as at_least, or includes for a set), source, date or note (did you mean 'at_least'?)",
        ),
        (
            {"lead.coordination": {"more_than": "well_coordinated"}},
            "facts.lead.coordination.more_than: more_than 'well_coordinated' leaves no value lead.coordination can take",
        ),
        (
            {"lead.coordination": {"at_least": "coordinated", "more_than": "informal"}},
            "facts.lead.coordination.more_than: give one lower bound: at_least or more_than, not both",
        ),
        (
            {"comms.channels": {"includes": ["website", "app"], "count": 1}},
            "facts.comms.channels.count: the members given leave room for 2 to 6 choices, not 1",
        ),
        (
            {"lead.coordination": {"value": "informal", "at_least": "none"}},
            "facts.lead.coordination.at_least: give either a value or at_least, not both",
        ),
        (
            {"plan.years": float("nan")},
            "facts.plan.years: expected a finite number, got nan",
        ),
    ],
)
def test_a_malformed_partial_value_is_one_problem_with_its_path(
    facts: dict[str, Any], expected: str
) -> None:
    assert problems(facts) == [expected]


# --- dates after as_of --------------------------------------------------------------------------


def test_a_date_after_as_of_is_a_problem_not_recent_evidence() -> None:
    assert problems({"review.last": "9999-12-31"}) == [
        "facts.review.last: 9999-12-31 is after the assessment date 2026-09-01: evidence cannot "
        "come from the future (give the date it happened, or leave the fact out if it has not yet)"
    ]


def test_a_future_date_among_plain_values_is_found_when_reading_with_the_date() -> None:
    # every value plain, as the quick way of reading takes them: the date is still checked
    document = {"school": {"id": "URN 1"}, "facts": {"review.last": "2030-01-01"}}
    with pytest.raises(EvidenceError) as excinfo:
        ENGINE.load_evidence(document, "partial", as_of=AS_OF)
    assert [p.path for p in excinfo.value.problems] == ["facts.review.last"]
    assert "after the assessment date" in excinfo.value.problems[0].message


def test_a_fact_may_declare_a_future_date_unknown() -> None:
    evidence = ENGINE.load_evidence({"facts": {"plan.next_review": "2027-01-01"}})
    assessment = ENGINE.assess(evidence, "partial", as_of=AS_OF)
    assert assessment.strand("plan").level == 3


def test_reading_with_the_assessment_date_reports_a_future_date_with_the_other_problems() -> None:
    document = {"facts": {"review.last": "2030-01-01", "review.frequency": "sometimes"}}
    with pytest.raises(EvidenceError) as excinfo:
        ENGINE.load_evidence(document, "partial", as_of=AS_OF)
    found = [str(p) for p in excinfo.value.problems]
    assert len(found) == 2
    assert found[0].startswith("facts.review.frequency: unknown choice 'sometimes'")
    assert found[1].startswith(
        "facts.review.last: 2030-01-01 is after the assessment date 2026-09-01"
    )
    with pytest.raises(EvidenceError) as without:  # without the date, only what reading finds
        ENGINE.load_evidence(document, "partial")
    assert len(without.value.problems) == 1
    # a date the framework reads as unknown when still to come is no problem, read or assessed
    evidence = ENGINE.load_evidence(
        {"facts": {"plan.next_review": "2027-01-01"}}, "partial", as_of=AS_OF
    )
    assert ENGINE.assess(evidence, "partial", as_of=AS_OF).strand("plan").level == 3


# --- entailments --------------------------------------------------------------------------------


def test_an_entailment_supplies_what_follows_and_explain_names_it() -> None:
    assert levels({"review.frequency": "regular"})["review"] == (2, 1)
    assert levels({"review.frequency": "frequent"})["review"] == (1, 1)
    evidence = ENGINE.load_evidence({"facts": {"review.frequency": "frequent"}})
    assessment = ENGINE.assess(evidence, "partial", as_of=AS_OF)
    reading = assessment.strand("review").criteria[0].facts[0]
    assert (reading.value, reading.entailed_by) == (
        {"within": "12 months"},
        ("regular-review-is-recent", "frequent-review-is-this-year"),
    )
    assert (
        "review.last = within the last 12 months "
        "(entailed by regular-review-is-recent, frequent-review-is-this-year)"
    ) in explain(assessment, "review")


def test_entailments_chain_to_a_fixpoint() -> None:
    # the intranet entails three channels at least, so the count criterion holds too
    assert levels({"comms.channels": {"includes": ["intranet"]}})["comms"] == (1, 1)


def test_evidence_that_contradicts_an_entailment_is_one_problem_naming_both() -> None:
    # two entailments contradict one date: one problem names both and what each gives
    assert problems({"review.frequency": "frequent", "review.last": "2020-01-01"}) == [
        "facts.review.last: the evidence gives '2020-01-01', but entailments "
        "'regular-review-is-recent' (review.frequency >= 'regular') and "
        "'frequent-review-is-this-year' (review.frequency >= 'frequent') give within the last "
        "2 years and within the last 12 months; correct the evidence or the framework (a date "
        "recent when the evidence was gathered may be too old on the assessment date: update "
        "the evidence, or assess as of an earlier date)",
    ]


def test_an_entailment_naming_an_unknown_fact_is_a_build_error() -> None:
    broken = Framework(
        "broken",
        "Broken",
        "1",
        "tests",
        FRAMEWORK.scale,
        FRAMEWORK.sections,
        entailments=(
            Entailment("e1", "review.frequency >= 'regular'", {"review.lst": "2026-01-01"}),
        ),
    )

    class Broken:
        @hookimpl
        def ictrules_facts(self) -> Iterable[FactSpec]:
            return FACTS

        @hookimpl
        def ictrules_frameworks(self) -> Iterable[Framework]:
            return [broken]

    with pytest.raises(FrameworkError) as excinfo:
        Engine([("broken", Broken())])
    assert (
        "plugin 'broken', framework broken, entailment e1, then.review.lst: unknown fact id "
        "(did you mean 'review.last'?)"
    ) in str(excinfo.value)


# --- every evidence format ------------------------------------------------------------------------


def test_partial_values_read_the_same_from_toml_json_and_yaml(tmp_path: Path) -> None:
    toml = tmp_path / "school.toml"
    toml.write_text(
        "[facts]\n"
        'lead.coordination = { at_least = "coordinated", source = "interview" }\n'
        'comms.channels = { includes = ["app"], count = { at_least = 3 } }\n'
        'review.last = { within = "18 months" }\n',
        encoding="utf-8",
    )
    data = {
        "facts": {
            "lead": {"coordination": {"at_least": "coordinated", "source": "interview"}},
            "comms.channels": {"includes": ["app"], "count": {"at_least": 3}},
            "review.last": {"within": "18 months"},
        }
    }
    (tmp_path / "school.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "school.yaml").write_text(
        "facts:\n"
        "  lead.coordination: {at_least: coordinated, source: interview}\n"
        "  comms.channels: {includes: [app], count: {at_least: 3}}\n"
        "  review.last: {within: 18 months}\n",
        encoding="utf-8",
    )
    read = [ENGINE.load_evidence(tmp_path / f"school.{ext}") for ext in ("toml", "json", "yaml")]
    assert read[0].facts == read[1].facts == read[2].facts
    assert read[0].facts["lead.coordination"] == Bounds(at_least="coordinated")
    assert read[0].facts["comms.channels"] == OpenSet(("app",), (), 3, None)
    # and they write back in the same forms
    again = ENGINE.load_evidence(read[0].to_mapping())
    assert again.facts == read[0].facts
    assert again.provenance == read[0].provenance


# --- properties ---------------------------------------------------------------------------------


def _outcome(run: Any) -> Any:
    try:
        return run()
    except EvidenceError as exc:
        return str(exc)  # a contradiction with an entailment: the same problem from both


@given(strategies.evidence(ENGINE, "partial", partial=True))
def test_levels_equals_assess_on_partial_evidence(evidence: Any) -> None:
    def assessed() -> dict[str, tuple[int, int]]:
        assessment = ENGINE.assess(evidence, "partial", as_of=AS_OF)
        return {s.code: (s.level, s.best_possible) for s in assessment.strands}

    assert _outcome(lambda: ENGINE.levels(evidence, "partial", as_of=AS_OF)) == _outcome(assessed)


@given(strategies.evidence(ENGINE, "partial", partial=True))
def test_each_criterion_is_judged_as_its_own_closure_judges_it(evidence: Any) -> None:
    """The generated truths read exact values; a criterion that reads a value known only in
    part is evaluated again through its closures. Every criterion must come out as the
    closures alone would have it."""
    try:
        assessment = ENGINE.assess(evidence, "partial", as_of=AS_OF)
    except EvidenceError:
        return  # a contradiction with an entailment: said the same either way (above)
    compiled = ENGINE.compiled("partial")
    derived, _ = ENGINE.derive(evidence, AS_OF, {})
    values, _ = ENGINE._close(compiled, derived, evidence, AS_OF)
    normalised = {
        fact: normalise(ENGINE.facts[fact], values[fact], compiled.bands, AS_OF)
        for fact in compiled.facts
        if fact in values
    }
    expected = {
        criterion.criterion.id: criterion.condition.evaluate(normalised, AS_OF)
        for strand in compiled.strands
        for _, criteria in strand.ladder
        for criterion in criteria
    }
    judged = {c.id: c.holds for strand in assessment.strands for c in strand.criteria}
    assert judged == expected


@given(st.lists(strategies.evidence(ENGINE, "partial", partial=True), min_size=2, max_size=5))
def test_narrowings_kept_from_other_schools_change_no_closure(schools: list[Any]) -> None:
    """An engine keeps what each entailment's narrowing gave, for the next school: a school
    closed after others must come out as it does on its own."""
    compiled = ENGINE.compiled("partial")
    kept: dict[Any, Any] = {}
    for evidence in schools:
        # the same school read again: equal values, other objects (narrowing tells a value it
        # left unchanged by identity)
        again = ENGINE.load_evidence(evidence.to_mapping())
        for facts in (evidence.facts, again.facts):
            alone = close(facts, compiled.entailments, ENGINE.facts, compiled.bands, AS_OF)
            after = close(facts, compiled.entailments, ENGINE.facts, compiled.bands, AS_OF, kept)
            assert after == alone


def _rank(level: int) -> int:
    return 3 - level  # 3 is the worst level


@given(
    strategies.evidence(ENGINE, "partial", partial=True),
    strategies.evidence(ENGINE, "partial", partial=False, missing=False),
)
def test_refining_evidence_never_leaves_the_earlier_range(coarse: Any, exact: Any) -> None:
    """Replacing a partial value by an exact value inside its range (or adding a fact) keeps
    every strand within its earlier [proven, possible] range."""
    from ictrules.entailments import narrow

    refined = dict(coarse.facts)
    for fact, value in exact.facts.items():
        spec = ENGINE.facts[fact]
        known = coarse.facts.get(fact)
        result, contradiction = narrow(spec, known, value, ENGINE.compiled("partial").bands, AS_OF)
        if not contradiction and result is not None and known is not None:
            normalise(spec, result, ENGINE.compiled("partial").bands, AS_OF)
            refined[fact] = result
        elif known is None:
            refined[fact] = value
    before = _levels_or_none(coarse.facts)
    after = _levels_or_none(refined)
    if before is None or after is None:
        return  # a contradiction with an entailment: an evidence problem, not a level
    for code, (proven, possible) in before.items():
        new_proven, new_possible = after[code]
        assert _rank(proven) <= _rank(new_proven) <= _rank(new_possible) <= _rank(possible)


def _levels_or_none(facts: Any) -> dict[str, tuple[int, int]] | None:
    from ictrules import Evidence

    try:
        return ENGINE.levels(Evidence(facts), "partial", as_of=AS_OF)
    except EvidenceError:
        return None


@given(strategies.evidence(ENGINE, "partial", partial=True), st.randoms(use_true_random=False))
def test_entailment_closure_is_order_independent_and_idempotent(evidence: Any, rng: Any) -> None:
    compiled = ENGINE.compiled("partial")
    shuffled = list(compiled.entailments)
    rng.shuffle(shuffled)
    first, problems_first = close(
        evidence.facts, compiled.entailments, ENGINE.facts, compiled.bands, AS_OF
    )
    second, problems_second = close(evidence.facts, shuffled, ENGINE.facts, compiled.bands, AS_OF)
    assert bool(problems_first) == bool(problems_second)
    if problems_first:
        return
    assert first.values == second.values
    again, more = close(first.values, compiled.entailments, ENGINE.facts, compiled.bands, AS_OF)
    assert (again.values, more) == (first.values, [])


@given(strategies.evidence(ENGINE, "partial", partial=True))
def test_generated_entailment_conditions_close_evidence_as_their_closures_do(
    evidence: Any,
) -> None:
    """The closure reads each entailment's condition through generated code where the values
    it reads are exact, and through the condition's closures otherwise: the same closure, the
    same problems."""
    compiled = ENGINE.compiled("partial")
    generated = compile_entailment_conditions(compiled)
    assert all(generated)
    through = close(evidence.facts, compiled.entailments, ENGINE.facts, compiled.bands, AS_OF)
    fast = close(
        evidence.facts, compiled.entailments, ENGINE.facts, compiled.bands, AS_OF, None, generated
    )
    assert fast == through


def test_the_template_shows_a_partial_form_for_every_fact_that_takes_one() -> None:
    from ictrules.templates import evidence_template

    text = evidence_template(ENGINE, "partial")
    lines = [line for line in text.splitlines() if line.startswith("# Known in part: ")]
    assert len(lines) == 7  # every fact but the unordered choice and the text-free ones
    document = "[facts]\n" + "\n".join(line.removeprefix("# Known in part: ") for line in lines)
    import tomllib

    evidence = ENGINE.load_evidence(tomllib.loads(document))
    assert all(type(value) in (Bounds, OpenSet) for value in evidence.facts.values())


def test_the_schema_accepts_partial_forms_and_refuses_a_bound_on_an_unordered_choice() -> None:
    import jsonschema

    from ictrules.templates import evidence_schema

    validator = jsonschema.Draft202012Validator(evidence_schema(ENGINE, "partial"))
    good = {
        "facts": {
            "lead.coordination": {"at_least": "coordinated", "source": "interview"},
            "comms.channels": {"includes": ["app"], "count": {"at_least": 3}},
            "review.last": {"within": "18 months"},
            "rooms.count": {"at_most": 3},
        }
    }
    assert [e.message for e in validator.iter_errors(good)] == []
    assert list(validator.iter_errors({"facts": {"school.phase": {"at_least": "primary"}}}))
    assert list(validator.iter_errors({"facts": {"rooms.count": {"at_least": -1}}}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[facts]\nlead.coordinaton = "informal"\nlead.coordination_x = "none"\n',
            [
                "facts.lead.coordinaton: unknown fact id (did you mean 'lead.coordination'?)",
                "facts.lead.coordination_x: unknown fact id (did you mean 'lead.coordination'?)",
            ],
        ),
        (
            '[facts]\nlaed.coordination = "informal"\nlaed.phase = "primary"\n',
            [
                "facts.laed.coordination: unknown fact id (did you mean 'lead.coordination'?)",
                "facts.laed.phase: unknown fact id (did you mean 'school.phase'?)",
            ],
        ),
        (
            '[facts]\nreview.lst = { value = 2026-01-01, source = "document" }\n',
            ["facts.review.lst: unknown fact id (did you mean 'review.last'?)"],
        ),
    ],
)
def test_a_typo_in_any_part_of_a_dotted_key_is_named_in_full(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = tmp_path / "typo.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvidenceError) as excinfo:
        ENGINE.load_evidence(path)
    assert [str(p) for p in excinfo.value.problems] == expected
    # the same document as JSON, nested, gives the same problems
    import tomllib

    json_path = tmp_path / "typo.json"
    json_path.write_text(json.dumps(tomllib.loads(text), default=str), encoding="utf-8")
    with pytest.raises(EvidenceError) as again:
        ENGINE.load_evidence(json_path)
    assert [str(p) for p in again.value.problems] == expected


def test_a_derivation_may_return_bounds() -> None:
    from ictrules import Derivation

    class Deriver:
        @hookimpl
        def ictrules_derivations(self, facts: Any) -> list[Derivation]:
            return [
                Derivation(
                    "plan.years",
                    lambda ctx: Bounds(more_than=4) if ctx.inputs["rooms.count"] else None,
                    ("rooms.count",),
                )
            ]

    engine = Engine([("partial", Plugin()), ("deriver", Deriver())])
    evidence = engine.load_evidence({"facts": {"rooms.count": 3}})
    assessment = engine.assess(evidence, "partial", as_of=AS_OF)
    assert assessment.strand("plan").level == 1
    reading = assessment.strand("plan").criteria[0].facts[0]
    assert (reading.value, reading.derived_by) == ({"more_than": 4}, "deriver")
    assert engine.levels(evidence, "partial", as_of=AS_OF)["plan"] == (1, 1)


def test_a_kept_narrowing_is_of_one_fact_of_an_entailment_that_gives_two() -> None:
    """One entailment bounds two facts; a school states the same value for both. What was kept
    for the first fact must not stand in for the second: 3 is within 'at least 2' and not
    within 'at least 5'."""
    from ictrules.testing.builders import build_framework, fact, inline_plugin

    facts = [fact("kit.rooms", "integer"), fact("kit.labs", "integer"), fact("kit.on", "boolean")]
    framework = build_framework(
        {"kit": {2: [("kit-on", "kit.on")], 1: [("kit-labs", "kit.labs >= 5")]}},
        framework_id="kit",
        entailments=[
            Entailment(
                "on-means-kit",
                "kit.on",
                {"kit.rooms": {"at_least": 2}, "kit.labs": {"at_least": 5}},
            )
        ],
    )
    engine = Engine([("kit", inline_plugin(facts=facts, frameworks=[framework]))])
    document = {"facts": {"kit.on": True, "kit.rooms": 3, "kit.labs": 3}}
    for _ in range(2):  # the second time, from what the engine kept
        with pytest.raises(EvidenceError) as caught:
            engine.assess(document, "kit", as_of=AS_OF)
        assert [problem.path for problem in caught.value.problems] == ["facts.kit.labs"]


@given(strategies.evidence(ENGINE, "partial", partial=True))
def test_a_strand_not_determined_always_says_what_evidence_would_settle_it(evidence: Any) -> None:
    """A provisional strand whose open question is a value known only in part (review at most
    'regular') listed nothing to collect: the report said 'Evidence to collect:' and no more."""
    try:
        assessment = ENGINE.assess(evidence, "partial", as_of=AS_OF)
    except EvidenceError:
        return  # a contradiction with an entailment: said, not judged
    for strand in assessment.strands:
        if strand.level != strand.best_possible:
            assert strand.missing, strand.code
