"""Reading evidence: every problem is reported with its path and a plain message."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ictrules import Engine, EvidenceError, FactSpec, FactType, OwnJudgement, Provenance, School


def problems_of(excinfo: pytest.ExceptionInfo[EvidenceError]) -> list[str]:
    return [str(problem) for problem in excinfo.value.problems]


def test_nested_tables_and_dotted_keys_mean_the_same_fact(engine: Engine) -> None:
    nested = engine.load_evidence({"facts": {"vision": {"mentions_ict": True}}})
    dotted = engine.load_evidence({"facts": {"vision.mentions_ict": True}})
    assert nested == dotted
    assert nested.facts == {"vision.mentions_ict": True}


def test_every_problem_in_a_document_is_reported_together(engine: Engine) -> None:
    with pytest.raises(EvidenceError) as excinfo:
        engine.load_evidence(
            {
                "facts": {
                    "vision": {"mentions_ict": "yes", "clarty": "clear", "clarity": "crisp"},
                    "staff.embrace": 1.4,
                    "review.last": "last week",
                    "vision.shared_with": ["staff", "goverors"],
                },
                "judgment": {},
            }
        )
    assert problems_of(excinfo) == [
        "judgment: unknown section; expected school, facts or judgements "
        "(did you mean 'judgements'?)",
        "facts.vision.mentions_ict: expected true or false, got 'yes'",
        "facts.vision.clarty: unknown fact id (did you mean 'vision.clarity'?)",
        "facts.vision.clarity: unknown choice 'crisp'; allowed: absent, unclear, clear, distinctive",
        "facts.staff.embrace: proportion 1.4 is out of range: it must lie from 0 to 1 (0% to 100%)",
        "facts.review.last: expected a date as YYYY-MM-DD, got 'last week'",
        "facts.vision.shared_with: unknown choice 'goverors'; allowed: staff, governors, pupils, "
        "parents (did you mean 'governors'?)",
    ]
    assert str(excinfo.value).startswith("7 problems:")


def test_a_misspelt_choice_gets_a_suggestion(engine: Engine) -> None:
    # House rule: a suggestion where one exists; the allowed list alone made the school hunt.
    with pytest.raises(EvidenceError) as excinfo:
        engine.load_evidence({"facts": {"vision.clarity": "claer"}})
    assert problems_of(excinfo) == [
        "facts.vision.clarity: unknown choice 'claer'; allowed: absent, unclear, clear, "
        "distinctive (did you mean 'clear'?)"
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0.5, 0.5),
        ("60%", 0.6),
        ("most", "most"),
        (1, 1.0),
        ("0%", 0.0),
        ("Almost all", "almost_all"),
        ("MANY", "many"),
    ],
)
def test_proportions_take_numbers_percentages_and_band_names(
    engine: Engine, raw: object, expected: object
) -> None:
    evidence = engine.load_evidence({"facts": {"staff.embrace": raw}})
    assert evidence.facts["staff.embrace"] == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "lots",
            "expected a proportion from 0 to 1, a percentage or a band name "
            "(none, few, some, many, most, almost_all, all), got 'lots'",
        ),
        ("120%", "proportion '120%' is out of range: it must lie from 0 to 1 (0% to 100%)"),
        (-0.1, "proportion -0.1 is out of range: it must lie from 0 to 1 (0% to 100%)"),
        (
            60,
            "proportion 60 is out of range: it must lie from 0 to 1 (0% to 100%); for a "
            "percentage write '60%'",
        ),
        (True, "expected a proportion from 0 to 1, got true"),
    ],
)
def test_bad_proportions_are_explained(engine: Engine, raw: object, message: str) -> None:
    with pytest.raises(EvidenceError) as excinfo:
        engine.load_evidence({"facts": {"staff.embrace": raw}})
    assert problems_of(excinfo) == [f"facts.staff.embrace: {message}"]


def test_integers_refuse_booleans_and_fractions(engine: Engine) -> None:
    with pytest.raises(EvidenceError) as excinfo:
        engine.load_evidence({"facts": {"review.per_year": 1.5, "budget.share": True}})
    assert problems_of(excinfo) == [
        "facts.review.per_year: expected a whole number, got 1.5",
        "facts.budget.share: expected a number, got true",
    ]


@pytest.mark.parametrize(
    ("school_id", "problem"),
    [
        (
            "URN 100234 ",
            "school.id: 'URN 100234 ' has spaces at its start or end, and ids are compared "
            "exactly (a school's history is kept under its id) (write 'URN 100234')",
        ),
        (
            "\tW1",
            "school.id: '\\tW1' has spaces at its start or end, and ids are compared "
            "exactly (a school's history is kept under its id) (write 'W1')",
        ),
        ("", "school.id: empty: give the school's id, such as its URN"),
        ("   ", "school.id: empty: give the school's id, such as its URN"),
        (True, "school.id: expected text or a whole number, got true"),
        (1.5, "school.id: expected text or a whole number, got 1.5"),
        (
            dt.date(2026, 9, 1),
            "school.id: expected text or a whole number, got the date 2026-09-01 (quote it to "
            "make it text)",
        ),
        (
            "URN\n100234",
            "school.id: 'URN\\n100234' holds a line break or another control character (write "
            "the id on one line, as the school's records give it)",
        ),
    ],
)
def test_a_school_id_that_would_split_its_history_is_refused(
    engine: Engine, school_id: object, problem: str
) -> None:
    """A stray space (pasted from a spreadsheet) would make another school in the store, and
    true would be read as the id 'True': each is said, with the id meant."""
    with pytest.raises(EvidenceError) as excinfo:
        engine.load_evidence({"school": {"id": school_id}})
    assert problems_of(excinfo) == [problem]
    assert engine.load_evidence({"school": {"id": 100234}}).school == School("100234")


def test_a_fact_given_twice_is_reported(engine: Engine) -> None:
    with pytest.raises(EvidenceError) as excinfo:
        engine.load_evidence(
            {"facts": {"vision.mentions_ict": True, "vision": {"mentions_ict": False}}}
        )
    assert problems_of(excinfo) == [
        "facts.vision.mentions_ict: given twice (as a dotted key and in a table)"
    ]


def test_values_carry_provenance(engine: Engine) -> None:
    evidence = engine.load_evidence(
        {
            "school": {"id": "100001", "name": "Hillside Primary"},
            "facts": {
                "staff.embrace": {
                    "value": 0.62,
                    "source": "survey",
                    "date": "2026-06-30",
                    "note": "n=41",
                },
                "vision.mentions_ict": True,
            },
        }
    )
    assert evidence.school == School("100001", "Hillside Primary")
    assert evidence.facts == {"staff.embrace": 0.62, "vision.mentions_ict": True}
    assert evidence.provenance == {
        "staff.embrace": Provenance("survey", dt.date(2026, 6, 30), "n=41")
    }


def test_bad_provenance_is_reported_with_a_suggestion(engine: Engine) -> None:
    with pytest.raises(EvidenceError) as excinfo:
        engine.load_evidence(
            {"facts": {"staff.embrace": {"value": 0.5, "source": "servey", "dat": "2026-01-01"}}}
        )
    assert problems_of(excinfo) == [
        "facts.staff.embrace.dat: unknown key; expected value (or bounds such as at_least, or includes for a set), source, date or note "
        "(did you mean 'date'?)",
        "facts.staff.embrace.source: unknown source 'servey'; allowed: survey, document, "
        "observation, interview, inventory, data, derived (did you mean 'survey'?)",
    ]


def test_an_absent_or_null_fact_is_unknown_never_defaulted(engine: Engine) -> None:
    evidence = engine.load_evidence({"facts": {"vision.mentions_ict": None}})
    assert evidence.facts == {}


def test_judgements_are_checked(engine: Engine) -> None:
    with pytest.raises(EvidenceError) as excinfo:
        engine.load_evidence({"judgements": {"v1": {"level": "three"}, "b1": 3}})
    assert problems_of(excinfo) == [
        "judgements.v1.level: expected a whole-number level, got 'three'",
        "judgements.b1: expected a table with 'level' and 'rationale'",
    ]
    good = engine.load_evidence({"judgements": {"v1": {"level": 2, "rationale": "We think so"}}})
    assert good.judgements == {"v1": OwnJudgement(2, "We think so")}


def test_judgements_on_unknown_strands_or_levels_fail_the_assessment(engine: Engine) -> None:
    evidence = engine.load_evidence({"judgements": {"v11": {"level": 2}, "b1": {"level": 7}}})
    with pytest.raises(EvidenceError) as excinfo:
        engine.assess(evidence, "demo", as_of=dt.date(2026, 9, 1))
    assert problems_of(excinfo) == [
        "judgements.v11: demo has no strand 'v11' (did you mean 'v1'?)",
        "judgements.b1.level: level 7 is not on the scale [4, 3, 2, 1]",
    ]


def test_files_in_every_format_give_the_same_evidence(engine: Engine, tmp_path: Path) -> None:
    toml = tmp_path / "school.toml"
    toml.write_text(
        '[school]\nid = "1"\n[facts]\nvision.mentions_ict = true\n'
        "[facts.review]\nlast = 2025-03-01\n",
        encoding="utf-8",
    )
    as_json = tmp_path / "school.json"
    as_json.write_text(
        json.dumps(
            {
                "school": {"id": "1"},
                "facts": {"vision": {"mentions_ict": True}, "review.last": "2025-03-01"},
            }
        ),
        encoding="utf-8",
    )
    yaml = tmp_path / "school.yaml"
    yaml.write_text(
        "school: {id: '1'}\nfacts:\n  vision.mentions_ict: true\n  review:\n    last: 2025-03-01\n",
        encoding="utf-8",
    )
    loaded = [engine.load_evidence(path) for path in (toml, as_json, yaml)]
    assert loaded[0] == loaded[1] == loaded[2]
    assert loaded[0].facts["review.last"] == dt.date(2025, 3, 1)


@pytest.mark.parametrize("name", ["school.toml", "school.json", "school.yaml"])
def test_a_byte_order_mark_from_a_windows_editor_is_accepted(
    engine: Engine, tmp_path: Path, name: str
) -> None:
    # Notepad's "UTF-8 with BOM" once gave "line 1, column 1: malformed TOML: Invalid statement".
    text = {
        "school.toml": "[facts]\nvision.mentions_ict = true\n",
        "school.json": '{"facts": {"vision.mentions_ict": true}}',
        "school.yaml": "facts:\n  vision.mentions_ict: true\n",
    }[name]
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert engine.load_evidence(path).facts == {"vision.mentions_ict": True}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "bad.json",
            '{"facts": {\n  "vision.mentions_ict": tru\n}}',
            "line 2, column 26: malformed JSON: Expecting value",
        ),
        (
            "bad.toml",
            "[facts]\nvision.mentions_ict = tru\n",
            "line 2, column 23: malformed TOML: Invalid value",
        ),
        (
            "bad.yaml",
            "facts:\n  a: [1, 2\n",
            "line 3, column 1: malformed YAML: expected ',' or ']', but got '<stream end>'",
        ),
    ],
)
def test_malformed_files_name_the_line_and_column(
    engine: Engine, tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvidenceError) as excinfo:
        engine.load_evidence(path)
    assert problems_of(excinfo) == [expected]
    assert excinfo.value.source == str(path)
    assert str(path) in str(excinfo.value)


def test_missing_and_unsupported_files_are_named(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(EvidenceError) as missing:
        engine.load_evidence(tmp_path / "absent.toml")
    assert str(missing.value) == f"1 problem in {tmp_path / 'absent.toml'}:\n  file not found"
    other = tmp_path / "school.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(EvidenceError) as unsupported:
        engine.load_evidence(other)
    assert problems_of(unsupported) == [
        "unsupported file type '.txt'; use .json, .toml, .yaml, .yml"
    ]


def test_evidence_round_trips_through_its_mapping(engine: Engine) -> None:
    evidence = engine.load_evidence(
        {
            "school": {"id": "9", "name": "Nine"},
            "facts": {
                "vision.shared_with": ["parents", "staff"],
                "review.last": {"value": "2024-02-29", "source": "document"},
                "staff.embrace": "most",
            },
            "judgements": {"v1": {"level": 1, "rationale": "Ambitious"}},
        }
    )
    assert evidence.facts["vision.shared_with"] == ("staff", "parents")
    again = engine.load_evidence(json.loads(json.dumps(evidence.to_mapping())))
    assert again == evidence


def test_naming_the_framework_reports_judgement_problems_with_fact_problems(
    engine: Engine,
) -> None:
    document = {
        "facts": {"vision.clarity": 3},
        "judgements": {"v11": {"level": 2}, "b1": {"level": 7}},
    }
    with pytest.raises(EvidenceError) as excinfo:
        engine.load_evidence(document, "demo")
    assert problems_of(excinfo) == [
        "facts.vision.clarity: unknown choice 3; allowed: absent, unclear, clear, distinctive",
        "judgements.v11: demo has no strand 'v11' (did you mean 'v1'?)",
        "judgements.b1.level: level 7 is not on the scale [4, 3, 2, 1]",
    ]


def test_one_evidence_file_carries_judgements_for_several_frameworks(engine: Engine) -> None:
    document = {
        "facts": {"vision.mentions_ict": True},
        "judgements": {
            "demo": {"v1": {"level": 3, "rationale": "Mentioned."}},
            "becta-srf": {"1a1": {"level": 2, "rationale": "Another framework's."}},
        },
    }
    evidence = engine.load_evidence(document, "demo")
    assessment = engine.assess(evidence, "demo", as_of=dt.date(2026, 9, 1))
    judgement = assessment.strand("v1").judgement
    assert judgement is not None
    assert (judgement.level, judgement.rationale) == (3, "Mentioned.")
    assert engine.load_evidence(evidence.to_mapping()).framework_judgements == (
        evidence.framework_judgements
    )
    with pytest.raises(EvidenceError) as caught:
        engine.load_evidence({"judgements": {"demo": {"v9": {"level": 3}}}}, "demo")
    assert [str(p) for p in caught.value.problems] == [
        "judgements.demo.v9: demo has no strand 'v9'"
    ]


def test_a_suggestion_for_a_name_in_the_wrong_case_is_that_name() -> None:
    from ictrules.errors import closest

    strands = ["1a1", "1a2", "1b1", "1c1"]
    assert closest("1A1", strands) == "did you mean '1a1'?"
    assert closest("1C1", strands) == "did you mean '1c1'?"
    assert closest("Vision.Last_Reviewed", ["vision.last_reviewed"]) == (
        "did you mean 'vision.last_reviewed'?"
    )


@pytest.mark.parametrize("source", [None, 5, ["facts"]])
def test_evidence_that_is_neither_a_path_nor_a_mapping_is_said(
    engine: Engine, source: object
) -> None:
    with pytest.raises(EvidenceError) as excinfo:
        engine.load_evidence(source)  # type: ignore[arg-type]
    assert problems_of(excinfo) == [
        f"expected a file's path or a mapping, got {type(source).__name__}"
    ]


def test_a_whole_number_too_long_to_write_is_no_value() -> None:
    """A derivation returned 10**5000: checked, it passed, and writing the assessment's JSON
    failed with a bare ValueError naming no plugin."""
    from ictrules.facts import check_value

    spec = FactSpec("k.n", FactType.INTEGER, "n", "How many?")
    value, message = check_value(spec, 10**5000)
    assert value is None
    assert message == "a whole number of more than 1,000 digits: <a number of about 5000 digits>"
    assert check_value(spec, 10**999) == (10**999, None)


def test_an_unquoted_yaml_date_that_is_no_date_is_a_problem_of_its_fact(tmp_path: Path) -> None:
    """PyYAML reads an unquoted date itself: 2022-02-30 failed the whole file's parse."""
    path = tmp_path / "school.yaml"
    path.write_text("facts:\n  vision:\n    last_reviewed: 2022-02-30\n", encoding="utf-8")
    engine = Engine.from_installed()
    with pytest.raises(EvidenceError) as caught:
        engine.load_evidence(path)
    assert [str(problem) for problem in caught.value.problems] == [
        "facts.vision.last_reviewed: expected a date as YYYY-MM-DD, got '2022-02-30' (no such "
        "day on the calendar)"
    ]
