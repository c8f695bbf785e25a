"""Timing helpers: warm up, repeat, take the median; peak memory of a fresh process."""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

__all__ = ["ROOT", "Row", "measure", "measure_side_by_side", "run_python"]

ROOT = Path(__file__).resolve().parent.parent


@attrs.frozen
class Row:
    """One line of the results table.

    ``seconds`` is the median over the repetitions of the whole batch of ``items``; ``floor`` is
    the floor's median for the same batch, when there is one to compare with.
    """

    case: str
    who: str
    items: int
    seconds: float
    repeat: int
    floor: float | None = None
    note: str = ""

    @property
    def per_item_us(self) -> float:
        """Microseconds per item (school, asset...)."""
        return self.seconds / self.items * 1e6 if self.items else 0.0

    @property
    def per_second(self) -> float:
        """Items per second."""
        return self.items / self.seconds if self.seconds else 0.0

    @property
    def ratio(self) -> float | None:
        """This time divided by the floor's."""
        return self.seconds / self.floor if self.floor else None


def measure(work: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> float:
    """The median wall time of ``work()`` over ``repeat`` runs, after ``warmup`` runs.

    The garbage collector is emptied before each run (not disabled: it is part of the cost).
    """
    for _ in range(warmup):
        work()
    times = []
    for _ in range(repeat):
        gc.collect()
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def measure_side_by_side(
    works: dict[str, Callable[[], object]], *, repeat: int = 5, warmup: int = 1
) -> dict[str, float]:
    """The median wall time of each work, the works taking turns within every repetition (so
    that a busy moment on a shared machine falls on all of them alike)."""
    for _ in range(warmup):
        for work in works.values():
            work()
    times: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(repeat):
        for name, work in works.items():
            gc.collect()
            began = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - began)
    return {name: statistics.median(values) for name, values in times.items()}


def run_python(
    args: Sequence[str], *, env: dict[str, str] | None = None, show_stderr: bool = False
) -> Any:
    """Run ``python ARGS`` from the repository root in a fresh process; parse its last stdout
    line as JSON. With ``show_stderr`` its stderr (a long run's progress) goes to this process's
    stderr as it comes, instead of into the error raised when it fails."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=None if show_stderr else subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        said = "see above" if show_stderr else done.stderr[-2000:]
        raise RuntimeError(f"python {' '.join(args)} failed:\n{said}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_cli(args: Sequence[str]) -> float:
    """Run ``ictrules ARGS`` from the repository root in a fresh process, as a user would, and
    return its wall time in seconds; raise ``RuntimeError`` with its stderr when it fails."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ictrules", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"the CLI failed:\n{done.stderr[-2000:]}")
    return seconds
