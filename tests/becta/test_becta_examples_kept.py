"""An engine keeps what it worked out for one school (entailments' narrowings, levels-only strand
results, lists of choices) for the next: the example schools assessed one after another by one
engine must come out byte for byte as each does on an engine of its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ictrules import Engine

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = dt.date(2026, 9, 1)
SCHOOLS = ("weak", "typical", "strong", "typical", "strong", "weak")


def test_the_example_schools_are_judged_alike_on_a_shared_engine() -> None:
    shared = Engine.from_installed()
    for name in SCHOOLS:
        path = EXAMPLES / f"{name}-school.toml"
        alone = Engine.from_installed()
        own = alone.assess(alone.load_evidence(path), "becta-srf", as_of=AS_OF)
        kept = shared.assess(shared.load_evidence(path), "becta-srf", as_of=AS_OF)
        assert kept.to_json() == own.to_json()
        assert shared.levels(shared.load_evidence(path), "becta-srf", as_of=AS_OF) == (
            alone.levels(alone.load_evidence(path), "becta-srf", as_of=AS_OF)
        )
