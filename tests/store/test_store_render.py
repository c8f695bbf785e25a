"""Histories and cohorts rendered as text, Markdown, JSON and CSV, and the profile chart."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from store_demo import AS_OF, FACTS, SCALE, evidence_document

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
        "v1 The vision  2        2     1           0             1              0          3       "
        "4       2 of 2  25.0"
    ) in text.splitlines()
    assert (  # both schools' evidence leaves v1 open: the counts are floors, and it says so
        "Open: schools whose evidence leaves a better level possible on the strand. Each is "
        "counted at the level its evidence proves, so the counts and the median are floors "
        "where any are open."
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
        "provisional",
        "school_level",
        "rank",
        "out_of",
        "percentile",
    ]
    assert rows[1] == [
        *("v1", "The vision", "2", "1", "0", "1", "0", "3", "0", "2"),
        *("4", "2", "2", "25.0"),
    ]
    assert json.loads(render_cohort(store.cohort(), "json"))["schools"] == 2
    ranks = "Rank: 1 + schools at a better level"
    assert any(line.startswith(ranks) for line in text.splitlines())
    # without a school there are no rank or percentile columns to explain
    assert ranks not in render_cohort(store.cohort())
    assert ranks not in cohort_html(store.cohort())


def test_a_change_of_a_value_known_in_part_reads_as_words(tmp_path: Path, engine: Engine) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        for day, share in ((AS_OF, {"at_least": 3}), (LATER, {"at_least": 2, "at_most": 4})):
            evidence = engine.load_evidence(
                evidence_document("URN 1", "Hill", **{"budget.share": share})
            )
            store.save(engine.assess(evidence, "demo", as_of=day), evidence, engine)
        text = render_history(store.history("URN 1"))
    assert "changed budget.share: at least 3 -> at least 2, at most 4" in text  # as reports say it


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
        '<title id="standing-title">Hill &lt;&amp;&gt; Vale (URN 100000) against the cohort '
        "median, demo 2.0</title>"
    ) in fragment
    assert not re.search(r"<script|href=|src=|url\(|@import", fragment)
    assert re.findall(r"https?://[^\"]*", fragment) == ["http://www.w3.org/2000/svg"]
    bars = re.findall(r'<rect class="school-level" x="0" y="[\d.]+" width="([\d.]+)"', fragment)
    # four levels across 560 units: v1 at level 2 (third of four), b1 at 1 (best), s1 at 4
    assert bars == ["420.0", "560.0", "140.0"]
    assert fragment.count("<title>cohort median: level") == 3
    # the same level names and colours as the school report, and a legend for the median
    assert "level 1 Leading" in fragment
    assert "cohort median</text>" in fragment


def test_store_cohort_html_holds_the_table_and_the_chart(store: Store) -> None:
    fragment = cohort_html(store.standing("URN 100000"))
    assert fragment.startswith('<section class="ictrules-cohort">\n<h2>Cohort benchmark: demo 2.0')
    assert '<figure class="ictrules-profile">' in fragment
    row = re.search(r"<tr><td>v1 The vision</td>.*?</tr>", fragment)
    assert row is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(0))  # numbers right-aligned
    assert cells == ["2", "2", "1", "0", "1", "0", "3", "2", "1 of 2", "75.0"]
    assert "<figure" not in cohort_html(store.cohort())
    assert "<h2>" not in cohort_html(store.cohort(), heading=False)


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
    # the same cells and marks as the text table, with the level names of the school report
    assert (
        '<tr><td>b1 Budget</td><td class="num">2? Established</td><td class="num">1* Leading</td>'
        "<td>not comparable (meaning changed)</td></tr>"
    ) in fragment
    assert "<h3>Evidence changes from #1 (2026-09-01) to #2 (2027-09-01)</h3>" in fragment
    assert "<li>changed budget.share: 3.0 -&gt; 4.5</li>" in fragment
    assert "<li>own judgement on v1: 4 -&gt; none</li>" in fragment
    assert fragment.endswith("</section>\n")
    assert "<h2>" not in history_html(store.history("URN 100000"), heading=False)


def test_store_history_chart_places_each_level_in_its_strands_row(store: Store) -> None:
    chart = history_chart(store.history("URN 100000"))
    assert chart.count("<svg") == 1
    assert "<script" not in chart
    assert "href" not in chart
    rows = re.findall(r'<g class="strand-history" data-strand="(\w+)">(.*?)</g>', chart, re.S)
    assert [code for code, _ in rows] == ["v1", "b1", "s1"]
    points = {
        code: re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*><title>([^<]*)<', body)
        for code, body in rows
    }
    # two assessments, one column each across 560 units; a better level sits higher in its band
    (x1, y1, first), (x2, y2, second) = points["v1"]
    assert (x1, x2) == ("140.0", "420.0")
    assert float(y2) < float(y1)  # level 3 then level 2: up
    assert first == "level 3 Developing (3?!) as of 2026-09-01"
    assert second == "level 2 Established (2?) as of 2027-09-01"
    assert [p[2] for p in points["s1"]] == ["level 4 Starting (4?) as of 2027-09-01"]
    assert chart.count("<polyline") == 2  # s1 has one point only: no line


def test_a_level_that_moved_with_the_same_evidence_says_a_date_aged(tmp_path: Path) -> None:
    from ictrules.testing import InlinePlugin, build_framework, build_strand

    strand = build_strand(
        "r1",
        {
            3: [("r1-3", "known(review.last)")],
            2: [("r1-2", "years_since(review.last) <= 2")],
            1: [("r1-1", "years_since(review.last) <= 1")],
        },
        title="Review",
        descriptors={4: "None.", 3: "Reviewed.", 2: "Recently.", 1: "This year."},
    )
    scale = SCALE
    plugin = InlinePlugin(
        [spec for spec in FACTS if spec.id == "review.last"],
        [build_framework([strand], framework_id="aging", scale=scale)],
    )
    engine = Engine([("aging", plugin)])
    evidence = engine.load_evidence(
        evidence_document("URN 1", "Ash", **{"review.last": "2025-06-01"}), "aging"
    )
    store = Store(tmp_path / "aging.sqlite")
    for as_of in (AS_OF, LATER.replace(year=2028)):
        store.save(engine.assess(evidence, "aging", as_of=as_of), evidence, engine)
    text = render_history(store.history("URN 1"))
    assert text.endswith(
        "No changes.\n  r1 Review: level 2 -> 3 with the same evidence: a date in it passed a "
        "limit (such as 'within 2 years') between 2026-09-01 and 2028-09-01\n"
    )
