"""Exports as schools' tools write them: presets, encodings, separators and column readers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ictrules import Engine, PluginError, hookimpl
from ictrules.tables.dates import read_date, read_date_column
from ictrules_refresh import Status, load_inventory
from ictrules_refresh._money import money_of
from ictrules_refresh._numbers import read_number_column
from ictrules_refresh.errors import InventoryError
from ictrules_refresh.layouts import resolve_layouts

D = dt.date


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- presets -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "row", "layout"),
    [
        (
            "Serial Number,Status,Asset ID,Location,Model,Auto Update Expiration",
            "NXAB1,Provisioned,,Year 5,Acer Chromebook 311,Jun 2027",
            "google-admin",
        ),
        (
            "serialNumber,status,annotatedAssetId,model,autoUpdateThrough",
            "NXAB1,ACTIVE,,Acer Chromebook 311,2027-06-30T00:00:00Z",
            "google-admin",
        ),
        (
            "Device ID,Device name,Enrollment date,Serial number,Model,Category,OS",
            "f3a1,STAFF-01,2021-09-06 10:14:33.0000000,5CG1,HP ProBook 450 G8,,Windows",
            "intune",
        ),
        (
            "Computer Name,Serial Number,Model,Asset Tag,Building,PO Date,Purchase Price,"
            "Warranty Expiration,Lease Expiration",
            "STAFF-MBA,C02X,MacBook Air (M1 2020),HA-9,Main,2021-09-06,£999.00,2024-09-06,",
            "jamf-computers",
        ),
        (
            "Mobile Device Name,Serial Number,Model,Asset Tag,Building,PO Date,Purchase Price,"
            "Warranty Expiration,Lease Expiration",
            "EYFS-1,DMPX,iPad (9th generation),,Infants,2021-09-06,319,2022-09-06,2026-08-31",
            "jamf-mobile-devices",
        ),
        (
            "Name;Entity;Status;Serial number;Type;Model;Location;Inventory number;"
            "Date of purchase;Value;Warranty expiration date;Decommission date",
            "STAFF-01;Hillside;In use;5CG1;Laptop;ProBook 450;Staff room;HA-0001;06-09-2021;"
            "599,00;2024-09-06;",
            "glpi",
        ),
    ],
)
def test_each_preset_is_detected_and_read(
    tmp_path: Path, header: str, row: str, layout: str
) -> None:
    inventory = load_inventory(write(tmp_path, f"{header}\n{row}\n"))
    assert inventory.layout == layout
    (asset,) = inventory.assets
    assert asset.category is not None, inventory.issues
    assert asset.id
    assert not asset.id.startswith("row ")
    dated = asset.purchase_date or asset.support_end or asset.lease_end
    assert dated is not None, inventory.issues


def test_google_admin_devices_are_chromebooks_rated_by_their_auto_update_expiry(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "Serial Number,Status,Asset ID,Location,Model,Auto Update Expiration\n"
        "NXAB1,Provisioned,,Year 5,Acer Chromebook 311,Jun 2027\n"
        "NXAB2,Deprovisioned,CB-2,Year 5,Acer Chromebook 311,Jun 2027\n",
    )
    first, second = load_inventory(path).assets
    assert (first.id, first.category, first.category_text) == ("NXAB1", "chromebook", "Chromebook")
    assert (first.status, first.support_end) == (Status.IN_USE, D(2027, 6, 30))
    assert (second.id, second.status) == ("CB-2", Status.RETIRED)  # the asset id when given


def test_intune_reads_the_category_from_the_model_and_says_what_stands_for_the_purchase_date(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "Device name,Enrollment date,Serial number,Model,Category\n"
        "IPAD-1,9/6/2023 10:14:33 AM,DMP1,iPad (9th generation),\n"
        "PC-1,9/13/2021 9:00:00 AM,CZC1,OptiPlex 7010,\n"
        "VM-1,9/13/2021 9:00:00 AM,VM1,Virtual Machine,\n",
    )
    inventory = load_inventory(path)
    assert [(a.category, a.purchase_date) for a in inventory.assets] == [
        ("tablet", D(2023, 9, 6)),  # 9/13/2021 in the column proves it month first
        ("desktop", D(2021, 9, 13)),
        (None, D(2021, 9, 13)),
    ]
    assert [(i.row, i.problem) for i in inventory.issues] == [
        (4, "no category given; the asset cannot be planned")
    ]
    assert inventory.notes[0].startswith("purchase dates are read from Intune's enrollment date")


def test_a_missing_required_column_says_how_to_add_it_to_the_export(tmp_path: Path) -> None:
    path = write(tmp_path, "Name;Entity;Type;Serial number\nPC;Hillside;Laptop;X\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path, layout="glpi")
    assert str(caught.value.problems[0]) == (
        "row 1: no 'Date of purchase' or 'Purchase date' column for the asset purchase_date, "
        "nor an end-of-life date column ('Decommission date') (glpi layout) (add the column "
        "Date of purchase (Financial and administrative information) to the list's view in "
        "GLPI before exporting it)"
    )


def test_snipe_it_status_types_in_brackets(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Asset Tag,Category,Purchased,Status\n"
        "A,Laptop,2024-01-01,Ready to Deploy (deployable)\n"
        "B,Laptop,2024-01-01,Old kit (archived)\n"
        "C,Laptop,2024-01-01,Out for Repair (undeployable)\n",
    )
    statuses = [a.status for a in load_inventory(path).assets]
    assert statuses == [Status.SPARE, Status.RETIRED, Status.IN_REPAIR]


def test_a_date_format_goes_with_a_preset_layout(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Asset Tag,Category,Purchase Date\nA,Laptop,03/04/2022\nB,Laptop,01/02/2023\n",
    )
    day_first = load_inventory(path)
    assert [a.purchase_date for a in day_first.assets] == [D(2022, 4, 3), D(2023, 2, 1)]
    assert [i.value for i in day_first.issues] == ["03/04/2022"]  # said once, never silent
    month_first = load_inventory(path, date_format="%m/%d/%Y")
    assert month_first.layout == "snipe-it"
    assert [a.purchase_date for a in month_first.assets] == [D(2022, 3, 4), D(2023, 1, 2)]
    assert month_first.issues == ()
    with pytest.raises(InventoryError, match="expected a strptime format"):
        load_inventory(path, date_format="MM/DD/YYYY")


def test_another_date_column_settles_the_order(tmp_path: Path) -> None:
    # An export writes all its dates alike: the warranty column proves month first.
    path = write(
        tmp_path,
        "Asset Tag,Category,Purchase Date,Warranty Expires\nA,Laptop,03/04/2022,03/14/2025\n",
    )
    inventory = load_inventory(path)
    assert inventory.assets[0].purchase_date == D(2022, 3, 4)
    assert inventory.issues == ()


def test_placeholder_dates_are_reported_not_taken_as_ages(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id,category,purchase_date,support_end\nA,Laptop,1900-01-01,0000-00-00\nB,Laptop,,\n",
    )
    inventory = load_inventory(path)
    assert inventory.assets[0].purchase_date is None
    assert inventory.assets[0].support_end is None
    assert [(i.row, i.column) for i in inventory.issues] == [
        (2, "purchase_date"),
        (2, "support_end"),
    ]
    assert "placeholder date" in inventory.issues[0].problem


def test_costs_in_another_currency_are_reported_by_the_plan(tmp_path: Path) -> None:
    from ictrules_refresh import default_policies, plan_refresh

    path = write(
        tmp_path,
        "id,category,purchase_date,purchase_cost\nP,Printer,2023-01-01,€329\n"
        'S,Screen,2023-01-01,"$2,800"\n',
    )
    plan = plan_refresh(load_inventory(path), default_policies(), as_of=D(2026, 9, 1))
    currency = [i for i in plan.issues if i.column == "purchase_cost"]
    assert [(i.row, i.value) for i in currency] == [(2, "EUR 329.00"), (3, "USD 2,800.00")]
    assert plan.coverage.value_share == 0.0


# --- files: encodings, line ends, separators -------------------------------------------------------


def test_a_windows_1252_csv_is_read_and_said_to_be(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "id,category,purchase_date,purchase_cost\r\nA,Laptop,2022-01-01,£599.00\r\n".encode(
            "cp1252"
        )
    )
    inventory = load_inventory(path)
    assert inventory.assets[0].purchase_cost == 599.0
    assert inventory.assets[0].cost_currency == "GBP"
    assert inventory.notes[0].startswith(
        "the file is not UTF-8: it was read as Windows-1252, the encoding of Excel's plain 'CSV' "
        "on Windows (line 2 has '£')"
    )


def test_an_encoding_error_names_the_real_line_with_cr_only_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "old-mac.csv"
    path.write_bytes(b"id,category,purchase_date\rA,Laptop,2022-01-01\rB,Caf\x81,2022-01-01\r")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value.problems[0]).startswith(
        "line 3: the file is not UTF-8 text (byte 0x81)"
    )


def test_cr_only_line_ends_are_rows(tmp_path: Path) -> None:
    path = tmp_path / "old-mac.csv"
    path.write_bytes(b"id,category,purchase_date\rA,Laptop,2022-01-01\rB,Desktop,2021-01-01\r")
    assert [(a.id, a.row) for a in load_inventory(path).assets] == [("A", 2), ("B", 3)]


def test_excel_sep_line_gives_the_separator_and_is_not_a_row(tmp_path: Path) -> None:
    path = write(
        tmp_path, "sep=;\nid;category;purchase_date;purchase_cost\nA;Laptop;2022-01-01;1,5\n"
    )
    (asset,) = load_inventory(path).assets
    assert (asset.id, asset.row, asset.purchase_cost) == ("A", 2, 1.5)


def test_a_tsv_is_always_tab_separated(tmp_path: Path) -> None:
    # the header holds more commas than tabs, which once chose the comma
    path = write(
        tmp_path,
        "id\tcategory\tpurchase_date\tname\nA\tLaptop\t2022-01-01\tStaff, Head, Deputy\n",
        "export.tsv",
    )
    (asset,) = load_inventory(path).assets
    assert (asset.id, asset.name) == ("A", "Staff, Head, Deputy")


def test_sheet_applies_to_workbooks_only(tmp_path: Path) -> None:
    path = write(tmp_path, "id,category,purchase_date\nA,Laptop,2022-01-01\n")
    with pytest.raises(InventoryError, match=r"sheet='Register' applies to \.xlsx workbooks"):
        load_inventory(path, sheet="Register")


# --- an authority's own layout -------------------------------------------------------------------


class _County:
    @hookimpl
    def ictrules_refresh_layouts(self) -> list[object]:
        return [
            {
                "name": "county-register",
                "export": "the county's asset register",
                "columns": {"id": "Tag", "category": "Kind", "purchase_date": "Bought"},
                "detect": [["Tag", "Kind", "Bought"]],
                "statuses": {"In class": "in_use"},
            }
        ]


def test_an_authority_adds_a_layout_through_the_hook(tmp_path: Path) -> None:
    import ictrules_refresh

    layouts = resolve_layouts(Engine([ictrules_refresh.plugin, ("county", _County())]))
    assert list(layouts)[-1] == "county-register"
    path = write(tmp_path, "Tag,Kind,Bought\nX1,iPad,2023-02-01\n")
    inventory = load_inventory(path, layouts=layouts)
    assert inventory.layout == "county-register"
    assert inventory.assets[0].category == "tablet"
    assert load_inventory(path, layout="county-register", layouts=layouts).assets


def test_a_bad_layout_from_a_plugin_is_a_plugin_error_naming_it() -> None:
    import ictrules_refresh

    class Bad:
        @hookimpl
        def ictrules_refresh_layouts(self) -> list[object]:
            return [{"name": "snipe-it", "columns": {"id": "Tag"}, "detect": [["Tag"]]}]

    with pytest.raises(PluginError, match="a layout named 'snipe-it' already exists"):
        resolve_layouts(Engine([ictrules_refresh.plugin, ("bad", Bad())]))

    class Worse:
        @hookimpl
        def ictrules_refresh_layouts(self) -> list[object]:
            return [{"name": "x", "columns": {"colour": "C"}, "detect": "C"}]

    with pytest.raises(PluginError) as caught:
        resolve_layouts(Engine([ictrules_refresh.plugin, ("worse", Worse())]))
    assert "columns.colour: unknown asset field" in str(caught.value)
    assert "detect: expected a list of header lists" in str(caught.value)


# --- column readers ------------------------------------------------------------------------------


def test_a_column_with_both_orders_reports_what_it_cannot_settle() -> None:
    column = read_date_column(["13/09/2021", "09/13/2021", "03/04/2022", "05/05/2022"])
    assert column.readings["13/09/2021"] == (D(2021, 9, 13), None)
    assert column.readings["09/13/2021"] == (D(2021, 9, 13), None)
    assert column.readings["05/05/2022"] == (D(2022, 5, 5), None)  # the same either way
    date, problem = column.readings["03/04/2022"]
    assert date is None
    assert problem == (
        "'03/04/2022' could be day first or month first: this column has both day-first "
        "('13/09/2021') and month-first ('09/13/2021') dates; write it as YYYY-MM-DD"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon Sep 13, 2021", D(2021, 9, 13)),  # Snipe-IT 'D M d, Y'
        ("Sep 13, 2021", D(2021, 9, 13)),  # 'M j, Y'
        ("13 Sep, 2021", D(2021, 9, 13)),  # 'd M, Y'
        ("2021.09.13.", D(2021, 9, 13)),  # 'Y.m.d.'
        ("9/13/21", D(2021, 9, 13)),  # 'n/d/y'
        ("13.09.2021", D(2021, 9, 13)),  # 'd.m.Y'
        ("2023-09-03T10:14:33.000Z", D(2023, 9, 3)),
        ("2021-09-06T23:14:43.797191-05:00", D(2021, 9, 6)),  # the date as written
        ("2021-09-06 09:14:43 +0100", D(2021, 9, 6)),
        ("2023-09-03 at 10:14 AM", D(2023, 9, 3)),
        ("2027-06", D(2027, 6, 30)),
        ("June 2027", D(2027, 6, 30)),
        ("Feb 2028", D(2028, 2, 29)),
        ("06/2027", D(2027, 6, 30)),
        ("1719792000000", D(2024, 7, 1)),  # milliseconds, Google's autoUpdateExpiration
    ],
)
def test_date_forms_real_tools_write(text: str, expected: dt.date) -> None:
    assert read_date(text) == (expected, None)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["599,00"], [599.0]),
        (["1.234,56", "1\u00a0234,56", "1 234,56", "1,234.56", "1'234.56"], [1234.56] * 5),
        (["1,234", "5.00"], [1234.0, 5.0]),  # the column's decimal point settles 1,234
        (["1.234", "5,00"], [1234.0, 5.0]),  # and its decimal comma 1.234
        (["£1,234"], [1234.0]),  # pounds are written with a decimal point
    ],
)
def test_amounts_in_any_locale(values: list[str], expected: list[float]) -> None:
    column = read_number_column(values)
    assert [money_of(column.readings[v]).amount for v in values] == expected


def test_an_amount_the_column_cannot_settle_is_reported() -> None:
    reading = money_of(read_number_column(["1,234"]).readings["1,234"])
    assert reading.amount is None
    assert reading.problem == (
        "cannot tell whether '1,234' means 1,234 or 1.234 (no other number in the file says "
        "which); write the amount with its pence, such as 1234.00"
    )
