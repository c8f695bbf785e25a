"""Histories and cohort benchmarks as text, Markdown, JSON or CSV, and a school's profile
against the cohort median and its levels over time as HTML fragments with inline SVG charts.

In the text and Markdown tables a level marked ``?`` is provisional (unknown facts still allow
a better one), a level marked ``*`` was judged under a definition of the strand that differs
from the one before it, so it does not compare directly with the previous level, and ``!``
marks a level the school's own judgement disagrees with.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..assessments import Status
from ..errors import closest
from ..frameworks import Level
from ..store.cohort import CohortSummary, SchoolStanding, StrandDistribution, median_position
from ..store.progress import FactChangeKind, SchoolHistory, StrandPoint, StrandTrack
from .csv import csv_text
from .markdown import md_escape

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


def _schools(count: int) -> str:
    return f"{count} school" if count == 1 else f"{count} schools"


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool) -> list[str]:
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in rows]
        return lines
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    ]


def _csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    return csv_text([headers, *rows])


# --- history -------------------------------------------------------------------------------------


def _cell(point: StrandPoint | None, scale: tuple[Level, ...]) -> str:
    if point is None:
        return "-"
    text = str(point.level)
    if point.status is Status.PROVISIONAL:
        text += "?"
    if point.meaning_changed:
        text += "*"
    if point.own_level is not None:
        own = _rank(scale, point.own_level)
        low, high = _rank(scale, point.level), _rank(scale, point.best_possible)
        if own is not None and low is not None and high is not None and not low <= own <= high:
            text += "!"
    return text


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


def render_history(history: SchoolHistory, format: str = "text") -> str:
    """A school's history: its assessments, each strand's level in each, and what changed in
    the evidence between the last two. ``format`` is one of :data:`FORMATS`."""
    _check(format)
    if format == "json":
        return history.to_json()
    if format == "csv":
        return _history_csv(history)
    markdown = format == "md"
    school = history.school
    who = f"{school.name} ({school.id})" if school.name else school.id
    if markdown:  # a name is text to show, never Markdown or HTML, and one line
        who = md_escape(who)
    count = len(history.entries)
    noun = "assessment" if count == 1 else "assessments"
    lines = [f"# History of {who}" if markdown else f"History of {who}", ""]
    lines.append(
        f"{count} {noun} under {history.framework} (latest version {history.latest_version}):"
    )
    lines.append("")
    for entry in history.entries:
        note = (
            f" (older framework version; latest is {history.latest_version})"
            if entry.outdated
            else ""
        )
        bullet = "- " if markdown else "  "
        lines.append(
            f"{bullet}#{entry.assessment} as of {entry.as_of.isoformat()}, "
            f"{history.framework} {entry.framework_version}{note}"
        )
    lines.append("")
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
    lines += _table(headers, rows, markdown)
    lines.append("")
    lines.append(
        "? provisional: unknown facts still allow a better level. "
        "* judged under a changed definition of the strand. "
        "! the school's own judgement disagrees with the evidence."
    )
    lines += _changes_lines(history, markdown)
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
    return str(value)


def _changes_lines(history: SchoolHistory, markdown: bool) -> list[str]:
    changes = history.changes
    if changes is None:
        return []
    title = (
        f"Evidence changes from #{changes.old_assessment} ({changes.old_as_of.isoformat()}) "
        f"to #{changes.new_assessment} ({changes.new_as_of.isoformat()})"
    )
    lines = ["", f"## {title}" if markdown else f"{title}:", ""]
    if changes.empty:
        lines.append("No changes.")
        return lines
    bullet = "- " if markdown else "  "
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
        lines.append(bullet + (md_escape(text) if markdown else text))
    for judgement in changes.judgements:
        old = "none" if judgement.old_level is None else judgement.old_level
        new = "none" if judgement.new_level is None else judgement.new_level
        lines.append(f"{bullet}own judgement on {judgement.strand}: {old} -> {new}")
    return lines


def history_html(history: SchoolHistory) -> str:
    """An HTML fragment: the school's assessments, its :func:`history_chart`, the table of each
    strand's level in each assessment (marked as in the text table) and what changed in the
    evidence between the last two."""
    esc = html.escape
    school = history.school
    who = f"{school.name} ({school.id})" if school.name else school.id
    parts = [
        '<section class="ictrules-history">',
        f"<h2>History of {esc(who)}</h2>",
        f"<p>{len(history.entries)} assessment{'' if len(history.entries) == 1 else 's'} under "
        f"{esc(history.framework)} (latest version {esc(history.latest_version)}):</p>",
        "<ul>",
    ]
    for entry in history.entries:
        note = (
            f" (older framework version; latest is {history.latest_version})"
            if entry.outdated
            else ""
        )
        parts.append(
            f"<li>#{entry.assessment} as of {entry.as_of.isoformat()}, "
            f"{esc(history.framework)} {esc(entry.framework_version)}{esc(note)}</li>"
        )
    parts.append("</ul>")
    parts.append(history_chart(history).rstrip("\n"))
    headers = ["Strand", *(e.as_of.isoformat() for e in history.entries), "Change"]
    parts.append("<table>")
    parts.append("<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in headers) + "</tr></thead>")
    parts.append("<tbody>")
    for track in history.strands:
        by_entry = {point.assessment: point for point in track.points}
        cells = [
            f"{track.code} {track.title}",
            *(_cell(by_entry.get(e.assessment), history.scale) for e in history.entries),
            _trend(track, history.scale),
        ]
        parts.append("<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in cells) + "</tr>")
    parts.append("</tbody>")
    parts.append("</table>")
    parts.append(
        "<p>? provisional: unknown facts still allow a better level. * judged under a changed "
        "definition of the strand. ! the school's own judgement disagrees with the evidence.</p>"
    )
    changes = _changes_lines(history, markdown=False)
    if changes:
        parts.append(f"<h3>{esc(changes[1].rstrip(':'))}</h3>")
        items = [line.strip() for line in changes[3:]]
        if items == ["No changes."]:
            parts.append("<p>No changes.</p>")
        else:
            parts.append("<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>")
    parts.append("</section>")
    return "\n".join(parts) + "\n"


_COLUMN = 90  # horizontal distance between two assessments in the history chart


def history_chart(history: SchoolHistory) -> str:
    """An HTML fragment: each strand's level over the school's assessments as a line in its
    own row of an inline SVG (better levels higher; no scripts, styles or resources from
    elsewhere), with a caption."""
    scale = history.scale
    steps = max(len(scale) - 1, 1)
    labels = [f"{track.code} {track.title}" for track in history.strands]
    left = _label_column(labels)
    columns = {entry.assessment: index for index, entry in enumerate(history.entries)}
    width = left + _COLUMN * max(len(history.entries), 1) + 20
    height = _TOP + _ROW * len(history.strands) + 8
    school = history.school
    who = f"{school.name} ({school.id})" if school.name else school.id
    title = f"{who}: levels over time, {history.framework}"
    parts = _svg_open("ictrules-history-chart", width, height, title)
    for index, entry in enumerate(history.entries):
        x = left + _COLUMN * index + _COLUMN / 2
        parts.append(
            f'<text x="{x:.1f}" y="{_TOP - 12}" text-anchor="middle" fill="#444">'
            f"{entry.as_of.isoformat()}</text>"
        )
    for row, track in enumerate(history.strands):
        y = _TOP + row * _ROW
        band = _COLUMN * max(len(history.entries), 1)
        parts.append(
            f'<rect x="{left}" y="{y + 1}" width="{band}" height="{_ROW - 2}" '
            f'fill="{"#f4f6f8" if row % 2 == 0 else "#e9edf1"}"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">'
            f"<title>{html.escape(labels[row])}</title>{html.escape(_label(labels[row]))}</text>"
        )
        points = []
        for point in track.points:
            position = _rank(scale, point.level)
            if position is None:
                continue
            x = left + _COLUMN * columns[point.assessment] + _COLUMN / 2
            points.append((x, y + 21 - 16 * position / steps, point))
        if len(points) > 1:
            line = " ".join(f"{x:.1f},{py:.1f}" for x, py, _ in points)
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="#2b6cb0" stroke-width="2"/>'
            )
        for x, py, point in points:
            note = f"level {_cell(point, scale)} as of {point.as_of.isoformat()}"
            parts.append(
                f'<circle cx="{x:.1f}" cy="{py:.1f}" r="4" fill="#2b6cb0">'
                f"<title>{html.escape(note)}</title></circle>"
                f'<text x="{x + 7:.1f}" y="{py + 4:.1f}" font-size="10" fill="#444">'
                f"{html.escape(_cell(point, scale))}</text>"
            )
    parts.append("</svg>")
    parts.append(
        f"<figcaption>{html.escape(title)}: one row per strand, higher in its row is a better "
        f"level ({html.escape(scale[0].label)} lowest, {html.escape(scale[-1].label)} "
        "highest).</figcaption>"
    )
    parts.append("</figure>")
    return "\n".join(parts) + "\n"


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


def render_cohort(cohort: CohortSummary | SchoolStanding, format: str = "text") -> str:
    """A cohort's distribution of levels per strand; given a :class:`SchoolStanding`, also the
    school's level, rank and percentile on each. ``format`` is one of :data:`FORMATS`."""
    _check(format)
    standing = cohort if isinstance(cohort, SchoolStanding) else None
    summary = cohort.cohort if isinstance(cohort, SchoolStanding) else cohort
    if format == "json":
        return cohort.to_json()
    level_headers = [f"{level.value} {level.label}" for level in summary.scale]
    headers = ["strand", "title", "schools", *level_headers, "median", "not_comparable"]
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
    if format == "csv":
        return _csv(headers, [[cell if cell != "-" else "" for cell in row] for row in rows])
    markdown = format == "md"
    cutoff = "" if summary.as_of is None else f" on or before {summary.as_of.isoformat()}"
    versions = ", ".join(f"{v}: {n}" for v, n in summary.versions.items())
    title = f"Cohort benchmark: {summary.framework} {summary.version}"
    lines = [f"# {title}" if markdown else title, ""]
    lines.append(
        f"{_schools(summary.schools)}, each by its latest assessment{cutoff} "
        f"(schools per framework version: {versions})."
    )
    if standing is not None:
        school = standing.school
        who = f"{school.name} ({school.id})" if school.name else school.id
        if markdown:
            who = md_escape(who)
        lines.append(
            f"{who}: assessment #{standing.assessment} as of {standing.as_of.isoformat()}, "
            f"{standing.framework} {standing.framework_version}."
        )
    lines.append("")
    pretty = ["Strand", "Schools", *level_headers, "Median"]
    if standing is not None:
        pretty += ["School", "Rank", "Percentile"]
    table = []
    for row in rows:
        cells = [f"{row[0]} {row[1]}", row[2], *row[3 : 3 + len(level_headers)]]
        cells.append(row[3 + len(level_headers)])
        if standing is not None:
            rank = row[-3] if row[-3] == "-" else f"{row[-3]} of {row[-2]}"
            cells += [row[-4], rank, row[-1]]
        table.append(cells)
    lines += _table(pretty, table, markdown)
    excluded = [s for s in summary.strands if s.not_comparable]
    if excluded:
        lines.append("")
        lines.append(
            "Not counted (judged under an older definition of the strand): "
            + ", ".join(f"{s.code} ({s.not_comparable})" for s in excluded)
            + "."
        )
    lines.append("")
    lines.append(
        "Rank: 1 + schools at a better level (ties share a rank). Percentile: 100 x (schools "
        "below + half the schools at the same level) / schools."
    )
    return "\n".join(lines) + "\n"


