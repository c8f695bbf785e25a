"""Conditions from a plugin (issue 13, kinds 4 and 9): errors in the condition language's own
words, literals beyond a float at engine build and in ``check``."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import AS_OF, DATA, Case, Runner

from ictrules import ConditionError, FactSpec, FactType
from ictrules.bands import DEFAULT_BANDS
from ictrules.expressions import compile_condition

FACTS = {
    spec.id: spec
    for spec in (
        FactSpec("t.flag", FactType.BOOLEAN, "d", "q"),
        FactSpec("t.num", FactType.NUMBER, "d", "q"),
        FactSpec("t.prop", FactType.PROPORTION, "d", "q"),
        FactSpec("t.when", FactType.DATE, "d", "q"),
    )
}


def _assess_with(cli: Runner, case: Case, plugin: str) -> str:
    result = cli(
        "assess",
        case("atk-evidence.json"),
        "--plugin",
        case(plugin),
        "--disable-plugin",
        "all",
        "--framework",
        "atk",
        *AS_OF,
    )
    assert result.code == 1
    return result.err


def test_is_is_refused_in_the_condition_languages_words(cli: Runner, case: Case) -> None:
    err = _assess_with(cli, case, "cond-is-operator.py")
    assert "'is' is not allowed in a condition; use == or !=" in err


def test_a_proportion_beyond_any_float_never_holds(cli: Runner, case: Case) -> None:
    err = _assess_with(cli, case, "cond-proportion-bigint.py")
    assert "a proportion lies from 0 to 1; 1000" in err
    assert "never will" in err
    assert "(a condition of 410 characters)" in err  # the long condition is not echoed whole
    assert len(err) < 600


def test_a_minus_sign_before_a_fact_is_said_plainly(cli: Runner, case: Case) -> None:
    err = _assess_with(cli, case, "cond-unary-names.py")
    assert "a minus sign before a fact is not allowed in a condition" in err
    assert "USub" not in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("t.flag is True", "'is' is not allowed in a condition; use == or !="),
        ("t.flag is not True", "'is not' is not allowed in a condition; use !="),
        ("+t.num > 1", "a plus sign before a value is not allowed"),
        ("~t.num > 1", "the operator '~' is not allowed"),
        ("t.prop > 1" + "0" * 400, "a proportion lies from 0 to 1"),
    ],
)
def test_condition_errors_use_the_languages_words(text: str, message: str) -> None:
    with pytest.raises(ConditionError, match=message.replace("+", r"\+")) as excinfo:
        compile_condition(text, FACTS, DEFAULT_BANDS)
    for internal in ("USub", "UAdd", "Invert", "KeyError", "ast."):
        assert internal not in str(excinfo.value)


def test_a_huge_literal_compares_with_a_range_without_overflow() -> None:
    from ictrules.intervals import Interval

    condition = compile_condition("t.num < " + "9" * 400, FACTS, DEFAULT_BANDS)
    assert condition.evaluate({"t.num": Interval(1.0, 2.0)}, None) is True  # type: ignore[arg-type]
    member = compile_condition("t.num in (1, " + "9" * 400 + ")", FACTS, DEFAULT_BANDS)
    assert member.evaluate({"t.num": Interval(5.0, 6.0)}, None) is False  # type: ignore[arg-type]


def test_membership_of_a_range_wider_than_the_platform_counts_is_unknown() -> None:
    """Bounds of a whole number as wide as 2 ** 70 either way (within the document limits)
    hold the listed values and others: unknown, not an overflow."""
    from ictrules.intervals import Interval

    member = compile_condition("t.num in (1, 2, 3)", FACTS, DEFAULT_BANDS)
    wide = Interval(-(2.0**70), 2.0**70)
    assert member.evaluate({"t.num": wide}, None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "condition",
    [
        "years_since(t.when) > 3000",
        "days_since(t.when) > 800000",
        "years_since(t.when) > 1e308",
        "t.num > 0x" + "f" * 300,
    ],
)
def test_check_runs_with_literals_beyond_the_calendar_or_a_float(
    cli: Runner, tmp_path: Path, condition: str
) -> None:
    source = (DATA / "check-date-overflow.py").read_text()
    (tmp_path / "plugin.py").write_text(
        source.replace('CONDITION = "years_since(t.when) > 3000"', f"CONDITION = {condition!r}")
    )
    result = cli("check", "atk", "--plugin", "plugin.py", "--disable-plugin", "all")
    assert result.code in (0, 1)  # findings, never an internal error
    assert "internal error" not in result.err
    assert "level 1 cannot be reached by any evidence" in result.out
