"""Inventories and policies at the edges (issue 13, kinds 3 and 4): workbooks that unzip to
gigabytes, XML entities, formulas without a saved value, stale dimensions, quantities, costs,
policy figures and dates beyond what the calendar or a float holds."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hostile_support import AS_OF, Case, Runner

from ictrules.errors import InputError
from ictrules_refresh import load_inventory, loaders


def _workbook(rows: list[list[object]]) -> dict[str, bytes]:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    archive = zipfile.ZipFile(buffer)
    return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


HEADER = ["id", "name", "category", "purchase_date", "quantity", "location"]


def test_a_workbook_that_unzips_to_gigabytes_is_refused_before_expanding(
    cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reproducer's bomb (4 GiB of whitespace in a sheet), against a lower limit so that the
    test is quick: a sheet past the limit, in a small file."""
    monkeypatch.setattr(loaders, "MAX_XLSX_EXPANDED", 8 * 1024 * 1024)
    parts = _workbook([HEADER, ["A1", "Laptop", "Laptops", "2022-09-01", 1, "Room"]])
    head, rest = parts.pop("xl/worksheets/sheet1.xml").decode().split("</sheetData>")
    with zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
        with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head.encode())
            block = b" " * (1 << 20)
            for _ in range(9):
                sheet.write(block)
            sheet.write(("</sheetData>" + rest).encode())
    assert (tmp_path / "bomb.xlsx").stat().st_size < 100_000
    result = cli("plan", "bomb.xlsx", *AS_OF)
    assert result.code == 1
    assert "bomb.xlsx" in result.err
    assert "the workbook expands to 9 MB when unzipped, over the limit of 8 MB" in result.err


def test_xml_entities_in_a_workbook_are_a_clean_error(cli: Runner, case: Case) -> None:
    result = cli("plan", case("xlsx-xml-entity.xlsx"), *AS_OF)
    assert result.code == 1
    assert "xlsx-xml-entity.xlsx" in result.err
    assert "not a readable .xlsx workbook" in result.err


def test_xml_errors_while_rows_are_read_are_a_clean_error(tmp_path: Path) -> None:
    parts = _workbook([HEADER, ["A1", "Laptop", "Laptops", "2022-09-01", 1, "Room"]])
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b"</sheetData>", b"<row r='3'><c></sheetData>"
    )
    _write(tmp_path / "broken.xlsx", parts)
    with pytest.raises(InputError, match="not a readable .xlsx workbook"):
        load_inventory(tmp_path / "broken.xlsx")


def test_a_formula_without_a_saved_value_is_a_data_issue(cli: Runner, case: Case) -> None:
    result = cli("plan", case("xlsx-formula-no-cache.xlsx"), *AS_OF, "-f", "json")
    assert result.code == 0
    plan = json.loads(result.out)
    issues = {(i["row"], i["column"]): i for i in plan["issues"]}
    quantity = issues[(3, "quantity")]
    assert quantity["value"] == "=2*3"
    assert "formula without a saved value: open and save the file in Excel" in quantity["problem"]
    assert quantity["problem"].endswith("row left out")
    assert issues[(3, "purchase_cost")]["value"] == "=100*5"
    assert plan["coverage"]["skipped_rows"] == 1
    assert plan["coverage"]["units"] == 1  # the row's quantity is not assumed to be 1


def test_a_stale_dimension_loses_no_rows_or_columns(tmp_path: Path) -> None:
    rows = [
        HEADER,
        *([f"A{n}", "Laptop", "Laptops", "2022-09-01", 2, f"Room {n}"] for n in range(9)),
    ]
    parts = _workbook(rows)
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C2"', sheet
    )
    _write(tmp_path / "stale.xlsx", parts)
    inventory = load_inventory(tmp_path / "stale.xlsx")
    assert len(inventory.assets) == 9
    assert {asset.location for asset in inventory.assets} == {f"Room {n}" for n in range(9)}
    assert sum(asset.quantity for asset in inventory.assets) == 18


def test_a_huge_quantity_is_a_data_issue(cli: Runner, case: Case) -> None:
    result = cli("plan", case("inventory-quantity-1e308.csv"), *AS_OF, "-f", "json")
    assert result.code == 0
    plan = json.loads(result.out)
    assert [i["problem"] for i in plan["issues"]] == [
        "quantity '1e308' is over the limit of 1,000,000 devices in one row; row left out"
    ] * 2


