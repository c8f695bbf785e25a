"""Loading inventories: layouts, formats, unreadable files and every data-quality path."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ictrules_refresh import (
    CategoryTable,
    DataIssue,
    Funding,
    Status,
    load_inventory,
)
from ictrules_refresh.errors import InventoryError

DATA = Path(__file__).parent / "data"
HEADER = "id,name,category,model,status,purchase_date,purchase_cost,location,quantity,funding\n"


def write(tmp_path: Path, text: str, name: str = "inventory.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def issues_of(path: Path, **kwargs: object) -> list[tuple[int, str, str]]:
    inventory = load_inventory(path, **kwargs)  # type: ignore[arg-type]
    return [(issue.row, issue.column, issue.problem) for issue in inventory.issues]


# --- layouts -----------------------------------------------------------------------------------


def test_generic_csv_reads_every_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id,name,category,model,status,purchase_date,purchase_cost,location,quantity,"
        "warranty_end,support_end,funding\n"
        "CB-1,Year 5 trolley,Chromebooks,Acer 311,Deployed,2021-09-01,£265.00,Year 5,30,"
        "2024-09-01,2029-06-30,lease\n",
    )
    inventory = load_inventory(path)
    assert inventory.layout == "generic"
    assert inventory.source == str(path)
    assert inventory.issues == ()
    (asset,) = inventory.assets
    assert asset.id == "CB-1"
    assert asset.category == "chromebook"
    assert asset.category_text == "Chromebooks"
    assert asset.status is Status.IN_USE
    assert asset.purchase_date == dt.date(2021, 9, 1)
    assert asset.purchase_cost == 265.0
    assert asset.quantity == 30
    assert asset.warranty_end == dt.date(2024, 9, 1)
    assert asset.support_end == dt.date(2029, 6, 30)
    assert asset.funding is Funding.LEASE
    assert asset.row == 2
    assert inventory.units == 30


def test_snipe_it_export_is_detected_and_read() -> None:
    inventory = load_inventory(DATA / "snipeit-assets.csv")
    assert inventory.layout == "snipe-it"
    # "Networking" could be a switch, a router or a firewall: reported, never guessed; and
    # 01/09/2021 could be 1 September or 9 January: no date in the file settles it, so it is
    # read day first and reported once for each column
    assert [(i.row, i.column, i.value) for i in inventory.issues] == [
        (6, "Category", "Networking"),
        (8, "Purchase Date", "01/09/2021"),
        (8, "Warranty Expires", "01/09/2022"),
    ]
    assert inventory.issues[1].problem == (
        "dates such as '01/09/2021' could be day first (1 September 2021) or month first "
        "(9 January 2021) and no date in the column settles it: they are read day first; if the "
        "column is month first, give the date format %m/%d/%Y (an inventory: --date-format; a "
        "survey: date_format in its mapping)"
    )
    ids = [asset.id for asset in inventory.assets]
    assert ids == [f"HA-000{n}" for n in range(1, 8)]
    categories = [asset.category for asset in inventory.assets]
    assert categories == [
        "laptop",
        "laptop",
        "desktop",
        "interactive_display",
        None,
        "projector",
        "chromebook",
    ]
    statuses = [asset.status for asset in inventory.assets]
    assert statuses == [
        Status.IN_USE,
        Status.SPARE,
        Status.IN_USE,
        Status.BROKEN,
        Status.IN_USE,
        Status.RETIRED,
        Status.IN_REPAIR,
    ]
    assert inventory.assets[0].name == "STAFF-LT-01"
    assert inventory.assets[2].purchase_cost == 1020.5
    assert inventory.assets[6].purchase_date == dt.date(2021, 9, 1)  # day first
    assert inventory.assets[0].warranty_end == dt.date(2024, 9, 6)


def test_explicit_layout_overrides_detection() -> None:
    inventory = load_inventory(DATA / "snipeit-assets.csv", layout="generic")
    assert inventory.layout == "generic"
    assert inventory.assets[0].id == "101"  # the generic layout reads the "ID" column


def test_missing_required_column_suggests_the_closest_header(tmp_path: Path) -> None:
    path = write(tmp_path, "id,category,purchase dat\nA,Laptop,2022-01-01\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path, layout="generic")
    assert str(caught.value) == (
        f"1 problem in {path}:\n"
        "  row 1: no 'purchase_date' column for the asset purchase_date, nor an end-of-life "
        "date column ('support_end', 'lease_end', 'end_of_life') (generic layout) (did you mean "
        "'purchase dat'?)"
    )


def test_user_mapping_as_dict_and_as_file(tmp_path: Path) -> None:
    path = write(tmp_path, "Tag,Type,Bought,Where\nX1,iPad,03/15/2022,Library\n")
    mapping = {
        "id": "Tag",
        "category": "Type",
        "purchase_date": "Bought",
        "location": "Where",
        "date_format": "%m/%d/%Y",
    }
    from_dict = load_inventory(path, mapping=mapping)
    mapping_file = tmp_path / "mapping.toml"
    mapping_file.write_text(
        '[columns]\nid = "Tag"\ncategory = "Type"\npurchase_date = "Bought"\n'
        'location = "Where"\ndate_format = "%m/%d/%Y"\n',
        encoding="utf-8",
    )
    from_file = load_inventory(path, mapping=mapping_file)
    for inventory in (from_dict, from_file):
        (asset,) = inventory.assets
        assert (asset.id, asset.category, asset.location) == ("X1", "tablet", "Library")
        assert asset.purchase_date == dt.date(2022, 3, 15)
    assert from_dict.layout == "column mapping"
    assert from_file.layout == f"column mapping {mapping_file}"


def test_a_mapping_naming_a_missing_column_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "Tag,Type,Bought\nX1,iPad,2022-03-15\n")
    mapping = {"category": "Type", "purchase_date": "Bought", "location": "Room"}
    with pytest.raises(InventoryError) as caught:
        load_inventory(path, mapping=mapping)
    assert [str(p) for p in caught.value.problems] == [
        "row 1: no 'Room' column for the asset location (column mapping)"
    ]


def test_a_misspelt_column_is_reported_not_ignored(tmp_path: Path) -> None:
    path = write(
        tmp_path, "id,category,purchase_date,purchase_cots,Serial\nA,Laptop,2022-01-01,600,X\n"
    )
    inventory = load_inventory(path)
    assert [(i.row, i.column, i.problem) for i in inventory.issues] == [
        (
            1,
            "purchase_cots",
            "column 'purchase_cots' is not read: did you mean 'purchase_cost' (the asset "
            "purchase_cost)?",
        )
    ]
    assert inventory.assets[0].purchase_cost is None


def test_a_column_holding_a_field_name_is_reported_not_ignored(tmp_path: Path) -> None:
    # "Asset ID" once went unread without a word, so every asset was called "row N".
    path = write(tmp_path, "Asset ID,category,purchase_date,Notes\nA1,Laptop,2022-01-01,x\n")
    inventory = load_inventory(path)
    assert [(i.row, i.column, i.problem) for i in inventory.issues] == [
        (1, "Asset ID", "column 'Asset ID' is not read: did you mean 'id' (the asset id)?")
    ]
    assert inventory.assets[0].id == "row 2"


def test_a_quantity_column_the_snipe_it_layout_cannot_read_is_reported(tmp_path: Path) -> None:
    # The Snipe-IT layout has no quantity: a row of 30 Chromebooks silently counted as one.
    path = write(
        tmp_path,
        "Asset Tag,Category,Purchase Date,Quantity\nCB-1,Chromebook,2022-09-01,30\n",
    )
    inventory = load_inventory(path, layout="snipe-it")
    assert [(i.row, i.column, i.problem) for i in inventory.issues] == [
        (
            1,
            "Quantity",
            "column 'Quantity' is not read: the snipe-it layout has no column for the asset "
            "quantity; give a column mapping to read it",
        )
    ]
    assert inventory.assets[0].quantity == 1


def test_a_column_a_mapping_leaves_out_is_reported_with_the_line_to_add(tmp_path: Path) -> None:
    path = write(tmp_path, "Tag,Type,Bought,Location\nX1,iPad,2022-03-15,Library\n")
    inventory = load_inventory(
        path, mapping={"id": "Tag", "category": "Type", "purchase_date": "Bought"}
    )
    assert [(i.row, i.column, i.problem) for i in inventory.issues] == [
        (
            1,
            "Location",
            "column 'Location' is not read: the column mapping names no column for the asset "
            'location; add location = "Location" to it to read the column',
        )
    ]


def test_bad_mapping_names_each_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "Tag,Type\nX1,iPad\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path, mapping={"id": "Tag", "categroy": "Type", "location": 3})
    assert [str(p) for p in caught.value.problems] == [
        "categroy: unknown asset field (did you mean 'category'?)",
        "location: expected a column header, got 3",
        "category: the column mapping must name a column for this field",
        "purchase_date: the column mapping must name a column for this field (or for an "
        "end-of-life date: support_end, lease_end or end_of_life)",
    ]


def test_undetectable_header_says_what_to_do(tmp_path: Path) -> None:
    path = write(tmp_path, "Tag,Type\nX1,iPad\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value.problems[0]) == (
        "row 1: cannot tell the column layout from the header (columns: 'Tag', 'Type'); the "
        "layouts and the columns that identify them: generic (category, purchase date); "
        "snipe-it (asset tag, category, purchase date); google-admin (auto update expiration, "
        "serial number); intune (device name, enrollment date, serial number); jamf-computers "
        "(computer name, po date, serial number); jamf-mobile-devices (mobile device name, po "
        "date, serial number); glpi (date of purchase, inventory number, type) (pass layout= "
        "one of generic, snipe-it, google-admin, intune, jamf-computers, jamf-mobile-devices, "
        "glpi, or a column mapping (on the command line: --layout or --mapping FILE))"
    )


def test_unknown_layout_name(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER)
    with pytest.raises(
        InventoryError,
        match=r"unknown layout 'snipeit'; use auto, generic, snipe-it, google-admin, intune",
    ):
        load_inventory(path, layout="snipeit")


def test_semicolon_csv_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffid;category;purchase_date\nA;Laptop;01.09.2022\n".encode())
    (asset,) = load_inventory(path).assets
    assert (asset.id, asset.category, asset.purchase_date) == ("A", "laptop", dt.date(2022, 9, 1))


# --- other formats -----------------------------------------------------------------------------


def test_json_and_toml_records(tmp_path: Path) -> None:
    records = [
        {"id": "S1", "category": "Server", "purchase_date": "2020-01-01", "quantity": 1},
        {"id": "AP", "category": "Access Points", "purchase_date": "2021-08-09", "quantity": 6},
    ]
    json_path = write(tmp_path, json.dumps({"assets": records}), "inventory.json")
    toml_path = write(
        tmp_path,
        '[[assets]]\nid = "S1"\ncategory = "Server"\npurchase_date = 2020-01-01\n\n'
        '[[assets]]\nid = "AP"\ncategory = "Access Points"\npurchase_date = 2021-08-09\n'
        "quantity = 6\n",
        "inventory.toml",
    )
    for path in (json_path, toml_path):
        inventory = load_inventory(path)
        assert [(a.id, a.category, a.quantity) for a in inventory.assets] == [
            ("S1", "server", 1),
            ("AP", "wireless_access_point", 6),
        ]
        assert inventory.assets[1].row == 2
        assert inventory.assets[1].purchase_date == dt.date(2021, 8, 9)


def test_unknown_record_field_is_reported_not_ignored_silently(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        json.dumps(
            [
                {"category": "Laptop", "purchase_date": "2022-01-01"},
                {"category": "Laptop", "purchase_date": "2022-01-01", "colour": "red"},
            ]
        ),
        "inventory.json",
    )
    assert issues_of(path) == [
        (2, "colour", "field 'colour' is not an asset field and was ignored")
    ]


NESTED = {
    "json": (
        '[{"id": {"a": 1}, "category": ["Laptop"], "purchase_date": "2022-01-01",'
        ' "location": {"room": 5}, "quantity": 2}]'
    ),
    "toml": (
        '[[assets]]\nid = {a = 1}\ncategory = ["Laptop"]\npurchase_date = 2022-01-01\n'
        "location = {room = 5}\nquantity = 2\n"
    ),
    "yaml": (
        "- id: {a: 1}\n  category: [Laptop]\n  purchase_date: 2022-01-01\n"
        "  location: {room: 5}\n  quantity: 2\n"
    ),
}


@pytest.mark.parametrize("suffix", sorted(NESTED))
def test_a_table_or_list_where_a_field_takes_a_value_is_a_data_issue(
    tmp_path: Path, suffix: str
) -> None:
    # {"a": 1} became the id "{'a': 1}" and ["Laptop"] a laptop, without a word
    if suffix == "yaml":
        pytest.importorskip("yaml")
    path = write(tmp_path, NESTED[suffix], f"inventory.{suffix}")
    inventory = load_inventory(path)
    assert [(i.row, i.column, i.problem, i.value) for i in inventory.issues] == [
        (1, "category", "expected text, got a list; the value is treated as unknown", '["Laptop"]'),
        (1, "id", "expected text, got a table; the value is treated as unknown", '{"a": 1}'),
        (
            1,
            "location",
            "expected text, got a table; the value is treated as unknown",
            '{"room": 5}',
        ),
    ]
    (asset,) = inventory.assets
    assert (asset.id, asset.category, asset.category_text, asset.location) == (
        "row 1",
        None,
        "",
        "",
    )
    assert (asset.purchase_date, asset.quantity) == (dt.date(2022, 1, 1), 2)


def test_every_field_says_what_it_expected_instead_of_a_table(tmp_path: Path) -> None:
    # a Snipe-IT API dump (GET /api/v1/hardware) nests its values: not a layout ictrules reads
    # (its asset list is read as CSV), so each nested value is named, never read as its repr
    record = {
        "id": 7,
        "name": "Library laptop",
        "category": {"id": 2, "name": "Laptops"},
        "model": {"id": 3, "name": "Latitude 3540"},
        "status": {"id": 1, "name": "Ready to Deploy", "status_type": "deployable"},
        "purchase_date": {"date": "2021-09-06", "formatted": "06/09/2021"},
        "purchase_cost": ["£350.00"],
        "funding": {"name": "capital"},
        "warranty_end": [],
    }
    path = write(tmp_path, json.dumps([record, {**record, "id": 8, "quantity": [2]}]), "hw.json")
    inventory = load_inventory(path)
    unknown = "; the value is treated as unknown"
    nested = [
        ("category", "expected text, got a table"),
        ("status", "expected text, got a table"),
        ("purchase_date", "expected a date, got a table"),
        ("warranty_end", "expected a date, got a list"),
        ("purchase_cost", "expected a number, got a list"),
        ("funding", "expected text, got a table"),
        ("model", "expected text, got a table"),
    ]
    assert [(i.row, i.column, i.problem, i.skipped) for i in inventory.issues] == [
        *((1, column, problem + unknown, False) for column, problem in nested),
        (2, "quantity", "expected a number, got a list; row left out", True),
        *((2, column, problem + unknown, False) for column, problem in nested),
    ]
    (asset,) = inventory.assets
    assert (asset.id, asset.name, asset.model, asset.category, asset.status) == (
        "7",
        "Library laptop",
        "",
        None,
        None,
    )
    assert (asset.purchase_date, asset.purchase_cost, asset.funding) == (None, None, None)
    assert inventory.skipped_rows == (2,)


def test_a_record_whose_only_value_is_a_nested_id_is_not_a_blank_row(tmp_path: Path) -> None:
    # a record of only an id is a blank row; a nested id is no id, but a value to report
    records = [
        {"id": {"tag": "A1"}},
        {"id": "B1", "category": "Laptop", "purchase_date": "2022-01-01"},
    ]
    inventory = load_inventory(write(tmp_path, json.dumps(records), "inventory.json"))
    assert [(i.row, i.column, i.problem) for i in inventory.issues] == [
        (1, "category", "no category given; the asset cannot be planned"),
        (1, "id", "expected text, got a table; the value is treated as unknown"),
    ]
    assert [a.id for a in inventory.assets] == ["row 1", "B1"]


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, '[{"category": "Laptop",}]', "inventory.json")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value.problems[0]).startswith("line 1, column 24: malformed JSON")


def test_xlsx_workbook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "category", "purchase_date", "purchase_cost", "quantity"])
    sheet.append(["P1", "Interactive Panel", dt.datetime(2020, 8, 17), 2480, 2])
    sheet.append(["P2", "Interactive Panel", "not a date", -5, None])
    path = tmp_path / "inventory.xlsx"
    workbook.save(path)
    inventory = load_inventory(path)
    first, second = inventory.assets
    assert (first.id, first.category, first.quantity) == ("P1", "interactive_display", 2)
    assert first.purchase_date == dt.date(2020, 8, 17)
    assert first.purchase_cost == 2480.0
    assert second.quantity == 1
    assert [(i.row, i.column, i.problem) for i in inventory.issues] == [
        (
            3,
            "purchase_date",
            "cannot read 'not a date' as a date; write it as YYYY-MM-DD or DD/MM/YYYY",
        ),
        (3, "purchase_cost", "a cost must not be negative, got '-5'"),
    ]


def test_xlsx_without_openpyxl_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "openpyxl", None)
    path = tmp_path / "inventory.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value) == (
        f"1 problem in {path}:\n"
        "  reading .xlsx files needs the optional extra: pip install 'ictrules[xlsx]'"
    )


def test_corrupt_xlsx_is_an_evidence_error(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / "inventory.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(InventoryError, match=r"not a readable \.xlsx workbook"):
        load_inventory(path)


# --- files that cannot be read at all ---------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.csv"
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value) == f"1 problem in {path}:\n  file not found"


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = write(tmp_path, "", "inventory.ods")
    with pytest.raises(InventoryError, match=r"unsupported inventory file type '\.ods'"):
        load_inventory(path)


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "\n\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value.problems[0]) == "row 1: no header row: the file is empty"


def test_neither_utf8_nor_windows_1252_names_the_line_and_how_to_save(tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    # 0x81 is not a Windows-1252 character: the file is in some other encoding
    path.write_bytes(b"id,category,purchase_date\nA,Laptop,2022-01-01\nB,Caf\x81 laptop,2022\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value.problems[0]) == (
        "line 3: the file is not UTF-8 text (byte 0x81), nor Windows-1252 text that could stand "
        "in for it (save it as UTF-8: in Excel, use File > Save As and choose 'CSV UTF-8 (Comma "
        "delimited) (*.csv)'; in LibreOffice, tick 'Edit filter settings' and choose the "
        "character set 'Unicode (UTF-8)')"
    )


def test_malformed_csv_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'id,category,purchase_date\nA,"Laptop"x,2022-01-01\n')
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value.problems[0]) == "line 2: malformed CSV: ',' expected after '\"'"


def test_duplicated_column(tmp_path: Path) -> None:
    path = write(tmp_path, "id,category,purchase_date,category\nA,Laptop,2022-01-01,PC\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert (
        str(caught.value.problems[0]) == "row 1: column 'category' appears twice (columns 2 and 4)"
    )


# --- data quality: bad rows never raise --------------------------------------------------------


def test_every_data_quality_problem_has_row_column_and_message(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "A1,ok,Laptop,,Deployed,2022-01-01,600,Office,1,capital\n"
        + "A2,,Smartboard thing,,Deployed,2022-01-01,600,,1,\n"
        + "A3,,,,Deployed,2022-01-01,600,,1,\n"
        + "A4,,Laptop,,Borked,2022-01-01,600,,1,\n"
        + "A5,,Laptop,,,31/02/2022,600,,1,\n"
        + "A6,,Laptop,,,sometime,600,,1,\n"
        + "A7,,Laptop,,,2022-01-01,-10,,1,\n"
        + "A8,,Laptop,,,2022-01-01,ten pounds,,1,\n"
        + "A9,,Laptop,,,2022-01-01,600,,0,\n"
        + "A10,,Laptop,,,2022-01-01,600,,2.5,\n"
        + "A11,,Laptop,,,2022-01-01,600,,1,grant\n"
        + "A1,,Laptop,,,2022-01-01,600,,1,\n"
        + "A13,,Laptop,,,2022-01-01,600,,1,,extra\n",
    )
    inventory = load_inventory(path)
    assert [(i.row, i.column, i.problem) for i in inventory.issues] == [
        (
            3,
            "category",
            "category 'Smartboard thing' is not in the category table; the asset cannot be "
            "planned (add the name to the table with categories={...}, or with --category "
            "NAME=CATEGORY on the command line) (did you mean "
            "'smartboard' (category interactive_display)?)",
        ),
        (4, "category", "no category given; the asset cannot be planned"),
        (
            5,
            "status",
            "unknown status 'Borked'; the status is treated as unknown (statuses: in_use, spare, "
            "poor, in_repair, broken, retired) (did you mean 'broken'?)",
        ),
        (
            6,
            "purchase_date",
            "'31/02/2022' is not a real date (day 31, month 2, year 2022)",
        ),
        (
            7,
            "purchase_date",
            "cannot read 'sometime' as a date; write it as YYYY-MM-DD or DD/MM/YYYY",
        ),
        (8, "purchase_cost", "a cost must not be negative, got '-10'"),
        (9, "purchase_cost", "cannot read 'ten pounds' as an amount of money"),
        (10, "quantity", "quantity must be a whole number of 1 or more, got '0'; row left out"),
        (11, "quantity", "quantity must be a whole number of 1 or more, got '2.5'; row left out"),
        (12, "funding", "unknown funding type 'grant'; expected capital, revenue or lease"),
        (13, "id", "asset id 'A1' is also used on row 2"),
        (
            14,
            "column 11",
            "the row has 11 cells but the header only 10; values beyond the header were "
            "ignored: 'extra'",
        ),
    ]
    assert inventory.skipped_rows == (10, 11)
    assert [a.id for a in inventory.assets] == [
        "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A11", "A1", "A13",
    ]  # fmt: skip
    by_id = {a.row: a for a in inventory.assets}
    assert by_id[3].category is None
    assert by_id[5].status is None
    assert by_id[6].purchase_date is None
    assert by_id[8].purchase_cost is None
    assert inventory.unmapped_categories == {"": 1, "Smartboard thing": 1}
    assert inventory.issues[0].value == "Smartboard thing"
    assert str(inventory.issues[1]) == (
        "row 4, column 'category': no category given; the asset cannot be planned"
    )


def test_blank_lines_are_not_assets(tmp_path: Path) -> None:
    path = write(tmp_path, "id,category,purchase_date\n\nA,Laptop,2022-01-01\n,,\n")
    inventory = load_inventory(path)
    assert [(a.id, a.row) for a in inventory.assets] == [("A", 3)]
    assert inventory.issues == ()


def test_a_row_with_fewer_cells_than_the_header_is_kept_and_reported(tmp_path: Path) -> None:
    """As a row with more cells than the header is: the row is kept, its missing values read
    as empty, and one issue names the first column missing; with any separator."""
    for separator, name in ((",", "inventory.csv"), (";", "inventory.csv"), ("\t", "inv.tsv")):
        rows = [
            ["id", "category", "purchase_date", "purchase_cost", "quantity"],
            ["A1", "Laptop", "2022-01-01", "500", "2"],
            ["A2", "Laptop"],
            ["A3", "Laptop", "2022-01-01", "500", "1", "extra"],
        ]
        path = write(tmp_path, "".join(separator.join(row) + "\n" for row in rows), name)
        inventory = load_inventory(path)
        assert [(a.id, a.purchase_date, a.purchase_cost, a.quantity) for a in inventory.assets] == [
            ("A1", dt.date(2022, 1, 1), 500.0, 2),
            ("A2", None, None, 1),
            ("A3", dt.date(2022, 1, 1), 500.0, 1),
        ]
        assert [(i.row, i.column, i.problem) for i in inventory.issues] == [
            (
                3,
                "purchase_date",
                "the row has 2 cells but the header has 5; the missing columns 'purchase_date', "
                "'purchase_cost', 'quantity' were read as empty (was the row cut short? complete "
                "it; an empty value still needs its separator)",
            ),
            (
                4,
                "column 6",
                "the row has 6 cells but the header only 5; values beyond the header were "
                "ignored: 'extra'",
            ),
        ]


def test_rows_that_lose_no_named_column_are_not_short(tmp_path: Path) -> None:
    """Empty trailing values written as separators, blank lines, a line of one empty cell or
    of separators only, a row holding only an id (reported as such) and a row ending before
    blank columns at the header's end are no rows cut short."""
    path = write(
        tmp_path,
        "id,category,purchase_date,purchase_cost,,\n"
        "A1,Laptop,2022-01-01,,,\n"
        "\n"
        '""\n'
        ",,\n"
        "A2,Laptop,2022-01-01,500\n"
        "A3\n",
    )
    inventory = load_inventory(path)
    assert [(a.id, a.row) for a in inventory.assets] == [("A1", 2), ("A2", 6)]
    assert [(i.row, i.column, i.problem) for i in inventory.issues] == [
        (
            7,
            "id",
            "1 row holds only an id and nothing else (row 7: 'A3'): read as blank rows, not "
            "devices",
        )
    ]


