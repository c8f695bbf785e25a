"""Fixtures for the command-line tests: a sample framework plugin and a runner for ``main``.

Every test here runs with the installed plugins disabled and the sample plugin loaded (through
the same environment variables a user would set), so the tests do not depend on the Becta or
refresh plugins; tests that need those say so and skip when they are not installed yet.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import cli_sample_plugin  # noqa: E402
from cli_support import SAMPLE_PLUGIN, Result, Runner  # noqa: E402

from ictrules.cli import main  # noqa: E402


@pytest.fixture(autouse=True)
def sample_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the sample plugin, chosen through the environment as a user would."""
    monkeypatch.setenv("ICTRULES_DISABLE_PLUGINS", "all")
    monkeypatch.setenv("ICTRULES_PLUGINS", str(SAMPLE_PLUGIN))


@pytest.fixture
def with_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample plugin and the installed refresh plugin (its ``plan`` command and
    ``--inventory`` come from the plugin, as they do for a user)."""
    monkeypatch.setenv("ICTRULES_DISABLE_PLUGINS", "becta")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run ``ictrules`` in this process: ``cli("assess", "x.toml")`` -> Result."""

    def run(*argv: str) -> Result:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    """A full evidence file for the sample framework (JSON), with own judgements."""
    path = tmp_path / "hillside.json"
    path.write_text(json.dumps(cli_sample_plugin.full_evidence()), encoding="utf-8")
    return path


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    """A folder of three schools' returns: full, partial (TOML) and nearly empty (YAML)."""
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "01-hillside.json").write_text(
        json.dumps(cli_sample_plugin.full_evidence()), encoding="utf-8"
    )
    (folder / "02-brook.toml").write_text(
        '[school]\nid = "URN 100002"\nname = "Brook Infants"\n\n[facts]\n'
        "vision.mentions_ict = true\nreview.interval = 30\n",
        encoding="utf-8",
    )
    (folder / "03-meadow.yaml").write_text(
        "school: {id: URN 100003, name: Meadow Academy}\nfacts: {}\n", encoding="utf-8"
    )
    (folder / ".hidden.json").write_text("not evidence", encoding="utf-8")
    (folder / "notes.txt").write_text("not evidence either", encoding="utf-8")
    return folder
