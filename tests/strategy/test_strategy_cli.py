"""``ictrules strategy`` on the worked example: a costed strategy a school can act on, in every
format, with clear errors for a strategy that does not fit the school."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ictrules.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ["examples/typical-school.toml", "--strategy", "strategies/typical-school.toml"]
INVENTORY = ["--inventory", "examples/typical-school-inventory.csv", "--as-of", "2026-09-01"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_strategy_costs_every_year_within_its_budget(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "strategy", *EXAMPLE, *INVENTORY, "-f", "json")
    assert code == 0, err
    plan = json.loads(out)
    assert [line["label"] for line in plan["budget"]] == [
        "2026-27",
        "2027-28",
        "2028-29",
        "2029-30",
    ]
    for line in plan["budget"]:
        assert line["capital"] <= line["capital_budget"]
        assert line["revenue"] <= line["revenue_budget"]
        assert line["total"] == pytest.approx(line["capital"] + line["revenue"])
    # hand-checked: the first year's revenue is the recurring costs and the training project
    first = plan["budget"][0]
    assert first["recurring_revenue"] == 2600 + 3400 + 5200 + 900
    assert first["projects_revenue"] == 1200
    assert plan["budget"][1]["recurring_revenue"] == pytest.approx(
        2600 * 1.03 + 3400 * 1.04 + 5200 * 1.03 + 900, abs=0.01
    )
    targets = {t["code"]: t for t in plan["targets"]}
    assert targets["1b3"]["suggested"] is False
    assert targets["1b2"]["suggested"] is True  # 'suggest': one level up, weakest first
    assert plan["slipped"], "the example's first year is over budget before deferral"
    assert all(
        reason in ("red", "amber", "green", "unknown") for _, reason, _, _ in plan["slipped"]
    )


def test_every_format_is_written(capsys: pytest.CaptureFixture[str]) -> None:
    from html.parser import HTMLParser

    for fmt in ("text", "md", "html", "csv"):
        code, out, err = run(capsys, "strategy", *EXAMPLE, *INVENTORY, "-f", fmt)
        assert code == 0, err
        assert "2029-30" in out
    code, out, _ = run(capsys, "strategy", *EXAMPLE, *INVENTORY, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["label"] for row in rows] == ["2026-27", "2027-28", "2028-29", "2029-30"]
    code, page, _ = run(
        capsys, "strategy", *EXAMPLE, *INVENTORY, "-f", "html", "--title", "Meadowbank"
    )
    assert "<h1>Meadowbank</h1>" in page
    HTMLParser().feed(page)


def test_a_strategy_that_does_not_fit_the_school_is_one_problem_each(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        "first_year = 2026\nyears = 3\n"
        '[targets]\n"1b4" = { level = 5, by = 2027 }\n"1z9" = "suggest"\n'
        '"1a1" = { level = 2, by = 2031 }\n'
        '[[projects]]\nname = "x"\nstrands = ["1b9"]\nyear = 2026\n'
        '[[recurring]]\nname = "y"\nannual = 10\nstart = 2028\nend = 2027\n'
        + "".join(f"[[budget]]\nyear = {year}\n" for year in (2026, 2027, 2028)),
        encoding="utf-8",
    )
    code, _, err = run(
        capsys, "strategy", "examples/typical-school.toml", "--strategy", str(bad), *INVENTORY[2:]
    )
    assert code == 1
    assert err.splitlines()[1:] == [
        "  targets.1b4.level: level 5 is below where the strand is now (level 3)",
        "  targets.1z9: becta-srf has no strand '1z9'",
        "  targets.1a1.by: 2031 is outside the strategy's years (2026 to 2028)",
        "  projects[0].strands: no strand '1b9' (did you mean '1b6'?)",
        "  recurring[0].end: ends (2027) before it starts (2028)",
    ]


def test_a_strategy_file_out_of_bounds_names_the_file_and_each_value(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        "first_year = 2019\nyears = 7\n"
        '[[projects]]\nname = "x"\nyear = 2020\ncapital = -5000\n'
        '[[recurring]]\nname = "y"\nannual = 10\nrise = 3\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "strategy", *EXAMPLE[:1], "--strategy", str(bad), *INVENTORY[2:])
    assert code == 1
    # the budget years are not listed against a span that is itself wrong
    assert err.splitlines()[0] == f"ictrules: error: 4 problems in {bad}:"
    assert "  years: a strategy covers three to five budget years, not 7" in err
    assert "  first_year: the strategy starts in 2019-20, before the budget year of the " in err
    assert "  projects[0].capital: an amount cannot be below zero, got -5000" in err
    assert "  recurring[0].rise: a yearly rise is a fraction such as 0.03 (3%), got 3" in err
    bad.write_text('first_year = 2026\n[[budget]]\nyear = 2026\ncapital = "lots"\n')
    code, _, err = run(capsys, "strategy", *EXAMPLE[:1], "--strategy", str(bad), *INVENTORY[2:])
    assert code == 1
    assert "budget[0].capital: expected a number, got 'lots'" in err
    bad.write_text(
        "first_year = 2026\nyears = 3\n"
        + "".join(f"[[budget]]\nyear = {year}\n" for year in (2026, 2026, 2028, 2035))
        + '[[recurring]]\nname = "old"\nannual = 5\nend = 2020\n'
    )
    code, _, err = run(capsys, "strategy", *EXAMPLE[:1], "--strategy", str(bad), *INVENTORY[2:])
    assert code == 1
    assert err.splitlines()[1:] == [
        "  budget[1].year: 2026-27 is given twice",
        "  budget[3].year: 2035-36 is outside the strategy's years (2026-27 to 2028-29)",
        "  budget: no budget for 2027-28 (give a [[budget]] entry with its capital and revenue "
        "for every year (0 where there is none))",
        "  recurring[0].end: ends in 2020-21, before the strategy starts (2026-27): it would "
        "never be counted (leave it out, or correct the year)",
    ]


def test_without_an_inventory_the_kit_is_not_known_rather_than_fine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "strategy", *EXAMPLE, "--as-of", "2026-09-01", "-f", "json")
    assert code == 0, err
    plan = json.loads(out)
    assert plan["condition"] == {}
    assert plan["levelled_contribution"] is None
    assert {line["red_in_use"] for line in plan["budget"]} == {None}
    code, out, _ = run(capsys, "strategy", *EXAMPLE, "--as-of", "2026-09-01")
    assert "red devices still in use" not in out
    assert "No inventory was given (--inventory): the condition of the kit is not known" in out


def test_a_provisional_level_reads_as_in_the_school_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "strategy", *EXAMPLE, *INVENTORY)
    assert code == 0
    assert "1b6 Evaluating the effectiveness of the strategy: level 4 (could be 3 " in out
    assert "MIS £3,400" in out  # kinds of spending named as people write them


def test_the_template_reads_as_a_strategy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "strategy.toml"
    assert run(capsys, "strategy-template", "-o", str(path))[0] == 0
    code, _, err = run(capsys, "strategy", *EXAMPLE[:1], "--strategy", str(path), *INVENTORY[2:])
    assert code == 0, err


def test_the_strategy_settles_facts_for_the_self_review() -> None:
    import datetime as dt

    from ictrules import Engine
    from ictrules.files import read_model
    from ictrules_strategy import Strategy
    from ictrules_strategy.errors import StrategyError

    engine = Engine.from_installed()
    strategy = read_model(ROOT / "strategies/typical-school.toml", Strategy, StrategyError)
    evidence = engine.load_evidence(ROOT / "examples/typical-school.toml")
    evidence = engine.load_evidence(
        {
            **evidence.to_mapping(),
            "facts": {
                k: v for k, v in evidence.to_mapping()["facts"].items() if k != "strategy.targets"
            },
        }
    )
    plain = engine.assess(evidence, "becta-srf", as_of=dt.date(2026, 9, 1))
    settled = engine.assess(
        evidence, "becta-srf", as_of=dt.date(2026, 9, 1), attachments={"strategy": strategy}
    )
    [reading] = {
        r for c in settled.strand("1b2").criteria for r in c.facts if r.fact == "strategy.targets"
    }
    assert (reading.value, reading.derived_by) == ("realistic", "strategy")
    unsettled = [r for c in plain.strand("1b2").criteria for r in c.facts]
    assert {r.value for r in unsettled if r.fact == "strategy.targets"} == {None}


def test_the_strategys_markdown_comes_from_a_template_an_authority_can_replace(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "strategy", *EXAMPLE, *INVENTORY, "-f", "md")
    assert code == 0
    assert "| 1b6 Evaluating the effectiveness of the strategy | 4 (could be 3) |" in out
    assert "| 2026-27 | £16,400 | £18,000 |" in out
    folder = tmp_path / "templates" / "strategy"
    folder.mkdir(parents=True)
    (folder / "strategy.md").write_text("# Northshire: {{ s.school | md }}\n")
    code, out, err = run(capsys, "strategy", *EXAMPLE, *INVENTORY, "-f", "md",
                         "--template-dir", str(tmp_path / "templates"))  # fmt: skip
    assert code == 0, err
    assert out == "# Northshire: Meadowbank Primary School\n"


def test_the_strategy_is_a_workbook_a_business_manager_can_total(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    output = tmp_path / "strategy.xlsx"
    code, _, err = run(capsys, "strategy", *EXAMPLE, *INVENTORY, "-f", "xlsx", "-o", str(output))
    assert code == 0, err
    book = load_workbook(output)
    assert book.sheetnames == [
        "Position",
        "Programme",
        "Budget",
        "Slipped",
        "Over budget",
        "Spending",
    ]
    rows = list(book["Budget"].iter_rows(values_only=True))
    header, first = rows[0], rows[1]
    assert first[header.index("label")] == "2026-27"
    assert first[header.index("recurring_revenue")] == 2600 + 3400 + 5200 + 900
    assert first[header.index("total")] == pytest.approx(
        first[header.index("capital")] + first[header.index("revenue")]
    )
    import subprocess
    import sys

    piped = subprocess.run(
        [sys.executable, "-m", "ictrules", "strategy", *EXAMPLE, *INVENTORY, "-f", "xlsx"],
        capture_output=True,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == output.read_bytes()  # not a terminal: the same bytes, piped


def test_kit_overdue_when_the_strategy_starts_joins_its_first_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # planned in September 2026 for a strategy starting in April 2027: what falls due in
    # 2026-27 is overdue by then, and must be paid for or listed, never dropped
    later = tmp_path / "later.toml"
    text = (ROOT / "strategies/typical-school.toml").read_text(encoding="utf-8")
    text = text.replace("first_year = 2026", "first_year = 2027").replace("years = 4", "years = 3")
    text = text.replace('"1b3" = { level = 2, by = 2027 }', '"1b3" = { level = 2, by = 2028 }')
    text = text.replace("[[budget]]\nyear = 2026\ncapital = 18000\nrevenue = 16000\n\n", "")
    text = text.replace("year = 2026\nrevenue = 1200", "year = 2027\nrevenue = 1200")
    later.write_text(text, encoding="utf-8")
    code, out, err = run(
        capsys, "strategy", EXAMPLE[0], "--strategy", str(later), *INVENTORY, "-f", "json"
    )
    assert code == 0, err
    plan = json.loads(out)
    first = plan["budget"][0]
    assert first["label"] == "2027-28"
    moved = {s[0]: s for s in plan["slipped"] if s[2] == "2026-27"}
    assert moved["CB-TROLLEY-D"][1] == "red"  # due before the plan: moved in, or deferred
    assert first["device_refresh"] + first["infrastructure_refresh"] > 0
    assert first["red_in_use"] is not None


@pytest.mark.parametrize(
    ("span", "problem"),
    [
        (
            "first_year = 2026\nyears = 10000000000\n",
            "  years: a strategy covers three to five budget years, not 10000000000 (plan three "
            "years at least, and revisit the strategy rather than plan past five)",
        ),
        (
            "first_year = 9999\n",
            "  first_year: the strategy starts in 9999, more than 10 budget years after the "
            "assessment's (2026-27, as of 2026-09-01) (start it by 2036, or assess as of a later "
            "date)",
        ),
        (
            "first_year = 99999999999999\n",
            "  first_year: the strategy starts in 99999999999999, more than 10 budget years after "
            "the assessment's (2026-27, as of 2026-09-01) (start it by 2036, or assess as of a "
            "later date)",
        ),
        (
            "first_year = -5\n",
            "  first_year: the strategy starts in -5, before the budget year of the assessment "
            "(2026-27, as of 2026-09-01) (start it in 2026 or later, or assess as of an earlier "
            "date)",
        ),
        (
            "first_year = 2026\nyears = 3\n"
            + "".join(f"[[budget]]\nyear = {year}\n" for year in (2026, 2027, 2028, 99999)),
            "  budget[3].year: 99999 is outside the strategy's years (2026-27 to 2028-29)",
        ),
    ],
)
def test_years_beyond_any_plan_are_one_problem_and_never_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, span: str, problem: str
) -> None:
    """A span of ten billion years, a start in 9999 or a budget for 99999 is said as it is,
    without a list of every year it would cover and without an internal error."""
    bad = tmp_path / "span.toml"
    bad.write_text(span, encoding="utf-8")
    code, _, err = run(capsys, "strategy", *EXAMPLE[:1], "--strategy", str(bad), *INVENTORY[2:])
    assert code == 1
    assert err.splitlines()[1:] == [problem]


@pytest.mark.parametrize(
    ("text", "suffix"), [('"just text"', ".json"), ("[1, 2]", ".json"), ("", ".yaml")]
)
def test_a_strategy_file_that_is_not_a_table_is_one_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, suffix: str
) -> None:
    path = tmp_path / f"strategy{suffix}"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "strategy", EXAMPLE[0], "--strategy", str(path))
    assert code == 1
    assert err.splitlines()[0] == f"ictrules: error: 1 problem in {path}:"
    assert err.splitlines()[1].startswith(("  expected a table, got ", "  the file is empty"))


def test_a_strategy_planned_against_another_framework_is_refused() -> None:
    """An assessment against one framework and a strategy planned on another raised a bare
    KeyError for the first strand the other lacks."""
    import datetime as dt

    import attrs

    from ictrules import Engine
    from ictrules_strategy import Strategy, plan_strategy

    engine = Engine.from_installed()
    evidence = engine.load_evidence("examples/typical-school.toml")
    assessment = engine.assess(evidence, "becta-srf", as_of=dt.date(2026, 9, 1))
    other = attrs.evolve(assessment, framework="local-srf")
    with pytest.raises(ValueError, match="the assessment is against 'local-srf', the strategy"):
        plan_strategy(other, engine.framework("becta-srf"), Strategy(first_year=2026))


def test_an_infinite_amount_in_a_strategy_built_in_python_is_refused() -> None:
    """JSON has no infinity: a budget of inf wrote 'Infinity', which no JSON reader takes."""
    import datetime as dt

    from ictrules import Engine
    from ictrules_strategy import Budget, Strategy, StrategyError, plan_strategy

    engine = Engine.from_installed()
    evidence = engine.load_evidence("examples/typical-school.toml")
    assessment = engine.assess(evidence, "becta-srf", as_of=dt.date(2026, 9, 1))
    budgets = tuple(Budget(year, capital=float("inf")) for year in (2026, 2027, 2028))
    with pytest.raises(StrategyError) as caught:
        plan_strategy(assessment, engine.framework("becta-srf"), Strategy(2026, 3, budget=budgets))
    assert [str(problem) for problem in caught.value.problems] == [
        f"budget[{index}].capital: an amount must be a finite number, got inf" for index in range(3)
    ]


def test_what_is_left_of_capital_and_of_revenue_is_said_apart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Capital cannot pay revenue costs: one 'balance' of both read £16,000 to spare in a year
    whose revenue was £4,000 short, beside £20,000 of capital unspent."""
    over = tmp_path / "over.toml"
    over.write_text(
        "first_year = 2026\nyears = 3\n"
        '[[recurring]]\nname = "support"\nannual = 9000\n'
        + "".join(
            f"[[budget]]\nyear = {year}\ncapital = 20000\nrevenue = 5000\n"
            for year in (2026, 2027, 2028)
        ),
        encoding="utf-8",
    )
    _, out, _ = run(
        capsys, "strategy", *EXAMPLE[:1], "--strategy", str(over), *INVENTORY[2:], "-f", "json"
    )
    last = json.loads(out)["budget"][-1]
    assert (last["revenue"], last["revenue_balance"]) == (9000.0, -4000.0)
    assert last["capital_balance"] == last["capital_budget"] - last["capital"]
    assert "balance" not in last
    _, text, _ = run(capsys, "strategy", *EXAMPLE[:1], "--strategy", str(over), *INVENTORY[2:])
    assert "revenue £9,000 of £5,000; left: capital " in text
    assert ", revenue -£4,000" in text


