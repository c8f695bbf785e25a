"""The plugin's link to frameworks: facts derived from an attached inventory or plan.

A tiny framework plugin declares the budget and environment facts (as the Becta plugin does for
strands 1b3 and 1b4), so these tests do not depend on any other plugin.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import ictrules_refresh.plugin
from ictrules import (
    Criterion,
    Engine,
    FactType,
    Framework,
    Level,
    LevelRules,
    PluginError,
    Section,
    Strand,
    hookimpl,
)
from ictrules_refresh import (
    ATTACHMENT,
    PLAN_ATTACHMENT,
    Inventory,
    default_policies,
    load_inventory,
    plan_refresh,
)

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 9, 1)
DERIVED = (
    ("budget.renewal_plan_coverage", FactType.PROPORTION),
    ("budget.renewal_horizon_years", FactType.INTEGER),
    ("budget.tco_counted", FactType.BOOLEAN),
    ("environment.energy_use_measured", FactType.BOOLEAN),
    ("environment.embodied_carbon_estimated", FactType.BOOLEAN),
)


class MiniFramework:
    """Reads the five facts the refresh plugin declares, in one strand."""

    @hookimpl
    def ictrules_frameworks(self) -> list[Framework]:
        rules = (
            LevelRules(3, "No planned renewal."),
            LevelRules(
                2,
                "Renewal is planned ahead.",
                (
                    Criterion(
                        "plan",
                        "budget.renewal_plan_coverage >= 0.5 and budget.renewal_horizon_years >= 3",
                        "Most of the estate is on a planned renewal cycle.",
                        "Plan the renewal of your kit.",
                    ),
                ),
            ),
            LevelRules(
                1,
                "Total cost and environmental impact are counted.",
                (
                    Criterion(
                        "tco",
                        "budget.tco_counted and environment.energy_use_measured "
                        "and environment.embodied_carbon_estimated",
                        "The plan counts running costs, energy and carbon.",
                        "Count the total cost of ownership.",
                    ),
                ),
            ),
        )
        return [
            Framework(
                id="mini",
                title="Mini",
                version="1",
                source="test",
                scale=(Level(3, "low"), Level(2, "mid"), Level(1, "high")),
                sections=(Section("b", "Budget", (Strand("b1", "Budget", rules),)),),
            )
        ]


def engine() -> Engine:
    return Engine([ictrules_refresh.plugin, ("mini", MiniFramework())])


def readings(assessment: object) -> dict[str, tuple[object, str | None]]:
    strand = assessment.strands[0]  # type: ignore[attr-defined]
    return {r.fact: (r.value, r.derived_by) for c in strand.criteria for r in c.facts}


def test_the_plugin_declares_the_facts_it_derives_so_any_framework_reads_them() -> None:
    alone = Engine([ictrules_refresh.plugin])
    assert {fact: alone.facts[fact].type for fact, _ in DERIVED} == dict(DERIVED)
    assert alone.derived_facts() == {fact: "ictrules_refresh.plugin" for fact, _ in DERIVED}
    assert "b1" in [s.strand.code for s in engine().compiled("mini").strands]


def test_an_attached_inventory_feeds_the_judgement() -> None:
    inventory = load_inventory(ROOT / "examples" / "typical-school-inventory.csv")
    assessment = engine().assess({}, "mini", as_of=AS_OF, attachments={ATTACHMENT: inventory})
    plan = plan_refresh(inventory, default_policies(), as_of=AS_OF)
    assert readings(assessment) == {
        "budget.renewal_plan_coverage": (plan.coverage.value_share, "ictrules_refresh.plugin"),
        "budget.renewal_horizon_years": (5, "ictrules_refresh.plugin"),
        "budget.tco_counted": (True, "ictrules_refresh.plugin"),
        "environment.energy_use_measured": (True, "ictrules_refresh.plugin"),
        "environment.embodied_carbon_estimated": (True, "ictrules_refresh.plugin"),
    }
    assert plan.coverage.value_share > 0.9
    assert assessment.strands[0].level == 1


def test_without_an_inventory_the_facts_stay_unknown() -> None:
    assessment = engine().assess({}, "mini", as_of=AS_OF)
    assert {value for value, _ in readings(assessment).values()} == {None}
    assert assessment.strands[0].level == 3
    empty = engine().assess({}, "mini", as_of=AS_OF, attachments={ATTACHMENT: Inventory(())})
    assert {value for value, _ in readings(empty).values()} == {None}


def test_an_attached_plan_wins_over_the_default_one() -> None:
    inventory = load_inventory(ROOT / "examples" / "typical-school-inventory.csv")
    plan = plan_refresh(inventory, default_policies(), as_of=AS_OF, horizon_years=3)
    assessment = engine().assess(
        {}, "mini", as_of=AS_OF, attachments={ATTACHMENT: inventory, PLAN_ATTACHMENT: plan}
    )
    assert readings(assessment)["budget.renewal_horizon_years"] == (3, "ictrules_refresh.plugin")


def test_what_the_school_states_wins_over_the_derivation() -> None:
    inventory = load_inventory(ROOT / "examples" / "typical-school-inventory.csv")
    assessment = engine().assess(
        {"facts": {"budget.tco_counted": False}},
        "mini",
        as_of=AS_OF,
        attachments={ATTACHMENT: inventory},
    )
    assert readings(assessment)["budget.tco_counted"] == (False, None)
    assert assessment.strands[0].level == 2


def test_a_wrong_attachment_is_a_plugin_error_naming_the_plugin() -> None:
    with pytest.raises(PluginError) as caught:
        engine().assess({}, "mini", as_of=AS_OF, attachments={ATTACHMENT: ["not", "an inventory"]})
    assert str(caught.value) == (
        "plugin 'ictrules_refresh.plugin' failed in derivation of budget.renewal_plan_coverage: "
        "TypeError: attachments['inventory'] must be an ictrules_refresh.Inventory "
        "(from load_inventory), got list"
    )
