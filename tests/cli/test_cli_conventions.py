"""Command-line conventions: --help, --version, exit statuses, errors on stderr, no traceback."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest
from cli_support import Runner, run_subprocess

import ictrules
from ictrules import cli
from ictrules.cli import assess

COMMANDS = [
    "frameworks",
    "template",
    "schema",
    "survey-questions",
    "survey",
    "assess",
    "explain",
    "plan",
    "strategy",
    "trust-strategy",
    "strategy-template",
    "check",
    "history",
    "cohort",
]


def test_version_is_printed(cli: Runner) -> None:
    result = cli("--version")
    assert (result.code, result.out) == (0, f"ictrules {ictrules.__version__}\n")


@pytest.mark.usefixtures("with_refresh")
def test_every_command_is_registered_and_listed_in_help(cli: Runner) -> None:
    result = cli("--help")
    assert result.code == 0
    for command in COMMANDS:
        assert command in result.out
    listed = re.findall(r"^    ([a-z-]+)", result.out, re.M)
    assert listed == COMMANDS  # the core's and the refresh plugin's, in one order
    assert "budget years [plugin refresh]" in " ".join(result.out.split())
    core = [module.__name__.rsplit(".", 1)[-1].replace("_", "-") for module in cli_commands()]
    plugins = ("plan", "strategy", "trust-strategy", "strategy-template")
    assert core == [name for name in COMMANDS if name not in plugins]


def cli_commands() -> tuple[object, ...]:
    return cli.COMMANDS


@pytest.mark.usefixtures("with_refresh")
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(cli: Runner, command: str) -> None:
    result = cli(command, "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: ictrules {command}")
    assert result.err == ""


def test_no_command_is_a_usage_error(cli: Runner) -> None:
    result = cli()
    assert result.code == 2
    assert "error: the following arguments are required: COMMAND" in result.err


def test_unknown_option_is_a_usage_error(cli: Runner, evidence: Path) -> None:
    result = cli("assess", str(evidence), "--colour")
    assert result.code == 2
    assert "ictrules assess: error: unrecognized arguments: --colour" in result.err
    assert result.out == ""


def test_bad_format_is_a_usage_error(cli: Runner, evidence: Path) -> None:
    result = cli("assess", str(evidence), "--format", "pdf")
    assert result.code == 2
    assert "argument -f/--format: invalid choice: 'pdf'" in result.err


@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "01/09/2026"])
def test_bad_as_of_is_a_usage_error(cli: Runner, evidence: Path, value: str) -> None:
    result = cli("assess", str(evidence), "--as-of", value)
    assert result.code == 2
    assert (
        f"ictrules assess: error: argument --as-of: expected a date as YYYY-MM-DD, got {value!r}"
        in result.err
    )


@pytest.mark.parametrize(
    ("value", "hint"),
    [("2026-02-30", "no such day on the calendar"), ("01/09/2026", "write it as 2026-09-01")],
)
def test_a_bad_as_of_says_what_is_wrong_as_evidence_does(
    cli: Runner, evidence: Path, value: str, hint: str
) -> None:
    """'--as-of 2026-02-30' got 'expected a date as YYYY-MM-DD' though it is written so: the
    hint a fact's date gets (8bc4bcd) was not given to the option."""
    result = cli("assess", str(evidence), "--as-of", value)
    assert result.code == 2
    assert result.err.endswith(f"got {value!r} ({hint})\n")


def _takes_as_of() -> list[str]:
    from ictrules.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(
        name
        for name, sub in commands.choices.items()
        if any("--as-of" in action.option_strings for action in sub._actions)
    )


