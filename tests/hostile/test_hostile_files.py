"""Unbounded input, numbers at the edges, silent last-wins and undecodable text (issue 13,
kinds 2 to 5 and 9): every reproducer gives exit 1 with the file and the path, or succeeds."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from hostile_support import AS_OF, Case, Runner

from ictrules import Engine, EvidenceError
from ictrules.files import MAX_DEPTH, MAX_DOCUMENT_BYTES, read_document


def test_a_yaml_alias_bomb_is_refused_without_expanding_it(cli: Runner, case: Case) -> None:
    result = cli("assess", case("yaml-billion-laughs.yaml"), *AS_OF)
    assert result.code == 1
    assert "yaml-billion-laughs.yaml" in result.err
    assert "aliases expand the document to more than 1,000,000 values" in result.err
    assert len(result.err) < 1000


def test_a_bad_value_is_shown_as_a_bounded_preview(engine_with_becta: Engine) -> None:
    huge = [list(range(1000)) for _ in range(1000)]
    with pytest.raises(EvidenceError) as excinfo:
        engine_with_becta.load_evidence({"facts": {"strategy.written": huge}})
    assert len(str(excinfo.value)) < 300
    assert "expected true or false, got [[0, 1, 2, 3, ...]" in str(excinfo.value)


@pytest.mark.parametrize("name", ["deep-nesting.json", "deep-nesting.toml", "deep-nesting.yaml"])
def test_deep_nesting_is_an_error_naming_the_file(cli: Runner, case: Case, name: str) -> None:
    result = cli("assess", case(name), *AS_OF)
    assert result.code == 1
    assert f"in {name}:" in result.err
    assert f"nested too deeply (more than {MAX_DEPTH} levels" in result.err


def test_a_deeply_nested_json_inventory_is_an_error(cli: Runner, tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 10_000 + "]" * 10_000)
    result = cli("plan", "deep.json", *AS_OF)
    assert result.code == 1
    assert "deep.json" in result.err
    assert "nested too deeply" in result.err


def test_nesting_within_the_limit_but_deep_is_named_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"facts": {"a.b": ' + "[" * 150 + "]" * 150 + "}}")
    with pytest.raises(EvidenceError) as excinfo:
        read_document(path)
    assert "facts.a.b" + "[0]" * (MAX_DEPTH - 2) in str(excinfo.value)


def test_a_10000_digit_integer_names_its_fact(cli: Runner, case: Case) -> None:
    result = cli("assess", case("bigint-10000-digits.toml"), *AS_OF)
    assert result.code == 1
    assert "bigint-10000-digits.toml" in result.err
    assert "facts.budget.renewal_horizon_years: number too large (10000 digits" in result.err


@pytest.mark.parametrize(
    ("name", "text", "path"),
    [
        ("big.json", '{"school": {"id": "S1"}, "judgements": {"1a1": {"level": %s}}}', "level"),
        ("big.yaml", "school: {id: %s}\n", "school.id"),
        ("big.toml", "[judgements.1a1]\nlevel = %s\n", "judgements.1a1.level"),
    ],
)
def test_a_huge_integer_is_too_large_wherever_it_stands(
    cli: Runner, tmp_path: Path, name: str, text: str, path: str
) -> None:
    (tmp_path / name).write_text(text % ("9" * 5000))
    result = cli("assess", name, *AS_OF)
    assert result.code == 1
    assert path in result.err
    assert "number too large (5000 digits" in result.err


def test_a_proportion_beyond_any_float_is_out_of_range(cli: Runner, case: Case) -> None:
    result = cli("assess", case("proportion-bigint.json"), *AS_OF)
    assert result.code == 1
    assert "facts.vision.staff_embrace: proportion 1000" in result.err
    assert "is out of range" in result.err


def test_a_key_given_twice_in_json_is_an_error_as_in_toml(cli: Runner, case: Case) -> None:
    result = cli("assess", case("duplicate-keys.json"), *AS_OF, "-f", "json")
    assert result.code == 1
    assert result.out == ""
    assert "facts.strategy.written: given twice" in result.err
    assert "school: given twice" in result.err


def test_a_key_given_twice_in_yaml_is_an_error_as_in_toml(cli: Runner, tmp_path: Path) -> None:
    (tmp_path / "twice.yaml").write_text(
        "school: {id: S1}\nfacts:\n  strategy.written: true\n  strategy.written: false\n"
    )
    result = cli("assess", "twice.yaml", *AS_OF)
    assert result.code == 1
    assert "line 4" in result.err
    assert "'strategy.written' given twice" in result.err


def test_yaml_merge_keys_may_still_be_overridden(tmp_path: Path) -> None:
    path = tmp_path / "merge.yaml"
    path.write_text("base: &base {a: 1, b: 2}\nchild:\n  <<: *base\n  b: 3\n")
    assert read_document(path)["child"] == {"a": 1, "b": 3}


def test_a_lone_surrogate_is_invalid_text(cli: Runner, case: Case) -> None:
    for fmt in ("json", "text", "html", "md", "csv"):
        result = cli("assess", case("lone-surrogate.json"), *AS_OF, "-f", fmt)
        assert result.code == 1
        assert "school.name: not valid Unicode text (it holds a lone surrogate)" in result.err


def test_a_failed_report_leaves_the_earlier_one_untouched(
    cli: Runner, case: Case, tmp_path: Path
) -> None:
    (tmp_path / "report.html").write_text("old\n")
    result = cli("assess", case("lone-surrogate.json"), *AS_OF, "-f", "html", "-o", "report.html")
    assert result.code == 1
    assert (tmp_path / "report.html").read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "typical-school.toml"


def test_a_report_never_replaces_its_own_input(cli: Runner, tmp_path: Path) -> None:
    (tmp_path / "school.toml").write_bytes(EXAMPLE.read_bytes())
    for output in ("school.toml", "./school.toml", str(tmp_path / "school.toml")):
        result = cli("assess", "school.toml", *AS_OF, "-f", "json", "-o", output)
        assert result.code == 1
        assert "it is an input of this command (school.toml); choose another output" in result.err
    assert (tmp_path / "school.toml").read_bytes() == EXAMPLE.read_bytes()


def test_an_output_through_a_link_replaces_the_file_and_keeps_the_link(
    cli: Runner, tmp_path: Path
) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "latest.txt").write_text("old\n")
    (tmp_path / "latest.txt").symlink_to(tmp_path / "reports" / "latest.txt")
    assert cli("assess", str(EXAMPLE), *AS_OF, "-o", "latest.txt").code == 0
    assert (tmp_path / "latest.txt").is_symlink()
    assert "Meadowbank Primary School" in (tmp_path / "reports" / "latest.txt").read_text()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_an_output_to_a_named_pipe_is_written_into_it(cli: Runner, tmp_path: Path) -> None:
    import threading

    os.mkfifo(tmp_path / "out.pipe")
    received: list[bytes] = []
    reader = threading.Thread(
        target=lambda: received.append((tmp_path / "out.pipe").read_bytes()), daemon=True
    )
    reader.start()
    assert cli("assess", str(EXAMPLE), *AS_OF, "-o", "out.pipe").code == 0
    reader.join(timeout=30)
    assert b"Meadowbank Primary School" in received[0]
    assert not (tmp_path / "out.pipe").is_file()  # still a pipe, not replaced by a file


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_at_once(cli: Runner, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "returns-pipe.toml")
    result = cli("assess", "returns-pipe.toml", *AS_OF)
    assert result.code == 1
    assert "returns-pipe.toml" in result.err
    assert "not a regular file (a named pipe (FIFO))" in result.err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("name", ["zero.json", "zero.csv", "zero.xlsx", "zero.toml"])
def test_a_link_to_a_device_is_refused(cli: Runner, tmp_path: Path, name: str) -> None:
    (tmp_path / name).symlink_to("/dev/zero")
    command = "assess" if name in ("zero.json", "zero.toml") else "plan"
    result = cli(command, name, *AS_OF)
    assert result.code == 1
    assert name in result.err
    assert "not a regular file (a device)" in result.err


def test_a_file_over_the_size_limit_is_refused(cli: Runner, tmp_path: Path) -> None:
    with (tmp_path / "big.json").open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    result = cli("assess", "big.json", *AS_OF)
    assert result.code == 1
    assert "big.json" in result.err
    assert "over the limit of 16.0 MB" in result.err


def test_a_folder_given_as_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(EvidenceError, match="not a regular file"):
        read_document(tmp_path / "folder.json")


def test_a_latin1_file_gets_the_line_and_what_to_do(cli: Runner, tmp_path: Path) -> None:
    (tmp_path / "latin.toml").write_bytes(b'[school]\nid = "S1"\nname = "\xc9cole"\n')
    result = cli("assess", "latin.toml", *AS_OF)
    assert result.code == 1
    assert "line 3, column 9: the file is not UTF-8 text: byte 0xc9" in result.err
    assert "'É'" in result.err
    assert "save the file as UTF-8" in result.err
    assert "position" not in result.err


def test_nan_for_a_number_fact_is_refused(cli: Runner, case: Case) -> None:
    plugin = case("number-nan-plugin.py")
    result = cli(
        "assess",
        case("number-nan.json"),
        "--plugin",
        plugin,
        "--disable-plugin",
        "all",
        "--framework",
        "atk",
        *AS_OF,
        "-f",
        "json",
    )
    assert result.code == 1
    assert "facts.t.num: expected a finite number, got nan" in result.err


def test_a_review_date_after_as_of_is_an_evidence_problem(cli: Runner, case: Case) -> None:
    result = cli("assess", case("future-review-date.toml"), *AS_OF)
    assert result.code == 1
    assert "facts.vision.last_reviewed: 9999-12-31 is after the assessment date" in result.err


def test_the_future_date_case_as_given_reports_both_its_problems_at_once(
    cli: Runner, case: Case
) -> None:
    """As given, the case also names a fact the framework no longer declares: both problems
    come in one run, not the future date only after the unknown fact is fixed."""
    result = cli("assess", case("future-review-date-as-given.toml"), *AS_OF)
    assert result.code == 1
    assert "2 problems" in result.err
    assert "facts.vision.review_inputs: unknown fact id" in result.err
    assert "facts.vision.last_reviewed: 9999-12-31 is after the assessment date" in result.err


def test_evidence_dated_after_the_assessment_is_an_evidence_problem(
    cli: Runner, tmp_path: Path
) -> None:
    """A survey dated after as_of is evidence from the future, as a fact's own date is."""
    (tmp_path / "school.toml").write_text(
        '[facts.vision]\nstaff_embrace = { value = 0.6, source = "survey", date = 2027-01-01 }\n',
        encoding="utf-8",
    )
    result = cli("assess", "school.toml", *AS_OF)
    assert result.code == 1
    assert (
        "facts.vision.staff_embrace.date: the evidence is dated 2027-01-01, after the "
        "assessment date" in result.err
    )
    assert cli("assess", "school.toml", "--as-of", "2027-01-01").code == 0


