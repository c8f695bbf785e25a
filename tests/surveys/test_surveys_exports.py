"""Survey exports as Microsoft Forms and Google Forms write them become facts: each group's
share that agrees as its confidence interval, with who replied and when."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import exports
import pytest

from ictrules import Bounds, Engine, Provenance
from ictrules.surveys import read_surveys, wilson_interval

EXAMPLES = exports.EXAMPLES
FILES, MAPPING = exports.FILES, exports.MAPPING


def test_the_example_exports_are_what_the_forms_would_write(tmp_path: Path) -> None:
    """The committed Google Forms files are exactly what the generator writes (the workbook
    differs only in the dates openpyxl stamps on it, so its rows are compared)."""
    exports.write_examples(tmp_path)
    for name in ("governor-survey.csv", "pupil-survey.csv"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes()
    import openpyxl

    def rows(path: Path) -> list[tuple[object, ...]]:
        return list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))

    committed = rows(EXAMPLES / "staff-survey.xlsx")
    assert committed == rows(tmp_path / "staff-survey.xlsx")
    assert committed[0][:6] == exports.MS_FORMS_HEAD
    assert isinstance(committed[1][2], dt.datetime)  # Completion time is a date-time cell


def test_microsoft_and_google_exports_become_facts_with_their_counts(engine: Engine) -> None:
    result = read_surveys(engine, FILES, MAPPING)
    staff = result.fact("vision.staff_embrace")
    assert staff.provenance == Provenance(
        "survey", dt.date(2026, 6, 21), "28 of 41 staff replied (68%); 19 agree"
    )
    low, high = wilson_interval(19, 28, 41)
    assert (staff.low, staff.high) == (low, high)
    assert staff.value() == {"at_least": 0.574, "at_most": 0.768}
    assert result.evidence.facts["vision.staff_embrace"] == Bounds(at_least=0.574, at_most=0.768)
    assert result.evidence.provenance["vision.staff_embrace"].source == "survey"
    pupils = result.fact("esafety.pupil_adherence")
    assert pupils.provenance is not None
    assert pupils.provenance.note == "60 of 212 pupils replied (28%); 48 agree"
    assert pupils.provenance.date == dt.date(2026, 7, 6)  # the last Google Forms timestamp
    assert result.groups == {"governors": (9, 12), "pupils": (60, 212), "staff": (28, 41)}


def test_a_fact_about_two_groups_weighs_their_shares_by_their_sizes(engine: Engine) -> None:
    result = read_surveys(engine, FILES, MAPPING)
    measured = result.fact("information.staff_understand")
    staff, governors = measured.tallies
    assert (staff.group, staff.answered, staff.agreed, staff.blank) == ("staff", 26, 16, 2)
    assert (governors.group, governors.answered, governors.agreed) == ("governors", 9, 5)
    assert measured.low == pytest.approx((41 * staff.low + 12 * governors.low) / 53)
    assert measured.high == pytest.approx((41 * staff.high + 12 * governors.high) / 53)
    assert measured.provenance is not None
    assert measured.provenance.note == (
        "28 of 41 staff replied (68%); 26 answered this question (2 left it blank), 16 agree. "
        "9 of 12 governors replied (75%); 5 agree"
    )


def test_answers_that_do_not_apply_are_not_counted_either_way(engine: Engine) -> None:
    """'I do not teach' is no answer to a question for teachers: 18 of the 28 staff teach, and
    17 of them record assessment with ICT."""
    measured = read_surveys(engine, FILES, MAPPING).fact("assessment.staff_using_ict")
    [tally] = measured.tallies
    assert (tally.replied, tally.answered, tally.agreed, tally.not_applicable) == (28, 18, 17, 10)
    assert (measured.low, measured.high) == wilson_interval(17, 18, 41 - 10)


def test_a_fact_a_group_was_not_surveyed_for_stays_unknown_with_the_reason(
    engine: Engine,
) -> None:
    result = read_surveys(engine, FILES, MAPPING)
    measured = result.fact("information.families_understand")
    assert not measured.known
    assert measured.reason == (
        "becta-srf asks parents too (information.families_understand is about pupils and "
        "parents together), and no export has their replies"
    )
    assert "information.families_understand" not in result.evidence.facts
    assert "# information.families_understand: unknown: becta-srf asks parents too" in (
        result.to_toml()
    )


def test_the_same_respondent_twice_keeps_the_later_reply_and_says_so(engine: Engine) -> None:
    result = read_surveys(engine, FILES, MAPPING)
    assert [str(notice) for notice in result.notices if "same respondent" in notice.message] == [
        f"{FILES[0]}: row 6: the same respondent replied again later (row 30, the same e-mail "
        "address or respondent id): only the later reply is counted"
    ]
    # the first reply said "Strongly disagree" to the vision; the later one agrees
    assert result.fact("vision.staff_embrace").tallies[0].agreed == 19


def test_columns_that_are_not_questions_are_reported_not_read(engine: Engine) -> None:
    result = read_surveys(engine, FILES, MAPPING)
    assert [str(n) for n in result.notices if "not read" in n.message] == [
        f'{FILES[0]}: row 1, column N "Anything else you would like to tell us?": not read: '
        "not a survey question of the framework or the mapping",
        f'{FILES[2]}: row 1, column B "Which year are you in?": not read: not a survey '
        "question of the framework or the mapping",
    ]


def test_without_a_mapping_each_files_group_comes_from_its_questions(engine: Engine) -> None:
    """Forms built from the framework's questions need no mapping: without sizes there is no
    response rate and no correction for the group's size."""
    result = read_surveys(engine, FILES)
    measured = result.fact("vision.staff_embrace")
    assert measured.provenance is not None
    assert measured.provenance.note == "28 staff replied; 19 agree"
    assert (measured.low, measured.high) == wilson_interval(19, 28)
    # staff and governors together need the groups' sizes to weigh their shares
    assert result.fact("communication.staff_follow").reason == (
        "communication.staff_follow is about staff and governors together, whose shares are "
        "weighed by their sizes: give the size of staff and governors in the mapping's groups"
    )


