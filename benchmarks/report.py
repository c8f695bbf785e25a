"""The results as a plain-text table and as ``docs/performance.md``."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import sys
from collections.abc import Sequence
from typing import Any

import attrs

from .timing import Row

__all__ = ["Results", "environment", "markdown", "summary", "table", "verdicts"]

PACKAGES = ("ictrules", "attrs", "cattrs", "pluggy", "rule-engine", "zen-engine")


@attrs.define
class Results:
    """Everything one run measured."""

    rows: list[Row] = attrs.Factory(list)
    memory: list[dict[str, Any]] = attrs.Factory(list)
    refresh: list[dict[str, Any]] = attrs.Factory(list)
    writes: list[dict[str, Any]] = attrs.Factory(list)
    agreement: dict[str, int] = attrs.Factory(dict)
    agreement_schools: dict[str, int] = attrs.Factory(dict)
    missing_differ: int = 0
    missing_schools: int = 0
    notes: list[str] = attrs.Factory(list)
    profiles: dict[str, str] = attrs.Factory(dict)
    seconds: float = 0.0


def environment() -> dict[str, str]:
    """Machine, Python and package versions."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "measured on": dt.date.today().isoformat(),
        "machine": f"{cpu}, {os.cpu_count()} logical CPUs, {platform.system()} "
        f"{platform.release()}",
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        **{f"package {name}": version for name, version in versions.items()},
    }


def _time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} us"


def _cells(row: Row) -> list[str]:
    ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
    many = row.items > 1
    return [
        row.case,
        row.who,
        f"{row.items:,}",
        _time(row.seconds),
        f"{row.per_item_us:,.1f}" if many else "",
        f"{row.per_second:,.0f}" if many else "",
        ratio,
        str(row.repeat),
        row.note,
    ]


HEADER = ["case", "who", "n", "median", "us each", "per second", "vs floor", "runs", "note"]


