"""Assessments in words: a plain-text report, and why a strand is at its level and not the next."""

from __future__ import annotations

from typing import Any

from .assessments import Assessment, CriterionResult, StrandResult

__all__ = ["explain", "render_text"]

_TRUTH = {True: "met", False: "not met", None: "unknown"}


def _value(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]" if value else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return (
        repr(value)
        if isinstance(value, str)
        else f"{value:g}"
        if isinstance(value, float)
        else str(value)
    )


def _readings(result: CriterionResult) -> str:
    parts = []
    for reading in result.facts:
        text = f"{reading.fact} = {_value(reading.value)}"
        if reading.derived_by:
            text += f" (derived by {reading.derived_by})"
        parts.append(text)
    return "; ".join(parts)


def explain(assessment: Assessment, code: str) -> str:
    """Why a strand is at its level and not the next, in words."""
    result = assessment.strand(code)
    lines = [f"{result.code} {result.title}: level {result.level} ({result.status.value})."]
    lines.append(f"  {result.descriptor}")
    reached = [c for c in result.criteria if c.level == result.level]
    if reached:
        lines.append(f"It is at level {result.level} because these hold:")
        lines.extend(f"  - {c.statement} [{_readings(c)}]" for c in reached)
    if result.next_level is None:
        lines.append("This is the best level on the scale.")
    else:
        lines.append(f"It is not at level {result.next_level} because:")
        for criterion in result.criteria:
            if criterion.level == result.next_level and criterion.holds is not True:
                state = (
                    "it is not known whether" if criterion.holds is None else "it is not true that"
                )
                lines.append(f"  - {state}: {criterion.statement} [{_readings(criterion)}]")
                lines.append(f"    To do: {criterion.action}")
    if result.status.value == "provisional":
        lines.append(
            f"Unknown facts leave it between level {result.level} and level {result.best_possible}."
        )
        lines.append("Evidence to collect: " + ", ".join(result.missing))
    if result.judgement is not None:
        lines.append(
            f"The school judges itself at level {result.judgement.level}: "
            f"{result.judgement.rationale or '(no rationale given)'}"
        )
        if result.disagreement:
            lines.append(f"Disagreement: {result.disagreement}.")
    return "\n".join(lines)


def _strand_line(result: StrandResult, width: int) -> str:
    level = str(result.level)
    if result.best_possible != result.level:
        level += f" (could be {result.best_possible})"
    own = f"; own judgement {result.judgement.level}" if result.judgement else ""
    flag = " !" if result.disagreement else ""
    return f"  {result.code:<6} {result.title:<{width}} level {level}{own}{flag}"


def render_text(assessment: Assessment) -> str:
    """A plain-text summary of an assessment: a line per strand, then next steps."""
    school = assessment.school
    who = f"{school.name or school.id}" if school else "(unnamed school)"
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
            lines.append(f"[{section}]")
        lines.append(_strand_line(result, width))
    lines.append("")
    lines.append("Next steps:")
    for result in assessment.strands:
        for action in result.actions:
            lines.append(f"  {result.code} -> level {action.level}: {action.text}")
    missing = sorted({fact for result in assessment.strands for fact in result.missing})
    if missing:
        lines.append("")
        lines.append("Evidence to collect: " + ", ".join(missing))
    return "\n".join(lines) + "\n"
