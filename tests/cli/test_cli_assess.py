"""``ictrules assess``: one school in full in every format, and many schools as a summary."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_support import Runner

from ictrules import Assessment
from ictrules._convert import dumps
from ictrules.progress import Progress
from ictrules.reports.markdown import md_escape

AS_OF = ("--as-of", "2026-09-01")


def test_text_report_for_one_school(cli: Runner, evidence: Path) -> None:
    result = cli("assess", str(evidence), *AS_OF)
    assert result.code == 0
    assert result.err == ""
    assert result.out.splitlines()[:2] == [
        "Sample self-review (version 1.0)",
        "School: Hillside <Primary> & Nursery    As of: 2026-09-01",
    ]
    # the action plan in the HTML report's order (issue 15): weakest strand first, no jargon
    assert "Action plan (weakest strand first):\n1. a2 Reviewing the vision: from " in result.out
    assert "   - Review the strategy every year [not met; ref a2-1]" in result.out


def test_json_is_the_core_assessment(cli: Runner, evidence: Path) -> None:
    result = cli("assess", str(evidence), *AS_OF, "--format", "json")
    assert result.code == 0
    assessment = Assessment.from_json(result.out)
    assert assessment.to_json() == result.out
    assert [(s.code, s.level) for s in assessment.strands] == [("a1", 1), ("a2", 2), ("b1", 2)]


def test_as_of_defaults_to_today(cli: Runner, evidence: Path) -> None:
    import datetime as dt

    before = dt.date.today()
    data = json.loads(cli("assess", str(evidence), "--format", "json").out)
    assert before <= dt.date.fromisoformat(data["as_of"]) <= dt.date.today()


def test_csv_for_one_school_has_a_row_per_strand(cli: Runner, evidence: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("assess", str(evidence), *AS_OF, "-f", "csv").out)))
    assert [(r["strand"], r["level"], r["own_judgement"]) for r in rows] == [
        ("a1", "1", "3"),
        ("a2", "2", ""),
        ("b1", "2", "1"),
    ]
    assert rows[0]["school_name"] == "Hillside <Primary> & Nursery"


def test_markdown_has_every_strand_and_escapes_text(cli: Runner, evidence: Path) -> None:
    out = cli("assess", str(evidence), *AS_OF, "-f", "md").out
    assert out.startswith("# Hillside \\<Primary\\> & Nursery (URN 100001)\n")
    for heading in ("### a1 The vision", "### a2 Reviewing the vision", "### b1 Budgeting for ICT"):
        assert heading in out
    assert "> **Disagreement:** own judgement (level 1) is better than the evidence" in out
    assert "**1. a2 Reviewing the vision: from 2 towards 1**" in out  # the action plan
    assert "| Review the strategy every year | not met |  |  |  | `a2-1` |" in out
    assert (
        "\n3 strands: 1 at level 1, 2 at level 2. 2 own judgements disagree with the evidence.\n"
        in out
    )


def test_output_file_gets_the_report_and_stdout_stays_empty(
    cli: Runner, evidence: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    result = cli("assess", str(evidence), *AS_OF, "-f", "html", "-o", str(target))
    assert (result.code, result.out, result.err) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json", "csv"])
def test_same_input_gives_the_same_bytes(cli: Runner, evidence: Path, fmt: str) -> None:
    first = cli("assess", str(evidence), *AS_OF, "-f", fmt).out
    second = cli("assess", str(evidence), *AS_OF, "-f", fmt).out
    assert first == second
    assert first


def test_unknown_facts_are_listed_as_evidence_to_collect(cli: Runner, tmp_path: Path) -> None:
    partial = tmp_path / "partial.toml"
    partial.write_text("[facts]\nvision.mentions_ict = true\n", encoding="utf-8")
    out = cli("assess", str(partial), *AS_OF, "-f", "md").out
    assert "**At least level 3, could be level 1** (provisional)" in out
    assert (
        "3 strands: 1 at level 3, 2 at level 4. 3 provisional (unknown facts leave them open). "
        "8 facts still to collect."
    ) in out
    assert "- `vision.clarity`: How clearly does the vision say what ICT is for?" in out


def test_a_folder_gives_a_summary_of_every_school(cli: Runner, returns: Path) -> None:
    result = cli("assess", str(returns), *AS_OF)
    assert result.code == 0
    assert result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == "Sample self-review (version 1.0): 3 schools, as of 2026-09-01"
    assert lines[2:7] == [
        "School                         a1   a2   b1",
        "-------------------------------------------",
        "Hillside <Primary> & Nursery   1!    2   2!",
        "Brook Infants                  3?    3   4?",
        "Meadow Academy                 4?   4?   4?",
    ]


def test_summary_csv_has_a_row_per_school_and_a_column_per_strand(
    cli: Runner, returns: Path
) -> None:
    rows = list(csv.reader(io.StringIO(cli("assess", str(returns), *AS_OF, "-f", "csv").out)))
    assert rows[0][:7] == ["school_id", "school_name", "framework", "as_of", "a1", "a2", "b1"]
    assert [row[:2] + row[4:7] for row in rows[1:]] == [
        ["URN 100001", "Hillside <Primary> & Nursery", "1", "2", "2"],
        ["URN 100002", "Brook Infants", "3", "3", "4"],
        ["URN 100003", "Meadow Academy", "4", "4", "4"],
    ]


def test_schools_without_a_school_table_are_named_by_their_file(cli: Runner, returns: Path) -> None:
    # Two returns without [school] were both "(unnamed school)" with blank CSV ids: an officer
    # could not tell which file was which.
    (returns / "04-no-name.toml").write_text("[facts]\n", encoding="utf-8")
    (returns / "05-blank.json").write_text('{"facts": {}}', encoding="utf-8")
    no_name, blank = str(returns / "04-no-name.toml"), str(returns / "05-blank.json")
    text = cli("assess", str(returns), *AS_OF).out
    assert "\n~" + f"{no_name[-38:]})   4?   4?   4?\n" in text
    markdown = cli("assess", str(returns), *AS_OF, "-f", "md").out
    assert f"| (unnamed school: {md_escape(no_name)}) | 4? | 4? | 4? |" in markdown
    assert f"| (unnamed school: {md_escape(blank)}) |" in markdown
    html = cli("assess", str(returns), *AS_OF, "-f", "html").out
    assert f'<td class="school">(unnamed school: {blank})</td>' in html
    rows = list(csv.reader(io.StringIO(cli("assess", str(returns), *AS_OF, "-f", "csv").out)))
    assert rows[0][-2:] == ["source", "error"]
    assert [(row[0], row[-2]) for row in rows[1:]] == [
        ("URN 100001", str(returns / "01-hillside.json")),
        ("URN 100002", str(returns / "02-brook.toml")),
        ("URN 100003", str(returns / "03-meadow.yaml")),
        ("", no_name),
        ("", blank),
    ]


def test_summary_json_is_a_list_of_assessments(cli: Runner, returns: Path) -> None:
    data = json.loads(cli("assess", str(returns), *AS_OF, "-f", "json").out)
    assert [Assessment.from_dict(item).school.id for item in data] == [  # type: ignore[union-attr]
        "URN 100001",
        "URN 100002",
        "URN 100003",
    ]


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_jobs_give_the_same_bytes_in_the_same_order(cli: Runner, returns: Path, fmt: str) -> None:
    files = sorted(str(p) for p in returns.glob("0*"))
    argv = ("assess", *reversed(files), *AS_OF, "-f", fmt)
    serial = cli(*argv)
    parallel = cli(*argv, "--jobs", "2")
    assert parallel.code == serial.code == 0
    assert parallel.out == serial.out
    if fmt != "json":
        return
    assert [item["school"]["id"] for item in json.loads(parallel.out)] == [
        "URN 100003",
        "URN 100002",
        "URN 100001",
    ]


def test_a_bad_file_among_many_is_reported_and_the_rest_assessed(
    cli: Runner, returns: Path
) -> None:
    bad = returns / "04-broken.json"
    bad.write_text('{"facts": {"vision.clarity": "blurry"}}', encoding="utf-8")
    result = cli("assess", str(returns), *AS_OF, "-f", "csv")
    assert result.code == 1
    rows = list(csv.DictReader(io.StringIO(result.out)))
    # the three good schools, then the file that failed: in the CSV, not only on the terminal
    assert [row["error"] for row in rows[:3]] == ["", "", ""]
    assert rows[3]["source"] == str(bad)
    assert rows[3]["error"] == (
        "1 problem: facts.vision.clarity: unknown choice 'blurry'; allowed: absent, vague, "
        "clear, compelling"
    )
    assert result.err == (
        f"ictrules: error: 1 problem in {bad}:\n"
        "  facts.vision.clarity: unknown choice 'blurry'; allowed: absent, vague, clear, "
        "compelling\n"
        "ictrules: 1 of 4 evidence files could not be assessed; the report covers the rest\n"
    )


def test_a_plugin_failing_on_one_school_of_many_names_the_file(
    cli: Runner, returns: Path, tmp_path: Path
) -> None:
    # The plugin's message alone ("plugin 'failing' failed ...") left the officer guessing
    # which return had set it off.
    plugin = tmp_path / "failing.py"
    plugin.write_text(
        "from ictrules import Derivation, hookimpl\n\n\n"
        "def _fail(ctx):\n    raise ZeroDivisionError('no staff count')\n\n\n"
        "@hookimpl\ndef ictrules_derivations(facts):\n"
        "    return [Derivation('budget.ict_share', _fail, ())]\n",
        encoding="utf-8",
    )
    result = cli("assess", str(returns), *AS_OF, "-f", "csv", "--plugin", str(plugin))
    assert result.code == 3  # a plugin's bug, as the exit statuses promise
    failing = "plugin 'failing' failed in derivation of budget.ict_share"
    assert result.err == (
        f"ictrules: error: {failing} (assessing {returns / '02-brook.toml'}): "
        "ZeroDivisionError: no staff count\n"
        f"ictrules: error: {failing} (assessing {returns / '03-meadow.yaml'}): "
        "ZeroDivisionError: no staff count\n"
        "ictrules: 2 of 3 evidence files could not be assessed; the report covers the rest\n"
    )
    one = cli("assess", str(returns / "02-brook.toml"), *AS_OF, "--plugin", str(plugin))
    assert one.code == 3
    assert one.err.startswith(
        f"ictrules: error: {failing} (assessing {returns / '02-brook.toml'}): ZeroDivisionError"
    )
    assert "This is a bug in plugin 'failing'" in one.err


def test_an_empty_folder_is_invalid_input(cli: Runner, tmp_path: Path) -> None:
    result = cli("assess", str(tmp_path), *AS_OF)
    assert result.code == 1
    assert result.err == (
        f"ictrules: error: folder {tmp_path} holds no evidence files (.json, .toml, .yaml, .yml)\n"
    )


@pytest.mark.usefixtures("with_refresh")
def test_inventory_with_several_schools_is_a_usage_error(cli: Runner, returns: Path) -> None:
    result = cli("assess", str(returns), "--inventory", "assets.csv", *AS_OF)
    assert result.code == 2
    assert "--inventory goes with one school's full report, not a summary" in result.err
    single = cli("assess", str(returns / "02-brook.toml"), "--summary", "--inventory", "a.csv")
    assert single.code == 2
    assert "--inventory goes with one school's full report, not a summary" in single.err


def test_summary_flag_gives_the_table_for_one_school(cli: Runner, evidence: Path) -> None:
    out = cli("assess", str(evidence), *AS_OF, "--summary").out
    assert "Hillside <Primary> & Nursery   1!    2   2!" in out


def test_progress_is_drawn_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen, pipe = Terminal(), io.StringIO()
    assert list(Progress(2, "assessing", screen).track(iter("ab"))) == ["a", "b"]  # type: ignore[arg-type]
    assert list(Progress(2, "assessing", pipe).track(iter("ab"))) == ["a", "b"]  # type: ignore[arg-type]
    assert "\rassessing [###############...............] 1/2 (50%)" in screen.getvalue()
    assert screen.getvalue().endswith("\r\x1b[2K")
    assert pipe.getvalue() == ""


def test_no_progress_on_stderr_when_it_is_not_a_terminal(cli: Runner, returns: Path) -> None:
    assert cli("assess", str(returns), *AS_OF).err == ""


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("text", "No schools assessed.\n"), ("json", "[]\n"), ("md", "No schools assessed.\n")],
)
def test_when_every_file_fails_the_summary_says_so(
    cli: Runner, tmp_path: Path, fmt: str, expected: str
) -> None:
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text("{", encoding="utf-8")
    result = cli("assess", str(tmp_path), *AS_OF, "-f", fmt)
    assert result.code == 1
    assert result.out.startswith(expected)
    assert result.err.count("malformed JSON") == 2
    if fmt != "json":  # the report lists the files that failed, not only the terminal (issue 15)
        assert result.out.count("malformed JSON") == 2


def test_missing_evidence_names_the_plugin_that_can_derive_it(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "budget.toml"
    path.write_text('[facts]\nbudget.ict_share = 1.0\nbudget.notes = "x"\n', encoding="utf-8")
    out = cli("assess", str(path), *AS_OF, "-f", "md").out
    assert (
        "- `budget.renewal_planned`: Does the budget plan the renewal of equipment \\<by year\\>? "
        "(or let the cli\\_sample\\_plugin plugin derive it from the data it reads)"
    ) in out


def test_a_bug_on_one_school_of_many_still_writes_the_others(
    cli: Runner, returns: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One file that set off a bug (an exception that is not an ictrules error) used to end the
    # whole run with exit 3 and no summary: every good school's result was lost.
    from ictrules.engine import Engine

    load = Engine.load_evidence

    def load_or_fail(
        self: Engine, source: object, framework: str | None = None, **options: object
    ) -> object:
        if str(source).endswith("02-brook.toml"):
            raise TypeError("unexpected")
        return load(self, source, framework, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Engine, "load_evidence", load_or_fail)
    out = tmp_path / "summary.csv"
    result = cli("assess", str(returns), *AS_OF, "-f", "csv", "-o", str(out))
    assert result.code == 3  # a bug, as the exit statuses promise
    brook = returns / "02-brook.toml"
    assert f"ictrules: error: {brook}: internal error: TypeError: unexpected" in result.err
    assert "1 of 3 evidence files could not be assessed" in result.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [bool(row["error"]) for row in rows] == [False, False, True]  # failures come last
    assert "internal error: TypeError" in rows[2]["error"]


def test_a_path_that_is_not_there_is_not_found(cli: Runner, tmp_path: Path) -> None:
    for missing in (tmp_path / "nosuchdir", tmp_path / "nosuch"):
        result = cli("assess", str(missing), *AS_OF)
        assert result.code == 1
        assert result.err == f"ictrules: error: 1 problem in {missing}:\n  file not found\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_json_summary_is_written_as_the_files_are_assessed_and_leaves_out_a_bad_one(
    cli: Runner, returns: Path, tmp_path: Path, jobs: str
) -> None:
    """The JSON summary is written member by member (never held whole), to a temporary file
    renamed over the output at the end: the same bytes as writing the whole list at once."""
    (returns / "02-broken.json").write_text('{"facts": {"nope": 1}}', encoding="utf-8")
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "summary.json"
    result = cli("assess", str(returns), *AS_OF, "-f", "json", "-o", str(out), "--jobs", jobs)
    assert result.code == 1
    assert "1 of 4 evidence files could not be assessed" in result.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [item["school"]["id"] for item in data] == ["URN 100001", "URN 100002", "URN 100003"]
    assert out.read_text(encoding="utf-8") == dumps(data)
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_a_summary_written_into_the_folder_it_summarises_is_not_read_back(
    cli: Runner, returns: Path
) -> None:
    """The second run read the first run's summary.json as evidence, and failed on it."""
    out = returns / "summary.json"
    first = cli("assess", str(returns), *AS_OF, "-f", "json", "-o", str(out))
    second = cli("assess", str(returns), *AS_OF, "-f", "json", "-o", str(out))
    assert first.code == second.code == 0
    assert second.err == (
        f"ictrules: note: {out} is this command's output (-o), not evidence: left out\n"
    )
    written = out.read_text(encoding="utf-8")
    assert len(json.loads(written)) == 3
    named = cli("assess", str(out), *AS_OF, "-f", "json", "-o", str(out))  # named: read as such
    assert named.code == 1
    assert out.read_text(encoding="utf-8") == written


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_json_summary_that_cannot_be_written_still_fills_the_store(
    cli: Runner, returns: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """The summary is streamed and the store saved after it: a reader that went away after
    the first lines (``| head``, exit 0 and no word) left the store without a single school,
    where every other format saves the store first."""
    from ictrules import commands
    from ictrules.store import Store

    write_output = commands.write_output

    def head(text: object, output: str | None) -> None:
        next(iter(text))  # type: ignore[call-overload]  # the first piece, then the pipe closes
        raise BrokenPipeError

    monkeypatch.setattr(commands, "write_output", head)
    store = tmp_path / "piped.db"
    result = cli("assess", str(returns), *AS_OF, "-f", "json", "--store", str(store), "-j", jobs)
    assert result.code == 0
    with Store(str(store), create=False, read_only=True) as saved:
        assert saved.count() == 3
    monkeypatch.setattr(commands, "write_output", write_output)
    refused = tmp_path / "refused.db"  # an output that cannot be written: said, store saved
    missing = tmp_path / "no-such-folder" / "summary.json"
    result = cli("assess", str(returns), *AS_OF, "-f", "json", "--store", str(refused), "-o",
                 str(missing), "-j", jobs)  # fmt: skip
    assert result.code == 1
    assert f"cannot write {missing}" in result.err
    with Store(str(refused), create=False, read_only=True) as saved:
        assert saved.count() == 3


def test_no_progress_bar_is_drawn_between_the_lines_of_a_summary_on_the_terminal(
    cli: Runner, returns: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The JSON summary is written as it is made: with both standard output and standard
    error on a terminal, the bar was redrawn between its lines ('  }\\rassessing [...]')."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err, out = Terminal(), Terminal()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setattr("sys.stdout", out)
    from ictrules.cli import main

    assert main(["assess", str(returns), *AS_OF, "-f", "json"]) == 0
    assert "assessing [" not in err.getvalue()
    assert json.loads(out.getvalue())


def test_workers_run_only_a_few_chunks_ahead_of_the_outcomes_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every file was handed to the pool at once (pool.map): while the JSON summary waited on
    a slower reader (gzip, a pager), every school's text piled up in the main process, 195 MB
    for 3,000 synthetic schools. Outcomes are now made a few chunks a worker ahead only."""
    import concurrent.futures
    import datetime as dt
    from typing import Any, cast

    from ictrules.cli import _batch

    made: list[str] = []

    def assess_one(engine: object, path: str, task: object) -> _batch.Outcome:
        made.append(path)
        return _batch.Outcome(path, text=path)

    class Pool(concurrent.futures.Executor):  # the work done at once, in this process
        def __init__(self, max_workers: int, initializer: object, initargs: object) -> None:
            self.workers = max_workers

        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            future: concurrent.futures.Future[object] = concurrent.futures.Future()
            future.set_result(fn(*args, **kwargs))
            return future

    monkeypatch.setattr(_batch, "_assess_one", assess_one)
    monkeypatch.setattr(_batch, "_worker_engine", [None])
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    paths = [f"s{number:04}.json" for number in range(3000)]
    engine, settings = cast(Any, None), cast(Any, None)  # neither is read: see assess_one
    batch = _batch.assess_files(
        engine, settings, paths, "sample-srf", dt.date(2026, 9, 1), 2, written=True
    )
    taken = []
    for outcome in batch:
        taken.append(outcome.path)
        assert len(made) - len(taken) <= 8 * 64  # a few chunks of 64 a worker
    assert taken == made == paths


def test_a_schools_evidence_in_the_folder_is_never_replaced_by_the_summary(
    cli: Runner, returns: Path
) -> None:
    """-o naming a school's evidence file inside the folder summarised: it was left out 'as
    this command's output' and then replaced by the summary of the others (the school's
    evidence lost), where naming the file itself is refused. It is refused too."""
    school = returns / "01-hillside.json"
    before = school.read_bytes()
    for fmt in ("json", "csv"):
        result = cli("assess", str(returns), *AS_OF, "-f", fmt, "-o", str(school))
        assert result.code == 1
        assert result.err == (
            f"ictrules: error: cannot write {school}: it is one of the evidence files "
            f"({school}); choose another output file\n"
        )
        assert school.read_bytes() == before
