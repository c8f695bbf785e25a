"""Run as a separate process by the store tests: save COUNT assessments into a store.

Usage: python store_writer.py STORE PREFIX COUNT [crash]

Each save is its own transaction. With ``crash``, the process dies (``os._exit``) in the
middle of its first save, after the assessment row is written and before the transaction
commits.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from store_demo import AS_OF, evidence_document, make_engine

from ictrules.store import Store, database


def main(path: str, prefix: str, count: int, crash: bool) -> None:
    engine = make_engine("1.0")
    if crash:
        real = database._insert_assessment

        def die(*args: object) -> int:
            real(*args)  # type: ignore[arg-type]  # the row written, the transaction open
            os._exit(3)

        database._insert_assessment = die  # type: ignore[assignment]
    with Store(path, timeout=1.0, retries=50) as store:
        for number in range(count):
            evidence = engine.load_evidence(
                evidence_document(
                    f"{prefix}-{number:04d}",
                    f"{prefix} school {number}",
                    **{"vision.mentions_ict": number % 2 == 0, "budget.share": float(number % 7)},
                )
            )
            assessment = engine.assess(evidence, "demo", as_of=AS_OF)
            store.save(assessment, evidence, engine)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:] == ["crash"])
