"""HTML reports: one self-contained page per school, or one page summarising many.

The page carries its own CSS and SVG charts: no script, no font or stylesheet from the network.
Print CSS lays it out on A4. Every value from evidence or plugins is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import zip_longest

from ..assessments import Assessment, CriterionResult, StrandResult
from ..explanations import met_above, standing_text
from ._glossary import Glossary, format_value, headline, level_text, priorities, school_label
from .charts import level_colour, level_text_colour, profile_chart, spread_chart

__all__ = ["STYLE", "assessment_html", "fragment_page", "summary_html"]

#: The stylesheet every page embeds.
STYLE = """
:root { --ink: #1d1d1f; --muted: #5a5a60; --line: #d9d9de; --accent: #2166ac;
  --bad: #b2182b; --warn: #8a5a00; --pale: #f5f6f8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.3em; margin: 32px 0 10px; padding-bottom: 4px;
  border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.1em; margin: 0 0 6px; }
h4 { font-size: 0.95em; margin: 14px 0 4px; color: var(--muted); text-transform: uppercase;
  letter-spacing: 0.04em; }
p { margin: 4px 0 8px; }
.meta { color: var(--muted); margin: 0; }
.meta b { color: var(--ink); font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 0.92em; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px;
  border-bottom: 1px solid var(--line); }
