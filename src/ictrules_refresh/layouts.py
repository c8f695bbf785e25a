"""Column layouts: which column of an inventory holds which asset field.

Schools export inventories from their tools; each preset reads one tool's export as the tool
writes it (see :data:`LAYOUTS`, and the how-to guide for the exports themselves):

- ``generic``: columns named after the fields (``purchase_date`` or ``Purchase date``);
- ``snipe-it``: a Snipe-IT asset export, or its Reports > Custom Asset Report;
- ``google-admin``: the Chrome devices of the Google Admin console (or GAM's ``print cros``);
- ``intune``: Intune's managed devices export;
- ``jamf-computers`` and ``jamf-mobile-devices``: Jamf Pro advanced searches exported as CSV;
- ``glpi``: a GLPI asset list exported as CSV.

An authority adds layouts of its own through the ``ictrules_refresh_layouts`` hook (see
:func:`resolve_layouts`). Any other file is read with a column mapping from field to column
header, given as a dict or as a TOML/JSON file::

    id = "Tag"
    category = "Type"
    purchase_date = "Bought"
    date_format = "%m/%d/%Y"   # optional: how ambiguous dates are written, for strptime

Headers are compared after normalising (case, spaces and punctuation do not matter).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ictrules import PluginError, Problem
from ictrules.errors import closest
from ictrules.files import preview, read_document
from ictrules.tables import preview_names

from .assets import Status
from .categories import normalise_name
from .errors import InventoryError

__all__ = [
    "DATE_FIELDS",
    "END_FIELDS",
    "FIELDS",
    "GENERIC",
    "GLPI",
    "GOOGLE_ADMIN",
    "INTUNE",
    "JAMF_COMPUTERS",
    "JAMF_MOBILE_DEVICES",
    "LAYOUTS",
    "REQUIRED_FIELDS",
    "SNIPE_IT",
    "Layout",
    "check_date_format",
    "detect_layout",
    "layout_from_document",
    "layout_from_mapping",
    "layout_names",
    "resolve_layouts",
]

#: The asset fields an inventory column can fill.
FIELDS = (
    "id",
    "name",
    "category",
    "model",
    "status",
    "purchase_date",
    "purchase_cost",
    "location",
    "quantity",
    "warranty_end",
    "support_end",
    "lease_end",
    "end_of_life",
    "funding",
)
#: The explicit end-of-life dates: vendor support (or a Chromebook's auto-update expiry), the
#: end of a lease, and a vendor's or an asset register's end-of-life date.
END_FIELDS = ("support_end", "lease_end", "end_of_life")
#: Every field that holds a date.
DATE_FIELDS = ("purchase_date", "warranty_end", *END_FIELDS)
#: Fields the generic layout and a column mapping must find: a category, and a purchase date or
#: an explicit end-of-life date (one of them dates the asset).
REQUIRED_FIELDS = ("category", "purchase_date")
_DATED = ("purchase_date", *END_FIELDS)

#: Model names that say what kind of device a row is, for exports that have no category column
#: (Intune, Jamf): whole words of the model, normalised, and the category name they mean.
MODEL_FAMILIES = (
    ("ipad", "iPad"),
    ("chromebook", "Chromebook"),
    ("macbook", "MacBook"),
    ("imac", "iMac"),
    ("mac mini", "Mini PC"),
    ("mac studio", "Desktop"),
    ("mac pro", "Desktop"),
    ("surface laptop", "Laptop"),
    ("surface pro", "2 in 1"),
    ("surface go", "2 in 1"),
    ("latitude", "Laptop"),
    ("thinkpad", "Laptop"),
    ("probook", "Laptop"),
    ("elitebook", "Laptop"),
    ("optiplex", "Desktop"),
    ("prodesk", "Desktop"),
    ("elitedesk", "Desktop"),
    ("thinkcentre", "Desktop"),
)


def _alternatives(*names: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(normalise_name(n) for n in name.split("|")) for name in names)


@attrs.frozen
class Layout:
    """A named layout: for each field, the column headers that may hold it, best first.

    When several of a field's headers are present, each row takes the first that is not empty
    (an Intune row without an asset tag is known by its serial number).

    :ivar export: the export the layout reads, in words (for documentation and messages).
    :ivar detect: sets of headers (normalised), any one of which identifies the export.
    :ivar required: fields the header must give, each as a tuple of alternatives.
    :ivar category: the category of every row of an export that has no category column
        (Chromebook for Google Admin).
    :ivar model_categories: ``(words, category name)`` pairs: a row with no category takes the
        category of the first whose words are in its model name (``iPad (9th generation)``).
    :ivar statuses: the export's own status words (normalised name -> status).
    :ivar hints: per field, how to get its column into the export when it is missing.
    :ivar notes: per field, a note said of every inventory read with that column.
    """

    name: str
    columns: Mapping[str, tuple[str, ...]]
    date_format: str | None = None
    #: A user's mapping is strict: every column it names must be in the header.
    strict: bool = False
    export: str = ""
    detect: tuple[frozenset[str], ...] = ()
    required: tuple[tuple[str, ...], ...] = (("category",), _DATED)
    category: str = ""
    model_categories: tuple[tuple[str, str], ...] = ()
    statuses: Mapping[str, Status] = attrs.field(factory=dict)
    hints: Mapping[str, str] = attrs.field(factory=dict)
    notes: Mapping[str, str] = attrs.field(factory=dict)

    def locate(self, header: Sequence[str], source: str) -> dict[str, tuple[int, ...]]:
        """Map each field to the indices of its columns in ``header``, best first; raise
        ``InventoryError`` when a required field has no column, or a column it reads is
        duplicated."""
        positions: dict[str, list[int]] = {}
        for index, name in enumerate(header):
            positions.setdefault(normalise_name(name), []).append(index)
        found: dict[str, tuple[int, ...]] = {}
        problems = []
        for field, candidates in self.columns.items():
            indices = []
            for candidate in candidates:
                hits = positions.get(normalise_name(candidate))
                if not hits:
                    continue
                if len(hits) > 1:
                    numbers = " and ".join(str(hit + 1) for hit in hits)
                    problems.append(
                        Problem("row 1", f"column {candidate!r} appears twice (columns {numbers})")
                    )
                if hits[0] not in indices:
                    indices.append(hits[0])
            if indices:
                found[field] = tuple(indices)
        required = [(field,) for field in self.columns] if self.strict else self.required
        for alternatives in required:
            if any(self._has(field, found) for field in alternatives):
                continue
            field = alternatives[0]
            wanted = " or ".join(repr(c) for c in self.columns.get(field, (field,)))
            also = [f for f in alternatives[1:] if f in self.columns]
            nor = ""
            if also:
                named = ", ".join(repr(self.columns[f][0]) for f in also)
                nor = f", nor an end-of-life date column ({named})"
            where = f"({self.name})" if self.strict else f"({self.name} layout)"
            hint = self.hints.get(field) or closest(
                self.columns.get(field, (field,))[0], [h for h in header if h]
            )
            problems.append(
                Problem("row 1", f"no {wanted} column for the asset {field}{nor} {where}", hint)
            )
        if problems:
            raise InventoryError(source, problems)
        return found

    def _has(self, field: str, found: Mapping[str, tuple[int, ...]]) -> bool:
        if field in found:
            return True
        if field == "category":
            return bool(self.category) or bool(self.model_categories and "model" in found)
        return False

    def score(self, names: set[str]) -> int:
        """How well a header (normalised names) matches: the size of the largest detection set
        it holds, 0 when it holds none."""
        return max((len(signature) for signature in self.detect if signature <= names), default=0)

    def category_of_model(self, model: str) -> str:
        """The category name a model implies under :attr:`model_categories` (``""``: none)."""
        normal = f" {normalise_name(model)} "
        for words, category in self.model_categories:
            if f" {words} " in normal:
                return category
        return ""

    def near_misses(
        self, header: Sequence[str], found: Mapping[str, Sequence[int]]
    ) -> list[tuple[str, str]]:
        """Header columns left unread that look like a column of a field this layout did not
        find: ``[(column, field), ...]``, so that a typo is reported, not ignored.

        A column looks like a field's when its name is close to one of the field's headers or
        to the field's own name (``Quantity`` in a layout that reads none), or when it holds
        all the words of one (``Asset ID`` for ``id``).
        """
        wanted = {
            normalise_name(candidate): field
            for field in FIELDS
            if field not in found
            for candidate in (*self.columns.get(field, ()), field)
        }
        used = {index for indices in found.values() for index in indices}
        misses = []
        for index, name in enumerate(header):
            if index in used or not name:
                continue
            normal = normalise_name(name)
            match = difflib.get_close_matches(normal, sorted(wanted), 1, 0.8) or [
                candidate
                for candidate in sorted(wanted)
                if set(candidate.split()) <= set(normal.split())
            ]
            if match:
                misses.append((name, wanted[match[0]]))
        return misses


_GENERIC_ALIASES = {
    "support_end": ("support_end", "auto_update_expiration", "aue"),
    "lease_end": ("lease_end", "lease_expiry", "lease_expires"),
    "end_of_life": ("end_of_life", "eol", "eol_date"),
}

#: Columns named after the fields themselves (``purchase_date`` or ``Purchase date``).
GENERIC = Layout(
    "generic",
    {field: _GENERIC_ALIASES.get(field, (field,)) for field in FIELDS},
    export="a spreadsheet whose columns are named after the asset fields",
    detect=_alternatives("category|purchase date"),
)

#: Snipe-IT: the asset list's export, and Reports > Custom Asset Report.
SNIPE_IT = Layout(
    "snipe-it",
    {
        "id": ("Asset Tag",),
        "name": ("Asset Name", "Name", "Item Name"),
        "category": ("Category",),
        "model": ("Model", "Model Name"),
        "status": ("Status",),
        "purchase_date": ("Purchase Date", "Purchased"),
        "purchase_cost": ("Purchase Cost", "Cost"),
        "location": ("Location", "Default Location"),
        "warranty_end": ("Warranty Expires",),
        "end_of_life": ("EOL Date", "EOL"),
    },
    export=(
        "Snipe-IT's asset list exported as CSV (Asset Tag, Purchase Date, Purchase Cost, EOL "
        "Date, Warranty Expires), or its Reports > Custom Asset Report (Asset Tag, Purchased, "
        "Cost, EOL, Warranty Expires)"
    ),
    detect=_alternatives("asset tag|category|purchase date", "asset tag|category|purchased"),
    statuses={
        # the status type Snipe-IT's custom report adds in brackets: "Ready to Deploy (deployable)"
        "deployable": Status.SPARE,
        "archived": Status.RETIRED,
    },
    hints={
        "purchase_date": "tick Purchase Date in Snipe-IT's Custom Asset Report, or show the "
        "Purchase Date column before exporting the asset list",
    },
)

#: Google Admin console: Devices > Chrome > Devices, downloaded (or GAM's ``print cros``).
GOOGLE_ADMIN = Layout(
    "google-admin",
    {
        "id": ("Asset ID", "annotatedAssetId", "Serial Number", "serialNumber"),
        "model": ("Model", "model"),
        "status": ("Status", "status"),
        "support_end": (
            "Auto Update Expiration",
            "Auto-update expiration",
            "AUE",
            "autoUpdateThrough",
            "autoUpdateExpiration",
            "Support End Date",
            "supportEndDate",
        ),
        "location": ("Location", "annotatedLocation", "Org Unit Path", "orgUnitPath"),
        "name": ("User", "annotatedUser"),
    },
    export=(
        "the Chrome device list of the Google Admin console (Devices > Chrome > Devices, "
        "Download) or GAM's print cros, with the auto-update expiration of each device"
    ),
    detect=_alternatives(
        "serial number|auto update expiration",
        "serialnumber|autoupdateexpiration",
        "serialnumber|autoupdatethrough",
    ),
    required=(("support_end",),),
    category="Chromebook",
    statuses={"pre provisioned": Status.SPARE, "active": Status.IN_USE},
)

#: Microsoft Intune: Devices > All devices > Export.
INTUNE = Layout(
    "intune",
    {
        "id": ("Serial number", "serialNumber", "Device ID"),
        "name": ("Device name", "deviceName"),
        "category": ("Category", "deviceCategoryDisplayName"),
        "model": ("Model", "model"),
        "purchase_date": ("Enrollment date", "enrolledDateTime"),
    },
    export=(
        "Intune's device list (Devices > All devices > Export in the Intune admin center, or "
        "Graph's managedDevices), which gives no purchase date: the enrollment date stands in"
    ),
    detect=_alternatives(
        "device name|enrollment date|serial number", "devicename|enrolleddatetime|serialnumber"
    ),
    required=(("category",), ("purchase_date",)),
    model_categories=MODEL_FAMILIES,
    notes={
        "purchase_date": "purchase dates are read from Intune's enrollment date, the date each "
        "device was last enrolled: a reset or re-enrollment makes a device look younger than "
        "it is; give a column mapping with a purchase-date column if you keep one"
    },
)

_JAMF_PURCHASING = {
    "purchase_date": ("PO Date", "poDate"),
    "purchase_cost": ("Purchase Price", "purchasePrice"),
    "warranty_end": ("Warranty Expiration", "warrantyDate", "warrantyExpiresDate"),
    "lease_end": ("Lease Expiration", "leaseDate", "leaseExpiresDate"),
}
_JAMF_HINT = (
    "show the Purchasing fields (PO Date, Warranty Expiration, Lease Expiration, Purchase "
    "Price) in the advanced search's Display tab before exporting it"
)

#: Jamf Pro: an advanced computer search exported as CSV.
JAMF_COMPUTERS = Layout(
    "jamf-computers",
    {
        "id": ("Asset Tag", "Serial Number"),
        "name": ("Computer Name",),
        "model": ("Model",),
        "location": ("Building", "Room", "Department"),
        **_JAMF_PURCHASING,
    },
    export=(
        "a Jamf Pro advanced computer search exported as CSV, showing Computer Name, Serial "
        "Number, Model and the Purchasing fields (PO Date, Purchase Price, Warranty Expiration, "
        "Lease Expiration)"
    ),
    detect=_alternatives(
        "computer name|serial number|po date",
        "computer name|serial number|lease expiration",
    ),
    required=(("category",), ("purchase_date", "lease_end")),
    model_categories=MODEL_FAMILIES,
    hints={"purchase_date": _JAMF_HINT},
)

#: Jamf Pro: an advanced mobile device search exported as CSV.
JAMF_MOBILE_DEVICES = Layout(
    "jamf-mobile-devices",
    {
        "id": ("Asset Tag", "Serial Number"),
        "name": ("Mobile Device Name", "Display Name", "Device Name"),
        "model": ("Model",),
        "location": ("Building", "Room", "Department"),
        **_JAMF_PURCHASING,
    },
    export=(
        "a Jamf Pro advanced mobile device search exported as CSV, showing Mobile Device Name "
        "(or Display Name), Serial Number, Model and the Purchasing fields"
    ),
    detect=_alternatives(
        "mobile device name|serial number|po date",
        "display name|serial number|po date",
        "mobile device name|serial number|lease expiration",
        "display name|serial number|lease expiration",
    ),
    required=(("category",), ("purchase_date", "lease_end")),
    model_categories=MODEL_FAMILIES,
    hints={"purchase_date": _JAMF_HINT},
)

#: GLPI: an asset list (Assets > Computers, or another type) exported as CSV.
GLPI = Layout(
    "glpi",
    {
        "id": ("Inventory number", "Name", "Serial number"),
        "name": ("Name",),
        "category": ("Type", "Item type"),
        "model": ("Model",),
        "status": ("Status",),
        "location": ("Location",),
        "purchase_date": ("Date of purchase", "Purchase date"),
        "purchase_cost": ("Value",),
        "warranty_end": ("Warranty expiration date",),
        "end_of_life": ("Decommission date",),
    },
    export=(
        "a GLPI asset list exported as CSV (semicolon-separated), with the Financial and "
        "administrative information columns Date of purchase, Value, Warranty expiration date "
        "and Decommission date added to the view"
    ),
    detect=_alternatives("inventory number|type|date of purchase", "entity|type|date of purchase"),
    hints={
        "purchase_date": "add the column Date of purchase (Financial and administrative "
        "information) to the list's view in GLPI before exporting it"
    },
)

#: The preset layouts by name.
LAYOUTS: Mapping[str, Layout] = {
    layout.name: layout
    for layout in (
        GENERIC,
        SNIPE_IT,
        GOOGLE_ADMIN,
        INTUNE,
        JAMF_COMPUTERS,
        JAMF_MOBILE_DEVICES,
        GLPI,
    )
}


def detect_layout(
    header: Sequence[str], source: str, layouts: Mapping[str, Layout] | None = None
) -> Layout:
    """Choose the layout whose detection headers the header holds most of (the first listed
    wins a tie), or raise ``InventoryError`` saying what to do."""
    names = {normalise_name(name) for name in header}
    chosen = layouts if layouts is not None else LAYOUTS
    best: tuple[int, Layout] | None = None
    for layout in chosen.values():
        score = layout.score(names)
        if score and (best is None or score > best[0]):
            best = (score, layout)
    if best is not None:
        return best[1]
    listed = preview_names([name for name in header if name]) or "none"
    known = "; ".join(
        f"{layout.name} ({', '.join(sorted(layout.detect[0]))})"
        for layout in chosen.values()
        if layout.detect
    )
    raise InventoryError(
        source,
        [
            Problem(
                "row 1",
                f"cannot tell the column layout from the header (columns: {listed}); the "
                f"layouts and the columns that identify them: {known}",
                f"pass layout= one of {', '.join(chosen)}, or a column mapping (on the "
                "command line: --layout or --mapping FILE)",
            )
        ],
    )


def layout_from_mapping(mapping: Mapping[str, Any] | str | Path) -> Layout:
    """A layout from a user's column mapping (field -> column header), or a mapping file."""
    source = "column mapping"
    if isinstance(mapping, str | Path):
        source = str(mapping)
        document = read_document(mapping, error=InventoryError)
        if isinstance(document, Mapping) and isinstance(document.get("columns"), Mapping):
            document = {
                **document["columns"],
                **{k: v for k, v in document.items() if k != "columns"},
            }
        mapping = document
    if not isinstance(mapping, Mapping):
        raise InventoryError(source, [Problem("", "expected a table of field = column header")])
    problems = []
    columns: dict[str, tuple[str, ...]] = {}
    date_format = None
    for field, header in mapping.items():
        if field == "date_format":
            message = check_date_format(header)
            if message:
                problems.append(Problem(field, message))
            else:
                date_format = header
        elif field not in FIELDS:
            problems.append(Problem(str(field), "unknown asset field", closest(str(field), FIELDS)))
        elif isinstance(header, str) and header.strip():
            columns[field] = (header,)
        elif (
            isinstance(header, list)
            and header
            and all(isinstance(h, str) and h.strip() for h in header)
        ):
            columns[field] = tuple(header)
        else:
            problems.append(Problem(field, f"expected a column header, got {preview(header)}"))
    if "category" not in columns and "category" not in mapping:
        problems.append(Problem("category", "the column mapping must name a column for this field"))
    if not any(field in columns or field in mapping for field in _DATED):
        problems.append(
            Problem(
                "purchase_date",
                "the column mapping must name a column for this field (or for an end-of-life "
                "date: support_end, lease_end or end_of_life)",
            )
        )
    if problems:
        raise InventoryError(source, problems)
    name = "column mapping" if source == "column mapping" else f"column mapping {source}"
    return Layout(name, columns, date_format, strict=True)


