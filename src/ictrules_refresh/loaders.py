"""Loading an inventory from CSV, XLSX, JSON or TOML into an :class:`~.assets.Inventory`.

A file that cannot be read at all (missing, not text, malformed, no usable header) raises
:class:`ictrules.EvidenceError` naming the file, and the line or column where there is one. A
bad *value* never raises: it becomes a :class:`~.assets.DataIssue` with its row, column and
problem, and the asset keeps that value as unknown.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ictrules import EvidenceError, Problem
from ictrules._files import read_document

from ._values import read_date, read_funding, read_money, read_quantity, read_status, text_of
from .assets import Asset, DataIssue, Inventory
from .categories import CategoryTable
from .layouts import FIELDS, GENERIC, LAYOUTS, Layout, detect_layout, layout_from_mapping

__all__ = ["SUFFIXES", "inventory_from_records", "load_inventory"]

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

Row = tuple[int, Sequence[Any]]


def load_inventory(
    path: str | Path,
    *,
    layout: str = "auto",
    mapping: Mapping[str, Any] | str | Path | None = None,
    categories: CategoryTable | Mapping[str, str] | None = None,
) -> Inventory:
    """Read an inventory file.

    :param path: a ``.csv`` (or ``.tsv``), ``.xlsx`` (needs ``pip install 'ictrules[xlsx]'``),
        ``.json``, ``.toml`` or ``.yaml`` file.
    :param layout: ``"generic"``, ``"snipe-it"`` or ``"auto"`` (chosen from the header row).
    :param mapping: a column mapping (field -> column header) as a dict or a TOML/JSON file;
        it replaces ``layout``.
    :param categories: the category table, or extra names to add to the default one
        (``{"Class set iPad": "tablet"}``).
    :raises ictrules.EvidenceError: when the file cannot be read at all.
    """
    path = Path(path)
    source = str(path)
    table = _table(categories)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise EvidenceError(
            source, [Problem("", f"unsupported inventory file type {path.suffix!r}; use {known}")]
        )
    chosen = _chosen_layout(layout, mapping, source)
    if kind == "records":
        return inventory_from_records(
            _records_of(read_document(path), source), source, layout=chosen, categories=table
        )
    if not path.is_file():
        raise EvidenceError(source, [Problem("", "file not found")])
    rows = _csv_rows(path, source) if kind == "csv" else _xlsx_rows(path, source)
    return _from_rows(rows, source, chosen, table)


def inventory_from_records(
    records: Sequence[Mapping[str, Any]],
    source: str = "records",
    *,
    layout: Layout | None = None,
    categories: CategoryTable | Mapping[str, str] | None = None,
) -> Inventory:
    """Build an inventory from records (mappings of field or column name to value).

    Record ``n`` (counting from 1) is reported as row ``n``. Keys the layout does not read are
    reported once each, so that a misspelt field is never silently ignored.
    """
    chosen = layout or GENERIC
    names = sorted({str(key) for record in records for key in record})
    positions = chosen.locate(names, source)
    parser = _RowParser(source, _table(categories), chosen)
    used = {names[index] for index in positions.values()}
    for name in names:
        if name not in used:
            first = next(n for n, record in enumerate(records, start=1) if name in record)
            parser.issues.append(
                DataIssue(first, name, f"field {name!r} is not an asset field and was ignored")
            )
    for number, record in enumerate(records, start=1):
        cells = [record.get(name) for name in names]
        parser.parse(number, cells, positions)
    return parser.inventory(chosen.name)


# --- choosing a layout -----------------------------------------------------------------------


def _table(categories: CategoryTable | Mapping[str, str] | None) -> CategoryTable:
    if isinstance(categories, CategoryTable):
        return categories
    table = CategoryTable.default()
    return table.extended(categories) if categories else table


def _chosen_layout(
    layout: str, mapping: Mapping[str, Any] | str | Path | None, source: str
) -> Layout | None:
    if mapping is not None:
        return layout_from_mapping(mapping)
    if layout == "auto":
        return None
    if layout in LAYOUTS:
        return LAYOUTS[layout]
    known = ", ".join(["auto", *LAYOUTS])
    raise EvidenceError(source, [Problem("", f"unknown layout {layout!r}; use {known}")])


# --- reading rows ----------------------------------------------------------------------------


def _records_of(document: Any, source: str) -> list[Mapping[str, Any]]:
    records = document.get("assets") if isinstance(document, Mapping) else document
    if not isinstance(records, list):
        raise EvidenceError(
            source, [Problem("", "expected a list of assets, or a table with an 'assets' list")]
        )
    problems = [
        Problem(f"assets[{index}]", f"expected a table of fields, got {record!r}")
        for index, record in enumerate(records)
        if not isinstance(record, Mapping)
    ]
    if problems:
        raise EvidenceError(source, problems)
    return records


def _csv_rows(path: Path, source: str) -> Iterator[Row]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvidenceError(source, [Problem("", f"cannot read the file: {exc}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EvidenceError(
            source,
            [
                Problem(
                    f"line {line}",
                    f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                    "save it from your spreadsheet as 'CSV UTF-8'",
                )
            ],
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count) if first else ","
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter, strict=True)
    number = 0
    try:
        for cells in reader:
            number += 1
            yield number, cells
    except csv.Error as exc:
        raise EvidenceError(
            source, [Problem(f"line {reader.line_num}", f"malformed CSV: {exc}")]
        ) from None


def _xlsx_rows(path: Path, source: str) -> Iterator[Row]:
    try:
        import openpyxl
    except ImportError:
        raise EvidenceError(
            source,
            [
                Problem(
                    "", "reading .xlsx files needs the optional extra: pip install 'ictrules[xlsx]'"
                )
            ],
        ) from None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and its own errors alike
        raise EvidenceError(
            source, [Problem("", f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})")]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, list(cells)
    finally:
        workbook.close()


def _from_rows(
    rows: Iterable[Row], source: str, layout: Layout | None, table: CategoryTable
) -> Inventory:
    iterator = iter(rows)
    header_row = next(iterator, None)
    if header_row is None or not any(text_of(cell) for cell in header_row[1]):
        raise EvidenceError(source, [Problem("row 1", "no header row: the file is empty")])
    header = [text_of(cell) for cell in header_row[1]]
    chosen = layout or detect_layout(header, source)
    positions = chosen.locate(header, source)
    parser = _RowParser(source, table, chosen)
    for column, field in chosen.near_misses(header, positions):
        if field in chosen.columns:
            expected = chosen.columns[field][0]
            problem = (
                f"column {column!r} is not read: did you mean {expected!r} (the asset {field})?"
            )
        elif chosen.strict:
            problem = (
                f"column {column!r} is not read: the column mapping names no column for the "
                f'asset {field}; add {field} = "{column}" to it to read the column'
            )
        else:
            problem = (
                f"column {column!r} is not read: the {chosen.name} layout has no column for the "
                f"asset {field}; give a column mapping to read it"
            )
        parser.issues.append(DataIssue(1, column, problem, column))
    width = len(header)
    for number, cells in iterator:
        if not any(text_of(cell) for cell in cells):
            continue  # a blank line is not an asset
        extra = [text_of(cell) for cell in cells[width:] if text_of(cell)]
        if extra:
            parser.issues.append(
                DataIssue(
                    number,
                    f"column {width + 1}",
                    f"the row has {len(cells)} cells but the header only {width}; "
                    f"values beyond the header were ignored: {', '.join(extra)}",
                )
            )
        parser.parse(number, cells, positions)
    return parser.inventory(chosen.name)


# --- one row at a time -----------------------------------------------------------------------


class _RowParser:
    """Turns rows into assets, collecting issues; caches repeated dates and categories."""

    def __init__(self, source: str, table: CategoryTable, layout: Layout) -> None:
        self.source = source
        self.table = table
        self.layout = layout
        self.assets: list[Asset] = []
        self.issues: list[DataIssue] = []
        self.seen_ids: dict[str, int] = {}
        self.headers = {field: layout.columns.get(field, (field,))[0] for field in FIELDS}
        self._memo: dict[tuple[str, type, Any], Any] = {}
        self._texts: dict[str, str] = {}

    def cached(self, kind: str, read: Callable[[Any], Any], cell: Any) -> Any:
        """``read(cell)``, remembered: inventories repeat the same dates, costs and names."""
        try:
            key = (kind, type(cell), cell)
            return self._memo[key]
        except KeyError:
            result = self._memo[key] = read(cell)
            return result
        except TypeError:  # an unhashable cell
            return read(cell)

    def text(self, cell: Any) -> str:
        """A cell's text, shared between rows that repeat it."""
        text = text_of(cell)
        return self._texts.setdefault(text, text)

    def read_date(self, cell: Any) -> tuple[dt.date | None, str | None]:
        """A date cell, in the layout's date format if it has one."""
        return read_date(cell, self.layout.date_format)

    def inventory(self, layout: str) -> Inventory:
        issues = sorted(self.issues, key=lambda issue: issue.row)
        return Inventory(tuple(self.assets), tuple(issues), self.source, layout)

    def parse(self, number: int, cells: Sequence[Any], positions: Mapping[str, int]) -> None:
        raw = {
            field: cells[index] if index < len(cells) else None
            for field, index in positions.items()
        }
        issues: list[DataIssue] = []

        def problem(field: str, message: str, skipped: bool = False) -> None:
            value = text_of(raw.get(field))
            issues.append(DataIssue(number, self.headers[field], message, value, skipped))

        quantity, message = self.cached("quantity", read_quantity, raw.get("quantity"))
        if message:
            problem("quantity", message, skipped=True)
        category_text = self.text(raw.get("category"))
        category = (
            self.cached("category", self.table.lookup, category_text) if category_text else None
        )
        if not category_text:
            problem("category", "no category given; the asset cannot be planned")
        elif category is None:
            hint = self.table.suggestion(category_text)
            problem(
                "category",
                f"category {category_text!r} is not in the category table; the asset cannot "
                "be planned (add the name to the table with categories={...}, or with "
                "--category NAME=CATEGORY on the command line)" + (f" ({hint})" if hint else ""),
            )
        status, message = self.cached("status", read_status, raw.get("status"))
        if message:
            problem("status", message)
        dates: dict[str, dt.date | None] = {}
        for field in ("purchase_date", "warranty_end", "support_end"):
            dates[field], message = self.cached("date", self.read_date, raw.get(field))
            if message:
                problem(field, message)
        cost, message = self.cached("money", read_money, raw.get("purchase_cost"))
        if message:
            problem("purchase_cost", message)
        funding, message = self.cached("funding", read_funding, raw.get("funding"))
        if message:
            problem("funding", message)
        asset_id = text_of(raw.get("id")) or f"row {number}"
        if asset_id in self.seen_ids:
            problem("id", f"asset id {asset_id!r} is also used on row {self.seen_ids[asset_id]}")
        else:
            self.seen_ids[asset_id] = number
        self.issues.extend(issues)
        if quantity is None:
            return
        self.assets.append(
            Asset(
                id=asset_id,
                category=category,
                category_text=category_text,
                name=self.text(raw.get("name")),
                model=self.text(raw.get("model")),
                status=status,
                purchase_date=dates["purchase_date"],
                purchase_cost=cost,
                location=self.text(raw.get("location")),
                quantity=quantity,
                warranty_end=dates["warranty_end"],
                support_end=dates["support_end"],
                funding=funding,
                row=number,
            )
        )