def test_the_evidence_file_written_reads_back_as_the_same_evidence(engine: Engine) -> None:
    import tomllib

    result = read_surveys(engine, FILES, MAPPING)
    text = result.to_toml()
    assert engine.load_evidence(tomllib.loads(text)).facts == result.evidence.facts
    assert "95% confidence interval" in text
    line = next(line for line in text.splitlines() if line.startswith("vision.staff_embrace"))
    assert line == (
        'vision.staff_embrace = { at_least = 0.574, at_most = 0.768, source = "survey", '
        'date = 2026-06-21, note = "28 of 41 staff replied (68%); 19 agree" }'
    )


def test_the_confidence_level_is_the_mappings_choice(engine: Engine) -> None:
    wider = read_surveys(engine, FILES[:1], {"confidence": 0.99, "groups": {"staff": {"size": 41}}})
    usual = read_surveys(engine, FILES[:1], {"groups": {"staff": {"size": 41}}})
    narrow, wide = usual.fact("vision.staff_embrace"), wider.fact("vision.staff_embrace")
    assert (wide.low or 1) < (narrow.low or 0)
    assert (wide.high or 0) > (narrow.high or 1)
    assert "99% confidence interval" in wider.to_toml()


def test_month_first_reply_times_are_read_as_the_mapping_says(
    engine: Engine, tmp_path: Path
) -> None:
    """A US export ('9/10/2026 09:00:00' is 10 September) whose dates cannot tell the order:
    read day first with a warning that says how to fix it, and month first once told."""
    import csv

    rows = list(csv.reader((EXAMPLES / "governor-survey.csv").open(encoding="utf-8")))
    for number, row in enumerate(rows[1:]):
        row[0] = f"6/{number % 9 + 1}/2026 10:00:00"
    rows[-1][0] = "9/10/2026 09:00:00"
    export = tmp_path / "governors-us.csv"
    with export.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    as_of = dt.date(2026, 9, 20)
    guessed = read_surveys(engine, [export], {}, as_of=as_of)
    [warning] = [n for n in guessed.notices if "could be day first" in n.message]
    assert "a survey: date_format in its mapping" in warning.message
    told = read_surveys(engine, [export], {"date_format": "%m/%d/%Y"}, as_of=as_of)
    governors = told.fact("vision.governors_embrace").provenance
    assert governors is not None
    assert governors.date == dt.date(2026, 9, 10)
    assert governors.note is not None
    assert governors.note.startswith(f"{len(rows) - 1} governors replied")