def check_date_format(date_format: Any) -> str | None:
    """Why ``date_format`` is not a usable ``strptime`` format, or ``None`` when it is."""
    if not isinstance(date_format, str) or "%" not in date_format:
        return f"expected a strptime format such as '%m/%d/%Y', got {preview(date_format)}"
    if not re.search(r"%[dmyYbBj]", date_format):
        return f"the format {preview(date_format)} reads no day, month or year"
    return None


_STATUS_VALUES = {status.value: status for status in Status}


def layout_from_document(document: Mapping[str, Any], origin: str) -> Layout:
    """A layout from a plain document, as an authority plugin's hook returns one::

        {"name": "county-register", "export": "the county's asset register",
         "columns": {"id": "Tag", "category": ["Type", "Kind"], "purchase_date": "Bought"},
         "detect": [["Tag", "Type", "Bought"]], "date_format": "%d/%m/%Y",
         "category": "", "statuses": {"In class": "in_use"}}

    ``columns`` and ``detect`` are required (``detect`` lists header sets, any one of which
    identifies the export). Raises ``InventoryError`` naming ``origin`` and every problem.
    """
    problems: list[Problem] = []
    allowed = ("name", "export", "columns", "detect", "date_format", "category", "statuses")
    for key in document:
        if key not in allowed:
            problems.append(Problem(str(key), "unknown key", closest(str(key), allowed)))
    name = document.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name or ""):
        problems.append(
            Problem("name", f"expected a name such as 'county-register', got {preview(name)}")
        )
    columns: dict[str, tuple[str, ...]] = {}
    raw_columns = document.get("columns")
    if not isinstance(raw_columns, Mapping) or not raw_columns:
        problems.append(Problem("columns", "expected a table of field = column header(s)"))
        raw_columns = {}
    for field, headers in raw_columns.items():
        listed = [headers] if isinstance(headers, str) else headers
        if field not in FIELDS:
            problems.append(
                Problem(f"columns.{field}", "unknown asset field", closest(str(field), FIELDS))
            )
        elif (
            isinstance(listed, list)
            and listed
            and all(isinstance(h, str) and h.strip() for h in listed)
        ):
            columns[field] = tuple(listed)
        else:
            problems.append(
                Problem(f"columns.{field}", f"expected column headers, got {preview(headers)}")
            )
    detect = document.get("detect")
    signatures: list[frozenset[str]] = []
    if not isinstance(detect, list) or not detect:
        problems.append(Problem("detect", "expected a list of header lists"))
    else:
        for index, headers in enumerate(detect):
            if isinstance(headers, list) and headers and all(isinstance(h, str) for h in headers):
                signatures.append(frozenset(normalise_name(h) for h in headers))
            else:
                problems.append(
                    Problem(f"detect[{index}]", f"expected headers, got {preview(headers)}")
                )
    date_format = document.get("date_format")
    if date_format is not None:
        message = check_date_format(date_format)
        if message:
            problems.append(Problem("date_format", message))
    category = document.get("category", "")
    if not isinstance(category, str):
        problems.append(Problem("category", f"expected a category name, got {preview(category)}"))
        category = ""
    statuses: dict[str, Status] = {}
    raw_statuses = document.get("statuses", {})
    if not isinstance(raw_statuses, Mapping):
        problems.append(Problem("statuses", "expected a table of status name = status"))
        raw_statuses = {}
    for word, value in raw_statuses.items():
        if value in _STATUS_VALUES:
            statuses[normalise_name(str(word))] = _STATUS_VALUES[value]
        else:
            problems.append(
                Problem(
                    f"statuses.{word}",
                    f"expected one of {', '.join(_STATUS_VALUES)}, got {preview(value)}",
                    closest(str(value), _STATUS_VALUES),
                )
            )
    if problems:
        raise InventoryError(origin, problems)
    required: tuple[tuple[str, ...], ...] = ((), _DATED) if category else (("category",), _DATED)
    return Layout(
        str(name),
        columns,
        date_format,
        export=str(document.get("export", "")),
        detect=tuple(signatures),
        required=tuple(r for r in required if r),
        category=category,
        statuses=statuses,
    )


