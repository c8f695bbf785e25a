"""The survey commands on the command line: questions for a form, exports to evidence, and
``assess --survey`` with its report section. Bad input exits 1 with a message, never a
traceback."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import exports
import pytest
from html_check import outline

from ictrules.cli import main

FILES = [str(path) for path in exports.FILES]
MAPPING = str(exports.MAPPING)
SCHOOL = str(exports.SCHOOL)
SURVEYS = [item for path in FILES for item in ("--survey", path)]
DAY = "2026-09-01"


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run ``ictrules`` with the installed plugins: ``run("survey", ...) -> (code, out, err)``."""
    monkeypatch.delenv("ICTRULES_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("ICTRULES_PLUGINS", raising=False)

    def call(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def test_survey_questions_for_pupils_are_ready_to_paste(run: Run) -> None:
    code, out, err = run("survey-questions", "becta-srf", "--group", "pupils")
    assert (code, err) == (0, "")
    assert out.startswith(
        "Survey of pupils: Becta Self-review Framework, element 1: Leadership and management "
        "(becta-srf)\n"
    )
    assert (
        "\nQuestion 1\nI know what our school wants computers and technology to help us do, and "
        "I think it is a good plan.\nYes\nNot sure\nNo\n"
    ) in out
    assert out.count("\nQuestion ") == 4


def test_survey_questions_as_csv_have_a_column_per_answer(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "staff.csv"
    code, out, _ = run(
        "survey-questions", "becta-srf", "--group", "staff", "-f", "csv", "-o", str(target)
    )
    assert (code, out) == (0, "")
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [row["fact"] for row in rows] == [
        "vision.staff_embrace",
        "esafety.staff_adherence",
        "information.staff_understand",
        "assessment.staff_using_ict",
        "assessment.staff_using_school_system",
        "communication.staff_follow",
        "legislation.staff_compliance",
    ]
    assert [rows[0][f"answer {n}"] for n in range(1, 6)] == list(exports.AGREEMENT)
    assert (rows[3]["answer 3"], rows[3]["answer 4"], rows[3]["agree"]) == (
        "I do not teach",
        "",
        "Yes",
    )


def test_survey_questions_for_a_group_the_framework_does_not_ask(run: Run) -> None:
    code, out, err = run("survey-questions", "becta-srf", "--group", "teachers")
    assert (code, out) == (1, "")
    assert err == (
        "ictrules: error: 1 problem in becta-srf:\n"
        "  the framework asks no questions of 'teachers'; it asks governors, parents, pupils, "
        "staff\n"
    )
    assert run("survey-questions", "becta-srf")[0] == 2  # --group is required


def test_survey_writes_evidence_with_counts_and_says_what_it_left_out(
    run: Run, tmp_path: Path
) -> None:
    target = tmp_path / "survey-evidence.toml"
    code, out, err = run("survey", *FILES, "--mapping", MAPPING, "--as-of", DAY, "-o", str(target))
    assert (code, out) == (0, "")
    facts = tomllib.loads(target.read_text(encoding="utf-8"))["facts"]
    assert facts["vision"]["staff_embrace"] == {
        "at_least": 0.574,
        "at_most": 0.768,
        "source": "survey",
        "date": dt.date(2026, 6, 21),
        "note": "28 of 41 staff replied (68%); 19 agree",
    }
    assert err.splitlines() == [
        f'ictrules: note: {FILES[0]}: row 1, column N "Anything else you would like to tell '
        'us?": not read: not a survey question of the framework or the mapping',
        f'ictrules: note: {FILES[2]}: row 1, column B "Which year are you in?": not read: not a '
        "survey question of the framework or the mapping",
        f"ictrules: warning: {FILES[0]}: row 6: the same respondent replied again later (row 30, "
        "the same e-mail address or respondent id): only the later reply is counted",
        "ictrules: note: information.families_understand stays unknown: becta-srf asks parents "
        "too (information.families_understand is about pupils and parents together), and no "
        "export has their replies",
        "ictrules: note: 11 of 12 facts measured from the replies of governors 9 of 12, pupils "
        "60 of 212, staff 28 of 41",
    ]
    code, out, _ = run("survey", *FILES, "--mapping", MAPPING, "--as-of", DAY, "-f", "json")
    data = json.loads(out)
    staff = next(f for f in data["facts"] if f["fact"] == "vision.staff_embrace")
    assert staff["groups"][0]["replied"] == 28
    assert staff["groups"][0]["agreed"] == 19


def test_an_answer_off_the_scale_exits_1_naming_file_row_and_column(
    run: Run, tmp_path: Path
) -> None:
    path = exports.google_forms_csv(
        tmp_path / "staff.csv", [exports.VISION], [["Agree"], ["Agree strongly"]] * 3
    )
    code, out, err = run("survey", str(path), "--as-of", DAY)
    assert (code, out) == (1, "")
    assert err.startswith(f"ictrules: error: 1 problem in {path}:\n  rows 3, 5, 7, column B ")
    assert "(did you mean 'Strongly agree'?)" in err
    assert "Traceback" not in err


def test_assess_with_surveys_adds_a_survey_section_to_every_report(
    run: Run, tmp_path: Path
) -> None:
    arguments = ["assess", SCHOOL, *SURVEYS, "--survey-mapping", MAPPING, "--as-of", "2026-09-01"]
    code, page, _ = run(*arguments, "-f", "html")
    assert code == 0
    parsed = outline(page)
    [section] = parsed.with_class("section", "surveys")
    assert section["id"] == "surveys"
    facts = [attributes["data-fact"] for attributes in parsed.with_class("tbody", "fact")]
    assert "vision.staff_embrace" in facts
    assert len(parsed.with_class("svg", "interval-chart")) == 14  # a chart per group's share
    text = " ".join(" ".join(parsed.text).split())
    assert "Many governors (50% or more) understand and support the vision." in text
    code, out, _ = run(*arguments, "-f", "json")
    data = json.loads(out)
    assert set(data) == {"assessment", "surveys"}
    governors = next(f for f in data["surveys"]["facts"] if f["fact"] == "vision.governors_embrace")
    assert {"strand": "1a1", "id": "1a1-3-governors-many", "holds": None} in governors["criteria"]
    code, out, _ = run(*arguments, "-f", "md")
    assert "## Surveys" in out
    assert "| `vision.staff_embrace` | staff |" in out
    # a fact about staff and governors together reads as in the text and HTML reports
    assert "| `communication.staff_follow` | together | weighed by the groups' sizes |" in out
    code, out, _ = run(*arguments)
    assert "Surveys (shares with their 95% confidence intervals; only counts are kept)" in out


def test_assess_refuses_surveys_it_cannot_use(run: Run, tmp_path: Path) -> None:
    code, _, err = run("assess", SCHOOL, "--survey-mapping", MAPPING)
    assert code == 2
    assert "--survey-mapping goes with --survey" in err
    code, _, err = run("assess", SCHOOL, SCHOOL, *SURVEYS)
    assert code == 2
    assert "--survey goes with one school's full report, not a summary" in err


def test_assess_names_a_fact_the_school_and_a_survey_both_give(run: Run) -> None:
    code, out, err = run("assess", SCHOOL, "--survey", FILES[0], "--as-of", "2026-09-01")
    assert (code, out) == (1, "")
    assert f"ictrules: error: 4 problems in {SCHOOL}:\n" in err
    assert (
        "  facts.vision.staff_embrace: given both by the evidence file (68%) and by the survey "
        "(49% to 82%; 28 staff replied; 19 agree)"
    ) in err
    assert "Traceback" not in err


def test_a_framework_without_survey_questions_simply_has_none(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli_support import SAMPLE_PLUGIN

    monkeypatch.setenv("ICTRULES_DISABLE_PLUGINS", "all")
    monkeypatch.setenv("ICTRULES_PLUGINS", str(SAMPLE_PLUGIN))
    code, out, err = run("survey-questions", "sample-srf", "--group", "staff")
    assert (code, out) == (1, "")
    assert err == (
        "ictrules: error: 1 problem in sample-srf:\n"
        "  the framework has no survey questions ([[surveys]] in its file)\n"
    )


def test_the_survey_section_is_restyled_like_the_rest_of_the_report(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "trust"
    folder.mkdir()
    (folder / "survey.html").write_text(
        '<div class="trust-surveys">{% include "default:survey.html" %}</div>\n', encoding="utf-8"
    )
    code, page, _ = run(
        "assess",
        SCHOOL,
        *SURVEYS,
        "--survey-mapping",
        MAPPING,
        "--as-of",
        "2026-09-01",
        "-f",
        "html",
        "--template-dir",
        str(folder),
    )
    assert code == 0
    parsed = outline(page)
    assert parsed.with_class("div", "trust-surveys")
    assert parsed.with_class("section", "surveys")


def test_the_survey_section_credits_a_share_only_with_criteria_that_read_it(
    run: Run, tmp_path: Path
) -> None:
    """A share the school's own value overrides (prefer = "school") decided nothing; one an
    entailment narrowed, or read beside other facts, says so."""
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        Path(MAPPING)
        .read_text(encoding="utf-8")
        .replace('"vision.staff_embrace" = "survey"', '"vision.staff_embrace" = "school"'),
        encoding="utf-8",
    )
    code, out, err = run("assess", SCHOOL, *SURVEYS, "--survey-mapping", str(mapping),
                         "--as-of", DAY, "-f", "json")  # fmt: skip
    assert code == 0, err
    facts = {block["fact"]: block for block in json.loads(out)["surveys"]["facts"]}
    assert facts["vision.staff_embrace"]["criteria"] == []
    assert facts["vision.governors_embrace"]["criteria"] != []
    code, out, _ = run("assess", SCHOOL, *SURVEYS, "--survey-mapping", str(mapping),
                       "--as-of", DAY)  # fmt: skip
    assert "criteria: 1c3-3-staff-follow met (the share as an entailment narrowed it)" in out
    assert "1c4-1-full-compliance not met (with other facts)" in out


def test_a_second_download_of_an_export_is_refused_naming_both_files(
    run: Run, tmp_path: Path
) -> None:
    """A browser saves a second download as 'pupils (1).csv', and 'survey *.csv' picks both:
    anonymous replies have no e-mail address to find them twice by, so 60 pupils counted as 120
    and the interval narrowed."""
    original = tmp_path / "pupils.csv"
    original.write_bytes((Path(__file__).parent / "data" / "pupils-google-forms.csv").read_bytes())
    copy = tmp_path / "pupils (1).csv"
    copy.write_bytes(original.read_bytes())
    code, out, err = run("survey", str(original), "--as-of", DAY)
    assert code == 0
    assert "60 pupils replied; 48 agree" in out
    code, out, err = run("survey", str(original), str(copy), "--as-of", DAY)
    assert (code, out) == (1, "")
    assert err == (
        f"ictrules: error: 1 problem in {copy}:\n"
        f"  holds the same bytes as {original}: a copy of the same export (a second download?), "
        f"whose replies would count twice (give one of {original} and {copy})\n"
    )


def test_exports_with_no_replies_yet_say_so_plainly(run: Run, tmp_path: Path) -> None:
    """'0 of 12 facts measured from the replies of nobody' said what a business manager had
    to puzzle out: the forms are out and nobody has replied yet."""
    staff = exports.ms_forms_xlsx(tmp_path / "staff.xlsx", [exports.VISION], [])
    code, _, err = run("survey", str(staff), "--as-of", DAY)
    assert code == 0
    assert err.splitlines()[-1] == "ictrules: note: no replies yet, so no fact is measured"
