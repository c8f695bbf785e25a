"""The inventory model: assets, their status and funding, and data-quality issues.

An :class:`Asset` is one row of an inventory; ``quantity`` lets one row stand for many identical
devices (a trolley of 30 Chromebooks). An :class:`Inventory` holds the assets that could be read,
every :class:`DataIssue` found while reading them, and where they came from.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Mapping

import attrs

from ictrules.files import preview

__all__ = ["Asset", "DataIssue", "Funding", "Inventory", "Status", "row_label"]


class Status(enum.Enum):
    """What state an asset is in. ``RETIRED`` assets are kept for the record but not planned."""

    # Members are singletons compared by identity, so hashing by identity is equivalent to
    # Enum's name-based hash and much faster in planning's dictionaries.
    __hash__ = object.__hash__

    IN_USE = "in_use"
    SPARE = "spare"
    POOR = "poor"
    IN_REPAIR = "in_repair"
    BROKEN = "broken"
    RETIRED = "retired"


class Funding(enum.Enum):
    """How an asset (or its replacement) is paid for."""

    # Members are singletons compared by identity, so hashing by identity is equivalent to
    # Enum's name-based hash and much faster in planning's dictionaries.
    __hash__ = object.__hash__

    CAPITAL = "capital"
    REVENUE = "revenue"
    LEASE = "lease"


@attrs.frozen(slots=True)
class DataIssue:
    """One problem found in one row of an inventory: where it is, the value, and what is wrong.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1) or, for JSON and
    TOML, the 1-based position of the record; ``column`` is the column header or field name;
    ``sheet`` is the workbook's sheet, when the inventory was read from several (``""``
    otherwise). ``skipped`` is true when the problem kept the row out of the inventory
    altogether.
    """

    row: int
    column: str
    problem: str
    value: str = ""
    skipped: bool = False
    sheet: str = ""

    def __str__(self) -> str:
        where = f"sheet {preview(self.sheet)}, row {self.row}" if self.sheet else f"row {self.row}"
        return f"{where}, column {preview(self.column)}: {self.problem}"


def row_label(row: int, sheet: str = "") -> str:
    """A row as a report's Row column shows it: ``12``, or ``Desktops, row 12`` for a row of
    an inventory read from several sheets."""
    return f"{sheet}, row {row}" if sheet else f"{row}"


@attrs.frozen(slots=True)
class Asset:
    """One inventory row: a device or piece of infrastructure, or ``quantity`` identical ones.

    ``category`` is the canonical category (``None`` when the free text in ``category_text`` is
    not in the category table). Dates and costs are ``None`` when the inventory does not give
    them; ``purchase_cost`` is per unit, in ``cost_currency`` when the inventory wrote one
    (``""``: none written). ``row`` locates the asset in its source file, with ``sheet`` when
    the inventory was read from several sheets of a workbook.

    The explicit end-of-life dates drive the plan when an asset has them: ``support_end`` (the
    end of vendor support, or a Chromebook's auto-update expiry), ``lease_end`` (when a leased
    device goes back) and ``end_of_life`` (a vendor's or the asset register's end-of-life
    date). ``warranty_end`` is kept for the record; a warranty ending is no reason to replace.
    """

    id: str
    category: str | None
    category_text: str = ""
    name: str = ""
    model: str = ""
    status: Status | None = None
    purchase_date: dt.date | None = None
    purchase_cost: float | None = None
    location: str = ""
    quantity: int = 1
    warranty_end: dt.date | None = None
    support_end: dt.date | None = None
    funding: Funding | None = None
    row: int = 0
    lease_end: dt.date | None = None
    end_of_life: dt.date | None = None
    cost_currency: str = ""
    sheet: str = ""


@attrs.frozen(slots=True, eq=False)
class Inventory:
    """The assets read from one source, with every data-quality issue found on the way.

    Bad rows never raise: a problem with a value goes into ``issues`` and the asset keeps the
    value as unknown; a row that cannot stand for any asset (a quantity of zero, say) is left out
    and its issue is marked ``skipped``. ``layout`` names the column layout used and
    ``columns`` the column each field was read from (field -> header). ``notes`` says how the
    file was read where that is not plain (an encoding other than UTF-8, the sheets of a
    workbook, a column standing in for another). ``sheets`` names the sheets of a workbook read
    as one inventory, in the workbook's order, when there are several (each asset and issue
    then names its sheet). Two inventories are equal only if they are the same object
    (comparing a million assets is never what is meant).
    """

    assets: tuple[Asset, ...]
    issues: tuple[DataIssue, ...] = ()
    source: str = ""
    layout: str = "generic"
    columns: Mapping[str, str] = attrs.field(factory=dict)
    notes: tuple[str, ...] = ()
    sheets: tuple[str, ...] = ()

    @property
    def units(self) -> int:
        """How many devices the assets stand for (the sum of their quantities)."""
        return sum(asset.quantity for asset in self.assets)

    @property
    def skipped_rows(self) -> tuple[int, ...]:
        """Rows left out of ``assets`` because of an issue, in file order (sheet by sheet, so
        that a row number comes once for each sheet it is left out of)."""
        place = self.file_order
        rows = sorted({place(issue) for issue in self.issues if issue.skipped})
        return tuple(row for _, row in rows)

    def file_order(self, item: DataIssue | Asset) -> tuple[int, int]:
        """Where an issue or an asset stands in the file, for sorting: its sheet, then its
        row."""
        sheet = self.sheets.index(item.sheet) if item.sheet in self.sheets else 0
        return sheet, item.row

    @property
    def unmapped_categories(self) -> dict[str, int]:
        """Free-text categories not in the category table, with how many rows use each."""
        counts = Counter(a.category_text for a in self.assets if a.category is None)
        return dict(sorted(counts.items()))
