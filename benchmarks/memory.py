"""Peak memory of assessing many schools, measured in a fresh process.

``python -m benchmarks.memory FRAMEWORK MODE COUNT [MISSING]`` loads ``COUNT`` seeded schools
(``FRAMEWORK`` is ``synthetic-srf`` or an installed framework id), assesses them all with
``levels`` or ``assess`` keeping every result, and prints one JSON line: the peak resident memory
after setting up (engine, evidence) and at the end, in MiB.
"""

from __future__ import annotations

import json
import resource
import sys
from collections.abc import Sequence

from ictrules import Engine

from .synthetic import (
    AS_OF,
    FRAMEWORK_ID,
    drop_facts,
    make_framework,
    make_schools,
    settled_document,
    synthetic_engine,
)

__all__ = ["main", "peak_rss_mib"]


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, in MiB.

    Read from ``VmHWM`` in ``/proc/self/status`` where there is one: ``ru_maxrss`` survives
    ``exec``, so a child started by a large parent would report the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Sequence[str] | None = None) -> int:
    """Run one memory case and print its JSON line."""
    framework, mode, count, *rest = argv if argv is not None else sys.argv[1:]
    missing = float(rest[0]) if rest else 0.0
    if framework == FRAMEWORK_ID:
        engine = synthetic_engine(make_framework())
    else:
        engine = Engine.from_installed()
    documents = make_schools(engine.facts_for(framework), int(count))
    if framework != FRAMEWORK_ID:  # a real framework's entailments: answers that agree with them
        documents = [settled_document(engine, framework, d) for d in documents]
    if missing:
        documents = drop_facts(documents, missing)
    evidence = [engine.load_evidence(document) for document in documents]
    del documents
    setup = peak_rss_mib()
    if mode == "levels":
        results: list[object] = [engine.levels(e, framework, as_of=AS_OF) for e in evidence]
    else:
        results = [engine.assess(e, framework, as_of=AS_OF) for e in evidence]
    print(
        json.dumps(
            {
                "setup_mib": round(setup, 1),
                "peak_mib": round(peak_rss_mib(), 1),
                "results": len(results),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