@pytest.mark.parametrize("command", _takes_as_of())
@pytest.mark.parametrize("value", ["1899-12-31", "0010-01-01", "9999-12-31"])
def test_an_as_of_beyond_what_every_command_can_plan_from_is_a_usage_error(
    cli: Runner, command: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command's --as-of (the installed plugins' too) takes the same dates, those a
    refresh plan and a budget can be made from: another is a usage error before anything is
    read, never an internal error."""
    monkeypatch.delenv("ICTRULES_DISABLE_PLUGINS")
    result = cli(command, "--as-of", value)
    assert result.code == 2
    assert (
        f"ictrules {command}: error: argument --as-of: expected a date from 1900-01-01 to "
        f"9000-12-31, got {value}" in result.err
    )


def test_an_option_of_one_value_given_twice_is_a_usage_error(
    cli: Runner, evidence: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """argparse keeps the last of a repeated option: a second --inventory would leave the first
    file out without a word. Every option of one value, a plugin's too, is taken once."""
    monkeypatch.delenv("ICTRULES_DISABLE_PLUGINS")
    for argv, said in (
        (["assess", str(evidence), "-o", "a.txt", "--output", "b.txt"], "'a.txt', then 'b.txt'"),
        (
            ["assess", str(evidence), "--inventory", "laptops.csv", "--inventory", "ipads.csv"],
            "'laptops.csv', then 'ipads.csv'",
        ),
        (
            ["plan", "laptops.csv", "--as-of", "2026-09-01", "--as-of=2026-10-01"],
            "2026-09-01, then 2026-10-01",
        ),
    ):
        result = cli(*argv)
        assert result.code == 2
        assert f"given twice ({said}): it takes one value; give it once" in result.err
    result = cli("plan", "x.csv", "--category", "iPad=tablet", "--category", "ipad=laptop")
    assert result.code == 2
    assert "argument --category: 'ipad' is given as 'tablet' and as 'laptop': give one" in (
        result.err
    )


