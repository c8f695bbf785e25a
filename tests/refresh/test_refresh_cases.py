"""Real exports that went wrong, each with its right result (the files are in data/cases).

Each file stands for a kind of fault, fixed for the kind (other tests and the properties cover
the kind); these pin the cases themselves, planned as ``ictrules plan FILE --as-of 2026-09-01``
(default policies, April budget years).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ictrules_refresh import (
    Funding,
    RefreshPlan,
    Status,
    default_policies,
    load_inventory,
    plan_refresh,
    render_plan,
)
from ictrules_refresh.errors import InventoryError

CASES = Path(__file__).parent / "data" / "cases"
AS_OF = dt.date(2026, 9, 1)
D = dt.date


def plan_of(name: str) -> RefreshPlan:
    return plan_refresh(load_inventory(CASES / name), default_policies(), as_of=AS_OF)


def rated(plan: RefreshPlan) -> dict[str, tuple[str, dt.date | None]]:
    return {r.asset.id: (r.rag.value, r.due) for r in plan.ratings}


def test_a_month_first_column_is_read_month_first_in_every_row() -> None:
    # 09/13/2021 proves the column month first; 09/06/2021 was read as 9 June and rated red.
    plan = plan_of("snipeit-month-first-dates.csv")
    assert [
        a.purchase_date for a in load_inventory(CASES / "snipeit-month-first-dates.csv").assets
    ] == [
        D(2021, 9, 13),
        D(2021, 9, 6),
        D(2022, 3, 1),
    ]
    assert rated(plan) == {
        "HA-0001": ("amber", D(2026, 9, 13)),
        "HA-0002": ("amber", D(2026, 9, 6)),
        "HA-0003": ("green", D(2028, 3, 1)),
    }
    assert plan.issues == ()


def test_snipe_it_custom_report_headers_are_recognised() -> None:
    inventory = load_inventory(CASES / "snipeit-custom-report-headers.csv")
    assert inventory.layout == "snipe-it"
    assert inventory.columns == {
        "id": "Asset Tag",
        "name": "Asset Name",
        "category": "Category",
        "model": "Model",
        "status": "Status",
        "purchase_date": "Purchased",
        "purchase_cost": "Cost",
        "location": "Location",
        "warranty_end": "Warranty Expires",
        "end_of_life": "EOL",
    }
    first, second = inventory.assets
    assert (first.purchase_cost, second.purchase_cost) == (599.0, 1020.5)
    assert (first.warranty_end, first.end_of_life) == (D(2024, 9, 6), D(2026, 9, 6))
    plan = plan_refresh(inventory, default_policies(), as_of=AS_OF)
    assert rated(plan) == {"HA-0001": ("amber", D(2026, 9, 6)), "HA-0003": ("red", D(2026, 7, 20))}


def test_a_decimal_comma_is_never_a_thousands_separator() -> None:
    inventory = load_inventory(CASES / "decimal-comma-cost.csv")
    assert [a.purchase_cost for a in inventory.assets] == [599.0, 599.0, 299.0]
    assert plan_refresh(inventory, default_policies(), as_of=AS_OF).coverage.value_share == 0.813


def test_rfc3339_timestamps_are_read_as_the_date_written() -> None:
    inventory = load_inventory(CASES / "rfc3339-timestamps.csv")
    assert [a.purchase_date for a in inventory.assets] == [D(2023, 9, 3), D(2021, 9, 6)]
    assert inventory.issues == ()
    plan = plan_refresh(inventory, default_policies(), as_of=AS_OF)
    # expected.md gives CB-001 due 2027-09-03 (its age), from before end-of-life dates drove
    # the plan; its auto-update expiry (2031-06-30) drives it now, green either way.
    assert rated(plan) == {
        "CB-001": ("green", D(2031, 6, 30)),
        "LT-001": ("amber", D(2026, 9, 6)),
    }


def test_month_precision_dates_are_the_months_last_day() -> None:
    inventory = load_inventory(CASES / "year-month-support-end.csv")
    assert [a.support_end for a in inventory.assets] == [D(2027, 6, 30), D(2033, 6, 30)]
    plan = plan_refresh(inventory, default_policies(), as_of=AS_OF)
    # CB-002: expected.md says due 2029-09-01 (its age); its auto-update expiry drives it now
    # (explicit end-of-life dates drive the plan): green either way.
    assert rated(plan) == {
        "CB-001": ("amber", D(2027, 6, 30)),
        "CB-002": ("green", D(2033, 6, 30)),
    }
    assert plan.ratings[0].reasons == (
        "vendor support ends 2027-06-30, within the 12-month amber window",
    )


def test_no_status_hint_names_the_opposite_state() -> None:
    inventory = load_inventory(CASES / "status-hint-opposite-meaning.csv")
    assert [a.status for a in inventory.assets] == [
        Status.IN_USE,  # Provisioned: Google Admin's enrolled device
        Status.RETIRED,  # Deprovisioned
        None,
        None,
        None,
    ]
    problems = [issue.problem for issue in inventory.issues]
    assert [issue.value for issue in inventory.issues] == ["Undeployable", "Inactive", "Reserved"]
    assert not any("did you mean" in problem for problem in problems)


def test_a_workbook_whose_first_sheet_is_a_summary_is_read_from_its_register() -> None:
    pytest.importorskip("openpyxl")
    inventory = load_inventory(CASES / "xlsx-first-sheet-is-summary.xlsx")
    assert [(a.id, a.category, a.purchase_date) for a in inventory.assets] == [
        ("0001", "laptop", D(2022, 1, 15)),
        ("0002", "desktop", D(2021, 8, 5)),
    ]
    assert inventory.notes == (
        "read the sheet 'Register': row 1 of 'Summary' is not a header the layouts can read "
        "(choose another sheet with sheet=NAME, --sheet NAME on the command line)",
    )


def test_a_named_sheet_without_a_header_says_so_and_lists_the_sheets() -> None:
    pytest.importorskip("openpyxl")

    path = CASES / "xlsx-first-sheet-is-summary.xlsx"
    with pytest.raises(InventoryError) as caught:
        load_inventory(path, sheet="Summary")
    assert str(caught.value.problems[0]) == "sheet 'Summary', row 1: no header row: row 1 is empty"
    with pytest.raises(InventoryError) as caught:
        load_inventory(path, sheet="Devices")
    assert str(caught.value.problems[0]) == (
        "no sheet named 'Devices'; the sheets are 'Summary', 'Register'"
    )
    assert len(load_inventory(path, sheet="Register").assets) == 2


def test_rows_holding_only_an_id_are_blank_and_reported_once() -> None:
    plan = plan_of("placeholder-id-only-rows.csv")
    assert (plan.coverage.planned_units, plan.coverage.units) == (2, 2)
    assert [(i.row, i.column, i.problem) for i in plan.issues] == [
        (
            4,
            "id",
            "4 rows hold only an id and nothing else (rows 4-7: '0003', '0004', '0005', "
            "'0006'): read as blank rows, not devices",
        )
    ]


def test_a_last_row_cut_short_is_planned_with_its_missing_values_empty_and_said() -> None:
    """The file ends part-way through its last row, after the purchase date: the row was
    planned with its cost, location, quantity and funding read as empty, and no data issue
    (a row with more cells than the header was one)."""
    plan = plan_of("csv-last-row-cut-short.csv")
    assert [(i.row, i.column, i.value, i.skipped, i.problem) for i in plan.issues] == [
        (
            3,
            "purchase_cost",
            "",
            False,
            "the row has 6 cells but the header has 12; the missing columns 'purchase_cost', "
            "'location', 'quantity', 'warranty_end', 'support_end' and 1 more were read as empty "
            "(was the row cut short? complete it; an empty value still needs its separator)",
        )
    ]
    assert rated(plan) == {"A1": ("red", D(2026, 1, 1)), "A2": ("red", D(2026, 1, 1))}
    cut = plan.ratings[1].asset
    assert (cut.purchase_date, cut.purchase_cost, cut.location, cut.quantity, cut.funding) == (
        D(2021, 1, 1),
        None,
        "",
        1,
        None,
    )
    assert (plan.coverage.planned_units, plan.coverage.data_issues) == (2, 1)
    assert "Data issues: 1" in render_plan(plan, "text")


def test_auto_update_expiry_and_lease_end_drive_the_plan() -> None:
    plan = plan_of("explicit-end-dates-aue-lease.csv")
    assert rated(plan) == {
        "CB-0001": ("green", D(2031, 6, 30)),
        "IPAD-0301": ("red", D(2026, 8, 31)),
    }
    first = plan.events[0]
    assert (first.asset.id, first.year, first.reason, first.funding) == (
        "IPAD-0301",
        0,  # 2026-27
        "red",
        Funding.LEASE,
    )
    assert "CB-0001" not in {event.asset.id for event in plan.events}
    assert plan.issues == ()  # lease_end is read, not ignored


def test_an_asset_of_unknown_age_with_a_known_support_end_is_rated_by_it() -> None:
    plan = plan_of("unknown-age-known-support-end.csv")
    (rating,) = plan.ratings
    assert (rating.rag.value, rating.due) == ("green", D(2031, 6, 30))
    assert rating.reasons == (
        "due 2031-06-30 (vendor support ends)",
        "no purchase date: age unknown",
    )
    assert plan.coverage.planned_rows == 1


def test_a_row_of_formulas_without_saved_values_is_a_device_with_one_issue_per_formula() -> None:
    """openpyxl writes a formula with an empty saved value (<v/>): the row was read as an
    id-only blank row and the device vanished."""
    pytest.importorskip("openpyxl")
    inventory = load_inventory(CASES / "xlsx-formulas-without-saved-values.xlsx")
    (asset,) = inventory.assets
    assert (asset.id, asset.category, asset.purchase_date, asset.purchase_cost) == (
        "F1",
        None,
        None,
        None,
    )
    assert [(i.row, i.column, i.value) for i in inventory.issues] == [
        (2, "category", '="Lap"&"top"'),
        (2, "purchase_date", "=DATE(2022,9,1)"),
        (2, "purchase_cost", "=100*5"),
    ]
    assert {i.problem for i in inventory.issues} == {
        "formula without a saved value: open and save the file in Excel (or LibreOffice) so "
        "that it stores the value; the value is treated as unknown"
    }
    plan = plan_refresh(inventory, default_policies(), as_of=AS_OF)
    assert (plan.coverage.units, plan.coverage.planned_units) == (1, 0)


def test_cells_sharing_a_formula_without_saved_values_are_formulas_too() -> None:
    """Excel stores a formula filled down as one shared formula: the cells after the first hold
    no text of their own, and were read as the text '=' ("cannot read '=' as an amount")."""
    pytest.importorskip("openpyxl")
    inventory = load_inventory(CASES / "xlsx-shared-formula-no-cache.xlsx")
    assert [(i.row, i.column, i.problem.split(":")[0]) for i in inventory.issues] == [
        (row, "purchase_cost", "formula without a saved value") for row in (2, 3, 4)
    ]
    assert [a.purchase_cost for a in inventory.assets] == [None, None, None]


def test_excel_text_forcing_cells_are_read_and_csv_formulas_are_named() -> None:
    """="00123" keeps a leading zero in Excel: the row was dropped over its quantity ="2" with
    no word about the wrapper. A formula (=1+1) has no value in a CSV file, and says so."""
    inventory = load_inventory(CASES / "csv-excel-text-forcing-cells.csv")
    first, third = inventory.assets
    assert (first.id, first.purchase_date, first.purchase_cost, first.quantity) == (
        "00123",
        D(2022, 9, 1),
        500.0,
        2,
    )
    assert (third.id, third.category) == ("A3", None)
    assert [(i.row, i.column, i.value, i.skipped) for i in inventory.issues] == [
        (3, "quantity", "=1+1", True),
        (3, "purchase_cost", "=100*5", False),
        (4, "category", '=HYPERLINK("x")', False),
    ]
    assert all(i.problem.startswith("formula without a saved value") for i in inventory.issues)


def test_numbers_where_dates_belong_are_named_as_numbers_and_shown_short() -> None:
    """Row 7 holds 1e300 in its date, cost and quantity cells: the date's message printed all
    301 digits of the float, where the cost's and quantity's were cut short."""
    pytest.importorskip("openpyxl")
    inventory = load_inventory(CASES / "xlsx-numbers-where-dates-belong.xlsx")
    row_7 = [(i.column, i.value, i.problem) for i in inventory.issues if i.row == 7]
    assert row_7 == [
        (
            "quantity",
            "1e+300",
            "quantity '1e+300' is over the limit of 1,000,000 devices in one row; row left out",
        ),
        ("purchase_date", "1e+300", "expected a date, got the number 1e+300"),
        (
            "purchase_cost",
            "1e+300",
            "cost '1e+300' is over the limit of 1,000,000,000 per unit; the cost is treated as "
            "unknown",
        ),
    ]
    serial = next(i for i in inventory.issues if i.row == 2)
    assert serial.problem.startswith("expected a date, got the number 44805; it looks like a")


def test_quantities_are_read_as_costs_are() -> None:
    """'1,000' was refused without saying why (Excel writes thousands separators) while '1e2'
    was taken as 100 and a cost of '1e3' refused: quantities and costs now share one reader.
    Here the quantity 2.5 shows that the column's decimal mark is the point."""
    inventory = load_inventory(CASES / "quantities-as-spreadsheets-write-them.csv")
    assert [(a.id, a.quantity) for a in inventory.assets] == [
        ("A3", 1000),  # 1,000
        ("A5", 2),  # 2.0
        ("A6", 3),  # ' 3 '
        ("A9", 100),  # 1e2
    ]
    assert [(i.row, i.value) for i in inventory.issues] == [
        (2, "2.5"),
        (3, "0"),
        (5, "99999999999999999999"),
        (8, "three"),
        (9, "-1"),
    ]
    assert all(i.skipped for i in inventory.issues)
    costs = load_inventory(CASES / "costs-as-spreadsheets-write-them.csv")
    assert [(a.id, a.purchase_cost) for a in costs.assets if a.purchase_cost is not None] == [
        ("A2", 1.23),
        ("A4", 12345678.9),
        ("A5", 1000.0),  # 1e3, as a quantity's 1e2 is 100
        ("A8", 0.0),
    ]