def test_a_sheet_row_ending_at_its_last_filled_cell_is_not_short(tmp_path: Path) -> None:
    """A workbook stores no empty cell after a row's last value: its rows are as long as their
    filled cells, and trailing empty cells are no loss. Records have every key of the file."""
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "category", "purchase_date", "purchase_cost", "quantity"])
    sheet.append(["A1", "Laptop", dt.datetime(2022, 1, 1)])
    sheet.append(["A2", "Laptop", dt.datetime(2022, 1, 1), None, 3])
    workbook.save(tmp_path / "inventory.xlsx")
    inventory = load_inventory(tmp_path / "inventory.xlsx")
    assert [(a.id, a.quantity) for a in inventory.assets] == [("A1", 1), ("A2", 3)]
    assert inventory.issues == ()
    records = write(
        tmp_path,
        json.dumps(
            [
                {"id": "A1", "category": "Laptop", "purchase_date": "2022-01-01", "quantity": 2},
                {"id": "A2", "category": "Laptop"},
            ]
        ),
        "inventory.json",
    )
    assert load_inventory(records).issues == ()


def test_missing_id_is_named_after_the_row(tmp_path: Path) -> None:
    path = write(tmp_path, "category,purchase_date\nLaptop,2022-01-01\n")
    assert load_inventory(path).assets[0].id == "row 2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("2024-02-29 00:00:00", dt.date(2024, 2, 29)),
        ("29/02/2024", dt.date(2024, 2, 29)),
        ("29-2-24", dt.date(2024, 2, 29)),
        ("29 Feb 2024", dt.date(2024, 2, 29)),
        ("29th February 2024", dt.date(2024, 2, 29)),
        ("2024/02/29", dt.date(2024, 2, 29)),
        ("2024-2-29", dt.date(2024, 2, 29)),
        ("2024.2.9", dt.date(2024, 2, 9)),
        ("29/02/2024 00:00", dt.date(2024, 2, 29)),
        ("29/2/24 13:05:00", dt.date(2024, 2, 29)),
        ("29-Feb-24", dt.date(2024, 2, 29)),
        ("29-Feb-2024", dt.date(2024, 2, 29)),
        ("Feb 29, 2024", dt.date(2024, 2, 29)),
        ("1 Sept 2024", dt.date(2024, 9, 1)),
    ],
)
def test_date_forms(tmp_path: Path, text: str, expected: dt.date) -> None:
    path = write(tmp_path, f'category,purchase_date\nLaptop,"{text}"\n')
    assert load_inventory(path).assets[0].purchase_date == expected


