"""Bad survey input: every problem names the file, the row and the column, with a suggestion,
and nothing is dropped without a word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import exports
import pytest

from ictrules import Engine
from ictrules.surveys import SurveyError, read_surveys, wilson_interval

VISION = exports.VISION
ESAFETY = exports.ESAFETY
GOVERNOR_VISION = exports.GOVERNOR_VISION


def staff_csv(tmp_path: Path, answers: list[str | None], **kwargs: object) -> Path:
    """A Google Forms export of staff answering the vision question."""
    return exports.google_forms_csv(
        tmp_path / "staff.csv",
        [VISION],
        [[answer] for answer in answers],
        **kwargs,  # type: ignore[arg-type]
    )


def test_an_answer_outside_the_scale_gets_a_did_you_mean(engine: Engine, tmp_path: Path) -> None:
    path = staff_csv(
        tmp_path,
        ["Agree", "Agree strongly", "Disagree", "Agree strongly", "Strongly agre", "Agree"],
    )
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path])
    assert str(caught.value) == (
        f"2 problems in {path}:\n"
        '  rows 3, 5, column B "I understand what our school\'s vision says IC...": '
        "'Agree strongly' is not an answer on the scale (Strongly agree, Agree, Neither agree "
        "nor disagree, Disagree, Strongly disagree) (did you mean 'Strongly agree'?)\n"
        '  row 6, column B "I understand what our school\'s vision says IC...": '
        "'Strongly agre' is not an answer on the scale (Strongly agree, Agree, Neither agree "
        "nor disagree, Disagree, Strongly disagree) (did you mean 'Strongly agree'?)"
    )


def test_a_long_answer_outside_the_scale_is_shown_cut_short(engine: Engine, tmp_path: Path) -> None:
    path = staff_csv(tmp_path, ["Agree", "A" * 5000, "Agree", "Agree", "Agree"])
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path])
    (problem,) = caught.value.problems
    assert problem.message.startswith(
        "'AAAAAAAAAAAAAAAAAAAAAAAAAAA...AAAAAAAAAAAAAAAAAAAAAAAAAAAA' is"
    )
    assert len(str(problem)) < 400


def test_a_title_above_the_header_is_named_with_the_row_that_is_the_header(
    engine: Engine, tmp_path: Path
) -> None:
    path = staff_csv(tmp_path, ["Agree"] * 5)
    path.write_text("Staff survey, summer 2026\n\n" + path.read_text(encoding="utf-8"))
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path])
    assert str(caught.value) == (
        f"1 problem in {path}:\n"
        "  row 1: row 1 is not the header, but row 3 is (it holds the survey's questions): a "
        "title above the header? (delete rows 1-2 so that the header is row 1, then read the "
        "file again)"
    )


def test_an_answer_the_form_offered_is_declared_in_the_mapping(
    engine: Engine, tmp_path: Path
) -> None:
    path = staff_csv(tmp_path, ["Yes, fully", "Mostly", "Not really", "Yes, fully", "Mostly"])
    mapping = {
        "questions": [
            {
                "column": VISION,
                "fact": "vision.staff_embrace",
                "answers": ["Yes, fully", "Mostly", "Not really"],
                "agree": ["Yes, fully", "Mostly"],
            }
        ]
    }
    measured = read_surveys(engine, [path], mapping).fact("vision.staff_embrace")
    assert measured.tallies[0].agreed == 4


def test_ratings_from_one_to_five_read_as_agreement(engine: Engine, tmp_path: Path) -> None:
    """A rating or linear-scale question exports numbers: 5 and 4 agree."""
    path = staff_csv(tmp_path, ["5", "4", "3", "2", "1", "4"])
    assert read_surveys(engine, [path]).fact("vision.staff_embrace").tallies[0].agreed == 3


def test_a_blank_answer_is_not_agreement(engine: Engine, tmp_path: Path) -> None:
    path = staff_csv(tmp_path, ["Agree", None, "Agree", "Disagree", "Agree", "Agree", None])
    measured = read_surveys(engine, [path]).fact("vision.staff_embrace")
    [tally] = measured.tallies
    assert (tally.replied, tally.answered, tally.agreed, tally.blank) == (7, 5, 4, 2)
    assert (measured.low, measured.high) == wilson_interval(4, 5) or tally.answered < 5
    assert tally.note() == "7 staff replied; 5 answered this question (2 left it blank), 4 agree"


def test_the_same_person_twice_by_respondent_id_keeps_the_later_reply(
    engine: Engine, tmp_path: Path
) -> None:
    codes = ["T01", "T02", "T03", "t01", "T04", "T05"]
    path = exports.google_forms_csv(
        tmp_path / "staff.csv",
        [VISION],
        [["Disagree"], ["Agree"], ["Agree"], ["Agree"], ["Agree"], ["Disagree"]],
        lead=[("Staff code", codes)],
    )
    result = read_surveys(engine, [path], {"respondent_column": "Staff code"})
    assert result.fact("vision.staff_embrace").tallies[0].replied == 5
    assert result.fact("vision.staff_embrace").tallies[0].agreed == 4  # T01 changed to Agree
    assert [str(n) for n in result.notices if "same respondent" in n.message] == [
        f"{path}: row 2: the same respondent replied again later (row 5, the same e-mail "
        "address or respondent id): only the later reply is counted"
    ]


def test_the_latest_reply_is_the_latest_timestamp_across_files(
    engine: Engine, tmp_path: Path
) -> None:
    """Two exports of the same form: a reply in the first file sent after one in the second
    is the later one, whatever the order the files are given in."""
    early = exports.google_forms_csv(
        tmp_path / "june.csv",
        [VISION],
        [["Agree"]] * 5,
        emails=[f"s{n}@school.example" for n in range(5)],
        start=dt.datetime(2026, 6, 10, 9, 0),
    )
    late = exports.google_forms_csv(
        tmp_path / "july.csv",
        [VISION],
        [["Disagree"]],
        emails=["s0@school.example"],
        start=dt.datetime(2026, 7, 1, 9, 0),
    )
    for order in ([early, late], [late, early]):
        result = read_surveys(engine, order, {"groups": {"staff": {"size": 41}}})
        assert result.fact("vision.staff_embrace").tallies[0].agreed == 4


def test_replies_from_outside_the_known_groups_are_reported_not_counted(
    engine: Engine, tmp_path: Path
) -> None:
    roles = ["Teacher", "Governor", "Visitor", "Teaching assistant", "", "Teacher", "Govenor"]
    path = exports.google_forms_csv(
        tmp_path / "everyone.csv",
        [VISION, GOVERNOR_VISION],
        [
            ["Agree", None],
            [None, "Agree"],
            ["Agree", None],
            ["Agree", None],
            ["Agree", None],
            ["Disagree", None],
            [None, "Agree"],
        ],
        lead=[("I am ...", roles)],
    )
    mapping = {
        "role_column": "I am ...",
        "groups": {
            "staff": {"answers": ["Teacher", "Teaching assistant"]},
            "governors": {"answers": ["Governor"]},
        },
    }
    result = read_surveys(engine, [path], mapping)
    assert result.groups == {"governors": (1, None), "staff": (3, None)}
    assert [str(n) for n in result.notices if "not counted" in n.message] == [
        f"{path}: row 4, column B \"I am ...\": 1 reply from 'Visitor', which is not one of "
        "the groups: not counted; add it to a group's answers in the mapping to count it",
        f'{path}: row 6, column B "I am ...": 1 reply with no answer in the role column: not '
        "counted",
        f"{path}: row 8, column B \"I am ...\": 1 reply from 'Govenor', which is not one of the "
        "groups: not counted (did you mean 'Governor'?); add it to a group's answers in the "
        "mapping to count it",
    ]


def test_a_reply_to_a_question_not_asked_of_the_group_is_reported(
    engine: Engine, tmp_path: Path
) -> None:
    path = exports.google_forms_csv(
        tmp_path / "everyone.csv",
        [VISION],
        [["Agree"], ["Agree"], ["Agree"]],
        lead=[("Role", ["Teacher", "Governor", "Teacher"])],
    )
    mapping = {
        "role_column": "Role",
        "groups": {"staff": {"answers": ["Teacher"]}, "governors": {"answers": ["Governor"]}},
    }
    result = read_surveys(engine, [path], mapping)
    assert [str(n) for n in result.notices] == [
        f'{path}: row 3, column C "I understand what our school\'s vision says IC...": 1 reply '
        "from governors to a question becta-srf does not ask governors: not counted (map the "
        "column to a fact for governors in the mapping's [[questions]] to count them)"
    ]


def test_more_replies_than_the_group_has_members_is_an_error(
    engine: Engine, tmp_path: Path
) -> None:
    path = staff_csv(tmp_path, ["Agree"] * 6)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text("[groups.staff]\nsize = 4\n", encoding="utf-8")
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path], mapping)
    assert str(caught.value) == (
        f"1 problem in {mapping}:\n"
        f"  groups.staff.size: 6 replies from staff ({path} rows 2-7) but the group has 4 "
        "members (check the size; look for replies from people outside the group, or the same "
        "person twice without an e-mail address or respondent id to tell)"
    )


def test_too_few_answers_leave_the_fact_unknown_unless_everyone_answered(
    engine: Engine, tmp_path: Path
) -> None:
    path = staff_csv(tmp_path, ["Agree", "Agree", "Disagree", "Agree"])
    measured = read_surveys(engine, [path], {"groups": {"staff": {"size": 10}}}).fact(
        "vision.staff_embrace"
    )
    assert not measured.known
    assert measured.reason == (
        "only 4 staff answered the question; at least 5 answers are needed for a share "
        "(minimum_replies)"
    )
    everyone = read_surveys(engine, [path], {"groups": {"staff": {"size": 4}}})
    assert everyone.fact("vision.staff_embrace").value() == 0.75
    assert everyone.evidence.facts["vision.staff_embrace"] == 0.75
    fewer = read_surveys(engine, [path], {"minimum_replies": 3})
    assert fewer.fact("vision.staff_embrace").known


def test_a_threshold_inside_the_interval_stays_unknown(engine: Engine, tmp_path: Path) -> None:
    """Six of nine governors agree: 'many' (50% or more) is inside the interval, so the
    criterion stays unknown rather than taking 67% at its word."""
    path = exports.google_forms_csv(
        tmp_path / "governors.csv",
        [GOVERNOR_VISION],
        [["Agree"]] * 6 + [["Disagree"]] * 3,
    )
    result = read_surveys(engine, [path], {"groups": {"governors": {"size": 12}}})
    assessment = engine.assess(result.evidence, "becta-srf", as_of=dt.date(2026, 9, 1))
    criterion = next(c for c in assessment.strand("1a1").criteria if c.id == "1a1-3-governors-many")
    assert criterion.holds is None
    sure = read_surveys(engine, [path], {"groups": {"governors": {"size": 9}}})
    assessment = engine.assess(sure.evidence, "becta-srf", as_of=dt.date(2026, 9, 1))
    criterion = next(c for c in assessment.strand("1a1").criteria if c.id == "1a1-3-governors-many")
    assert criterion.holds is True  # every governor answered: 67% is the share


def test_a_file_whose_group_cannot_be_told_is_an_error(engine: Engine, tmp_path: Path) -> None:
    path = exports.google_forms_csv(
        tmp_path / "everyone.csv",
        ["Do you support the vision?"],
        [["Agree"]] * 5,
    )
    mapping = {
        "questions": [
            {
                "column": "Do you support the vision?",
                "facts": {"staff": "vision.staff_embrace", "governors": "vision.governors_embrace"},
            }
        ]
    }
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path], mapping)
    assert str(caught.value) == (
        f"1 problem in {path}:\n"
        "  cannot tell which group replied: the replies could be from governors or staff "
        "(name the file in its group's files in the mapping ([groups.staff] files = "
        '["staff-survey.xlsx"]), or give the column that says who replied (role_column))'
    )


def test_a_mapped_column_no_export_has_is_an_error_with_a_suggestion(
    engine: Engine, tmp_path: Path
) -> None:
    path = staff_csv(tmp_path, ["Agree"] * 5)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[[questions]]\ncolumn = "I understand what our school\'s vision says ICT should do"\n'
        'fact = "vision.staff_embrace"\n',
        encoding="utf-8",
    )
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path], mapping)
    [problem] = caught.value.problems
    assert caught.value.source == str(mapping)
    assert problem.path == "questions[0].column"
    assert problem.suggestion == f"did you mean {VISION!r}?"


def test_a_column_close_to_a_question_is_not_read_silently(engine: Engine, tmp_path: Path) -> None:
    typo = VISION.replace("support it", "suport it")
    path = exports.google_forms_csv(
        tmp_path / "staff.csv", [typo, ESAFETY], [["Agree", "Agree"]] * 5
    )
    result = read_surveys(engine, [path])
    [notice] = result.notices
    assert notice.where == 'row 1, column B "I understand what our school\'s vision says IC..."'
    assert notice.message.startswith(
        "not read: it is close to, but not, becta-srf's question for staff (vision.staff_embrace)"
    )


def test_faults_in_the_mapping_name_their_keys(engine: Engine, tmp_path: Path) -> None:
    path = staff_csv(tmp_path, ["Agree"] * 5)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        "confidence = 95\nminimum_reply = 3\n\n[groups.staff]\nsize = -1\nfile = ['x']\n\n"
        '[[questions]]\ncolumn = "Q"\nfact = "vision.staf_embrace"\n\n'
        '[prefer]\n"vision.staff_embrace" = "evidence"\n',
        encoding="utf-8",
    )
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path], mapping)
    assert [str(problem) for problem in caught.value.problems] == [
        "minimum_reply: unknown key (did you mean 'minimum_replies'?)",
        "confidence: expected a confidence level from 0.5 up to (not including) 1, got 95 "
        "(0.95 is usual; 0.9 gives narrower intervals that are wrong more often)",
        "groups.staff.file: unknown key (did you mean 'files'?)",
        "groups.staff.size: expected how many members, a whole number, got -1",
        'prefer.vision.staff_embrace: expected "survey" or "school", got \'evidence\'',
    ]
    mapping.write_text('[[questions]]\ncolumn = "Q"\nfact = "vision.staf_embrace"\n')
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path], mapping)
    assert [str(problem) for problem in caught.value.problems] == [
        "questions[0].fact: unknown fact 'vision.staf_embrace' (did you mean "
        "'vision.staff_embrace'?)"
    ]


def test_excel_resaved_csv_in_windows_1252_with_semicolons_is_read(
    engine: Engine, tmp_path: Path
) -> None:
    """A Google Forms export opened and saved again by Excel on a European PC."""
    rows = "\r\n".join(
        f"2026/06/22 9:0{n}:00 AM GMT+1;{'Agree' if n % 3 else 'Disagree'}" for n in range(6)
    )
    header = VISION.replace("school's", "school\u2019s")  # Excel's curly apostrophe
    text = f"Timestamp;{header}\r\n{rows}\r\n"
    path = tmp_path / "staff.csv"
    path.write_bytes(text.encode("cp1252"))
    result = read_surveys(engine, [path])
    assert result.fact("vision.staff_embrace").tallies[0].agreed == 4
    assert any("read as Windows-1252" in note for note in result.notes)


def test_an_export_given_twice_is_an_error(engine: Engine, tmp_path: Path) -> None:
    path = staff_csv(tmp_path, ["Agree"] * 5)
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path, tmp_path / ".." / tmp_path.name / "staff.csv"])
    assert str(caught.value).endswith(
        f"given twice (also as {path}): its replies would count twice"
    )


def test_an_unedited_reply_is_dated_by_its_completion_time(engine: Engine, tmp_path: Path) -> None:
    """Microsoft Forms fills 'Last modified time' only for an edited reply: the others are
    dated by 'Completion time'."""
    import openpyxl

    path = exports.ms_forms_xlsx(tmp_path / "staff.xlsx", [VISION], [["Agree"]] * 5)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    for row in range(2, 7):
        sheet.cell(row, 6).value = None  # never edited
    sheet.cell(3, 6).value = dt.datetime(2026, 7, 2, 8, 0)  # edited later
    workbook.save(path)
    measured = read_surveys(engine, [path]).fact("vision.staff_embrace")
    assert measured.provenance is not None
    assert measured.provenance.date == dt.date(2026, 7, 2)
    assert read_surveys(engine, [path]).notices == ()


def test_a_formula_without_a_saved_value_is_no_blank_answer(engine: Engine, tmp_path: Path) -> None:
    """A workbook saved by a tool that does not calculate holds the formula, not its value: the
    answer is not known, and counting it as blank would change the proportion."""
    import openpyxl

    path = exports.ms_forms_xlsx(tmp_path / "staff.xlsx", [VISION], [["Agree"]] * 5)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    sheet.cell(3, 7).value = '=IF(TRUE,"Agree","Disagree")'  # openpyxl saves no value
    sheet.cell(4, 6).value = "=NOW()"  # the reply's last modified time
    sheet.cell(4, 3).value = None  # and no completion time to fall back on
    workbook.save(path)
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path])
    assert str(caught.value) == (
        f"1 problem in {path}:\n"
        '  row 3, column G "I understand what our school\'s vision says IC...": '
        "formula without a saved value: open and save the file in Excel (or LibreOffice) so "
        "that it stores the value"
    )
    sheet.cell(3, 7).value = "Agree"
    workbook.save(path)
    assert [str(notice) for notice in read_surveys(engine, [path]).notices] == [
        f'{path}: row 4, column F "Last modified time": formula without a '
        "saved value: open and save the file in Excel (or LibreOffice) so that it stores the "
        "value: the reply is counted, its date not known"
    ]


def test_replies_sent_after_the_assessment_date_are_not_counted(
    engine: Engine, tmp_path: Path
) -> None:
    """As of 20 June the survey stood as it did then: a later reply is not counted, and a
    person's later change of mind does not yet replace their first reply."""
    path = exports.google_forms_csv(
        tmp_path / "staff.csv",
        [VISION],
        [["Agree"], ["Agree"], ["Disagree"], ["Agree"], ["Agree"], ["Agree"], ["Agree"]],
        emails=[f"s{n}@school.example" for n in (1, 2, 3, 4, 5, 6, 3)],
        start=dt.datetime(2026, 6, 18, 9, 0),
    )
    everything = read_surveys(engine, [path]).fact("vision.staff_embrace").tallies[0]
    assert (everything.replied, everything.agreed) == (6, 6)
    then = read_surveys(engine, [path], as_of=dt.date(2026, 6, 18))
    tally = then.fact("vision.staff_embrace").tallies[0]
    assert (tally.replied, tally.agreed, tally.last_reply) == (5, 4, dt.date(2026, 6, 18))
    assert [str(n) for n in then.notices] == [
        f"{path}: rows 7-8: 2 replies were sent after the assessment date 2026-06-18: not "
        "counted (assess as of a later date to count them)"
    ]


