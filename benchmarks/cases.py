"""The benchmark cases. Each returns table rows (:class:`benchmarks.timing.Row`).

Everything is seeded, so a run measures the same schools and the same rules every time.
"""

from __future__ import annotations

import cProfile
import functools
import importlib.util
import io
import json
import pstats
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from ictrules import Assessment, Engine, Evidence
from ictrules._ladders import compile_ladders

from .competitors import (
    Competitor,
    floor,
    ictrules_levels,
    rule_engine,
    zen_engine,
)
from .synthetic import (
    AS_OF,
    FRAMEWORK_ID,
    SyntheticFramework,
    drop_facts,
    make_framework,
    make_schools,
    settled_document,
    synthetic_engine,
)
from .timing import ROOT, Row, measure, measure_side_by_side, run_python, time_cli

__all__ = [
    "Setup",
    "agreement",
    "becta_cases",
    "cli_cases",
    "import_cases",
    "loading_cases",
    "memory_cases",
    "missing_cases",
    "partial_cases",
    "peer_competitors",
    "profile_summary",
    "refresh_cases",
    "refresh_write_cases",
    "school_cases",
    "setup",
]

PEERS: dict[str, Callable[[SyntheticFramework], Competitor]] = {
    "rule-engine": rule_engine,
    "zen-engine": zen_engine,
}


@attrs.define
class Setup:
    """The synthetic framework, its engine, and the schools every case shares."""

    synthetic: SyntheticFramework
    engine: Engine
    documents: list[dict[str, Any]]
    evidence: list[Evidence]
    thinned: list[Evidence]


def setup(schools: int) -> Setup:
    """Build the synthetic framework and load ``schools`` seeded schools (and a 10%-missing
    copy of them)."""
    synthetic = make_framework()
    engine = synthetic_engine(synthetic)
    documents = make_schools(synthetic.facts, schools)
    evidence = [engine.load_evidence(document) for document in documents]
    thinned = [engine.load_evidence(document) for document in drop_facts(documents, 0.1)]
    return Setup(synthetic, engine, documents, evidence, thinned)


def peer_competitors(synthetic: SyntheticFramework) -> tuple[dict[str, Competitor], list[str]]:
    """The peers that are installed, built; and a note for each one that is not."""
    built, missing = {}, []
    for name, build in PEERS.items():
        module = name.replace("-", "_") if name == "rule-engine" else "zen"
        if importlib.util.find_spec(module) is None:
            missing.append(f"{name} is not installed (pip install -e '.[bench]')")
            continue
        built[name] = build(synthetic)
    return built, missing


def agreement(
    competitors: Sequence[Competitor], evidence: Sequence[Evidence]
) -> dict[str, list[int]]:
    """For each competitor, the indexes of the schools where it gives a different level from
    the first competitor (the floor) on some strand."""
    reference = [competitors[0].evaluate(e) for e in evidence]
    return {
        c.name: [i for i, e in enumerate(evidence) if c.evaluate(e) != reference[i]]
        for c in competitors[1:]
    }


def _batch(competitor: Competitor, evidence: Sequence[Evidence]) -> Callable[[], object]:
    evaluate = competitor.timed or competitor.evaluate
    return lambda: [evaluate(e) for e in evidence]


# --- import and load -----------------------------------------------------------------------------


