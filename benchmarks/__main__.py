"""``python -m benchmarks``: run every case, print the table, write docs/performance.md.

Options: ``--quick`` for a small run (no file written unless ``--write``), ``--schools N``,
``--peer-schools N``, ``--repeat N``, ``--no-write``, ``--skip cli,memory,refresh,becta``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from . import cases
from .competitors import floor, ictrules_levels
from .report import Results, environment, markdown, summary, table
from .timing import ROOT

NOTES = ROOT / "benchmarks" / "NOTES.md"
OUTPUT = ROOT / "docs" / "performance.md"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, few repetitions")
    parser.add_argument("--schools", type=int, default=22_000)
    parser.add_argument("--peer-schools", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--assets", default="10000,100000,1000000")
    parser.add_argument("--skip", default="", help="comma-separated: cli, memory, refresh, becta")
    parser.add_argument("--no-write", action="store_true", help="do not write the docs page")
    parser.add_argument("--write", action="store_true", help="write the docs page even if quick")
    args = parser.parse_args(argv)
    args.write_assets = [200_000, 1_000_000]
    if args.quick:
        args.schools, args.peer_schools, args.repeat = 500, 50, 2
        args.assets = "10000"
        args.write_assets = [200_000]  # the million-asset plan is written in the full run only
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    began = time.perf_counter()
    results = Results()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - began:6.1f} s] {message}", file=sys.stderr, flush=True)

    say("import times")
    results.rows += cases.import_cases(args.repeat)
    say("loading and compiling frameworks")
    results.rows += cases.loading_cases(args.repeat)
    say(f"setting up {args.schools:,} synthetic schools")
    state = cases.setup(args.schools)
    peers, missing = cases.peer_competitors(state.synthetic)
    results.notes += missing
    say("agreement check (full evidence)")
    base, ours = floor(state.synthetic), ictrules_levels(state.engine)
    for name, differ in cases.agreement([base, ours], state.evidence).items():
        results.agreement[name] = len(differ)
        results.agreement_schools[name] = len(state.evidence)
    sample = state.evidence[: args.peer_schools]
    for name, differ in cases.agreement([base, *peers.values()], sample).items():
        results.agreement[name] = len(differ)
        results.agreement_schools[name] = len(sample)
    wrong = {name: n for name, n in results.agreement.items() if n}
    if wrong:
        print(f"competitors disagree with the floor: {wrong}", file=sys.stderr)
        return 1
    say("schools: one, all, full explanations")
    results.rows += cases.school_cases(state, peers, args.peer_schools, args.repeat)
    say("schools with 10% of facts missing")
    rows, different = cases.missing_cases(state, args.repeat)
    results.rows += rows
    results.missing_differ, results.missing_schools = different, len(state.thinned)
    say("schools with 10% of facts known in part")
    results.rows += cases.partial_cases(state, args.repeat)
    if "cli" not in skip:
        say("command line, --jobs 1 and 2")
        cli_rows = cases.cli_cases(state, [1, 2])
        results.rows += cli_rows
        if not cli_rows:
            results.notes.append("the command line (ictrules.cli) is not installed")
    if "becta" not in skip:
        say("the Becta framework")
        becta = cases.becta_cases(args.schools, args.repeat)
        results.rows += becta
        if not becta:
            results.notes.append("the Becta framework (becta-srf) is not installed")
    if "memory" not in skip:
        say("peak memory")
        frameworks = ["synthetic-srf"]
        if any(row.case.startswith("becta-srf") for row in results.rows):
            frameworks.append("becta-srf")
        results.memory = cases.memory_cases(args.schools, frameworks)
    if "refresh" not in skip:
        say("refresh plans")
        sizes = [int(size) for size in args.assets.split(",") if size]
        results.refresh = cases.refresh_cases(sizes)
        if not results.refresh:
            results.notes.append("refresh plans: benchmarks/refresh.py is not there yet")
        say("writing refresh plans")
        results.writes = cases.refresh_write_cases(args.write_assets)
    say("profiles")
    results.profiles = cases.profile_summary(state)
    results.seconds = time.perf_counter() - began
    print(table(results.rows))
    for memory in results.memory:
        print(f"peak memory {memory}")
    for plan in results.refresh:
        print(f"refresh {plan}")
    for written in results.writes:
        print(f"refresh write {written}")
    for line in summary(results):
        print(line)
    if args.no_write or (args.quick and not args.write):
        return 0
    command = "make bench" if not argv else "python -m benchmarks " + " ".join(argv)
    prose = NOTES.read_text(encoding="utf-8") if NOTES.is_file() else ""
    OUTPUT.write_text(markdown(results, environment(), command, prose), encoding="utf-8")
    say(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