def test_29_february_in_a_common_year_is_not_a_date(tmp_path: Path) -> None:
    path = write(tmp_path, "category,purchase_date\nLaptop,2023-02-29\n")
    assert issues_of(path) == [
        (2, "purchase_date", "'2023-02-29' is not a real date (day 29, month 2, year 2023)")
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2021-09-06T25:99:00Z", "is not a real time of day (hour 25, minute 99, second 0)"),
        ("2021-09-06T10:14:61.000Z", "is not a real time of day (hour 10, minute 14, second 61)"),
        ("2021-09-06 24:30", "is not a real time of day (hour 24, minute 30)"),
        (
            "2021/09/06 13:15:32 AM GMT+1",
            "is not a real time of day (hour 13 AM, minute 15, second 32)",
        ),
        ("06/09/2021 10:75", "is not a real time of day (hour 10, minute 75)"),
        ("Sep 6, 2021 25:00", "is not a real time of day (hour 25, minute 0)"),
        ("2021-09-06T10:14:00+25:00", "is not a real time zone offset (+25:00)"),
        ("2021-09-06 10:14 GMT+1:75", "is not a real time zone offset (+1:75)"),
    ],
)
def test_a_timestamp_whose_time_is_not_a_time_is_not_a_date(
    tmp_path: Path, text: str, problem: str
) -> None:
    # 2021-09-06T25:99:00Z was read as 6 September 2021: only its date was looked at
    path = write(tmp_path, f'category,purchase_date\nLaptop,"{text}"\n')
    inventory = load_inventory(path)
    assert inventory.assets[0].purchase_date is None
    assert issues_of(path) == [(2, "purchase_date", f"{text!r} {problem}")]


