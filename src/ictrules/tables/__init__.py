"""Reading tables that other tools export: CSV as Excel and web apps write it, and .xlsx
workbooks. Public for plugins: the refresh plugin reads asset inventories with it, the core reads
survey replies with it.

- :func:`decode_text` reads a CSV file's bytes as UTF-8, UTF-16 (Excel's "Unicode text") or, when
  it can only be that, Windows-1252 (Excel's plain "CSV" on Windows), saying so;
- :func:`csv_rows` splits the text into rows numbered as a spreadsheet shows them, finding the
  separator (comma, semicolon, tab or Excel's ``sep=`` line);
- :func:`read_table` does both for a ``.csv`` file, or reads the first sheet (or a named one) of
  an ``.xlsx`` workbook, and gives its header and rows;
- :func:`sheet_rows` reads a workbook's sheet row by row;
- :func:`text_of` shows a cell as the user would recognise it;
- :mod:`ictrules.tables.dates` reads a column of dates as a whole;
- :mod:`ictrules.tables.formulas` finds cells that hold a formula without its value, in a
  workbook or a CSV file.

Reading is bounded as every input of ictrules is (``docs/reference/limits.md``): only regular
files, at most :data:`MAX_TABLE_BYTES`, and a workbook whose parts would unzip to more than
:data:`MAX_WORKBOOK_EXPANDED` is refused before anything is unzipped (:func:`check_workbook`).
A file that cannot be read raises the :class:`~ictrules.errors.InputError` subclass the caller
names, with the file and the line or sheet.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from .._text import preview
from ..errors import InputError, Problem
from ..files import read_bytes
from .formulas import excel_cell, holds_formulas, uncached_formulas

__all__ = [
    "MAX_TABLE_BYTES",
    "MAX_WORKBOOK_EXPANDED",
    "TABLE_SUFFIXES",
    "Row",
    "Table",
    "cell_preview",
    "check_workbook",
    "column_letter",
    "csv_rows",
    "decode_text",
    "line_of",
    "preview_names",
    "read_table",
    "rows_named",
    "sheet_rows",
    "text_of",
    "workbook_problem",
]

#: File suffixes :func:`read_table` reads, and how.
TABLE_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}

#: The largest table :func:`read_table` reads, in bytes (64 MiB: a survey of a whole trust is
#: a few megabytes).
MAX_TABLE_BYTES = 64 * 1024 * 1024
#: The most a workbook's parts may expand to when unzipped, in bytes (512 MiB).
MAX_WORKBOOK_EXPANDED = 512 * 1024 * 1024

#: A row: its number as a spreadsheet shows it (the header is row 1), and its cells.
Row = tuple[int, Sequence[Any]]

# Bytes Windows-1252 leaves undefined: a file holding one is in some other encoding.
_NOT_1252 = re.compile(rb"[\x00\x81\x8d\x8f\x90\x9d]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_SEP_LINE = re.compile(r"^sep=(.)\r?\n?$", re.IGNORECASE)
_SAVE_AS_UTF8 = (
    "in Excel, use File > Save As and choose 'CSV UTF-8 (Comma delimited) (*.csv)'; in "
    "LibreOffice, tick 'Edit filter settings' and choose the character set 'Unicode (UTF-8)'"
)


def text_of(raw: Any) -> str:
    """A cell as text, as the user would recognise it (dates in ISO form, no ``None``, a whole
    number stored as a float without ``.0``, a float beyond 16 digits as ``1e+300``)."""
    if raw is None:
        return ""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < _EXACT:
        return str(int(raw))
    return str(raw).strip()


#: Floats below this in size are whole numbers written out in full; larger ones are written as
#: Python and Excel show them (``1e+300``), not as hundreds of digits no one wrote.
_EXACT = 1e16


def cell_preview(raw: Any) -> str:
    """A cell as a message shows it, bounded however large it is (as
    :func:`ictrules._text.preview` bounds any value): text in quotes (``'Laptop'``), a number
    bare as :func:`text_of` writes it (``44805``, ``1e+300``)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return preview(raw)
    if isinstance(raw, float):
        return text_of(raw)  # at most some 24 characters
    return preview(text_of(raw))


def preview_names(names: Sequence[Any], limit: int = 10) -> str:
    """Names (of sheets, columns) for a message, each a bounded preview, the first ``limit``
    of them then how many more: ``'Laptops', 'Desktops'``."""
    shown = ", ".join(preview(name) for name in names[:limit])
    more = len(names) - limit
    return f"{shown} and {more:,} more" if more > 0 else shown


