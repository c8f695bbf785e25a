"""Loading an inventory from CSV, TSV, XLSX, JSON, TOML or YAML into an :class:`~.assets.Inventory`.

A file that cannot be read at all (missing, in an unknown encoding, malformed, no usable header)
raises :class:`ictrules_refresh.InventoryError` naming the file, and the line, row or sheet
where there is one. A bad *value* never raises: it becomes a :class:`~.assets.DataIssue` with
its row, column and problem, and the asset keeps that value as unknown.

Rows are read in two passes. The first collects each row's cells; the second reads every column
as a whole: a date column's format and a number column's decimal mark are inferred from all its
values, or failing that from the file's other columns (:mod:`ictrules.tables.dates`,
:mod:`._numbers`), and applied to every row, and each distinct value is read once however many
rows repeat it. CSV text is decoded and split into rows
by :mod:`ictrules.tables`, which the core's survey reader shares.
"""

from __future__ import annotations

import functools
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any

import attrs

from ictrules import Problem
from ictrules.files import not_found, preview, read_bytes, read_document
from ictrules.tables import (
    check_workbook,
    csv_rows,
    decode_text,
    preview_names,
    sheet_rows,
    workbook_problem,
)
from ictrules.tables.dates import DateColumn, read_date_column
from ictrules.tables.formulas import NO_SAVED_VALUE, Formula, holds_formulas

from ._money import money_of
from ._numbers import read_number_columns
from ._values import read_funding, read_quantity, read_status, text_of
from .assets import Asset, DataIssue, Inventory
from .categories import CategoryTable
from .errors import InventoryError
from .layouts import (
    DATE_FIELDS,
    FIELDS,
    GENERIC,
    LAYOUTS,
    Layout,
    check_date_format,
    detect_layout,
    layout_from_mapping,
    layout_names,
)

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_RECORDS_BYTES",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_EXPANDED",
    "PROGRESS_EVERY",
    "SUFFIXES",
    "inventory_from_records",
    "load_inventory",
]

#: File suffixes an inventory may have, and how each is read.
SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "records",
    ".toml": "records",
    ".yaml": "records",
    ".yml": "records",
}
#: How many rows the loader reads between calls of a ``progress`` callback.
PROGRESS_EVERY = 50_000

#: The largest CSV or TSV inventory read, in bytes (1 GiB: some ten million rows).
MAX_CSV_BYTES = 1024 * 1024 * 1024
#: The largest JSON, TOML or YAML inventory read, in bytes (64 MiB): it is parsed whole.
MAX_RECORDS_BYTES = 64 * 1024 * 1024
#: The largest .xlsx workbook read, in bytes, as it is stored (compressed) (64 MiB).
MAX_XLSX_BYTES = 64 * 1024 * 1024
#: The most a workbook's parts may expand to, in bytes, when unzipped (512 MiB): checked before
#: anything is expanded, so that a small file cannot unpack to gigabytes.
MAX_XLSX_EXPANDED = 512 * 1024 * 1024
#: How many rows below row 1 are searched for the header when row 1 is not one.
HEADER_SEARCH = 10
#: The problem a formula cell without a saved value is, for every column.
UNCACHED_FORMULA = f"{NO_SAVED_VALUE}; the value is treated as unknown"

Row = tuple[int, Sequence[Any]]
Progress = Callable[[int, int], None]

# CSV text and rows as ictrules.tables reads them, failing as an inventory error.
_decode_text = functools.partial(decode_text, error=InventoryError)
_csv_rows = functools.partial(csv_rows, error=InventoryError)


