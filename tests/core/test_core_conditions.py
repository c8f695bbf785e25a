"""Conditions: a whitelist of syntax, type-checked against the declared facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest

from ictrules import DEFAULT_BANDS, ConditionError, Engine, FactSpec
from ictrules.expressions import compile_condition
from ictrules.intervals import normalise


@pytest.fixture(scope="module")
def facts(engine: Engine) -> Mapping[str, FactSpec]:
    return engine.facts


def evaluate(facts: Mapping[str, FactSpec], text: str, **values: object) -> bool | None:
    condition = compile_condition(text, facts, DEFAULT_BANDS)
    raw = {key.replace("__", "."): value for key, value in values.items()}
    ready = {key: normalise(facts[key], value, DEFAULT_BANDS) for key, value in raw.items()}  # type: ignore[arg-type]
    return condition.evaluate(ready, dt.date(2026, 9, 1))


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("vision.clarity >= ", "invalid syntax", 17),
        ("vision.mentions_ict and (lead.name", "invalid syntax: '(' was never closed", 24),
        (
            "vision.mentions_ict.upper()",
            "only these calls are allowed: known(fact), count(fact), years_since(fact), "
            "days_since(fact)",
            0,
        ),
        (
            "vision.shared_with[0] == 'staff'",
            "a subscript ([...]) is not allowed in a condition in 'vision.shared_with[0]'",
            0,
        ),
        (
            "(lambda: 1)() == 1",
            "only these calls are allowed: known(fact), count(fact), "
            "years_since(fact), days_since(fact) in '(lambda: 1)()'",
            0,
        ),
        (
            "__import__('os').system('true') == 0",
            "only these calls are allowed: known(fact), "
            "count(fact), years_since(fact), days_since(fact) in "
            "\"__import__('os').system('true')\"",
            0,
        ),
        ("vision.__class__", "names beginning with '_' are not allowed", 0),
        (
            "budget.share + 1 > 2",
            "arithmetic is not allowed in a condition in 'budget.share + 1'",
            0,
        ),
        (
            "vision.clarty >= 'clear'",
            "unknown fact 'vision.clarty' (did you mean 'vision.clarity'?)",
            0,
        ),
        (
            "vision.clarity >= 'clean'",
            "'clean' is not a choice of vision.clarity; allowed: absent, unclear, clear, distinctive "
            "(did you mean 'clear'?)",
            0,
        ),
        (
            "staff.embrace >= 'lots'",
            "unknown proportion band 'lots'; allowed: none, few, some, many, most, almost_all, all",
            0,
        ),
        ("staff.embrace >= 50", "a proportion lies from 0 to 1; 50 never will", 0),
        ("vision.mentions_ict > 1", "cannot compare a true/false with a number using >", 0),
        ("review.last >= 'clear'", "cannot compare a date with a text literal using >=", 0),
        (
            "vision.shared_with >= 'staff'",
            "test a set of choices with 'in', e.g. 'governors' in fact",
            0,
        ),
        ("budget.share", "expected a true/false condition, got a number", 0),
        ("1 == 1", "a comparison must read at least one fact", 0),
        ("known('x')", "known() takes a fact name in \"'x'\"", 6),
        (
            "count(vision.clarity) > 1",
            "count() takes a set-of-choices fact in 'count(vision.clarity)'",
            0,
        ),
        ("lead.name > 'a'", "a text can only be compared with == or !=", 0),
    ],
)
def test_rejected_conditions_say_what_and_where(
    facts: Mapping[str, FactSpec], text: str, message: str, column: int
) -> None:
    with pytest.raises(ConditionError) as excinfo:
        compile_condition(text, facts, DEFAULT_BANDS)
    assert excinfo.value.reason == message
    assert excinfo.value.column == column
    assert str(excinfo.value) == f"{message} at column {column + 1} of {text!r}"


def test_a_condition_lists_the_facts_it_reads(facts: Mapping[str, FactSpec]) -> None:
    condition = compile_condition(
        "vision.clarity >= 'clear' and ('parents' in vision.shared_with or known(lead.name))",
        facts,
        DEFAULT_BANDS,
    )
    assert condition.facts == ("lead.name", "vision.clarity", "vision.shared_with")


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("vision.clarity >= 'clear'", {"vision__clarity": "distinctive"}, True),
        ("vision.clarity >= 'clear'", {"vision__clarity": "unclear"}, False),
        ("vision.clarity >= 'clear'", {}, None),
        ("vision.clarity in ('clear', 'distinctive')", {"vision__clarity": "clear"}, True),
        ("staff.embrace >= 'many'", {"staff__embrace": 0.5}, True),
        ("staff.embrace >= 'many'", {"staff__embrace": 0.49}, False),
        ("staff.embrace >= 'many'", {"staff__embrace": "most"}, True),
        ("staff.embrace > 'many'", {"staff__embrace": 0.6}, False),
        ("staff.embrace >= 0.8", {"staff__embrace": "most"}, None),
        ("staff.embrace >= 0.7", {"staff__embrace": "most"}, True),
        ("staff.embrace < 0.7", {"staff__embrace": "most"}, False),
        # A band stops short of the next band's lower bound, and "few" lies above nothing.
        ("staff.embrace >= 0.9", {"staff__embrace": "most"}, False),
        ("staff.embrace < 0.9", {"staff__embrace": "most"}, True),
        ("staff.embrace <= 0.75", {"staff__embrace": "most"}, None),
        ("staff.embrace > 0", {"staff__embrace": "few"}, True),
        ("staff.embrace < 0.15", {"staff__embrace": "few"}, True),
        ("staff.embrace == 0.8", {"staff__embrace": "most"}, None),
        ("staff.embrace == 0.5", {"staff__embrace": "most"}, False),
        ("staff.embrace == 1", {"staff__embrace": "all"}, True),
        ("staff.embrace != 0", {"staff__embrace": "none"}, False),
        ("staff.embrace == 'all'", {"staff__embrace": 1.0}, True),
        ("staff.embrace >= 'almost_all'", {"staff__embrace": 0.95}, True),
        ("staff.embrace >= 'few'", {"staff__embrace": 0.0}, False),
        ("'parents' in vision.shared_with", {"vision__shared_with": ("parents",)}, True),
        ("'parents' not in vision.shared_with", {"vision__shared_with": ("staff",)}, True),
        ("count(vision.shared_with) >= 2", {"vision__shared_with": ("staff", "pupils")}, True),
        ("years_since(review.last) <= 2", {"review__last": dt.date(2024, 9, 2)}, True),
        ("years_since(review.last) <= 2", {"review__last": dt.date(2024, 8, 1)}, False),
        ("days_since(review.last) < 30", {"review__last": dt.date(2026, 8, 15)}, True),
        ("known(lead.name)", {}, None),
        ("known(lead.name)", {"lead__name": ""}, True),
        ("not known(lead.name)", {}, None),
        ("lead.name == 'Ms Ali'", {"lead__name": "Ms Ali"}, True),
        ("1 <= review.per_year < 4", {"review__per_year": 4}, False),
        ("-1 < budget.share", {"budget__share": 0.0}, True),
        ("vision.mentions_ict == false", {"vision__mentions_ict": False}, None),
        # Kleene logic: a known false settles an 'and', a known true settles an 'or'.
        ("vision.mentions_ict and lead.name == 'x'", {"vision__mentions_ict": False}, False),
        ("vision.mentions_ict or lead.name == 'x'", {"vision__mentions_ict": True}, True),
        ("vision.mentions_ict and lead.name == 'x'", {"vision__mentions_ict": True}, None),
        ("not vision.mentions_ict", {}, None),
    ],
)
def test_conditions_evaluate_with_three_valued_logic(
    facts: Mapping[str, FactSpec], text: str, values: dict[str, object], expected: bool | None
) -> None:
    if text == "vision.mentions_ict == false":
        # 'false' is not a literal: the message says how to write it.
        with pytest.raises(ConditionError, match="'false' is not a fact: write False"):
            compile_condition(text, facts, DEFAULT_BANDS)
        return
    assert evaluate(facts, text, **values) is expected


def test_framework_bands_change_what_a_band_name_means(engine: Engine) -> None:
    from ictrules import BandScale

    strict = BandScale(
        {
            "none": 0.0,
            "few": 0.0,
            "some": 0.2,
            "many": 0.6,
            "most": 0.8,
            "almost_all": 0.95,
            "all": 1.0,
        }
    )
    condition = compile_condition("staff.embrace >= 'many'", engine.facts, strict)
    value = normalise(engine.facts["staff.embrace"], 0.55, strict)
    assert condition.evaluate({"staff.embrace": value}, dt.date(2026, 1, 1)) is False


def test_bands_must_be_ordered() -> None:
    from ictrules import BandScale

    with pytest.raises(ValueError, match="band lower bounds must increase strictly"):
        BandScale(
            {
                "none": 0.0,
                "few": 0.0,
                "some": 0.5,
                "many": 0.4,
                "most": 0.8,
                "almost_all": 0.9,
                "all": 1.0,
            }
        )
    # NaN compares false with everything: it passed as "not out of order", and every
    # proportion then fell in 'few'
    with pytest.raises(ValueError, match="band lower bounds must increase strictly"):
        BandScale(
            {
                "none": 0.0,
                "few": 0.0,
                "some": 0.15,
                "many": float("nan"),
                "most": 0.75,
                "almost_all": 0.9,
                "all": 1.0,
            }
        )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "staff.embrace >= 'mostly'",
            "unknown proportion band 'mostly'; allowed: none, few, some, many, most, almost_all, "
            "all (did you mean 'most'?)",
        ),
        ("vision.mentions_ict == true", "'true' is not a fact: write True (a capital T) for true"),
        ("known(lead.name) == null", "'null' is not a fact: there is no null"),
    ],
)
def test_condition_mistakes_are_explained_in_the_condition_language(
    facts: Mapping[str, FactSpec], text: str, message: str
) -> None:
    with pytest.raises(ConditionError) as caught:
        compile_condition(text, facts, DEFAULT_BANDS)
    assert message in str(caught.value)


def test_a_percentage_in_a_condition_reads_as_evidence_writes_it(
    facts: Mapping[str, FactSpec],
) -> None:
    half = compile_condition("staff.embrace >= '50%'", facts, DEFAULT_BANDS)
    assert half.evaluate({"staff.embrace": 0.5}, dt.date(2026, 9, 1)) is True
    assert half.evaluate({"staff.embrace": 0.49}, dt.date(2026, 9, 1)) is False
