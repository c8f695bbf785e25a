"""``ictrules plan`` and ``assess --inventory``: the refresh plugin's plans through the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from cli_support import Runner
from html_check import outline

import ictrules_refresh as refresh

AS_OF = ("--as-of", "2026-09-01")

#: plan and --inventory come from the refresh plugin: every test here has it installed.
pytestmark = pytest.mark.usefixtures("with_refresh")

INVENTORY = """\
id,name,category,model,status,purchase_date,purchase_cost,location,quantity,funding
LT-1,Staff laptops,Laptop,ThinkPad,in use,2019-09-01,650,Staff room,4,capital
CB-1,Year 5 Chromebooks,Chromebooks,Acer 311,in use,2024-09-01,265,Year 5,30,capital
IWB-1,Hall panel,Interactive panel,Promethean,in use,2018-01-10,2800,Hall,1,capital
X-1,Mystery box,Widget,?,in use,2020-01-01,10,Cupboard,1,capital
BAD-1,Broken date,Laptop,Dell,in use,sometime,500,Office,1,capital
"""


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "assets.csv"
    path.write_text(INVENTORY, encoding="utf-8")
    return path


def test_plan_as_text_names_the_years_and_totals(cli: Runner, inventory: Path) -> None:
    result = cli("plan", str(inventory), *AS_OF)
    assert result.code == 0
    assert result.out.startswith(f"Refresh plan as of 2026-09-01: {inventory}\n")
    assert "Budget years 2026-27 to 2030-31 (starting in April)" in result.out
    assert result.err == (
        f"ictrules: warning: 2 data-quality issues in {inventory} (the report lists them)\n"
    )


def test_plan_options_reach_the_plan(cli: Runner, inventory: Path) -> None:
    argv = ("plan", str(inventory), *AS_OF, "-f", "json", "--horizon", "3")
    data = json.loads(cli(*argv, "--budget-start-month", "9", "--inflation", "3%").out)
    assert data == json.loads(
        refresh.plan_refresh(
            refresh.load_inventory(inventory),
            refresh.default_policies(),
            as_of=dt.date(2026, 9, 1),
            horizon_years=3,
            budget_year_start_month=9,
            inflation=0.03,
        ).to_json()
    )


def test_plan_csv_is_the_replacement_schedule(cli: Runner, inventory: Path) -> None:
    result = cli("plan", str(inventory), *AS_OF, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows
    assert {row["asset_id"] for row in rows} >= {"LT-1", "IWB-1"}
    # csv does not list the data issues, so each is printed
    assert "row 6, column 'purchase_date'" in result.err


def test_plan_html_is_a_page_with_the_charts(cli: Runner, inventory: Path) -> None:
    html = cli("plan", str(inventory), *AS_OF, "-f", "html").out
    page = outline(html)
    assert len(page.with_class("section", "refresh-plan")) == 1
    # Titled by the school or trust, not the file path (issue 15); the inventory is named below.
    assert "<title>ICT refresh plan</title>" in html
    assert "<h1>ICT refresh plan</h1>" in html
    assert f"inventory: {inventory}</p>" in html
    titled = cli("plan", str(inventory), *AS_OF, "-f", "html", "--title", "Brook <Trust>").out
    assert "<h1>Brook &lt;Trust&gt;</h1>" in titled
    assert sum(1 for tag, _ in page.tags if tag == "svg") >= 2


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--horizon", "0", "argument --horizon: expected 1 to 50 years, got 0"),
        ("--budget-start-month", "13", "expected a month from 1 to 12, got 13"),
        ("--inflation", "lots", "expected a rate such as 0.03 or 3%, got 'lots'"),
    ],
)
def test_bad_plan_options_are_usage_errors(
    cli: Runner, inventory: Path, option: str, value: str, message: str
) -> None:
    result = cli("plan", str(inventory), option, value)
    assert result.code == 2
    assert message in result.err


def test_missing_inventory_is_invalid_input(cli: Runner, tmp_path: Path) -> None:
    result = cli("plan", str(tmp_path / "none.csv"), *AS_OF)
    assert result.code == 1
    assert (
        result.err == f"ictrules: error: 1 problem in {tmp_path / 'none.csv'}:\n  file not found\n"
    )


def test_bad_policies_file_is_invalid_input(cli: Runner, inventory: Path, tmp_path: Path) -> None:
    policies = tmp_path / "policies.toml"
    policies.write_text("[categories.laptop]\nlifespan_years = -2\n", encoding="utf-8")
    result = cli("plan", str(inventory), *AS_OF, "--policies", str(policies))
    assert result.code == 1
    assert f"in {policies}:" in result.err
    assert "categories.laptop.lifespan_years" in result.err


def test_policies_file_changes_the_plan(cli: Runner, inventory: Path, tmp_path: Path) -> None:
    policies = tmp_path / "policies.toml"
    policies.write_text("[categories.laptop]\nlifespan_years = 10\n", encoding="utf-8")
    base = json.loads(cli("plan", str(inventory), *AS_OF, "-f", "json").out)
    longer = json.loads(
        cli("plan", str(inventory), *AS_OF, "-f", "json", "--policies", str(policies)).out
    )
    assert longer != base


def test_assess_with_inventory_embeds_the_plan(
    cli: Runner, evidence: Path, inventory: Path
) -> None:
    result = cli("assess", str(evidence), "--inventory", str(inventory), *AS_OF, "-f", "html")
    assert result.code == 0
    page = outline(result.out)
    assert len(page.with_class("section", "refresh-plan")) == 1
    assert len(page.with_class("svg", "profile-chart")) == 1
    assert result.out.index('id="strand-b1"') < result.out.index('class="refresh-plan"')


def test_assess_json_with_inventory_holds_both(
    cli: Runner, evidence: Path, inventory: Path
) -> None:
    data = json.loads(
        cli("assess", str(evidence), "--inventory", str(inventory), *AS_OF, "-f", "json").out
    )
    assert sorted(data) == ["assessment", "refresh_plan"]
    assert data["assessment"]["framework"] == "sample-srf"


def test_assess_text_and_markdown_with_inventory_add_the_plan(
    cli: Runner, evidence: Path, inventory: Path
) -> None:
    text = cli("assess", str(evidence), "--inventory", str(inventory), *AS_OF).out
    assert "Refresh plan as of 2026-09-01" in text
    markdown = cli("assess", str(evidence), "--inventory", str(inventory), *AS_OF, "-f", "md").out
    assert markdown.index("### b1 Budgeting for ICT") < markdown.index("Refresh plan")


def test_inventory_feeds_a_derivation(cli: Runner, tmp_path: Path, inventory: Path) -> None:
    evidence = tmp_path / "school.toml"
    evidence.write_text('[facts]\nbudget.ict_share = 2.0\nbudget.notes = "x"\n', encoding="utf-8")
    without = json.loads(cli("assess", str(evidence), *AS_OF, "-f", "json").out)
    with_inventory = json.loads(
        cli("assess", str(evidence), "--inventory", str(inventory), *AS_OF, "-f", "json").out
    )
    levels = {s["code"]: s["level"] for s in without["strands"]}
    assert levels["b1"] == 2
    derived = {s["code"]: s["level"] for s in with_inventory["assessment"]["strands"]}
    assert derived["b1"] == 1


def test_a_column_mapping_reads_any_layout(cli: Runner, tmp_path: Path) -> None:
    assets = tmp_path / "export.csv"
    assets.write_text(
        "Tag,Kind,Bought,Price,Count\nL-1,Laptop,2019-09-01,650,4\nC-1,Chromebook,2024-09-01,265,30\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        'id = "Tag"\ncategory = "Kind"\npurchase_date = "Bought"\npurchase_cost = "Price"\n'
        'quantity = "Count"\n',
        encoding="utf-8",
    )
    result = cli("plan", str(assets), *AS_OF, "--mapping", str(mapping), "-f", "json")
    assert (result.code, result.err) == (0, "")
    plan = json.loads(result.out)
    assert plan == json.loads(
        refresh.plan_refresh(
            refresh.load_inventory(assets, mapping=mapping),
            refresh.default_policies(),
            as_of=dt.date(2026, 9, 1),
        ).to_json()
    )
    without = cli("plan", str(assets), *AS_OF)
    assert without.code == 1
    assert str(assets) in without.err


@pytest.mark.parametrize("command", ["assess", "explain"])
def test_plan_options_without_an_inventory_are_usage_errors(
    cli: Runner, evidence: Path, command: str
) -> None:
    strand = ["a1"] if command == "explain" else []
    result = cli(command, str(evidence), *strand, "--layout", "snipe-it", *AS_OF)
    assert result.code == 2
    assert "error: --layout only applies with --inventory" in result.err
    if command == "assess":
        result = cli(command, str(evidence), "--horizon", "3", "--inflation", "2%", *AS_OF)
        assert "error: --horizon, --inflation only apply with --inventory" in result.err
        # a summary of several schools refuses them too, rather than ignoring them
        many = cli(command, str(evidence), str(evidence), "--horizon", "3", *AS_OF)
        assert many.code == 2
        assert "error: --horizon only applies with --inventory" in many.err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plan_draws_progress_on_a_terminal(
    cli: Runner, inventory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The planner reports progress, but the command passed no callback: a million-asset plan
    # sat silent for seconds. On a terminal a bar is drawn, then cleared.
    import ictrules_refresh.planning

    monkeypatch.setattr(ictrules_refresh.planning, "PROGRESS_EVERY", 2)
    screen = _Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    result = cli("plan", str(inventory), *AS_OF, "-f", "csv")
    assert result.code == 0
    drawn = screen.getvalue()
    assert "\rplanning [############..................] 2/5 (40%)" in drawn
    assert "\rplanning [########################......] 4/5 (80%)" in drawn
    # the bar is cleared before the plan's data issues are said, which follow it
    cleared = drawn.rindex("\r\x1b[2K") + len("\r\x1b[2K")
    assert drawn[cleared:].startswith("ictrules: warning: 2 data-quality issues in ")
    assert "\r" not in drawn[cleared:]


def test_plan_draws_no_progress_when_stderr_is_a_file(cli: Runner, inventory: Path) -> None:
    assert "planning [" not in cli("plan", str(inventory), *AS_OF, "-f", "csv").err


def test_category_option_maps_a_name_the_table_does_not_know(cli: Runner, inventory: Path) -> None:
    # The data issue said "add the name to the table with categories={...}", which a user of
    # the command line could not do: the Widget could never be planned.
    before = cli("plan", str(inventory), *AS_OF, "-f", "json")
    assert "Widget" in {
        row["asset"]["category_text"] for row in json.loads(before.out)["not_planned"]
    }
    result = cli("plan", str(inventory), *AS_OF, "-f", "json", "--category", "Widget=desktop")
    assert result.code == 0
    plan = json.loads(result.out)
    assert "Widget" not in {row["asset"]["category_text"] for row in plan["not_planned"]}
    assert "category 'Widget'" not in result.err


def test_category_option_errors(cli: Runner, inventory: Path) -> None:
    usage = cli("plan", str(inventory), "--category", "Widget")
    assert usage.code == 2
    assert "argument --category: expected NAME=CATEGORY, got 'Widget'" in usage.err
    unknown = cli("plan", str(inventory), *AS_OF, "--category", "Widget=dektop")
    assert unknown.code == 1
    assert unknown.err == (
        "ictrules: error: --category 'Widget=dektop': unknown category 'dektop' "
        "(did you mean 'desktop'?)\n"
    )
    # a name no device has maps nothing: a misspelling of the inventory's own name
    unused = cli("plan", str(inventory), *AS_OF, "--category", "Widgit=desktop", "-f", "csv")
    assert unused.code == 0
    assert (
        "ictrules: warning: --category 'Widgit=desktop': no device read from the inventory has "
        "the category 'Widgit', so it maps nothing (did you mean 'Widget'?)\n" in unused.err
    )
    # one name, as the category table reads names, given two categories
    twice = cli(
        "plan",
        str(inventory),
        "--category",
        "Class set iPad=tablet",
        "--category",
        "class-set ipad=laptop",
    )
    assert twice.code == 2
    assert "'class-set ipad' is given as 'tablet' and as 'laptop': give one" in twice.err
    stray = cli("assess", str(inventory), "--category", "Widget=desktop")
    assert stray.code == 2
    assert "--category only applies with --inventory" in stray.err


CASES = Path(__file__).resolve().parents[1] / "refresh" / "data" / "cases"


def test_date_format_goes_with_a_preset_layout(cli: Runner, tmp_path: Path) -> None:
    export = tmp_path / "snipe.csv"
    export.write_text(
        "Asset Tag,Category,Purchase Date\nA,Laptop,03/04/2022\nB,Laptop,01/02/2023\n",
        encoding="utf-8",
    )
    argv = ("plan", str(export), *AS_OF, "-f", "json", "--layout", "snipe-it")
    guessed = cli(*argv)
    assert "1 data-quality issue" in guessed.err  # the open order is said, never silent
    chosen = cli(*argv, "--date-format", "%m/%d/%Y")
    assert (chosen.code, chosen.err) == (0, "")
    dues = [r["due"] for r in json.loads(chosen.out)["ratings"]]
    assert dues == ["2027-03-04", "2028-01-02"]
    bad = cli(*argv, "--date-format", "MM/DD/YYYY")
    assert bad.code == 1
    assert "expected a strptime format such as '%m/%d/%Y', got 'MM/DD/YYYY'" in bad.err


def test_sheet_option_and_the_note_on_the_sheet_read(cli: Runner) -> None:
    pytest.importorskip("openpyxl")
    workbook = CASES / "xlsx-first-sheet-is-summary.xlsx"
    found = cli("plan", str(workbook), *AS_OF, "-f", "csv")
    assert found.code == 0
    assert found.err == (
        f"ictrules: note: {workbook}: read the sheet 'Register': row 1 of 'Summary' is not a "
        "header the layouts can read (choose another sheet with sheet=NAME, --sheet NAME on the "
        "command line)\n"
    )
    chosen = cli("plan", str(workbook), *AS_OF, "-f", "csv", "--sheet", "Register")
    assert chosen.out == found.out
    wrong = cli("plan", str(workbook), *AS_OF, "--sheet", "Summary")
    assert wrong.code == 1
    assert "sheet 'Summary', row 1: no header row: row 1 is empty" in wrong.err
    assert "Traceback" not in wrong.err


def test_an_unknown_layout_lists_the_layouts(cli: Runner, inventory: Path) -> None:
    result = cli("plan", str(inventory), *AS_OF, "--layout", "snipeit")
    assert result.code == 1
    assert (
        "unknown layout 'snipeit'; use auto, generic, snipe-it, google-admin, intune, "
        "jamf-computers, jamf-mobile-devices, glpi" in result.err
    )


def test_loading_and_writing_draw_progress_on_a_terminal(
    cli: Runner, inventory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ictrules_refresh.loaders
    import ictrules_refresh.planning

    monkeypatch.setattr(ictrules_refresh.loaders, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(ictrules_refresh.planning, "PROGRESS_EVERY", 2)
    screen = _Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    assert cli("plan", str(inventory), *AS_OF, "-f", "json").code == 0
    drawn = screen.getvalue()
    assert "\rloading [" in drawn
    assert "\rplanning [" in drawn
    assert "\rwriting [" in drawn


def test_a_policy_named_as_the_inventory_spells_a_category_is_refused(
    cli: Runner, tmp_path: Path
) -> None:
    # [categories.laptops] was once a new, unused category: the defaults applied and the plan
    # cost more than the school's own policy said
    inventory = tmp_path / "assets.csv"
    inventory.write_text(
        "id,name,category,purchase_date,purchase_cost\nL1,Laptop,Laptops,2021-09-01,500\n",
        encoding="utf-8",
    )
    policies = tmp_path / "policies.toml"
    policies.write_text(
        "[categories.laptops]\nlifespan_years = 6\nunit_cost = 450\n", encoding="utf-8"
    )
    result = cli("plan", str(inventory), "--policies", str(policies), *AS_OF)
    assert result.code == 1
    assert result.err == (
        "ictrules: error: 1 problem in the refresh policies:\n"
        "  categories.laptops: no inventory row is in this category, so the policy would never "
        "apply (the inventory's 'laptops' is the category 'laptop': use [categories.laptop])\n"
    )


def test_a_category_a_policy_file_defines_can_be_named_on_the_command_line(
    cli: Runner, tmp_path: Path
) -> None:
    inventory = tmp_path / "assets.csv"
    inventory.write_text(
        "id,name,category,purchase_date,purchase_cost\nV1,Visualiser,Visualisers,2022-01-01,120\n",
        encoding="utf-8",
    )
    policies = tmp_path / "policies.toml"
    policies.write_text(
        "[categories.visualiser]\nlifespan_years = 7\nunit_cost = 150\n", encoding="utf-8"
    )
    unmapped = cli("plan", str(inventory), "--policies", str(policies), *AS_OF)
    assert unmapped.code == 1
    assert '--category "NAME=visualiser"' in unmapped.err
    mapped = cli(
        "plan",
        str(inventory),
        "--policies",
        str(policies),
        "--category",
        "Visualisers=visualiser",
        *AS_OF,
        "-f",
        "json",
    )
    assert mapped.code == 0, mapped.err
    [rating] = json.loads(mapped.out)["ratings"]
    assert rating["asset"]["category"] == "visualiser"


def test_the_plans_markdown_comes_from_a_template_an_authority_can_replace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ictrules.cli import main

    folder = tmp_path / "templates" / "refresh"
    folder.mkdir(parents=True)
    (folder / "plan.md").write_text("# Northshire refresh plan\n\n{{ p.summary[0] | md }}\n")
    inventory = str(Path(__file__).resolve().parents[2] / "examples/typical-school-inventory.csv")
    code = main(["plan", inventory, "--as-of", "2026-09-01", "-f", "md",
                 "--template-dir", str(tmp_path / "templates")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# Northshire refresh plan\n\nBudget years 2026-27 to 2030-31")


EXAMPLE_INVENTORY = (
    Path(__file__).resolve().parents[2] / "examples" / "typical-school-inventory.csv"
)


def test_plan_json_and_csv_are_streamed_to_the_same_bytes_as_before(
    cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-o plan.json`` holds exactly the plan the one-document rendering wrote (the standard
    library's indented JSON of ``to_dict()``), also when it goes out a few items at a time."""
    from ictrules._text import printable
    from ictrules_refresh import planning, rendering

    plan = refresh.plan_refresh(
        refresh.load_inventory(EXAMPLE_INVENTORY),
        refresh.default_policies(),
        as_of=dt.date(2026, 9, 1),
    )
    expected = printable(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False) + "\n")
    monkeypatch.setattr(planning, "JSON_BATCH", 3)
    monkeypatch.setattr(rendering, "CSV_BATCH", 3)
    (tmp_path / "plan.json").write_text("an earlier plan\n")
    argv = ("plan", str(EXAMPLE_INVENTORY), *AS_OF)
    assert cli(*argv, "-f", "json", "-o", str(tmp_path / "plan.json")).code == 0
    assert (tmp_path / "plan.json").read_bytes() == expected.encode("utf-8")
    assert cli(*argv, "-f", "json").out == expected
    assert cli(*argv, "-f", "csv", "-o", str(tmp_path / "plan.csv")).code == 0
    schedule = (tmp_path / "plan.csv").read_text(encoding="utf-8")
    assert schedule == refresh.render_plan(plan, "csv")
    assert len(list(csv.DictReader(io.StringIO(schedule)))) == len(plan.events)