def load_inventory(
    path: str | Path,
    *,
    layout: str | Layout = "auto",
    mapping: Mapping[str, Any] | str | Path | None = None,
    categories: CategoryTable | Mapping[str, str] | None = None,
    date_format: str | None = None,
    sheet: str | None = None,
    layouts: Mapping[str, Layout] | None = None,
    progress: Progress | None = None,
) -> Inventory:
    """Read an inventory file.

    :param path: a ``.csv`` (``.tsv`` is always tab-separated), ``.xlsx`` (needs
        ``pip install 'ictrules[xlsx]'``), ``.json``, ``.toml`` or ``.yaml`` file.
    :param layout: ``"auto"`` (chosen from the header row), the name of a layout (``"generic"``,
        ``"snipe-it"``, ``"google-admin"``, ``"intune"``, ``"jamf-computers"``,
        ``"jamf-mobile-devices"``, ``"glpi"`` or one an authority plugin adds), or a
        :class:`~.layouts.Layout`.
    :param mapping: a column mapping (field -> column header) as a dict or a TOML/JSON file;
        it replaces ``layout``.
    :param categories: the category table, or extra names to add to the default one
        (``{"Class set iPad": "tablet"}``).
    :param date_format: a ``strptime`` format for the file's dates (``"%m/%d/%Y"``), for
        dates that are neither ISO nor spelt out and that the columns themselves do not settle.
    :param sheet: the sheet of a workbook to read; by default every sheet whose row 1 is a
        header a layout can read, as one inventory whose assets and issues name their sheets
        (a note names the sheets read and those that are not).
    :param layouts: the layouts to choose from (default: the presets; the command line passes
        :func:`~.layouts.resolve_layouts` to add authority plugins' layouts).
    :param progress: called as ``progress(done, total)`` while rows are read, for a progress
        bar; ``total`` is an estimate while the file is read.
    :raises ictrules_refresh.InventoryError: when the file cannot be read at all.
    """
    path = Path(path)
    source = str(path)
    table = _table(categories)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None and not path.exists():
        raise InventoryError(source, [not_found(source)])
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise InventoryError(
            source, [Problem("", f"unsupported inventory file type {path.suffix!r}; use {known}")]
        )
    known_layouts = dict(layouts) if layouts is not None else dict(LAYOUTS)
    chosen = _chosen_layout(layout, mapping, source, known_layouts)
    if date_format is not None:
        message = check_date_format(date_format)
        if message:
            raise InventoryError(source, [Problem("date format", message)])
    if sheet is not None and kind != "xlsx":
        raise InventoryError(
            source,
            [Problem("", f"sheet={preview(sheet)} applies to .xlsx workbooks, not {path.suffix}")],
        )
    reader = _Reader(source, table, chosen, known_layouts, date_format, progress)
    if kind == "records":
        document = read_document(
            path,
            error=InventoryError,
            limit=MAX_RECORDS_BYTES,
            what="inventories in JSON, TOML or YAML",
        )
        return reader.records(_records_of(document, source))
    if kind == "csv":
        return reader.csv(path)
    return reader.xlsx(path, sheet)


def inventory_from_records(
    records: Sequence[Mapping[str, Any]],
    source: str = "records",
    *,
    layout: Layout | None = None,
    categories: CategoryTable | Mapping[str, str] | None = None,
    date_format: str | None = None,
) -> Inventory:
    """Build an inventory from records (mappings of field or column name to value).

    Record ``n`` (counting from 1) is reported as row ``n``. Keys the layout does not read are
    reported once each, so that a misspelt field is never silently ignored.
    """
    reader = _Reader(source, _table(categories), layout or GENERIC, LAYOUTS, date_format, None)
    return reader.records(records)


# --- choosing a layout -----------------------------------------------------------------------


def _table(categories: CategoryTable | Mapping[str, str] | None) -> CategoryTable:
    if isinstance(categories, CategoryTable):
        return categories
    table = CategoryTable.default()
    return table.extended(categories) if categories else table


def _chosen_layout(
    layout: str | Layout,
    mapping: Mapping[str, Any] | str | Path | None,
    source: str,
    layouts: Mapping[str, Layout],
) -> Layout | None:
    if mapping is not None:
        return layout_from_mapping(mapping)
    if isinstance(layout, Layout):
        return layout
    if layout == "auto":
        return None
    if layout in layouts:
        return layouts[layout]
    raise InventoryError(
        source, [Problem("", f"unknown layout {preview(layout)}; use {layout_names(layouts)}")]
    )


# --- reading files ---------------------------------------------------------------------------


def _records_of(document: Any, source: str) -> list[Mapping[str, Any]]:
    records = document.get("assets") if isinstance(document, Mapping) else document
    if not isinstance(records, list):
        raise InventoryError(
            source, [Problem("", "expected a list of assets, or a table with an 'assets' list")]
        )
    problems = [
        Problem(f"assets[{index}]", f"expected a table of fields, got {preview(record)}")
        for index, record in enumerate(records)
        if not isinstance(record, Mapping)
    ]
    if problems:
        raise InventoryError(source, problems)
    return records