def column_letter(index: int) -> str:
    """A 0-based column index as a spreadsheet names the column: ``A``, ``Z``, ``AA``."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def line_of(data: bytes, offset: int) -> int:
    """The line holding byte ``offset``, counting CR LF, CR and LF line ends alike."""
    return data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def decode_text(
    data: bytes, source: str, error: type[InputError] = InputError
) -> tuple[str, tuple[str, ...]]:
    """A CSV file's text, and a note when it was not UTF-8.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark (Excel's
    "Unicode text") are read as such. Any other file is read as Windows-1252, the encoding of
    Excel's plain "CSV" on Windows, when it is valid Windows-1252 and holds no UTF-8 sequence;
    the note says so, naming the first character that shows it. Anything else is refused
    (``error``, naming ``source`` and the line) with the exact way to save the file as UTF-8.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ("the file is UTF-16 text (Excel's 'Unicode text')",)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
        offset = min(start, len(data) - 1)
    line = line_of(data, offset)
    if not _NOT_1252.search(data) and not _UTF8_SEQUENCE.search(data):
        text = data.decode("cp1252")
        character = data[offset : offset + 1].decode("cp1252")
        return text, (
            f"the file is not UTF-8: it was read as Windows-1252, the encoding of Excel's "
            f"plain 'CSV' on Windows (line {line} has {character!r}); if any text looks wrong, "
            f"save the file as UTF-8 ({_SAVE_AS_UTF8})",
        )
    raise error(
        source,
        [
            Problem(
                f"line {line}",
                f"the file is not UTF-8 text (byte 0x{data[offset]:02x}), nor Windows-1252 "
                "text that could stand in for it",
                f"save it as UTF-8: {_SAVE_AS_UTF8}",
            )
        ],
    )


def csv_rows(
    text: str, source: str, suffix: str, error: type[InputError] = InputError
) -> tuple[Iterator[Row], int]:
    """The file's rows, numbered as a spreadsheet shows them, and an estimate of their number.

    A ``.tsv`` file is tab-separated; a first line ``sep=;`` (Excel's) gives the separator and
    is not a row; otherwise it is the one of comma, semicolon and tab that splits the first
    lines into rows as wide as the header (the widest such), or failing that the commonest in
    the header line: a header of questions holds commas that Excel leaves unquoted in a
    semicolon-separated file. A cell is read as Excel reads it (:func:`~.formulas.excel_cell`):
    ``="00123"`` is the text ``00123``, another cell starting with ``=`` a
    :class:`~.formulas.Formula`. Malformed CSV raises ``error`` naming ``source`` and the line.
    """
    stream = io.StringIO(text, newline="")
    first = stream.readline()
    skipped = 0
    sep = _SEP_LINE.match(first)
    if sep:
        delimiter = sep[1]
        skipped = 1
    else:
        stream.seek(0)
        delimiter = "\t" if suffix.lower() == ".tsv" else _delimiter(text, first)
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    total = max(text.count("\n"), text.count("\r")) - skipped
    formulas = holds_formulas(text)

    def rows() -> Iterator[Row]:
        number = 0
        try:
            for cells in reader:
                number += 1
                if formulas:
                    yield number, [excel_cell(cell) if cell[:1] == "=" else cell for cell in cells]
                else:
                    yield number, cells
        except csv.Error as exc:
            raise error(
                source, [Problem(f"line {reader.line_num + skipped}", f"malformed CSV: {exc}")]
            ) from None

    return rows(), total


def _delimiter(text: str, first: str) -> str:
    if not first:
        return ","
    sample = text[:65536].splitlines()[:50]
    consistent = []
    for candidate in (",", ";", "\t"):
        try:
            widths = {len(cells) for cells in csv.reader(sample, delimiter=candidate) if cells}
        except csv.Error:
            continue
        if len(widths) == 1 and (width := widths.pop()) > 1:
            consistent.append((width, candidate))
    if consistent:
        return max(consistent)[1]
    return max([",", ";", "\t"], key=first.count)


@attrs.frozen
class Table:
    """A table read from a file: its ``header`` (row 1, as text), its other ``rows`` (numbered
    as a spreadsheet shows them), the ``sheet`` read from a workbook, ``notes`` on how the
    file was read (an encoding other than UTF-8, say), and a ``digest`` of the file's bytes, the
    same for two files only when they hold the same bytes (a copy of an export)."""

    source: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    sheet: str | None = None
    notes: tuple[str, ...] = ()
    digest: str = ""

    def where(self, row: int | str, column: int | None = None) -> str:
        """``row 5, column D "Header"`` (with the sheet of a workbook): a place in the table
        for a message; ``row`` may be a number or words such as ``"rows 4-7"``. Long headers
        are cut short."""
        place = f"row {row}" if isinstance(row, int) else row
        if column is not None:
            header = self.header[column] if column < len(self.header) else ""
            shown = header if len(header) <= 48 else header[:45].rstrip() + "..."
            place += f", column {column_letter(column)}" + (f' "{shown}"' if shown else "")
        return f"sheet {preview(self.sheet)}, {place}" if self.sheet else place


