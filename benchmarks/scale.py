"""``python -m benchmarks.scale``: measured curves of what grows with what, from 1,000 to
1,000,000, for ``docs/explanation/scale.md``.

Every size of every curve runs in a fresh Python process, so each size's peak resident memory
(``VmHWM``) is its own. The curves, on the seeded synthetic framework of
``benchmarks.synthetic`` (12 strands x 4 levels, 65 facts):

- ``levels``: schools streamed from raw mappings, each one generated, loaded and checked
  (``Engine.load_evidence``) and levelled (``Engine.levels``); only the levels are kept.
  1,000 to 1,000,000 schools.
- ``assess``: the same stream, each school assessed in full (``Engine.assess``) and written as
  JSON (``Assessment.to_json``); nothing is kept. 1,000 to 100,000 schools.
- ``store``: full assessments saved with ``Store.save_many`` (1,000 a transaction) into a new
  SQLite file, then the cohort summary read back. 1,000 to 100,000 assessments.
- ``refresh``: the refresh plan of a seeded estate (``benchmarks.refresh``), 1,000 to
  1,000,000 assets.
- ``facts``: 10,000 schools loaded and levelled under frameworks with 1, 2 and 4 times the
  synthetic framework's facts and criteria (65, 130 and 260 facts).

Inputs are generated as the work goes, a thousand at a time, and their generation is not timed.
Sizes under 10,000 are the median of three passes; larger ones run once.

Options: ``--quick`` (1,000 and 10,000 only), ``--sizes N [N ...]`` (for every curve but
``facts``), ``--facts N [N ...]`` (multiples of 65), ``--curves levels,assess,...``,
``--write`` (replace the measured block of the page, between ``<!-- scale-curves:start -->``
and ``<!-- scale-curves:end -->``; without it the tables are printed), ``--page PATH``.
Progress goes to stderr as each size runs.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from ictrules import Assessment, Engine, Evidence
from ictrules.store import Store

from .memory import peak_rss_mib
from .report import environment
from .store import save_cohort, synthetic_pool
from .synthetic import (
    AS_OF,
    FACT_TYPES,
    FRAMEWORK_ID,
    SyntheticFramework,
    iter_schools,
    make_framework,
    synthetic_engine,
)
from .timing import ROOT, run_python

__all__ = [
    "CURVES",
    "END",
    "PAGE",
    "START",
    "Curve",
    "facts_curve",
    "main",
    "measure",
    "measure_in_child",
    "render",
    "replace_block",
]

PAGE = ROOT / "docs" / "explanation" / "scale.md"
START = "<!-- scale-curves:start -->"
END = "<!-- scale-curves:end -->"
MILLION = 1_000_000
QUICK = (1_000, 10_000)
#: Schools generated, loaded and assessed at a time: what the stream holds at once.
BATCH = 1_000
#: Schools levelled under each framework of the ``facts`` curve.
FACT_SCHOOLS = 10_000
#: Distinct assessments the store curve shares out among its schools (as ``benchmarks.store``).
POOL = 200
#: Roughly the state-funded schools in England: one year of a national store's history.
NATIONAL = 22_000
#: A per-item cost within this factor of the smallest size's counts as flat.
FLAT = 1.25
#: Peak memory that grows less than this (MiB) from the smallest size to the largest is bounded.
BOUNDED_MIB = 32.0
BASE_FACTS = sum(count for _, count in FACT_TYPES)

Point = dict[str, Any]


@attrs.frozen
class Curve:
    """One curve: what it measures, at which sizes, and the columns of its table.

    ``run(size)`` does the work once and returns at least ``seconds`` (the timed work);
    ``items`` is how many items (``item``) one size does when it is not the size itself (the
    ``facts`` curve: its size is the framework's facts, its items the schools). ``columns`` are
    the curve's own columns (header, key of the point, format); ``keeps`` says what stays in
    memory as the size grows.
    """

    name: str
    title: str
    about: str
    unit: str
    item: str
    sizes: tuple[int, ...]
    run: Callable[[int], Point]
    columns: tuple[tuple[str, str, str], ...]
    keeps: str = ""
    items: int | None = None


# --- the work -------------------------------------------------------------------------------------


@functools.cache
def _synthetic(times: int = 1) -> tuple[SyntheticFramework, Engine]:
    """The synthetic framework (``times`` its facts and criteria) and its engine, warmed up."""
    synthetic = make_framework(times=times)
    engine = synthetic_engine(synthetic)
    for evidence in map(engine.load_evidence, iter_schools(synthetic.facts, 100, seed=0)):
        engine.levels(evidence, FRAMEWORK_ID, as_of=AS_OF)
        engine.assess(evidence, FRAMEWORK_ID, as_of=AS_OF).to_json()
    return synthetic, engine


@functools.cache
def _pool() -> list[tuple[Assessment, Evidence]]:
    return synthetic_pool(_synthetic()[1], POOL)


def _batches(synthetic: SyntheticFramework, count: int) -> Iterator[list[dict[str, Any]]]:
    """``count`` seeded school mappings, :data:`BATCH` at a time."""
    schools = iter_schools(synthetic.facts, count)
    while batch := list(itertools.islice(schools, BATCH)):
        yield batch


def _progress(name: str, total: int, unit: str) -> Callable[[int], None]:
    """A callback taking how many items are done, saying so on stderr at each tenth of a size of
    100,000 or more (smaller sizes are over in seconds)."""
    began = time.perf_counter()
    step = total // 10 if total >= 100_000 else total + 1
    due = step

    def done(count: int) -> None:
        nonlocal due
        if count >= due and count < total:
            seconds = time.perf_counter() - began
            print(f"    {name}: {count:,} of {total:,} {unit} ({seconds:.0f} s)", file=sys.stderr)
            while due <= count:
                due += step

    return done


def _load_and_level(times: int, schools: int, name: str) -> Point:
    synthetic, engine = _synthetic(times)
    progress = _progress(name, schools, "schools")
    kept: list[dict[str, tuple[int, int]]] = []
    load = levels = 0.0
    for batch in _batches(synthetic, schools):
        began = time.perf_counter()
        evidence = [engine.load_evidence(mapping) for mapping in batch]
        loaded = time.perf_counter()
        kept.extend(engine.levels(e, FRAMEWORK_ID, as_of=AS_OF) for e in evidence)
        load += loaded - began
        levels += time.perf_counter() - loaded
        progress(len(kept))
    return {
        "seconds": load + levels,
        "load_us": load / schools * 1e6,
        "levels_us": levels / schools * 1e6,
        "kept": len(kept),
    }


def levels_curve(schools: int) -> Point:
    """Schools from raw mappings to checked evidence to levels, keeping only the levels."""
    return _load_and_level(1, schools, "levels")


def assess_curve(schools: int) -> Point:
    """Schools from raw mappings to a full assessment and its JSON, keeping nothing."""
    synthetic, engine = _synthetic()
    progress = _progress("assess", schools, "schools")
    load = assess = write = 0.0
    characters = done = 0
    for batch in _batches(synthetic, schools):
        began = time.perf_counter()
        evidence = [engine.load_evidence(mapping) for mapping in batch]
        load += time.perf_counter() - began
        for one in evidence:  # one assessment at a time: a batch of them would be 40 MB
            began = time.perf_counter()
            assessment = engine.assess(one, FRAMEWORK_ID, as_of=AS_OF)
            assessed = time.perf_counter()
            characters += len(assessment.to_json())
            assess += assessed - began
            write += time.perf_counter() - assessed
        done += len(batch)
        progress(done)
    return {
        "seconds": load + assess + write,
        "load_us": load / schools * 1e6,
        "assess_us": assess / schools * 1e6,
        "json_us": write / schools * 1e6,
        "json_kb": characters / schools / 1e3,
    }


def store_curve(assessments: int) -> Point:
    """Full assessments saved into a new store, 1,000 a transaction; then its cohort summary."""
    _, engine = _synthetic()
    pool = _pool()
    progress = _progress("store", assessments, "assessments")
    step = max(BATCH, assessments // 10)
    with tempfile.TemporaryDirectory(prefix="ictrules-scale-") as scratch:
        path = Path(scratch) / "scale.sqlite"
        with Store(path) as store:
            began = time.perf_counter()
            for first in range(0, assessments, step):
                last = min(first + step, assessments)
                save_cohort(store, engine, pool, range(first, last), batch=BATCH)
                progress(last)
            saved = time.perf_counter() - began
            began = time.perf_counter()
            summary = store.cohort()
            cohort = time.perf_counter() - began
        if summary.schools != assessments:
            raise RuntimeError(f"the store holds {summary.schools} schools, not {assessments}")
        size = path.stat().st_size
    return {
        "seconds": saved,
        "per_second": assessments / saved,
        "file_mb": size / 1e6,
        "kb_each": size / assessments / 1e3,
        "cohort_seconds": cohort,
    }


def refresh_curve(assets: int) -> Point:
    """A seeded estate's refresh plan (``benchmarks.refresh.bench_plan``), the plan alone timed."""
    from .refresh import bench_plan

    result = bench_plan(assets)
    return {
        # its seconds are rounded to the millisecond; its rate keeps the precision of 1,000 assets
        "seconds": assets / result["assets_per_second"],
        "cpu_seconds": result["cpu_seconds"],
        "events": result["events"],
    }


def _facts_run(facts: int, schools: int) -> Point:
    times = facts // BASE_FACTS
    synthetic, _ = _synthetic(times)
    criteria = sum(
        len(level.criteria) for strand in synthetic.framework.strands for level in strand.levels
    )
    return {**_load_and_level(times, schools, "facts"), "criteria": criteria}


def facts_curve(schools: int = FACT_SCHOOLS) -> Curve:
    """The ``facts`` curve: ``schools`` loaded and levelled under each framework size."""
    return Curve(
        "facts",
        "Facts and criteria: load and levels per school",
        f"{schools:,} schools loaded and levelled (as in the first curve) under wider synthetic "
        f"frameworks: a multiple of the {BASE_FACTS} facts, each type alike, and about the same "
        "multiple of criteria at each level (the same 12 strands and 4 levels).",
        "facts",
        "school",
        (BASE_FACTS, 2 * BASE_FACTS, 4 * BASE_FACTS),
        functools.partial(_facts_run, schools=schools),
        (
            ("criteria", "criteria", ",d"),
            ("load us", "load_us", ",.1f"),
            ("levels us", "levels_us", ",.1f"),
        ),
        items=schools,
    )


CURVES: dict[str, Curve] = {
    curve.name: curve
    for curve in (
        Curve(
            "levels",
            "Schools: raw evidence to levels",
            "Each school's evidence generated as a mapping, loaded and checked "
            "(`Engine.load_evidence`) and levelled (`Engine.levels`), a thousand at a time; "
            "each school's levels are kept, its mapping and evidence are not.",
            "schools",
            "school",
            (1_000, 10_000, 100_000, MILLION),
            levels_curve,
            (("load us", "load_us", ",.1f"), ("levels us", "levels_us", ",.1f")),
            "the levels of every school are kept, the evidence is not",
        ),
        Curve(
            "assess",
            "Schools: full explained assessment and its JSON",
            "The same stream, each school assessed in full (`Engine.assess`: levels, and every "
            "criterion's truth value) and written as JSON with every reason "
            "(`Assessment.to_json()`, which writes the reasons `assess` left to be worked out); "
            "nothing is kept.",
            "schools",
            "school",
            (1_000, 10_000, 100_000),
            assess_curve,
            (
                ("load us", "load_us", ",.1f"),
                ("assess us", "assess_us", ",.1f"),
                ("JSON us", "json_us", ",.1f"),
                ("JSON kB each", "json_kb", ",.1f"),
            ),
            "nothing is kept",
        ),
        Curve(
            "store",
            "Store: assessments saved",
            f"Full assessments (a pool of {POOL} shared out, each saved under its own school) "
            "saved by `Store.save_many`, 1,000 a transaction, into a new SQLite file; then the "
            "cohort summary read back. A year of a school's history is one more assessment.",
            "assessments",
            "assessment",
            (1_000, 10_000, 100_000),
            store_curve,
            (
                ("saved a second", "per_second", ",.0f"),
                ("file MB", "file_mb", ",.1f"),
                ("kB each", "kb_each", ",.1f"),
                ("cohort summary s", "cohort_seconds", ",.3f"),
            ),
            "the store is on disk; the process holds a transaction's assessments",
        ),
        Curve(
            "refresh",
            "Refresh plans: assets planned",
            "A seeded estate (`benchmarks/refresh.py`: a large trust's mix of categories and "
            "statuses) planned over five years by `plan_refresh`; the plan alone is timed.",
            "assets",
            "asset",
            (1_000, 10_000, 100_000, MILLION),
            refresh_curve,
            (("CPU s", "cpu_seconds", ",.2f"), ("events", "events", ",d")),
            "the inventory and its plan are held whole",
        ),
        facts_curve(),
    )
}


def measure(curve: Curve, size: int) -> Point:
    """One size of ``curve`` in this process: the median of three passes under 10,000 items,
    one pass from there; with the process's peak resident memory."""
    items = curve.items or size
    passes = sorted(
        (curve.run(size) for _ in range(3 if items < 10_000 else 1)), key=lambda p: p["seconds"]
    )
    point = passes[len(passes) // 2]
    return {
        **point,
        "size": size,
        "items": items,
        "per_item_us": point["seconds"] / items * 1e6,
        "peak_mib": peak_rss_mib(),
    }


def measure_in_child(name: str, size: int) -> Point:
    """One size of the curve ``name`` in a fresh process (its progress shown on stderr)."""
    point: Point = run_python(
        ["-m", "benchmarks.scale", "--child", name, str(size)], show_stderr=True
    )
    return point


# --- the tables -----------------------------------------------------------------------------------


def _seconds(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.0f} s" if seconds >= 10 else f"{seconds:.1f} s"


def _table(curve: Curve, points: Sequence[Point]) -> list[str]:
    first = points[0]
    headers = [
        curve.unit,
        "seconds",
        f"us per {curve.item}",
        f"per {curve.item} vs {first['size']:,} {curve.unit}",
        *(header for header, _, _ in curve.columns),
        "peak MiB",
    ]
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    for point in points:
        cells = [
            f"{point['size']:,}",
            f"{point['seconds']:,.3f}",
            f"{point['per_item_us']:,.1f}",
            f"{point['per_item_us'] / first['per_item_us']:.2f}x",
            *(format(point[key], spec) for _, key, spec in curve.columns),
            f"{point['peak_mib']:,.0f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _growth(curve: Curve, points: Sequence[Point]) -> str:
    """What the table says about time: flat per item (linear growth) or not, and from where."""
    first, last = points[0], points[-1]
    ratio = last["per_item_us"] / first["per_item_us"]
    if curve.items is not None:  # the size is not the item count: per item should follow it
        wider = last["size"] / first["size"]
        if ratio < wider / FLAT:  # what every school costs whatever its facts weighs more
            verdict = "more slowly than the facts"
        elif ratio <= wider * FLAT:
            verdict = "in proportion to the facts"
        else:
            verdict = "faster than the facts grow"
        return (
            f"With {wider:g} times the facts ({last['size']:,}), a school costs {ratio:.2f} "
            f"times as much to load and level: the cost per school grows {verdict}."
        )
    sizes = f"From {first['size']:,} to {last['size']:,} {curve.unit}"
    beyond = [p for p in points if p["per_item_us"] / first["per_item_us"] > FLAT]
    if not beyond:
        if ratio < 1 / FLAT:  # fixed costs (start-up, first calls) spread over more items
            return (
                f"{sizes}, the time per {curve.item} falls ({ratio:.2f} times the first): the "
                f"time grows no faster than the {curve.unit}, and a little slower."
            )
        return (
            f"{sizes}, the time per {curve.item} stays flat ({ratio:.2f} times the first): the "
            f"time grows linearly with the {curve.unit}."
        )
    where = beyond[0]
    return (
        f"{sizes}, the time per {curve.item} rises to {ratio:.2f} times the first, above "
        f"{FLAT:.2f} times from {where['size']:,}: from there the time grows faster than the "
        f"{curve.unit}."
    )


def _memory(curve: Curve, points: Sequence[Point]) -> str:
    if not curve.keeps or len(points) < 2:
        return ""
    first, last = points[0], points[-1]
    grown = last["peak_mib"] - first["peak_mib"]
    if grown < BOUNDED_MIB:
        return (
            f"Peak memory stays between {min(p['peak_mib'] for p in points):,.0f} and "
            f"{max(p['peak_mib'] for p in points):,.0f} MiB at every size ({curve.keeps})."
        )
    each = grown * 2**20 / (last["size"] - first["size"])
    return (
        f"Peak memory grows by about {each:,.0f} bytes per {curve.item} ({curve.keeps}), to "
        f"{last['peak_mib']:,.0f} MiB at {last['size']:,}."
    )


def _extrapolated(curve: Curve, points: Sequence[Point]) -> str:
    last = points[-1]
    if curve.items is not None:
        return ""
    said = []
    if last["size"] < MILLION:
        said.append(
            f"Not measured at 1,000,000 {curve.unit}: at {last['per_item_us']:,.1f} us per "
            f"{curve.item} (the {last['size']:,} figure) a million would take about "
            f"{_seconds(last['per_item_us'] * MILLION / 1e6)}, extrapolated linearly"
            + (
                f", and a file of about {last['kb_each'] * MILLION / 1e6:,.1f} GB."
                if "kb_each" in last
                else "."
            )
        )
    if "kb_each" in last:
        said.append(
            f"At {last['kb_each']:,.1f} kB per {curve.item}, each year of a national cohort's "
            f"history ({NATIONAL:,} schools) adds about {last['kb_each'] * NATIONAL / 1e3:,.0f} "
            "MB to the store."
        )
    return " ".join(said)


def render(
    results: dict[str, list[Point]], env: dict[str, str], command: str, seconds: float
) -> str:
    """The measured block: where and how it was measured, then each curve's table and what the
    tool reads from it."""
    out = [
        f"<!-- written by `{command}`; rerun it rather than edit by hand -->",
        "",
        f"Measured on {env['measured on']} on {env['machine']}, {env['python']}, by "
        f"`{command}` (whole run {_seconds(seconds)}). Each size ran in a fresh process; "
        "`peak MiB` is that process's peak resident memory. Generating the inputs is not "
        "timed. Sizes under 10,000 are the median "
        "of three passes, larger ones one pass, so expect a few tens of percent of noise at "
        "the small end on a shared machine.",
    ]
    for name, points in results.items():
        if not points:
            continue
        curve = CURVES[name]
        out += ["", f"### {curve.title}", "", curve.about, "", *_table(curve, points), ""]
        said = [_growth(curve, points), _memory(curve, points), _extrapolated(curve, points)]
        out.append(" ".join(sentence for sentence in said if sentence))
    return "\n".join(out)


def replace_block(text: str, block: str) -> str:
    """``text`` with what lies between :data:`START` and :data:`END` replaced by ``block``."""
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise ValueError(f"the page needs one {START} and after it one {END}")
    head, rest = text.split(START)
    _, tail = rest.split(END)
    return f"{head}{START}\n{block.strip()}\n{END}{tail}"


def _line(curve: Curve, point: Point) -> str:
    return (
        f"  {point['size']:,} {curve.unit}: {point['seconds']:.2f} s, "
        f"{point['per_item_us']:,.1f} us per {curve.item}, peak {point['peak_mib']:,.0f} MiB"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the curves; print their tables, or write them into the page."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.scale",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick", action="store_true", help="sizes 1,000 and 10,000 only (not the facts curve's)"
    )
    parser.add_argument("--sizes", type=int, nargs="+", help="sizes of every curve but facts")
    parser.add_argument(
        "--facts",
        type=int,
        nargs="+",
        default=list(CURVES["facts"].sizes),
        help=f"facts of the frameworks of the facts curve, multiples of {BASE_FACTS}",
    )
    parser.add_argument("--curves", default=",".join(CURVES), help="comma-separated curves")
    parser.add_argument("--write", action="store_true", help="write the tables into the page")
    parser.add_argument("--page", type=Path, default=PAGE, help="the page to write")
    parser.add_argument("--child", nargs=2, metavar=("CURVE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        name, size = args.child
        print(json.dumps(measure(CURVES[name], int(size))))
        return 0
    names = [name.strip() for name in args.curves.split(",") if name.strip()]
    unknown = [name for name in names if name not in CURVES]
    if unknown:
        parser.error(f"no curve {', '.join(unknown)}; the curves are {', '.join(CURVES)}")
    if any(size <= 0 for size in args.sizes or ()):
        parser.error("--sizes takes counts of one or more")
    if any(facts <= 0 or facts % BASE_FACTS for facts in args.facts):
        parser.error(f"--facts takes multiples of {BASE_FACTS}")
    if args.write and START not in args.page.read_text(encoding="utf-8"):
        parser.error(f"{args.page} has no {START} block to write into")
    began = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - began:6.1f} s] {message}", file=sys.stderr, flush=True)

    results: dict[str, list[Point]] = {}
    for name in names:
        curve = CURVES[name]
        if curve.items is not None:
            sizes = args.facts
        else:
            sizes = args.sizes or (QUICK if args.quick else curve.sizes)
        results[name] = []
        for size in sorted(set(sizes)):
            say(f"{name}: {size:,} {curve.unit}")
            point = measure_in_child(name, size)
            results[name].append(point)
            say(_line(curve, point))
    command = " ".join(["python -m benchmarks.scale", *argv])
    block = render(results, environment(), command, time.perf_counter() - began)
    if not args.write:
        print(block)
        return 0
    page = args.page
    page.write_text(replace_block(page.read_text(encoding="utf-8"), block), encoding="utf-8")
    say(f"wrote {page}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