def _import_time_us(module: str) -> int:
    """Cumulative import time of ``module`` in a fresh interpreter (``-X importtime``)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    for line in done.stderr.splitlines():
        fields = [f.strip() for f in line.removeprefix("import time:").split("|")]
        if len(fields) == 3 and fields[2] == module:
            return int(fields[1])
    raise RuntimeError(f"no import time reported for {module}")


def _wall(args: Sequence[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def import_cases(repeat: int) -> list[Row]:
    """Import time of ictrules and of its command line."""
    modules = ["ictrules"]
    if importlib.util.find_spec("ictrules.cli") is not None:
        modules.append("ictrules.cli")
    rows = []
    bare = _wall(["-c", "pass"], repeat)
    for module in modules:
        cumulative = statistics.median(_import_time_us(module) for _ in range(repeat))
        rows.append(Row("import (-X importtime, cumulative)", module, 1, cumulative / 1e6, repeat))
        wall = _wall(["-c", f"import {module}"], repeat) - bare
        rows.append(Row("import (wall, minus bare python)", module, 1, wall, repeat))
    return rows


def loading_cases(repeat: int) -> list[Row]:
    """Loading every installed plugin and compiling its frameworks; compiling the ladders of
    the fast path; building the synthetic framework."""
    rows = [
        Row(
            "load + check + compile installed frameworks",
            "Engine.from_installed()",
            1,
            measure(Engine.from_installed, repeat=repeat),
            repeat,
        )
    ]
    engine = Engine.from_installed()
    for framework in engine.frameworks:
        compiled = engine.compiled(framework)
        seconds = measure(functools.partial(compile_ladders, compiled, engine.facts), repeat=repeat)
        rows.append(Row(f"compile fast-path ladders: {framework}", "ictrules", 1, seconds, repeat))
    synthetic = make_framework()
    rows.append(
        Row(
            "build synthetic framework (data + engine)",
            "ictrules",
            1,
            measure(lambda: synthetic_engine(make_framework()), repeat=repeat),
            repeat,
        )
    )
    engine = synthetic_engine(synthetic)
    rows.append(
        Row(
            "compile fast-path ladders: synthetic",
            "ictrules",
            1,
            measure(
                lambda: compile_ladders(engine.compiled(FRAMEWORK_ID), engine.facts), repeat=repeat
            ),
            repeat,
        )
    )
    rows.append(
        Row(
            "compile/load: floor",
            "floor",
            1,
            measure(lambda: floor(synthetic), repeat=repeat),
            repeat,
        )
    )
    for name, build in PEERS.items():
        module = "rule_engine" if name == "rule-engine" else "zen"
        if importlib.util.find_spec(module) is not None:
            seconds = measure(functools.partial(build, synthetic), repeat=repeat)
            rows.append(Row(f"compile/load: {name}", name, 1, seconds, repeat))
    return rows


# --- schools ------------------------------------------------------------------------------------


def school_cases(
    state: Setup, peers: dict[str, Competitor], peer_schools: int, repeat: int
) -> list[Row]:
    """Levels of one school (per school, over a batch) for every competitor; then the whole
    batch of schools for the floor, ictrules' fast path, loading + fast path, and ``assess``.

    Competitors compared with each other are timed side by side, taking turns."""
    base = floor(state.synthetic)
    ours = ictrules_levels(state.engine)
    engine = state.engine
    sample = state.evidence[:peer_schools]
    case = "one school, levels (full evidence)"
    quick = measure_side_by_side(
        {"floor": _batch(base, sample), "ictrules": _batch(ours, sample)}, repeat=repeat * 5
    )
    slow = measure_side_by_side(
        {name: _batch(peer, sample) for name, peer in peers.items()}, repeat=repeat
    )
    rows = [
        Row(case, name, len(sample), seconds, repeat * 5, quick["floor"])
        for name, seconds in quick.items()
    ]
    rows += [
        Row(case, name, len(sample), seconds, repeat, quick["floor"])
        for name, seconds in slow.items()
    ]
    timed = measure_side_by_side(
        {
            "floor": _batch(base, sample),
            "assess": lambda: [engine.assess(e, FRAMEWORK_ID, as_of=AS_OF) for e in sample],
            "read": lambda: [
                _read_reasons(engine.assess(e, FRAMEWORK_ID, as_of=AS_OF)) for e in sample
            ],
        },
        repeat=repeat,
    )
    rows.append(
        Row(
            "one school, full assessment (assess)",
            "ictrules",
            len(sample),
            timed["assess"],
            repeat,
            timed["floor"],
            "reasons worked out when read or written",
        )
    )
    rows.append(
        Row(
            "one school, assess, then every strand's reasons read",
            "ictrules",
            len(sample),
            timed["read"],
            repeat,
            timed["floor"],
        )
    )

    rows += _pipeline_cases(state, peer_schools, repeat)
    every = state.evidence
    n = len(every)
    case = f"{n:,} schools, levels, one process"
    whole = measure_side_by_side(
        {"floor": _batch(base, every), "ictrules": _batch(ours, every)}, repeat=repeat
    )
    rows += [Row(case, name, n, seconds, repeat, whole["floor"]) for name, seconds in whole.items()]
    documents = state.documents
    seconds = measure(
        lambda: [
            engine.levels(engine.load_evidence(d), FRAMEWORK_ID, as_of=AS_OF) for d in documents
        ],
        repeat=max(1, repeat // 2),
    )
    rows.append(
        Row(
            case,
            "ictrules, evidence loaded from mappings",
            n,
            seconds,
            max(1, repeat // 2),
            whole["floor"],
            "checking every value included",
        )
    )
    seconds = measure(
        lambda: [engine.assess(e, FRAMEWORK_ID, as_of=AS_OF) for e in every], repeat=1, warmup=0
    )
    rows.append(
        Row(f"{n:,} schools, full explanations (assess)", "ictrules", n, seconds, 1, whole["floor"])
    )
    return rows


def _read_reasons(assessment: Assessment) -> Assessment:
    """``assessment`` with every strand's criteria, actions and missing facts read (made)."""
    for strand in assessment.strands:
        assert strand.criteria is not None
    return assessment