def test_a_quantity_nothing_in_the_file_settles_says_why_and_what_to_write(
    tmp_path: Path,
) -> None:
    (tmp_path / "trolley.csv").write_text(
        'id,category,purchase_date,quantity\nT1,Chromebook,2023-09-01,"1,000"\n'
    )
    (issue,) = load_inventory(tmp_path / "trolley.csv").issues
    assert (issue.row, issue.column, issue.skipped) == (2, "quantity", True)
    assert issue.problem == (
        "quantity '1,000' is 1000 if ',' separates thousands, or 1 if it is the decimal mark, "
        "and no other number in the file says which; write 1000 (or 1) without the separator; "
        "row left out"
    )
    (tmp_path / "trolley.csv").write_text(
        "id,category,purchase_date,purchase_cost,quantity\n"
        'T1,Chromebook,2023-09-01,"1,249.00","1,000"\n'
    )
    (asset,) = load_inventory(tmp_path / "trolley.csv").assets
    assert (asset.quantity, asset.purchase_cost) == (1000, 1249.0)


def test_a_title_above_the_header_is_named_with_the_row_that_is_the_header(
    tmp_path: Path,
) -> None:
    """A merged title row above the header gave a 700-character list of every layout, and no
    word that row 2 was the header."""
    pytest.importorskip("openpyxl")
    with pytest.raises(InventoryError) as caught:
        load_inventory(CASES / "xlsx-title-row-above-the-header.xlsx")
    assert [str(problem) for problem in caught.value.problems] == [
        "sheet 'Sheet', row 1: row 1 is not the header, but row 2 is (columns 'id', 'category', "
        "'purchase_date', 'purchase_cost', 'quantity'): a title above the header? (delete row 1 "
        "so that the header is row 1, then read the file again)"
    ]
    (tmp_path / "register.csv").write_text(
        "Hillside asset register\nKept by the office,,\n,,\nTag,Type,Bought\nA1,Laptop,2022-09-01\n"
    )
    mapping = {"id": "Tag", "category": "Type", "purchase_date": "Bought"}
    with pytest.raises(InventoryError) as caught:
        load_inventory(tmp_path / "register.csv", mapping=mapping)
    (problem,) = caught.value.problems
    assert problem.message.startswith("row 1 is not the header, but row 4 is (columns 'Tag',")
    assert (
        problem.suggestion
        == "delete rows 1-3 so that the header is row 1, then read the file again"
    )


