"""Rendering a refresh plan: plain text, Markdown, the replacement schedule as CSV, JSON, and a
self-contained HTML fragment with inline SVG charts.

Long lists (assets needing attention, assets not placed, data issues) are cut at ``limit``
entries in text, Markdown and HTML, with a line saying how many more there are; JSON and CSV
always hold everything.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Sequence

from ictrules.reports.csv import CsvWriter
from ictrules.reports.markdown import md_escape

from .planning import PROGRESS_EVERY, RefreshPlan
from .rag import Rag

__all__ = ["FORMATS", "plan_html", "render_plan"]

#: The formats :func:`render_plan` writes.
FORMATS = ("text", "md", "csv", "json")

_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
_COLOURS = {
    Rag.RED: "#c0392b",
    Rag.AMBER: "#d68910",
    Rag.GREEN: "#1e8449",
    Rag.UNKNOWN: "#7f8c8d",
}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def render_plan(
    plan: RefreshPlan,
    fmt: str,
    *,
    limit: int = 50,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """Render ``plan`` as ``"text"``, ``"md"``, ``"csv"`` (the schedule) or ``"json"``.

    :param progress: called as ``progress(done, total)`` while the JSON's ratings and events
        or the CSV's rows are written, for a progress bar on large plans.
    """
    if fmt == "json":
        return plan.to_json(progress=progress)
    if fmt == "csv":
        return _schedule_csv(plan, progress)
    if fmt == "text":
        return _Document(plan, limit, markdown=False).render()
    if fmt == "md":
        return _Document(plan, limit, markdown=True).render()
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _money(plan: RefreshPlan, amount: float, pence: bool = False) -> str:
    symbol = _SYMBOLS.get(plan.currency)
    number = f"{amount:,.2f}" if pence else f"{amount:,.0f}"
    if number.startswith("-"):
        return f"-{symbol}{number[1:]}" if symbol else f"-{number[1:]} {plan.currency}"
    return f"{symbol}{number}" if symbol else f"{number} {plan.currency}"


def _number(value: float) -> str:
    return f"{value:,.0f}"


def _heading_lines(plan: RefreshPlan) -> list[str]:
    years = plan.years
    cov = plan.coverage
    month = _MONTHS[plan.budget_year_start_month - 1]
    lines = [
        f"Budget years {years[0].label} to {years[-1].label} (starting in {month}), "
        f"prices in {plan.currency}, inflation {plan.inflation:.1%} a year.",
        f"Covers {cov.planned_units:,} of {cov.units:,} devices ({cov.planned_rows:,} of "
        f"{cov.rows:,} inventory rows); {cov.not_planned_units:,} devices in "
        f"{cov.not_planned_rows:,} rows could not be placed; {cov.retired_units:,} retired.",
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
        "Devices",
        "Capital",
        "Revenue",
        "Lease",
        "Replacement",
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
        "Replaced",
        "Replacement",
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
        [f"{n.asset.row}", n.asset.id, n.asset.category_text, f"{n.asset.quantity:,}", n.reason]
        for n in plan.not_planned
    ]


_NOT_PLANNED_HEADER = ["Row", "Asset", "Category", "Qty", "Reason"]


def _issues(plan: RefreshPlan) -> list[list[str]]:
    return [[f"{i.row}", i.column, i.value, i.problem] for i in plan.issues]


_ISSUES_HEADER = ["Row", "Column", "Value", "Problem"]


def _md_cell(cell: str) -> str:
    """A cell as Markdown shows it literally, on one line (names may hold HTML or pipes)."""
    return md_escape(cell)


class _Document:
    def __init__(self, plan: RefreshPlan, limit: int, *, markdown: bool) -> None:
        self.plan = plan
        self.limit = limit
        self.markdown = markdown
        self.out: list[str] = []

    def heading(self, text: str) -> None:
        if self.out:
            self.out.append("")
        if self.markdown:
            self.out.append(f"## {text}")
            self.out.append("")
        else:
            self.out.append(text)
            self.out.append("-" * len(text))

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], numeric: int) -> None:
        shown = rows[: self.limit] if self.limit >= 0 else rows
        if self.markdown:
            self.out.append("| " + " | ".join(header) + " |")
            aligns = ["---" if i < numeric else "---:" for i in range(len(header))]
            self.out.append("| " + " | ".join(aligns) + " |")
            self.out.extend("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in shown)
        else:
            shown = [[" ".join(cell.split()) for cell in row] for row in shown]
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

    def render(self) -> str:
        plan = self.plan
        title = f"Refresh plan as of {plan.as_of.isoformat()}"
        if plan.source:
            title += f": {plan.source}"
        if self.markdown:
            self.out += [f"# {md_escape(title)}", ""]
        else:
            self.out += [title, "=" * len(title), ""]
        self.out.extend(_heading_lines(plan))
        self.heading("Spend by budget year")
        self.table(*_year_table(plan), numeric=1)
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


def _schedule_csv(plan: RefreshPlan, progress: Callable[[int, int], None] | None = None) -> str:
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
        ]
    )
    labels = [year.label for year in plan.years]
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
                event.funding.value,
            ]
        )
    return buffer.getvalue()


# --- HTML ------------------------------------------------------------------------------------

_STYLE = """
.refresh-plan { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1c2833; }
.refresh-plan h2 { margin: 1em 0 0.3em; }
.refresh-plan h3 { margin: 1.2em 0 0.3em; }
.refresh-plan p { margin: 0.3em 0; max-width: 60em; }
.refresh-plan figure { margin: 0.8em 0; }
.refresh-plan svg { max-width: 100%; height: auto; }
.refresh-plan figcaption { font-size: 0.9em; color: #566573; }
.refresh-plan table { border-collapse: collapse; margin: 0.4em 0 1em; font-size: 0.9em; }
.refresh-plan th, .refresh-plan td { border: 1px solid #d5d8dc; padding: 0.2em 0.5em; }
.refresh-plan th { background: #f2f3f4; text-align: left; }
.refresh-plan td.num { text-align: right; font-variant-numeric: tabular-nums; }
.refresh-plan .rag { font-weight: bold; }
.refresh-plan .rag-red { color: #c0392b; }
.refresh-plan .rag-amber { color: #b9770e; }
.refresh-plan .rag-green { color: #1e8449; }
.refresh-plan .rag-unknown { color: #566573; }
.refresh-plan .more { font-style: italic; color: #566573; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: frozenset[int],
    limit: int,
    rag_column: int | None = None,
) -> str:
    shown = rows[:limit] if limit >= 0 else rows
    out = [
        "<table>",
        "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead>",
    ]
    out.append("<tbody>")
    for row in shown:
        cells = []
        for index, cell in enumerate(row):
            if index == rag_column:
                cells.append(f'<td class="rag rag-{_e(cell)}">{_e(cell)}</td>')
            elif index in numeric:
                cells.append(f'<td class="num">{_e(cell)}</td>')
            else:
                cells.append(f"<td>{_e(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    if len(rows) > len(shown):
        more = len(rows) - len(shown)
        out.append(f'<p class="more">... and {more:,} more (the JSON output lists all)</p>')
    return "\n".join(out)


def _rag_svg(plan: RefreshPlan) -> str:
    cov = plan.coverage
    counts = [(Rag.RED, cov.red), (Rag.AMBER, cov.amber), (Rag.GREEN, cov.green)]
    counts.append((Rag.UNKNOWN, cov.unknown))
    total = sum(count for _, count in counts)
    width, bar = 600, 28
    label = ", ".join(f"{rag.value} {count:,}" for rag, count in counts)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 70" width="{width}" '
        f'height="70" role="img" aria-label="Condition of devices: {_e(label)}">',
        f"<title>Condition of devices: {_e(label)}</title>",
    ]
    x = 0.0
    if total == 0:
        parts.append(f'<rect x="0" y="0" width="{width}" height="{bar}" fill="#eaeded"/>')
    for rag, count in counts:
        if total == 0 or count == 0:
            continue
        share = width * count / total
        parts.append(
            f'<rect x="{x:.2f}" y="0" width="{share:.2f}" height="{bar}" '
            f'fill="{_COLOURS[rag]}"><title>{rag.value}: {count:,}</title></rect>'
        )
        x += share
    for index, (rag, count) in enumerate(counts):
        lx = index * 150
        parts.append(
            f'<rect x="{lx}" y="42" width="14" height="14" fill="{_COLOURS[rag]}"/>'
            f'<text x="{lx + 20}" y="54" font-size="13">{rag.value} {count:,}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _spend_svg(plan: RefreshPlan) -> str:
    years = plan.years
    contribution = plan.totals.levelled_annual_contribution
    top = max([year.replacement for year in years] + [contribution, 1.0])
    left, bottom, height, step = 70, 30, 200, 100
    width = left + step * len(years) + 20
    total_height = height + bottom + 40
    label = (
        "Replacement spend per budget year: "
        + ", ".join(f"{y.label} {_money(plan, y.replacement)}" for y in years)
        + f"; levelled contribution {_money(plan, contribution)} a year"
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_height}" '
        f'width="{width}" height="{total_height}" role="img" aria-label="{_e(label)}">',
        f"<title>{_e(label)}</title>",
        f'<line x1="{left}" y1="{20 + height}" x2="{width - 10}" y2="{20 + height}" '
        'stroke="#566573"/>',
        f'<text x="{left - 6}" y="26" font-size="11" text-anchor="end">'
        f"{_e(_money(plan, top))}</text>",
        f'<text x="{left - 6}" y="{20 + height}" font-size="11" text-anchor="end">0</text>',
    ]
    for index, year in enumerate(years):
        bar_height = height * year.replacement / top
        x = left + index * step + 15
        y = 20 + height - bar_height
        parts.append(
            f'<rect x="{x}" y="{y:.2f}" width="{step - 30}" height="{bar_height:.2f}" '
            f'fill="#2e86c1"><title>{_e(year.label)}: {_e(_money(plan, year.replacement))}'
            "</title></rect>"
        )
        parts.append(
            f'<text x="{x + (step - 30) / 2:.1f}" y="{20 + height + 16}" font-size="12" '
            f'text-anchor="middle">{_e(year.label)}</text>'
        )
        if year.replacement:
            parts.append(
                f'<text x="{x + (step - 30) / 2:.1f}" y="{max(y - 4, 12):.2f}" font-size="10" '
                f'text-anchor="middle">{_e(_money(plan, year.replacement))}</text>'
            )
    line_y = 20 + height - height * contribution / top
    parts.append(
        f'<line x1="{left}" y1="{line_y:.2f}" x2="{width - 10}" y2="{line_y:.2f}" '
        'stroke="#d35400" stroke-width="2" stroke-dasharray="6 4">'
        f"<title>Levelled contribution: {_e(_money(plan, contribution))} a year</title></line>"
    )
    legend_y = 20 + height + bottom + 6
    parts.append(
        f'<line x1="{left}" y1="{legend_y}" x2="{left + 30}" y2="{legend_y}" stroke="#d35400" '
        f'stroke-width="2" stroke-dasharray="6 4"/><text x="{left + 36}" y="{legend_y + 4}" '
        f'font-size="11">levelled contribution {_e(_money(plan, contribution))} a year</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def plan_html(plan: RefreshPlan, *, limit: int = 50) -> str:
    """The plan as an HTML fragment: a ``<section class="refresh-plan">`` with its own scoped
    ``<style>``, an inline-SVG condition chart, an inline-SVG chart of spend per budget year
    with the levelled contribution as a line, and tables. It loads no external resources."""
    out = [
        '<section class="refresh-plan">',
        f"<style>{_STYLE}</style>",
        f"<h2>Refresh plan as of {_e(plan.as_of.isoformat())}</h2>",
    ]
    out.extend(f"<p>{_e(line)}</p>" for line in _heading_lines(plan))
    out.append(
        f"<figure>{_rag_svg(plan)}<figcaption>Condition of devices (RAG)</figcaption></figure>"
    )
    out.append(
        f"<figure>{_spend_svg(plan)}<figcaption>Replacement spend per budget year; the dashed "
        "line is the levelled annual contribution</figcaption></figure>"
    )
    out.append("<h3>Spend by budget year</h3>")
    out.append(_html_table(*_year_table(plan), frozenset(range(1, 10)), limit=-1))
    out.append("<h3>By category</h3>")
    out.append(_html_table(*_category_table(plan), frozenset(range(1, 13)), limit=-1))
    attention = _attention(plan)
    out.append(f"<h3>Needing attention: {len(attention):,} red or amber</h3>")
    out.append(
        _html_table(_ATTENTION_HEADER, attention, frozenset({5}), limit, rag_column=0)
        if attention
        else "<p>None.</p>"
    )
    out.append(f"<h3>Not planned: {len(plan.not_planned):,}</h3>")
    out.append(
        _html_table(_NOT_PLANNED_HEADER, _not_planned(plan), frozenset({0, 3}), limit)
        if plan.not_planned
        else "<p>None: every asset has a place in the plan.</p>"
    )
    out.append(f"<h3>Data issues: {len(plan.issues):,}</h3>")
    out.append(
        _html_table(_ISSUES_HEADER, _issues(plan), frozenset({0}), limit)
        if plan.issues
        else "<p>None.</p>"
    )
    out.append("</section>")
    return "\n".join(out) + "\n"