def test_a_timestamp_in_the_date_format_given_needs_a_real_time_too(tmp_path: Path) -> None:
    path = write(
        tmp_path, "category,purchase_date\nLaptop,09/06/2021 25:00\nLaptop,09/13/2021 23:59\n"
    )
    inventory = load_inventory(path, date_format="%m/%d/%Y")
    assert [a.purchase_date for a in inventory.assets] == [None, dt.date(2021, 9, 13)]
    assert issues_of(path, date_format="%m/%d/%Y") == [
        (2, "purchase_date", "'09/06/2021 25:00' is not a real time of day (hour 25, minute 0)")
    ]


def test_a_leap_second_midnight_and_the_end_of_a_day_are_real_times(tmp_path: Path) -> None:
    # RFC 3339's leap second; ISO 8601's 24:00, the end of the day; 0:30 AM, which some
    # exporters write for half past midnight; a 24-hour time marked PM, as .NET's "HH:mm tt"
    # writes it: in each the date is the date as written
    path = write(
        tmp_path,
        "category,purchase_date\nLaptop,2016-12-31T23:59:60Z\nLaptop,2016-12-30 12:00 AM\n"
        "Laptop,2016-12-29T24:00:00\nLaptop,2016-12-28 00:30 AM\nLaptop,2016-12-27 13:00 PM\n",
    )
    inventory = load_inventory(path)
    assert inventory.issues == ()
    assert [a.purchase_date for a in inventory.assets] == [
        dt.date(2016, 12, 31),
        dt.date(2016, 12, 30),
        dt.date(2016, 12, 29),
        dt.date(2016, 12, 28),
        dt.date(2016, 12, 27),
    ]


