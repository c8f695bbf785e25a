"""Assessments in words: a plain-text report, and why a strand is at its level and not the next."""

from __future__ import annotations

from typing import Any

from .assessments import Assessment, CriterionResult, FactReading, StrandResult

__all__ = ["explain", "met_above", "reading_text", "render_text", "standing_text", "value_text"]

_TRUTH = {True: "met", False: "not met", None: "unknown"}

_BOUND_WORDS = {
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
    "within": "within the last",
}


def value_text(value: Any, *, quote: bool = False) -> str:
    """A fact value (as assessment JSON holds it) as a reader would write it: ``yes``,
    ``0.6``, ``[staff, governors]``, ``at least coordinated``, ``includes staff; 4 in all``."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(str(item) for item in value) + "]" if value else "none"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return _partial_text(value)
    return repr(value) if quote and isinstance(value, str) else str(value)


def _partial_text(value: dict[str, Any]) -> str:
    parts = [
        f"{words} {value_text(value[key])}" for key, words in _BOUND_WORDS.items() if key in value
    ]
    if "includes" in value:
        parts.append("includes " + ", ".join(value["includes"]))
    if "excludes" in value:
        parts.append("not " + ", ".join(value["excludes"]))
    count = value.get("count")
    if isinstance(count, int):
        parts.append(f"{count} in all")
    elif isinstance(count, dict):
        # a lower bound the members named already pass says nothing more ("includes staff,
        # governors, at least 1 in all")
        named = len(value.get("includes", ()))
        parts.extend(
            f"{_BOUND_WORDS[key]} {n} in all"
            for key, n in count.items()
            if not ((key == "at_least" and n <= named) or (key == "more_than" and n < named))
        )
    return ", ".join(parts)


def reading_text(reading: FactReading, *, quote: bool = False) -> str:
    """``fact = value``, saying which plugin derived it or which entailments narrowed it."""
    text = f"{reading.fact} = {value_text(reading.value, quote=quote)}"
    if reading.derived_by:
        text += f" (derived by {reading.derived_by})"
    if reading.entailed_by:
        text += f" (entailed by {', '.join(reading.entailed_by)})"
    return text


def standing_text(result: StrandResult) -> str:
    """``level 3``, or ``at least level 5, could be level 2`` while unknown facts leave the
    level open: the proven level is a floor then, not a verdict."""
    if result.best_possible == result.level:
        return f"level {result.level}"
    return f"at least level {result.level}, could be level {result.best_possible}"


def met_above(assessment: Assessment, result: StrandResult) -> list[CriterionResult]:
    """Criteria of levels better than the proven one that already hold: how close it is."""
    better = assessment.scale[list(assessment.scale).index(result.level) + 1 :]
    return [c for c in result.criteria if c.holds is True and c.level in better]


def _readings(result: CriterionResult) -> str:
    return "; ".join(reading_text(reading, quote=True) for reading in result.facts)


def explain(assessment: Assessment, code: str) -> str:
    """Why a strand is at its level and not the next, in words.

    Raises :class:`~ictrules.errors.UnknownStrandError` (a ``KeyError``) naming the nearest
    code for a strand the framework does not have, and ``ValueError`` for an
    assessment made without its reasons (``Engine.assess(..., explain=False)``)."""
    result = assessment.strand(code)
    if not result.criteria:
        raise ValueError(
            f"the assessment holds no reasons for strand {code} (it was made with "
            "explain=False): assess with explain=True to explain a strand"
        )
    lines = [f"{result.code} {result.title}: {standing_text(result)} ({result.status.value})."]
    if result.best_possible == result.level:
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
    above = met_above(assessment, result)
    if above:
        lines.append("Already met at better levels:")
        lines.extend(f"  - level {c.level}: {c.statement} [{_readings(c)}]" for c in above)
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
    own = f"; own judgement {result.judgement.level}" if result.judgement else ""
    flag = " !" if result.disagreement else ""
    return f"  {result.code:<6} {result.title:<{width}} {standing_text(result)}{own}{flag}"


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
            lines.append(
                f"  {result.code} -> level {action.level} ({action.reason}): {action.text}"
            )
            lines.extend(f"      see {link}" for link in action.links)
    missing = sorted({fact for result in assessment.strands for fact in result.missing})
    if missing:
        lines.append("")
        lines.append("Evidence to collect: " + ", ".join(missing))
    return "\n".join(lines) + "\n"
