"""The HTML report: well formed, self-contained, escaped, with its charts and every strand."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import cli_sample_plugin
from cli_support import Runner
from html_check import outline
from hypothesis import given
from hypothesis import strategies as st

from ictrules import Engine
from ictrules.reports.html import assessment_html, fragment_page, summary_html
from ictrules.reports.markdown import assessment_markdown

AS_OF = ("--as-of", "2026-09-01")
STRANDS = ["a1", "a2", "b1"]


def _report(cli: Runner, *argv: str) -> str:
    result = cli("assess", *argv, *AS_OF, "-f", "html")
    assert result.code == 0, result.err
    return result.out


def test_report_is_well_formed_with_every_strand_and_the_profile_chart(
    cli: Runner, evidence: Path
) -> None:
    page = outline(_report(cli, str(evidence)))
    assert [a["data-strand"] for a in page.with_class("article", "strand")] == STRANDS
    charts = page.with_class("svg", "profile-chart")
    assert len(charts) == 1
    assert [g["data-strand"] for g in page.with_class("g", "strand-bar")] == STRANDS
    assert len(page.with_class("path", "own-judgement")) == 2


def test_report_is_self_contained(cli: Runner, evidence: Path) -> None:
    html = _report(cli, str(evidence))
    page = outline(html)
    used = {tag for tag, _ in page.tags}
    assert not used & {"script", "link", "img", "iframe", "object"}
    urls = re.findall(r"https?://[^\s\"'<>)]+", html)
    assert set(urls) == {"http://www.w3.org/2000/svg"}  # the SVG namespace, never fetched
    assert "@import" not in html
    assert "url(" not in html


def test_report_prints_on_a4(cli: Runner, evidence: Path) -> None:
    html = _report(cli, str(evidence))
    assert "@page { size: A4;" in html
    assert "@media print" in html
    assert "break-inside: avoid" in html


def test_report_escapes_what_the_evidence_says(cli: Runner, evidence: Path) -> None:
    html = _report(cli, str(evidence))
    assert "<h1>Hillside &lt;Primary&gt; &amp; Nursery</h1>" in html
    assert "<Primary>" not in html
    assert "The vision is clear &amp; most staff &lt;support&gt; it." not in html  # level 1 now
    assert "The vision is shared with governors and reviewed." in html


def test_report_shows_why_actions_missing_evidence_and_disagreements(
    cli: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "partial.toml"
    path.write_text(
        '[school]\nid = "S1"\n[facts]\nvision.mentions_ict = true\nvision.clarity = "clear"\n'
        'review.interval = 48\n[judgements.a2]\nlevel = 1\nrationale = "We <think> so"\n',
        encoding="utf-8",
    )
    page = outline(_report(cli, str(path)))
    text = " ".join(" ".join(page.text).split())
    assert "The vision is clear about ICT met vision.clarity = clear" in text
    assert "Many staff support the vision unknown staff.embrace = unknown" in text
    assert "Reviewed at least every three years not met review.interval = 48" in text
    assert "Win staff over to the vision (unknown)" in text
    assert "staff.embrace — What proportion of staff support the vision?" in text
    assert "Disagreement: own judgement (level 1) is better than the evidence supports" in text
    assert "We <think> so" in text
    ranked = text.split("Action plan")[1].split("A Vision")[0]
    # the weakest strand (a2, at level 4) comes before a1 (at level 3)
    assert ranked.index("Review the strategy every three years") < ranked.index("Win staff over")


def test_summary_page_has_the_spread_chart_and_a_row_per_school(cli: Runner, returns: Path) -> None:
    page = outline(_report(cli, str(returns)))
    assert len(page.with_class("svg", "spread-chart")) == 1
    assert [g["data-strand"] for g in page.with_class("g", "strand-bar")] == STRANDS
    assert len(page.with_class("td", "cell")) == 9


def test_plan_fragment_is_embedded_as_given() -> None:
    engine = Engine([cli_sample_plugin])
    assessment = engine.assess(cli_sample_plugin.full_evidence(), as_of=dt.date(2026, 9, 1))
    fragment = '<section class="refresh-plan"><h2>Refresh plan</h2><svg></svg></section>'
    page = assessment_html(assessment, plan_fragment=fragment)
    assert fragment in page
    assert page.index(fragment) > page.index('id="strand-b1"')
    outline(page)
    outline(fragment_page("Plan & more", fragment))


_values: dict[str, Any] = {
    "vision.mentions_ict": st.booleans(),
    "vision.clarity": st.sampled_from(["absent", "vague", "clear", "compelling"]),
    "staff.embrace": st.one_of(st.floats(0, 1), st.sampled_from(["few", "most", "35%"])),
    "vision.shared_with": st.lists(st.sampled_from(["staff", "governors", "pupils"])),
    "vision.last_reviewed": st.dates(dt.date(2015, 1, 1), dt.date(2026, 9, 1)).map(str),
    "review.interval": st.integers(0, 120),
    "budget.ict_share": st.floats(0, 20),
    "budget.notes": st.text(max_size=20),
    "budget.renewal_planned": st.booleans(),
}


@given(
    facts=st.fixed_dictionaries({}, optional=_values),
    name=st.text(max_size=30),
    own=st.none() | st.sampled_from([1, 2, 3, 4]),
)
def test_any_evidence_gives_a_well_formed_page_and_markdown(
    facts: dict[str, Any], name: str, own: int | None
) -> None:
    engine = Engine([cli_sample_plugin])
    document: dict[str, Any] = {"school": {"id": "X", "name": name}, "facts": facts}
    if own is not None:
        document["judgements"] = {"a2": {"level": own, "rationale": name}}
    assessment = engine.assess(document, as_of=dt.date(2026, 9, 1))
    page = outline(assessment_html(assessment))
    assert [a["data-strand"] for a in page.with_class("article", "strand")] == STRANDS
    assert name.strip() == "" or " ".join(name.split()) in " ".join(" ".join(page.text).split())
    markdown = assessment_markdown(assessment)
    assert markdown.count("\n### ") == 3
    outline(summary_html([assessment, assessment]))
