"""Benchmark: planning the refresh of 10k, 100k and 1M assets (time and peak memory).

Run ``python -m benchmarks.refresh`` from the repository root (``--sizes 10000 100000`` to
choose, ``--tracemalloc`` to also measure the planning step's own allocations, which is slower;
``--from-csv`` to write each inventory as a CSV file first and time loading it too, as
``ictrules plan`` does; ``--write`` to time writing each plan as JSON and CSV the way
``ictrules plan -o FILE`` does, each format in a fresh process, with ``--whole`` to time the
rendering as one string beside the stream in the same run).
The harness calls :func:`bench_plan` (one size) or :func:`run` (several); both return plain
dicts. The synthetic inventory is seeded, so every run plans the same estate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ictrules.commands import write_output
from ictrules_refresh import (
    Asset,
    Inventory,
    Status,
    default_policies,
    load_inventory,
    plan_refresh,
    stream_plan,
)

__all__ = [
    "SIZES",
    "WRITE_SIZES",
    "bench_load_and_plan",
    "bench_plan",
    "bench_write",
    "main",
    "run",
    "run_writes",
    "synthetic_inventory",
    "write_csv",
]

#: The sizes benchmarked by default.
SIZES = (10_000, 100_000, 1_000_000)
#: The sizes whose plans are written by default (``make bench``; ``--quick`` writes the first).
WRITE_SIZES = (200_000, 1_000_000)
AS_OF = dt.date(2026, 9, 1)

# Category mix of a large trust's estate: (category, share, typical quantity per row).
_MIX = (
    ("chromebook", 0.30, 1),
    ("laptop", 0.22, 1),
    ("desktop", 0.15, 1),
    ("tablet", 0.12, 1),
    ("interactive_display", 0.08, 1),
    ("projector", 0.03, 1),
    ("wireless_access_point", 0.05, 1),
    ("network_switch", 0.02, 1),
    ("server", 0.01, 1),
    ("firewall", 0.005, 1),
    ("ups", 0.005, 1),
)
_STATUSES = (
    (Status.IN_USE, 0.88),
    (Status.SPARE, 0.04),
    (Status.POOR, 0.02),
    (Status.IN_REPAIR, 0.01),
    (Status.BROKEN, 0.02),
    (Status.RETIRED, 0.02),
    (None, 0.01),
)


def synthetic_inventory(size: int, seed: int = 2026) -> Inventory:
    """A seeded inventory of ``size`` rows: a realistic category and status mix, purchase dates
    from 2014 to 2026 (2% missing), 1% unmapped categories, 5% with a vendor support end, and
    one row in fifty standing for a class set of 30."""
    rng = random.Random(seed)
    categories = [c for c, _, _ in _MIX]
    weights = [w for _, w, _ in _MIX]
    statuses = [s for s, _ in _STATUSES]
    status_weights = [w for _, w in _STATUSES]
    start = dt.date(2014, 1, 1).toordinal()
    days = [dt.date.fromordinal(start + offset) for offset in range(365 * 13)]
    chosen_categories = rng.choices(categories, weights, k=size)
    chosen_statuses = rng.choices(statuses, status_weights, k=size)
    assets = []
    for row in range(2, size + 2):
        category: str | None = chosen_categories[row - 2]
        text = category or ""
        roll = rng.random()
        if roll < 0.01:
            category, text = None, "Visualiser"
        purchase = None if roll > 0.98 else days[rng.randrange(len(days))]
        support = days[rng.randrange(len(days))] if 0.5 < roll < 0.55 else None
        assets.append(
            Asset(
                id=f"A{row:07d}",
                category=category,
                category_text=text,
                status=chosen_statuses[row - 2],
                purchase_date=purchase,
                purchase_cost=None,
                quantity=30 if roll < 0.03 and category == "chromebook" else 1,
                support_end=support,
                row=row,
            )
        )
    return Inventory(tuple(assets), (), f"synthetic-{size}", "generic")


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def bench_plan(size: int, *, seed: int = 2026, trace: bool = False) -> dict[str, Any]:
    """Plan a synthetic inventory of ``size`` rows; return the timings and memory in a dict.

    ``seconds`` times ``plan_refresh`` alone (``cpu_seconds`` its CPU time, steadier on a busy
    machine); ``peak_rss_mb`` is the process's peak resident
    memory so far (inventory included); with ``trace`` ``plan_peak_mb`` is the peak of the
    planning step's own allocations under tracemalloc (a second, slower run).
    """
    policies = default_policies()
    began = time.perf_counter()
    inventory = synthetic_inventory(size, seed)
    generated = time.perf_counter() - began
    gc.collect()
    began, cpu = time.perf_counter(), time.process_time()
    plan = plan_refresh(inventory, policies, as_of=AS_OF, horizon_years=5)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    result: dict[str, Any] = {
        "benchmark": "refresh.plan_refresh",
        "assets": size,
        "units": plan.coverage.units,
        "events": len(plan.events),
        "generate_seconds": round(generated, 3),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "assets_per_second": round(size / seconds),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }
    del plan
    if trace:
        gc.collect()
        tracemalloc.start()
        plan_refresh(inventory, policies, as_of=AS_OF, horizon_years=5)
        result["plan_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return result


def write_csv(inventory: Inventory, path: Path) -> int:
    """Write ``inventory`` as a generic CSV export (ISO dates, costs in pounds); return its
    size in bytes. Unmapped categories are written as their free text."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "id,category,status,purchase_date,purchase_cost,location,quantity,support_end\n"
        )
        statuses = {status: status.value for status in Status}
        for asset in inventory.assets:
            handle.write(
                f"{asset.id},{asset.category or asset.category_text},"
                f"{statuses.get(asset.status, '') if asset.status else ''},"
                f"{asset.purchase_date.isoformat() if asset.purchase_date else ''},"
                f"£{300 + asset.row % 900}.00,Site {asset.row % 40},{asset.quantity},"
                f"{asset.support_end.isoformat() if asset.support_end else ''}\n"
            )
    return path.stat().st_size


