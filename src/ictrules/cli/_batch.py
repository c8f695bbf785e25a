"""Assessing many evidence files: in this process or a pool of processes, with progress.

Results always come back in input order, so the output is the same whatever ``--jobs`` is.

Workers ignore Ctrl-C (SIGINT reaches the whole process group): the main process alone stops,
terminates every worker at once and exits 130, so no worker is left behind or prints a
traceback. A worker that cannot start, or that dies, is one clean error.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import datetime as dt
import itertools
import os
import signal
import threading
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import attrs

from .._convert import data_to_write, dumps_items
from .._text import PREVIEW_LENGTH
from ..assessments import Assessment
from ..commands import CliError, PluginSettings, build_engine
from ..engine import Engine
from ..errors import IctrulesError, PluginError
from ..files import SUFFIXES
from ..store.database import PreparedAssessment, prepare_assessment

__all__ = [
    "Outcome",
    "WorkerError",
    "assess_files",
    "default_jobs",
    "evidence_files",
]


def evidence_files(arguments: Sequence[str]) -> list[str]:
    """The evidence files named, with each folder replaced by the evidence files inside it
    (recursively, sorted, hidden files skipped). A missing file is kept: loading it reports it.
    Each is a path as text, as ``str(Path(...))`` would give it: a folder of thousands of files
    needs no ``Path`` made for each."""
    found: list[str] = []
    for argument in arguments:
        path = str(Path(argument))  # as a path names it: "./a.json" is "a.json"
        if os.path.isdir(path):
            inside = _files_inside(path)
            if not inside:
                known = ", ".join(sorted(SUFFIXES))
                raise CliError(f"folder {argument} holds no evidence files ({known})")
            found.extend(inside)
        else:
            found.append(path)
    return found


def _files_inside(folder: str) -> list[str]:
    """The evidence files in ``folder`` and the folders below it, hidden ones skipped, in the
    order of their paths (as sorting the paths would give, without making a path to compare)."""
    found: list[tuple[tuple[str, ...], str]] = []
    for where, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        parts = Path(where).relative_to(folder).parts
        for name in files:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES:
                found.append(((*parts, name), os.path.join(where, name)))
    found.sort()
    return [path for _, path in found]


@attrs.frozen
class Outcome:
    """One file's result: an assessment, or the error message that stopped it; with ``store``
    the full assessment and its evidence serialised for the store as well (``prepared``); with
    ``written``, the assessment's JSON as a member of the summary's array (``text``, see
    :func:`~ictrules._convert.array_pieces`) in place of the assessment."""

    path: str
    assessment: Assessment | None = None
    error: str | None = None
    bug: bool = False  # the error is a plugin's bug, not bad evidence
    prepared: PreparedAssessment | None = None
    text: str | None = None


def _assess_one(engine: Engine, path: str, task: Task) -> Outcome:
    framework, as_of, slim, store, written = task
    try:
        evidence = engine.load_evidence(path, framework, as_of=as_of)
        # A summary reads levels only: the compiled fast path, without reasons (a tenth of the
        # size to send back from a worker process, too).
        assessment = engine.assess(evidence, framework, as_of=as_of, explain=store or not slim)
        # The store keeps the full assessment: serialised here, in the worker that made it, so
        # that only its bytes travel and the main process only inserts them.
        prepared = prepare_assessment(assessment, evidence) if store else None
        if written:  # the JSON summary's member, written here too: the main process only writes
            text = dumps_items([data_to_write(assessment)], 0)
            return Outcome(path, prepared=prepared, text=text)
        if store and slim:  # the summary's levels-only result, from the full one
            assessment = _without_reasons(assessment)
    except IctrulesError as exc:
        return Outcome(path, error=str(exc), bug=isinstance(exc, PluginError))
    except Exception as exc:  # a bug: said for this file, and the others are still assessed
        text = str(exc)
        text = text if len(text) <= PREVIEW_LENGTH else text[:PREVIEW_LENGTH] + "..."
        message = f"internal error: {type(exc).__name__}: {text}"
        hint = "a bug in ictrules or a plugin: assess this file alone with --debug to see where"
        return Outcome(path, error=f"{path}: {message} ({hint})", bug=True)
    return Outcome(path, assessment, prepared=prepared)


def _without_reasons(assessment: Assessment) -> Assessment:
    """What ``assess(..., explain=False)`` gives, from a full assessment: each strand without
    its criteria, actions and missing evidence (its levels, descriptor and judgement are the
    same either way), rather than assessing the school a second time."""
    return attrs.evolve(
        assessment,
        strands=tuple(
            attrs.evolve(strand, criteria=(), actions=(), missing=())
            for strand in assessment.strands
        ),
    )


#: What to do with each file: the framework and ``as_of``, then ``slim``, ``store`` and
#: ``written`` (see :func:`assess_files`).
Task = tuple[str, dt.date, bool, bool, bool]

_worker_engine: list[Engine] = []
_worker_failure: list[str] = []


class WorkerError(CliError):
    """A worker process could not start, or stopped while it worked."""


def _init_worker(settings: PluginSettings) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    try:
        _worker_engine.append(build_engine(settings))
    except Exception as exc:  # reported once, by the first task, not as a traceback here
        _worker_failure.append(f"{type(exc).__name__}: {exc}")


def _work(paths: Sequence[str], task: Task) -> list[Outcome]:
    if _worker_failure:
        raise WorkerError(f"a worker process could not start: {_worker_failure[0]}")
    return [_assess_one(_worker_engine[0], path, task) for path in paths]


@contextlib.contextmanager
def _interrupts_held() -> Iterator[list[int]]:
    """Hold Ctrl-C while worker processes start (they inherit the handler until they ignore
    it), then raise it: an interrupt never lands half-way through starting a worker."""
    held: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    previous = signal.signal(signal.SIGINT, lambda number, frame: held.append(number))
    try:
        yield held
    finally:
        signal.signal(signal.SIGINT, previous)
    if held:
        raise KeyboardInterrupt


#: How many chunks of files each worker may have sent to it, or back, before the main process
#: takes their outcomes: a bound on the outcomes held while they wait for the output (a JSON
#: summary piped into a slower reader, say), which otherwise grow to every file's.
_AHEAD = 3


def _stop(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Stop every worker now: cancel what has not started and terminate the processes."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)


def assess_files(
    engine: Engine,
    settings: PluginSettings,
    paths: Sequence[str],
    framework: str,
    as_of: dt.date,
    jobs: int,
    *,
    slim: bool = False,
    store: bool = False,
    written: bool = False,
) -> Generator[Outcome, None, None]:
    """Assess each file, yielding outcomes in input order, each as soon as it and those
    before it are done.

    With ``jobs`` above 1, a process pool of that many workers (each building its own engine
    from ``settings``) does the work. ``slim`` keeps only what a summary reads
    (``Engine.assess(..., explain=False)``); ``store`` also makes each full assessment and
    serialises it with its evidence for the store (:func:`prepare_assessment`, in the worker);
    ``written`` gives each full assessment as its JSON (:attr:`Outcome.text`) rather than as an
    object, which is smaller to send back from a worker and already written. All are done the
    same way whichever way the work is done, so the output cannot differ.
    """
    task: Task = (framework, as_of, slim, store, written)
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield _assess_one(engine, path, task)
        return
    workers = min(jobs, len(paths))
    size = max(1, min(64, len(paths) // (workers * 8)))
    chunks = iter([paths[start : start + size] for start in range(0, len(paths), size)])
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(settings,)
    )
    try:
        # a few chunks a worker ahead of what has been taken, never every file's outcome
        with _interrupts_held():
            ahead = collections.deque(
                pool.submit(_work, piece, task)
                for piece in itertools.islice(chunks, _AHEAD * workers)
            )
        while ahead:
            done = ahead.popleft().result()
            for piece in itertools.islice(chunks, 1):
                ahead.append(pool.submit(_work, piece, task))
            yield from done
    except BrokenProcessPool:
        _stop(pool)
        raise WorkerError(
            "a worker process stopped unexpectedly (killed, or out of memory?); rerun with "
            "--jobs 1 to see which file it was"
        ) from None
    except KeyboardInterrupt:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # stopping: a second Ctrl-C waits
        _stop(pool)
        raise
    except BaseException:
        # The reader stopped early (its output failed: a closed pipe, a full disk) or a
        # worker's task raised: what has not started is cancelled and the chunks running
        # finish. Terminating them could cut a result half-written into the pipe the pool's
        # thread reads, and the interpreter waits on that thread at exit: for ever.
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def default_jobs() -> int:
    """The number of processes ``--jobs 0`` means: one per available CPU."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