def test_a_register_split_across_sheets_is_read_whole() -> None:
    """Laptops and Desktops on their own sheets: only the first usable sheet was read, and the
    red 2015 desktop on the other was dropped without a word."""
    pytest.importorskip("openpyxl")
    inventory = load_inventory(CASES / "xlsx-register-split-across-sheets.xlsx")
    assert [(a.sheet, a.row, a.id) for a in inventory.assets] == [
        ("Laptops", 2, "L1"),
        ("Desktops", 2, "D1"),
    ]
    assert inventory.sheets == ("Laptops", "Desktops")
    assert inventory.notes == (
        "read the sheets 'Laptops', 'Desktops' as one inventory: row 1 of 'Empty' is not a "
        "header the layouts can read (choose one sheet with sheet=NAME, --sheet NAME on the "
        "command line)",
    )
    assert rated(plan_refresh(inventory, default_policies(), as_of=AS_OF)) == {
        "L1": ("amber", D(2027, 9, 1)),
        "D1": ("red", D(2021, 9, 1)),
    }
    desktops = load_inventory(CASES / "xlsx-register-split-across-sheets.xlsx", sheet="Desktops")
    assert [(a.sheet, a.id) for a in desktops.assets] == [("", "D1")]
    assert desktops.notes == ()


def test_sheets_that_list_the_same_devices_are_not_read_as_one(tmp_path: Path) -> None:
    """An 'All devices' sheet beside one per kind lists each device twice: read as one
    inventory every such device would be planned and costed twice, so the workbook is refused,
    naming the sheets, and one sheet is read when asked for."""
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    every = workbook.active
    every.title = "All devices"
    rows = [["id", "category", "purchase_date"], ["L1", "Laptop", D(2021, 9, 1)]]
    for row in [*rows, ["L2", "Laptop", D(2021, 9, 1)], ["D1", "Desktop", D(2018, 9, 1)]]:
        every.append(row)
    laptops = workbook.create_sheet("Laptops")
    for row in [*rows, ["L2", "Laptop", D(2021, 9, 1)]]:
        laptops.append(row)
    workbook.save(tmp_path / "register.xlsx")
    with pytest.raises(InventoryError) as caught:
        load_inventory(tmp_path / "register.xlsx")
    assert [str(problem) for problem in caught.value.problems] == [
        "every device on the sheet 'Laptops' is on the sheet 'All devices' too (the same id, "
        "category and purchase date): read as one inventory, those 2 would be planned twice "
        "(read one sheet with --sheet NAME (sheet=NAME in Python), or list each device on one "
        "sheet only)"
    ]
    every_one = load_inventory(tmp_path / "register.xlsx", sheet="All devices")
    assert [a.id for a in every_one.assets] == ["L1", "L2", "D1"]
    # sheets each numbered from 1 hold other devices under the same ids: read, each reuse said
    numbered = openpyxl.Workbook()
    for title, category in (("Laptops", "Laptop"), ("iPads", "iPad")):
        sheet = numbered.create_sheet(title)
        for row in (["id", "category", "purchase_date"], [1, category, D(2022, 9, 1)]):
            sheet.append(row)
        sheet.append([2, category, D(2023, 9, 1)])
    del numbered["Sheet"]
    numbered.save(tmp_path / "numbered.xlsx")
    both = load_inventory(tmp_path / "numbered.xlsx")
    assert [(a.sheet, a.id, a.category) for a in both.assets] == [
        ("Laptops", "1", "laptop"),
        ("Laptops", "2", "laptop"),
        ("iPads", "1", "tablet"),
        ("iPads", "2", "tablet"),
    ]
    assert [str(issue) for issue in both.issues] == [
        "sheet 'iPads', row 2, column 'id': asset id '1' is also used on sheet 'Laptops', row 2",
        "sheet 'iPads', row 3, column 'id': asset id '2' is also used on sheet 'Laptops', row 3",
    ]