def test_a_date_in_the_format_given_is_read_whatever_follows_its_time(tmp_path: Path) -> None:
    # a zone's name after the time (Jamf's "BST", "PDT") was read before the time was checked,
    # and must still be: only a time that is no time makes the date unreadable
    path = write(
        tmp_path,
        "category,purchase_date\nLaptop,06/30/2026 10:15:32 AM PDT\nLaptop,07/01/2026 (GMT)\n"
        "Laptop,07/02/2026 25:00 BST\n",
    )
    inventory = load_inventory(path, date_format="%m/%d/%Y")
    assert [a.purchase_date for a in inventory.assets] == [
        dt.date(2026, 6, 30),
        dt.date(2026, 7, 1),
        None,
    ]
    assert issues_of(path, date_format="%m/%d/%Y") == [
        (4, "purchase_date", "'07/02/2026 25:00 BST' is not a real time of day (hour 25, minute 0)")
    ]


def test_a_spreadsheet_date_number_is_named_as_such(tmp_path: Path) -> None:
    # A date column saved as "General" arrives as Excel's day number (44805 = 2022-09-01);
    # the message says what happened rather than only "cannot read".
    path = write(tmp_path, "category,purchase_date\nLaptop,44805\n")
    assert issues_of(path) == [
        (
            2,
            "purchase_date",
            "cannot read '44805' as a date; write it as YYYY-MM-DD or DD/MM/YYYY; it looks like "
            "a spreadsheet's date number: format the column as dates before saving",
        )
    ]


