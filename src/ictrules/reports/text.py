"""Plain-text reports for a terminal: the many-schools table (one school: ictrules.render_text)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest

from ..assessments import Assessment
from ._glossary import school_label

__all__ = ["summary_text"]


def summary_text(assessments: Sequence[Assessment], sources: Sequence[str] = ()) -> str:
    """A table of every school by strand, with a legend and the strand titles below.

    ``sources`` (the file each assessment came from, in the same order) names the schools
    whose evidence has no ``[school]`` table."""
    if not assessments:
        return "No schools assessed.\n"
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
        f"{len(assessments)} schools, as of {first.as_of.isoformat()}",
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
    return "\n".join(lines) + "\n"
