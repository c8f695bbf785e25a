"""An inventory's rows read into assets, column by column (for :mod:`.loaders`).

Rows are read in two passes. The first (:meth:`Columns.read`) keeps each row's cells of the
columns read, equal texts shared. The second (:meth:`Columns.inventory`) reads every column as
a whole: a date column's format and a number column's decimal mark are inferred from all its
values, or failing that from the file's other columns (:mod:`ictrules.tables.dates`,
:mod:`._numbers`), and applied to every row, and each distinct value is read once however many
rows repeat it. Every bad value is a :class:`~.assets.DataIssue` on its row and column.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress, repeat
from operator import itemgetter
from typing import Any

import attrs

from ictrules._text import shortened
from ictrules.files import preview
from ictrules.tables import preview_names, rows_named
from ictrules.tables.dates import DateColumn, read_date_column
from ictrules.tables.formulas import NO_SAVED_VALUE, Formula

from ._money import money_of
from ._numbers import read_number_columns
from ._values import read_funding, read_quantity, read_status, text_of
from .assets import Asset, DataIssue, Inventory
from .categories import CategoryTable
from .layouts import DATE_FIELDS, FIELDS, Layout

__all__ = ["UNCACHED_FORMULA", "Columns", "Progress", "Row"]

#: The problem a formula cell without a saved value is, for every column.
UNCACHED_FORMULA = f"{NO_SAVED_VALUE}; the value is treated as unknown"

#: What each field takes, as a cell holding something else (a table in JSON) says.
_EXPECTED = {
    field: "a date"
    if field in DATE_FIELDS
    else "a number"
    if field in ("quantity", "purchase_cost")
    else "text"
    for field in FIELDS
}

#: A row: its number as a spreadsheet shows it, and its cells.
Row = tuple[int, Sequence[Any]]
#: A progress callback: ``progress(done, total)``.
Progress = Callable[[int, int], None]

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


class Columns:
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
        #: the header's columns some field reads (a short row that lacks only others loses nothing)
        self.read_columns = frozenset(index for found in positions.values() for index in found)
        self.headers = {
            field: header[positions[field][0]] if field in positions else field for field in FIELDS
        }
        self.issues: list[DataIssue] = []
        self.numbers: list[int] = []
        self.cells: list[tuple[Any, ...]] = []
        self.blank_ids: list[tuple[int, str]] = []
        # indexes of rows holding a cell no field reads: a formula without a value, a table
        self.unreadable: list[int] = []

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

    def read(self, rows: Iterable[Row], total: int, progress: Progress | None, every: int) -> None:
        """Pass one: keep each row's cells of the columns read (equal texts shared), calling
        ``progress`` each ``every`` rows."""
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
        for number, cells in rows:
            if progress is not None and not number % every:
                progress(number, max(total, number))
            if sum(map(bool, cells)) <= 2:  # few cells filled: blank, or only an id?
                filled = [index for index, cell in enumerate(cells) if text_of(cell)]
                if not filled:
                    continue  # a blank line is not an asset
                if id_columns and set(filled) <= id_columns and _nested(cells[filled[0]]) is None:
                    self.blank_ids.append((number, text_of(cells[filled[0]])))
                    continue
            count = len(cells)
            if count != width:
                if count > width:
                    self._extra(number, cells, width)
                # a delimited row's end is written (CSV): shorter, it lost cells, where a
                # sheet's row stops at its last filled cell (and a record has every key)
                elif self.text:
                    self._missing(number, count)
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
            if formulas and not _UNREADABLE.isdisjoint(map(type, values)):
                self.unreadable.append(len(self.cells))
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

    def _missing(self, number: int, count: int) -> None:
        """A delimited row that stops before a column the inventory reads: cut short, or a
        separator lost. It is kept, its missing values read as empty, as a long row is kept
        with its extra values ignored; the issue names the first column it lacks. Blank
        columns at the header's end, and columns no field reads (a Notes column that Excel,
        saving as CSV, writes no separator for where it is blank), are no loss."""
        header, read = self.header, self.read_columns
        missing = [(index, header[index]) for index in range(count, len(header)) if index in read]
        if not missing:
            return
        width = max(index for index in range(len(header)) if header[index]) + 1
        listed = preview_names([name for _, name in missing], 5)
        self.issues.append(
            DataIssue(
                number,
                missing[0][1],
                f"the row has {count} cells but the header has {width}; the missing columns "
                f"{listed} were read as empty (was the row cut short? complete it; an empty "
                "value still needs its separator)",
            )
        )

    # --- pass two ---

    def column(self, field: str) -> list[Any]:
        """The cells of ``field``, one per row (``None`` for every row when it has no column)."""
        if field not in self.positions:
            return [None] * len(self.numbers)
        return list(map(itemgetter(self.fields.index(field)), self.cells))

    def inventory(self, notes: tuple[str, ...], sheet: str = "") -> Inventory:
        """Pass two: read every column, build the assets and collect the issues in row order.

        A ``sheet`` of a workbook read with others is named by every asset and issue."""
        layout = self.layout
        numbers = self.numbers
        found: list[tuple[int, int, DataIssue]] = []  # (row, field order, issue)
        order = _ISSUE_ORDER

        unknown_quantity, formulas = self._unreadable_issues(found)

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

        asset_ids = self._ids(found, order["id"], sheet)
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
                repeat(sheet),
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

    def _unreadable_issues(
        self, found: list[tuple[int, int, DataIssue]]
    ) -> tuple[list[int], set[tuple[int, str]]]:
        """Report each cell no field reads (a formula without a saved value; a table or list,
        from JSON, TOML or YAML) and make its value unknown; return the rows whose quantity it
        was (left out: their number of devices is not known), and each (row, field) it stood
        in, whose unknown value is no problem of its own."""
        no_quantity = []
        cells: set[tuple[int, str]] = set()
        for index in self.unreadable:
            number, row = self.numbers[index], list(self.cells[index])
            for slot, value in enumerate(row):
                if type(value) not in _UNREADABLE:
                    continue
                field = self.fields[slot]
                skipped = field == "quantity"
                if type(value) is Formula:
                    problem = UNCACHED_FORMULA
                else:
                    problem = f"expected {_EXPECTED[field]}, got a {value.kind}"
                    if not skipped:
                        problem += "; the value is treated as unknown"
                problem += "; row left out" if skipped else ""
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
        span = rows_named(rows)
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

    def _ids(self, found: list[tuple[int, int, DataIssue]], place: int, sheet: str) -> list[str]:
        """Each row's asset id (``row 12`` for a row without one), reporting an id used twice."""
        raw = self.column("id")
        unnamed = f"{sheet} row " if sheet else "row "
        ids = [
            text or f"{unnamed}{number}"
            for text, number in zip(map(_text, raw), self.numbers, strict=True)
        ]
        if len(set(ids)) == len(ids):
            return ids
        seen: dict[str, int] = {}
        header = self.headers["id"]
        for asset_id, number in zip(ids, self.numbers, strict=True):
            first = seen.setdefault(asset_id, number)
            if first != number:
                message = f"asset id {preview(asset_id)} is also used on row {first}"
                found.append((number, place, DataIssue(number, header, message, asset_id)))
        return ids

    def _texts(self, field: str) -> list[str]:
        raw = self.column(field)
        texts = {value: _shared_text(value) for value in set(raw)}
        return [texts[value] for value in raw]


