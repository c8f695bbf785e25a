"""Rendering plans: text, Markdown, the schedule as CSV, JSON and the HTML fragment."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ictrules_refresh import default_policies, load_inventory, plan_html, plan_refresh, render_plan

ROOT = Path(__file__).resolve().parents[2]
PLAN = plan_refresh(
    load_inventory(ROOT / "examples" / "typical-school-inventory.csv"),
    default_policies(),
    as_of=dt.date(2026, 9, 1),
)


def test_text_states_coverage_totals_and_what_could_not_be_placed() -> None:
    text = render_plan(PLAN, "text")
    assert text.startswith(
        "Refresh plan as of 2026-09-01: examples/typical-school-inventory.csv\n".replace(
            "examples/", str(ROOT / "examples") + "/"
        )
    )
    assert (
        "Covers 262 of 275 devices (43 of 48 inventory rows); 10 devices in 4 rows could not "
        "be placed; 3 retired." in text
    )
    assert "Data issues in the inventory: 7; rows left out: 1." in text
    assert "Condition (devices): red 81, amber 20, green 161, unknown 10." in text
    assert "levelled annual contribution £31,490" in text
    assert re.search(r"^2026-27 +84 +£51,700 +£700 +£5,600 +£58,000 ", text, re.M)
    assert "Not planned: 5" in text
    assert "46   LT-GOV     Laptop      1    no purchase date: age unknown" in text
    assert "49   quantity       0                 quantity must be a whole number" in text


def test_one_device_that_could_not_be_placed_is_said_in_the_singular(tmp_path: Path) -> None:
    inventory = tmp_path / "one.csv"
    inventory.write_text("id,category,purchase_date\nA1,Laptop,\n", encoding="utf-8")
    plan = plan_refresh(load_inventory(inventory), default_policies(), as_of=dt.date(2026, 9, 1))
    assert (
        "Covers 0 of 1 device (0 of 1 inventory row); 1 device in 1 row could not be placed"
        in render_plan(plan, "text")
    )


def test_markdown_tables() -> None:
    md = render_plan(PLAN, "md")
    assert md.startswith("# Refresh plan as of 2026-09-01")
    # counts of devices and amounts of money never share a column name (issue 15)
    assert "## Spend by budget year\n\n| Budget year | Devices replaced | Capital |" in md
    assert "| --- | ---: | ---: |" in md
    assert "| Chromebook | 123 | 30 | 0 | 93 | 0 | 123 | £36,900 |" in md


def test_text_and_markdown_say_what_is_replaced_each_year_and_on_what_assumptions() -> None:
    """An officer reading the plain plan sees the same as the HTML page: per budget year, the
    assets replaced by category, and each category's lifespan, unit cost and their sources."""
    for fmt, bullet in (("text", "  "), ("md", "- ")):
        out = render_plan(PLAN, fmt)
        years = out.index("What is replaced each budget year")
        assert out.index("Spend by budget year") < years < out.index("Assumptions")
        assert "2027-28: 24 devices, £15,300" in out
        assert f"{bullet}Wireless access point: 14 devices in 2 inventory rows, £6,300" in out
        assert "IFP-Y2 Year 2 panel, Year 2: 1 device, £2,800 (red)" in out
        assert re.search(r"^\|? ?UPS \(battery set\) +\|? ?revenue +\|? ?4 years", out, re.M)
        assert "Laptop: lifespan: Refresh guides give laptops 4-5 years" in out
    # every replacement in the plan is listed under its year in the text
    text = render_plan(PLAN, "text")
    listed = sum(int(m) for m in re.findall(r"^\d{4}-\d{2}: ([\d,]+) devices?", text, re.M))
    assert listed == sum(year.replaced_units for year in PLAN.years)


def test_csv_schedule_lists_every_event() -> None:
    rows = list(csv.DictReader(io.StringIO(render_plan(PLAN, "csv"))))
    assert len(rows) == len(PLAN.events)
    assert rows[0] == {
        "budget_year": "2026-27",
        "date": "2026-09-01",
        "reason": "red",
        "asset_id": "CB-TROLLEY-D",  # its automatic updates ended 2025-06-30
        "row": "5",
        "name": "Year 3/4 Chromebooks",
        "category": "chromebook",
        "location": "Year 4 classroom",
        "units": "30",
        "unit_cost": "300.00",
        "cost": "9000.00",
        "funding": "capital",
        "sheet": "",  # the row stays a number; a workbook's sheet has its own column
    }
    assert round(sum(float(r["cost"]) for r in rows), 2) == PLAN.totals.replacement


def test_json_is_the_plan() -> None:
    assert json.loads(render_plan(PLAN, "json")) == PLAN.to_dict()


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'; use one of text, md, csv, json"):
        render_plan(PLAN, "pdf")


def test_long_lists_are_cut_with_a_count_of_the_rest() -> None:
    text = render_plan(PLAN, "text", limit=3)
    assert "... and 21 more (the JSON output lists all)" in text  # 24 red or amber
    assert "... and 4 more (the JSON output lists all)" in text  # 7 data issues


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") or (value and "url(" in value):
                self.urls.append(f"{name}={value}")
        if tag not in ("rect", "line", "br", "meta"):
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("rect", "line"):
            return
        assert self.stack[-1:] == [tag], f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def test_html_fragment_is_self_contained_and_well_formed() -> None:
    fragment = plan_html(PLAN)
    assert fragment.startswith('<section class="refresh-plan">\n<style>')
    assert fragment.endswith("</section>\n")
    checker = _Checker()
    checker.feed(fragment)
    assert checker.stack == []
    assert checker.urls == []
    assert checker.tags.count("svg") == 2
    assert "<script" not in fragment
    style = fragment.split("<style>")[1].split("</style>")[0]
    selectors = [
        part.strip()
        for line in style.splitlines()
        if "{" in line
        for part in line.split("{")[0].split(",")
    ]
    assert len(selectors) > 10
    assert all(s.startswith((".refresh-plan", "@media print")) for s in selectors)
    assert 'aria-label="Condition of devices: red 81, amber 20, green 161, unknown 10"' in fragment
    assert "levelled contribution £31,490 a year" in fragment
    assert "<h3>By category</h3>" in fragment
    assert '<td class="rag rag-red">red</td>' in fragment


def test_html_escapes_inventory_text(tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(
        'id,name,category,purchase_date\nX,"<script>alert(1)</script>",Laptop,2015-01-01\n',
        encoding="utf-8",
    )
    plan = plan_refresh(load_inventory(path), default_policies(), as_of=dt.date(2026, 9, 1))
    fragment = plan_html(plan)
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in fragment
    assert "<script" not in fragment


def test_empty_plan_renders() -> None:
    from ictrules_refresh import Inventory

    empty = plan_refresh(Inventory(()), default_policies(), as_of=dt.date(2026, 9, 1))
    assert "None: every asset has a place in the plan." in render_plan(empty, "text")
    assert plan_html(empty).count("<svg") == 2


def test_line_breaks_in_cells_do_not_break_tables(tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(
        'id,name,category,purchase_date\nX,"Hall | stage\nleft",Laptop,2015-01-01\n',
        encoding="utf-8",
    )
    plan = plan_refresh(load_inventory(path), default_policies(), as_of=dt.date(2026, 9, 1))
    assert "| red | X | Hall \\| stage left | Laptop |" in render_plan(plan, "md")
    assert "Hall | stage left" in render_plan(plan, "text")
