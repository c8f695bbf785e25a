"""Time ``Assessment.to_json`` and ``Assessment.from_json`` per school (issue 18: at most 150 us
each on the synthetic framework).

Run ``python -m benchmarks.json_io`` for this checkout's figures, or ``python -m
benchmarks.json_io --against REV`` to compare with the ``src`` of git revision ``REV`` side by
side: the two run in fresh processes taking turns, ``--rounds`` times, and each case's figure
is the median over the rounds of each process's best of ``--repeat`` passes. Each pass writes
(or reads) every school of a corpus, keeping the results, as a caller would; the collector
stays on. The corpora: the seeded synthetic framework's schools (12 strands x 4 levels, 65
facts) and as many Becta assessments of evidence mixed from the three example schools (as
``benchmarks.store`` makes them). Every process also checks that each text reads back as the
assessment it came from, and reports a digest of all the texts, which must be the same for
both revisions: the output is byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ictrules import Assessment, Engine

from . import cases
from .store import _pool
from .synthetic import AS_OF, FRAMEWORK_ID
from .timing import ROOT, run_python

__all__ = ["corpora", "main", "measure"]


def corpora(schools: int) -> dict[str, list[Assessment]]:
    """``schools`` synthetic assessments and as many Becta ones."""
    state = cases.setup(schools)
    synthetic = [state.engine.assess(e, FRAMEWORK_ID, as_of=AS_OF) for e in state.evidence]
    becta = [assessment for assessment, _ in _pool(Engine.from_installed(), schools, 2026)]
    return {"synthetic": synthetic, "becta-srf": becta}


def _best_us(work: Callable[[], object], items: int, repeat: int) -> float:
    """The best of ``repeat`` passes of ``work()``, in microseconds per item, after a warm-up."""
    work()
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - began)
    return best / items * 1e6


def measure(schools: int, repeat: int) -> dict[str, Any]:
    """Per corpus: to_json and from_json in microseconds per school, and the texts' digest."""
    import ictrules

    figures: dict[str, Any] = {"ictrules": ictrules.__file__}
    for name, assessments in corpora(schools).items():
        texts = [assessment.to_json() for assessment in assessments]
        if [Assessment.from_json(text) for text in texts] != assessments:
            raise AssertionError(f"{name}: an assessment did not read back as itself")
        digest = hashlib.sha256("".join(texts).encode("utf-8", "surrogatepass")).hexdigest()
        figures[name] = {
            "to_json": _best_us(lambda a=assessments: [x.to_json() for x in a], len(texts), repeat),
            "from_json": _best_us(
                lambda t=texts: [Assessment.from_json(x) for x in t], len(texts), repeat
            ),
            "bytes": sum(map(len, texts)) // len(texts),
            "digest": digest,
        }
    return figures


def _export(revision: str, into: Path) -> Path:
    """``revision``'s ``src`` folder, written under ``into``."""
    archive = subprocess.run(
        ["git", "archive", revision, "src"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def _worker(src: Path, schools: int, repeat: int) -> dict[str, Any]:
    path = os.pathsep.join([str(src), str(ROOT)])
    args = ["-m", "benchmarks.json_io", "--worker", f"--schools={schools}", f"--repeat={repeat}"]
    result: dict[str, Any] = run_python(args, env={"PYTHONPATH": path})
    return result


def compare(revision: str, schools: int, repeat: int, rounds: int) -> None:
    """Print this checkout's figures beside ``revision``'s, measured in turns."""
    runs: dict[str, list[dict[str, Any]]] = {revision: [], "this checkout": []}
    with tempfile.TemporaryDirectory() as scratch:
        sources = {revision: _export(revision, Path(scratch)), "this checkout": ROOT / "src"}
        for number in range(rounds):
            order = list(sources) if number % 2 == 0 else list(reversed(sources))
            for who in order:
                runs[who].append(_worker(sources[who], schools, repeat))
    old, new = runs[revision], runs["this checkout"]
    print(f"{schools} schools a corpus, best of {repeat} passes, median of {rounds} rounds (us)")
    print(f"{'case':<24}{revision:>14}{'this checkout':>16}{'ratio':>8}")
    for corpus in ("synthetic", "becta-srf"):
        for case in ("to_json", "from_json"):
            before = statistics.median(run[corpus][case] for run in old)
            after = statistics.median(run[corpus][case] for run in new)
            print(f"{corpus + ' ' + case:<24}{before:>14.1f}{after:>16.1f}{after / before:>8.2f}")
        digests = {run[corpus]["digest"] for run in old + new}
        same = "byte-identical" if len(digests) == 1 else "DIFFERENT"
        print(f"{corpus}: {old[0][corpus]['bytes']:,} bytes a school; output {same}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (see the module's docstring)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.json_io", description=__doc__)
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", metavar="REV", help="a git revision to compare with")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(measure(args.schools, args.repeat)))
    elif args.against:
        compare(args.against, args.schools, args.repeat, args.rounds)
    else:
        figures = measure(args.schools, args.repeat)
        for corpus in ("synthetic", "becta-srf"):
            line = figures[corpus]
            print(
                f"{corpus}: to_json {line['to_json']:.1f} us, from_json {line['from_json']:.1f} us"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