def test_a_huge_cost_is_a_data_issue(cli: Runner, case: Case) -> None:
    result = cli("plan", case("inventory-json-bigint-cost.json"), *AS_OF, "-f", "json")
    assert result.code == 0
    (issue,) = json.loads(result.out)["issues"]
    assert issue["column"] == "purchase_cost"
    assert "is over the limit of 1,000,000,000 per unit" in issue["problem"]


def test_a_cost_with_thousands_of_digits_is_a_data_issue(tmp_path: Path) -> None:
    (tmp_path / "digits.csv").write_text(
        f"id,category,purchase_date,purchase_cost\nA1,Laptops,2022-09-01,{'9' * 5000}.{'9' * 5000}\n"
    )
    (issue,) = load_inventory(tmp_path / "digits.csv").issues
    assert "over the limit of 1,000,000,000 per unit" in issue.problem


def test_every_message_about_a_long_value_shows_it_cut_short(tmp_path: Path) -> None:
    """A cell of thousands of characters in each column read: each message shows a bounded
    preview, as limits.md promises, never the whole value."""
    long = "x" * 5000
    header = "id,category,status,purchase_date,purchase_cost,quantity,funding,extra"
    rows = [f"{long},{long},{long},{long},{long},{long},{long},", f"{long},Laptop,,,,,,"]
    (tmp_path / "long.csv").write_text("\n".join([header, *rows, f"A3,Laptop,,,,,,,{long}"]))
    inventory = load_inventory(tmp_path / "long.csv")
    assert [issue.column for issue in inventory.issues] == [
        "quantity",
        "category",
        "status",
        "purchase_date",
        "purchase_cost",
        "funding",
        "id",  # also used on row 2
        "column 9",
    ]
    for issue in inventory.issues:
        assert "xxx...xxx" in issue.problem
        assert len(issue.problem) < 400, issue


def test_a_huge_policy_figure_is_a_policy_problem(cli: Runner, case: Case) -> None:
    (Path.cwd() / "inventory.csv").write_text("id,category,purchase_date\nA1,Laptops,2022-09-01\n")
    result = cli("plan", "inventory.csv", "--policies", case("policy-unit-cost-1e308.toml"), *AS_OF)
    assert result.code == 1
    assert "policy-unit-cost-1e308.toml" in result.err
    assert "categories.laptop.unit_cost: must be at most 1,000,000,000, got 1e+308" in result.err


@pytest.mark.parametrize(
    ("figure", "value", "message"),
    [
        ("unit_cost", "1" + "0" * 400, "must be at most 1,000,000,000"),
        ("amber_months", "100000000000000000000", "must be at most 600 months"),
        ("support_cost_per_year", "inf", "expected a finite number, got inf"),
    ],
)
def test_policy_figures_beyond_any_plan_are_problems(
    cli: Runner, tmp_path: Path, figure: str, value: str, message: str
) -> None:
    (tmp_path / "inventory.csv").write_text("id,category,purchase_date\nA1,Laptops,2022-09-01\n")
    (tmp_path / "policy.toml").write_text(f"[categories.laptop]\n{figure} = {value}\n")
    result = cli("plan", "inventory.csv", "--policies", "policy.toml", *AS_OF)
    assert result.code == 1
    assert f"categories.laptop.{figure}: {message}" in result.err


def test_a_purchase_on_the_calendars_last_day_is_a_data_issue(cli: Runner, case: Case) -> None:
    result = cli("plan", case("inventory-purchase-9999.csv"), *AS_OF, "-f", "json")
    assert result.code == 0
    (issue,) = json.loads(result.out)["issues"]
    assert issue["column"] == "purchase_date"


def test_a_due_date_beyond_the_calendar_is_not_planned_and_says_why(
    cli: Runner, tmp_path: Path
) -> None:
    (tmp_path / "late.csv").write_text("id,category,purchase_date\nA1,Laptops,9998-06-01\n")
    result = cli("plan", "late.csv", *AS_OF, "-f", "json")
    assert result.code == 0
    (unplanned,) = json.loads(result.out)["not_planned"]
    assert "beyond the calendar's last day (9999-12-31)" in unplanned["reason"]


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_an_as_of_the_calendar_cannot_plan_from_is_a_usage_error(
    cli: Runner, case: Case, as_of: str
) -> None:
    inventory = case("inventory-purchase-9999.csv")
    for argv in (
        ("plan", inventory),
        ("assess", case("future-review-date.toml"), "--inventory", inventory),
    ):
        result = cli(*argv, "--as-of", as_of)
        assert result.code == 2
        assert (
            f"argument --as-of: expected a date from 1900-01-01 to 9000-12-31, got {as_of}"
            in result.err
        )
