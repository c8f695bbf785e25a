"""Rendering a refresh plan: plain text, Markdown, the replacement schedule as CSV, JSON, and
HTML through the shared report templates (:mod:`ictrules.reports.templating`).

The plugin ships its templates in ``templates/`` (:data:`TEMPLATES`, offered to every report
through the ``ictrules_report_templates`` hook): ``refresh/section.html`` is the plan as a
section of a report, ``refresh/plan.html`` the plan's own page. Python works out the view of the
plan (:func:`plan_view`: figures written as money, assets replaced each year collapsed by
category, the assumptions and their sources, the chart layouts); the templates draw it.

Long lists (assets needing attention, assets not placed, data issues) are cut at ``limit``
entries in text, Markdown and HTML, with a line saying how many more there are; JSON and CSV
always hold everything.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ictrules.reports.csv import CsvWriter
from ictrules.reports.templating import ReportTemplates, default_templates
from ictrules.tables.dates import MONTH_NAMES

from ._money import format_money
from .assets import Funding, row_label
from .planning import PROGRESS_EVERY, RefreshPlan
from .rag import Rag

__all__ = [
    "CSV_BATCH",
    "FORMATS",
    "PLUGIN_NAME",
    "TEMPLATES",
    "plan_html",
    "plan_page",
    "plan_view",
    "render_plan",
    "stream_plan",
]

#: The folder of the plan's report templates (package data).
TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The name the plugin is registered under (its entry point): its templates' ``plugin:`` prefix.
PLUGIN_NAME = "refresh"

#: The formats :func:`render_plan` writes.
FORMATS = ("text", "md", "csv", "json")

_COLOURS = {
    Rag.RED: "#c0392b",
    Rag.AMBER: "#d68910",
    Rag.GREEN: "#1e8449",
    Rag.UNKNOWN: "#7f8c8d",
}


def render_plan(
    plan: RefreshPlan,
    fmt: str,
    *,
    limit: int = 50,
    progress: Callable[[int, int], None] | None = None,
    templates: ReportTemplates | None = None,
) -> str:
    """Render ``plan`` as ``"text"``, ``"md"``, ``"csv"`` (the schedule) or ``"json"``: the
    pieces of :func:`stream_plan` joined. The Markdown is rendered from the template
    ``refresh/plan.md`` of ``templates`` (ictrules' own and this plugin's by default), which an
    authority can replace. Raises ``ValueError`` for another format.

    :param progress: called as ``progress(done, total)`` while the JSON's ratings and events
        or the CSV's rows are written, for a progress bar on large plans.
    """
    return "".join(stream_plan(plan, fmt, limit=limit, progress=progress, templates=templates))


def stream_plan(
    plan: RefreshPlan,
    fmt: str,
    *,
    limit: int = 50,
    progress: Callable[[int, int], None] | None = None,
    templates: ReportTemplates | None = None,
) -> Iterator[str]:
    """:func:`render_plan`'s text as a stream of pieces, for writing a large plan in bounded
    memory: the JSON (:meth:`RefreshPlan.json_chunks`) and the CSV schedule a few thousand
    items at a time, so their memory beyond the plan stays that of one batch whatever the
    number of assets; text and Markdown (cut at ``limit`` rows a list) in one piece. Raises
    ``ValueError`` for an unknown format before any piece is produced.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return _stream(plan, fmt, limit, progress, templates)


def _stream(
    plan: RefreshPlan,
    fmt: str,
    limit: int,
    progress: Callable[[int, int], None] | None,
    templates: ReportTemplates | None,
) -> Iterator[str]:
    if fmt == "json":
        yield from plan.json_chunks(progress=progress)
    elif fmt == "csv":
        yield from _schedule_csv(plan, progress)
    elif fmt == "text":
        yield _Document(plan, limit).render()
    else:
        page = _templates(templates).render("refresh/plan.md", p=plan_view(plan, limit=limit))
        yield page.rstrip("\n") + "\n"


