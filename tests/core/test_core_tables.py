"""Tables other tools export, as ictrules.tables reads them for inventories and surveys."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from ictrules.errors import InputError
from ictrules.tables import column_letter, read_table
from ictrules.tables.dates import read_date_column
from ictrules.tables.formulas import Formula


def test_excel_csv_with_a_sep_line_and_a_byte_order_mark_reads_its_header_and_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"sep=;\r\nName;Answer\r\nA;Yes\r\n;\r\nB;No\r\n")
    table = read_table(path)
    assert table.header == ("Name", "Answer")
    assert [(number, list(cells)) for number, cells in table.rows] == [
        (2, ["A", "Yes"]),
        (4, ["B", "No"]),  # the blank row 3 is no row of data
    ]
    assert table.where(4, 1) == 'row 4, column B "Answer"'


def test_windows_1252_text_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("Question,Answer\nCaf\xe9,Yes\n".encode("cp1252"))
    table = read_table(path)
    assert table.rows[0][1][0] == "Café"
    assert "read as Windows-1252" in table.notes[0]


def test_the_first_sheet_with_a_header_is_read_and_named(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Cover"
    sheet = workbook.create_sheet("Responses")
    sheet.append(["Completion time", "Answer"])
    sheet.append([dt.datetime(2026, 6, 30, 10, 15), "Agree"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table.sheet == "Responses"
    assert table.rows == ((2, [dt.datetime(2026, 6, 30, 10, 15), "Agree"]),)
    assert table.notes == ("read the sheet 'Responses': row 1 of 'Cover' is empty",)
    assert table.where(2, 1) == "sheet 'Responses', row 2, column B \"Answer\""


def test_the_other_sheets_with_a_header_are_named_in_the_note(tmp_path: Path) -> None:
    """A workbook of staff and governor replies on two sheets: one table is read, and the note
    names the other, which is not, with how to choose it."""
    workbook = openpyxl.Workbook()
    for title in ("Staff", "Governors"):
        sheet = workbook.create_sheet(title)
        sheet.append(["Completion time", "Answer"])
        sheet.append([dt.datetime(2026, 6, 30, 10, 15), "Agree"])
    workbook.create_sheet("Empty")
    workbook.save(tmp_path / "replies.xlsx")
    table = read_table(tmp_path / "replies.xlsx")
    assert table.sheet == "Staff"
    assert table.notes == (
        "read the sheet 'Staff': row 1 of 'Sheet' is empty; the sheet 'Governors' after it also "
        "has a header in row 1 and is not read (name the sheet to read: in a survey mapping, "
        "sheet = NAME; or save each sheet as a file of its own)",
    )
    assert read_table(tmp_path / "replies.xlsx", sheet="Governors").notes == ()


def test_a_csv_row_shorter_than_the_header_is_noted_and_a_sheet_row_is_not(
    tmp_path: Path,
) -> None:
    """A CSV row's end is written, so a shorter row lost cells; a workbook stores no empty
    cell after a row's last value, so a reply that leaves the last questions blank is no loss
    and was noted as one."""
    (tmp_path / "replies.csv").write_text("Name,Q1,Q2\nA,Yes,No\nB,Yes\nC,,\n", encoding="utf-8")
    assert read_table(tmp_path / "replies.csv").notes == (
        "row 3: fewer cells than the header's 3 columns; the missing ones are read as blank",
    )
    workbook = openpyxl.Workbook()
    for row in (["Name", "Q1", "Q2"], ["A", "Yes", "No"], ["B", "Yes"], ["C"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "replies.xlsx")
    table = read_table(tmp_path / "replies.xlsx")
    assert [len(cells) for _, cells in table.rows] == [3, 2, 1]  # as openpyxl reads them
    assert table.notes == ()


def test_files_that_are_not_tables_are_refused_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unsupported file type '.pdf'"):
        read_table(tmp_path / "replies.pdf")
    with pytest.raises(InputError, match="file not found"):
        read_table(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("\n")
    with pytest.raises(InputError, match="row 1: no header row"):
        read_table(empty)


def test_column_letters_run_as_a_spreadsheet_names_them() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_google_forms_timestamps_read_as_their_date() -> None:
    column = read_date_column(["2026/06/30 10:15:32 AM GMT+1", "2026/07/01 9:02:11 PM GMT"])
    assert [reading[0] for reading in column.readings.values()] == [
        dt.date(2026, 6, 30),
        dt.date(2026, 7, 1),
    ]


def test_a_semicolon_file_with_commas_in_its_header_splits_on_semicolons(
    tmp_path: Path,
) -> None:
    """Excel on a European PC leaves a question's commas unquoted in a semicolon file: the
    separator is the one that splits every line as wide as the header."""
    path = tmp_path / "export.csv"
    path.write_text(
        "Timestamp;I understand it, and I support it.\n2026/06/22 9:00:00 AM GMT+1;Agree\n",
        encoding="utf-8",
    )
    table = read_table(path)
    assert table.header == ("Timestamp", "I understand it, and I support it.")
    assert list(table.rows[0][1]) == ["2026/06/22 9:00:00 AM GMT+1", "Agree"]


def test_excel_text_forcing_cells_read_as_the_text_and_formulas_as_formulas(
    tmp_path: Path,
) -> None:
    """Exporters write ="00123" to keep a leading zero (Excel shows 00123); =1+1 is a formula,
    whose value a CSV file does not hold."""
    path = tmp_path / "export.csv"
    path.write_text(
        'Name,Answer,Score\n="00123",="say ""hi""",=1+1\n=,= ,"=""2022-09-01"""\n',
        encoding="utf-8",
    )
    table = read_table(path)
    (_, cells), (_, second) = table.rows
    assert cells[:2] == ["00123", 'say "hi"']
    assert isinstance(cells[2], Formula)
    assert str(cells[2]) == "=1+1"
    assert second == ["=", "= ", "2022-09-01"]  # "=" alone is no formula


def test_a_workbook_formula_without_a_saved_value_is_a_formula_unless_it_is_only_text(
    tmp_path: Path,
) -> None:
    """openpyxl saves formulas without their values: ="00123" is still the text 00123, but
    =1+1 has no value in the file, and is no empty cell."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["Tag", "Count"])
    workbook.active.append(['="00123"', "=1+1"])
    workbook.save(tmp_path / "saved-by-a-script.xlsx")
    ((_, (tag, count)),) = read_table(tmp_path / "saved-by-a-script.xlsx").rows
    assert tag == "00123"
    assert isinstance(count, Formula)
    assert str(count) == "=1+1"
