"""Assessing many evidence files: in this process or a pool of processes, with progress.

Results always come back in input order, so the output is the same whatever ``--jobs`` is.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from ..assessments import Assessment
from ..commands import CliError, PluginSettings, build_engine
from ..engine import Engine
from ..errors import IctrulesError
from ..files import SUFFIXES

__all__ = [
    "Outcome",
    "assess_files",
    "default_jobs",
    "evidence_files",
]


def evidence_files(arguments: Sequence[str]) -> list[Path]:
    """The evidence files named, with each folder replaced by the evidence files inside it
    (recursively, sorted, hidden files skipped). A missing file is kept: loading it reports it."""
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            inside = sorted(
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
            )
            if not inside:
                known = ", ".join(sorted(SUFFIXES))
                raise CliError(f"folder {argument} holds no evidence files ({known})")
            found.extend(inside)
        else:
            found.append(path)
    return found


@attrs.frozen
class Outcome:
    """One file's result: an assessment, or the error message that stopped it."""

    path: str
    assessment: Assessment | None = None
    error: str | None = None


def _assess_one(engine: Engine, path: str, framework: str, as_of: dt.date, slim: bool) -> Outcome:
    try:
        evidence = engine.load_evidence(path, framework)
        # A summary reads levels only: the compiled fast path, without reasons (a tenth of the
        # size to send back from a worker process, too).
        assessment = engine.assess(evidence, framework, as_of=as_of, explain=not slim)
    except IctrulesError as exc:
        return Outcome(path, error=str(exc))
    return Outcome(path, assessment)


_worker_engine: list[Engine] = []


def _init_worker(settings: PluginSettings) -> None:
    _worker_engine.append(build_engine(settings))


def _work(task: tuple[str, str, dt.date, bool]) -> Outcome:
    path, framework, as_of, slim = task
    return _assess_one(_worker_engine[0], path, framework, as_of, slim)


def assess_files(
    engine: Engine,
    settings: PluginSettings,
    paths: Sequence[Path],
    framework: str,
    as_of: dt.date,
    jobs: int,
    *,
    slim: bool = False,
) -> Iterator[Outcome]:
    """Assess each file, yielding outcomes in input order.

    With ``jobs`` above 1, a process pool of that many workers (each building its own engine
    from ``settings``) does the work. ``slim`` keeps only what a summary reads
    (``Engine.assess(..., explain=False)``), whichever way the work is done, so the output
    cannot differ.
    """
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield _assess_one(engine, str(path), framework, as_of, slim)
        return
    tasks = [(str(path), framework, as_of, slim) for path in paths]
    workers = min(jobs, len(tasks))
    chunk = max(1, min(64, len(tasks) // (workers * 8)))
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(settings,)
    ) as pool:
        yield from pool.map(_work, tasks, chunksize=chunk)


def default_jobs() -> int:
    """The number of processes ``--jobs 0`` means: one per available CPU."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