def _money(plan: RefreshPlan, amount: float, pence: bool = False) -> str:
    return format_money(amount, plan.currency, pence)


def _number(value: float) -> str:
    return f"{value:,.0f}"


def _heading_lines(plan: RefreshPlan) -> list[str]:
    years = plan.years
    cov = plan.coverage
    month = MONTH_NAMES[plan.budget_year_start_month - 1]
    lines = [
        f"Budget years {years[0].label} to {years[-1].label} (starting in {month}), "
        f"prices in {plan.currency}, inflation {plan.inflation:.1%} a year.",
        f"Covers {cov.planned_units:,} of {_devices(f'{cov.units:,}')} ({cov.planned_rows:,} of "
        f"{_rows_of(cov.rows)}); {_devices(f'{cov.not_planned_units:,}')} in "
        f"{_rows_of(cov.not_planned_rows, '')} could not be placed; {cov.retired_units:,} "
        "retired.",
    ]
    if cov.skipped_rows or cov.data_issues:
        lines.append(
            f"Data issues in the inventory: {cov.data_issues:,}; "
            f"rows left out: {cov.skipped_rows:,}."
        )
    lines.extend(f"Reading the inventory: {note}." for note in plan.notes)
    lines.append(
        f"Condition (devices): red {cov.red:,}, amber {cov.amber:,}, green {cov.green:,}, "
        f"unknown {cov.unknown:,}."
    )
    totals = plan.totals
    lines.append(
        f"Replacement spend over the horizon: {_money(plan, totals.replacement)} "
        f"(capital {_money(plan, totals.capital)}, revenue {_money(plan, totals.revenue)}, "
        f"lease {_money(plan, totals.lease)}); levelled annual contribution "
        f"{_money(plan, totals.levelled_annual_contribution)}; steady-state cost of the cycle "
        f"{_money(plan, totals.steady_state_annual_cost)} a year."
    )
    lines.append(
        f"Total cost of ownership over the horizon: {_money(plan, totals.tco)} (replacement, "
        f"support {_money(plan, totals.support)}, energy {_money(plan, totals.energy)})."
    )
    lines.append(
        f"Energy: {_number(totals.energy_kwh_per_year)} kWh a year "
        f"({_number(totals.operational_kgco2e_per_year)} kgCO2e a year from electricity); "
        f"embodied carbon in the estate {_number(totals.embodied_kgco2e_estate)} kgCO2e, "
        f"in the planned replacements {_number(totals.embodied_kgco2e_plan)} kgCO2e."
    )
    return lines


def _year_table(plan: RefreshPlan) -> tuple[list[str], list[list[str]]]:
    header = [
        "Budget year",
        "Devices replaced",
        "Capital",
        "Revenue",
        "Lease",
        "Replacement cost",
        "Support",
        "Energy",
        "Total",
        "Fund balance",
    ]
    rows = [
        [
            year.label,
            f"{year.replaced_units:,}",
            _money(plan, year.capital),
            _money(plan, year.revenue),
            _money(plan, year.lease),
            _money(plan, year.replacement),
            _money(plan, year.support),
            _money(plan, year.energy),
            _money(plan, year.total),
            _money(plan, year.balance),
        ]
        for year in plan.years
    ]
    t = plan.totals
    rows.append(
        [
            "Total",
            f"{t.replaced_units:,}",
            _money(plan, t.capital),
            _money(plan, t.revenue),
            _money(plan, t.lease),
            _money(plan, t.replacement),
            _money(plan, t.support),
            _money(plan, t.energy),
            _money(plan, t.tco),
            "",
        ]
    )
    return header, rows


def _category_table(plan: RefreshPlan) -> tuple[list[str], list[list[str]]]:
    header = [
        "Category",
        "Devices",
        "Red",
        "Amber",
        "Green",
        "Unknown",
        "Devices replaced",
        "Replacement cost",
        "Support",
        "Energy",
        "TCO",
        "kWh/year",
        "Embodied kgCO2e",
    ]
    rows = [
        [
            c.label,
            f"{c.units:,}",
            f"{c.red:,}",
            f"{c.amber:,}",
            f"{c.green:,}",
            f"{c.unknown:,}",
            f"{c.replaced_units:,}",
            _money(plan, c.replacement),
            _money(plan, c.support),
            _money(plan, c.energy),
            _money(plan, c.tco),
            _number(c.energy_kwh_per_year),
            _number(c.embodied_kgco2e_estate),
        ]
        for c in plan.categories
    ]
    return header, rows


