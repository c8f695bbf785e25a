"""The survey section of a school's report: per question and group, the replies, the response
rate, the share that agrees with its confidence interval (a small inline-SVG chart) and the
criteria each share decided.

:func:`survey_section` gives it as a :class:`~ictrules.commands.ReportSection`: the HTML through
the report templates (``survey.html``, restyled like any other), Markdown and text from
:func:`survey_markdown` and :func:`survey_text`, and the counts as JSON data. Only counts and
shares reach it: nothing a respondent wrote, and no name or e-mail address.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..assessments import Assessment
from ..commands import ReportSection
from ..evidence import Provenance
from ..surveys import SurveyResult
from ..surveys.tally import widened
from ._format import md_escape, nice_date
from .charts import interval_layout
from .templating import ReportTemplates, default_templates

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = ["survey_markdown", "survey_section", "survey_text", "survey_view", "thresholds_of"]

_COMPARISON = r"\s*(>=|>|<=|<)\s*(?:'([a-z_]+)'|(\d*\.?\d+)(%?))"


def thresholds_of(
    engine: Engine, framework: str, facts: Sequence[str]
) -> dict[str, list[tuple[float, str]]]:
    """Per fact, the shares its criteria compare it with: ``{"vision.staff_embrace": [(0.5,
    "many"), (0.75, "most")]}``, from the conditions as written (a band name stands for its
    lower bound, or its upper one after ``>`` and ``<=``)."""
    compiled = engine.compiled(framework)
    found: dict[str, list[tuple[float, str]]] = {}
    for strand in compiled.strands:
        for _, criteria in strand.ladder:
            for criterion in criteria:
                text = criterion.criterion.condition
                for fact in facts:
                    for match in re.finditer(re.escape(fact) + _COMPARISON, text):
                        operator, band, number, percent = match.groups()
                        if band:
                            try:
                                low, high = compiled.bands.interval(band)
                            except (KeyError, ValueError):
                                continue
                            value = high if operator in (">", "<=") else low
                            name = band.replace("_", " ")
                        else:
                            value = float(number) / (100 if percent else 1)
                            name = f"{value:.0%}"
                        if (value, name) not in found.setdefault(fact, []):
                            found[fact].append((value, name))
    return found


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def _end(value: float) -> str:
    """An end of an interval, to a tenth of a percent: a threshold of 50% and an end of 49.9%
    must not both read "50%"."""
    return f"{value * 100:.1f}".removesuffix(".0") + "%"


def _interval(low: float | None, high: float | None) -> str:
    """An interval as the evidence writes it, rounded outwards (so one interval never reads
    49.6% to 80.2% here and at most 80.3% in a strand's table)."""
    if low is None or high is None:
        return ""
    if low == high:
        return _end(low)
    low, high = widened(low, high)
    return f"{_end(low)} to {_end(high)}"


def _criteria(
    assessment: Assessment, fact: str, provenance: Provenance | None
) -> list[dict[str, Any]]:
    """The criteria that read the survey's own value of ``fact`` (the reading carries the
    survey's ``provenance``): not those that read the school's value instead (``prefer =
    "school"``), and said so when an entailment narrowed the share before the criterion read
    it, or when the criterion reads other facts too."""
    rows = []
    for strand in assessment.strands:
        for criterion in strand.criteria:
            readings = [reading for reading in criterion.facts if reading.fact == fact]
            if provenance is None or not any(r.provenance == provenance for r in readings):
                continue
            state = {True: "met", False: "not met", None: "unknown"}[criterion.holds]
            if any(reading.entailed_by for reading in readings):
                state += " (the share as an entailment narrowed it)"
            elif len({reading.fact for reading in criterion.facts}) > 1:
                state += " (with other facts)"
            rows.append(
                {
                    "strand": strand.code,
                    "id": criterion.id,
                    "statement": criterion.statement,
                    "holds": criterion.holds,
                    "state": state,
                }
            )
    return rows


def survey_view(
    result: SurveyResult,
    assessment: Assessment,
    thresholds: Mapping[str, Sequence[tuple[float, str]]] | None = None,
) -> dict[str, Any]:
    """What the templates and the text render: a block per fact (its groups' rows, the value
    it gave, the criteria that read it), the groups' replies, the notices."""
    thresholds = thresholds or {}
    level = f"{result.confidence * 100:.1f}".removesuffix(".0") + "%"
    blocks = []
    for measured in result.facts:
        rows = []
        for tally in measured.tallies:
            chart = None
            if tally.low is not None and tally.high is not None and tally.share is not None:
                chart = interval_layout(
                    tally.share, tally.low, tally.high, thresholds.get(measured.fact, ())
                )
            rows.append(
                {
                    "group": tally.group,
                    "question": tally.question,
                    "replied": tally.replied,
                    "size": tally.size,
                    "rate": _percent(tally.response_rate),
                    "answered": tally.answered,
                    "agreed": tally.agreed,
                    "blank": tally.blank,
                    "not_applicable": tally.not_applicable,
                    "share": _percent(tally.share),
                    "interval": _interval(tally.low, tally.high),
                    "chart": chart,
                    "reason": tally.reason,
                    "last_reply": nice_date(tally.last_reply),
                }
            )
        combined = _interval(measured.low, measured.high)
        blocks.append(
            {
                "fact": measured.fact,
                "rows": rows,
                "value": combined,
                "share": _percent(measured.share),
                "reason": measured.reason,
                "criteria": _criteria(assessment, measured.fact, measured.provenance),
                "several": len(rows) > 1,
            }
        )
    groups = [
        {
            "group": group,
            "replied": replied,
            "size": size,
            "rate": _percent(replied / size) if size else "",
        }
        for group, (replied, size) in result.groups.items()
    ]
    return {
        "level": level,
        "blocks": blocks,
        "groups": groups,
        "notices": [str(notice) for notice in result.notices],
        "minimum": result.minimum_replies,
        "sources": list(result.sources),
    }


def survey_text(view: Mapping[str, Any]) -> str:
    """The survey section as plain text."""
    lines = [
        f"Surveys (shares with their {view['level']} confidence intervals; only counts are kept)"
    ]
    for block in view["blocks"]:
        lines.append(f"  {block['fact']}")
        for row in block["rows"]:
            lines.append("    " + _row_words(row))
        if block["several"] and block["value"]:
            lines.append(f"    together, weighed by the groups' sizes: {block['value']}")
        if block["reason"]:
            lines.append(f"    unknown: {block['reason']}")
        if block["criteria"]:
            decided = "; ".join(f"{c['id']} {c['state']}" for c in block["criteria"])
            lines.append(f"    criteria: {decided}")
    for notice in view["notices"]:
        lines.append(f"  not counted or not read: {notice}")
    return "\n".join(lines) + "\n"


def _row_words(row: Mapping[str, Any]) -> str:
    replied = (
        f"{row['replied']} of {row['size']} replied ({row['rate']})"
        if row["size"]
        else f"{row['replied']} replied"
    )
    text = f"{row['group']}: {replied}, {row['agreed']} of {row['answered']} agree"
    if row["interval"]:
        text += f": {row['share']} ({row['interval']})"
    return text


def survey_markdown(view: Mapping[str, Any]) -> str:
    """The survey section as Markdown: a table row per question and group."""
    lines = [
        "## Surveys",
        "",
        f"Each share is the share of the group that agrees, with its {view['level']} confidence "
        "interval: a criterion whose threshold lies inside the interval stays unknown. Only "
        "counts are kept.",
        "",
        "| fact | group | question | replies | agree | share | interval | criteria |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for block in view["blocks"]:
        criteria = "; ".join(f"{c['id']} {c['state']}" for c in block["criteria"])
        for row in block["rows"]:
            replies = (
                f"{row['replied']} of {row['size']} ({row['rate']})"
                if row["size"]
                else str(row["replied"])
            )
            interval = row["interval"] or (f"unknown: {row['reason']}" if row["reason"] else "")
            cells = [
                f"`{block['fact']}`",
                row["group"],
                row["question"],
                replies,
                f"{row['agreed']} of {row['answered']}",
                row["share"],
                interval,
                criteria,
            ]
            lines.append(
                "| "
                + " | ".join(md_escape(cell) if i else cell for i, cell in enumerate(cells))
                + " |"
            )
        if block["several"] and block["value"]:  # the groups together, as the fact reads
            together = ["", "together", "weighed by the groups' sizes", "", "", "", block["value"]]
            lines.append(
                f"| `{block['fact']}` | "
                + " | ".join(md_escape(cell) for cell in [*together[1:], criteria])
                + " |"
            )
    notices = view["notices"]
    if notices:
        lines += ["", "Not counted or not read:", ""]
        lines += [f"- {md_escape(notice)}" for notice in notices]
    return "\n".join(lines) + "\n"


def survey_section(
    result: SurveyResult,
    assessment: Assessment,
    engine: Engine | None = None,
    templates: ReportTemplates | None = None,
) -> ReportSection:
    """The survey section of one school's report (``key`` ``surveys`` in the JSON report).
    With ``engine``, each chart marks the thresholds the framework's criteria compare the share
    with."""
    facts = [measured.fact for measured in result.facts]
    thresholds = thresholds_of(engine, assessment.framework, facts) if engine else {}
    view = survey_view(result, assessment, thresholds)
    data = result.to_dict()
    for entry, block in zip(data["facts"], view["blocks"], strict=True):
        entry["criteria"] = [
            {key: criterion[key] for key in ("strand", "id", "holds")}
            for criterion in block["criteria"]
        ]

    def render(fmt: str) -> str:
        if fmt == "md":
            return survey_markdown(view)
        if fmt == "html":
            return (templates or default_templates()).render("survey.html", s=view)
        return survey_text(view)

    return ReportSection("surveys", data, render, template="survey.html", context={"s": view})
