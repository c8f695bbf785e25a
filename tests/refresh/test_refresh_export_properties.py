"""Properties of reading exports: any supported date form or money locale reads back to the
value written, and a plan does not change when the same estate is exported by another tool."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ictrules.tables.dates import read_date_column
from ictrules_refresh import default_policies, load_inventory, plan_refresh
from ictrules_refresh._money import money_of
from ictrules_refresh._numbers import read_number_column, read_number_columns
from ictrules_refresh._values import read_quantity

AS_OF = dt.date(2026, 9, 1)


def _n_d_y(day: dt.date) -> str:
    return f"{day.month}/{day.day:02d}/{day.year % 100:02d}"


#: Every supported way of writing a date, by name: (writer, order it depends on or "").
DATE_FORMS: dict[str, tuple[Callable[[dt.date], str], str]] = {
    "iso": (dt.date.isoformat, ""),
    "rfc3339 Z": (lambda d: f"{d.isoformat()}T10:14:33.000Z", ""),
    "rfc3339 offset": (lambda d: f"{d.isoformat()}T09:14:43.797191+01:00", ""),
    "iso with time": (lambda d: f"{d.isoformat()} 23:59:59", ""),
    "year first slashes": (lambda d: f"{d.year}/{d.month}/{d.day}", ""),
    "Google Forms timestamp": (
        lambda d: f"{d.year}/{d.month:02d}/{d.day:02d} 10:15:32 AM GMT+1",
        "",
    ),
    "Y.m.d.": (lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}.", ""),
    "d/m/Y": (lambda d: d.strftime("%d/%m/%Y"), "day first"),
    "d.m.Y": (lambda d: d.strftime("%d.%m.%Y"), "day first"),
    "d/m/Y H:M": (lambda d: d.strftime("%d/%m/%Y 00:00"), "day first"),
    "m/d/Y": (lambda d: d.strftime("%m/%d/%Y"), "month first"),
    "n/d/y": (_n_d_y, "month first"),
    "m/d/Y h:m AM": (lambda d: d.strftime("%m/%d/%Y 10:14 AM"), "month first"),
    "D M d, Y": (lambda d: d.strftime("%a %b %d, %Y"), ""),
    "M j, Y": (lambda d: f"{d.strftime('%b')} {d.day}, {d.year}", ""),
    "d M, Y": (lambda d: d.strftime("%d %b, %Y"), ""),
    "d-M-y": (lambda d: d.strftime("%d-%b-%y"), ""),
    "d Month Y": (lambda d: d.strftime("%d %B %Y"), ""),
}


@given(
    st.lists(st.dates(dt.date(2000, 1, 1), dt.date(2068, 12, 31)), min_size=1, max_size=12),
    st.sampled_from(sorted(DATE_FORMS)),
)
def test_a_date_column_in_any_supported_form_reads_back_the_same_dates(
    dates: list[dt.date], form: str
) -> None:
    write, order = DATE_FORMS[form]
    texts = [write(day) for day in dates]
    column = read_date_column(dict.fromkeys(texts))
    read = [column.readings[text] for text in texts]
    settled = any(
        (day.day > 12) if order == "day first" else (day.day > 12 and day.month <= 12)
        for day in dates
    )
    open_order = order and not settled and any(day.day != day.month for day in dates)
    if order == "month first" and open_order:
        # nothing in the column says month first: it is read day first, and that is said
        assert column.note is not None
        assert all(problem is None for _, problem in read)
        return
    assert [day for day, _ in read] == dates, (form, texts, read)
    assert all(problem is None for _, problem in read)
    assert (column.note is not None) == bool(open_order)
    # and given the format, the column needs no inference at all
    if order:
        strptime = {"day first": "%d/%m/%Y", "month first": "%m/%d/%Y"}[order]
        if "/" in texts[0] and len(texts[0]) == 10:
            given_format = read_date_column(dict.fromkeys(texts), strptime)
            assert [given_format.readings[t][0] for t in texts] == dates


def _grouped(pence: int, group: str, decimal: str) -> str:
    whole, cents = divmod(pence, 100)
    digits = f"{whole:,}".replace(",", group)
    return f"{digits}{decimal}{cents:02d}"


#: Every supported way of writing an amount: pence -> text.
MONEY_FORMS: dict[str, Callable[[int], str]] = {
    "plain": lambda p: f"{p // 100}.{p % 100:02d}",
    "uk": lambda p: _grouped(p, ",", "."),
    "uk pounds": lambda p: "£" + _grouped(p, ",", "."),
    "gbp code": lambda p: "GBP " + _grouped(p, ",", "."),
    "code after": lambda p: _grouped(p, ",", ".") + " GBP",
    "german": lambda p: _grouped(p, ".", ","),
    "french nbsp": lambda p: _grouped(p, "\u00a0", ","),
    "french narrow nbsp": lambda p: _grouped(p, "\u202f", ","),
    "space": lambda p: _grouped(p, " ", ","),
    "decimal comma": lambda p: f"{p // 100},{p % 100:02d}",
    "swiss": lambda p: _grouped(p, "'", "."),
    "euro sign": lambda p: "€" + _grouped(p, ".", ","),
}


@given(
    st.lists(st.integers(0, 10**9), min_size=1, max_size=10),
    st.sampled_from(sorted(MONEY_FORMS)),
)
def test_a_cost_in_any_supported_locale_reads_back_the_same_amount(
    amounts: list[int], form: str
) -> None:
    texts = [MONEY_FORMS[form](pence) for pence in amounts]
    column = read_number_column(dict.fromkeys(texts))
    read = [money_of(column.readings[text]) for text in texts]
    assert [r.problem for r in read] == [None] * len(texts), texts
    assert [round((r.amount or 0) * 100) for r in read] == amounts


#: How locales group thousands and mark decimals: name -> (group, decimal).
LOCALES = {
    "uk": (",", "."),
    "german": (".", ","),
    "french": ("\u00a0", ","),
    "space": (" ", ","),
    "swiss": ("'", "."),
}


@given(
    st.lists(st.integers(1, 10**6), min_size=1, max_size=10),
    st.integers(0, 10**9),
    st.sampled_from(sorted(LOCALES)),
)
# 1 + 36 / 100 is 1.3599999999999999: a cost of 1,36 must read as the 1.36 it says
@example(quantities=[1], pence=136, locale="french")
def test_a_quantity_grouped_as_its_locale_groups_thousands_reads_back(
    quantities: list[int], pence: int, locale: str
) -> None:
    """A spreadsheet formats 1000 as 1,000 (1.000 in Germany): beside a cost in the same
    locale, which shows the decimal mark, the quantity is the number written."""
    group, decimal = LOCALES[locale]
    texts = [f"{quantity:,}".replace(",", group) for quantity in quantities]
    cost = _grouped(pence, group, decimal)
    columns = read_number_columns({"quantity": dict.fromkeys(texts), "cost": {cost: None}})
    read = [read_quantity(columns["quantity"].readings[text]) for text in texts]
    assert read == [(quantity, None) for quantity in quantities], (texts, cost)
    assert money_of(columns["cost"].readings[cost]).amount == pence / 100


# --- the same estate from different tools ---------------------------------------------------------

_STATUS_WORDS = {
    # status -> (generic, Snipe-IT, GLPI)
    "in_use": ("in_use", "Deployed", "In use"),
    "spare": ("spare", "Ready to Deploy", "In stock"),
    "broken": ("broken", "Broken - Not Fixable", "Broken"),
    "retired": ("retired", "Archived", "Retired"),
    "": ("", "", ""),
}
_CATEGORY_WORDS = {
    # category -> (generic, Snipe-IT, GLPI, Jamf model, Intune model)
    "laptop": ("laptop", "Laptops", "Laptop", "MacBook Air (M2, 2022)", "Latitude 3540"),
    "desktop": ("desktop", "Desktops", "Desktop", "iMac (24-inch, 2021)", "OptiPlex 7010"),
    "tablet": ("tablet", "Tablets", "Tablet", "iPad (9th generation)", "iPad Air (5th gen)"),
}

dates = st.dates(dt.date(2016, 1, 1), dt.date(2030, 12, 31))
month_ends = st.builds(
    lambda year, month: dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1),
    st.integers(2022, 2034),
    st.integers(1, 12),
)


def _assets(*, status: bool, cost: bool, end: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "category": st.sampled_from(sorted(_CATEGORY_WORDS)),
            "status": st.sampled_from(sorted(_STATUS_WORDS)) if status else st.just(""),
            "purchase": dates,
            "pence": st.integers(1000, 300000) if cost else st.just(0),
            "end": (st.none() | dates) if end else st.none(),
        }
    )


def _generic(rows: list[dict[str, Any]], end_field: str) -> str:
    lines = [f"id,category,status,purchase_date,purchase_cost,{end_field}"]
    for n, row in enumerate(rows):
        cost = f"{row['pence'] / 100:.2f}" if row["pence"] else ""
        end = row["end"].isoformat() if row["end"] else ""
        status = _STATUS_WORDS[row["status"]][0]
        category = _CATEGORY_WORDS[row["category"]][0]
        lines.append(f"A{n:03d},{category},{status},{row['purchase'].isoformat()},{cost},{end}")
    return "\n".join(lines) + "\n"


def _snipe_it(rows: list[dict[str, Any]]) -> str:
    # the custom report, with Snipe-IT's 'M j, Y' date display and its quoted costs
    lines = ["Asset Name,Asset Tag,Category,Purchased,Cost,EOL,Status"]
    for n, row in enumerate(rows):
        day = row["purchase"]
        end = row["end"]
        lines.append(
            f"Device {n},A{n:03d},{_CATEGORY_WORDS[row['category']][1]},"
            f'"{day.strftime("%b")} {day.day}, {day.year}","{row["pence"] / 100:,.2f}",'
            f'"{end.strftime("%b") + f" {end.day}, {end.year}" if end else ""}",'
            f"{_STATUS_WORDS[row['status']][1]}"
        )
    return "\n".join(lines) + "\n"


def _glpi(rows: list[dict[str, Any]]) -> str:
    # semicolons, day-month-year dates and decimal commas, as a French-set GLPI writes them
    lines = ["Name;Entity;Status;Type;Inventory number;Date of purchase;Value;Decommission date"]
    for n, row in enumerate(rows):
        end = row["end"].strftime("%d-%m-%Y") if row["end"] else ""
        value = f"{row['pence'] // 100},{row['pence'] % 100:02d}"
        lines.append(
            f"PC-{n};Hillside;{_STATUS_WORDS[row['status']][2]};"
            f"{_CATEGORY_WORDS[row['category']][2]};A{n:03d};"
            f"{row['purchase'].strftime('%d-%m-%Y')};{value};{end}"
        )
    return "\n".join(lines) + "\n"


def _jamf(rows: list[dict[str, Any]]) -> str:
    lines = ["Computer Name,Serial Number,Model,Asset Tag,PO Date,Purchase Price,Lease Expiration"]
    for n, row in enumerate(rows):
        end = row["end"].isoformat() if row["end"] else ""
        lines.append(
            f'Mac {n},SN{n:05d},"{_CATEGORY_WORDS[row["category"]][3]}",A{n:03d},'
            f"{row['purchase'].isoformat()},£{row['pence'] / 100:.2f},{end}"
        )
    return "\n".join(lines) + "\n"


def _intune(rows: list[dict[str, Any]]) -> str:
    lines = ["Device ID,Device name,Enrollment date,Serial number,Model,Category"]
    for n, row in enumerate(rows):
        lines.append(
            f"id-{n},DEV-{n},{row['purchase'].isoformat()} 10:14:33.0000000,A{n:03d},"
            f"{_CATEGORY_WORDS[row['category']][4]},"
        )
    return "\n".join(lines) + "\n"


def _projection(path: Path, **options: Any) -> dict[str, Any]:
    """What a plan says, less where its data came from (file, names, column headers)."""
    inventory = load_inventory(path, **options)
    policies = default_policies().overridden({"settings": {"currency": "GBP"}}, "test")
    plan = plan_refresh(inventory, policies, as_of=AS_OF)
    return {
        "ratings": [(r.asset.id, r.rag, r.due, r.reasons) for r in plan.ratings],
        "events": [(e.asset.id, e.date, e.reason, e.units, e.cost, e.funding) for e in plan.events],
        "not_planned": [(n.asset.id, n.reason) for n in plan.not_planned],
        "totals": plan.totals,
        "years": plan.years,
        "issues": [(i.row, i.problem) for i in plan.issues],
    }


def _same_plan(generic: str, export: str, **options: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        mine = Path(folder) / "generic.csv"
        theirs = Path(folder) / "export.csv"
        mine.write_text(generic, encoding="utf-8")
        theirs.write_text(export, encoding="utf-8")
        assert _projection(theirs, **options) == _projection(mine)


@settings(max_examples=25)
@given(st.lists(_assets(status=True, cost=True, end=True), min_size=1, max_size=8))
def test_a_plan_is_the_same_from_snipe_it_and_glpi_exports(rows: list[dict[str, Any]]) -> None:
    # costs only value what cannot be placed; every row here has a policy, so they are kept
    # apart from the plan only through issues, which must not appear
    _same_plan(_generic(rows, "end_of_life"), _snipe_it(rows))
    # a GLPI set to day-month-year: the school says so when no date in a column settles it
    _same_plan(_generic(rows, "end_of_life"), _glpi(rows), date_format="%d-%m-%Y")


@settings(max_examples=25)
@given(st.lists(_assets(status=False, cost=False, end=True), min_size=1, max_size=8))
def test_a_plan_is_the_same_from_jamf_and_intune_exports(rows: list[dict[str, Any]]) -> None:
    _same_plan(_generic(rows, "lease_end"), _jamf(rows))
    no_ends = [{**row, "end": None} for row in rows]
    _same_plan(_generic(no_ends, "lease_end"), _intune(no_ends))


@settings(max_examples=25)
@given(st.lists(st.tuples(month_ends, st.sampled_from(["Provisioned", "Deprovisioned"]))))
def test_a_plan_is_the_same_from_a_google_admin_export(rows: list[tuple[dt.date, str]]) -> None:
    generic = ["id,category,status,purchase_date,support_end"]
    google = ["Serial Number,Status,Asset ID,Model,Auto Update Expiration"]
    for n, (end, status) in enumerate(rows):
        word = "in_use" if status == "Provisioned" else "retired"
        generic.append(f"A{n:03d},chromebook,{word},,{end.isoformat()}")
        google.append(f"A{n:03d},{status},,Acer Chromebook 311,{end.strftime('%b %Y')}")
    _same_plan("\n".join(generic) + "\n", "\n".join(google) + "\n")