# --- reading rows ----------------------------------------------------------------------------


class _Reader:
    """Reads one inventory: finds its header and layout, then its rows (:class:`_Columns`)."""

    def __init__(
        self,
        source: str,
        table: CategoryTable,
        layout: Layout | None,
        layouts: Mapping[str, Layout],
        date_format: str | None,
        progress: Progress | None,
    ) -> None:
        self.source = source
        self.table = table
        self.layout = layout
        self.layouts = layouts
        self.date_format = date_format
        self.progress = progress

    def _final(self, layout: Layout) -> Layout:
        if self.date_format is not None:
            return attrs.evolve(layout, date_format=self.date_format)
        return layout

    def _layout_of(
        self, header: Sequence[str], rows: Iterator[Row]
    ) -> tuple[Layout, dict[str, tuple[int, ...]]]:
        """The layout that reads ``header`` (row 1) and where its fields are. When row 1 is no
        header it can read but one of the next rows is (a title above the header, as hand-kept
        registers have), raise :class:`_HeaderBelow` saying so, rather than why row 1 is not."""
        try:
            return self._located(header)
        except InventoryError:
            for number, cells in itertools.islice(rows, HEADER_SEARCH):
                below = [text_of(cell) for cell in cells]
                try:
                    self._located(below)
                except InventoryError:
                    continue
                above = "row 1" if number == 2 else f"rows 1-{number - 1}"
                raise _HeaderBelow(
                    self.source,
                    [
                        Problem(
                            "row 1",
                            f"row 1 is not the header, but row {number} is (columns "
                            f"{preview_names([name for name in below if name], 6)}): a title "
                            "above the header?",
                            f"delete {above} so that the header is row 1, then read the file again",
                        )
                    ],
                ) from None
            raise

    def _located(self, header: Sequence[str]) -> tuple[Layout, dict[str, tuple[int, ...]]]:
        if not any(header):
            raise InventoryError(self.source, [Problem("row 1", "no header row: row 1 is empty")])
        layout = self._final(self.layout or detect_layout(header, self.source, self.layouts))
        return layout, layout.locate(header, self.source)

    def records(self, records: Sequence[Mapping[str, Any]]) -> Inventory:
        layout = self._final(self.layout or GENERIC)
        names = sorted({str(key) for record in records for key in record})
        positions = layout.locate(names, self.source)
        used = {names[index] for indices in positions.values() for index in indices}
        issues = []
        for name in names:
            if name not in used:
                first = next(n for n, record in enumerate(records, start=1) if name in record)
                issues.append(
                    DataIssue(
                        first, name, f"field {preview(name)} is not an asset field and was ignored"
                    )
                )
        rows = (
            (number, [record.get(name) for name in names])
            for number, record in enumerate(records, start=1)
        )
        columns = _Columns(self.source, self.table, layout, names, positions, text=False)
        columns.issues.extend(issues)
        columns.read(rows, len(records), self.progress)
        return columns.inventory(())

    def csv(self, path: Path) -> Inventory:
        data = read_bytes(path, InventoryError, limit=MAX_CSV_BYTES, what="CSV inventories")
        text, notes = _decode_text(data, self.source)
        del data
        rows, total = _csv_rows(text, self.source, path.suffix)
        header_row = next(rows, None)
        if header_row is None or not any(map(text_of, header_row[1])):
            raise InventoryError(
                self.source, [Problem("row 1", "no header row: the file is empty")]
            )
        header = [text_of(cell) for cell in header_row[1]]
        layout, positions = self._layout_of(header, rows)
        columns = _Columns(self.source, self.table, layout, header, positions, text=True)
        columns.formulas = holds_formulas(text)
        columns.header_issues()
        columns.read(rows, total, self.progress)
        del text
        return columns.inventory(notes)

    def xlsx(self, path: Path, sheet: str | None) -> Inventory:
        try:
            import openpyxl
        except ImportError:
            raise InventoryError(
                self.source,
                [
                    Problem(
                        "",
                        "reading .xlsx files needs the optional extra: pip install "
                        "'ictrules[xlsx]'",
                    )
                ],
            ) from None
        stream = io.BytesIO(
            read_bytes(path, InventoryError, limit=MAX_XLSX_BYTES, what=".xlsx workbooks")
        )
        self._check_expansion(stream)
        try:
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises zip, XML and its own errors alike
            raise self._unreadable(exc) from None
        try:
            return self._workbook(workbook, sheet)
        finally:
            workbook.close()

    def _unreadable(self, exc: Exception, where: str = "") -> InventoryError:
        return InventoryError(self.source, [workbook_problem(exc, where)])

    def _check_expansion(self, stream: io.BytesIO) -> None:
        """Refuse a workbook whose parts would unzip to more than :data:`MAX_XLSX_EXPANDED`."""
        check_workbook(
            stream,
            self.source,
            InventoryError,
            limit=MAX_XLSX_EXPANDED,
            hint="is this really an inventory? Save it as CSV to read a larger one",
        )

    def _workbook(self, workbook: Any, sheet: str | None) -> Inventory:
        """The inventory on the ``sheet`` named, or on every sheet whose row 1 is a header a
        layout reads (a register kept as Laptops, Desktops and iPads is one inventory); the
        other sheets are named in a note, never passed over without a word."""
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise InventoryError(
                self.source,
                [
                    Problem(
                        "",
                        f"no sheet named {preview(sheet)}; the sheets are {preview_names(names)}",
                    )
                ],
            )
        read: dict[str, _Columns] = {}
        refused: list[Problem] = []
        for name in [sheet] if sheet is not None else names:
            worksheet = workbook[name]
            estimate = max(0, (worksheet.max_row or 1) - 1)
            rows = sheet_rows(worksheet, name, self.source, InventoryError)
            header_row = next(rows, None)
            header = [text_of(cell) for cell in header_row[1]] if header_row else []
            try:
                layout, positions = self._layout_of(header, rows)
            except InventoryError as exc:
                problems = [attrs.evolve(p, path=_in_sheet(name, p.path)) for p in exc.problems]
                if sheet is not None or len(names) == 1 or isinstance(exc, _HeaderBelow):
                    raise InventoryError(self.source, problems) from None
                refused.append(problems[0])
                continue
            columns = _Columns(self.source, self.table, layout, header, positions, text=False)
            columns.header_issues()
            columns.read(rows, estimate, self.progress)
            read[name] = columns
        if not read:
            refused.append(
                Problem(
                    "",
                    "no sheet of the workbook has a usable header in row 1 (sheets: "
                    f"{preview_names(names)})",
                    "choose the sheet with sheet=NAME (--sheet NAME on the command line), or a "
                    "column mapping (--mapping FILE)",
                )
            )
            raise InventoryError(self.source, refused)
        unread = [name for name in names if name not in read] if sheet is None else []
        note = _sheets_note(list(read), unread)
        if len(read) == 1:
            ((name, columns),) = read.items()
            return columns.inventory(note)
        ids: dict[str, tuple[str, int]] = {}
        parts = [columns.inventory((), name, ids) for name, columns in read.items()]
        return _one_inventory(parts, note)


