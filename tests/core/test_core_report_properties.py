"""Properties of the reports, over generated assessments: whatever the evidence (hostile names
included), every format parses and carries every strand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictrules import Assessment, Engine, render_text
from ictrules.reports.csv import assessment_csv, summary_csv
from ictrules.reports.html import assessment_html, summary_html
from ictrules.reports.markdown import assessment_markdown
from ictrules.testing import strategies

from .conftest import DemoPlugin

ENGINE = Engine([DemoPlugin()])
AS_OF = dt.date(2026, 9, 1)
NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
)


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    evidence = draw(strategies.evidence(ENGINE, "demo", partial=True))
    # an id is not empty, on one line, with no spaces at either end; a name may be any text
    one_line = NAMES.filter(
        lambda text: text.strip() == text and not {"\u2028", "\u2029"} & set(text)
    )
    school = {"id": draw(one_line), "name": draw(NAMES)}
    document = {**evidence.to_mapping(), "school": school}
    return ENGINE.assess(ENGINE.load_evidence(document), "demo", as_of=AS_OF)


class _Outline(HTMLParser):
    """Checks that every element closes in order, and collects the text."""

    VOID = frozenset({"br", "img", "meta", "link", "hr", "input", "col", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(page: str) -> str:
    outline = _Outline()
    outline.feed(page)
    outline.close()
    assert outline.open == []
    return " ".join(outline.text)


@given(assessments())
def test_json_reads_back_to_the_same_assessment(assessment: Assessment) -> None:
    assert Assessment.from_json(assessment.to_json()) == assessment
    assert json.loads(assessment.to_json())["strands"][0]["code"] == "v1"


@given(assessments())
def test_every_format_parses_and_names_every_strand(assessment: Assessment) -> None:
    school = assessment.school
    assert school is not None
    text = _parsed(assessment_html(assessment))
    assert school.name in text  # escaped on the page, read back whole
    for strand in assessment.strands:
        assert strand.title in text
    rows = list(csv.DictReader(io.StringIO(assessment_csv(assessment))))
    assert [row["strand"] for row in rows] == [s.code for s in assessment.strands]
    markdown = assessment_markdown(assessment)
    headings = [line for line in markdown.splitlines() if line.startswith("### ")]
    assert [h.split()[1] for h in headings] == [s.code for s in assessment.strands]
    assert all(s.code in render_text(assessment) for s in assessment.strands)


@given(st.lists(assessments(), min_size=1, max_size=4))
def test_the_summary_has_a_row_per_school(many: list[Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(summary_csv(many))))
    assert len(rows) == len(many)
    _parsed(summary_html(many))


def test_a_summary_of_schools_on_two_frameworks_is_refused_in_every_format() -> None:
    """The CSV summary raised a bare KeyError, the text one a ValueError from deep inside, and
    HTML and Markdown set the strands of one framework under the other's without a word."""
    import attrs

    from ictrules.reports.markdown import summary_markdown
    from ictrules.reports.text import summary_text

    first = ENGINE.assess({"facts": {}}, "demo", as_of=AS_OF)
    other = attrs.evolve(first, framework="other")
    for summary in (summary_csv, summary_text, summary_html, summary_markdown):
        with pytest.raises(ValueError, match="these are assessed against demo, other: summarise"):
            summary([first, other])


@given(assessments())
def test_markdown_blocks_stand_apart(assessment: Assessment) -> None:
    """A paragraph, a list and a table run together unless a blank line parts them: 'Evidence
    still to collect:' was read as part of the last action, and a strand's tables as part of
    the paragraph above."""
    lines = assessment_markdown(assessment).split("\n")
    for index, line in enumerate(lines):
        if line.startswith(("| Level |", "| Strand |", "Evidence still to collect:", "To reach")):
            assert lines[index - 1] == "", (index, lines[index - 1])