def _pipeline_cases(state: Setup, schools: int, repeat: int) -> list[Row]:
    """Issue 18's steps one school at a time: a raw mapping checked into evidence (against
    building the evidence from the same values unchecked, the floor), and an explained
    assessment written as JSON and read back. ``assess`` leaves the reasons to be worked out
    when read or written, so JSON out is timed twice: on assessments whose reasons were read
    (made as objects, then written), and as ``assess`` then ``to_json`` from the evidence, which
    counts the work ``assess`` left to the writing."""
    engine, runs = state.engine, repeat * 3
    documents = state.documents[:schools]
    evidence = state.evidence[:schools]
    assessments = [engine.assess(e, FRAMEWORK_ID, as_of=AS_OF) for e in evidence]
    for assessment in assessments:
        _read_reasons(assessment)
    texts = [a.to_json() for a in assessments]
    checked = [dict(e.facts) for e in state.evidence[:schools]]
    loading = measure_side_by_side(
        {
            "floor": lambda: [Evidence(facts) for facts in checked],
            "ictrules": lambda: [engine.load_evidence(d) for d in documents],
        },
        repeat=runs,
    )
    json_io = measure_side_by_side(
        {
            "out": lambda: [a.to_json() for a in assessments],
            "in": lambda: [Assessment.from_json(text) for text in texts],
            "whole": lambda: [
                engine.assess(e, FRAMEWORK_ID, as_of=AS_OF).to_json() for e in evidence
            ],
        },
        repeat=runs,
    )
    case = "one school, evidence checked from a mapping (load_evidence)"
    note = "floor: Evidence built from the checked values, no checking"
    return [
        Row(case, "ictrules", len(documents), loading["ictrules"], runs, loading["floor"], note),
        Row(
            "one school, assessment JSON out (to_json), reasons read",
            "ictrules",
            len(texts),
            json_io["out"],
            runs,
        ),
        Row(
            "one school, evidence to explained JSON (assess, then to_json)",
            "ictrules",
            len(texts),
            json_io["whole"],
            runs,
        ),
        Row(
            "one school, assessment JSON in (from_json)",
            "ictrules",
            len(texts),
            json_io["in"],
            runs,
        ),
    ]


def missing_cases(state: Setup, repeat: int) -> tuple[list[Row], int]:
    """The same schools with 10% of facts unknown: ictrules (three-valued) against the floor
    variant where an unknown fact fails its test. Also returns how many schools the two place
    differently (expected: they answer different questions)."""
    base = floor(state.synthetic, missing_fails=True)
    ours = ictrules_levels(state.engine)
    thinned = state.thinned
    n = len(thinned)
    case = f"{n:,} schools, levels, 10% of facts missing"
    floor_seconds = measure(_batch(base, thinned), repeat=repeat)
    engine = state.engine
    rows = [
        Row(case, "floor (unknown fails)", n, floor_seconds, repeat, floor_seconds),
        Row(
            case,
            "ictrules",
            n,
            measure(_batch(ours, thinned), repeat=repeat),
            repeat,
            floor_seconds,
            "three-valued: level and best possible",
        ),
        Row(
            f"{n:,} schools, full explanations, 10% missing",
            "ictrules",
            n,
            measure(
                lambda: [engine.assess(e, FRAMEWORK_ID, as_of=AS_OF) for e in thinned],
                repeat=1,
                warmup=0,
            ),
            1,
            floor_seconds,
        ),
    ]
    differ = len(agreement([base, ours], thinned)["ictrules"])
    return rows, differ