def test_what_the_mapping_names_and_no_export_or_framework_has_is_said(
    engine: Engine, tmp_path: Path
) -> None:
    path = staff_csv(tmp_path, ["Agree"] * 6)
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path], {"groups": {"teachers": {"size": 20}}})
    assert "groups.teachers: becta-srf surveys no group 'teachers'; its groups: " in str(
        caught.value
    )
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path], {"role_column": "Nope"})
    assert "role_column: no export has a column 'Nope'" in str(caught.value)
    result = read_surveys(engine, [path], {"groups": {"staff": {"files": ["nomatch*.csv"]}}})
    assert [str(n) for n in result.notices if "matches none" in n.message] == [
        "the mapping: groups.staff.files[0]: 'nomatch*.csv' matches none of the exports given"
    ]


def test_rows_cut_short_or_too_wide_and_an_export_without_replies_are_said(
    engine: Engine, tmp_path: Path
) -> None:
    path = staff_csv(tmp_path, ["Agree"] * 6)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",stray,cells"
    lines[4] = lines[4].split(",")[0]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    notes = read_surveys(engine, [path]).notes
    assert any("row 3: more cells than the header's" in note for note in notes), notes
    assert any("row 5: fewer cells than the header's" in note for note in notes), notes
    empty = tmp_path / "empty.csv"
    empty.write_text(lines[0] + "\n", encoding="utf-8")
    notes = [str(n) for n in read_surveys(engine, [empty]).notices]
    assert f"{empty}: has a header but no replies: nothing in it is counted" in notes


