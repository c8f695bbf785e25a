"""Markdown reports: the same content as the HTML page, for wikis, tickets and e-mail.

Rendered from the ``.md`` report templates (:mod:`ictrules.reports.templating`); every value
from evidence, plugins or an action plan goes through one escaping helper, :func:`md_escape`
(the templates' ``md`` filter).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..assessments import Assessment
from ..explanations import met_above, standing_text
from ._format import check_one_framework, counted, md_escape
from ._glossary import Glossary, headline, level_text, provenance_text, school_label
from .action_plan import ActionPlan, grouped_actions
from .html import Failure, _summary_rows
from .templating import ReportTemplates, default_templates

__all__ = ["assessment_markdown", "md_escape", "summary_markdown"]


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one newline at the end."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if line.strip() == "" and (not out or out[-1] == ""):
            continue
        out.append(line.rstrip())
    return "\n".join(out).rstrip("\n") + "\n"


def assessment_markdown(
    assessment: Assessment,
    *,
    glossary: Glossary | None = None,
    plan_markdown: str | None = None,
    sections: Sequence[str] = (),
    action_plan: ActionPlan | None = None,
    title: str | None = None,
    templates: ReportTemplates | None = None,
) -> str:
    """One school's full report in Markdown; ``plan_markdown`` and then ``sections`` (Markdown
    that plugins rendered) are appended as they are."""
    glossary = glossary or Glossary()
    plan = action_plan or ActionPlan()
    groups = grouped_actions(assessment, plan)
    total = sum(group.cost for group in groups)
    extra = [Markup(text.rstrip("\n")) for text in [plan_markdown or "", *sections] if text]
    return _tidy(
        (templates or default_templates()).render(
            "assessment.md",
            a=assessment,
            g=glossary,
            page_title=title or school_label(assessment),
            custom_title=bool(title),
            headline=headline(assessment),
            groups=groups,
            plan=plan,
            plan_total=plan.cost_text(total) if total else "",
            sections=extra,
            standing=standing_text,
            met_above=met_above,
            provenance=provenance_text,
            level_text=level_text,
        )
    )


def summary_markdown(
    assessments: Sequence[Assessment],
    sources: Sequence[str] = (),
    *,
    failures: Sequence[Failure] = (),
    title: str | None = None,
    templates: ReportTemplates | None = None,
) -> str:
    """Many schools as one Markdown table: a row per school, a column per strand, and the files
    that could not be assessed. ``sources`` (the file each assessment came from) names schools
    without a ``[school]``."""
    check_one_framework(assessments)
    first = assessments[0] if assessments else None
    default_title = (
        f"{first.framework_title}: {counted(len(assessments), 'school')}"
        if first
        else "No schools assessed"
    )
    return _tidy(
        (templates or default_templates()).render(
            "summary.md",
            first=first,
            rows=_summary_rows(assessments, sources),
            failures=failures,
            page_title=title or default_title,
        )
    )
