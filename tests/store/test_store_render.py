"""Histories and cohorts rendered as text, Markdown, JSON and CSV, and the profile chart."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from store_demo import AS_OF, evidence_document

from ictrules import Engine
from ictrules.reports.progress import (
    cohort_html,
    history_chart,
    history_html,
    render_cohort,
    render_history,
    standing_chart,
)
from ictrules.store import Store

LATER = AS_OF.replace(year=2027)


@pytest.fixture
def store(tmp_path: Path, engine: Engine, engine_v2: Engine) -> Store:
    store = Store(tmp_path / "render.sqlite")
    first = engine.load_evidence(
        {
            **evidence_document(
                "URN 100000",
                "Hill <&> Vale",
                **{"vision.mentions_ict": True, "budget.share": 3.0, "review.last": "2025-01-01"},
            ),
            "judgements": {"v1": {"level": 4, "rationale": "We are modest."}},
        }
    )
    store.save(engine.assess(first, "demo", as_of=AS_OF), first, engine)
    second = engine_v2.load_evidence(
        evidence_document(
            "URN 100000",
            "Hill <&> Vale",
            **{
                "vision.mentions_ict": True,
                "vision.clarity": {"value": "clear", "source": "document"},
                "budget.share": 4.5,
                "lead.name": "Jo",
            },
        )
    )
    store.save(engine_v2.assess(second, "demo", as_of=LATER), second, engine_v2)
    other = engine_v2.load_evidence(evidence_document("URN 100001", "Brook"))
    store.save(engine_v2.assess(other, "demo", as_of=LATER), other, engine_v2)
    return store


def test_store_history_as_text(store: Store) -> None:
    assert render_history(store.history("URN 100000")) == (
        "History of Hill <&> Vale (URN 100000)\n"
        "\n"
        "2 assessments under demo (latest version 2.0):\n"
        "\n"
        "  #1 as of 2026-09-01, demo 1.0 (older framework version; latest is 2.0)\n"
        "  #2 as of 2027-09-01, demo 2.0\n"
        "\n"
        "Strand         2026-09-01  2027-09-01  Change\n"
        "v1 The vision  3?!         2?          up 1 level\n"
        "b1 Budget      2?          1*          not comparable (meaning changed)\n"
        "s1 Safety      -           4?          first assessment\n"
        "\n"
        "? provisional: unknown facts still allow a better level. "
        "* judged under a changed definition of the strand. "
        "! the school's own judgement disagrees with the evidence.\n"
        "\n"
        "Evidence changes from #1 (2026-09-01) to #2 (2027-09-01):\n"
        "\n"
        "  changed budget.share: 3.0 -> 4.5\n"
        "  added lead.name = 'Jo'\n"
        "  removed review.last (was '2025-01-01')\n"
        "  added vision.clarity = 'clear'\n"
        "  own judgement on v1: 4 -> none\n"
    )


def test_store_history_as_markdown_json_and_csv(store: Store) -> None:
    history = store.history("URN 100000")
    markdown = render_history(history, "md")
    # names and cells are escaped as the assessment's Markdown escapes them (md_escape)
    assert markdown.startswith("# History of Hill \\<&\\> Vale (URN 100000)\n")
    assert "| b1 Budget | 2? | 1\\* | not comparable (meaning changed) |\n" in markdown
    assert json.loads(render_history(history, "json")) == history.to_dict()
    rows = list(csv.DictReader(io.StringIO(render_history(history, "csv"))))
    assert len(rows) == 5
    assert rows[3] == {
        "school": "URN 100000",
        "school_name": "Hill <&> Vale",
        "framework": "demo",
        "assessment": "2",
        "as_of": "2027-09-01",
        "framework_version": "2.0",
        "outdated": "false",
        "strand": "b1",
        "title": "Budget",
        "level": "1",
        "best_possible": "1",
        "status": "determined",
        "own_level": "",
        "meaning_changed": "true",
    }


def test_store_cohort_with_a_school_as_text_and_csv(store: Store) -> None:
    standing = store.standing("URN 100001")
    text = render_cohort(standing)
    assert text.splitlines()[:4] == [
        "Cohort benchmark: demo 2.0",
        "",
        "2 schools, each by its latest assessment (schools per framework version: 2.0: 2).",
        "Brook (URN 100001): assessment #3 as of 2027-09-01, demo 2.0.",
    ]
    assert (
        "v1 The vision  2        1           0             1              0          3       "
        "4       2 of 2  25.0"
    ) in text.splitlines()
    rows = list(csv.reader(io.StringIO(render_cohort(standing, "csv"))))
    assert rows[0] == [
        "strand",
        "title",
        "schools",
        "4 Starting",
        "3 Developing",
        "2 Established",
        "1 Leading",
        "median",
        "not_comparable",
        "school_level",
        "rank",
        "out_of",
        "percentile",
    ]
    assert rows[1] == ["v1", "The vision", "2", "1", "0", "1", "0", "3", "0", "4", "2", "2", "25.0"]
    assert json.loads(render_cohort(store.cohort(), "json"))["schools"] == 2


def test_store_unknown_format_is_refused_with_a_suggestion(store: Store) -> None:
    with pytest.raises(
        ValueError,
        match=r"^unknown format 'jsn'; choose one of text, md, "
        r"json, csv \(did you mean 'json'\?\)$",
    ):
        render_cohort(store.cohort(), "jsn")


def test_store_profile_chart_is_self_contained_svg(store: Store) -> None:
    fragment = standing_chart(store.standing("URN 100000"))
    assert fragment.startswith('<figure class="ictrules-profile">\n<svg ')
    assert (
        "<title>Hill &lt;&amp;&gt; Vale (URN 100000) against the cohort median, demo 2.0"
        in fragment
    )
    assert not re.search(r"<script|href=|src=|url\(|@import", fragment)
    assert re.findall(r"https?://[^\"]*", fragment) == ["http://www.w3.org/2000/svg"]
    bars = re.findall(
        r'<rect x="\d+" y="\d+" width="([\d.]+)" height="14" fill="(#\w+)">', fragment
    )
    # v1 at level 2 (two steps of three across 360px), b1 at 1 (best), s1 at 4 (worst: a stub)
    assert bars == [("240.0", "#2b6cb0"), ("360.0", "#2b6cb0"), ("6.0", "#2b6cb0")]
    assert fragment.count("<title>median") == 3


def test_store_cohort_html_holds_the_table_and_the_chart(store: Store) -> None:
    fragment = cohort_html(store.standing("URN 100000"))
    assert fragment.startswith('<section class="ictrules-cohort">\n<h2>Cohort benchmark: demo 2.0')
    assert '<figure class="ictrules-profile">' in fragment
    assert (
        "<tr><td>v1 The vision</td><td>2</td><td>1</td><td>0</td><td>1</td><td>0</td>"
        "<td>3</td><td>2</td><td>1 of 2</td><td>75.0</td></tr>"
    ) in fragment
    assert "<figure" not in cohort_html(store.cohort())


def test_store_history_html_holds_the_list_the_chart_the_table_and_the_changes(
    store: Store,
) -> None:
    fragment = history_html(store.history("URN 100000"))
    assert fragment.startswith(
        '<section class="ictrules-history">\n<h2>History of Hill &lt;&amp;&gt; Vale (URN 100000)'
    )
    assert (
        "<li>#1 as of 2026-09-01, demo 1.0 (older framework version; latest is 2.0)</li>"
    ) in fragment
    assert '<figure class="ictrules-history-chart">' in fragment
    # the same cells and marks as the text table
    assert (
        "<tr><td>b1 Budget</td><td>2?</td><td>1*</td><td>not comparable (meaning changed)</td></tr>"
    ) in fragment
    assert "<h3>Evidence changes from #1 (2026-09-01) to #2 (2027-09-01)</h3>" in fragment
    assert "<li>changed budget.share: 3.0 -&gt; 4.5</li>" in fragment
    assert "<li>own judgement on v1: 4 -&gt; none</li>" in fragment
    assert fragment.endswith("</section>\n")


def test_store_history_chart_places_each_level_in_its_strands_row(store: Store) -> None:
    chart = history_chart(store.history("URN 100000"))
    assert chart.count("<svg") == 1
    assert "<script" not in chart
    assert "href" not in chart
    points = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="4" [^>]*><title>([^<]*)<', chart)
    # labels end at x=94 (13 characters), columns 90px apart; rows 28px from y=34; on the
    # four-level scale the best level sits 16px above the worst (y+21) in its row
    assert points == [
        ("147.0", "49.7", "level 3?! as of 2026-09-01"),
        ("237.0", "44.3", "level 2? as of 2027-09-01"),
        ("147.0", "72.3", "level 2? as of 2026-09-01"),
        ("237.0", "67.0", "level 1* as of 2027-09-01"),
        ("237.0", "111.0", "level 4? as of 2027-09-01"),
    ]
    assert chart.count("<polyline") == 2  # s1 has one point only: no line