th { background: var(--pale); font-weight: 600; }
td.centre, th.centre { text-align: center; white-space: nowrap; }
.level { display: inline-block; min-width: 1.9em; padding: 1px 7px; border-radius: 10px;
  color: #fff; font-weight: 700; text-align: center; }
.status-provisional { color: var(--warn); font-style: italic; }
.strand { border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px;
  margin: 14px 0; }
.strand header { display: flex; justify-content: space-between; gap: 12px;
  align-items: baseline; }
.descriptor { font-size: 1.02em; }
.headline { font-size: 1.08em; font-weight: 600; }
td.result { white-space: nowrap; }
.met { color: #1a6b2f; font-weight: 600; }
.not-met { color: var(--bad); font-weight: 600; }
.unknown { color: var(--warn); font-weight: 600; }
.facts { color: var(--muted); font-size: 0.92em; }
.facts code, code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.judgement { background: var(--pale); border-radius: 6px; padding: 6px 10px; }
.disagreement { border-left: 4px solid var(--bad); background: #fbeaea; color: #6b0f1a;
  padding: 6px 10px; border-radius: 0 6px 6px 0; }
.flag { color: var(--bad); font-weight: 700; }
ol.actions li, ul.missing li { margin: 3px 0; }
.reason { color: var(--muted); font-size: 0.88em; }
.chart { max-width: 100%; height: auto; display: block; margin: 8px 0; }
figure { margin: 0; }
.refresh-plan td.num { white-space: nowrap; }
.refresh-plan table { font-size: 0.85em; }
@media screen { .refresh-plan table { display: block; max-width: 100%; overflow-x: auto; } }
.summary-table td.cell { text-align: center; font-weight: 700; color: #fff; }
footer { margin-top: 36px; color: var(--muted); font-size: 0.85em;
  border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  .strand, table tr, .chart, figure { break-inside: avoid; }
  .strand { border-color: #bbb; }
  .refresh-plan { break-before: page; }
  .refresh-plan table { font-size: 7.5pt; }
  .level, .summary-table td.cell, .disagreement, th {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _badge(assessment: Assessment, level: int) -> str:
    scale = list(assessment.scale)
    if level in scale:
        rank, count = scale.index(level), len(scale)
        style = f"background:{level_colour(rank, count)};color:{level_text_colour(rank, count)}"
    else:
        style = "background:#777"
    return f'<span class="level" style="{style}">{escape(str(level))}</span>'


def _truth(holds: bool | None) -> str:
    if holds is True:
        return '<span class="met">met</span>'
    if holds is False:
        return '<span class="not-met">not met</span>'
    return '<span class="unknown">unknown</span>'


def _readings(criterion: CriterionResult) -> str:
    parts = []
    for reading in criterion.facts:
        text = f"<code>{escape(reading.fact)}</code> = {escape(format_value(reading.value))}"
        if reading.derived_by:
            text += f" <i>(derived by {escape(reading.derived_by)})</i>"
        if reading.entailed_by:
            text += f" <i>(entailed by {escape(', '.join(reading.entailed_by))})</i>"
        parts.append(text)
    return "; ".join(parts)


def _header(assessment: Assessment, glossary: Glossary) -> list[str]:
    school = assessment.school
    ident = f"{escape(school.id)} &middot; " if school and school.name else ""
    source = f" &middot; source: {escape(glossary.source)}" if glossary.source else ""
    return [
        "<header>",
        f"<h1>{escape(school_label(assessment))}</h1>",
        f'<p class="meta">{ident}<b>{escape(assessment.framework_title)}</b> &middot; as of '
        f"<b>{escape(assessment.as_of.isoformat())}</b> &middot; framework "
        f"{escape(assessment.framework)} version {escape(assessment.framework_version)}"
        f"{source}</p>",
        "</header>",
    ]


def _overview(assessment: Assessment, glossary: Glossary) -> list[str]:
    scale = ", ".join(str(level) for level in assessment.scale)
    out = [
        '<section class="overview">',
        "<h2>School profile</h2>",
        f'<p class="headline">{escape(headline(assessment))}</p>',
        f"<p>Levels run from {escape(str(assessment.scale[0]))} (lowest) to "
        f"{escape(str(assessment.scale[-1]))} (highest): {escape(scale)}.</p>",
        f"<figure>{profile_chart(assessment)}</figure>",
        '<table class="overview-table">',
        '<thead><tr><th>Strand</th><th class="centre">Level</th><th>Status</th>'
        '<th class="centre">Own judgement</th></tr></thead><tbody>',
    ]
    section = None
    for result in assessment.strands:
        if result.section != section:
            section = result.section
            out.append(f'<tr><th colspan="4">{escape(glossary.section(section))}</th></tr>')
        own = _badge(assessment, result.judgement.level) if result.judgement else "&mdash;"
        flag = ' <span class="flag" title="disagrees with the evidence">!</span>'
        status = escape(result.status.value)
        if result.best_possible != result.level:
            status += f" (could be {escape(str(result.best_possible))})"
        out.append(
            f'<tr><td><a href="#strand-{escape(result.code)}">{escape(result.code)}</a> '
            f"{escape(result.title)}</td>"
            f'<td class="centre">{_badge(assessment, result.level)}</td>'
            f'<td class="status-{escape(result.status.value)}">{status}</td>'
            f'<td class="centre">{own}{flag if result.disagreement else ""}</td></tr>'
        )
    out += ["</tbody></table>", "</section>"]
    return out


def _priorities(assessment: Assessment) -> list[str]:
    ranked = priorities(assessment)
    if not ranked:
        return []
    out = [
        '<section class="priorities">',
        "<h2>Actions in priority order</h2>",
        "<p>Weakest strands first; within a strand, what is known to be missing before what "
        "still needs evidence.</p>",
        '<ol class="actions">',
    ]
    for result, action in ranked:
        out.append(
            f'<li>{escape(action.text)} <span class="reason">({escape(result.code)} '
            f"&rarr; level {escape(str(action.level))}; {escape(action.reason)})</span></li>"
        )
    out += ["</ol>", "</section>"]
    return out


def _strand(assessment: Assessment, result: StrandResult, glossary: Glossary) -> list[str]:
    code = escape(result.code)
    status = escape(result.status.value)
    if result.best_possible != result.level:
        status += f", could be level {escape(str(result.best_possible))}"
    out = [
        f'<article class="strand" id="strand-{code}" data-strand="{code}">',
        f"<header><h3>{code} {escape(result.title)}</h3>"
        f"<div>Level {_badge(assessment, result.level)} "
        f'<span class="status-{escape(result.status.value)}">{status}</span></div></header>',
    ]
    if result.best_possible == result.level:
        out.append(f'<p class="descriptor">{escape(result.descriptor)}</p>')
    else:  # the proven level is a floor: its descriptor is not a verdict
        out.append(f'<p class="descriptor">{escape(standing_text(result)).capitalize()}.</p>')
    above = met_above(assessment, result)
    if above:
        out.append('<p class="met-above">Already met at better levels:</p><ul class="met-above">')
        out += [f"<li>Level {escape(str(c.level))}: {escape(c.statement)}</li>" for c in above]
        out.append("</ul>")
    if result.judgement is not None:
        rationale = escape(result.judgement.rationale) or "<i>no rationale given</i>"
        out.append(
            f'<p class="judgement">Own judgement: level '
            f"{_badge(assessment, result.judgement.level)} &mdash; {rationale}</p>"
        )
        if result.disagreement:
            out.append(
                f'<p class="disagreement"><b>Disagreement:</b> {escape(result.disagreement)}.</p>'
            )
        else:
            out.append('<p class="agreement">The evidence supports this judgement.</p>')
    if result.criteria:
        out += [
            "<h4>Why</h4>",
            '<table class="criteria"><thead><tr><th class="centre">Level</th><th>Criterion</th>'
            "<th>Result</th><th>Facts read</th></tr></thead><tbody>",
        ]
        for criterion in result.criteria:
            out.append(
                f'<tr><td class="centre">{escape(str(criterion.level))}</td>'
                f"<td>{escape(criterion.statement)}</td>"
                f'<td class="result">{_truth(criterion.holds)}</td>'
                f'<td class="facts">{_readings(criterion)}</td></tr>'
            )
        out.append("</tbody></table>")
    if result.actions:
        out.append(f"<h4>To reach level {escape(str(result.next_level))}</h4>")
        out.append('<ol class="actions">')
        for action in sorted(result.actions, key=lambda a: a.reason != "not met"):
            out.append(
                f'<li>{escape(action.text)} <span class="reason">({escape(action.reason)})</span>'
                + "".join(
                    f' <a class="link" href="{escape(link)}">{escape(link)}</a>'
                    for link in action.links
                )
                + "</li>"
            )
        out.append("</ol>")
    elif result.next_level is None:
        out.append("<p>This is the best level on the scale.</p>")
    if result.missing:
        out.append("<h4>Evidence still to collect</h4>")
        out.append('<ul class="missing">')
        for fact in result.missing:
            question = glossary.to_collect(fact)
            asked = f" &mdash; {escape(question)}" if question else ""
            out.append(f"<li><code>{escape(fact)}</code>{asked}</li>")
        out.append("</ul>")
    out.append("</article>")
    return out


def _footer(assessment: Assessment) -> list[str]:
    plugins = ", ".join(f"{name} {version}" for name, version in sorted(assessment.plugins.items()))
    return [
        "<footer>",
        f"Made by ictrules {escape(assessment.engine_version)}"
        + (f" with plugins {escape(plugins)}" if plugins else "")
        + f". Judgements are as of {escape(assessment.as_of.isoformat())} and follow from the "
        "evidence given; unknown facts are never taken as no.",
        "</footer>",
    ]


def assessment_html(
    assessment: Assessment,
    *,
    glossary: Glossary | None = None,
    plan_fragment: str | None = None,
    fragments: Sequence[str] = (),
) -> str:
    """One school's full report as a self-contained HTML page.

    ``plan_fragment`` and then each of ``fragments`` are HTML sections (a refresh plan's, a
    cohort benchmark's) placed after the strands as they are: their producers escape them.
    ``glossary`` adds section titles and each missing fact's question.
    """
    glossary = glossary or Glossary()
    body = _header(assessment, glossary) + _overview(assessment, glossary)
    body += _priorities(assessment)
    section = None
    for result in assessment.strands:
        if result.section != section:
            if section is not None:
                body.append("</section>")
            section = result.section
            body.append(f'<section class="strands" data-section="{escape(section)}">')
            body.append(f"<h2>{escape(glossary.section(section))}</h2>")
        body += _strand(assessment, result, glossary)
    if section is not None:
        body.append("</section>")
    if plan_fragment:
        body.append(plan_fragment)
    body += fragments
    body += _footer(assessment)
    title = f"{school_label(assessment)}: {assessment.framework_title}"
    return _page(title, body)


def summary_html(assessments: Sequence[Assessment], sources: Sequence[str] = ()) -> str:
    """Many schools on one page: how many are at each level per strand, and a school-by-strand
    table. All assessments must be of the same framework. ``sources`` (the file each came
    from) names the schools whose evidence has no ``[school]`` table."""
    if not assessments:
        return _page("No schools", ["<h1>No schools assessed</h1>"])
    first = assessments[0]
    body = [
        "<header>",
        f"<h1>{escape(first.framework_title)}: {len(assessments)} schools</h1>",
        f'<p class="meta">as of <b>{escape(first.as_of.isoformat())}</b> &middot; framework '
        f"{escape(first.framework)} version {escape(first.framework_version)}</p>",
        "</header>",
        '<section class="overview">',
        "<h2>Levels across schools</h2>",
        f"<figure>{spread_chart(assessments)}</figure>",
        "</section>",
        '<section class="schools">',
        "<h2>Every school by strand</h2>",
        "<p>Cells show the level the evidence proves; <i>?</i> marks a level that unknown facts "
        "leave open, <b>!</b> an own judgement that disagrees with the evidence.</p>",
        '<table class="summary-table"><thead><tr><th>School</th>',
    ]
    body += [
        f'<th class="centre" title="{escape(result.title)}">{escape(result.code)}</th>'
        for result in first.strands
    ]
    body.append("</tr></thead><tbody>")
    for assessment, source in zip_longest(assessments, sources[: len(assessments)]):
        school = assessment.school
        ident = f' <span class="meta">{escape(school.id)}</span>' if school and school.name else ""
        cells = []
        scale = list(assessment.scale)
        for result in assessment.strands:
            rank = scale.index(result.level)
            colour = f"{level_colour(rank, len(scale))};color:{level_text_colour(rank, len(scale))}"
            mark = "?" if result.best_possible != result.level else ""
            mark += "!" if result.disagreement else ""
            cells.append(
                f'<td class="cell" style="background:{colour}" '
                f'title="{escape(result.code)}: level {escape(level_text(result))}">'
                f"{escape(str(result.level))}{mark}</td>"
            )
        body.append(
            f"<tr><td>{escape(school_label(assessment, source))}{ident}</td>{''.join(cells)}</tr>"
        )
    body += ["</tbody></table>", "</section>", *_footer(first)]
    return _page(f"{first.framework_title}: {len(assessments)} schools", body)


def fragment_page(title: str, fragment: str) -> str:
    """A self-contained page around an HTML fragment (a refresh plan's ``<section>``, say),
    with the report stylesheet."""
    return _page(title, [f"<header><h1>{escape(title)}</h1></header>", fragment])