def resolve_layouts(engine: Any = None) -> dict[str, Layout]:
    """The presets, then every layout the engine's plugins add through the
    ``ictrules_refresh_layouts`` hook (in plugin-name order). A plugin's layout may be a
    :class:`Layout` or a document (:func:`layout_from_document`); a bad one, or one reusing a
    name, is a :class:`ictrules.PluginError` naming the plugin."""
    layouts = dict(LAYOUTS)
    if engine is None or not hasattr(engine.pluginmanager.hook, "ictrules_refresh_layouts"):
        return layouts
    for plugin, item in engine.hook("ictrules_refresh_layouts"):
        origin = f"authority plugin {plugin!r}"
        try:
            layout = item if isinstance(item, Layout) else _document_layout(item, origin)
        except InventoryError as exc:
            listed = "; ".join(str(problem) for problem in exc.problems)
            raise PluginError(plugin, "ictrules_refresh_layouts", listed) from None
        if layout.name in layouts or layout.name == "auto":
            raise PluginError(
                plugin,
                "ictrules_refresh_layouts",
                f"a layout named {layout.name!r} already exists; choose another name",
            )
        layouts[layout.name] = layout
    return layouts


def _document_layout(item: Any, origin: str) -> Layout:
    if not isinstance(item, Mapping):
        raise InventoryError(
            origin, [Problem("", f"expected a layout or a table, got {preview(item)}")]
        )
    return layout_from_document(item, origin)


def layout_names(layouts: Iterable[str]) -> str:
    """``auto`` and the layouts' names, for messages."""
    return ", ".join(["auto", *layouts])