def test_extra_category_names(tmp_path: Path) -> None:
    path = write(tmp_path, "category,purchase_date\nClass set iPad,2023-01-01\nVisualiser,2023\n")
    inventory = load_inventory(path, categories={"Class set iPad": "tablet"})
    assert [a.category for a in inventory.assets] == ["tablet", None]
    table = CategoryTable.default().extended(
        {"Visualiser": "visualiser"}, labels={"visualiser": "Visualiser"}
    )
    assert load_inventory(path, categories=table).assets[1].category == "visualiser"


def test_extending_onto_an_unknown_category_is_an_error() -> None:
    with pytest.raises(InventoryError) as caught:
        CategoryTable.default().extended({"Class set iPad": "tablets"})
    assert str(caught.value) == (
        "1 problem in category table:\n"
        "  categories['Class set iPad']: unknown category 'tablets' (did you mean 'tablet'?)"
    )
    with pytest.raises(InventoryError) as caught:
        CategoryTable.default().extended({"Printer": "printer"})
    assert "unknown category 'printer' (known categories: chromebook, desktop," in str(caught.value)
    assert "give it a [categories.NAME] section in a policy file" in str(caught.value)


def test_data_issue_is_a_value_object() -> None:
    issue = DataIssue(4, "status", "unknown status 'x'", "x")
    assert str(issue) == "row 4, column 'status': unknown status 'x'"
    assert not issue.skipped