def _sheets_note(read: list[str], unread: list[str]) -> tuple[str, ...]:
    """What a workbook's sheets were read, and which not, when it has several."""
    if not unread and len(read) == 1:
        return ()
    if len(read) == 1:
        said = f"read the sheet {preview(read[0])}"
    else:
        said = f"read the sheets {preview_names(read)} as one inventory"
    if unread:
        said += f": row 1 of {preview_names(unread)} is not a header the layouts can read"
    choose = "another sheet" if len(read) == 1 else "one sheet"
    return (f"{said} (choose {choose} with sheet=NAME, --sheet NAME on the command line)",)


def _one_inventory(parts: Sequence[Inventory], notes: tuple[str, ...]) -> Inventory:
    """The inventories of a workbook's sheets as one, each asset and issue naming its sheet."""
    first = parts[0]
    layouts = dict.fromkeys(part.layout for part in parts)
    columns: dict[str, str] = {}
    for part in parts:
        for field, header in part.columns.items():
            columns.setdefault(field, header)
    return Inventory(
        tuple(asset for part in parts for asset in part.assets),
        tuple(issue for part in parts for issue in part.issues),
        first.source,
        ", ".join(layouts),
        columns,
        (*notes, *dict.fromkeys(note for part in parts for note in part.notes)),
        tuple(sheet for part in parts for sheet in part.sheets),
    )