def _text(raw: Any) -> str:
    """:func:`text_of`, quicker for the usual text cell."""
    return raw.strip() if raw.__class__ is str else text_of(raw)


_shared_text = _text


class _Nested:
    """A table or list where a field takes one value (JSON, TOML and YAML records nest them: an
    API's ``{"id": 2, "name": "Laptops"}``): no reader takes it, and its issue says what it is.
    ``str()`` is the value as JSON writes it, bounded, never Python's repr."""

    __slots__ = ("kind", "value")

    def __init__(self, value: Any, kind: str) -> None:
        self.value = value
        self.kind = kind

    def __str__(self) -> str:
        try:
            text = json.dumps(self.value, ensure_ascii=False, default=_json_default)
        except (TypeError, ValueError, RecursionError):  # keys JSON cannot write
            return f"<a {self.kind}>"
        return shortened(text)


def _json_default(value: Any) -> Any:
    return sorted(value, key=str) if isinstance(value, set | frozenset) else text_of(value)


#: The types of the cells no field reads, reported as one issue each.
_UNREADABLE = frozenset({Formula, _Nested})


def _nested(value: Any) -> str | None:
    """What a nested value is (``"table"`` or ``"list"``), or ``None`` for a plain value."""
    if isinstance(value, Mapping):
        return "table"
    if isinstance(value, list | tuple | set | frozenset):
        return "list"
    return None


#: The usual cells' types, which :func:`_plain` passes as they are without a closer look.
_SCALARS = frozenset({str, int, float, type(None), dt.date, dt.datetime})


def _plain(value: Any) -> Any:
    """A typed cell as the column readers take it: a true/false cell as the text a spreadsheet
    shows (so that it never counts as the number 1 or 0), and a table or list (from JSON, TOML
    or YAML) as a :class:`_Nested`, which no reader takes."""
    if value.__class__ in _SCALARS:
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    kind = _nested(value)
    return value if kind is None else _Nested(value, kind)