def cohort_html(cohort: CohortSummary | SchoolStanding) -> str:
    """An HTML fragment: the cohort's table of levels per strand and, given a
    :class:`SchoolStanding`, the school's columns and its :func:`standing_chart`."""
    standing = cohort if isinstance(cohort, SchoolStanding) else None
    summary = cohort.cohort if isinstance(cohort, SchoolStanding) else cohort
    esc = html.escape
    cutoff = "" if summary.as_of is None else f" on or before {summary.as_of.isoformat()}"
    parts = [
        '<section class="ictrules-cohort">',
        f"<h2>Cohort benchmark: {esc(summary.framework)} {esc(summary.version)}</h2>",
        f"<p>{_schools(summary.schools)}, each by its latest assessment{esc(cutoff)}.</p>",
    ]
    if standing is not None:
        parts.append(standing_chart(standing).rstrip("\n"))
    headers = ["Strand", "Schools", *(f"{lv.value} {lv.label}" for lv in summary.scale), "Median"]
    if standing is not None:
        headers += ["School", "Rank", "Percentile"]
    parts.append("<table>")
    parts.append("<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in headers) + "</tr></thead>")
    parts.append("<tbody>")
    for index, strand in enumerate(summary.strands):
        cells = [
            f"{strand.code} {strand.title}",
            str(strand.schools),
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
        parts.append("<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in cells) + "</tr>")
    parts.append("</tbody>")
    parts.append("</table>")
    parts.append(
        "<p>Rank: 1 + schools at a better level (ties share a rank). Percentile: 100 x "
        "(schools below + half the schools at the same level) / schools.</p>"
    )
    parts.append("</section>")
    return "\n".join(parts) + "\n"


# --- the profile chart ---------------------------------------------------------------------------

_ROW = 28
_PLOT = 360
_TOP = 34
_CHAR = 6.6  # a generous average width of a 12px sans-serif character
_MAX_LABEL = 56  # characters of a strand's label shown before it is shortened


def _label(text: str) -> str:
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1].rstrip() + "\u2026"


def _label_column(labels: Sequence[str]) -> int:
    """Width in pixels of a chart's column of strand labels (shortened ones included)."""
    return round(max([len(_label(text)) for text in labels] + [12]) * _CHAR) + 16


def _svg_open(css_class: str, width: int, height: int, title: str) -> list[str]:
    """The opening of a chart: a figure of the class, an inline SVG of the size, its title."""
    return [
        f'<figure class="{css_class}">',
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{html.escape(title)}</title>",
    ]


def standing_chart(standing: SchoolStanding) -> str:
    """An HTML fragment: the school's level on each strand as a bar, the cohort median as a
    mark, in an inline SVG (no scripts, styles or resources from elsewhere), with a caption."""
    summary = standing.cohort
    scale = summary.scale
    steps = max(len(scale) - 1, 1)
    labels = [f"{s.code} {s.title}" for s in summary.strands]
    left = _label_column(labels)
    height = _TOP + _ROW * len(summary.strands) + 24
    width = left + _PLOT + 70
    school = standing.school
    who = f"{school.name} ({school.id})" if school.name else school.id
    title = f"{who} against the cohort median, {summary.framework} {summary.version}"
    parts = _svg_open("ictrules-profile", width, height, title)
    for position, level in enumerate(scale):
        x = left + _PLOT * position / steps
        parts.append(
            f'<line x1="{x:.1f}" y1="{_TOP - 6}" x2="{x:.1f}" y2="{height - 24}" '
            'stroke="#ddd" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{_TOP - 12}" text-anchor="middle" fill="#444">'
            f"{level.value} {html.escape(level.label)}</text>"
        )
    for row, (distribution, mine) in enumerate(zip(summary.strands, standing.strands, strict=True)):
        y = _TOP + row * _ROW
        label = labels[row]
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">'
            f"<title>{html.escape(label)}</title>{html.escape(_label(label))}</text>"
        )
        parts += _bar(distribution, mine.level, mine.rank is not None, scale, left, y, steps)
    legend_y = height - 6
    parts.append(
        f'<rect x="{left}" y="{legend_y - 10}" width="12" height="10" fill="#2b6cb0"/>'
        f'<text x="{left + 16}" y="{legend_y}">this school</text>'
        f'<line x1="{left + 110}" y1="{legend_y - 12}" x2="{left + 110}" y2="{legend_y + 2}" '
        'stroke="#c05621" stroke-width="3"/>'
        f'<text x="{left + 118}" y="{legend_y}">cohort median</text>'
    )
    parts.append("</svg>")
    parts.append(
        f"<figcaption>{html.escape(title)}: {_schools(summary.schools)}, each by its latest "
        "assessment. Bars further right are better levels.</figcaption>"
    )
    parts.append("</figure>")
    return "\n".join(parts) + "\n"


def _bar(
    distribution: StrandDistribution,
    level: int | None,
    comparable: bool,
    scale: tuple[Level, ...],
    left: int,
    y: int,
    steps: int,
) -> list[str]:
    parts = []
    position = None if level is None else _rank(scale, level)
    if position is not None:
        length = max(6.0, _PLOT * position / steps)
        fill = "#2b6cb0" if comparable else "#a0aec0"
        text = f"level {level}" + ("" if comparable else " (not comparable)")
        parts.append(
            f'<rect x="{left}" y="{y + 6}" width="{length:.1f}" height="14" fill="{fill}">'
            f"<title>{html.escape(text)}</title></rect>"
        )
    median = median_position(distribution.counts)
    if median is not None:
        x = left + _PLOT * median / steps
        parts.append(
            f'<line x1="{x:.1f}" y1="{y + 2}" x2="{x:.1f}" y2="{y + 24}" stroke="#c05621" '
            f'stroke-width="3"><title>median {_number(distribution.median)}</title></line>'
        )
    return parts