def read_table(
    path: str | Path, error: type[InputError] = InputError, *, sheet: str | None = None
) -> Table:
    """Read a ``.csv`` file (``.tsv`` and ``.txt`` too) or an ``.xlsx`` workbook (needs
    ``pip install 'ictrules[xlsx]'``): row 1 is the header.

    A workbook's ``sheet`` is read, by default its first sheet whose row 1 is not empty. Rows
    with no cell filled are left out. A file that cannot be read raises ``error``.
    """
    path = Path(path)
    source = str(path)
    kind = TABLE_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(TABLE_SUFFIXES))
        raise error(source, [Problem("", f"unsupported file type {path.suffix!r}; use {known}")])
    if sheet is not None and kind != "xlsx":
        raise error(source, [Problem("", f"a sheet applies to .xlsx workbooks, not {path.suffix}")])
    data = read_bytes(path, error, limit=MAX_TABLE_BYTES, what="tables (CSV and .xlsx)")
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    if kind == "xlsx":
        table = _workbook_table(data, source, error, sheet)
    else:
        text, notes = decode_text(data, source, error)
        rows, _ = csv_rows(text, source, path.suffix, error)
        table = _table(source, list(rows), None, notes, error, "the file is empty", delimited=True)
    return attrs.evolve(table, digest=digest)


def _table(
    source: str,
    rows: list[Row],
    sheet: str | None,
    notes: tuple[str, ...],
    error: type[InputError],
    empty: str,
    *,
    delimited: bool,
) -> Table:
    if not rows or not any(text_of(cell) for cell in rows[0][1]):
        where = f"sheet {preview(sheet)}, row 1" if sheet else "row 1"
        raise error(source, [Problem(where, f"no header row: {empty}")])
    header = tuple(text_of(cell) for cell in rows[0][1])
    body = tuple(
        (number, cells) for number, cells in rows[1:] if any(text_of(cell) for cell in cells)
    )
    return Table(source, header, body, sheet, (*notes, *_ragged(header, body, delimited)))


def _ragged(header: tuple[str, ...], body: tuple[Row, ...], delimited: bool) -> list[str]:
    """Notes on rows wider than the header (their extra cells are not read) or, in delimited
    text, narrower (a comma lost, say: their missing cells read as blank), so neither passes
    without a word. A workbook's row stops at its last filled cell: shorter is no loss."""
    width = len(header)
    wide = [n for n, cells in body if any(text_of(cell) for cell in cells[width:])]
    narrow = [n for n, cells in body if len(cells) < width] if delimited else []
    notes = []
    if wide:
        notes.append(
            f"{rows_named(wide)}: more cells than the header's {width} columns; the cells "
            "beyond them are not read (a separator inside a value that is not quoted?)"
        )
    if narrow:
        notes.append(
            f"{rows_named(narrow)}: fewer cells than the header's {width} columns; the "
            "missing ones are read as blank"
        )
    return notes