def test_missing_file_is_invalid_input(cli: Runner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    result = cli("assess", str(missing), "--as-of", "2026-09-01")
    assert result.code == 1
    assert result.err == f"ictrules: error: 1 problem in {missing}:\n  file not found\n"
    assert result.out == ""


def test_malformed_file_names_line_and_column(cli: Runner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[facts]\nvision.mentions_ict = yes\n", encoding="utf-8")
    result = cli("assess", str(broken), "--as-of", "2026-09-01")
    assert result.code == 1
    assert result.err.startswith(f"ictrules: error: 1 problem in {broken}:\n  line 2, column 23:")
    assert "malformed TOML" in result.err
    assert "Traceback" not in result.err


def test_every_problem_in_a_file_is_printed(cli: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {"facts": {"vision.clarity": "blurry", "staff.embrac": 0.5, "review.interval": "x"}}
        ),
        encoding="utf-8",
    )
    result = cli("assess", str(bad), "--as-of", "2026-09-01")
    assert result.code == 1
    assert result.err == (
        f"ictrules: error: 3 problems in {bad}:\n"
        "  facts.vision.clarity: unknown choice 'blurry'; allowed: absent, vague, clear, "
        "compelling\n"
        "  facts.staff.embrac: unknown fact id (did you mean 'staff.embrace'?)\n"
        "  facts.review.interval: expected a whole number, got 'x'\n"
    )


def test_unknown_framework_suggests_the_closest(cli: Runner, evidence: Path) -> None:
    result = cli("assess", str(evidence), "--framework", "sample-sfr", "--as-of", "2026-09-01")
    assert result.code == 1
    assert result.err == (
        "ictrules: error: unknown framework 'sample-sfr'; installed frameworks: sample-srf "
        "(did you mean 'sample-srf'?)\n"
    )


def test_unknown_plugin_to_disable_is_reported(
    cli: Runner, evidence: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICTRULES_DISABLE_PLUGINS", "bectaa")
    result = cli("frameworks")
    assert result.code == 1
    assert "cannot disable plugin 'bectaa': no such plugin is installed" in result.err
    assert "did you mean 'becta'?" in result.err


def test_missing_plugin_file_is_reported(cli: Runner, tmp_path: Path) -> None:
    result = cli("frameworks", "--plugin", str(tmp_path / "local_rules.py"))
    assert result.code == 1
    assert result.err == f"ictrules: error: plugin file {tmp_path / 'local_rules.py'} not found\n"


def test_debug_shows_the_traceback(cli: Runner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    quiet = cli("assess", str(missing))
    loud = cli("assess", str(missing), "--debug")
    assert quiet.code == loud.code == 1
    assert "Traceback" not in quiet.err
    assert "Traceback (most recent call last)" in loud.err
    assert "EvidenceError" in loud.err
    assert loud.err.endswith(
        "ictrules: error: 1 problem in " + str(missing) + ":\n  file not found\n"
    )


def test_debug_is_accepted_before_the_command(cli: Runner, tmp_path: Path) -> None:
    result = cli("--debug", "assess", str(tmp_path / "nowhere.toml"))
    assert result.code == 1
    assert "Traceback" in result.err


def test_an_internal_error_is_exit_3_without_traceback(
    cli: Runner, evidence: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(assess, "render_one", broken)
    result = cli("assess", str(evidence), "--as-of", "2026-09-01")
    assert result.code == 3
    assert result.err == (
        "ictrules: error: internal error: RuntimeError: boom\n"
        "This is a bug in ictrules or a plugin; rerun with --debug to see the traceback.\n"
    )


def test_unwritable_output_is_invalid_input(cli: Runner, evidence: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "report.html"
    result = cli("assess", str(evidence), "--as-of", "2026-09-01", "-o", str(target))
    assert result.code == 1
    assert result.err == f"ictrules: error: cannot write {target}: No such file or directory\n"


def test_python_dash_m_runs_the_same_command(cli: Runner, evidence: Path) -> None:
    argv = ("assess", str(evidence), "--as-of", "2026-09-01", "--format", "json")
    process = run_subprocess(*argv)
    assert process.returncode == 0
    assert process.stderr == ""
    assert process.stdout == cli(*argv).out
    assert json.loads(process.stdout)["school"]["id"] == "URN 100001"


def test_subprocess_error_has_no_traceback(tmp_path: Path) -> None:
    process = run_subprocess("explain", str(tmp_path / "x.toml"), "a1")
    assert process.returncode == 1
    assert process.stdout == ""
    assert (
        process.stderr
        == f"ictrules: error: 1 problem in {tmp_path / 'x.toml'}:\n  file not found\n"
    )


def test_subprocess_usage_error_is_exit_2() -> None:
    process = run_subprocess("assess")
    assert process.returncode == 2
    assert "error: the following arguments are required: EVIDENCE" in process.stderr


def test_a_broken_installed_plugin_leaves_help_and_version_working(tmp_path: Path) -> None:
    """An installed plugin with a misspelt hook stops every command that needs the plugins,
    with the way to leave it out; --version and --help still work, with a warning."""
    import os
    import subprocess
    import sys

    site = tmp_path / "site"
    info = site / "tinybad-0.1.dist-info"
    info.mkdir(parents=True)
    info.joinpath("METADATA").write_text("Metadata-Version: 2.1\nName: tinybad\nVersion: 0.1\n")
    info.joinpath("entry_points.txt").write_text("[ictrules]\ntinybad = tinybad_plugin\n")
    site.joinpath("tinybad_plugin.py").write_text(
        "from ictrules import hookimpl\n\n@hookimpl\ndef ictrules_framework():\n    return []\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("ICTRULES_DISABLE_PLUGINS", None)
    env.pop("ICTRULES_PLUGINS", None)

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ictrules", *argv], env=env, capture_output=True, text=True
        )

    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("ictrules ")
    assert "--disable-plugin tinybad" in version.stderr
    assert run("--help").returncode == 0
    failed = run("frameworks")
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert "did you mean 'ictrules_frameworks'?" in failed.stderr
    assert "Leave the plugin out with --disable-plugin tinybad" in failed.stderr
    assert run("frameworks", "--disable-plugin", "tinybad").returncode == 0


def test_with_several_frameworks_the_evidence_says_which_it_is_for(tmp_path: Path) -> None:
    """A second framework installed beside Becta: a file only one framework reads is assessed
    against it; one that either could read still asks for --framework."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    example = root / "docs" / "examples" / "ictrules-example-authority" / "src"
    env = {**os.environ, "PYTHONPATH": str(example)}
    env.pop("ICTRULES_DISABLE_PLUGINS", None)
    env["ICTRULES_PLUGINS"] = "ictrules_example_authority"
    (tmp_path / "authority.toml").write_text("[facts]\nauthority.spaces = 12\n")
    (tmp_path / "empty.toml").write_text("[facts]\n")

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ictrules", *argv, "--as-of", "2026-09-01", "-f", "json"],
            env=env, capture_output=True, text=True, cwd=root, check=False,
        )  # fmt: skip

    becta = run("assess", "examples/typical-school.toml")
    assert becta.returncode == 0, becta.stderr
    assert json.loads(becta.stdout)["framework"] == "becta-srf"
    authority = run("assess", str(tmp_path / "authority.toml"))
    assert authority.returncode == 0, authority.stderr
    assert json.loads(authority.stdout)["framework"] == "example-authority"
    either = run("assess", str(tmp_path / "empty.toml"))
    assert either.returncode == 1
    assert "several frameworks are installed (becta-srf, example-authority)" in either.stderr


def test_an_option_a_command_does_not_take_is_said_with_that_commands_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = cli.main(["explain", "examples/typical-school.toml", "1a1", "-f", "md"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("usage: ictrules explain ")
    assert "ictrules explain: error: unrecognized arguments: -f md" in err