def _attention(plan: RefreshPlan) -> list[list[str]]:
    labels = {policy.category: policy.label for policy in plan.policies}
    order = {Rag.RED: 0, Rag.AMBER: 1}
    chosen = [r for r in plan.ratings if r.rag in order]
    chosen.sort(key=lambda r: (order[r.rag], r.due.toordinal() if r.due else 0, r.asset.row))
    return [
        [
            r.rag.value,
            r.asset.id,
            r.asset.name or r.asset.model,
            labels.get(r.asset.category or "", r.asset.category_text),
            r.asset.location,
            f"{r.asset.quantity:,}",
            "; ".join(r.reasons),
        ]
        for r in chosen
    ]


_ATTENTION_HEADER = ["RAG", "Asset", "Name", "Category", "Location", "Qty", "Reasons"]


def _not_planned(plan: RefreshPlan) -> list[list[str]]:
    return [
        [
            row_label(n.asset.row, n.asset.sheet),
            n.asset.id,
            n.asset.category_text,
            f"{n.asset.quantity:,}",
            n.reason,
        ]
        for n in plan.not_planned
    ]


_NOT_PLANNED_HEADER = ["Row", "Asset", "Category", "Qty", "Reason"]


def _issues(plan: RefreshPlan) -> list[list[str]]:
    return [[row_label(i.row, i.sheet), i.column, i.value, i.problem] for i in plan.issues]


_ISSUES_HEADER = ["Row", "Column", "Value", "Problem"]


def _rows_of(count: int, kind: str = "inventory ") -> str:
    """``1 inventory row``, ``1,200 inventory rows`` (``kind`` before the noun)."""
    return f"{count:,} {kind}row" if count == 1 else f"{count:,} {kind}rows"


def _devices(count: str) -> str:
    """``count`` (written out, ``1,200``) devices, in the singular for one."""
    return f"{count} device" if count == "1" else f"{count} devices"


_ASSUMPTIONS = (
    "Each device is replaced at the end of its category's lifespan, at the category's unit "
    "cost (raised by inflation), unless the inventory gives its own end of life, support end "
    "or lease end."
)


