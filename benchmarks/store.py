"""Benchmark the store: save a national cohort's latest assessments, then summarise it.

Run ``python -m benchmarks.store`` (``--schools N`` for another size; ``--cli`` to time
``ictrules assess FOLDER --store DB`` instead, with ``--jobs 1`` and ``--jobs 2`` side by
side). Each school's evidence for the Becta framework starts from one of the three example
schools (weak, typical, strong), takes one fact in five from another of them and leaves about
one in six unknown. A pool of
such evidence sets is assessed once and shared out among the schools, so the figures measure
the store, not the engine.

``run()`` is what the ``make bench`` harness calls; it returns the figures. ``run_cli()`` writes
each school's evidence as a JSON file and times the command line saving them all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from ictrules import Assessment, Engine, Evidence, EvidenceError, School
from ictrules._convert import dumps
from ictrules.store import Store

from .timing import time_cli

__all__ = [
    "SCHOOLS",
    "main",
    "run",
    "run_cli",
    "run_synthetic",
    "save_cohort",
    "store_contents",
    "synthetic_pool",
]

#: Roughly the number of state-funded schools in England.
SCHOOLS = 22_000
FRAMEWORK = "becta-srf"
AS_OF = dt.date(2026, 9, 1)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _pool(engine: Engine, size: int, seed: int) -> list[tuple[Assessment, Evidence]]:
    rng = random.Random(seed)
    examples = [
        engine.load_evidence(EXAMPLES / f"{name}-school.toml").to_mapping()["facts"]
        for name in ("weak", "typical", "strong")
    ]
    facts = sorted({fact for example in examples for fact in example})
    pool: list[tuple[Assessment, Evidence]] = []
    while len(pool) < size:
        base = rng.choice(examples)
        values: dict[str, Any] = {}
        for fact in facts:
            if rng.random() < 1 / 6:
                continue  # unknown
            source = base if rng.random() < 0.8 else rng.choice(examples)
            if fact in source:
                values[fact] = source[fact]
        evidence = engine.load_evidence({"facts": values})
        try:
            pool.append((engine.assess(evidence, FRAMEWORK, as_of=AS_OF), evidence))
        except EvidenceError:
            continue  # a mix the framework's entailments call contradictory: draw another
    return pool


def save_cohort(
    store: Store,
    engine: Engine,
    pool: Sequence[tuple[Assessment, Evidence]],
    numbers: Iterable[int],
    *,
    batch: int = 1_000,
) -> None:
    """Save the schools numbered ``numbers``, ``batch`` per transaction: school ``n`` is
    ``URN 100000+n`` with the pool's assessment and evidence ``n`` modulo its size, so a small
    pool stands for a cohort of any size."""
    numbers = iter(numbers)
    while chunk := list(itertools.islice(numbers, batch)):
        items = []
        for number in chunk:
            assessment, evidence = pool[number % len(pool)]
            school = School(f"URN {100000 + number}", f"School {number}")
            items.append(
                (attrs.evolve(assessment, school=school), attrs.evolve(evidence, school=school))
            )
        store.save_many(items, engine)


def synthetic_pool(engine: Engine, size: int) -> list[tuple[Assessment, Evidence]]:
    """``size`` seeded schools of the synthetic framework (``benchmarks.synthetic``), each
    assessed in full: ``(assessment, evidence)`` pairs for ``Store.save_many``."""
    from .synthetic import FRAMEWORK_ID, make_schools

    pool = []
    for number, document in enumerate(make_schools(engine.facts_for(FRAMEWORK_ID), size)):
        school = School(f"URN {100000 + number}", f"School {number}")
        evidence = attrs.evolve(engine.load_evidence(document), school=school)
        pool.append((engine.assess(evidence, FRAMEWORK_ID, as_of=AS_OF), evidence))
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
    engine = Engine.from_installed()
    pool = _pool(engine, distinct, seed)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(directory or scratch) / "bench-store.sqlite"
        if path.exists():
            raise FileExistsError(f"{path} exists; give an empty directory")
        with Store(path) as store:
            started = time.perf_counter()
            save_cohort(store, engine, pool, range(schools), batch=batch)
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
        "strands": float(len(engine.framework(FRAMEWORK).strands)),
        "insert_seconds": insert,
        "single_save_ms": single * 1000,
        "cohort_seconds": cohort,
        "standing_seconds": standing,
        "history_seconds": history,
        "file_mb": size,
    }


def store_contents(path: Path) -> list[tuple[object, ...]]:
    """Every row of a store's assessments and strand results, in id order: two stores with the
    same contents hold the same assessments, byte for byte."""
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT * FROM assessments ORDER BY id").fetchall()
        rows += db.execute("SELECT * FROM strand_results ORDER BY assessment, position").fetchall()
    return rows


def run_cli(
    schools: int = 2_000,
    jobs: Sequence[int] = (1, 2),
    *,
    distinct: int = 200,
    seed: int = 2026,
    repeat: int = 1,
) -> dict[str, Any]:
    """Write ``schools`` evidence files (JSON, Becta) and time ``ictrules assess FOLDER --store
    DB --format csv -o FILE --jobs N`` for each of ``jobs``, taking turns ``repeat`` times, each
    run into a new store. Returns ``{"schools": n, "seconds": {jobs: [seconds, ...]},
    "identical": bool}``; ``identical`` says whether every run left the same store rows and the
    same summary."""
    engine = Engine.from_installed()
    pool = _pool(engine, distinct, seed)
    seconds: dict[int, list[float]] = {count: [] for count in jobs}
    contents, summaries = set(), set()
    with tempfile.TemporaryDirectory(prefix="ictrules-store-cli-") as scratch:
        folder = Path(scratch) / "returns"
        folder.mkdir()
        for number in range(schools):
            document = pool[number % distinct][1].to_mapping()
            document["school"] = {"id": f"URN {100000 + number}", "name": f"School {number}"}
            (folder / f"school-{number:05d}.json").write_text(dumps(document), encoding="utf-8")
        for turn in range(repeat):
            for count in jobs:
                store = Path(scratch) / f"store-{turn}-{count}.sqlite"
                summary = Path(scratch) / f"summary-{turn}-{count}.csv"
                command = [
                    "assess", str(folder),
                    "--framework", FRAMEWORK, "--as-of", AS_OF.isoformat(),
                    "--store", str(store), "--format", "csv", "-o", str(summary),
                    "--jobs", str(count),
                ]  # fmt: skip
                seconds[count].append(time_cli(command))
                contents.add(repr(store_contents(store)))
                summaries.add(summary.read_bytes())
    return {
        "schools": schools,
        "seconds": seconds,
        "identical": len(contents) == 1 and len(summaries) == 1,
    }


def run_synthetic(schools: int = 2_000, *, repeat: int = 3) -> dict[str, float]:
    """Save ``schools`` full assessments of the synthetic framework (``benchmarks.synthetic``:
    12 strands, 65 facts) in one transaction, ``repeat`` times into new stores; return the best
    rates: ``saved_per_second`` for ``Store.save_many`` of ``(assessment, evidence)`` pairs,
    ``prepared_per_second`` for serialising them alone (``prepare_assessment``: the cattrs
    unstructuring, JSON and compression), ``inserted_per_second`` for saving the prepared
    records (the SQLite transaction), and ``bytes_each`` (the stored assessment and evidence)."""
    from ictrules.store.database import prepare_assessment

    from .synthetic import make_framework, synthetic_engine

    engine = synthetic_engine(make_framework())
    items = synthetic_pool(engine, schools)
    saved, prepared, inserted = [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        for turn in range(repeat):
            with Store(Path(scratch) / f"pairs-{turn}.sqlite") as store:
                began = time.perf_counter()
                store.save_many(items, engine)
                saved.append(time.perf_counter() - began)
            began = time.perf_counter()
            records = [prepare_assessment(assessment, evidence) for assessment, evidence in items]
            prepared.append(time.perf_counter() - began)
            with Store(Path(scratch) / f"prepared-{turn}.sqlite") as store:
                began = time.perf_counter()
                store.save_many(records, engine)
                inserted.append(time.perf_counter() - began)
    stored = [len(str(r.row[7]).encode()) + len(bytes(r.row[10])) for r in records]
    size = sum(stored) / len(stored)
    return {
        "schools": float(schools),
        "saved_per_second": schools / min(saved),
        "prepared_per_second": schools / min(prepared),
        "inserted_per_second": schools / min(inserted),
        "bytes_each": size,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.store", description=__doc__)
    parser.add_argument("--schools", type=int, default=SCHOOLS, help="schools to save")
    parser.add_argument(
        "--cli",
        action="store_true",
        help="time 'ictrules assess FOLDER --store DB' with --jobs 1 and 2 (default 2,000 schools)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="with --cli: turns each")
    parser.add_argument(
        "--synthetic",
        action="store_true",
        help="the save rate of the synthetic framework's full assessments in one transaction "
        "(default 2,000 schools)",
    )
    options = parser.parse_args(argv)
    if options.synthetic:
        schools = options.schools if options.schools != SCHOOLS else 2_000
        rates = run_synthetic(schools)
        print(f"store, synthetic framework: {schools:,} full assessments in one transaction")
        print(f"  save_many (serialise and insert): {rates['saved_per_second']:,.0f} a second")
        print(f"  serialising alone:                {rates['prepared_per_second']:,.0f} a second")
        print(f"  inserting prepared records:       {rates['inserted_per_second']:,.0f} a second")
        print(f"  stored bytes each:                {rates['bytes_each']:,.0f}")
        return 0
    if options.cli:
        schools = options.schools if options.schools != SCHOOLS else 2_000
        result = run_cli(schools, repeat=options.repeat)
        serial = min(result["seconds"][1])
        print(f"ictrules assess FOLDER --store DB: {schools:,} Becta evidence files")
        for count, times in result["seconds"].items():
            best = min(times)
            print(
                f"  --jobs {count}: {best:.2f} s ({schools / best:,.0f} schools/s; "
                f"{serial / best:.2f}x the serial speed)  runs: "
                + ", ".join(f"{t:.2f}" for t in times)
            )
        print(f"  every run's store and summary identical: {result['identical']}")
        return 0
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