def bench_load_and_plan(size: int, *, seed: int = 2026) -> dict[str, Any]:
    """Write a synthetic inventory of ``size`` rows as CSV, then time ``load_inventory`` and
    ``plan_refresh`` on it, as ``ictrules plan`` does (peak RSS includes both, and the file's
    text while it is read)."""
    policies = default_policies()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"synthetic-{size}.csv"
        size_bytes = write_csv(synthetic_inventory(size, seed), path)
        gc.collect()
        began, cpu = time.perf_counter(), time.process_time()
        inventory = load_inventory(path)
        loaded, load_cpu = time.perf_counter() - began, time.process_time() - cpu
        began, cpu = time.perf_counter(), time.process_time()
        plan = plan_refresh(inventory, policies, as_of=AS_OF, horizon_years=5)
        planned, plan_cpu = time.perf_counter() - began, time.process_time() - cpu
    return {
        "benchmark": "refresh.load_and_plan",
        "assets": size,
        "file_mb": round(size_bytes / 2**20, 1),
        "issues": len(inventory.issues),
        "events": len(plan.events),
        "load_seconds": round(loaded, 3),
        "load_cpu_seconds": round(load_cpu, 3),
        "plan_seconds": round(planned, 3),
        "plan_cpu_seconds": round(plan_cpu, 3),
        "seconds": round(loaded + planned, 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def _status_mb(key: str) -> float | None:
    """A figure of this process from ``/proc/self/status`` (``VmRSS``, ``VmHWM``) in MiB, or
    ``None`` where there is none."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Start this process's peak resident memory (``VmHWM``) again from its current size, as
    Linux allows through ``clear_refs``; whether it could."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def bench_write(size: int, fmt: str, *, seed: int = 2026, whole: bool = False) -> dict[str, Any]:
    """Plan a synthetic inventory of ``size`` rows and write the plan as ``fmt`` (``"json"`` or
    ``"csv"``) to a temporary file through ``ictrules plan``'s own path (``write_output`` of
    ``stream_plan``); return the timings (seconds) and memory (MiB) in a dict. Run it in a
    fresh process: the memory figures are the process's own.

    ``inventory_mb`` is the resident memory once the inventory is built, ``plan_mb`` what the
    plan adds; ``peak_beyond_inventory_mb`` the peak while planning and writing less
    ``inventory_mb``; ``write_peak_mb`` the peak while writing less the resident memory just
    before it (``None`` where the peak cannot be reset: off Linux).
    With ``whole``, the file is written the way it was before plans were streamed (the
    standard library's indenting encoder over ``to_dict()`` for JSON, the CSV text joined in
    one string) and timed the same way, for a side-by-side figure.
    """
    policies = default_policies()
    inventory = synthetic_inventory(size, seed)
    gc.collect()
    inventory_mb = _status_mb("VmRSS") or 0.0
    _reset_peak()
    began = time.perf_counter()
    plan = plan_refresh(inventory, policies, as_of=AS_OF, horizon_years=5)
    planned = time.perf_counter() - began
    plan_peak = _status_mb("VmHWM") or 0.0
    gc.collect()
    before_write = _status_mb("VmRSS") or 0.0
    resettable = _reset_peak()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"plan.{fmt}"
        began, cpu = time.perf_counter(), time.process_time()
        if whole and fmt == "json":
            write_output(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False) + "\n", str(path))
        elif whole:
            write_output("".join(stream_plan(plan, fmt)), str(path))
        else:
            write_output(stream_plan(plan, fmt), str(path))
        written, cpu = time.perf_counter() - began, time.process_time() - cpu
        size_bytes = path.stat().st_size
    peak = _status_mb("VmHWM") or _peak_rss_mb()  # of writing, where it could be reset
    return {
        "benchmark": "refresh.write",
        "format": fmt,
        "how": "whole string" if whole else "stream",
        "assets": size,
        "events": len(plan.events),
        "file_mb": round(size_bytes / 2**20, 1),
        "plan_seconds": round(planned, 3),
        "write_seconds": round(written, 3),
        "write_cpu_seconds": round(cpu, 3),
        "inventory_mb": round(inventory_mb, 1),
        "plan_mb": round(before_write - inventory_mb, 1),
        "write_peak_mb": round(peak - before_write, 1) if resettable else None,
        "peak_beyond_inventory_mb": round(max(plan_peak, peak) - inventory_mb, 1),
    }


def run_writes(
    sizes: Sequence[int] = WRITE_SIZES,
    formats: Sequence[str] = ("json", "csv"),
    *,
    whole: bool = False,
) -> list[dict[str, Any]]:
    """:func:`bench_write` for each size and format, each in a fresh Python process (and with
    ``whole`` the one-string rendering too, beside the stream)."""
    results = []
    root = Path(__file__).resolve().parent.parent
    for size in sorted(sizes):
        for fmt in formats:
            for one_string in (False, True) if whole else (False,):
                code = (
                    "import json; from benchmarks.refresh import bench_write; "
                    f"print(json.dumps(bench_write({size}, {fmt!r}, whole={one_string})))"
                )
                done = subprocess.run(
                    [sys.executable, "-c", code],
                    cwd=root,
                    env={**os.environ, "PYTHONPATH": str(root)},
                    capture_output=True,
                    text=True,
                    check=True,
                )
                results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def run(sizes: Sequence[int] = SIZES, *, trace: bool = False) -> list[dict[str, Any]]:
    """Benchmark each size in turn (smallest first, so the process peak belongs to the last)."""
    return [bench_plan(size, trace=trace) for size in sorted(sizes)]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print one line per size, and the results as JSON with ``--json``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.refresh", description=__doc__)
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="sizes (default: 10k, 100k, 1M; with --write 200k, 1M)"
    )
    parser.add_argument("--tracemalloc", action="store_true", help="also trace planning memory")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--from-csv",
        action="store_true",
        help="load each inventory from a CSV file first, and time loading and planning",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="plan each size and time writing it as JSON and CSV (default sizes: 200,000 and "
        "1,000,000)",
    )
    parser.add_argument(
        "--whole", action="store_true", help="with --write, also time the one-string rendering"
    )
    args = parser.parse_args(argv)
    results = []
    if args.write:
        for result in run_writes(args.sizes or WRITE_SIZES, whole=args.whole):
            results.append(result)
            if not args.json:
                print(_write_line(result), flush=True)
        if args.json:
            print(json.dumps(results, indent=2))
        return 0
    if args.from_csv:
        for size in sorted(args.sizes or SIZES):
            result = bench_load_and_plan(size)
            results.append(result)
            if not args.json:
                print(
                    f"load_inventory + plan_refresh {size:>9,} assets "
                    f"({result['file_mb']} MB CSV): load {result['load_seconds']:.2f} s "
                    f"(CPU {result['load_cpu_seconds']:.2f} s), plan {result['plan_seconds']:.2f} "
                    f"s (CPU {result['plan_cpu_seconds']:.2f} s), total {result['seconds']:.2f} s, "
                    f"peak RSS {result['peak_rss_mb']} MB",
                    flush=True,
                )
        if args.json:
            print(json.dumps(results, indent=2))
        return 0
    for size in sorted(args.sizes or SIZES):
        result = bench_plan(size, trace=args.tracemalloc)
        results.append(result)
        if not args.json:
            traced = (
                f", planning peak {result['plan_peak_mb']} MB" if "plan_peak_mb" in result else ""
            )
            print(
                f"plan_refresh {size:>9,} assets: {result['seconds']:6.2f} s "
                f"(CPU {result['cpu_seconds']:.2f} s) "
                f"({result['assets_per_second']:,} assets/s, {result['events']:,} events), "
                f"peak RSS {result['peak_rss_mb']} MB{traced}",
                flush=True,
            )
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


def _write_line(result: dict[str, Any]) -> str:
    peak = (
        f"write peak +{result['write_peak_mb']} MiB over the plan"
        if result["write_peak_mb"] is not None
        else "write peak not measured"
    )
    return (
        f"write {result['format']:4} ({result['how']}) {result['assets']:>9,} assets "
        f"({result['file_mb']} MB): {result['write_seconds']:.2f} s "
        f"(CPU {result['write_cpu_seconds']:.2f} s); plan {result['plan_seconds']:.2f} s, "
        f"inventory {result['inventory_mb']} MiB, plan +{result['plan_mb']} MiB, {peak}; "
        f"peak {result['peak_beyond_inventory_mb']} MiB beyond the inventory"
    )


if __name__ == "__main__":
    raise SystemExit(main())
