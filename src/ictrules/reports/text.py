"""Plain-text reports for a terminal: the many-schools table (one school: ictrules.render_text)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest

from ..assessments import Assessment
from ..explanations import standing_text
from ._format import check_one_framework, counted
from ._glossary import Glossary, school_label
from .action_plan import ActionPlan, grouped_actions
from .html import Failure

__all__ = ["assessment_text", "summary_text"]


def summary_text(
    assessments: Sequence[Assessment],
    sources: Sequence[str] = (),
    *,
    failures: Sequence[Failure] = (),
) -> str:
    """A table of every school by strand, with a legend and the strand titles below, then the
    files that could not be assessed (``failures``).

    ``sources`` (the file each assessment came from, in the same order) names the schools
    whose evidence has no ``[school]`` table."""
    check_one_framework(assessments)
    tail = ""
    if failures:
        tail = "\nNot assessed:\n" + "".join(f"  {f.path}: {f.error}\n" for f in failures)
    if not assessments:
        return "No schools assessed.\n" + tail
    first = assessments[0]
    codes = [result.code for result in first.strands]
    names = [
        school_label(assessment, source)
        for assessment, source in zip_longest(assessments, sources[: len(assessments)])
    ]
    name_width = min(max(len("School"), *(len(name) for name in names)), 40)
    widths = [max(len(code), 3) for code in codes]
    lines = [
        f"{first.framework_title} (version {first.framework_version}): "
        f"{counted(len(assessments), 'school')}, as of {first.as_of.isoformat()}",
        "",
        "School".ljust(name_width)
        + "  "
        + "  ".join(code.rjust(width) for code, width in zip(codes, widths, strict=True)),
    ]
    lines.append("-" * len(lines[-1]))
    for name, assessment in zip(names, assessments, strict=True):
        cells = []
        for result, width in zip(assessment.strands, widths, strict=True):
            mark = ("?" if result.best_possible != result.level else "") + (
                "!" if result.disagreement else ""
            )
            cells.append(f"{result.level}{mark}".rjust(width))
        if len(name) <= name_width:
            shown = name
        elif assessment.school is None:  # named by its file: keep the file's name, at the end
            shown = "~" + name[1 - name_width :]
        else:
            shown = name[: name_width - 1] + "~"
        lines.append(shown.ljust(name_width) + "  " + "  ".join(cells))
    lines += [
        "",
        "? unknown facts leave the level open; ! own judgement disagrees with the evidence",
        "",
    ]
    lines += [f"  {result.code:<6} {result.title}" for result in first.strands]
    return "\n".join(lines) + "\n" + tail


def assessment_text(
    assessment: Assessment,
    *,
    glossary: Glossary | None = None,
    action_plan: ActionPlan | None = None,
    title: str | None = None,
) -> str:
    """One school's report for a terminal: a line per strand, then the action plan in the
    order of the HTML report (weakest strand first; within it, what is not met before what needs
    evidence), with each action's owner, term and cost from ``action_plan``, then the evidence
    still to collect."""
    glossary = glossary or Glossary()
    plan = action_plan or ActionPlan()
    who = title or school_label(assessment)
    lines = [
        f"{assessment.framework_title} (version {assessment.framework_version})",
        f"School: {who}    As of: {assessment.as_of.isoformat()}",
        "",
    ]
    section = None
    width = max((len(result.title) for result in assessment.strands), default=0)
    for result in assessment.strands:
        if result.section != section:
            section = result.section
            lines.append(f"[{glossary.section(section)}]")
        own = f"; own judgement {result.judgement.level}" if result.judgement else ""
        flag = " !" if result.disagreement else ""
        lines.append(
            f"  {result.code:<6} {result.title:<{width}} {standing_text(result)}{own}{flag}"
        )
    groups = grouped_actions(assessment, plan)
    if groups:
        lines += ["", "Action plan (weakest strand first):"]
    for group in groups:
        result = group.result
        lines.append(
            f"{group.priority}. {result.code} {result.title}: from "
            f"{glossary.level_name(result.level)} towards {glossary.level_name(group.target)}"
        )
        for item in group.actions:
            lines.append(f"   - {item.action.text} [{item.state}; ref {item.action.criterion}]")
            recorded = [
                f"{label}: {value}"
                for label, value in (
                    ("owner", item.entry.owner),
                    ("term", item.entry.term),
                    ("cost", item.cost),
                )
                if value
            ]
            if recorded:
                lines.append("     " + "; ".join(recorded))
            if item.entry.note:
                lines.append(f"     note: {item.entry.note}")
            lines.extend(f"     see {link}" for link in item.action.links)
    total = sum(group.cost for group in groups)
    if total:
        lines += ["", f"Costs recorded in the action plan: {plan.cost_text(total)}"]
    missing = sorted({fact for result in assessment.strands for fact in result.missing})
    if missing:
        lines += ["", "Evidence to collect: " + ", ".join(missing)]
    return "\n".join(lines) + "\n"
