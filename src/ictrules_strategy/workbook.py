"""The strategy as an .xlsx budget workbook, one sheet per view, because business managers plan
in spreadsheets. Needs the optional extra ``pip install 'ictrules[xlsx]'`` (openpyxl).

Amounts are numbers (in the plan's currency), so a business manager can total and chart
them; text from the school's own files is written as text exactly as it is, never as a
formula. The same plan gives the same bytes: the workbook's dates are the plan's ``as_of``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

from ictrules._text import printable

from .planning import StrategyPlan
from .rendering import BUDGET_COLUMNS, budget_cells
from .trust import TrustPlan
from .trust_rendering import budget_rows

__all__ = ["strategy_workbook", "trust_workbook"]

_MONEY = "#,##0.00"
_AMOUNTS = set(BUDGET_COLUMNS) - {"year", "label", "red_in_use"} | {
    "total",
    "cost",
    "annual",
    "over the plan",
}


def strategy_workbook(plan: StrategyPlan) -> bytes:
    """One school's strategy: sheets Position, Programme, Budget, Slipped, Over budget and
    Spending."""
    sheets = _school_sheets(plan)
    return _workbook(sheets, plan.as_of, f"ICT strategy: {plan.school}")


def trust_workbook(plan: TrustPlan) -> bytes:
    """A trust's strategy: sheets Position, Standards, Budget (every school, the centre and
    the total, per year: filter the scope column before summing), Programme and Slipped (every
    school's), Central (the trust's own costs), Spending and Problems."""
    codes = [code for code, _ in plan.strands]
    position: list[list[Any]] = [
        ["school", *codes, "provisional", "red", "amber", "green", "unknown"],
        *(
            [
                s.name,
                *(next(p.level for p in s.plan.positions if p.code == c) for c in codes),
                ", ".join(
                    f"{p.code} (could be {p.best_possible})"
                    for p in s.plan.positions
                    if p.best_possible != p.level
                ),
                *(s.plan.condition.get(rag) for rag in ("red", "amber", "green", "unknown")),
            ]
            for s in plan.schools
            if s.plan is not None
        ),
    ]
    standards: list[list[Any]] = [
        ["strand", "standard level", "by", "school below", "level now", "actions", "cost"],
        *(
            [
                gap.code,
                gap.level,
                gap.by,
                school.school,
                school.level,
                len(school.actions),
                school.cost,
            ]
            for gap in plan.standards
            for school in gap.below
        ),
    ]
    budget: list[list[Any]] = [
        ["school", "scope", *BUDGET_COLUMNS],
        *([who, scope, *budget_cells(line)] for who, scope, line in budget_rows(plan)),
    ]
    programme: list[list[Any]] = [
        ["school", *_PROGRAMME],
        *(
            [s.name, *row]
            for s in plan.schools
            if s.plan is not None
            for row in _programme_rows(s.plan)
        ),
    ]
    spending: list[list[Any]] = [
        ["scope", "kind", "annual", "over the plan"],
        *(
            [scope, kind, amount, None]
            for scope, kinds in plan.spending.items()
            for kind, amount in kinds.items()
        ),
    ]
    if plan.central_saving is not None:
        spending.append(["central purchasing saving", "refresh", None, plan.central_saving])
    slipped: list[list[Any]] = [
        ["school", "asset", "condition", "due", "moved to"],
        *([s.name, *row] for s in plan.schools if s.plan is not None for row in s.plan.slipped),
    ]
    central: list[list[Any]] = [
        ["cost", "kind", "year", "strands", "capital", "revenue", "annual", "funding", "rise"],
        *(
            [p.name, "project", p.year, ", ".join(p.strands), p.capital, p.revenue]
            for p in plan.central_projects
        ),
        *(
            [r.name, r.kind, r.start, "", None, None, r.annual, r.funding.value, r.rise]
            for r in plan.central_recurring
        ),
    ]
    problems: list[list[Any]] = [
        ["school", "kind", "problem"],
        *([s.name, "error", p] for s in plan.schools for p in s.errors),
        *([s.name, "missing", p] for s in plan.schools for p in s.missing),
        *(["", "left out", p] for p in plan.left_out),
        *(["", "over budget", p] for p in plan.over_budget),
    ]
    sheets: dict[str, list[list[Any]]] = {
        "Position": position,
        "Standards": standards,
        "Budget": budget,
        "Programme": programme,
        "Slipped": slipped,
        "Central": central,
        "Spending": spending,
        "Problems": problems,
    }
    return _workbook(sheets, plan.as_of, f"ICT strategy: {plan.name or 'trust'}")


_PROGRAMME = ["year", "strand", "level", "action", "reason", "criterion", "owner", "term", "cost"]
_STEP = ["year", "strand", "level", "text", "reason", "criterion", "owner", "term", "cost"]


def _programme_rows(plan: StrategyPlan) -> Iterable[list[Any]]:
    for step in plan.programme:
        yield [getattr(step, name) for name in _STEP]


def _school_sheets(plan: StrategyPlan) -> dict[str, list[list[Any]]]:
    targets = {t.code: t for t in plan.targets}
    position = [
        ["strand", "title", "level", "best possible", "target", "by", "why"],
        *(
            [
                p.code,
                p.title,
                p.level,
                p.best_possible,
                *(
                    (t.level, t.by, t.reason)
                    if (t := targets.get(p.code)) is not None
                    else (None, None, None)
                ),
            ]
            for p in plan.positions
        ),
    ]
    return {
        "Position": position,
        "Programme": [_PROGRAMME, *_programme_rows(plan)],
        "Budget": [
            list(BUDGET_COLUMNS),
            *(budget_cells(line) for line in plan.budget),
        ],
        "Slipped": [["asset", "condition", "planned", "moved to"], *map(list, plan.slipped)],
        "Over budget": [
            ["still over budget (fixed costs alone)"],
            *([n] for n in plan.over_budget),
        ],
        "Spending": [["kind", "annual"], *([k, v] for k, v in plan.spending.items())],
    }


def _workbook(sheets: dict[str, list[list[Any]]], as_of: str, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        header = rows[0]
        for row in rows:
            sheet.append(row)
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str):  # as written, never a formula ("=HYPERLINK(...)");
                    cell.value = printable(cell.value)  # controls escaped as in every format
                    cell.data_type = "s"
        for column, heading in enumerate(header, start=1):
            letter = get_column_letter(column)
            sheet.column_dimensions[letter].width = max(10, min(48, len(str(heading)) + 4))
            if heading in _AMOUNTS:
                for cell in sheet[letter][1:]:
                    cell.number_format = _MONEY
        sheet.freeze_panes = "A2"
        if len(rows) > 1:
            sheet.auto_filter.ref = sheet.dimensions
    stamp = dt.datetime.combine(dt.date.fromisoformat(as_of), dt.time())
    book.properties.created = book.properties.modified = stamp
    book.properties.title = printable(title)
    book.properties.creator = "ictrules"
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_times(raw.getvalue(), stamp)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_times(data: bytes, stamp: dt.datetime) -> bytes:
    """The workbook with every member, and its "modified" property, dated ``stamp``: openpyxl
    dates both when it saves, so the same plan would otherwise give other bytes each time."""
    out = io.BytesIO()
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            body = source.read(member.filename)
            if member.filename == "docProps/core.xml":
                body = _MODIFIED.sub(lambda m: m[1] + when + m[2], body)
            target.writestr(info, body)
    return out.getvalue()
