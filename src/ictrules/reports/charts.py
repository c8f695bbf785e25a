"""Charts as inline SVG: a school's profile (its level on every strand) and a cohort's spread.

The SVG is plain text built from escaped values, with sizes in user units, so it prints sharply
and needs no script or network.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..assessments import Assessment

__all__ = [
    "LEVEL_COLOURS",
    "LEVEL_TEXT_COLOURS",
    "level_colour",
    "level_text_colour",
    "profile_chart",
    "spread_chart",
]

#: Colours from the worst level to the best (colour-blind safe, readable in greyscale).
LEVEL_COLOURS = ("#b2182b", "#ef8a62", "#f2c45a", "#67a9cf", "#2166ac")

_LABEL_WIDTH = 360
_BAR_WIDTH = 500
_ROW = 26
_TOP = 34
_FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif"


#: Text colours that read well on each of :data:`LEVEL_COLOURS`.
LEVEL_TEXT_COLOURS = ("#fff", "#1d1d1f", "#1d1d1f", "#1d1d1f", "#fff")


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


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def profile_chart(assessment: Assessment) -> str:
    """The school profile: one bar per strand, as long as its level is good.

    A solid bar shows the level the evidence proves; a pale extension shows how far unknown facts
    could still take it; a diamond marks the school's own judgement, red when it disagrees with
    the evidence.
    """
    scale = list(assessment.scale)
    count = len(scale)
    unit = _BAR_WIDTH / count
    height = _TOP + _ROW * len(assessment.strands) + 40
    width = _LABEL_WIDTH + _BAR_WIDTH + 20
    title = f"Levels per strand, {assessment.framework_title}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart profile-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="profile-title" style="{_FONT}">',
        f'<title id="profile-title">{escape(title)}</title>',
    ]
    for position, level in enumerate(scale):
        x = _LABEL_WIDTH + unit * position
        shade = "#f1f2f4" if position % 2 else "#fafafa"
        parts.append(
            f'<rect x="{x:.1f}" y="{_TOP - 6}" width="{unit:.1f}" '
            f'height="{_ROW * len(assessment.strands) + 6}" fill="{shade}"/>'
        )
        parts.append(
            f'<text x="{x + unit / 2:.1f}" y="{_TOP - 12}" font-size="12" text-anchor="middle" '
            f'fill="#333">Level {escape(str(level))}</text>'
        )
    for row, result in enumerate(assessment.strands):
        y = _TOP + row * _ROW
        proven = scale.index(result.level)
        possible = scale.index(result.best_possible)
        colour = level_colour(proven, count)
        label = _shorten(f"{result.code} {result.title}", 52)
        parts.append(
            f'<g class="strand-bar" data-strand="{escape(result.code)}">'
            f"<title>{escape(result.code)} {escape(result.title)}: level "
            f"{escape(str(result.level))}</title>"
        )
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + 17}" font-size="12.5" text-anchor="end" '
            f'fill="#222">{escape(label)}</text>'
        )
        if possible > proven:
            parts.append(
                f'<rect x="{_LABEL_WIDTH}" y="{y + 4}" width="{unit * (possible + 1):.1f}" '
                f'height="{_ROW - 8}" fill="{colour}" fill-opacity="0.25" stroke="{colour}" '
                f'stroke-dasharray="4 3"/>'
            )
        parts.append(
            f'<rect x="{_LABEL_WIDTH}" y="{y + 4}" width="{unit * (proven + 1):.1f}" '
            f'height="{_ROW - 8}" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{_LABEL_WIDTH + unit * (proven + 1) - 6:.1f}" y="{y + 17}" '
            f'font-size="12" text-anchor="end" fill="{level_text_colour(proven, count)}" '
            f'font-weight="bold">'
            f"{escape(str(result.level))}</text>"
        )
        if result.judgement is not None and result.judgement.level in scale:
            own = scale.index(result.judgement.level)
            cx = _LABEL_WIDTH + unit * (own + 0.5)
            cy = y + _ROW / 2
            stroke = "#c00000" if result.disagreement else "#111"
            parts.append(
                f'<path class="own-judgement" d="M{cx:.1f} {cy - 8:.1f} L{cx + 8:.1f} {cy:.1f} '
                f'L{cx:.1f} {cy + 8:.1f} L{cx - 8:.1f} {cy:.1f} Z" fill="#fff" '
                f'stroke="{stroke}" stroke-width="2.5"/>'
            )
        parts.append("</g>")
    legend_y = _TOP + _ROW * len(assessment.strands) + 22
    parts.append(
        f'<g class="legend" font-size="12" fill="#333">'
        f'<rect x="{_LABEL_WIDTH}" y="{legend_y - 10}" width="14" height="12" fill="#777"/>'
        f'<text x="{_LABEL_WIDTH + 20}" y="{legend_y}">proven by the evidence</text>'
        f'<rect x="{_LABEL_WIDTH + 170}" y="{legend_y - 10}" width="14" height="12" '
        f'fill="#777" fill-opacity="0.25" stroke="#777" stroke-dasharray="4 3"/>'
        f'<text x="{_LABEL_WIDTH + 190}" y="{legend_y}">possible once unknowns are known</text>'
        f'<path d="M{_LABEL_WIDTH - 120} {legend_y - 10} l6 6 l-6 6 l-6 -6 Z" fill="#fff" '
        f'stroke="#111" stroke-width="2"/>'
        f'<text x="{_LABEL_WIDTH - 108}" y="{legend_y}">own judgement</text></g>'
    )
    parts.append("</svg>")
    return "".join(parts)


def spread_chart(assessments: Sequence[Assessment]) -> str:
    """For many schools: per strand, a stacked bar of how many schools are at each level."""
    first = assessments[0]
    scale = list(first.scale)
    count = len(scale)
    codes = [result.code for result in first.strands]
    titles = {result.code: result.title for result in first.strands}
    total = len(assessments)
    height = _TOP + _ROW * len(codes) + 40
    width = _LABEL_WIDTH + _BAR_WIDTH + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart spread-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="spread-title" style="{_FONT}">',
        f'<title id="spread-title">Schools at each level, per strand ({total} schools)</title>',
        f'<text x="{_LABEL_WIDTH}" y="{_TOP - 12}" font-size="12" fill="#333">'
        f"share of {total} schools at each level (proven by the evidence)</text>",
    ]
    for row, code in enumerate(codes):
        y = _TOP + row * _ROW
        label = _shorten(f"{code} {titles[code]}", 52)
        parts.append(f'<g class="strand-bar" data-strand="{escape(code)}">')
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + 17}" font-size="12.5" text-anchor="end" '
            f'fill="#222">{escape(label)}</text>'
        )
        tally = [0] * count
        for assessment in assessments:
            for result in assessment.strands:
                if result.code == code and result.level in scale:
                    tally[scale.index(result.level)] += 1
        x = float(_LABEL_WIDTH)
        for rank, number in enumerate(tally):
            if not number:
                continue
            span = _BAR_WIDTH * number / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{span:.1f}" height="{_ROW - 8}" '
                f'fill="{level_colour(rank, count)}"><title>level {escape(str(scale[rank]))}: '
                f"{number} of {total}</title></rect>"
            )
            if span >= 18:
                parts.append(
                    f'<text x="{x + span / 2:.1f}" y="{y + 17}" font-size="11" '
                    f'text-anchor="middle" fill="{level_text_colour(rank, count)}">{number}</text>'
                )
            x += span
        parts.append("</g>")
    legend_y = _TOP + _ROW * len(codes) + 22
    parts.append('<g class="legend" font-size="12" fill="#333">')
    for rank, level in enumerate(scale):
        x = _LABEL_WIDTH + rank * 78
        parts.append(
            f'<rect x="{x}" y="{legend_y - 10}" width="14" height="12" '
            f'fill="{level_colour(rank, count)}"/>'
            f'<text x="{x + 20}" y="{legend_y}">level {escape(str(level))}</text>'
        )
    parts.append("</g></svg>")
    return "".join(parts)
