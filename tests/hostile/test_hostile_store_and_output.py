"""The store and what ictrules writes (issue 13, kinds 1, 6 and 7): append-only against
REPLACE, damaged and read-only stores, formula cells in CSV, raw HTML in Markdown, terminal
control characters."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_support import AS_OF, Case, Runner

from ictrules import Engine
from ictrules.errors import IctrulesError
from ictrules.reports.csv import csv_text, neutralise
from ictrules.store import Store, StoreError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _save(cli: Runner, store: Path, evidence: Path | str) -> None:
    result = cli("assess", evidence, *AS_OF, "-f", "csv", "-o", os.devnull, "--store", store)
    assert result.code == 0, result.err


@pytest.fixture
def store(cli: Runner, tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite"
    _save(cli, path, EXAMPLES / "typical-school.toml")
    return path


def test_replace_cannot_rewrite_a_saved_assessment(cli: Runner, store: Path) -> None:
    """The reproducer store-replace-bypass.py: REPLACE INTO and INSERT OR REPLACE abort."""
    before = cli("history", "URN 100234", "--store", store, "-f", "csv").out
    db = sqlite3.connect(store, isolation_level=None)
    columns = [row[1] for row in db.execute("PRAGMA table_info(assessments)")]
    chosen = ", ".join("'Renamed' AS school_name" if c == "school_name" else c for c in columns)
    with pytest.raises(sqlite3.IntegrityError, match="append-only: assessments rows are never"):
        db.execute(
            f"REPLACE INTO assessments ({', '.join(columns)}) SELECT {chosen} FROM assessments"
        )
    with pytest.raises(sqlite3.IntegrityError, match="append-only: strand_results rows"):
        db.execute(
            "INSERT OR REPLACE INTO strand_results (assessment, position, code, level, "
            "best_possible, status, own_level) SELECT assessment, position, code, 1, 1, status, "
            "own_level FROM strand_results"
        )
    db.close()
    assert cli("history", "URN 100234", "--store", store, "-f", "csv").out == before


@pytest.mark.parametrize(
    "statement",
    [
        "REPLACE INTO framework_revisions SELECT * FROM framework_revisions",
        "INSERT OR REPLACE INTO revision_strands SELECT * FROM revision_strands",
        "INSERT INTO assessments SELECT * FROM assessments WHERE true "
        "ON CONFLICT DO UPDATE SET school_name = 'x'",
        "INSERT OR REPLACE INTO schema_version VALUES (1, 'rewritten')",
        "UPDATE schema_version SET description = 'x'",
        "DELETE FROM schema_version",
        "UPDATE OR REPLACE strand_results SET level = 1",
    ],
)
def test_every_table_is_append_only_against_every_statement(store: Path, statement: str) -> None:
    db = sqlite3.connect(store, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError, match="the ictrules store is append-only"):
        db.execute(statement)
    db.close()


def test_a_damaged_store_is_refused_and_never_written(cli: Runner, store: Path) -> None:
    """The reproducer store-corrupt.py: a data page overwritten."""
    sqlite3.connect(store).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    with store.open("r+b") as handle:
        handle.seek(2 * 4096 + 2500)
        handle.write(b"\x5a" * 1590)
    damaged = store.read_bytes()
    for argv in (
        ("history", "URN 100234"),
        ("cohort",),
        ("assess", EXAMPLES / "weak-school.toml", *AS_OF, "-f", "html", "-o", os.devnull),
    ):
        result = cli(*argv, "--store", store)
        assert result.code == 1, result.err
        assert "the store is damaged" in result.err
        assert "restore it from a backup" in result.err
    assert store.read_bytes() == damaged


_CAPS = "-dac_override,-dac_read_search,-fowner"
_NO_OVERRIDE = (
    ["setpriv", f"--bounding-set={_CAPS}", f"--inh-caps={_CAPS}", "--"] if os.geteuid() == 0 else []
)


@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None,
    reason="root reads and writes read-only files unless setpriv drops that power",
)
def test_a_store_in_a_read_only_folder_can_be_read(store: Path) -> None:
    """The reproducer store-readonly.sh: file 444 in a folder 555."""
    folder = store.parent
    store.chmod(0o444)
    folder.chmod(0o555)
    cli = [*_NO_OVERRIDE, sys.executable, "-m", "ictrules"]
    try:
        for argv in (["history", "URN 100234"], ["cohort"]):
            done = subprocess.run([*cli, *argv, "--store", str(store)], capture_output=True)
            assert done.returncode == 0, done.stderr
        weak = str(EXAMPLES / "weak-school.toml")
        done = subprocess.run(
            [*cli, "assess", weak, *AS_OF, "--store", str(store)], capture_output=True, text=True
        )
        assert done.returncode == 1
        assert "the store is read-only" in done.stderr
    finally:
        folder.chmod(0o755)
        store.chmod(0o644)


def test_a_read_only_store_opens_read_only(store: Path, engine_with_becta: Engine) -> None:
    evidence = engine_with_becta.load_evidence(EXAMPLES / "weak-school.toml")
    assessment = engine_with_becta.assess(evidence, "becta-srf", as_of=dt.date(2026, 9, 1))
    with Store(store, create=False, read_only=True) as opened:
        assert opened.count() == 1
        with pytest.raises(StoreError, match="the store is read-only"):
            opened.save(assessment, evidence, engine_with_becta)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_store_that_is_not_a_regular_file_is_refused(cli: Runner, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.sqlite")
    result = cli("history", "x", "--store", "pipe.sqlite")
    assert result.code == 1
    assert "not a regular file (a named pipe (FIFO))" in result.err


def test_saving_the_same_assessment_twice_saves_it_once(cli: Runner, store: Path) -> None:
    _save(cli, store, EXAMPLES / "typical-school.toml")
    with Store(store) as opened:
        assert opened.count() == 1


def test_a_school_id_saved_under_another_name_is_a_warning(
    cli: Runner, store: Path, tmp_path: Path
) -> None:
    text = (EXAMPLES / "typical-school.toml").read_text()
    name = next(line for line in text.splitlines() if line.startswith("name = "))
    (tmp_path / "renamed.toml").write_text(text.replace(name, 'name = "Another School"'))
    result = cli("assess", "renamed.toml", *AS_OF, "-f", "csv", "-o", os.devnull, "--store", store)
    assert result.code == 0
    assert "warning: school 'URN 100234' is saved in" in result.err
    assert "and now as 'Another School'" in result.err


# --- output --------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\t=x", "\r=x"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert neutralise("-12.50") == "-12.50"
    assert neutralise("Room 1") == "Room 1"


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_no_csv_the_commands_write_holds_a_live_formula(
    cli: Runner, case: Case, tmp_path: Path
) -> None:
    evidence, inventory = case("csv-injection-evidence.toml"), case("csv-injection-inventory.csv")
    outputs = [
        cli("assess", evidence, *AS_OF, "-f", "csv").out,
        cli("plan", inventory, *AS_OF, "-f", "csv").out,
        cli("assess", evidence, evidence, *AS_OF, "-f", "csv").out,  # the summary, with sources
    ]
    _save(cli, tmp_path / "s.sqlite", evidence)
    school = '=HYPERLINK("http://evil.example","x")'
    outputs.append(cli("history", school, "--store", "s.sqlite", "-f", "csv").out)
    outputs.append(cli("cohort", "--store", "s.sqlite", "-f", "csv").out)
    for output in outputs:
        cells = _cells(output)
        assert cells
        assert not [c for c in cells if c.startswith(("=", "+", "@")) or c[:2] in ("-2", "\t")]
    assert f"'{school}" in _cells(outputs[0])
    assert "'@SUM(A1)" in _cells(outputs[1])


def test_csv_text_is_the_one_writer() -> None:
    assert csv_text([["a", "=b"], [1, -2]]) == "a,'=b\n1,-2\n"


def test_plan_markdown_escapes_html_and_pipes(cli: Runner, case: Case) -> None:
    result = cli("plan", case("markdown-html-inventory.csv"), *AS_OF, "-f", "md")
    assert result.code == 0
    for raw in ("<script>", "<img", "<b>", "<i>"):
        assert not re.search(r"(?<!\\)" + raw, result.out)
    assert "\\<script\\>" in result.out


def test_history_and_cohort_markdown_escape_a_name_onto_one_line(
    cli: Runner, case: Case, tmp_path: Path
) -> None:
    _save(cli, tmp_path / "s.sqlite", case("markdown-history-name.toml"))
    school = "<script>alert('id')</script>"
    for argv in (("history", school), ("cohort", "--school", school)):
        out = cli(*argv, "--store", "s.sqlite", "-f", "md").out
        assert not re.search(r"(?<!\\)<(script|img)", out)
        assert "\n# injected heading" not in out
        assert sum(line.startswith("# ") for line in out.splitlines()) == 1


def test_terminal_control_characters_are_escaped(cli: Runner, tmp_path: Path) -> None:
    (tmp_path / "esc.toml").write_text(
        '[school]\nid = "S1"\nname = "Evil\\u001b]0;pwned\\u0007\\u009b31m"\n'
    )
    for fmt in ("text", "md", "csv", "html", "json"):
        result = cli("assess", "esc.toml", *AS_OF, "-f", fmt)
        assert result.code == 0
        assert "\x1b" not in result.out
        assert "\x07" not in result.out
        assert "\x9b" not in result.out
        assert "\\u001b" in result.out


def test_a_right_to_left_override_cannot_turn_text_around(cli: Runner, tmp_path: Path) -> None:
    # "Trojan Source": U+202E makes a terminal or a page show what follows it backwards
    (tmp_path / "rlo.toml").write_text('[school]\nid = "S1"\nname = "Oak \u202etxt.exe"\n')
    for fmt in ("text", "md", "csv", "html", "json"):
        result = cli("assess", "rlo.toml", *AS_OF, "-f", fmt)
        assert result.code == 0
        assert "\u202e" not in result.out
        assert "\\u202e" in result.out


def test_json_from_the_library_is_the_command_lines_byte_for_byte(
    cli: Runner, tmp_path: Path
) -> None:
    """A name with a right-to-left override or a C1 control is written as the same JSON
    escape by ``to_json`` as by ``assess -f json``, so the two are the same bytes (and the
    name reads back as it was)."""
    from ictrules import Assessment

    name = "Oak \u202etxt.exe \x9b \x7f"
    (tmp_path / "rlo.json").write_text(json.dumps({"school": {"id": "S1", "name": name}}))
    result = cli("assess", "rlo.json", *AS_OF, "-f", "json")
    engine = Engine.from_installed()
    evidence = engine.load_evidence(tmp_path / "rlo.json")
    text = engine.assess(evidence, "becta-srf", as_of=dt.date(2026, 9, 1)).to_json()
    assert result.code == 0
    assert result.out == text
    school = Assessment.from_json(text).school
    assert school is not None
    assert school.name == name


def test_a_lone_surrogate_never_reaches_the_output(cli: Runner, tmp_path: Path) -> None:
    name = "bad-\udcff.json"
    try:
        (tmp_path / name).write_text('{"school": {"id": "S1"}, "facts": {}}')
    except (UnicodeEncodeError, OSError):
        pytest.skip("the file system takes no such name")
    result = cli("assess", name, name, *AS_OF, "-f", "csv")
    assert result.code == 0
    assert "\\udcff" in result.out


def test_every_error_is_an_ictrules_error() -> None:
    assert issubclass(StoreError, IctrulesError)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_full_standard_output_is_an_error_not_a_bug(fmt: str) -> None:
    """Standard output on a full disk (here /dev/full) is said as the disk's error, exit 1,
    with nothing more at exit; a reader that goes away (head) is not an error at all."""
    evidence = str(EXAMPLES / "typical-school.toml")
    argv = [sys.executable, "-m", "ictrules", "assess", evidence, *AS_OF, "-f", fmt]
    with open("/dev/full", "wb") as full:
        done = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1
    assert done.stderr == (
        "ictrules: error: cannot write to standard output: No space left on device\n"
    )
    head = subprocess.run(f"{shlex.join(argv)} | head -1", shell=True, capture_output=True)
    assert head.returncode == 0
    assert head.stderr == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("asked", [["--help"], ["--version"], ["assess", "--help"]])
def test_help_that_cannot_be_written_is_an_error_too(asked: list[str]) -> None:
    """argparse drops a failure to write help: '--help > /dev/full' ended 0, silently."""
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "ictrules", *asked], stdout=full, stderr=subprocess.PIPE
        )
    assert done.returncode == 1
    assert (
        done.stderr
        == b"ictrules: error: cannot write to standard output: No space left on device\n"
    )
