"""Markdown reports: the same content as the HTML page, for wikis, tickets and e-mail."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import zip_longest

from ..assessments import Assessment, StrandResult
from ..explanations import met_above, standing_text
from ._glossary import Glossary, format_value, headline, level_text, priorities, school_label

__all__ = ["assessment_markdown", "md_escape", "summary_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md_escape(text: str) -> str:
    """Escape text so Markdown shows it literally, on one line (safe inside table cells)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _truth(holds: bool | None) -> str:
    return {True: "met", False: "**not met**", None: "*unknown*"}[holds]


def _strand(assessment: Assessment, result: StrandResult, glossary: Glossary) -> list[str]:
    settled = result.best_possible == result.level
    out = [
        f"### {md_escape(result.code)} {md_escape(result.title)}",
        "",
        f"**{md_escape(standing_text(result)).capitalize()}** ({result.status.value})."
        + (f" {md_escape(result.descriptor)}" if settled else ""),
        "",
    ]
    above = met_above(assessment, result)
    if above:
        out += ["Already met at better levels:", ""]
        out += [f"- level {c.level}: {md_escape(c.statement)}" for c in above]
        out.append("")
    if result.judgement is not None:
        rationale = md_escape(result.judgement.rationale) or "*no rationale given*"
        out += [f"Own judgement: level {result.judgement.level}: {rationale}", ""]
        if result.disagreement:
            out += [f"> **Disagreement:** {md_escape(result.disagreement)}.", ""]
        else:
            out += ["The evidence supports this judgement.", ""]
    if result.criteria:
        out += ["| Level | Criterion | Result | Facts read |", "| --- | --- | --- | --- |"]
        for criterion in result.criteria:
            facts = "; ".join(
                f"`{reading.fact}` = {md_escape(format_value(reading.value))}"
                + (f" (derived by {md_escape(reading.derived_by)})" if reading.derived_by else "")
                + (
                    f" (entailed by {md_escape(', '.join(reading.entailed_by))})"
                    if reading.entailed_by
                    else ""
                )
                for reading in criterion.facts
            )
            out.append(
                f"| {criterion.level} | {md_escape(criterion.statement)} | "
                f"{_truth(criterion.holds)} | {facts} |"
            )
        out.append("")
    if result.actions:
        out += [f"To reach level {result.next_level}:", ""]
        ordered = sorted(result.actions, key=lambda action: action.reason != "not met")
        out += [
            f"{number}. {md_escape(action.text)} ({action.reason})"
            + "".join(f" <{link}>" for link in action.links)
            for number, action in enumerate(ordered, start=1)
        ]
        out.append("")
    elif result.next_level is None:
        out += ["This is the best level on the scale.", ""]
    if result.missing:
        out += ["Evidence still to collect:", ""]
        for fact in result.missing:
            question = glossary.to_collect(fact)
            out.append(f"- `{fact}`" + (f": {md_escape(question)}" if question else ""))
        out.append("")
    return out


def assessment_markdown(
    assessment: Assessment, *, glossary: Glossary | None = None, plan_markdown: str | None = None
) -> str:
    """One school's full report in Markdown; ``plan_markdown`` is appended as is."""
    glossary = glossary or Glossary()
    school = assessment.school
    ident = f" ({md_escape(school.id)})" if school and school.name else ""
    out = [
        f"# {md_escape(school_label(assessment))}{ident}",
        "",
        f"{md_escape(assessment.framework_title)}, framework `{assessment.framework}` version "
        f"{md_escape(assessment.framework_version)}, as of {assessment.as_of.isoformat()}.",
        "",
        "## School profile",
        "",
        md_escape(headline(assessment)),
        "",
        f"Levels run from {assessment.scale[0]} (lowest) to {assessment.scale[-1]} (highest).",
        "",
        "| Strand | Level | Status | Own judgement |",
        "| --- | --- | --- | --- |",
    ]
    for result in assessment.strands:
        own = str(result.judgement.level) if result.judgement else "-"
        if result.disagreement:
            own += " (disagrees)"
        out.append(
            f"| {md_escape(result.code)} {md_escape(result.title)} | {level_text(result)} | "
            f"{result.status.value} | {own} |"
        )
    out.append("")
    ranked = priorities(assessment)
    if ranked:
        out += ["## Actions in priority order", ""]
        out += [
            f"{number}. {md_escape(action.text)} ({md_escape(result.code)} to level "
            f"{action.level}; {action.reason})"
            for number, (result, action) in enumerate(ranked, start=1)
        ]
        out.append("")
    section = None
    for result in assessment.strands:
        if result.section != section:
            section = result.section
            out += [f"## {md_escape(glossary.section(section))}", ""]
        out += _strand(assessment, result, glossary)
    if plan_markdown:
        out += [plan_markdown.rstrip("\n"), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def summary_markdown(assessments: Sequence[Assessment], sources: Sequence[str] = ()) -> str:
    """Many schools as one Markdown table: a row per school, a column per strand.

    ``sources`` (the file each assessment came from) names schools without a ``[school]``."""
    if not assessments:
        return "No schools assessed.\n"
    first = assessments[0]
    codes = [result.code for result in first.strands]
    out = [
        f"# {md_escape(first.framework_title)}: {len(assessments)} schools",
        "",
        f"As of {first.as_of.isoformat()}. `?` marks a level unknown facts leave open, `!` an own "
        "judgement that disagrees with the evidence.",
        "",
        "| School | " + " | ".join(md_escape(code) for code in codes) + " |",
        "| --- |" + " --- |" * len(codes),
    ]
    for assessment, source in zip_longest(assessments, sources[: len(assessments)]):
        cells = []
        for result in assessment.strands:
            mark = ("?" if result.best_possible != result.level else "") + (
                "!" if result.disagreement else ""
            )
            cells.append(f"{result.level}{mark}")
        out.append(f"| {md_escape(school_label(assessment, source))} | " + " | ".join(cells) + " |")
    out += ["", "| Strand | Title |", "| --- | --- |"]
    out += [f"| {md_escape(r.code)} | {md_escape(r.title)} |" for r in first.strands]
    return "\n".join(out) + "\n"
