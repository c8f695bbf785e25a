"""Mistakes a new user made, each answered with where it is and how to put it right."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ictrules import Assessment, Engine, EvidenceError
from ictrules.errors import IctrulesError


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_installed()


@pytest.mark.parametrize(
    ("fact", "value", "message"),
    [
        (
            "budget.renewal_horizon_years",
            "3",
            "expected a whole number, got '3'; write 3 without quotes",
        ),
        (
            "budget.tco_counted",
            "true",
            "expected true or false, got 'true'; write true without quotes",
        ),
        ("vision.staff_embrace", "mostly", "got 'mostly' (did you mean 'most'?)"),
        ("vision.staff_embrace", "60", "got '60' (for a percentage write '60%')"),
        (
            "vision.ict_clarity",
            False,
            "(a choice is text in quotes; YAML also reads an unquoted yes, no, on or off as true",
        ),
        ("vision.last_reviewed", "15/04/2026", "got '15/04/2026' (write it as 2026-04-15)"),
        ("vision.last_reviewed", "20260415", "got '20260415' (write it as 2026-04-15)"),
        ("vision.last_reviewed", "2026-02-30", "got '2026-02-30' (no such day on the calendar)"),
    ],
)
def test_a_value_written_another_way_says_how_to_write_it(
    engine: Engine, fact: str, value: Any, message: str
) -> None:
    with pytest.raises(EvidenceError) as caught:
        engine.load_evidence({"facts": {fact: value}})
    [problem] = caught.value.problems
    assert problem.path == f"facts.{fact}"
    assert message in problem.message


def test_as_of_is_a_day(engine: Engine) -> None:
    evidence = engine.load_evidence({"facts": {}})
    assessment = engine.assess(evidence, "becta-srf", as_of=dt.datetime(2026, 9, 1, 12))
    assert assessment.as_of == dt.date(2026, 9, 1)
    assert Assessment.from_json(assessment.to_json()) == assessment
    with pytest.raises(TypeError, match="as_of must be a datetime.date, got str '2026-09-01'"):
        engine.levels(evidence, "becta-srf", as_of="2026-09-01")  # type: ignore[arg-type]


def test_text_that_is_not_json_is_an_ictrules_error() -> None:
    with pytest.raises(IctrulesError, match="not JSON: .*line 1 column 2"):
        Assessment.from_json("{bad")