def test_a_reworded_question_is_a_warning_naming_the_fact_left_unknown(
    engine: Engine, tmp_path: Path
) -> None:
    reworded = VISION.rstrip(".?") + ", mostly"
    path = exports.google_forms_csv(
        tmp_path / "staff.csv", [ESAFETY, reworded], [["Agree", "Agree"]] * 6
    )
    result = read_surveys(engine, [path])
    [notice] = [n for n in result.notices if "close to, but not" in n.message]
    assert notice.kind == "warning"
    assert notice.message.endswith("or vision.staff_embrace stays unknown")


def test_a_respondent_that_is_a_formula_without_a_saved_value_is_not_guessed(
    engine: Engine, tmp_path: Path
) -> None:
    """Two replies whose e-mail is a formula with no saved value: read as the formula's text they
    would be one respondent, the earlier reply dropped without a word. Whose reply it is is not
    known, so it is an error naming the cells."""
    import openpyxl

    path = exports.ms_forms_xlsx(tmp_path / "staff.xlsx", [VISION], [["Agree"]] * 5)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    for row in (3, 4):
        sheet.cell(row, 4).value = '=LOWER("A@SCHOOL.UK")'  # openpyxl saves no value
    workbook.save(path)
    with pytest.raises(SurveyError) as caught:
        read_surveys(engine, [path])
    assert str(caught.value) == (
        f"1 problem in {path}:\n"
        '  rows 3-4, column D "Email": formula without a saved value: open and save the '
        "file in Excel (or LibreOffice) so that it stores the value"
    )


def test_two_forms_with_no_replies_yet_are_not_taken_for_copies(
    engine: Engine, tmp_path: Path
) -> None:
    """Staff and governor forms built from the same questions, with no replies yet, are the
    same bytes: they count nothing twice, so neither is refused as a copy of the other."""
    staff = exports.ms_forms_xlsx(tmp_path / "staff.xlsx", [VISION], [])
    governors = tmp_path / "governors.xlsx"
    governors.write_bytes(staff.read_bytes())
    result = read_surveys(engine, [staff, governors])
    assert result.sources == (str(staff), str(governors))
    assert dict(result.evidence.facts) == {}
