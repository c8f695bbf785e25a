"""Charts as inline SVG: the layout is worked out here, the drawing is the ``charts.html``
macros of the report templates (so an authority can restyle a chart as it restyles a page).

Every chart puts each strand's label on a line of its own above its bar, wrapped rather than
cut short, so a label never runs into the bars and the chart stays legible when a phone scales
it down. Every legend shows the very colours and marks the bars use. Sizes are in user units:
the SVG scales to the width it is given and prints sharply; there is no script or network.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from ..assessments import Assessment, Status
from ..store.cohort import SchoolStanding, median_position
from ..store.progress import SchoolHistory, StrandPoint
from ._names import school_label

__all__ = [
    "CHART_WIDTH",
    "HISTORY_COLUMN",
    "LEVEL_COLOURS",
    "LEVEL_TEXT_COLOURS",
    "history_layout",
    "interval_layout",
    "legend_rows",
    "level_colour",
    "level_text_colour",
    "point_mark",
    "profile_chart",
    "profile_layout",
    "spread_chart",
    "spread_layout",
    "standing_layout",
    "wrap_label",
]

#: Colours from the worst level to the best (colour-blind safe, readable in greyscale).
LEVEL_COLOURS = ("#b2182b", "#ef8a62", "#f2c45a", "#67a9cf", "#2166ac")

#: Text colours that read well on each of :data:`LEVEL_COLOURS`.
LEVEL_TEXT_COLOURS = ("#fff", "#1d1d1f", "#1d1d1f", "#1d1d1f", "#fff")

#: The width of every chart's drawing, in user units (about a phone's width at full size).
CHART_WIDTH = 560

#: The least width of one assessment's column in a history chart: room for its date.
HISTORY_COLUMN = 96

_FONT = 13  # label size in user units
_CHAR = 0.56 * _FONT  # a generous average width of one character
_LINE = 16  # from one label line to the next
_BAR = 18  # a bar's height
_GAP = 12  # below each row


def _step(rank: int, levels: int) -> int:
    if levels <= 1:
        return len(LEVEL_COLOURS) - 1
    step = round(rank * (len(LEVEL_COLOURS) - 1) / (levels - 1))
    return max(0, min(step, len(LEVEL_COLOURS) - 1))


def level_colour(rank: int, levels: int) -> str:
    """The colour of the level at ``rank`` (0 = worst) on a scale of ``levels`` levels."""
    return LEVEL_COLOURS[_step(rank, levels)]


def level_text_colour(rank: int, levels: int) -> str:
    """The colour of text written on :func:`level_colour`."""
    return LEVEL_TEXT_COLOURS[_step(rank, levels)]


def wrap_label(text: str, width: float = CHART_WIDTH, size: float = _FONT) -> list[str]:
    """``text`` broken into lines that fit ``width`` user units at font ``size``: never cut."""
    per_line = max(int(width / (0.56 * size)), 12)
    return textwrap.wrap(text, per_line, break_long_words=True) or [""]


def legend_rows(items: Sequence[dict[str, Any]], width: float = CHART_WIDTH) -> list[Any]:
    """Place legend ``items`` (each with a ``text``) left to right, starting a new row when the
    next would not fit: each gets ``x`` and ``y`` (its row's baseline offset)."""
    x, y, placed = 0.0, 0.0, []
    for item in items:
        span = 22 + len(item["text"]) * 0.56 * 12 + 18
        if x and x + span > width:
            x, y = 0.0, y + 20
        placed.append({**item, "x": round(x, 1), "y": y})
        x += span
    return placed


def _rows(labels: Sequence[str]) -> tuple[list[dict[str, Any]], float]:
    """A row per label: its wrapped lines, the y of its first line and of its bar."""
    rows, y = [], 0.0
    for label in labels:
        lines = wrap_label(label)
        first = y + _FONT
        bar = y + len(lines) * _LINE + 4
        rows.append({"lines": lines, "text_y": first, "bar_y": bar})
        y = bar + _BAR + _GAP
    return rows, y


def profile_layout(
    assessment: Assessment, level_names: dict[int, str] | None = None
) -> dict[str, Any]:
    """The school profile: one bar per strand, as long as its level is good; a pale dashed
    extension as far as unknown facts could take it; a diamond at the school's own judgement
    (red edged when it disagrees with the evidence)."""
    names = level_names or {}
    scale = list(assessment.scale)
    count = len(scale)
    unit = CHART_WIDTH / count
    rows, height = _rows([f"{r.code} {r.title}" for r in assessment.strands])
    top = 22
    bars = []
    for row, result in zip(rows, assessment.strands, strict=True):
        proven = scale.index(result.level)
        possible = scale.index(result.best_possible)
        own = None
        if result.judgement is not None and result.judgement.level in scale:
            own = {
                "x": round(unit * (scale.index(result.judgement.level) + 0.5), 1),
                "disagrees": bool(result.disagreement),
                "level": result.judgement.level,
            }
        name = names.get(result.level)
        bars.append(
            {
                **row,
                "text_y": row["text_y"] + top,
                "bar_y": row["bar_y"] + top,
                "code": result.code,
                "title": result.title,
                "level": result.level,
                "level_name": f"{result.level} {name}" if name else str(result.level),
                "best": result.best_possible,
                "width": round(unit * (proven + 1), 1),
                "possible_width": round(unit * (possible + 1), 1) if possible > proven else None,
                "colour": level_colour(proven, count),
                "text_colour": level_text_colour(proven, count),
                "own": own,
            }
        )
    legend = [
        {"kind": "level", "colour": level_colour(rank, count), "text": _level_word(level, names)}
        for rank, level in enumerate(scale)
    ]
    legend.append(
        {"kind": "possible", "colour": "#777", "text": "could be, once unknowns are known"}
    )
    if any(bar["own"] for bar in bars):
        legend.append({"kind": "own", "colour": "#111", "text": "the school's own judgement"})
    return _level_grid(
        f"Levels per strand, {assessment.framework_title}", scale, bars, legend, top, height
    )


def _level_grid(
    title: str,
    scale: Sequence[int],
    bars: list[dict[str, Any]],
    legend: list[dict[str, Any]],
    top: float,
    height: float,
) -> dict[str, Any]:
    """A chart of bars over one column per level (the school profile, the cohort standing):
    the columns, the grid, and the legend placed below the bars."""
    unit = CHART_WIDTH / len(scale)
    placed = legend_rows(legend)
    legend_top = top + height + 6
    return {
        "title": title,
        "width": CHART_WIDTH,
        "height": round(legend_top + placed[-1]["y"] + 24, 1),
        "columns": [
            {"x": round(unit * position, 1), "width": round(unit, 1), "level": level}
            for position, level in enumerate(scale)
        ],
        "column_labels_y": 14,
        "grid_top": top - 4,
        "grid_height": round(height, 1),
        "bars": bars,
        "legend": placed,
        "legend_top": legend_top,
    }


def _level_word(level: int, names: dict[int, str]) -> str:
    name = names.get(level)
    return f"level {level} {name}" if name else f"level {level}"


def spread_layout(
    assessments: Sequence[Assessment], level_names: dict[int, str] | None = None
) -> dict[str, Any]:
    """For many schools: per strand, a stacked bar of how many schools are at each level."""
    names = level_names or {}
    first = assessments[0]
    scale = list(first.scale)
    count = len(scale)
    total = len(assessments)
    top = 24
    rows, height = _rows([f"{r.code} {r.title}" for r in first.strands])
    bars = []
    for row, strand in zip(rows, first.strands, strict=True):
        tally = [0] * count
        for assessment in assessments:
            for result in assessment.strands:
                if result.code == strand.code and result.level in scale:
                    tally[scale.index(result.level)] += 1
        x, segments = 0.0, []
        for rank, number in enumerate(tally):
            if not number:
                continue
            span = CHART_WIDTH * number / total
            segments.append(
                {
                    "x": round(x, 1),
                    "width": round(span, 1),
                    "count": number,
                    "level": scale[rank],
                    "colour": level_colour(rank, count),
                    "text_colour": level_text_colour(rank, count),
                    "show_count": span >= 18,
                }
            )
            x += span
        bars.append(
            {
                **row,
                "text_y": row["text_y"] + top,
                "bar_y": row["bar_y"] + top,
                "code": strand.code,
                "segments": segments,
            }
        )
    legend = legend_rows(
        [
            {"kind": "level", "colour": level_colour(rank, count), "text": _level_word(lv, names)}
            for rank, level in enumerate(scale)
            for lv in [level]
        ]
    )
    legend_top = top + height + 6
    return {
        "title": f"Schools at each level, per strand ({total} schools)",
        "caption": f"share of {total} schools at each level (proven by the evidence)",
        "total": total,
        "width": CHART_WIDTH,
        "height": round(legend_top + legend[-1]["y"] + 24, 1),
        "bars": bars,
        "legend": legend,
        "legend_top": legend_top,
    }


def profile_chart(assessment: Assessment, level_names: dict[int, str] | None = None) -> str:
    """The school profile (:func:`profile_layout`) as inline SVG, with ictrules' templates."""
    from .templating import render_template

    return render_template(
        "chart.html", None, kind="profile", chart=profile_layout(assessment, level_names)
    ).strip()


def spread_chart(
    assessments: Sequence[Assessment], level_names: dict[int, str] | None = None
) -> str:
    """The many-schools spread (:func:`spread_layout`) as inline SVG."""
    from .templating import render_template

    return render_template(
        "chart.html", None, kind="spread", chart=spread_layout(assessments, level_names)
    ).strip()


def point_mark(point: StrandPoint, scale: Sequence[int]) -> str:
    """A level as the history tables write it: ``?`` provisional, ``*`` judged under a changed
    definition of the strand, ``!`` the school's own judgement disagrees with the evidence."""
    text = str(point.level)
    if point.status is Status.PROVISIONAL:
        text += "?"
    if point.meaning_changed:
        text += "*"
    if point.own_level is not None and {point.own_level, point.level, point.best_possible} <= set(
        scale
    ):
        own, low = scale.index(point.own_level), scale.index(point.level)
        if not low <= own <= scale.index(point.best_possible):
            text += "!"
    return text


def history_layout(history: SchoolHistory) -> dict[str, Any]:
    """A school's levels over time: per strand, its label on a line of its own and below it a
    band where each assessment's level is a point (better levels higher, in the level's colour)
    joined by a line; one column per assessment, headed by its date."""
    scale = [level.value for level in history.scale]
    names = {level.value: level.label for level in history.scale}
    count = len(scale)
    entries = history.entries
    column = max(HISTORY_COLUMN, CHART_WIDTH / max(len(entries), 1))
    width = max(CHART_WIDTH, column * len(entries))
    band = 26 + 8 * max(count - 1, 1)  # a step per level, and room for a mark above a point
    top, y, rows = 24, 24.0, []
    where = {entry.assessment: index for index, entry in enumerate(entries)}
    for track in history.strands:
        lines = wrap_label(f"{track.code} {track.title}", width)
        band_y = y + len(lines) * _LINE + 4
        points = []
        for point in track.points:
            if point.level not in scale:
                continue
            rank = scale.index(point.level)
            mark = point_mark(point, scale)
            points.append(
                {
                    "x": round(column * (where[point.assessment] + 0.5), 1),
                    "y": round(band_y + band - 7 - (band - 26) * rank / max(count - 1, 1), 1),
                    "mark": mark,
                    "colour": level_colour(rank, count),
                    "note": f"{_level_word(point.level, names)} ({mark}) as of "
                    f"{point.as_of.isoformat()}",
                }
            )
        rows.append(
            {
                "code": track.code,
                "lines": lines,
                "text_y": round(y + _FONT, 1),
                "band_y": round(band_y, 1),
                "line": " ".join(f"{p['x']},{p['y']}" for p in points) if len(points) > 1 else "",
                "points": points,
            }
        )
        y = band_y + band + _GAP
    worst, best = history.scale[0], history.scale[-1]
    school = history.school
    who = school_label(school)
    return {
        "title": f"{who}: levels over time, {history.framework}",
        "caption": f"higher in its band is a better level: {_level_word(worst.value, names)} "
        f"lowest, {_level_word(best.value, names)} highest",
        "width": round(width, 1),
        "height": round(y + 4, 1),
        "band": band,
        "columns": [
            {"x": round(column * index, 1), "width": round(column, 1), "date": e.as_of.isoformat()}
            for index, e in enumerate(entries)
        ],
        "top": top,
        "rows": rows,
    }


def standing_layout(standing: SchoolStanding) -> dict[str, Any]:
    """A school against its cohort: per strand, a bar as long as the school's level is good
    (as in the school profile), and a mark at the cohort's median level."""
    summary = standing.cohort
    scale = [level.value for level in summary.scale]
    names = {level.value: level.label for level in summary.scale}
    count = len(scale)
    unit = CHART_WIDTH / count
    top = 22
    rows, height = _rows([f"{s.code} {s.title}" for s in summary.strands])
    bars, stale = [], False
    for row, distribution, mine in zip(rows, summary.strands, standing.strands, strict=True):
        bar: dict[str, Any] = {
            **row,
            "text_y": row["text_y"] + top,
            "bar_y": row["bar_y"] + top,
            "code": distribution.code,
            "title": distribution.title,
            "width": None,
            "median_x": None,
        }
        if mine.level is not None and mine.level in scale:
            rank = scale.index(mine.level)
            comparable = mine.rank is not None
            stale = stale or not comparable
            bar.update(
                width=round(unit * (rank + 1), 1),
                colour=level_colour(rank, count) if comparable else "#a0aec0",
                text_colour=level_text_colour(rank, count) if comparable else "#1d1d1f",
                level=mine.level,
                note=_level_word(mine.level, names)
                + ("" if comparable else " (judged under an older definition: not comparable)"),
            )
        position = median_position(distribution.counts)
        if position is not None:
            median = "-" if distribution.median is None else f"{distribution.median:g}"
            bar.update(median_x=round(unit * (position + 1), 1), median=median)
        bars.append(bar)
    legend: list[dict[str, Any]] = [
        {"kind": "level", "colour": level_colour(rank, count), "text": _level_word(level, names)}
        for rank, level in enumerate(scale)
    ]
    legend.append({"kind": "line", "colour": "#111", "text": "cohort median", "dashed": False})
    if stale:
        legend.append({"kind": "level", "colour": "#a0aec0", "text": "not comparable"})
    school = standing.school
    who = school_label(school)
    title = f"{who} against the cohort median, {summary.framework} {summary.version}"
    return _level_grid(title, scale, bars, legend, top, height)


def interval_layout(
    share: float,
    low: float,
    high: float,
    thresholds: Sequence[tuple[float, str]] = (),
    label: str = "",
) -> dict[str, Any]:
    """A share on a 0-100% track: a band from ``low`` to ``high`` (its confidence interval), a
    dot at the observed ``share``, and a tick at each criterion's threshold (``(0.75,
    "most")``), so a reader sees at once whether a threshold lies inside the interval."""
    left, track, width = 4.0, 232.0, 240.0

    def x(value: float) -> float:
        return round(left + max(0.0, min(1.0, value)) * track, 1)

    ticks = [
        {"x": x(value), "label": f"{value:.0%}", "name": name}
        for value, name in sorted(set(thresholds))
        if 0 < value < 1  # "none" and "all" mark the ends the track already shows
    ]
    return {
        "width": width,
        "height": 30,
        "left": left,
        "right": left + track,
        "low_x": x(low),
        "high_x": max(x(high), x(low) + 2),
        "share_x": x(share),
        "thresholds": ticks,
        "label": label
        or f"{share:.0%} agree; the share of the whole group lies between {low * 100:.1f}% and "
        f"{high * 100:.1f}%",
    }