def test_yaml_records_and_tab_separated_values(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    yaml_path = write(
        tmp_path,
        "assets:\n  - id: FW\n    category: Firewall\n    purchase_date: 2022-03-28\n",
        "inventory.yaml",
    )
    tsv_path = write(tmp_path, "id\tcategory\tpurchase_date\nFW\tFirewall\t2022-03-28\n", "inv.tsv")
    for path in (yaml_path, tsv_path):
        (asset,) = load_inventory(path).assets
        assert (asset.id, asset.category, asset.purchase_date) == (
            "FW",
            "firewall",
            dt.date(2022, 3, 28),
        )


def test_records_must_be_tables(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps({"assets": [{"category": "Laptop"}, "laptop"]}), "a.json")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value.problems[0]) == "assets[1]: expected a table of fields, got 'laptop'"


def test_an_unquoted_yaml_timestamp_that_is_no_time_is_a_row_issue_not_a_broken_file(
    tmp_path: Path,
) -> None:
    # PyYAML reads an unquoted timestamp itself: 2022-01-01T25:99:00 stopped the whole file,
    # and ISO 8601's 24:00, which the date reader takes, did too
    path = write(
        tmp_path,
        "- {category: Laptop, purchase_date: 2022-01-01T24:00:00}\n"
        "- {category: Laptop, purchase_date: 2022-01-01T25:99:00}\n"
        "- {category: Laptop, purchase_date: 2022-02-30}\n",
        "inventory.yaml",
    )
    inventory = load_inventory(path)
    assert [a.purchase_date for a in inventory.assets] == [dt.date(2022, 1, 1), None, None]
    assert issues_of(path) == [
        (
            2,
            "purchase_date",
            "'2022-01-01T25:99:00' is not a real time of day (hour 25, minute 99, second 0)",
        ),
        (3, "purchase_date", "'2022-02-30' is not a real date (day 30, month 2, year 2022)"),
    ]