def table(rows: Sequence[Row]) -> str:
    """An aligned plain-text table."""
    lines = [HEADER, *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    text = []
    for number, line in enumerate(lines):
        text.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
        if number == 0:
            text.append("  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in text)


def _find(rows: Sequence[Row], case_start: str, who: str) -> Row | None:
    for row in rows:
        if row.case.startswith(case_start) and row.who == who:
            return row
    return None


def verdicts(results: Results) -> list[tuple[str, str, str]]:
    """Each target: what it asks, what was measured, and whether it is met."""
    rows = results.rows
    found = []
    ours = _find(rows, "one school, levels", "ictrules")
    if ours is not None and ours.ratio is not None:
        ok = ours.ratio <= 2.0
        found.append(
            (
                "one school at most 2x the floor",
                f"{ours.per_item_us:.2f} us vs floor {ours.floor / ours.items * 1e6:.2f} us "  # type: ignore[operator]
                f"= {ours.ratio:.2f}x",
                "met" if ok else f"missed by {ours.ratio / 2.0:.2f}x",
            )
        )
        for peer in ("rule-engine", "zen-engine"):
            theirs = _find(rows, "one school, levels", peer)
            if theirs is None:
                found.append((f"one school faster than {peer}", "peer not installed", "not run"))
                continue
            ok = ours.seconds < theirs.seconds
            found.append(
                (
                    f"one school faster than {peer}",
                    f"{ours.per_item_us:.2f} us vs {theirs.per_item_us:.1f} us "
                    f"({theirs.seconds / ours.seconds:.0f}x faster)",
                    "met" if ok else "missed",
                )
            )
    whole = _find(rows, "22,000 schools, levels, one process", "ictrules")
    if whole is None:
        whole = next(
            (r for r in rows if "schools, levels, one process" in r.case and r.who == "ictrules"),
            None,
        )
    if whole is not None:
        ok = whole.seconds < 2.0 and whole.items >= 22_000
        found.append(
            (
                "22,000 schools under 2 s on one core",
                f"{whole.items:,} schools in {_time(whole.seconds)} (levels)",
                "met" if ok else ("missed" if whole.items >= 22_000 else "not run at full size"),
            )
        )
    for fmt in ("json", "csv"):
        written = {r["assets"]: r for r in results.writes if r["format"] == fmt}
        if 200_000 in written:
            seconds = written[200_000]["write_seconds"]
            found.append(
                (
                    f"200,000 assets written as {fmt.upper()} under 3 s",
                    f"{seconds:.2f} s",
                    "met" if seconds < 3 else "missed",
                )
            )
        if 1_000_000 in written:
            beyond = written[1_000_000]["peak_beyond_inventory_mb"]
            found.append(
                (
                    f"1,000,000 assets planned and written as {fmt.upper()} under 1 GB "
                    "beyond the inventory",
                    f"peak {beyond:.0f} MiB beyond the inventory",
                    "met" if beyond < 1024 else "missed",
                )
            )
    found += _pipeline_verdicts(rows)
    million = next((r for r in results.refresh if r.get("assets") == 1_000_000), None)
    if million is not None:
        ok = million["seconds"] < 10 and million["peak_rss_mb"] < 2048
        found.append(
            (
                "1,000,000 assets planned under 10 s and 2 GB",
                f"{million['seconds']:.2f} s, peak {million['peak_rss_mb']:.0f} MiB",
                "met" if ok else "missed",
            )
        )
    return found


#: Issue 18's per-school targets: the start of the case, who, and the most microseconds a school.
_PER_SCHOOL_TARGETS = (
    ("one school, evidence checked from a mapping", "ictrules", 10.0, "checking evidence"),
    (
        "one school, full assessment (assess)",
        "ictrules",
        100.0,
        "assess with full explanations (reasons worked out when read or written)",
    ),
    ("becta-srf: one school (strong example), assess", "ictrules", 200.0, "Becta assess"),
    ("one school, assessment JSON out", "ictrules", 150.0, "assessment JSON out, reasons read"),
    ("one school, assessment JSON in", "ictrules", 150.0, "assessment JSON in"),
    (
        "one school, evidence to explained JSON",
        "ictrules",
        250.0,
        "assess then JSON out (the two targets together)",
    ),
)


def _pipeline_verdicts(rows: Sequence[Row]) -> list[tuple[str, str, str]]:
    """The verdicts on issue 18's targets for one school's steps and for the command line."""
    found = []
    for start, who, most, what in _PER_SCHOOL_TARGETS:
        row = _find(rows, start, who)
        if row is not None:
            us = row.per_item_us
            verdict = "met" if us <= most else f"missed by {us / most:.1f}x"
            found.append((f"{what}: at most {most:.0f} us a school", f"{us:,.1f} us", verdict))
    one = next((r for r in rows if r.case.endswith("CLI assess --jobs 1")), None)
    two = next((r for r in rows if r.case.endswith("CLI assess --jobs 2")), None)
    if one is not None and one.items >= 22_000:
        verdict = "met" if one.seconds < 3.0 else "missed"
        found.append(
            ("22,000 files to a CSV summary under 3 s on one core", _time(one.seconds), verdict)
        )
    if one is not None and two is not None:
        verdict = "met" if two.seconds < one.seconds else "missed"
        found.append(
            (
                "the command line with --jobs 2 faster than with one",
                f"{_time(two.seconds)} against {_time(one.seconds)}",
                verdict,
            )
        )
    return found


def summary(results: Results) -> list[str]:
    """The lines printed under the table: what agreed before timing, each target's verdict, and
    what this run did not measure (a peer not installed shows here, not only in the docs page)."""
    lines = [
        f"agreement: {name}: {results.agreement_schools[name]:,} schools checked, "
        f"{differ} placed differently from the floor"
        for name, differ in results.agreement.items()
    ]
    lines += [f"target: {a}: {b}: {c}" for a, b, c in verdicts(results)]
    lines += [f"not measured: {note}" for note in results.notes]
    return lines


def markdown(results: Results, env: dict[str, str], command: str, prose: str) -> str:
    """``docs/performance.md``: how it was measured, the table, the targets and the notes."""
    out = [
        "# Performance",
        "",
        "How fast ictrules is, measured against a pure-Python floor and two peer rule engines.",
        f"This page is written by `{command}` (the `benchmarks/` package); rerun it to refresh",
        "the figures. Every figure is the median of several runs after a warm-up, unless the",
        "`runs` column says 1.",
        "",
        "## Where it was measured",
        "",
        "| | |",
        "| --- | --- |",
        *(f"| {key} | {value} |" for key, value in env.items()),
        f"| whole run | {results.seconds:.0f} s |",
        "",
        "## Results",
        "",
        "`us each` is microseconds per school (or per item); `vs floor` divides by the generated",
        "plain-Python function's time for the same schools.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "| " + " | ".join("---" for _ in HEADER) + " |",
        *("| " + " | ".join(_cells(row)) + " |" for row in results.rows),
        "",
    ]
    if results.memory:
        out += [
            "## Peak memory",
            "",
            "Each case runs in a fresh process that loads the schools, then assesses every one",
            "and keeps every result. Resident memory in MiB.",
            "",
            "| framework | mode | schools | after loading | peak |",
            "| --- | --- | --- | --- | --- |",
            *(
                f"| {m['framework']} | {m['mode']} | {m['schools']:,} | {m['setup_mib']} |"
                f" {m['peak_mib']} |"
                for m in results.memory
            ),
            "",
        ]
    if results.refresh:
        out += [
            "## Refresh plans",
            "",
            "`benchmarks/refresh.py` (the refresh plugin's harness), each size in a fresh process.",
            "",
            "| assets | plan seconds | CPU seconds | assets per second | peak resident MiB |",
            "| --- | --- | --- | --- | --- |",
            *(
                f"| {r['assets']:,} | {r['seconds']} | {r.get('cpu_seconds', '')} |"
                f" {r['assets_per_second']:,} | {r['peak_rss_mb']} |"
                for r in results.refresh
            ),
            "",
        ]
    if results.writes:
        out += [
            "## Writing refresh plans",
            "",
            "`benchmarks/refresh.py --write`: each plan written to a file as `ictrules plan -o`",
            "writes it (a stream through the temporary file and rename), each in a fresh process.",
            "Memory in MiB: what the plan adds to the inventory, the peak while writing over the",
            "plan, and the peak of planning and writing beyond the inventory.",
            "",
            "| assets | format | file MB | write seconds | plan MiB | write peak | "
            "peak beyond inventory |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            *(
                f"| {w['assets']:,} | {w['format']} | {w['file_mb']} | {w['write_seconds']} |"
                f" {w['plan_mb']} | {w['write_peak_mb']} | {w['peak_beyond_inventory_mb']} |"
                for w in results.writes
            ),
            "",
        ]
    out += [
        "## Agreement",
        "",
        *(
            f"- {name}: {results.agreement_schools[name]:,} schools checked, "
            f"{differ} placed differently from the floor."
            for name, differ in results.agreement.items()
        ),
        f"- With 10% of facts missing, the floor (an unknown fact fails its test) and ictrules'"
        f" proven level differ on {results.missing_differ:,} of {results.missing_schools:,}"
        " schools: see the notes.",
        "",
        "## Targets",
        "",
        "| target | measured | verdict |",
        "| --- | --- | --- |",
        *(f"| {a} | {b} | {c} |" for a, b, c in verdicts(results)),
        "",
    ]
    if results.notes:
        out += ["## Not measured in this run", "", *(f"- {note}" for note in results.notes), ""]
    out += [prose.strip(), ""]
    if results.profiles:
        out += ["## Profiles (cProfile, own time, from this run)", ""]
        for name, text in results.profiles.items():
            out += [f"`{name}`:", "", "```text", text, "```", ""]
    return "\n".join(out)