class _HeaderBelow(InventoryError):
    """Row 1 is no header, but a row below it is: the one fault said of the file."""


def _in_sheet(sheet: str, where: str) -> str:
    return f"sheet {preview(sheet)}, {where}" if where else f"sheet {preview(sheet)}"


# --- reading every column as a whole ---------------------------------------------------------

#: The order of a row's issues: as a person reads the row's values through.
_ISSUE_ORDER = {
    field: index
    for index, field in enumerate(
        (
            "quantity",
            "category",
            "status",
            *DATE_FIELDS,
            "purchase_cost",
            "funding",
            "id",
            "name",
            "model",
            "location",
        )
    )
}


def _first_filled(cells: Sequence[Any], indices: Sequence[int]) -> Any:
    for index in indices:
        cell = cells[index] if index < len(cells) else None
        if cell is not None and text_of(cell):
            return cell
    return None


class _Columns:
    """One inventory's rows: read into columns (pass one), then each column read as a whole
    and the assets built (pass two)."""

    def __init__(
        self,
        source: str,
        table: CategoryTable,
        layout: Layout,
        header: Sequence[str],
        positions: Mapping[str, tuple[int, ...]],
        *,
        text: bool,
    ) -> None:
        self.source = source
        self.table = table
        self.layout = layout
        self.header = list(header)
        self.positions = positions
        self.text = text  # every cell is a str (CSV), so cells need no conversion
        self.formulas = not text  # whether a cell may be a Formula (CSV: when the text says so)
        self.fields = [field for field in FIELDS if field in positions]
        self.headers = {
            field: header[positions[field][0]] if field in positions else field for field in FIELDS
        }
        self.issues: list[DataIssue] = []
        self.numbers: list[int] = []
        self.cells: list[tuple[Any, ...]] = []
        self.blank_ids: list[tuple[int, str]] = []
        self.uncached: list[int] = []  # indexes of rows holding a formula without a value

    # --- pass one ---

    def header_issues(self) -> None:
        """Report unread columns that look like a field's column (a typo is never ignored)."""
        layout = self.layout
        for column, field in layout.near_misses(self.header, self.positions):
            if field in layout.columns:
                expected = layout.columns[field][0]
                problem = (
                    f"column {preview(column)} is not read: did you mean {expected!r} (the asset "
                    f"{field})?"
                )
            elif layout.strict:
                problem = (
                    f"column {preview(column)} is not read: the column mapping names no column for "
                    f'the asset {field}; add {field} = "{column}" to it to read the column'
                )
            else:
                problem = (
                    f"column {preview(column)} is not read: the {layout.name} layout has no column "
                    f"for the asset {field}; give a column mapping to read it"
                )
            self.issues.append(DataIssue(1, column, problem, column))

    def read(self, rows: Iterable[Row], total: int, progress: Progress | None) -> None:
        """Pass one: keep each row's cells of the columns read (equal texts shared)."""
        width = len(self.header)
        primary = [self.positions[field][0] for field in self.fields]
        fallbacks = [
            (slot, self.positions[field])
            for slot, field in enumerate(self.fields)
            if len(self.positions[field]) > 1
        ]
        id_columns = frozenset(self.positions.get("id", ()))
        if len(primary) > 1:
            pick: Callable[[Sequence[Any]], tuple[Any, ...]] = itemgetter(*primary)
        elif primary:
            only = primary[0]

            def pick(cells: Sequence[Any]) -> tuple[Any, ...]:
                return (cells[only],)

        else:

            def pick(cells: Sequence[Any]) -> tuple[Any, ...]:
                return ()

        shared: dict[Any, Any] = {}
        share = shared.setdefault
        keep_cells, keep_number = self.cells.append, self.numbers.append
        text = self.text
        formulas = self.formulas
        every = PROGRESS_EVERY
        for number, cells in rows:
            if progress is not None and not number % every:
                progress(number, max(total, number))
            if sum(map(bool, cells)) <= 2:  # few cells filled: blank, or only an id?
                filled = [index for index, cell in enumerate(cells) if text_of(cell)]
                if not filled:
                    continue  # a blank line is not an asset
                if id_columns and set(filled) <= id_columns:
                    self.blank_ids.append((number, text_of(cells[filled[0]])))
                    continue
            count = len(cells)
            if count != width:
                if count > width:
                    self._extra(number, cells, width)
                cells = [*cells[:width], *[None] * (width - count)]
            values = pick(cells)
            if fallbacks:
                listed = list(values)
                for slot, indices in fallbacks:
                    listed[slot] = _first_filled(cells, indices)
                values = tuple(listed)
            if text:
                values = tuple(map(share, values, values))
            else:
                values = tuple(_plain(value) for value in values)
            if formulas and Formula in map(type, values):
                self.uncached.append(len(self.cells))
            keep_cells(values)
            keep_number(number)
        if progress is not None:
            progress(len(self.numbers), len(self.numbers))

    def _extra(self, number: int, cells: Sequence[Any], width: int) -> None:
        extra = [text_of(cell) for cell in cells[width:] if text_of(cell)]
        if extra:
            listed = preview_names(extra, 5)
            self.issues.append(
                DataIssue(
                    number,
                    f"column {width + 1}",
                    f"the row has {len(cells)} cells but the header only {width}; "
                    f"values beyond the header were ignored: {listed}",
                )
            )

    # --- pass two ---

    def column(self, field: str) -> list[Any]:
        """The cells of ``field``, one per row (``None`` for every row when it has no column)."""
        if field not in self.positions:
            return [None] * len(self.numbers)
        return list(map(itemgetter(self.fields.index(field)), self.cells))

    def inventory(
        self,
        notes: tuple[str, ...],
        sheet: str = "",
        ids: dict[str, tuple[str, int]] | None = None,
    ) -> Inventory:
        """Pass two: read every column, build the assets and collect the issues in row order.

        A ``sheet`` of a workbook read with others is named by every asset and issue; ``ids``
        are the asset ids its earlier sheets used (each id's sheet and row), so that an id
        used on two sheets is reported."""
        layout = self.layout
        numbers = self.numbers
        found: list[tuple[int, int, DataIssue]] = []  # (row, field order, issue)
        order = _ISSUE_ORDER

        unknown_quantity, formulas = self._uncached_issues(found)

        def report(field: str, column: Sequence[Any], problems: Mapping[Any, str]) -> None:
            if not problems:
                return
            header, place = self.headers[field], order[field]
            for number, raw in zip(numbers, column, strict=True):
                problem = problems.get(raw)
                if problem is not None and (number, field) not in formulas:
                    found.append((number, place, DataIssue(number, header, problem, text_of(raw))))

        # quantity first: a row with no usable quantity is left out
        quantities_raw = self.column("quantity")
        costs_raw = self.column("purchase_cost")
        # the two number columns read alike: each may settle the other's 1,234
        number_columns = read_number_columns(
            {"quantity": dict.fromkeys(quantities_raw), "cost": dict.fromkeys(costs_raw)}
        )
        quantity_of = {
            raw: read_quantity(n) for raw, n in number_columns["quantity"].readings.items()
        }
        quantities = [quantity_of[raw][0] for raw in quantities_raw]
        for index in unknown_quantity:
            quantities[index] = None
        for number, raw in zip(numbers, quantities_raw, strict=True):
            message = quantity_of[raw][1]
            if message:
                found.append(
                    (
                        number,
                        -1,
                        DataIssue(number, self.headers["quantity"], message, text_of(raw), True),
                    )
                )

        category_texts = self._category_texts()
        category_of: dict[str, tuple[str | None, str | None]] = {}
        for name in set(category_texts):
            category_of[name] = self._category(name)
        categories = [category_of[name][0] for name in category_texts]
        report(
            "category",
            category_texts,
            {name: problem for name, (_, problem) in category_of.items() if problem},
        )

        statuses_raw = self.column("status")
        status_of = {raw: read_status(raw, layout.statuses) for raw in set(statuses_raw)}
        statuses = [status_of[raw][0] for raw in statuses_raw]
        report("status", statuses_raw, {r: m for r, (_, m) in status_of.items() if m})

        dates = self._dates(report)

        money = {raw: money_of(number) for raw, number in number_columns["cost"].readings.items()}
        costs = [money[raw].amount for raw in costs_raw]
        currencies = [money[raw].currency for raw in costs_raw]
        report("purchase_cost", costs_raw, {r: m.problem for r, m in money.items() if m.problem})

        funding_raw = self.column("funding")
        funding_of = {raw: read_funding(raw) for raw in set(funding_raw)}
        fundings = [funding_of[raw][0] for raw in funding_raw]
        report("funding", funding_raw, {r: m for r, (_, m) in funding_of.items() if m})

        asset_ids = self._ids(found, order["id"], sheet, ids)
        names = self._texts("name")
        models = self._texts("model")
        locations = self._texts("location")

        assets = list(
            map(
                Asset,
                asset_ids,
                categories,
                category_texts,
                names,
                models,
                statuses,
                dates["purchase_date"],
                costs,
                locations,
                quantities,
                dates["warranty_end"],
                dates["support_end"],
                fundings,
                numbers,
                dates["lease_end"],
                dates["end_of_life"],
                currencies,
                itertools.repeat(sheet),
            )
        )
        if None in quantities:
            assets = list(compress(assets, [q is not None for q in quantities]))
        self._blank_ids(found)
        found.sort(key=itemgetter(0, 1))
        issues = [*self.issues, *(issue for _, _, issue in found)]
        issues.sort(key=lambda issue: issue.row)
        if sheet:
            issues = [attrs.evolve(issue, sheet=sheet) for issue in issues]
        notes = (*notes, *self._notes())
        columns = {field: self.headers[field] for field in self.fields}
        return Inventory(
            tuple(assets),
            tuple(issues),
            self.source,
            layout.name,
            columns,
            notes,
            (sheet,) if sheet else (),
        )

    def _uncached_issues(
        self, found: list[tuple[int, int, DataIssue]]
    ) -> tuple[list[int], set[tuple[int, str]]]:
        """Report each formula cell without a saved value and make its value unknown; return
        the rows whose quantity it was (left out: their number of devices is not known), and
        each (row, field) it stood in, whose unknown value is no problem of its own."""
        no_quantity = []
        cells: set[tuple[int, str]] = set()
        for index in self.uncached:
            number, row = self.numbers[index], list(self.cells[index])
            for slot, value in enumerate(row):
                if type(value) is not Formula:
                    continue
                field = self.fields[slot]
                skipped = field == "quantity"
                problem = UNCACHED_FORMULA + ("; row left out" if skipped else "")
                place = -1 if skipped else _ISSUE_ORDER[field]
                issue = DataIssue(number, self.headers[field], problem, str(value), skipped)
                found.append((number, place, issue))
                cells.add((number, field))
                row[slot] = None
                if skipped:
                    no_quantity.append(index)
            self.cells[index] = tuple(row)
        return no_quantity, cells

    def _notes(self) -> list[str]:
        return [note for field, note in self.layout.notes.items() if field in self.positions]

    def _blank_ids(self, found: list[tuple[int, int, DataIssue]]) -> None:
        if not self.blank_ids:
            return
        rows = [number for number, _ in self.blank_ids]
        values = [value for _, value in self.blank_ids]
        shown = ", ".join(preview(v) for v in values[:5]) + (" ..." if len(values) > 5 else "")
        span = _spans(rows)
        noun = "row holds" if len(rows) == 1 else "rows hold"
        found.append(
            (
                rows[0],
                -2,
                DataIssue(
                    rows[0],
                    self.headers["id"],
                    f"{len(rows)} {noun} only an id and nothing else ({span}: {shown}): read as "
                    "blank rows, not devices",
                    values[0],
                ),
            )
        )

    def _category_texts(self) -> list[str]:
        layout = self.layout
        raw = self.column("category")
        text_of_raw = {value: _shared_text(value) for value in set(raw)}
        texts = [text_of_raw[value] for value in raw]
        if not (layout.category or layout.model_categories) or all(texts):
            return texts
        models = self.column("model")
        derived: dict[Any, str] = {}
        for index, text in enumerate(texts):
            if text:
                continue
            model = models[index]
            if model not in derived:
                derived[model] = layout.category or layout.category_of_model(text_of(model))
            texts[index] = derived[model]
        return texts

    def _category(self, name: str) -> tuple[str | None, str | None]:
        if not name:
            return None, "no category given; the asset cannot be planned"
        category = self.table.lookup(name)
        if category is not None:
            return category, None
        hint = self.table.suggestion(name)
        return None, (
            f"category {preview(name)} is not in the category table; the asset cannot be planned "
            "(add the name to the table with categories={...}, or with --category "
            "NAME=CATEGORY on the command line)" + (f" ({hint})" if hint else "")
        )

    def _dates(
        self, report: Callable[[str, Sequence[Any], Mapping[Any, str]], None]
    ) -> dict[str, list[Any]]:
        """Every date column, read as a whole; a column that leaves the order of its numeric
        dates open takes the order the file's other date columns prove."""
        raws = {field: self.column(field) for field in DATE_FIELDS}
        date_format = self.layout.date_format
        read: dict[str, DateColumn] = {
            field: read_date_column(dict.fromkeys(raw), date_format)
            for field, raw in raws.items()
            if field in self.positions
        }
        proven = {column.order for column in read.values() if column.order and not column.note}
        if len(proven) == 1:
            (order,) = proven
            for field, column in read.items():
                if column.note:
                    distinct = dict.fromkeys(raws[field])
                    read[field] = read_date_column(distinct, date_format, order=order)
        values: dict[str, list[Any]] = {}
        for field in DATE_FIELDS:
            if field not in read:
                values[field] = raws[field]  # None for every row
                continue
            readings = read[field].readings
            values[field] = [readings[raw][0] for raw in raws[field]]
            report(field, raws[field], {r: m for r, (_, m) in readings.items() if m})
            column = read[field]
            if column.note:
                row = self.numbers[raws[field].index(column.note_value)]
                self.issues.append(
                    DataIssue(row, self.headers[field], column.note, text_of(column.note_value))
                )
        return values

    def _ids(
        self,
        found: list[tuple[int, int, DataIssue]],
        place: int,
        sheet: str,
        earlier: dict[str, tuple[str, int]] | None,
    ) -> list[str]:
        """Each row's asset id (``row 12`` for a row without one), reporting an id used twice,
        on this sheet or on an ``earlier`` sheet of the workbook (id -> sheet and row, to which
        this sheet's ids are added)."""
        raw = self.column("id")
        unnamed = f"{sheet} row " if sheet else "row "
        ids = [
            text or f"{unnamed}{number}"
            for text, number in zip(map(_text, raw), self.numbers, strict=True)
        ]
        if earlier is None and len(set(ids)) == len(ids):
            return ids
        seen: dict[str, int] = {}
        header = self.headers["id"]
        for asset_id, number in zip(ids, self.numbers, strict=True):
            first = seen.setdefault(asset_id, number)
            if first != number:
                where = f"row {first}"
            elif earlier is not None and asset_id in earlier:
                other, row = earlier[asset_id]
                where = f"sheet {preview(other)}, row {row}"
            else:
                continue
            message = f"asset id {preview(asset_id)} is also used on {where}"
            found.append((number, place, DataIssue(number, header, message, asset_id)))
        if earlier is not None:
            for asset_id, number in seen.items():
                earlier.setdefault(asset_id, (sheet, number))
        return ids

    def _texts(self, field: str) -> list[str]:
        raw = self.column(field)
        texts = {value: _shared_text(value) for value in set(raw)}
        return [texts[value] for value in raw]


def _text(raw: Any) -> str:
    """:func:`text_of`, quicker for the usual text cell."""
    return raw.strip() if raw.__class__ is str else text_of(raw)


_shared_text = _text


def _plain(value: Any) -> Any:
    """A typed cell as the column readers take it: a true/false cell as the text a spreadsheet
    shows (so that it never counts as the number 1 or 0), and a list or table (from JSON) as
    its text, which no reader accepts."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, list | dict | set):
        return str(value)
    return value


def _spans(numbers: Sequence[int]) -> str:
    """``rows 4-7, 9`` for consecutive runs of row numbers."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{run[0]}-{run[-1]}" if len(run) > 1 else f"{run[0]}" for run in runs[:10]]
    more = ", ..." if len(runs) > 10 else ""
    return ("row " if len(numbers) == 1 else "rows ") + ", ".join(parts) + more
