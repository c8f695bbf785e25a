"""CSV reports: a row per strand for one school, a row per school for many; and the one CSV
writer every ictrules command uses (:func:`csv_text`, :class:`CsvWriter`).

A cell that a spreadsheet would run as a formula (text starting ``=``, ``+``, ``-`` or ``@``,
or a tab or carriage return, as OWASP lists them) is written with a leading ``'``, which Excel,
LibreOffice and Google Sheets show as text: a school's name such as ``=HYPERLINK(...)`` stays
a name. A plain number (``-12.50``) is left as it is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from itertools import zip_longest
from typing import Any

from ..assessments import Assessment
from ._format import check_one_framework
from .html import Failure

__all__ = ["CsvWriter", "assessment_csv", "csv_text", "neutralise", "summary_csv"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(cell: Any) -> Any:
    """A cell as it is safe to write: text a spreadsheet would run as a formula gets a leading
    ``'``; anything else (numbers, plain text) is unchanged."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


class CsvWriter:
    """``csv.writer`` with every cell neutralised (see :func:`neutralise`), lines ending ``\\n``."""

    def __init__(self, stream: io.StringIO) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")

    def writerow(self, row: Iterable[Any]) -> None:
        """Write one row."""
        self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write many rows."""
        for row in rows:
            self.writerow(row)


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text, every cell neutralised (see :func:`neutralise`)."""
    buffer = io.StringIO()
    CsvWriter(buffer).writerows(rows)
    return buffer.getvalue()


def _write(rows: list[list[str]]) -> str:
    return csv_text(rows)


def assessment_csv(assessment: Assessment) -> str:
    """One school: a row per strand with level, best possible, status, own judgement, next
    level and the unknown facts that would settle it."""
    school = assessment.school
    rows = [
        [
            "school_id",
            "school_name",
            "framework",
            "as_of",
            "section",
            "strand",
            "title",
            "level",
            "best_possible",
            "status",
            "own_judgement",
            "disagreement",
            "next_level",
            "missing",
        ]
    ]
    for result in assessment.strands:
        rows.append(
            [
                school.id if school else "",
                school.name if school else "",
                assessment.framework,
                assessment.as_of.isoformat(),
                result.section,
                result.code,
                result.title,
                str(result.level),
                str(result.best_possible),
                result.status.value,
                str(result.judgement.level) if result.judgement else "",
                result.disagreement or "",
                "" if result.next_level is None else str(result.next_level),
                " ".join(result.missing),
            ]
        )
    return _write(rows)


def summary_csv(
    assessments: Sequence[Assessment],
    sources: Sequence[str] = (),
    *,
    failures: Sequence[Failure] = (),
) -> str:
    """Many schools: a row per school, a column per strand with its proven level, then a
    column per strand with its status (``determined`` or ``provisional``), then ``source``:
    the file each assessment came from (``sources``, in the same order), so that a school
    whose evidence does not name it can still be told apart, then ``error``. Each file that
    could not be assessed (``failures``) has a row of its own: its ``source`` and ``error``,
    every other cell empty."""
    check_one_framework(assessments)
    if not assessments:
        rows = [["school_id", "school_name", "framework", "as_of", "source", "error"]]
        rows += [["", "", "", "", f.path, f.error] for f in failures]
        return _write(rows)
    codes = [result.code for result in assessments[0].strands]
    header = ["school_id", "school_name", "framework", "as_of", *codes]
    header += [f"{code}_status" for code in codes]
    header += ["source", "error"]
    rows = [header]
    for assessment, source in zip_longest(assessments, sources[: len(assessments)]):
        school = assessment.school
        by_code = {result.code: result for result in assessment.strands}
        rows.append(
            [
                school.id if school else "",
                school.name if school else "",
                assessment.framework,
                assessment.as_of.isoformat(),
                *(str(by_code[code].level) for code in codes),
                *(by_code[code].status.value for code in codes),
                source or "",
                "",
            ]
        )
    rows += [["", "", "", "", *([""] * 2 * len(codes)), f.path, f.error] for f in failures]
    return _write(rows)
