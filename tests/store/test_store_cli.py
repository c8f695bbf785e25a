"""The store through the command line: ``assess --store``, ``history`` and ``cohort``.

These run ``ictrules.cli.main`` in this process over the installed Becta plugin and the
example schools.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest

from ictrules import Assessment, Engine
from ictrules.cli import main
from ictrules.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TYPICAL = str(EXAMPLES / "typical-school.toml")


@pytest.fixture(autouse=True)
def installed_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """The installed plugins only, whatever the environment says."""
    monkeypatch.delenv("ICTRULES_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("ICTRULES_PLUGINS", raising=False)


def ictrules(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Meadowbank assessed in July 2026, then all three example schools in 2026."""
    path = tmp_path / "authority.sqlite"
    assert (
        ictrules(capsys, "assess", TYPICAL, "--as-of", "2026-07-15", "--store", str(path))[0] == 0
    )
    assert (
        ictrules(capsys, "assess", str(EXAMPLES), "--as-of", "2026-09-01", "--store", str(path))[0]
        == 0
    )
    return path


def test_store_cli_assess_saves_what_it_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.sqlite"
    code, out, err = ictrules(
        capsys, "assess", TYPICAL, "--as-of", "2026-07-15", "--store", str(path), "-f", "json"
    )
    assert code == 0
    assert err == f"ictrules: saved assessment #1 of URN 100234 to {path}\n"
    again = ictrules(capsys, "assess", TYPICAL, "--as-of", "2026-07-15", "--store", str(path))
    assert again[2] == (
        f"ictrules: assessment #1 of URN 100234 was already saved in {path} (the same school, "
        "framework revision, date, evidence and result): nothing added\n"
    )
    with Store(path) as saved:
        assert saved.count() == 1
        record = saved.load(1)
    assert record.assessment == Assessment.from_json(out)
    assert record.evidence.source == TYPICAL
    assert record.school.name == "Meadowbank Primary School"


def test_store_cli_assess_saves_many_schools_in_one_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.sqlite"
    code, out, err = ictrules(
        capsys, "assess", str(EXAMPLES), "--as-of", "2026-09-01", "--store", str(path), "-f", "csv"
    )
    assert code == 0
    assert err == f"ictrules: saved 3 assessments to {path}\n"
    with Store(path) as saved:
        assert [s.school.id for s in saved.assessments()] == [
            "URN 101502",
            "URN 100234",
            "URN 100871",
        ]
        assert all(saved.load(i).assessment.strands[0].criteria for i in (1, 2, 3))
    assert len(list(csv.DictReader(io.StringIO(out)))) == 3


def test_store_cli_history_as_text_json_and_csv(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = ictrules(capsys, "history", "Meadowbank Primary School", "--store", str(store))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:5] == [
        "History of Meadowbank Primary School (URN 100234)",
        "",
        "2 assessments under becta-srf (latest version 2026.2):",
        "",
        "  #1 as of 2026-07-15, becta-srf 2026.2",
    ]
    assert lines[8].split() == ["1a1", "The", "vision", "3", "3", "no", "change"]
    assert lines[-1] == "No changes."
    code, out, _ = ictrules(capsys, "history", "URN 100234", "--store", str(store), "-f", "json")
    assert code == 0
    assert [e["as_of"] for e in json.loads(out)["entries"]] == ["2026-07-15", "2026-09-01"]
    code, out, _ = ictrules(capsys, "history", "URN 100234", "--store", str(store), "-f", "csv")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 24  # 12 strands x 2 assessments