def test_the_warning_counts_the_issues_the_plan_found_too(cli: Runner, tmp_path: Path) -> None:
    """A cost in another currency is found when the plan is made, not when the file is read:
    the warning on stderr counts it with the rest, as the report does."""
    path = tmp_path / "costs.csv"
    path.write_text(
        "id,category,purchase_date,purchase_cost\n"
        "L1,laptop,2022-09-01,€500\nL2,laptop,2022-09-01,soon\n",
        encoding="utf-8",
    )
    result = cli("plan", str(path), *AS_OF, "-f", "json")
    assert result.code == 0
    plan = json.loads(result.out)
    assert len(plan["issues"]) == 2
    assert result.err == (
        f"ictrules: warning: 2 data-quality issues in {path} (the report lists them)\n"
    )


def test_a_negative_percentage_is_a_value_not_an_option(cli: Runner, inventory: Path) -> None:
    """argparse takes '-5%' for an option ('expected one argument'); prices that fall are a
    documented rate, written as a user would write it."""
    result = cli("plan", str(inventory), *AS_OF, "--inflation", "-5%", "-f", "json")
    assert result.code == 0
    assert json.loads(result.out)["inflation"] == -0.05


@pytest.mark.usefixtures("with_refresh")
@pytest.mark.parametrize("command", [("plan", "-"), ("assess", "-")])
def test_standard_input_is_said_not_to_be_read(cli: Runner, command: tuple[str, str]) -> None:
    result = cli(*command, *AS_OF)
    assert result.code == 1
    assert result.err == (
        "ictrules: error: 1 problem in -:\n"
        "  '-' (standard input) is not read: files are named (give the file's path)\n"
    )