def _loosen(document: dict[str, Any], engine: Engine, share: float, seed: int) -> dict[str, Any]:
    """A school document with about ``share`` of its ordered facts given as a lower bound at
    the exact value, and of its sets as ``includes`` (the same schools, known in part)."""
    rng = random.Random(seed)
    facts = dict(document["facts"])
    for fact, value in facts.items():
        spec = engine.facts[fact]
        if rng.random() >= share:
            continue
        if spec.type.value == "choices":
            facts[fact] = {"includes": list(value)}
        elif spec.is_ordered:
            facts[fact] = {"at_least": value}
    return {**document, "facts": facts}


def partial_cases(state: Setup, repeat: int) -> list[Row]:
    """The same schools with 10% of ordered facts given as bounds and sets as 'includes':
    the fast path hands them to the compiled closures, so this is what partial evidence costs
    against the floor on the exact evidence."""
    base = floor(state.synthetic)
    ours = ictrules_levels(state.engine)
    partial = [
        state.engine.load_evidence(_loosen(document, state.engine, 0.1, seed))
        for seed, document in enumerate(state.documents)
    ]
    n = len(partial)
    floor_seconds = measure(_batch(base, state.evidence), repeat=repeat)
    engine = state.engine
    return [
        Row(
            f"{n:,} schools, levels, 10% of facts as bounds",
            "ictrules",
            n,
            measure(_batch(ours, partial), repeat=repeat),
            repeat,
            floor_seconds,
            "floor: the exact evidence",
        ),
        Row(
            f"{n:,} schools, full explanations, 10% as bounds",
            "ictrules",
            n,
            measure(
                lambda: [engine.assess(e, FRAMEWORK_ID, as_of=AS_OF) for e in partial],
                repeat=1,
                warmup=0,
            ),
            1,
            floor_seconds,
        ),
    ]


# --- the command line -----------------------------------------------------------------------------


def cli_cases(state: Setup, jobs: Sequence[int]) -> list[Row]:
    """``ictrules assess FOLDER --jobs N`` over every school written as a JSON evidence file
    (levels for a summary, a CSV summary written to a file), timed from outside, once."""
    if importlib.util.find_spec("ictrules.cli") is None:
        return []
    rows = []
    with tempfile.TemporaryDirectory(prefix="ictrules-bench-") as folder:
        root = Path(folder)
        for n, document in enumerate(state.documents):
            (root / f"school-{n:05d}.json").write_text(json.dumps(document), encoding="utf-8")
        for count in jobs:
            command = [
                "assess", str(root),
                "--framework", FRAMEWORK_ID,
                "--plugin", str(ROOT / "benchmarks" / "synthetic_plugin.py"),
                "--disable-plugin", "all",
                "--as-of", AS_OF.isoformat(),
                "--format", "csv", "-o", str(root / "summary.csv"),
                "--jobs", str(count),
            ]  # fmt: skip
            seconds = time_cli(command)
            rows.append(
                Row(
                    f"{len(state.documents):,} schools, CLI assess --jobs {count}",
                    "ictrules CLI",
                    len(state.documents),
                    seconds,
                    1,
                    None,
                    "files read and checked, levels (fast path), CSV summary written",
                )
            )
    return rows


# --- memory, Becta, refresh ----------------------------------------------------------------------


def memory_cases(schools: int, frameworks: Sequence[str]) -> list[dict[str, Any]]:
    """Peak resident memory of assessing every school, each case in a fresh process."""
    results = []
    for framework in frameworks:
        for mode in ("levels", "assess"):
            outcome = run_python(["-m", "benchmarks.memory", framework, mode, str(schools)])
            results.append({"framework": framework, "mode": mode, "schools": schools, **outcome})
    return results