def test_kit_that_falls_due_and_slips_is_counted_as_red_in_use(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Only kit red on the date of the assessment was counted: the ICT suite's 28 desktops and
    18 staff laptops, due in 2028-29 and slipped beyond the plan, left '0 red devices still in
    use' in 2029-30."""
    _, out, _ = run(capsys, "strategy", *EXAMPLE, *INVENTORY, "-f", "json")
    plan = json.loads(out)
    slipped = {asset: (due, to) for asset, _, due, to in plan["slipped"]}
    assert slipped["DT-ICTSUITE"] == ("2028-29", "beyond the plan")
    assert slipped["LT-STAFF-01"] == ("2028-29", "beyond the plan")
    by_year = {line["label"]: line["red_in_use"] for line in plan["budget"]}
    assert by_year["2028-29"] >= 28 + 18
    assert by_year["2029-30"] >= by_year["2028-29"]  # nothing of them replaced since


@pytest.mark.parametrize(
    ("first", "second", "said"),
    [
        # two projects of 1.7e308 summed to infinity: 'capital £inf' in the report, null in the
        # JSON, and exit 0
        ("1e300", "2000000000", ("got 1e+300", "got 2,000,000,000")),
        # rounded to whole pounds, an amount just above the limit read as the limit itself
        ("1000000000.004", "1000000000.6", ("got 1,000,000,000.004", "got 1,000,000,001")),
    ],
)
def test_an_amount_above_the_limit_is_a_problem_saying_the_amount(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    first: str,
    second: str,
    said: tuple[str, str],
) -> None:
    strategy = tmp_path / "amounts.toml"
    strategy.write_text(
        "first_year = 2026\nyears = 3\n"
        f"[[budget]]\nyear = 2026\ncapital = {first}\n"
        f"[[budget]]\nyear = 2027\ncapital = {second}\n"
        "[[budget]]\nyear = 2028\ncapital = 1000000000\n",
        encoding="utf-8",
    )
    arguments = ["strategy", "examples/typical-school.toml", "--strategy", str(strategy)]
    code, _, err = run(capsys, *arguments, "--as-of", "2026-09-01")
    assert code == 1
    for index, got in enumerate(said):
        assert f"budget[{index}].capital: an amount is at most 1,000,000,000, {got}" in err
    assert "budget[2]" not in err
