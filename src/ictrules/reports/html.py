"""HTML reports: one self-contained page per school, or one page summarising many.

Each page is rendered from the report templates (:mod:`ictrules.reports.templating`): one base
layout, one stylesheet and the inline-SVG chart macros, all shipped with ictrules and all
replaceable by an authority's own. The page carries its own CSS and SVG: no script, no font or
stylesheet from the network; print CSS lays it out on A4. Every value from evidence or plugins
is escaped by the templates' autoescaping.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest
from typing import Any

import attrs
from markupsafe import Markup

from ..assessments import Assessment
from ..explanations import met_above, standing_text
from ._format import check_one_framework, counted
from ._glossary import Glossary, headline, level_text, provenance_text, school_label
from .action_plan import ActionPlan, grouped_actions
from .charts import level_colour, level_text_colour, profile_layout, spread_layout
from .templating import ReportTemplates, default_templates

__all__ = ["Failure", "assessment_html", "fragment_page", "summary_html"]


@attrs.frozen
class Failure:
    """An input a many-schools report could not include: its path and why."""

    path: str
    error: str


def _level_style(assessment: Assessment) -> Any:
    scale = list(assessment.scale)

    def style(level: int) -> str:
        if level not in scale:
            return "background:#777;color:#fff"
        rank, count = scale.index(level), len(scale)
        return f"background:{level_colour(rank, count)};color:{level_text_colour(rank, count)}"

    return style


def assessment_html(
    assessment: Assessment,
    *,
    glossary: Glossary | None = None,
    plan_fragment: str | None = None,
    fragments: Sequence[str] = (),
    action_plan: ActionPlan | None = None,
    title: str | None = None,
    templates: ReportTemplates | None = None,
) -> str:
    """One school's full report as a self-contained HTML page.

    ``plan_fragment`` and then each of ``fragments`` are HTML sections (a refresh plan's, a
    cohort benchmark's) placed after the strands as they are: their producers escape them.
    ``glossary`` adds section titles, level names, each fact's question and type (to write its
    value as people do); ``action_plan`` the owner, term and cost of each action; ``title``
    replaces the school's name as the page's heading; ``templates`` the templates in force
    (ictrules' own by default).
    """
    glossary = glossary or Glossary()
    plan = action_plan or ActionPlan()
    groups = grouped_actions(assessment, plan)
    total = sum(group.cost for group in groups)
    sections = [Markup(fragment) for fragment in [plan_fragment or "", *fragments] if fragment]
    return (templates or default_templates()).render(
        "assessment.html",
        a=assessment,
        g=glossary,
        page_title=title or school_label(assessment),
        headline=headline(assessment),
        profile=profile_layout(assessment, dict(glossary.levels)),
        groups=groups,
        plan=plan,
        plan_total=plan.cost_text(total) if total else "",
        sections=sections,
        level_style=_level_style(assessment),
        standing=standing_text,
        met_above=met_above,
        provenance=provenance_text,
    )


def _summary_rows(
    assessments: Sequence[Assessment], sources: Sequence[str]
) -> list[dict[str, Any]]:
    """Each school's name, id and a cell per strand (level, mark, colour)."""
    rows = []
    for assessment, source in zip_longest(assessments, sources[: len(assessments)]):
        style = _level_style(assessment)
        rows.append(
            {
                "name": school_label(assessment, source),
                "id": assessment.school.id if assessment.school and assessment.school.name else "",
                "cells": [
                    {
                        "code": result.code,
                        "level": result.level,
                        "style": style(result.level),
                        "mark": ("?" if result.best_possible != result.level else "")
                        + ("!" if result.disagreement else ""),
                        "text": level_text(result),
                    }
                    for result in assessment.strands
                ],
            }
        )
    return rows


def summary_html(
    assessments: Sequence[Assessment],
    sources: Sequence[str] = (),
    *,
    failures: Sequence[Failure] = (),
    glossary: Glossary | None = None,
    title: str | None = None,
    templates: ReportTemplates | None = None,
) -> str:
    """Many schools on one page: how many are at each level per strand, a school-by-strand
    table, and the files that could not be assessed (``failures``). All assessments must be of
    the same framework. ``sources`` (the file each came from) names the schools whose evidence
    has no ``[school]`` table."""
    check_one_framework(assessments)
    glossary = glossary or Glossary()
    rows = _summary_rows(assessments, sources)
    first = assessments[0] if assessments else None
    default_title = (
        f"{first.framework_title}: {counted(len(assessments), 'school')}"
        if first
        else "No schools assessed"
    )
    return (templates or default_templates()).render(
        "summary.html",
        first=first,
        count=len(assessments),
        rows=rows,
        failures=failures,
        g=glossary,
        page_title=title or default_title,
        spread=spread_layout(assessments, dict(glossary.levels)) if assessments else None,
    )


def fragment_page(
    title: str,
    fragment: str,
    *,
    subtitle: str = "",
    templates: ReportTemplates | None = None,
) -> str:
    """A self-contained page around an HTML fragment (a refresh plan's ``<section>``, say),
    with the report layout and stylesheet."""
    return (templates or default_templates()).render(
        "page.html", page_title=title, subtitle=subtitle, fragment=Markup(fragment)
    )
