"""Benchmark the store: save a national cohort's latest assessments, then summarise it.

Run ``python -m benchmarks.store`` (``--schools N`` for another size). The framework is
synthetic but Becta-shaped: a five-level scale (5 worst, 1 best), 8 sections of 4 strands, two
criteria per level. A pool of distinct evidence sets is assessed once and shared out among the
schools, so the figures measure the store, not the engine.

``run()`` is what the ``make bench`` harness calls; it returns the figures in seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import attrs

from ictrules import (
    Assessment,
    Criterion,
    Engine,
    Evidence,
    FactSpec,
    FactType,
    Framework,
    Level,
    LevelRules,
    School,
    Section,
    Strand,
    hookimpl,
)
from ictrules.store import Store

__all__ = ["SCHOOLS", "main", "run"]

#: Roughly the number of state-funded schools in England.
SCHOOLS = 22_000
SECTIONS = 8
STRANDS_PER_SECTION = 4
SCALE = (Level(5, "Not yet"), Level(4, "Aware"), Level(3, "Developing"), Level(2, "Embedding"),
         Level(1, "Leading"))  # fmt: skip
AS_OF = dt.date(2026, 9, 1)


def _fact(strand: str, level: int, which: int) -> str:
    return f"s{strand}.l{level}_{which}"


def _facts() -> list[FactSpec]:
    return [
        FactSpec(_fact(f"{s}_{t}", level, which), FactType.PROPORTION, "share", "What share?")
        for s in range(SECTIONS)
        for t in range(STRANDS_PER_SECTION)
        for level in (4, 3, 2, 1)
        for which in (1, 2)
    ]


def _framework() -> Framework:
    sections = []
    for s in range(SECTIONS):
        strands = []
        for t in range(STRANDS_PER_SECTION):
            code = f"{s}_{t}"
            levels = [LevelRules(5, "Not yet started.")]
            for level in (4, 3, 2, 1):
                criteria = tuple(
                    Criterion(
                        f"c{code}-{level}-{which}",
                        f"{_fact(code, level, which)} >= 'most'",
                        f"Most staff meet expectation {which} of level {level}.",
                        f"Bring most staff to expectation {which} of level {level}.",
                    )
                    for which in (1, 2)
                )
                levels.append(LevelRules(level, f"Descriptor of level {level}.", criteria))
            strands.append(Strand(code, f"Strand {code}", tuple(levels)))
        sections.append(Section(str(s), f"Section {s}", tuple(strands)))
    return Framework("bench-srf", "Benchmark framework", "1.0", "synthetic", SCALE, tuple(sections))


class BenchPlugin:
    """Supplies the synthetic framework."""

    @hookimpl
    def ictrules_facts(self) -> Iterable[FactSpec]:
        return _facts()

    @hookimpl
    def ictrules_frameworks(self) -> Iterable[Framework]:
        return [_framework()]


def _pool(engine: Engine, size: int, seed: int) -> list[tuple[Assessment, Evidence]]:
    rng = random.Random(seed)
    ids = [spec.id for spec in engine.facts.values()]
    pool = []
    for _ in range(size):
        values = {fact: rng.choice(["some", "most", "almost_all", 0.8]) for fact in ids}
        for fact in rng.sample(ids, k=len(ids) // 5):
            del values[fact]  # some facts unknown
        evidence = engine.load_evidence({"facts": values})
        pool.append((engine.assess(evidence, "bench-srf", as_of=AS_OF), evidence))
    return pool


def run(
    schools: int = SCHOOLS,
    directory: Path | None = None,
    *,
    distinct: int = 200,
    batch: int = 1_000,
    seed: int = 2026,
) -> dict[str, float]:
    """Save ``schools`` assessments and summarise them; returns timings in seconds and sizes.

    Keys: ``insert_seconds`` (all schools, ``batch`` per transaction), ``single_save_ms``
    (mean of 200 saves, one transaction each), ``cohort_seconds`` (the cohort summary),
    ``standing_seconds`` (one school against the cohort), ``history_seconds`` (one school's
    history), ``schools``, ``strands`` and ``file_mb``.
    """
    engine = Engine([("bench", BenchPlugin())])
    pool = _pool(engine, distinct, seed)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(directory or scratch) / "bench-store.sqlite"
        if path.exists():
            raise FileExistsError(f"{path} exists; give an empty directory")
        with Store(path) as store:
            started = time.perf_counter()
            for first in range(0, schools, batch):
                items = []
                for number in range(first, min(first + batch, schools)):
                    assessment, evidence = pool[number % distinct]
                    school = School(f"URN {100000 + number}", f"School {number}")
                    items.append(
                        (
                            attrs.evolve(assessment, school=school),
                            attrs.evolve(evidence, school=school),
                        )
                    )
                store.save_many(items, engine)
            insert = time.perf_counter() - started

            started = time.perf_counter()
            singles = 200
            for number in range(singles):
                assessment, evidence = pool[number % distinct]
                school = School(f"URN {100000 + number}", f"School {number}")
                later = attrs.evolve(assessment, school=school, as_of=AS_OF + dt.timedelta(1))
                store.save(later, attrs.evolve(evidence, school=school), engine)
            single = (time.perf_counter() - started) / singles

            started = time.perf_counter()
            summary = store.cohort()
            cohort = time.perf_counter() - started
            assert summary.schools == schools

            started = time.perf_counter()
            store.standing("URN 100000")
            standing = time.perf_counter() - started

            started = time.perf_counter()
            store.history("URN 100000")
            history = time.perf_counter() - started
        size = path.stat().st_size / 1e6
    return {
        "schools": float(schools),
        "strands": float(SECTIONS * STRANDS_PER_SECTION),
        "insert_seconds": insert,
        "single_save_ms": single * 1000,
        "cohort_seconds": cohort,
        "standing_seconds": standing,
        "history_seconds": history,
        "file_mb": size,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.store", description=__doc__)
    parser.add_argument("--schools", type=int, default=SCHOOLS, help="schools to save")
    options = parser.parse_args(argv)
    figures = run(options.schools)
    schools, strands = int(figures["schools"]), int(figures["strands"])
    print(f"store benchmark: {schools:,} schools x {strands} strands")
    print(
        f"  insert (1,000 per transaction): {figures['insert_seconds']:.2f} s "
        f"({schools / figures['insert_seconds']:,.0f} assessments/s)"
    )
    print(f"  single save (own transaction):  {figures['single_save_ms']:.2f} ms")
    print(f"  cohort summary:                 {figures['cohort_seconds']:.3f} s")
    print(f"  one school's standing:          {figures['standing_seconds']:.3f} s")
    print(f"  one school's history:           {figures['history_seconds']:.3f} s")
    print(f"  file size:                      {figures['file_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
