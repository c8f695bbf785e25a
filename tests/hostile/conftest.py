"""Hostile and broken input (issue 13): a runner for the command line as a user types it.

The reproducers in ``data/`` came with the issue, one per kind of fault; each test says which
kind it stands for. The installed plugins (Becta and refresh) are used as a user has them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from hostile_support import DATA, Case, Result, Runner  # noqa: E402

from ictrules import Engine  # noqa: E402
from ictrules.cli import main  # noqa: E402


@pytest.fixture(autouse=True)
def installed_plugins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The installed plugins only, run from a scratch folder."""
    monkeypatch.delenv("ICTRULES_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("ICTRULES_PLUGINS", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run ``ictrules`` in this process: ``cli("assess", "x.toml")`` -> Result."""

    def run(*argv: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(arg) for arg in argv])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def case(tmp_path: Path) -> Case:
    """A copy of a reproducer in the scratch folder (the command names files as given)."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copyfile(DATA / name, target)
        return Path(name)

    return copy


@pytest.fixture(scope="session")
def engine_with_becta() -> Engine:
    """An engine over the installed plugins (the Becta framework and the refresh plugin)."""
    return Engine.from_installed()
