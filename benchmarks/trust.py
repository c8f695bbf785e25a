"""Benchmark: ``ictrules trust-strategy`` for a trust of many schools (time and peak memory).

Run ``python -m benchmarks.trust`` from the repository root (``--schools 50 --assets 1000`` by
default; ``--format xlsx`` for the workbook). It writes a trust folder in a temporary
directory: the worked trust's ``trust.toml``, and per school one of the three worked schools'
evidence (with its own id), Oak's strategy file and a seeded synthetic inventory of
``--assets`` rows (see :func:`benchmarks.refresh.synthetic_inventory`). Then it runs the
command once as a user would, in a fresh process, and reports the wall time and the peak
resident memory of that process.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .refresh import synthetic_inventory, write_csv

__all__ = ["bench_trust", "main", "write_trust"]

ROOT = Path(__file__).resolve().parents[1]
WORKED = ROOT / "trusts" / "riverside"
_SCHOOLS = ("oak-primary", "ash-academy", "elm-junior")


def write_trust(folder: Path, schools: int, assets: int) -> None:
    """A trust folder of ``schools`` schools with ``assets`` inventory rows each."""
    shutil.copy(WORKED / "trust.toml", folder / "trust.toml")
    strategy = (WORKED / "oak-primary" / "strategy.toml").read_text(encoding="utf-8")
    for number in range(schools):
        home = folder / f"school-{number:03d}"
        home.mkdir()
        model = _SCHOOLS[number % len(_SCHOOLS)]
        text = (WORKED / model / "evidence.toml").read_text(encoding="utf-8")
        start = text.index('id = "') + len('id = "')
        text = text[:start] + f"BENCH {number:03d}" + text[text.index('"', start) :]
        (home / "evidence.toml").write_text(text, encoding="utf-8")
        (home / "strategy.toml").write_text(strategy, encoding="utf-8")
        write_csv(synthetic_inventory(assets, seed=number), home / "inventory.csv")


def bench_trust(schools: int, assets: int, fmt: str = "json") -> dict[str, Any]:
    """Time one ``ictrules trust-strategy`` run over a written trust."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "trust"
        folder.mkdir()
        write_trust(folder, schools, assets)
        output = Path(temporary) / f"trust.{fmt}"
        command = [
            sys.executable,
            "-m",
            "ictrules",
            "trust-strategy",
            str(folder),
            "--as-of",
            "2026-09-01",
            "-f",
            fmt,
            "-o",
            str(output),
        ]
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - began
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        planned = None
        if fmt == "json":
            plan = json.loads(output.read_text(encoding="utf-8"))
            planned = sum(1 for school in plan["schools"] if school["strategy"] is not None)
        return {
            "schools": schools,
            "assets_per_school": assets,
            "format": fmt,
            "seconds": round(seconds, 2),
            "peak_rss_mb": round(peak),
            "output_bytes": output.stat().st_size,
            "schools_planned": planned,
            "warnings": done.stderr.count("ictrules: warning:"),
        }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its result as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.trust", description=__doc__)
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--assets", type=int, default=1000)
    parser.add_argument("--format", default="json", choices=("json", "xlsx", "html", "text"))
    args = parser.parse_args(argv)
    print(json.dumps(bench_trust(args.schools, args.assets, args.format), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
