"""Helpers shared by the command-line tests (imported by name: tests/cli is on sys.path)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import attrs

__all__ = ["ROOT", "SAMPLE_PLUGIN", "Result", "Runner", "run_subprocess"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SAMPLE_PLUGIN = HERE / "cli_sample_plugin.py"


@attrs.frozen
class Result:
    """What one run of the command line gave."""

    code: int
    out: str
    err: str


Runner = Callable[..., Result]


def run_subprocess(*argv: str, sample: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ictrules`` in a real process, with only the sample plugin by default."""
    env = dict(os.environ)
    if sample:
        env.update({"ICTRULES_DISABLE_PLUGINS": "all", "ICTRULES_PLUGINS": str(SAMPLE_PLUGIN)})
    else:
        env.pop("ICTRULES_DISABLE_PLUGINS", None)
        env.pop("ICTRULES_PLUGINS", None)
    return subprocess.run(
        [sys.executable, "-m", "ictrules", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