def test_a_row_without_the_separators_of_blank_columns_not_read_is_not_short(
    tmp_path: Path,
) -> None:
    """Excel, saving as CSV, writes no separators for blank cells at a row's end in some
    blocks of rows (StataCorp's FAQ 'How Excel writes empty cells'): a Snipe-IT export's blank
    Notes, which no field reads, gave one 'was the row cut short?' issue a row, for nothing
    read as empty. A row lacking a column that is read is still one."""
    header = "Asset Tag,Asset Name,Category,Status,Purchase Date,Purchase Cost,Location,Notes"
    rows = [
        "HA-0001,LT-01,Laptops,Deployed,2022-09-01,599.00,Staff room,spare charger",
        "HA-0002,LT-02,Laptops,Deployed,2022-09-01,599.00,Staff room,",
        "HA-0003,LT-03,Laptops,Deployed,2022-09-01,599.00,Staff room",
        "HA-0004,LT-04,Laptops,Deployed,2022-09-01,599.00",
    ]
    path = write(tmp_path, "\r\n".join([header, *rows]) + "\r\n", "assets.csv")
    inventory = load_inventory(path)
    assert [(a.id, a.location) for a in inventory.assets] == [
        ("HA-0001", "Staff room"),
        ("HA-0002", "Staff room"),
        ("HA-0003", "Staff room"),
        ("HA-0004", ""),
    ]
    assert [(i.row, i.column, i.problem) for i in inventory.issues] == [
        (
            5,
            "Location",
            "the row has 6 cells but the header has 8; the missing columns 'Location' were "
            "read as empty (was the row cut short? complete it; an empty value still needs its "
            "separator)",
        )
    ]
