"""End to end with the installed plugins: an inventory feeds Becta strands 1b3 and 1b4."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ictrules import Engine
from ictrules_refresh import ATTACHMENT, load_inventory

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 9, 1)


def test_attaching_the_example_inventory_raises_budget_and_environment_strands() -> None:
    pytest.importorskip("ictrules_becta")
    engine = Engine.from_installed()
    if "becta-srf" not in engine.frameworks:  # pragma: no cover - becta not installed
        pytest.skip("the Becta framework is not installed")
    evidence = engine.load_evidence(ROOT / "examples" / "typical-school.toml")
    inventory = load_inventory(ROOT / "examples" / "typical-school-inventory.csv")
    without = {s.code: s for s in engine.assess(evidence, "becta-srf", as_of=AS_OF).strands}
    with_inventory = {
        s.code: s
        for s in engine.assess(
            evidence, "becta-srf", as_of=AS_OF, attachments={ATTACHMENT: inventory}
        ).strands
    }
    derived = {
        reading.fact: reading.value
        for strand in ("1b3", "1b4")
        for criterion in with_inventory[strand].criteria
        for reading in criterion.facts
        if reading.derived_by == "refresh"
    }
    assert derived == {
        "budget.renewal_plan_coverage": 0.9765,
        "budget.renewal_horizon_years": 5,
        "budget.tco_counted": True,
        "environment.energy_use_measured": True,
        "environment.embodied_carbon_estimated": True,
    }
    for strand in ("1b3", "1b4"):
        assert with_inventory[strand].level < without[strand].level  # lower is better in Becta
