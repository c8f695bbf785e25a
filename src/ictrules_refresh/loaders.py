"""Loading an inventory from CSV, TSV, XLSX, JSON, TOML or YAML into an :class:`~.assets.Inventory`.

A file that cannot be read at all (missing, in an unknown encoding, malformed, no usable header)
raises :class:`ictrules_refresh.InventoryError` naming the file, and the line, row or sheet
where there is one. A bad *value* never raises: it becomes a :class:`~.assets.DataIssue` with
its row, column and problem, and the asset keeps that value as unknown.

This module finds a file's header, its layout and, in a workbook, the sheets to read; the rows
are then read into assets column by column (:mod:`._columns`). CSV text is decoded and split
into rows by :mod:`ictrules.tables`, which the core's survey reader shares.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator, Mapping, Sequence
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
from ictrules.tables.formulas import holds_formulas
from ictrules.tables.headers import header_below, title_above

from ._columns import Columns, Progress, Row
from ._values import text_of
from .assets import Asset, DataIssue, Inventory
from .categories import CategoryTable
from .errors import InventoryError
from .layouts import (
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
            found = header_below(rows, self._reads)
            if found is None:
                raise
            number, below = found
            holds = f"columns {preview_names([name for name in below if name], 6)}"
            problem = Problem("row 1", *title_above(number, holds))
            raise _HeaderBelow(self.source, [problem]) from None

    def _reads(self, header: Sequence[str]) -> bool:
        """Whether a layout reads ``header``."""
        try:
            self._located(header)
        except InventoryError:
            return False
        return True

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
        columns = Columns(self.source, self.table, layout, names, positions, text=False)
        columns.issues.extend(issues)
        columns.read(rows, len(records), self.progress, PROGRESS_EVERY)
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
        columns = Columns(self.source, self.table, layout, header, positions, text=True)
        columns.formulas = holds_formulas(text)
        columns.header_issues()
        columns.read(rows, total, self.progress, PROGRESS_EVERY)
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
        read: dict[str, Columns] = {}
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
            columns = Columns(self.source, self.table, layout, header, positions, text=False)
            columns.header_issues()
            columns.read(rows, estimate, self.progress, PROGRESS_EVERY)
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
        parts = [columns.inventory((), name) for name, columns in read.items()]
        repeated = _repeated_sheet(parts)
        if repeated:
            raise InventoryError(self.source, [repeated])
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


def _repeated_sheet(parts: Sequence[Inventory]) -> Problem | None:
    """A sheet whose devices are all on another sheet (the same id, category and purchase date)
    lists them again (an 'All devices' sheet beside one per kind): read as one inventory, each
    would be planned twice, so the workbook is refused, naming the two sheets. Ids shared
    otherwise (sheets each numbered from 1) are data issues, as an id used twice on one sheet
    is."""
    named = [
        (part.sheets[0], {(a.id, a.category_text, a.purchase_date) for a in part.assets})
        for part in parts
    ]
    for sheet, ids in named:
        for other, other_ids in named:
            if other != sheet and ids and ids <= other_ids:
                return Problem(
                    "",
                    f"every device on the sheet {preview(sheet)} is on the sheet "
                    f"{preview(other)} too (the same id, category and purchase date): read as "
                    f"one inventory, those {len(ids)} would be planned twice",
                    "read one sheet with --sheet NAME (sheet=NAME in Python), or list each "
                    "device on one sheet only",
                )
    return None


def _shared_ids(parts: Sequence[Inventory]) -> list[Inventory]:
    """The sheets' inventories, each with a data issue for an asset id an earlier sheet used,
    as an id used twice on one sheet has."""
    seen: dict[str, Asset] = {}
    marked = []
    for part in parts:
        header = part.columns.get("id", "id")
        added = []
        for asset in part.assets:
            earlier = seen.setdefault(asset.id, asset)
            if earlier is not asset:
                message = (
                    f"asset id {preview(asset.id)} is also used on sheet {preview(earlier.sheet)}, "
                    f"row {earlier.row}"
                )
                added.append(DataIssue(asset.row, header, message, asset.id, sheet=asset.sheet))
        issues = sorted([*part.issues, *added], key=lambda issue: issue.row)  # stable: row order
        marked.append(attrs.evolve(part, issues=tuple(issues)) if added else part)
    return marked


def _one_inventory(parts: Sequence[Inventory], notes: tuple[str, ...]) -> Inventory:
    """The inventories of a workbook's sheets as one, each asset and issue naming its sheet
    (an asset id used on two sheets is a data issue)."""
    parts = _shared_ids(parts)
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