def becta_cases(schools: int, repeat: int) -> list[Row]:
    """The real Becta framework: one example school with full evidence, and many seeded ones."""
    engine = Engine.from_installed()
    if "becta-srf" not in engine.frameworks:
        return []
    rows = []
    example = ROOT / "examples" / "strong-school.toml"
    if example.is_file():
        evidence = engine.load_evidence(example)
        one = [evidence] * 200
        rows.append(
            Row(
                "becta-srf: one school (strong example), load file",
                "ictrules",
                1,
                measure(lambda: engine.load_evidence(example), repeat=repeat),
                repeat,
            )
        )
        rows.append(
            Row(
                "becta-srf: one school (strong example), levels",
                "ictrules",
                len(one),
                measure(
                    lambda: [engine.levels(e, "becta-srf", as_of=AS_OF) for e in one], repeat=repeat
                ),
                repeat,
            )
        )
        rows.append(
            Row(
                "becta-srf: one school (strong example), assess",
                "ictrules",
                len(one),
                measure(
                    lambda: [engine.assess(e, "becta-srf", as_of=AS_OF) for e in one], repeat=repeat
                ),
                repeat,
                note="reasons worked out when read or written",
            )
        )
        rows.append(
            Row(
                "becta-srf: one school (strong example), assess then to_json",
                "ictrules",
                len(one),
                measure(
                    lambda: [engine.assess(e, "becta-srf", as_of=AS_OF).to_json() for e in one],
                    repeat=repeat,
                ),
                repeat,
            )
        )
    documents = [
        settled_document(engine, "becta-srf", d)
        for d in make_schools(engine.facts_for("becta-srf"), schools)
    ]
    evidence_all = [engine.load_evidence(d) for d in documents]
    thinned = [engine.load_evidence(d) for d in drop_facts(documents, 0.1)]
    rows.append(
        Row(
            f"becta-srf: {schools:,} schools, levels",
            "ictrules",
            schools,
            measure(
                lambda: [engine.levels(e, "becta-srf", as_of=AS_OF) for e in evidence_all],
                repeat=repeat,
            ),
            repeat,
        )
    )
    rows.append(
        Row(
            f"becta-srf: {schools:,} schools, levels, 10% missing",
            "ictrules",
            schools,
            measure(
                lambda: [engine.levels(e, "becta-srf", as_of=AS_OF) for e in thinned], repeat=repeat
            ),
            repeat,
        )
    )
    rows.append(
        Row(
            f"becta-srf: {schools:,} schools, full explanations (assess)",
            "ictrules",
            schools,
            measure(
                lambda: [engine.assess(e, "becta-srf", as_of=AS_OF) for e in evidence_all],
                repeat=1,
                warmup=0,
            ),
            1,
        )
    )
    return rows


def refresh_cases(sizes: Sequence[int]) -> list[dict[str, Any]]:
    """Refresh plans for each size, each in a fresh process (the refresh engineer's
    ``benchmarks.refresh.bench_plan``)."""
    if not (ROOT / "benchmarks" / "refresh.py").is_file():
        return []
    results = []
    for size in sizes:
        code = (
            "import json; from benchmarks.refresh import bench_plan; "
            "from benchmarks.memory import peak_rss_mib; "
            f"r = bench_plan({size}); r['peak_rss_mb'] = round(peak_rss_mib(), 1); "
            "print(json.dumps(r))"
        )
        results.append(run_python(["-c", code]))
    return results


def refresh_write_cases(sizes: Sequence[int]) -> list[dict[str, Any]]:
    """Refresh plans of each size written as JSON and CSV, each in a fresh process
    (``benchmarks.refresh.run_writes``)."""
    from .refresh import run_writes

    return run_writes(sizes)


# --- profiles -----------------------------------------------------------------------------------


def profile_summary(state: Setup, top: int = 6) -> dict[str, str]:
    """cProfile of the fast path and of ``assess``: the functions with the most own time."""
    engine = state.engine
    evidence = state.evidence[:2000]
    works = {
        "levels": lambda: [engine.levels(e, FRAMEWORK_ID, as_of=AS_OF) for e in evidence],
        "assess": lambda: [engine.assess(e, FRAMEWORK_ID, as_of=AS_OF) for e in evidence[:300]],
    }
    summaries = {}
    for name, work in works.items():
        work()
        profiler = cProfile.Profile()
        profiler.runcall(work)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
        text = out.getvalue()
        body = text[text.index("ncalls") :] if "ncalls" in text else text
        body = re.sub(r"/\S*/(src|benchmarks)/", r"\1/", body)
        summaries[name] = "\n".join(line.rstrip() for line in body.strip().splitlines())
    return summaries
