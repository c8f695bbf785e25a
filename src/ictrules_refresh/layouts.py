"""Column layouts: which column of an inventory holds which asset field.

Two presets ship: :data:`GENERIC` (columns named after the fields, ``purchase_date``) and
:data:`SNIPE_IT` (the columns of a Snipe-IT asset export, ``Purchase Date``). Any other layout
is a column mapping from field to column header, given as a dict or as a TOML/JSON file::

    id = "Tag"
    category = "Type"
    purchase_date = "Bought"
    date_format = "%m/%d/%Y"   # optional: how the dates are written, for strptime

Headers are compared after normalising (case, spaces and punctuation do not matter).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ictrules import EvidenceError, Problem
from ictrules._files import read_document
from ictrules.errors import closest

from .categories import normalise_name

__all__ = [
    "FIELDS",
    "GENERIC",
    "LAYOUTS",
    "REQUIRED_FIELDS",
    "SNIPE_IT",
    "Layout",
    "detect_layout",
    "layout_from_mapping",
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
    "funding",
)
#: Fields every layout must find a column for.
REQUIRED_FIELDS = ("category", "purchase_date")


@attrs.frozen
class Layout:
    """A named layout: for each field, the column headers that may hold it, best first."""

    name: str
    columns: Mapping[str, tuple[str, ...]]
    date_format: str | None = None
    #: A user's mapping is strict: every column it names must be in the header.
    strict: bool = False

    def locate(self, header: Sequence[str], source: str) -> dict[str, int]:
        """Map each field to its column index in ``header``; raise ``EvidenceError`` when a
        required field has no column, or a column it reads is duplicated."""
        positions: dict[str, list[int]] = {}
        for index, name in enumerate(header):
            positions.setdefault(normalise_name(name), []).append(index)
        found: dict[str, int] = {}
        problems = []
        for field, candidates in self.columns.items():
            for candidate in candidates:
                hits = positions.get(normalise_name(candidate))
                if not hits:
                    continue
                if len(hits) > 1:
                    numbers = " and ".join(str(hit + 1) for hit in hits)
                    problems.append(
                        Problem("row 1", f"column {candidate!r} appears twice (columns {numbers})")
                    )
                found[field] = hits[0]
                break
        for field in REQUIRED_FIELDS if not self.strict else self.columns:
            if field not in found and field in self.columns:
                wanted = " or ".join(repr(c) for c in self.columns[field])
                hint = closest(self.columns[field][0], [h for h in header if h])
                problems.append(
                    Problem(
                        "row 1",
                        f"no {wanted} column for the asset {field} ({self.name})"
                        if self.strict
                        else f"no {wanted} column for the asset {field} ({self.name} layout)",
                        hint,
                    )
                )
        if problems:
            raise EvidenceError(source, problems)
        return found

    def near_misses(self, header: Sequence[str], found: Mapping[str, int]) -> list[tuple[str, str]]:
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
        used = set(found.values())
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


#: Columns named after the fields themselves (``purchase_date`` or ``Purchase date``).
GENERIC = Layout("generic", {field: (field,) for field in FIELDS})

#: The columns of a Snipe-IT asset export (one row per asset, so no quantity).
SNIPE_IT = Layout(
    "snipe-it",
    {
        "id": ("Asset Tag",),
        "name": ("Asset Name", "Name", "Item Name"),
        "category": ("Category",),
        "model": ("Model", "Model Name"),
        "status": ("Status",),
        "purchase_date": ("Purchase Date",),
        "purchase_cost": ("Purchase Cost",),
        "location": ("Location", "Default Location"),
        "warranty_end": ("Warranty Expires",),
    },
)

#: The preset layouts by name.
LAYOUTS = {"generic": GENERIC, "snipe-it": SNIPE_IT}


def detect_layout(header: Sequence[str], source: str) -> Layout:
    """Choose a preset layout from a header row, or raise ``EvidenceError`` saying what to do."""
    names = {normalise_name(name) for name in header}
    if {"asset tag", "category", "purchase date"} <= names:
        return SNIPE_IT
    if {"category", "purchase date"} <= names and "asset tag" not in names:
        return GENERIC
    listed = ", ".join(repr(name) for name in header if name) or "none"
    raise EvidenceError(
        source,
        [
            Problem(
                "row 1",
                "cannot tell the column layout from the header (columns: "
                f"{listed}); expected a generic layout (category, purchase_date, ...) or a "
                "Snipe-IT export (Asset Tag, Category, Purchase Date, ...)",
                "pass layout='generic' or 'snipe-it', or a column mapping (on the command "
                "line: --layout or --mapping FILE)",
            )
        ],
    )


def layout_from_mapping(mapping: Mapping[str, Any] | str | Path) -> Layout:
    """A layout from a user's column mapping (field -> column header), or a mapping file."""
    source = "column mapping"
    if isinstance(mapping, str | Path):
        source = str(mapping)
        document = read_document(mapping)
        if isinstance(document, Mapping) and isinstance(document.get("columns"), Mapping):
            document = {
                **document["columns"],
                **{k: v for k, v in document.items() if k != "columns"},
            }
        mapping = document
    if not isinstance(mapping, Mapping):
        raise EvidenceError(source, [Problem("", "expected a table of field = column header")])
    problems = []
    columns: dict[str, tuple[str, ...]] = {}
    date_format = None
    for field, header in mapping.items():
        if field == "date_format":
            if isinstance(header, str) and "%" in header:
                date_format = header
            else:
                problems.append(Problem(field, f"expected a strptime format, got {header!r}"))
        elif field not in FIELDS:
            problems.append(Problem(str(field), "unknown asset field", closest(str(field), FIELDS)))
        elif isinstance(header, str) and header.strip():
            columns[field] = (header,)
        else:
            problems.append(Problem(field, f"expected a column header, got {header!r}"))
    for field in REQUIRED_FIELDS:
        if field not in columns and field not in mapping:
            problems.append(Problem(field, "the column mapping must name a column for this field"))
    if problems:
        raise EvidenceError(source, problems)
    name = "column mapping" if source == "column mapping" else f"column mapping {source}"
    return Layout(name, columns, date_format, strict=True)