def rows_named(numbers: Sequence[int]) -> str:
    """Rows as a message names them: ``row 4``, or ``rows 4-7, 9`` (runs joined, the first
    eight runs shown)."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{run[0]}-{run[-1]}" if len(run) > 1 else f"{run[0]}" for run in runs[:8]]
    more = ", ..." if len(runs) > 8 else ""
    return ("row " if len(numbers) == 1 else "rows ") + ", ".join(parts) + more


def _workbook_table(data: bytes, source: str, error: type[InputError], sheet: str | None) -> Table:
    try:
        import openpyxl
    except ImportError:
        raise error(
            source,
            [
                Problem(
                    "", "reading .xlsx files needs the optional extra: pip install 'ictrules[xlsx]'"
                )
            ],
        ) from None
    stream = io.BytesIO(data)
    check_workbook(stream, source, error)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and its own errors alike
        raise error(source, [workbook_problem(exc)]) from None
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            listed = preview_names(names)
            raise error(
                source, [Problem("", f"no sheet named {preview(sheet)}; the sheets are {listed}")]
            )
        for name in [sheet] if sheet is not None else names:
            rows = list(sheet_rows(workbook[name], name, source, error))
            if sheet is not None or (rows and any(text_of(cell) for cell in rows[0][1])):
                headed = [] if sheet is not None else _headed(workbook, names, name, source, error)
                return _table(
                    source,
                    rows,
                    *_sheet_note(name, names, sheet, headed),
                    error,
                    "row 1 is empty",
                    delimited=False,
                )
        listed = preview_names(names)
        raise error(source, [Problem("", f"no sheet has a header in row 1 (sheets: {listed})")])
    finally:
        workbook.close()


def _headed(
    workbook: Any, names: list[str], read: str, source: str, error: type[InputError]
) -> list[str]:
    """The sheets after the one ``read`` whose row 1 is not empty: tables that are not read.
    A sheet that cannot be read is left out of them: it is not read either, and it is no reason
    to refuse the one that is."""
    headed = []
    for name in names[names.index(read) + 1 :]:
        try:
            first = next(sheet_rows(workbook[name], name, source, error), (1, ()))
        except InputError:  # sheet_rows says a broken sheet so
            continue
        if first[0] == 1 and any(text_of(cell) for cell in first[1]):
            headed.append(name)
    return headed


def _sheet_note(
    name: str, names: list[str], sheet: str | None, headed: list[str]
) -> tuple[str | None, tuple[str, ...]]:
    """The sheet to name in messages (none for a workbook of one sheet) and a note on why it
    was read, naming the ``headed`` sheets after it that are not read."""
    if len(names) == 1:
        return None, ()
    if sheet is not None:
        return name, ()
    if name == names[0]:
        note = f"read the sheet {preview(name)}, the first of {len(names)}"
    else:
        skipped = preview_names(names[: names.index(name)])
        note = f"read the sheet {preview(name)}: row 1 of {skipped} is empty"
    if headed:
        said = "sheet {} after it also has a header in row 1 and is"
        if len(headed) > 1:
            said = "sheets {} after it also have a header in row 1 and are"
        note += (
            f"; the {said.format(preview_names(headed))} not read (name the sheet to read: in a "
            "survey mapping, sheet = NAME; or save each sheet as a file of its own)"
        )
    return name, (note,)


def sheet_rows(
    worksheet: Any, name: str, source: str, error: type[InputError] = InputError
) -> Iterator[Row]:
    """The rows of a read-only worksheet, numbered as a spreadsheet shows them, every cell of
    every row read whatever extent the sheet's stored dimension claims. A formula cell without
    a saved value comes as a :class:`~.formulas.Formula`, never as an empty cell (unless it is
    only a text in quotes, ``="00123"``, which is that text). A fault in
    the workbook's XML is ``error`` naming ``source``, the sheet ``name`` and the row."""
    number = 0
    try:
        formulas = uncached_formulas(worksheet)
        worksheet.reset_dimensions()  # a stale <dimension> must not cut rows or columns off
        for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
            row = list(cells)
            for column, formula in formulas.get(number, {}).items():
                if column < len(row) and row[column] is None:
                    row[column] = excel_cell(formula)  # ="00123" is no formula but its text
            yield number, row
    except Exception as exc:  # openpyxl raises zip, XML and its own errors alike
        where = f"sheet {preview(name)}, row {number + 1}"
        raise error(source, [workbook_problem(exc, where)]) from None


def workbook_problem(exc: Exception, where: str = "") -> Problem:
    """The problem a workbook that openpyxl cannot read is, with its reason cut short."""
    text = " ".join(str(exc).split())
    reason = f"{type(exc).__name__}: {text[:200]}{'...' if len(text) > 200 else ''}"
    return Problem(where, f"not a readable .xlsx workbook ({reason})")


def check_workbook(
    stream: io.BytesIO,
    source: str,
    error: type[InputError] = InputError,
    *,
    limit: int = MAX_WORKBOOK_EXPANDED,
    hint: str = "save it as CSV to read a larger one",
) -> None:
    """Refuse a workbook whose parts would unzip to more than ``limit`` bytes (each part's size
    is read from the zip's directory, which unzipping holds it to), before anything is
    unzipped; leave ``stream`` at its start."""
    try:
        with zipfile.ZipFile(stream) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise error(source, [workbook_problem(exc)]) from None
    stream.seek(0)
    if expanded > limit:
        mb = 1024 * 1024
        raise error(
            source,
            [
                Problem(
                    "",
                    f"the workbook expands to {expanded // mb:,} MB when unzipped, over the "
                    f"limit of {limit // mb:,} MB",
                    hint,
                )
            ],
        )
