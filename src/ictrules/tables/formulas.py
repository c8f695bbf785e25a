"""Cells that hold a formula rather than a value, in workbooks and in CSV text.

A workbook written by a tool that does not calculate (a script using openpyxl, some exporters)
stores a formula with no value beside it, or with an empty one (``<v/>``); a CSV file holds a
formula as its text (``=1+1``), which Excel calculates on opening. Either way the value is not
in the file, so such a cell is a :class:`Formula`: a reader reports it as "formula without a
saved value" (:data:`NO_SAVED_VALUE`), never reads it as an empty cell or as text.

One form is no formula but a value: Excel's text-forcing wrapper ``="00123"``, which CSV
exporters write to keep leading zeros or a date as text. :func:`excel_cell` reads it as the text
inside, as Excel shows it, in a CSV file or as a workbook's formula without a saved value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = ["NO_SAVED_VALUE", "Formula", "excel_cell", "holds_formulas", "uncached_formulas"]

#: The problem a :class:`Formula` cell is, for any reader.
NO_SAVED_VALUE = (
    "formula without a saved value: open and save the file in Excel (or LibreOffice) so that "
    "it stores the value"
)


class Formula:
    """A cell holding a formula whose value the file does not hold; ``str()`` is the formula
    as written (``=100*5``)."""

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return self.formula

    def __repr__(self) -> str:
        return f"Formula({self.formula!r})"


# a cell that starts with "=": at a line's start or after a separator, quoted or not
_FORMULA_START = re.compile(r'(?:^|[,;\t])"?=', re.MULTILINE)
# Excel's text-forcing wrapper: ="text", a quote inside doubled
_WRAPPED_TEXT = re.compile(r'="((?:[^"]|"")*)"', re.DOTALL)


def holds_formulas(text: str) -> bool:
    """Whether CSV ``text`` may hold a cell that starts with ``=`` (quickly, for the usual
    file that holds no ``=`` at all)."""
    return "=" in text and _FORMULA_START.search(text) is not None


def excel_cell(cell: str) -> str | Formula:
    """A CSV cell as Excel reads it: ``="00123"`` is the text ``00123``, any other cell that
    starts with ``=`` (and has more after it) a :class:`Formula`, anything else itself."""
    if not cell.startswith("=") or not cell[1:].strip():
        return cell
    wrapped = _WRAPPED_TEXT.fullmatch(cell)
    if wrapped:
        return wrapped[1].replace('""', '"')
    return Formula(cell)


_FORMULA_TAGS = (b"<f>", b"<f ", b":f>", b":f ", b"<f/")
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: Cell types whose empty saved value is a value: an empty text.
_TEXT_TYPES = frozenset({"str", "inlineStr", "s"})


def uncached_formulas(worksheet: Any) -> dict[int, dict[int, str]]:
    """Per row number, the 0-based columns of a read-only worksheet's formula cells that have
    no saved value (no ``<v>``, or an empty one in a cell that is not text), with each formula.
    The sheet is searched for formulas first, and parsed again only when it has any."""
    opener = getattr(worksheet, "_get_source", None)  # openpyxl's read-only worksheets have it
    if opener is None or not _has_formula(opener):
        return {}
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.functions import iterparse  # defusedxml's when it is installed

    found: dict[int, dict[int, str]] = {}
    row = column = 0  # where a cell or row is that does not say (its r is optional)
    with opener() as source:
        for event, element in iterparse(source, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == _SHEET_NS + "row":
                    number = element.get("r")
                    row, column = (int(number) if number else row + 1), 0
                continue
            if tag == _SHEET_NS + "c":
                reference = element.get("r")
                if reference:
                    row, column = coordinate_to_tuple(reference)
                else:
                    column += 1
                formula = element.find(_SHEET_NS + "f")
                if formula is not None and _unsaved(element):
                    # a cell sharing another's formula holds no text of its own
                    written = formula.text or "(a shared formula)"
                    found.setdefault(row, {})[column - 1] = "=" + written
                element.clear()
            elif tag == _SHEET_NS + "row":
                element.clear()
    return found


def _has_formula(opener: Any) -> bool:
    with opener() as source:
        for chunk in _chunks(source):
            if any(tag in chunk for tag in _FORMULA_TAGS):
                return True
    return False


def _chunks(source: Any) -> Iterator[bytes]:
    """The stream's bytes a megabyte at a time, each chunk with the last bytes of the one
    before it, so that no tag is split between two."""
    tail = b""
    while chunk := source.read(1 << 20):
        yield tail + chunk
        tail = chunk[-3:]


def _unsaved(cell: Any) -> bool:
    value = cell.find(_SHEET_NS + "v")
    if value is None:
        return True
    return not value.text and cell.get("t") not in _TEXT_TYPES