def test_each_row_of_a_register_on_several_sheets_names_its_sheet(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    laptops = workbook.active
    laptops.title = "Laptops"
    for row in (
        ["id", "category", "purchase_date", "quantity"],
        ["L1", "Laptop", D(2022, 9, 1), 10],
    ):
        laptops.append(row)
    laptops.append(["L2", "Laptop", D(2022, 9, 1), 0])
    desktops = workbook.create_sheet("Desktops")
    desktops.append(["id", "category", "purchase_date", "quantity"])
    desktops.append(["L1", "Desktop", D(2016, 9, 1), 1])  # a laptop's id, on another device
    desktops.append(["D2", "Desktop", D(2016, 9, 1), 0])
    desktops.append([None, "Desktop", D(2017, 9, 1), 1])
    workbook.save(tmp_path / "register.xlsx")
    inventory = load_inventory(tmp_path / "register.xlsx")
    assert [str(issue) for issue in inventory.issues] == [
        "sheet 'Laptops', row 3, column 'quantity': quantity must be a whole number of 1 or "
        "more, got '0'; row left out",
        "sheet 'Desktops', row 2, column 'id': asset id 'L1' is also used on sheet 'Laptops', "
        "row 2",
        "sheet 'Desktops', row 3, column 'quantity': quantity must be a whole number of 1 or "
        "more, got '0'; row left out",
    ]
    assert inventory.skipped_rows == (3, 3)  # row 3 of each sheet
    assert [(a.sheet, a.id) for a in inventory.assets] == [
        ("Laptops", "L1"),
        ("Desktops", "L1"),
        ("Desktops", "Desktops row 4"),
    ]
    plan = plan_refresh(inventory, default_policies(), as_of=AS_OF)
    assert plan.coverage.skipped_rows == 2
    text = render_plan(plan, "text")
    assert "\nDesktops, row 2  id        L1     asset id " in text
    assert "\nLaptops, row 3   quantity  0      quantity must" in text
    data = json.loads(plan.to_json())
    assert [(i["sheet"], i["row"]) for i in data["issues"]] == [
        ("Laptops", 3),
        ("Desktops", 2),
        ("Desktops", 3),
    ]
    assert (
        "sheet"
        not in json.loads(plan_of("rfc3339-timestamps.csv").to_json())["ratings"][0]["asset"]
    )