def test_limits_hold_for_a_mapping_given_in_python(engine_with_becta: Engine) -> None:
    with pytest.raises(EvidenceError, match="school.name: not valid Unicode"):
        engine_with_becta.load_evidence({"school": {"id": "S1", "name": "\ud800"}})
    with pytest.raises(EvidenceError, match="number too large"):
        engine_with_becta.load_evidence({"school": {"id": 10**2000}})


def test_same_errors_with_many_jobs(cli: Runner, case: Case, tmp_path: Path) -> None:
    names = ["bigint-10000-digits.toml", "deep-nesting.json", "duplicate-keys.json"]
    for name in names:
        case(name)
    (tmp_path / "ok.json").write_text(json.dumps({"school": {"id": "S1"}, "facts": {}}))
    result = cli("assess", *names, "ok.json", *AS_OF, "--jobs", "2", "-f", "csv")
    assert result.code == 1
    assert "number too large" in result.err
    assert "nested too deeply" in result.err
    assert "given twice" in result.err
    assert "Traceback" not in result.err
    assert sys.getrecursionlimit() >= 1000


def test_utf16_evidence_with_its_byte_order_mark_reads_as_the_utf8_file(
    cli: Runner, tmp_path: Path
) -> None:
    """Windows editors save "Unicode" as UTF-16 with a byte-order mark: read as inventories are."""
    text = EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "utf16.toml").write_text(text, encoding="utf-16")
    (tmp_path / "utf8.toml").write_text(text, encoding="utf-8")
    first, second = cli("assess", "utf16.toml", *AS_OF), cli("assess", "utf8.toml", *AS_OF)
    assert first.code == second.code == 0
    assert first.out == second.out


def test_a_flood_of_unknown_fact_ids_is_refused_with_suggestions_only_for_those_listed(
    engine_with_becta: Engine,
) -> None:
    """600,000 unknown keys took over a minute: a "did you mean" was worked out for each,
    though the message lists 100. Suggestions are now worked out for the problems listed."""
    near = {f"strategy.writtn{n}": True for n in range(5000)}  # each close to strategy.written
    with pytest.raises(EvidenceError) as excinfo:
        engine_with_becta.load_evidence({"facts": near})
    problems = excinfo.value.problems
    assert len(problems) == 5000  # every one is kept: only suggestions stop at the listed
    assert all(p.suggestion == "did you mean 'strategy.written'?" for p in problems[:100])
    assert all(p.suggestion is None for p in problems[100:])
    assert str(excinfo.value).endswith("... and 4900 more")
