"""``ictrules trust-strategy`` on the worked three-school trust (trusts/riverside): the schools
side by side, the trust's standards, one budget by school, centre and total, and what is
missing named rather than fatal."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from ictrules import Engine
from ictrules.cli import main
from ictrules_refresh import load_inventory, plan_refresh, resolve_policies

ROOT = Path(__file__).resolve().parents[2]
TRUST = ROOT / "trusts" / "riverside"
AS_OF = ["--as-of", "2026-09-01"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def plan_of(capsys: pytest.CaptureFixture[str], folder: Path = TRUST, *more: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(capsys, "trust-strategy", str(folder), *AS_OF, "-f", "json", *more)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    """A copy of the worked trust to change."""
    copy = tmp_path / "trust"
    shutil.copytree(TRUST, copy)
    return copy


def test_the_trust_budget_is_every_school_and_the_centre_in_total(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = plan_of(capsys)
    assert [s["name"] for s in plan["schools"]] == [
        "Ash Academy",
        "Elm Junior School",
        "Oak Primary School",
    ]
    budget = plan["budget"]
    # hand-checked: the centre pays the MIS (21,000, +3% a year), the central team (38,000,
    # +2% a year) and its projects (6,000 revenue in 2026, 4,000 capital in 2027)
    central = budget["central"]
    assert [line["revenue"] for line in central[:2]] == [65000.0, 60390.0]
    assert [line["capital"] for line in central[:2]] == [0.0, 4000.0]
    # what is left of each budget, kept apart: capital cannot pay revenue costs
    assert (central[0]["capital_balance"], central[0]["revenue_balance"]) == (5000, 66000 - 65000)
    # Oak: broadband 2,600 + cloud 900 + training 1,200; its refresh within its 22,000 capital
    oak = budget["schools"]["Oak Primary School"][0]
    assert oak["revenue"] == 2600 + 900 + 1200
    assert oak["capital"] <= oak["capital_budget"] == 22000
    # the total is the schools and the centre, field by field, year by year
    for index, total in enumerate(budget["total"]):
        parts = [lines[index] for lines in budget["schools"].values()] + [central[index]]
        for field in (
            "capital",
            "revenue",
            "capital_budget",
            "revenue_budget",
            "capital_balance",
            "revenue_balance",
        ):
            assert total[field] == pytest.approx(sum(p[field] for p in parts))
        assert total["red_in_use"] == sum(p["red_in_use"] or 0 for p in parts)
    assert plan["spending"]["central"] == {"mis": 21000.0, "support": 38000.0}
    assert "mis" not in plan["spending"]["school-managed"]  # kept apart


def test_a_school_below_a_standard_gets_it_as_its_target_with_what_it_needs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = plan_of(capsys)
    gaps = {gap["code"]: gap for gap in plan["standards"]}
    assert [s["school"] for s in gaps["1b3"]["below"]] == ["Elm Junior School"]
    elm = gaps["1b3"]["below"][0]
    assert elm["level"] == 4
    assert len(elm["actions"]) == 3
    elm_plan = next(s for s in plan["schools"] if s["name"] == "Elm Junior School")["strategy"]
    target = next(t for t in elm_plan["targets"] if t["code"] == "1b3")
    assert (target["level"], target["by"]) == (3, 2027)
    assert target["reason"] == "the trust's minimum standard: level 3 by 2027-28"
    steps = [s for s in elm_plan["programme"] if s["strand"] == "1b3"]
    assert {s["text"] for s in steps} == set(elm["actions"])
    assert all(s["year"] <= 2027 for s in steps)


def test_central_prices_replace_the_schools_and_the_saving_is_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = plan_of(capsys)
    engine = Engine.from_installed()
    inventory = load_inventory(TRUST / "oak-primary" / "inventory.csv")
    own = resolve_policies(engine)
    central = own.overridden(
        {"categories": {"laptop": {"unit_cost": 560}, "chromebook": {"unit_cost": 255}}}, "t"
    ).overridden({"categories": {"desktop": {"unit_cost": 620}}}, "t")

    def spend(policies: object) -> float:
        refresh = plan_refresh(inventory, policies, as_of=dt.date(2026, 9, 1), horizon_years=4)  # type: ignore[arg-type]
        return sum(e.cost for e in refresh.events)

    oak = next(s for s in plan["schools"] if s["name"] == "Oak Primary School")
    assert oak["central_saving"] == pytest.approx(spend(own) - spend(central))
    assert oak["central_saving"] > 0
    savings = [s["central_saving"] for s in plan["schools"] if s["central_saving"] is not None]
    assert plan["central_saving"] == pytest.approx(sum(savings))


def test_a_school_without_an_inventory_is_named_and_the_strategy_still_produced(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "trust-strategy", str(TRUST), *AS_OF)
    assert code == 0
    assert (
        f"ictrules: warning: Elm Junior School: no inventory in {TRUST / 'elm-junior'} "
        "(inventory.csv): the condition of its kit is not known" in err
    )
    assert "Elm Junior School   4    4" in out  # still in the side-by-side table
    assert "(not known for Elm Junior School)" in out
    plan = plan_of(capsys)
    elm = plan["budget"]["schools"]["Elm Junior School"]
    assert {line["red_in_use"] for line in elm} == {None}


def test_what_a_school_lacks_is_one_problem_each_and_never_fatal(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    (trust / "oak-primary" / "strategy.toml").unlink()
    (trust / "ash-academy" / "strategy.toml").write_text(
        'first_year = 2026\nyears = 4\n[targets]\n"1a1" = { level = 4, by = 2027 }\n'
        + "".join(f"[[budget]]\nyear = {y}\n" for y in range(2026, 2030)),
        encoding="utf-8",
    )
    (trust / "elm-junior" / "evidence.toml").write_text("[facts\n", encoding="utf-8")
    (trust / "notes").mkdir()
    (trust / "notes" / "minutes.txt").write_text("governors' minutes\n", encoding="utf-8")
    code, out, err = run(capsys, "trust-strategy", str(trust), *AS_OF, "-f", "json")
    assert code == 1  # faults in a school's files: the strategy is written all the same
    lines = err.splitlines()
    assert (
        f"ictrules: warning: {trust / 'notes'} holds no evidence file (evidence.toml, .json or "
        ".yaml): not a school, left out"
    ) in lines
    ash = trust / "ash-academy" / "strategy.toml"
    assert f"ictrules: error: Ash Academy: 1 problem in {ash}:" in lines
    assert "  targets.1a1.level: level 4 is below where the strand is now (level 1)" in lines
    assert f"no strategy file in {trust / 'oak-primary'} (strategy.toml)" in err
    elm = trust / "elm-junior" / "evidence.toml"
    assert f"ictrules: error: elm-junior: left out of the plan: 1 problem in {elm}:" in lines
    assert err.count("left out of the plan: ") == 1
    plan = json.loads(out)
    names = {s["name"]: s for s in plan["schools"]}
    assert names["elm-junior"]["strategy"] is None  # left out, named by its folder
    assert plan["standards"][0]["unknown"] == ["elm-junior"]
    assert names["Oak Primary School"]["strategy"]["budget"][0]["capital_budget"] == 0.0
    assert set(plan["budget"]["schools"]) == {"Ash Academy", "Oak Primary School"}
    assert any("not a school, left out" in line for line in plan["missing"])


def test_evidence_that_cannot_be_judged_leaves_out_that_school_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Elm's staff survey is dated 10 July 2026: assessed as of 5 July, it is from the future
    code, out, err = run(
        capsys, "trust-strategy", str(TRUST), "--as-of", "2026-07-05", "-f", "json"
    )
    assert code == 1
    plan = json.loads(out)
    planned = [s["name"] for s in plan["schools"] if s["strategy"] is not None]
    left = [s["name"] for s in plan["schools"] if s["strategy"] is None]
    assert "after the assessment date 2026-07-05" in err
    assert planned == ["Ash Academy", "Oak Primary School"]
    assert left == ["Elm Junior School"]
    assert set(plan["budget"]["schools"]) == set(planned)


def test_two_schools_of_one_name_keep_their_own_budgets(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    ash = trust / "ash-academy" / "evidence.toml"
    text = ash.read_text(encoding="utf-8")
    ash.write_text(text.replace('"Ash Academy"', '"Oak Primary School"'), encoding="utf-8")
    plan = plan_of(capsys, trust)
    budget = plan["budget"]
    assert set(budget["schools"]) == {
        "Oak Primary School (ash-academy)",
        "Oak Primary School (oak-primary)",
        "Elm Junior School",
    }
    parts = [lines[0] for lines in budget["schools"].values()] + [budget["central"][0]]
    assert budget["total"][0]["capital_budget"] == sum(p["capital_budget"] for p in parts)
    assert budget["total"][0]["capital_budget"] == 30000 + 8000 + 22000 + 5000


def test_the_trust_names_its_own_costs_and_what_slipped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = plan_of(capsys)
    assert [p["name"] for p in plan["central_projects"]] == [
        "One device-management service for every school",
        "Trust-wide network security review",
    ]
    assert [r["name"] for r in plan["central_recurring"]] == [
        "Trust MIS and finance system",
        "Central IT team (share charged to ICT)",
    ]
    _, out, _ = run(capsys, "trust-strategy", str(TRUST), *AS_OF)
    assert "- Trust MIS and finance system (MIS): £21,000 a year, revenue, rising 3% a year" in out
    assert "What slipped to stay within budget" in out
    ash = next(s for s in plan["schools"] if s["name"] == "Ash Academy")
    beyond = [s for s in ash["strategy"]["slipped"] if s[3] == "beyond the plan"]
    assert beyond
    # central prices save only on what the budgets pay for: 30 desktops at £80 and 128
    # laptops at £90 in all, less the laptops deferred beyond the plan
    assert 0 < ash["central_saving"] < 30 * 80 + 128 * 90


def test_a_fault_in_the_trust_file_is_an_error_naming_each_value(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    path = trust / "trust.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('"1b5" = { level = 3, by = 2028 }', '"1x5" = { level = 3, by = 2031 }')
    text = text.replace("laptop = 560", "lapto = 560\ntablet = -3")
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "trust-strategy", str(trust), *AS_OF)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"ictrules: error: 3 problems in {path}:",
        "  standards.1x5: becta-srf has no strand '1x5' (did you mean '1b5'?)",
        "  central_prices.lapto: no refresh category 'lapto' (did you mean 'laptop'?)",
        "  central_prices.tablet: a price cannot be below zero, got -3",
    ]
    path.unlink()
    code, _, err = run(capsys, "trust-strategy", str(trust), *AS_OF)
    assert code == 1
    assert f"{trust} holds no trust.toml (or .json, .yaml)" in err
    assert "ictrules strategy-template --trust" in err


def test_every_format_is_written_and_the_same_input_gives_the_same_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from html.parser import HTMLParser

    for fmt in ("text", "md", "html", "csv"):
        code, out, err = run(capsys, "trust-strategy", str(TRUST), *AS_OF, "-f", fmt)
        assert code == 0, err
        assert "Oak Primary School" in out
        assert "2029-30" in out
    code, page, _ = run(capsys, "trust-strategy", str(TRUST), *AS_OF, "-f", "html")
    HTMLParser().feed(page)
    assert page.count('<tr class="total">') == 4
    books = []
    for name in ("a.xlsx", "b.xlsx"):
        output = tmp_path / name
        assert (
            run(capsys, "trust-strategy", str(TRUST), *AS_OF, "-f", "xlsx", "-o", str(output))[0]
            == 0
        )
        books.append(output.read_bytes())
    assert books[0] == books[1]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(books[0]))
    assert book.sheetnames == [
        "Position",
        "Standards",
        "Budget",
        "Programme",
        "Slipped",
        "Central",
        "Spending",
        "Problems",
    ]
    rows = list(book["Budget"].iter_rows(values_only=True))
    header = rows[0]
    totals = [r for r in rows if r[1] == "total"]
    assert len(totals) == 4
    assert totals[0][header.index("revenue")] == 86800  # a number a business manager can sum
    assert zipfile.ZipFile(io.BytesIO(books[0])).testzip() is None


def test_a_school_named_like_a_formula_stays_text_in_the_workbook(
    capsys: pytest.CaptureFixture[str], trust: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    evidence = trust / "oak-primary" / "evidence.toml"
    evidence.write_text(
        evidence.read_text(encoding="utf-8").replace(
            'name = "Oak Primary School"', 'name = "=HYPERLINK(\\"http://x\\")"'
        ),
        encoding="utf-8",
    )
    output = tmp_path / "t.xlsx"
    assert (
        run(capsys, "trust-strategy", str(trust), *AS_OF, "-f", "xlsx", "-o", str(output))[0] == 0
    )
    cells = [row[0] for row in load_workbook(output)["Position"].iter_rows()]
    named = [cell for cell in cells if cell.value == '=HYPERLINK("http://x")']
    assert [cell.data_type for cell in named] == ["s"]  # the name as written, as text


def test_the_schools_evidence_can_come_from_a_store(
    capsys: pytest.CaptureFixture[str], trust: Path, tmp_path: Path
) -> None:
    store = tmp_path / "authority.db"
    for evidence in [*(trust / s / "evidence.toml" for s in ("oak-primary", "ash-academy",
                                                             "elm-junior")),
                     ROOT / "examples" / "typical-school.toml"]:  # fmt: skip
        assert run(capsys, "assess", str(evidence), *AS_OF, "--store", str(store))[0] == 0
    # a folder is matched by the id its evidence file gives, or else by its name
    (trust / "ash-academy" / "evidence.toml").unlink()
    (trust / "ash-academy").rename(trust / "URN 140212")
    from_folder = plan_of(capsys, TRUST)
    code, out, err = run(
        capsys, "trust-strategy", str(trust), *AS_OF, "-f", "json", "--store", str(store)
    )
    assert code == 0, err
    from_store = json.loads(out)
    assert [s["name"] for s in from_store["schools"]] == [
        "Ash Academy",  # the folder URN 140212
        "Elm Junior School",
        "Oak Primary School",
    ]
    assert from_store["budget"]["central"] == from_folder["budget"]["central"]
    levels = {
        s["name"]: [p["level"] for p in s["strategy"]["positions"]] for s in from_store["schools"]
    }
    assert levels == {
        s["name"]: [p["level"] for p in s["strategy"]["positions"]] for s in from_folder["schools"]
    }
    # the authority's other schools are named, not planned
    assert (
        f"1 school in the store has no folder in {trust} and is not in this trust: URN 100234"
        in from_store["missing"]
    )


def test_the_trust_template_reads_as_a_trust(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    path = trust / "trust.toml"
    path.unlink()
    assert run(capsys, "strategy-template", "--trust", "-o", str(path))[0] == 0
    code, out, err = run(capsys, "trust-strategy", str(trust), *AS_OF)
    assert code == 0, err
    assert "The trust's name" in out


def test_a_file_is_found_whatever_the_case_of_its_name(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    (trust / "oak-primary" / "inventory.csv").rename(trust / "oak-primary" / "Inventory.CSV")
    plan = plan_of(capsys, trust)
    oak = next(s for s in plan["schools"] if s["name"] == "Oak Primary School")
    assert oak["strategy"]["condition"]["red"] > 0
    assert not oak["missing"]


def test_a_recurring_cost_of_an_unknown_kind_is_named(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    path = trust / "trust.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('kind = "mis"', 'kind = "mys"'))
    code, _, err = run(capsys, "trust-strategy", str(trust), *AS_OF)
    assert code == 1
    assert (
        "  recurring[0].kind: unknown kind 'mys'; expected licence, broadband, support, mis, "
        "cloud, other (did you mean 'mis'?)"
    ) in err.splitlines()


def test_a_school_export_no_layout_reads_is_read_with_its_mapping(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    elm = trust / "elm-junior"
    (elm / "inventory.csv").write_text(
        "Asset Tag,Type,Bought,Price,Qty\n"
        "ELM-1,Laptop,2019-09-01,600,10\n"
        "ELM-2,Chromebook,2025-09-01,260,30\n",
        encoding="utf-8",
    )
    (elm / "mapping.toml").write_text(
        'id = "Asset Tag"\ncategory = "Type"\npurchase_date = "Bought"\n'
        'purchase_cost = "Price"\nquantity = "Qty"\n',
        encoding="utf-8",
    )
    plan = plan_of(capsys, trust)
    school = next(s for s in plan["schools"] if s["name"] == "Elm Junior School")
    assert school["strategy"]["condition"] == {"red": 10, "amber": 0, "green": 30, "unknown": 0}


def test_a_bad_policy_file_costs_the_school_its_policies_not_its_inventory(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    (trust / "oak-primary" / "policies.toml").write_text(
        "[categories.laptop]\nlifespan = 5\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "trust-strategy", str(trust), *AS_OF, "-f", "json")
    assert code == 1
    assert "(its refresh is planned with the default policies)" in err
    oak = next(s for s in json.loads(out)["schools"] if s["name"] == "Oak Primary School")
    assert oak["strategy"]["condition"]["red"] == 53  # the kit is still known


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            '"1b3" = { level = 3, by = 2027 }',
            '"1b3" = { level = true, by = 2027 }',
            "standards.1b3.level: expected a whole number, got true",
        ),
        (
            '"1b3" = { level = 3, by = 2027 }',
            '"1b3" = { level = 3.5, by = 2027 }',
            "standards.1b3.level: expected a whole number, got 3.5",
        ),
        ("laptop = 560", "laptop = true", "central_prices.laptop: expected a number, got true"),
        (
            "laptop = 560",
            'laptop = "410"',
            "central_prices.laptop: expected a number, got '410'; write 410 without quotes",
        ),
        ("laptop = 560", "laptop = nan", "central_prices.laptop: expected a number, got nan"),
        ("rise = 0.03", "rise = true", "recurring[0].rise: expected a number, got true"),
    ],
)
def test_a_number_in_the_trust_file_is_a_number_not_whatever_converts_to_one(
    capsys: pytest.CaptureFixture[str], trust: Path, old: str, new: str, problem: str
) -> None:
    path = trust / "trust.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, err = run(capsys, "trust-strategy", str(trust), *AS_OF)
    assert (code, out) == (1, "")
    assert f"  {problem}" in err.splitlines()


def test_a_year_over_budget_on_fixed_costs_alone_is_said_for_school_and_centre(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    path = trust / "trust.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("revenue = 66000", "revenue = 100", 1),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "trust-strategy", str(trust), *AS_OF)
    assert code == 0  # a finding, not a fault in a file
    assert "Still over budget (fixed costs alone)" in out
    assert "- Central (trust): 2026-27 revenue: over by £64,900 in fixed costs alone" in out
    plan = plan_of(capsys, trust)
    assert plan["over_budget"] == [
        "Central (trust): 2026-27 revenue: over by £64,900 in fixed costs alone"
    ]


def test_an_inventory_with_no_usable_row_leaves_the_kit_not_known(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    inventory = trust / "oak-primary" / "inventory.csv"
    inventory.write_text(inventory.read_text(encoding="utf-8").splitlines()[0] + "\n")
    code, out, err = run(capsys, "trust-strategy", str(trust), *AS_OF, "-f", "json")
    assert code == 0
    oak = next(s for s in json.loads(out)["schools"] if s["name"] == "Oak Primary School")
    assert oak["strategy"]["condition"] == {}  # not "0 red": nothing was read
    assert {line["red_in_use"] for line in oak["strategy"]["budget"]} == {None}
    assert "holds no asset the plan can use" in err


def test_one_school_in_two_folders_is_an_error(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    shutil.copytree(trust / "ash-academy", trust / "ash-copy")
    code, _, err = run(capsys, "trust-strategy", str(trust), *AS_OF)
    assert code == 1
    assert (
        f"{trust / 'ash-copy'} holds the school URN 140212, as {trust / 'ash-academy'} does: "
        "its budget is counted twice; keep one folder"
    ) in err


def test_a_school_left_out_is_not_also_said_to_be_planned(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "trust-strategy", str(TRUST), "--as-of", "2026-07-05", "-f", "json")
    plan = json.loads(out)
    elm = next(s for s in plan["schools"] if s["name"] == "Elm Junior School")
    assert elm["strategy"] is None
    assert elm["missing"] == []  # no "planned with ..." for a school that was not planned


def test_a_store_with_nothing_yet_leaves_each_school_its_own_evidence(
    capsys: pytest.CaptureFixture[str], trust: Path, tmp_path: Path
) -> None:
    store = tmp_path / "later.db"
    evidence = ROOT / "examples" / "typical-school.toml"
    assert (
        run(capsys, "assess", str(evidence), "--as-of", "2026-09-01", "--store", str(store))[0] == 0
    )
    code, out, err = run(
        capsys, "trust-strategy", str(trust), "--as-of", "2026-08-01", "--store", str(store)
    )
    assert code == 0, err
    assert "the store has no assessment of URN 140211" in err
    assert "Oak Primary School" in out


def test_a_template_that_extends_itself_is_an_error_that_says_how_to_extend(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "strategy").mkdir()
    (tmp_path / "strategy" / "trust.html").write_text('{% extends "strategy/trust.html" %}')
    code, _, err = run(
        capsys, "trust-strategy", str(TRUST), *AS_OF, "-f", "html", "--template-dir", str(tmp_path)
    )
    assert code == 1
    assert "the template extends or includes itself" in err
    assert "extend 'plugin:strategy:strategy/trust.html'" in err


def test_a_mistake_in_what_a_template_does_is_an_error_naming_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "strategy").mkdir()
    (tmp_path / "strategy" / "trust.html").write_text(
        '{% extends "plugin:strategy:strategy/trust.html" %}\n'
        "{% block brand %}{{ 1 / 0 }}{% endblock %}\n"
    )
    code, _, err = run(
        capsys, "trust-strategy", str(TRUST), *AS_OF, "-f", "html", "--template-dir", str(tmp_path)
    )
    assert code == 1  # the author's mistake, not an internal error
    assert f"{tmp_path / 'strategy' / 'trust.html'} line 2: ZeroDivisionError" in err


def test_two_files_for_one_role_are_caught_whatever_their_case(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    oak = trust / "oak-primary"
    (oak / "Evidence.TOML").write_text((oak / "evidence.toml").read_text(encoding="utf-8"))
    code, _, err = run(capsys, "trust-strategy", str(trust), *AS_OF)
    assert code == 1
    assert "are each its evidence: keep one" in err


def test_a_year_outside_a_schools_own_strategy_is_said_not_shown_as_no_spending(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    strategy = trust / "oak-primary" / "strategy.toml"
    text = strategy.read_text(encoding="utf-8")
    text = text.replace("first_year = 2026", "first_year = 2027").replace("years = 4", "years = 3")
    text = text.replace("[[budget]]\nyear = 2026\ncapital = 22000\nrevenue = 5000\n\n", "")
    strategy.write_text(text.replace("year = 2026\nrevenue = 1200", "year = 2027\nrevenue = 1200"))
    _, out, err = run(capsys, "trust-strategy", str(trust), *AS_OF)
    assert "  - Oak Primary School: not in its strategy's years" in out
    assert "(not known for Elm Junior School, Oak Primary School)" in out
    assert "the trust's budget counts only the years both cover" in err


def test_a_huge_value_where_a_number_is_wanted_is_shown_cut_short(
    capsys: pytest.CaptureFixture[str], trust: Path
) -> None:
    path = trust / "trust.toml"
    huge = "9" * 50 + "x" * 200_000
    path.write_text(
        path.read_text(encoding="utf-8").replace("laptop = 560", f'laptop = "{huge}"'),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "trust-strategy", str(trust), *AS_OF)
    assert code == 1
    line = next(line for line in err.splitlines() if "central_prices.laptop" in line)
    assert line.startswith("  central_prices.laptop: expected a number, got '99999")
    assert len(line) < 150
