"""Histories and cohort benchmarks as text, Markdown, JSON or CSV, and as HTML fragments
rendered from the report templates (``history.html``, ``cohort.html``, with the inline-SVG
chart macros of ``charts.html``): a school's levels over time, and its profile against the
cohort median.

In the text and Markdown tables a level marked ``?`` is provisional (unknown facts still allow
a better one), a level marked ``*`` was judged under a definition of the strand that differs
from the one before it, so it does not compare directly with the previous level, and ``!``
marks a level the school's own judgement disagrees with.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import closest
from ..explanations import value_text
from ..frameworks import Level
from ..store.cohort import CohortSummary, SchoolStanding
from ..store.progress import (
    FactChangeKind,
    HistoryEntry,
    SchoolHistory,
    StrandPoint,
    StrandTrack,
)
from ._format import counted
from ._names import school_label
from .charts import history_layout, point_mark, standing_layout
from .csv import csv_text
from .templating import ReportTemplates, render_template

__all__ = [
    "FORMATS",
    "cohort_html",
    "history_chart",
    "history_html",
    "render_cohort",
    "render_history",
    "standing_chart",
]

#: The formats :func:`render_history` and :func:`render_cohort` write.
FORMATS = ("text", "md", "json", "csv")


def _check(format: str) -> None:
    if format not in FORMATS:
        hint = closest(format, FORMATS)
        message = f"unknown format {format!r}; choose one of {', '.join(FORMATS)}"
        raise ValueError(message + (f" ({hint})" if hint else ""))


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A plain-text table, columns padded to their widest cell."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    ]


def _csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    return csv_text([headers, *rows])


# --- history -------------------------------------------------------------------------------------


_KEY = (
    "? provisional: unknown facts still allow a better level. "
    "* judged under a changed definition of the strand. "
    "! the school's own judgement disagrees with the evidence."
)

_RANKS = (
    "Rank: 1 + schools at a better level (ties share a rank). Percentile: 100 x (schools "
    "below + half the schools at the same level) / schools."
)


def _cell(point: StrandPoint | None, scale: tuple[Level, ...]) -> str:
    return "-" if point is None else point_mark(point, [level.value for level in scale])


def _entry_line(history: SchoolHistory, entry: HistoryEntry) -> str:
    note = (
        f" (older framework version; latest is {history.latest_version})" if entry.outdated else ""
    )
    return (
        f"#{entry.assessment} as of {entry.as_of.isoformat()}, "
        f"{history.framework} {entry.framework_version}{note}"
    )


def _rank(scale: tuple[Level, ...], level: int) -> int | None:
    for position, entry in enumerate(scale):
        if entry.value == level:
            return position
    return None


def _trend(track: StrandTrack, scale: tuple[Level, ...]) -> str:
    if len(track.points) < 2:
        return "first assessment" if track.points else "-"
    if any(point.meaning_changed for point in track.points[1:]):
        return "not comparable (meaning changed)"
    first, last = _rank(scale, track.points[0].level), _rank(scale, track.points[-1].level)
    if first is None or last is None:
        return "not comparable (off the scale)"
    steps = last - first
    if steps == 0:
        return "no change"
    noun = "level" if abs(steps) == 1 else "levels"
    return f"up {steps} {noun}" if steps > 0 else f"down {-steps} {noun}"


def render_history(
    history: SchoolHistory, format: str = "text", templates: ReportTemplates | None = None
) -> str:
    """A school's history: its assessments, each strand's level in each, and what changed in
    the evidence between the last two. ``format`` is one of :data:`FORMATS`; Markdown is
    rendered from the template ``history.md`` of ``templates`` (ictrules' own by default)."""
    _check(format)
    if format == "json":
        return history.to_json()
    if format == "csv":
        return _history_csv(history)
    school = history.school
    who = school_label(school)
    count = len(history.entries)
    headers = ["Strand", *(e.as_of.isoformat() for e in history.entries), "Change"]
    rows = []
    for track in history.strands:
        by_entry = {point.assessment: point for point in track.points}
        rows.append(
            [
                f"{track.code} {track.title}",
                *(_cell(by_entry.get(e.assessment), history.scale) for e in history.entries),
                _trend(track, history.scale),
            ]
        )
    entries = [_entry_line(history, entry) for entry in history.entries]
    if format == "md":
        return render_template(
            "history.md",
            templates,
            who=who,
            count=count,
            framework=history.framework,
            latest_version=history.latest_version,
            entries=entries,
            headers=headers,
            rows=rows,
            key=_KEY,
            changes=_changes(history),
        )
    noun = "assessment" if count == 1 else "assessments"
    lines = [f"History of {who}", ""]
    lines.append(
        f"{count} {noun} under {history.framework} (latest version {history.latest_version}):"
    )
    lines += ["", *("  " + entry for entry in entries), ""]
    lines += _table(headers, rows)
    lines += ["", _KEY]
    changes = _changes(history)
    if changes is not None:
        lines += ["", f"{changes['title']}:", ""]
        lines += [line if line == "No changes." else "  " + line for line in changes["lines"]]
    return "\n".join(lines) + "\n"


def _value(value: object) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # a value known in part, in the reports' words: "at least 3"
        return value_text(value)
    return str(value)


def _changes(history: SchoolHistory) -> dict[str, Any] | None:
    """What changed in the evidence between the last two assessments: a title and one plain
    line per change (``["No changes."]`` when none), or ``None`` with one assessment."""
    changes = history.changes
    if changes is None:
        return None
    title = (
        f"Evidence changes from #{changes.old_assessment} ({changes.old_as_of.isoformat()}) "
        f"to #{changes.new_assessment} ({changes.new_as_of.isoformat()})"
    )
    lines = []
    for change in changes.facts:
        match change.kind:
            case FactChangeKind.ADDED:
                text = f"added {change.fact} = {_value(change.new)}"
            case FactChangeKind.REMOVED:
                text = f"removed {change.fact} (was {_value(change.old)})"
            case FactChangeKind.CHANGED:
                text = f"changed {change.fact}: {_value(change.old)} -> {_value(change.new)}"
            case FactChangeKind.RESOURCED:
                text = f"re-sourced {change.fact} (same value, new provenance)"
            case FactChangeKind.DERIVED:
                text = (
                    f"derived {change.fact}: {_value(change.old)} -> {_value(change.new)} "
                    "(computed by a plugin, not in the evidence)"
                )
        lines.append(text)
    for judgement in changes.judgements:
        old = "none" if judgement.old_level is None else judgement.old_level
        new = "none" if judgement.new_level is None else judgement.new_level
        lines.append(f"own judgement on {judgement.strand}: {old} -> {new}")
    return {"title": title, "lines": (lines or ["No changes."]) + _aged(history)}


_GIVEN = (FactChangeKind.ADDED, FactChangeKind.REMOVED, FactChangeKind.CHANGED)


def _aged(history: SchoolHistory) -> list[str]:
    """Strands whose level moved between the last two assessments although nothing the school
    gave changed: a plugin's derived facts did, or only time did, so a date in the evidence
    passed a limit ("within 2 years")."""
    changes = history.changes
    if changes is None or any(change.kind in _GIVEN for change in changes.facts):
        return []
    if any(change.kind is FactChangeKind.DERIVED for change in changes.facts):
        reason = "what a plugin computed from it changed (above)"
    else:
        reason = (
            "a date in it passed a limit (such as 'within 2 years') between "
            f"{changes.old_as_of.isoformat()} and {changes.new_as_of.isoformat()}"
        )
    found = []
    for track in history.strands:
        by_entry = {point.assessment: point for point in track.points}
        old, new = by_entry.get(changes.old_assessment), by_entry.get(changes.new_assessment)
        if old is None or new is None or new.meaning_changed or old.level == new.level:
            continue
        found.append(
            f"{track.code} {track.title}: level {old.level} -> {new.level} with the same "
            f"evidence: {reason}"
        )
    return found


def history_html(
    history: SchoolHistory, *, heading: bool = True, templates: ReportTemplates | None = None
) -> str:
    """An HTML fragment (template ``history.html``): the school's assessments, its
    :func:`history_chart`, the table of each strand's level in each assessment (marked as in the
    text table, with the level's name) and what changed in the evidence between the last two.
    ``heading=False`` leaves out the school's name as a heading (for a page that has it as its
    title)."""
    school = history.school
    names = {level.value: level.label for level in history.scale}
    rows = []
    for track in history.strands:
        by_entry = {point.assessment: point for point in track.points}
        cells = []
        for entry in history.entries:
            point = by_entry.get(entry.assessment)
            mark = _cell(point, history.scale)
            name = names.get(point.level) if point is not None else None
            cells.append(f"{mark} {name}" if name else mark)
        rows.append(
            {
                "strand": f"{track.code} {track.title}",
                "cells": cells,
                "change": _trend(track, history.scale),
            }
        )
    return render_template(
        "history.html",
        templates,
        heading=heading,
        who=school_label(school),
        count=len(history.entries),
        framework=history.framework,
        latest_version=history.latest_version,
        entries=[_entry_line(history, entry) for entry in history.entries],
        chart=history_layout(history),
        headers=["Strand", *(e.as_of.isoformat() for e in history.entries), "Change"],
        rows=rows,
        key=_KEY,
        changes=_changes(history),
    )


def history_chart(history: SchoolHistory, templates: ReportTemplates | None = None) -> str:
    """An HTML fragment: a ``<figure>`` of each strand's level over the school's assessments
    (:func:`ictrules.reports.charts.history_layout`) as inline SVG with a caption; no scripts,
    styles or resources from elsewhere."""
    return render_template("chart.html", templates, kind="history", chart=history_layout(history))


def _history_csv(history: SchoolHistory) -> str:
    headers = [
        "school",
        "school_name",
        "framework",
        "assessment",
        "as_of",
        "framework_version",
        "outdated",
        "strand",
        "title",
        "level",
        "best_possible",
        "status",
        "own_level",
        "meaning_changed",
    ]
    outdated = {entry.assessment: entry.outdated for entry in history.entries}
    rows = []
    for entry in history.entries:
        for track in history.strands:
            for point in track.points:
                if point.assessment != entry.assessment:
                    continue
                rows.append(
                    [
                        history.school.id,
                        history.school.name,
                        history.framework,
                        point.assessment,
                        point.as_of.isoformat(),
                        point.framework_version,
                        str(outdated[point.assessment]).lower(),
                        track.code,
                        track.title,
                        point.level,
                        point.best_possible,
                        point.status.value,
                        "" if point.own_level is None else point.own_level,
                        str(point.meaning_changed).lower(),
                    ]
                )
    return _csv(headers, rows)


# --- cohort --------------------------------------------------------------------------------------


def render_cohort(
    cohort: CohortSummary | SchoolStanding,
    format: str = "text",
    templates: ReportTemplates | None = None,
) -> str:
    """A cohort's distribution of levels per strand; given a :class:`SchoolStanding`, also the
    school's level, rank and percentile on each. ``format`` is one of :data:`FORMATS`;
    Markdown is rendered from the template ``cohort.md`` of ``templates`` (ictrules' own by
    default)."""
    _check(format)
    standing = cohort if isinstance(cohort, SchoolStanding) else None
    summary = cohort.cohort if isinstance(cohort, SchoolStanding) else cohort
    if format == "json":
        return cohort.to_json()
    if format == "csv":
        return _cohort_csv(summary, standing)
    cutoff = "" if summary.as_of is None else f" on or before {summary.as_of.isoformat()}"
    versions = ", ".join(f"{v}: {n}" for v, n in summary.versions.items())
    title = f"Cohort benchmark: {summary.framework} {summary.version}"
    intro = [
        f"{counted(summary.schools, 'school')}, each by its latest assessment{cutoff} "
        f"(schools per framework version: {versions})."
    ]
    if standing is not None:
        intro.append(
            f"{school_label(standing.school)}: assessment #{standing.assessment} as of "
            f"{standing.as_of.isoformat()}, {standing.framework} {standing.framework_version}."
        )
    pretty, table = _cohort_table(summary, standing)
    ranks = _RANKS if standing is not None else None  # ranks are a school's columns
    notes = [note for note in (_not_counted(summary), _open(summary), ranks) if note]
    if format == "md":
        return render_template(
            "cohort.md",
            templates,
            title=title,
            intro=intro,
            headers=pretty,
            rows=table,
            notes=notes,
        )
    lines = [title, "", *intro, "", *_table(pretty, table)]
    for note in notes:
        lines += ["", note]
    return "\n".join(lines) + "\n"


def cohort_html(
    cohort: CohortSummary | SchoolStanding,
    *,
    heading: bool = True,
    templates: ReportTemplates | None = None,
) -> str:
    """An HTML fragment (template ``cohort.html``): the cohort's table of levels per strand
    and, given a :class:`SchoolStanding`, the school's columns and its :func:`standing_chart`.
    ``heading=False`` leaves out the benchmark's title (for a page that has its own)."""
    standing = cohort if isinstance(cohort, SchoolStanding) else None
    summary = cohort.cohort if isinstance(cohort, SchoolStanding) else cohort
    cutoff = "" if summary.as_of is None else f" on or before {summary.as_of.isoformat()}"
    headers, rows = _cohort_table(summary, standing)
    ranks = _RANKS if standing is not None else None  # ranks are a school's columns
    notes = [note for note in (_not_counted(summary), _open(summary), ranks) if note]
    return render_template(
        "cohort.html",
        templates,
        heading=heading,
        title=f"Cohort benchmark: {summary.framework} {summary.version}",
        intro=f"{counted(summary.schools, 'school')}, each by its latest assessment{cutoff}.",
        chart=standing_layout(standing) if standing is not None else None,
        headers=headers,
        rows=rows,
        notes=notes,
    )


def standing_chart(standing: SchoolStanding, templates: ReportTemplates | None = None) -> str:
    """An HTML fragment: a ``<figure>`` of the school's level on each strand as a bar and the
    cohort median as a mark (:func:`ictrules.reports.charts.standing_layout`), in inline SVG
    with a caption; no scripts, styles or resources from elsewhere."""
    return render_template(
        "chart.html", templates, kind="standing", chart=standing_layout(standing)
    )


def _cohort_table(
    summary: CohortSummary, standing: SchoolStanding | None
) -> tuple[list[str], list[list[str]]]:
    """The cohort's table as people read it (text, Markdown, HTML): per strand the schools at
    each level and the median, and, given a school, its level, rank ("2 of 3") and percentile."""
    levels = (f"{lv.value} {lv.label}" for lv in summary.scale)
    headers = ["Strand", "Schools", "Open", *levels, "Median"]
    if standing is not None:
        headers += ["School", "Rank", "Percentile"]
    rows = []
    for index, strand in enumerate(summary.strands):
        cells = [
            f"{strand.code} {strand.title}",
            str(strand.schools),
            str(strand.provisional),
            *(str(count.schools) for count in strand.counts),
            _number(strand.median),
        ]
        if standing is not None:
            mine = standing.strands[index]
            cells += [
                "-" if mine.level is None else str(mine.level),
                "-" if mine.rank is None else f"{mine.rank} of {mine.out_of}",
                "-" if mine.percentile is None else f"{mine.percentile:.1f}",
            ]
        rows.append(cells)
    return headers, rows


def _cohort_csv(summary: CohortSummary, standing: SchoolStanding | None) -> str:
    """The cohort as data: codes and titles apart, rank and out-of apart, blanks for none."""
    level_headers = [f"{level.value} {level.label}" for level in summary.scale]
    headers = [
        "strand",
        "title",
        "schools",
        *level_headers,
        "median",
        "not_comparable",
        "provisional",
    ]
    if standing is not None:
        headers += ["school_level", "rank", "out_of", "percentile"]
    rows = []
    for index, strand in enumerate(summary.strands):
        row = [
            strand.code,
            strand.title,
            str(strand.schools),
            *(str(count.schools) for count in strand.counts),
            _number(strand.median),
            str(strand.not_comparable),
            str(strand.provisional),
        ]
        if standing is not None:
            mine = standing.strands[index]
            row += [
                "-" if mine.level is None else str(mine.level),
                "-" if mine.rank is None else str(mine.rank),
                str(mine.out_of),
                "-" if mine.percentile is None else f"{mine.percentile:.1f}",
            ]
        rows.append(row)
    return _csv(headers, [[cell if cell != "-" else "" for cell in row] for row in rows])


def _open(summary: CohortSummary) -> str:
    if not any(strand.provisional for strand in summary.strands):
        return ""
    return (
        "Open: schools whose evidence leaves a better level possible on the strand. Each is "
        "counted at the level its evidence proves, so the counts and the median are floors "
        "where any are open."
    )


def _not_counted(summary: CohortSummary) -> str:
    excluded = [s for s in summary.strands if s.not_comparable]
    if not excluded:
        return ""
    return (
        "Not counted (judged under an older definition of the strand): "
        + ", ".join(f"{s.code} ({s.not_comparable})" for s in excluded)
        + "."
    )