class _Document:
    """The plan as plain text, for a terminal (the Markdown comes from ``refresh/plan.md``)."""

    def __init__(self, plan: RefreshPlan, limit: int) -> None:
        self.plan = plan
        self.limit = limit
        self.out: list[str] = []

    def heading(self, text: str) -> None:
        if self.out:
            self.out.append("")
        self.out += [text, "-" * len(text)]

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], numeric: int) -> None:
        shown = [[" ".join(cell.split()) for cell in row] for row in _rows(rows, self.limit)[0]]
        widths = [max(len(str(r[i])) for r in [header, *shown]) for i in range(len(header))]
        for row in [header, *shown]:
            cells = [
                cell.ljust(widths[i]) if i < numeric else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            ]
            self.out.append("  ".join(cells).rstrip())
        if len(rows) > len(shown):
            self.out.append("")
            self.out.append(f"... and {len(rows) - len(shown):,} more (the JSON output lists all)")

    def replacements(self) -> None:
        """Each budget year's replacements by category, the assets listed when few."""

        def text(cell: str) -> str:
            return " ".join(cell.split())

        for year in self.plan.years:
            devices = f"{year.replaced_units:,} device{'' if year.replaced_units == 1 else 's'}"
            self.out.append(f"{year.label}: {devices}, {_money(self.plan, year.replacement)}")
            groups = _year_assets(self.plan, year.index)
            if not groups:
                self.out.append("  nothing is due")
            for group in groups:
                rows = f"{group['assets']} inventory row{'' if group['assets'] == 1 else 's'}"
                self.out.append(
                    f"  {text(group['category'])}: {_devices(group['devices'])} in {rows}, "
                    f"{group['cost']}"
                )
                for asset in group["listed"]:
                    name = f" {asset['name']}" if asset["name"] else ""
                    where = f", {asset['location']}" if asset["location"] else ""
                    self.out.append(
                        f"      {text(asset['id'] + name + where)}: "
                        f"{_devices(asset['devices'])}, {asset['cost']} ({text(asset['reason'])})"
                    )

    def render(self) -> str:
        plan = self.plan
        title = f"Refresh plan as of {plan.as_of.isoformat()}"
        if plan.source:
            title += f": {plan.source}"
        self.out += [title, "=" * len(title), ""]
        self.out.extend(_heading_lines(plan))
        self.heading("Spend by budget year")
        self.table(*_year_table(plan), numeric=1)
        self.heading("What is replaced each budget year")
        self.replacements()
        self.heading("Assumptions")
        self.out += [_ASSUMPTIONS, ""]
        assumptions = _assumptions(plan)
        rows = [[r["category"], r["funding"], r["lifespan"], r["unit_cost"]] for r in assumptions]
        self.table(["Category", "Funding", "Lifespan", "Unit cost"], rows, numeric=2)
        self.out += ["", "Sources:", ""]
        self.out += [
            f"  {r['category']}: lifespan: {r['lifespan_source'] or 'not given'}"
            f"; unit cost: {r['unit_cost_source'] or 'not given'}"
            for r in assumptions
        ]
        self.heading("By category")
        self.table(*_category_table(plan), numeric=1)
        attention = _attention(plan)
        self.heading(f"Needing attention: {len(attention):,} red or amber")
        if attention:
            self.table(_ATTENTION_HEADER, attention, numeric=len(_ATTENTION_HEADER))
        else:
            self.out.append("None.")
        self.heading(f"Not planned: {len(plan.not_planned):,}")
        if plan.not_planned:
            self.table(_NOT_PLANNED_HEADER, _not_planned(plan), numeric=len(_NOT_PLANNED_HEADER))
        else:
            self.out.append("None: every asset has a place in the plan.")
        self.heading(f"Data issues: {len(plan.issues):,}")
        if plan.issues:
            self.table(_ISSUES_HEADER, _issues(plan), numeric=len(_ISSUES_HEADER))
        else:
            self.out.append("None.")
        return "\n".join(self.out) + "\n"


#: How many rows of the CSV schedule :func:`stream_plan` writes at a time.
CSV_BATCH = 5_000