def test_store_cli_cohort_with_and_without_a_school(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = ictrules(capsys, "cohort", "--store", str(store), "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["strand"], r["schools"], r["median"]) for r in rows[:2]] == [
        ("1a1", "3", "3"),
        ("1a2", "3", "3"),
    ]
    code, out, _ = ictrules(
        capsys, "cohort", "--store", str(store), "--school", "URN 101502", "-f", "json"
    )
    assert code == 0
    standing = json.loads(out)
    assert (standing["strands"][0]["rank"], standing["strands"][0]["percentile"]) == (
        1,
        83.33333333333333,
    )
    page = tmp_path / "cohort.html"
    code, _, _ = ictrules(
        capsys,
        "cohort",
        "--store",
        str(store),
        "--school",
        "Riverside Academy",
        "-f",
        "html",
        "-o",
        str(page),
    )
    assert code == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<h1>Riverside Academy against 3 schools</h1>" in html
    assert '<figure class="ictrules-profile">' in html
    assert "<script" not in html
    code, out, _ = ictrules(capsys, "cohort", "--store", str(store), "--as-of", "2026-07-31")
    assert code == 0
    assert "1 school, each by its latest assessment on or before 2026-07-31" in out


def test_store_cli_missing_store_file_is_an_error_with_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.sqlite"
    for argv in (["history", "URN 1"], ["cohort"]):
        code, out, err = ictrules(capsys, *argv, "--store", str(missing))
        assert (code, out) == (1, "")
        assert err == (
            f"ictrules: error: {missing}: no such store file (save assessments into one with "
            f"'ictrules assess EVIDENCE --store {missing}')\n"
        )
        assert not missing.exists()


def test_store_cli_unknown_school_suggests_one(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = ictrules(capsys, "history", "Meadowbank", "--store", str(store))
    assert (code, out) == (1, "")
    assert err == (
        f"ictrules: error: {store}: no assessments of school 'Meadowbank' "
        "(did you mean 'URN 100234' (Meadowbank Primary School)?)\n"
    )
    code, _, err = ictrules(capsys, "cohort", "--store", str(store), "--school", "URN 10023")
    assert code == 1
    assert err.endswith("no assessments of school 'URN 10023' (did you mean 'URN 100234'?)\n")


def test_store_cli_finds_a_school_by_id_or_name_in_any_case(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exact = ictrules(capsys, "history", "URN 100234", "--store", str(store))
    assert exact[0] == 0
    assert ictrules(capsys, "history", "urn 100234", "--store", str(store)) == exact
    assert ictrules(capsys, "history", "meadowbank primary school", "--store", str(store)) == exact


def test_store_cli_refuses_a_file_that_is_not_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 100, encoding="utf-8")
    code, _, err = ictrules(capsys, "cohort", "--store", str(notes))
    assert code == 1
    assert err == f"ictrules: error: {notes}: not an SQLite database (file is not a database)\n"
    code, _, err = ictrules(
        capsys, "assess", TYPICAL, "--as-of", "2026-09-01", "--store", str(notes)
    )
    assert code == 1
    assert err == f"ictrules: error: {notes}: not an SQLite database (file is not a database)\n"


def test_store_cli_usage_errors(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = ictrules(capsys, "history", "URN 100234")
    assert code == 2
    assert "the following arguments are required: --store" in err
    code, _, err = ictrules(capsys, "history", "URN 100234", "--store", str(store), "-f", "pdf")
    assert code == 2
    assert "argument -f/--format: invalid choice: 'pdf'" in err


def test_store_cli_html_report_shows_the_school_against_the_cohort(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from html.parser import HTMLParser

    code, out, _ = ictrules(
        capsys, "assess", TYPICAL, "--as-of", "2026-10-01", "--store", str(store), "-f", "html"
    )
    assert code == 0
    assert '<section class="ictrules-cohort">' in out
    assert '<figure class="ictrules-profile">' in out
    # The cohort is every school's latest assessment up to this one: three schools.
    assert "<p>3 schools, each by its latest assessment on or before 2026-10-01.</p>" in out
    assert out.index("ictrules-cohort") > out.index('class="strands"')  # after the strands

    class Balanced(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.open: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag not in {
                "meta",
                "br",
                "hr",
                "img",
                "link",
                "input",
                "rect",
                "line",
                "path",
                "circle",
                "polygon",
                "polyline",
                "text",
            }:
                self.open.append(tag)

        def handle_endtag(self, tag: str) -> None:
            if self.open and self.open[-1] == tag:
                self.open.pop()

    parser = Balanced()
    parser.feed(out)
    assert parser.open == []
    code, text, _ = ictrules(
        capsys, "assess", TYPICAL, "--as-of", "2026-10-01", "--store", str(store)
    )
    assert code == 0
    assert "ictrules-cohort" not in text  # only the HTML report carries the chart


def test_store_cli_history_as_an_html_page(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "history.html"
    code, _, _ = ictrules(
        capsys, "history", "Meadowbank Primary School", "--store", str(store), "-f", "html",
        "-o", str(page),
    )  # fmt: skip
    assert code == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<h1>History of Meadowbank Primary School</h1>" in html
    assert html.count("History of") == 2  # one title: the page's, and the browser tab's
    assert '<figure class="ictrules-history-chart">' in html
    assert html.count("<circle") == 24  # 12 strands, assessed twice
    assert "\u2026" not in html  # no strand's name is cut short
    assert "<script" not in html


def test_store_cli_history_names_derived_facts_that_moved_levels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the same evidence, first with the inventory, then without: two strands drop, and the
    # history said "No changes." because only the evidence as submitted was compared
    path = str(tmp_path / "s.sqlite")
    inventory = str(EXAMPLES / "typical-school-inventory.csv")
    assert ictrules(capsys, "assess", TYPICAL, "--inventory", inventory, "--as-of",
                    "2026-07-02", "--store", path)[0] == 0  # fmt: skip
    assert ictrules(capsys, "assess", TYPICAL, "--as-of", "2026-07-03", "--store", path)[0] == 0
    code, out, _ = ictrules(capsys, "history", "URN 100234", "--store", path)
    assert code == 0
    assert "1b3 Budgetary effectiveness for ICT" in out
    assert out.endswith(
        "Evidence changes from #1 (2026-07-02) to #2 (2026-07-03):\n"
        "\n"
        "  derived budget.renewal_horizon_years: 5 -> unknown (computed by a plugin, not in the "
        "evidence)\n"
        "  derived budget.renewal_plan_coverage: 0.9765 -> unknown (computed by a plugin, not in "
        "the evidence)\n"
        "  derived budget.tco_counted: true -> unknown (computed by a plugin, not in the "
        "evidence)\n"
        "  derived environment.embodied_carbon_estimated: true -> unknown (computed by a plugin, "
        "not in the evidence)\n"
        "  derived environment.energy_use_measured: true -> unknown (computed by a plugin, not in "
        "the evidence)\n"
        "  1b3 Budgetary effectiveness for ICT: level 3 -> 4 with the same evidence: what a "
        "plugin computed from it changed (above)\n"
        "  1b4 Environmental impact: level 2 -> 3 with the same evidence: what a plugin computed "
        "from it changed (above)\n"
    )
    code, out, _ = ictrules(capsys, "history", "URN 100234", "--store", path, "-f", "json")
    kinds = {change["kind"] for change in json.loads(out)["changes"]["facts"]}
    assert kinds == {"derived"}


def test_store_cli_history_and_cohort_pages_take_an_authoritys_templates(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "base.html").write_text(
        '{% extends "default:base.html" %}{% block brand %}Northshire Trust{% endblock %}',
        encoding="utf-8",
    )
    (folder / "cohort.html").write_text(
        "<section>{{ rows | length }} strands benchmarked</section>", encoding="utf-8"
    )
    code, out, err = ictrules(
        capsys, "history", "URN 100234", "--store", str(store), "-f", "html",
        "--template-dir", str(folder),
    )  # fmt: skip
    assert code == 0, err
    assert "Northshire Trust" in out
    assert '<figure class="ictrules-history-chart">' in out  # ictrules' own history.html
    code, out, err = ictrules(
        capsys, "cohort", "--store", str(store), "-f", "html", "--template-dir", str(folder)
    )
    assert code == 0, err
    assert "<section>12 strands benchmarked</section>" in out


def test_one_school_in_two_files_of_a_run_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.toml"
    copy.write_bytes(Path(TYPICAL).read_bytes())
    path = str(tmp_path / "s.sqlite")
    code, _, err = ictrules(
        capsys, "assess", TYPICAL, str(copy), "--as-of", "2026-09-01", "--store", path,
        "-f", "csv",
    )  # fmt: skip
    assert code == 0
    assert (
        f"ictrules: warning: school 'URN 100234' is in 2 files of this run ({TYPICAL}, {copy}): "
        "each is saved as an assessment of it; check that the id is right in each\n"
    ) in err


def test_store_cli_history_markdown_comes_from_a_template_an_authority_can_replace(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = ictrules(capsys, "history", "URN 100234", "--store", str(store), "-f", "md")
    assert code == 0
    assert out.startswith("# History of Meadowbank Primary School (URN 100234)\n")
    assert "| 1a1 The vision | " in out
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "history.md").write_text("History for {{ who | md }}: {{ rows | length }} strands\n")
    (folder / "cohort.md").write_text("Cohort: {{ rows | length }} strands\n")
    for command, expected in (
        (["history", "URN 100234"], "History for Meadowbank Primary School (URN 100234): 12"),
        (["cohort"], "Cohort: 12 strands"),
    ):
        code, out, err = ictrules(
            capsys, *command, "--store", str(store), "-f", "md", "--template-dir", str(folder)
        )
        assert code == 0, err
        assert out.startswith(expected)


def _rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return [
            *db.execute("SELECT * FROM framework_revisions ORDER BY id"),
            *db.execute("SELECT * FROM assessments ORDER BY id"),
            *db.execute("SELECT * FROM strand_results ORDER BY assessment, position"),
        ]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_store_saved_with_jobs_holds_the_same_bytes_as_a_serial_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """``--jobs 2`` serialises each assessment in the worker that made it; the store and the
    summary it leaves are byte for byte those of a serial run, full explanations included."""
    returns = tmp_path / "returns"
    returns.mkdir()
    for example in sorted(EXAMPLES.glob("*-school.toml")):
        (returns / example.name).write_bytes(example.read_bytes())
    (returns / "zz-meadowbank-again.toml").write_bytes(Path(TYPICAL).read_bytes())
    (returns / "zz-broken.toml").write_text('[facts]\n"vision.clarity" = "blurry"\n')
    runs = {}
    for jobs in ("1", "2"):
        path = tmp_path / f"jobs-{jobs}.sqlite"
        argv = ("assess", str(returns), "--as-of", "2026-09-01", "--store", str(path))
        code, out, err = ictrules(capsys, *argv, "-f", fmt, "--jobs", jobs)
        assert code == 1  # the broken return is reported, the rest saved
        runs[jobs] = (out, err.replace(str(path), "STORE"), _rows(path))
    assert runs["2"] == runs["1"]
    assert (  # the copy saved once
        "ictrules: saved 3 of 4 assessments to STORE; 1 was already saved (the same school, "
        "framework revision, date, evidence and result)\n"
    ) in runs["1"][1]
    with Store(tmp_path / "jobs-2.sqlite") as saved:
        assert len(saved.assessments()) == 3
        assert all(saved.load(i).assessment.strands[0].criteria for i in (1, 2, 3))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_saving_to_a_store_leaves_the_summary_as_it_is_without_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """With ``--store`` each school is assessed in full (the store keeps the reasons) and the
    summary takes its levels from that; without, from the levels-only path: the same summary."""
    argv = ("assess", str(EXAMPLES), "--as-of", "2026-09-01", "-f", fmt)
    plain = ictrules(capsys, *argv)
    stored = ictrules(capsys, *argv, "--store", str(tmp_path / "s.sqlite"))
    assert plain[0] == stored[0] == 0
    assert stored[1] == plain[1]


def test_the_same_evidence_assessed_otherwise_is_another_assessment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same school, date and evidence, assessed with its inventory (derived facts, other
    levels): a result of its own, saved beside the first rather than taken for it."""
    path = tmp_path / "s.sqlite"
    inventory = str(EXAMPLES / "typical-school-inventory.csv")
    common = ("--as-of", "2026-09-01", "--store", str(path), "-f", "csv", "-o", os.devnull)
    assert ictrules(capsys, "assess", TYPICAL, *common)[0] == 0
    code, _, err = ictrules(capsys, "assess", TYPICAL, "--inventory", inventory, *common)
    assert code == 0
    assert "already saved" not in err
    again = ictrules(capsys, "assess", TYPICAL, "--inventory", inventory, *common)[2]
    assert "already saved" in again  # the same again: nothing added
    with Store(path) as store:
        first, second = (store.load(s.id).assessment for s in store.assessments())
    assert first.strand("1b3").level != second.strand("1b3").level


def test_an_assessment_without_its_reasons_does_not_stand_for_the_full_one(
    tmp_path: Path,
) -> None:
    engine = Engine.from_installed()
    evidence = engine.load_evidence(TYPICAL)
    day = dt.date(2026, 9, 1)
    with Store(tmp_path / "s.sqlite") as store:
        brief = store.save(engine.assess(evidence, as_of=day, explain=False), evidence, engine)
        full = store.save(engine.assess(evidence, as_of=day), evidence, engine)
        assert full != brief
        assert store.load(full).assessment.strand("1a1").criteria
        assert store.save(engine.assess(evidence, as_of=day), evidence, engine) == full