def _schedule_csv(
    plan: RefreshPlan, progress: Callable[[int, int], None] | None = None
) -> Iterator[str]:
    """The replacement schedule as CSV, :data:`CSV_BATCH` rows a piece."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(
        [
            "budget_year",
            "date",
            "reason",
            "asset_id",
            "row",
            "name",
            "category",
            "location",
            "units",
            "unit_cost",
            "cost",
            "funding",
            "sheet",  # of a workbook read from several sheets (empty otherwise), as in the JSON
        ]
    )
    labels = [year.label for year in plan.years]
    funding = {kind: kind.value for kind in Funding}  # an enum's .value is a slow descriptor
    total = len(plan.events)
    for done, event in enumerate(plan.events, start=1):
        if progress is not None and not done % PROGRESS_EVERY:
            progress(done, total)
        asset = event.asset
        writer.writerow(
            [
                labels[event.year],
                event.date.isoformat(),
                event.reason,
                asset.id,
                asset.row,
                asset.name,
                asset.category,
                asset.location,
                event.units,
                f"{event.unit_cost:.2f}",
                f"{event.cost:.2f}",
                funding[event.funding],
                asset.sheet,
            ]
        )
        if not done % CSV_BATCH:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# --- HTML ------------------------------------------------------------------------------------

_SHOW_ASSETS = 6  # a category replaced in one year lists its assets when there are this few


def _year_assets(plan: RefreshPlan, index: int) -> list[dict[str, Any]]:
    """The assets replaced in budget year ``index``, by category: each category's devices and
    cost, and its assets one by one when there are few (collapsed to a count when many)."""
    labels = {policy.category: policy.label for policy in plan.policies}
    by_category: dict[str, list[Any]] = {}
    for event in plan.events:
        if event.year == index:
            key = event.asset.category or ""
            by_category.setdefault(key, []).append(event)
    groups = []
    for category in sorted(by_category, key=lambda c: labels.get(c, c)):
        events = by_category[category]
        groups.append(
            {
                "category": labels.get(category, category),
                "assets": len(events),
                "devices": f"{sum(e.units for e in events):,}",
                "cost": _money(plan, sum(e.cost for e in events)),
                "listed": [
                    {
                        "id": e.asset.id,
                        "name": e.asset.name or e.asset.model,
                        "location": e.asset.location,
                        "devices": f"{e.units:,}",
                        "cost": _money(plan, e.cost),
                        "reason": e.reason,
                    }
                    for e in events
                ]
                if len(events) <= _SHOW_ASSETS
                else [],
            }
        )
    return groups


def _assumptions(plan: RefreshPlan) -> list[dict[str, str]]:
    used = {c.category for c in plan.categories}
    rows = []
    for policy in plan.policies:
        if policy.category not in used:
            continue
        sources = policy.sources
        rows.append(
            {
                "category": policy.label,
                "lifespan": f"{policy.lifespan_years:g} years",
                "lifespan_source": sources.get("lifespan_years", ""),
                "unit_cost": _money(plan, policy.unit_cost),
                "unit_cost_source": sources.get("unit_cost", ""),
                "funding": policy.funding.value,
            }
        )
    return rows


def _rag_layout(plan: RefreshPlan) -> dict[str, Any]:
    cov = plan.coverage
    counts = [(Rag.RED, cov.red), (Rag.AMBER, cov.amber), (Rag.GREEN, cov.green)]
    counts.append((Rag.UNKNOWN, cov.unknown))
    total = sum(count for _, count in counts)
    width = 560
    x, segments = 0.0, []
    for rag, count in counts:
        if total == 0 or count == 0:
            continue
        share = width * count / total
        segments.append(
            {
                "x": round(x, 2),
                "width": round(share, 2),
                "colour": _COLOURS[rag],
                "rag": rag.value,
                "count": f"{count:,}",
            }
        )
        x += share
    legend = [
        {"x": index * 140, "colour": _COLOURS[rag], "text": f"{rag.value} {count:,}"}
        for index, (rag, count) in enumerate(counts)
    ]
    label = ", ".join(f"{rag.value} {count:,}" for rag, count in counts)
    return {"width": width, "segments": segments, "legend": legend, "label": label}


def _spend_layout(plan: RefreshPlan) -> dict[str, Any]:
    years = plan.years
    contribution = plan.totals.levelled_annual_contribution
    top = max([year.replacement for year in years] + [contribution, 1.0])
    left, height = 84, 200
    step = max(56, min(100, (560 - left) // max(len(years), 1)))
    width = left + step * len(years) + 10
    bars = []
    for index, year in enumerate(years):
        bar_height = height * year.replacement / top
        x = left + index * step + step * 0.15
        bars.append(
            {
                "x": round(x, 1),
                "y": round(20 + height - bar_height, 2),
                "width": round(step * 0.7, 1),
                "height": round(bar_height, 2),
                "centre": round(x + step * 0.35, 1),
                "label": year.label,
                "amount": _money(plan, year.replacement),
                "show_amount": bool(year.replacement),
            }
        )
    return {
        "width": width,
        "height": height + 90,
        "left": left,
        "base": 20 + height,
        "top_label": _money(plan, top),
        "line_y": round(20 + height - height * contribution / top, 2),
        "bars": bars,
        "contribution": _money(plan, contribution),
        "legend_y": 20 + height + 40,
        "label": "Replacement cost per budget year: "
        + ", ".join(f"{y.label} {_money(plan, y.replacement)}" for y in years)
        + f"; levelled contribution {_money(plan, contribution)} a year",
    }


def _rows(rows: Sequence[Sequence[str]], limit: int) -> tuple[Sequence[Sequence[str]], int]:
    shown = rows[:limit] if limit >= 0 else rows
    return shown, len(rows) - len(shown)


def plan_view(plan: RefreshPlan, *, limit: int = 50) -> dict[str, Any]:
    """What the plan's templates are given: its figures written out (money in the plan's
    currency), the tables, the assets replaced in each budget year by category, the assumptions
    with their sources, and the layouts of its two charts."""
    year_header, year_rows = _year_table(plan)
    category_header, category_rows = _category_table(plan)
    attention = _attention(plan)
    attention_shown, attention_more = _rows(attention, limit)
    not_planned_shown, not_planned_more = _rows(_not_planned(plan), limit)
    issues_shown, issues_more = _rows(_issues(plan), limit)
    deficits = [year.label for year in plan.years if year.balance < 0]
    return {
        "plan": plan,
        "as_of": plan.as_of.isoformat(),
        "source": plan.source,
        "summary": _heading_lines(plan),
        "contribution": _money(plan, plan.totals.levelled_annual_contribution),
        "deficits": deficits,
        "year_header": year_header,
        "year_rows": year_rows,
        "condition_header": category_header[:6],
        "condition_rows": [row[:6] for row in category_rows],
        "cost_header": [category_header[0], *category_header[6:]],
        "cost_rows": [[row[0], *row[6:]] for row in category_rows],
        "years": [
            {
                "label": year.label,
                "devices": f"{year.replaced_units:,}",
                "cost": _money(plan, year.replacement),
                "groups": _year_assets(plan, year.index),
            }
            for year in plan.years
        ],
        "assumptions": _assumptions(plan),
        "assumption_rows": [
            [r["category"], r["funding"], r["lifespan"], r["unit_cost"]] for r in _assumptions(plan)
        ],
        "assumptions_note": _ASSUMPTIONS,
        "category_header": category_header,
        "category_rows": category_rows,
        "attention_header": _ATTENTION_HEADER,
        "attention": attention_shown,
        "attention_count": len(attention),
        "attention_more": attention_more,
        "not_planned_header": _NOT_PLANNED_HEADER,
        "not_planned": not_planned_shown,
        "not_planned_count": len(plan.not_planned),
        "not_planned_more": not_planned_more,
        "issues_header": _ISSUES_HEADER,
        "issues": issues_shown,
        "issues_count": len(plan.issues),
        "issues_more": issues_more,
        "rag_chart": _rag_layout(plan),
        "spend_chart": _spend_layout(plan),
    }


def _templates(templates: ReportTemplates | None) -> ReportTemplates:
    return (templates or default_templates()).with_plugin(PLUGIN_NAME, TEMPLATES)


def plan_html(
    plan: RefreshPlan, *, limit: int = 50, templates: ReportTemplates | None = None
) -> str:
    """The plan as an HTML fragment (``refresh/section.html``): a ``<section
    class="refresh-plan">`` with what is replaced each budget year, the assumptions and their
    sources, what the fund balance means, an inline-SVG condition chart and spend chart, and
    tables. It loads no external resources. ``templates`` are the report templates in force
    (ictrules' own and this plugin's by default)."""
    return _templates(templates).render("refresh/section.html", p=plan_view(plan, limit=limit))


def plan_page(
    plan: RefreshPlan,
    *,
    title: str | None = None,
    limit: int = 50,
    templates: ReportTemplates | None = None,
) -> str:
    """The plan as a page of its own (``refresh/plan.html``), titled ``title`` (the school's or
    trust's name, say) or "ICT refresh plan"."""
    return _templates(templates).render(
        "refresh/plan.html",
        p=plan_view(plan, limit=limit),
        page_title=title or "ICT refresh plan",
    )
