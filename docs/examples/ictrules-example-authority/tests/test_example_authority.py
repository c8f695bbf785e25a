"""Tests of the Example Authority plugin, written with the ictrules author kit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from ictrules import Engine, Evidence
from ictrules.testing import check_framework, evidence

import ictrules_example_authority as plugin

AS_OF = dt.date(2026, 9, 1)
ENGINE = Engine([plugin])

MakeEngine = Callable[..., Engine]


def test_the_plugin_is_installed(ictrules_engine: Engine) -> None:
    # the fixture builds an engine over every installed plugin, as a school's would be
    assert "example_authority" in ictrules_engine.plugins
    assert plugin.FRAMEWORK_ID in ictrules_engine.frameworks


def test_the_framework_passes_the_check() -> None:
    check_framework([plugin], plugin.FRAMEWORK_ID)


def test_a_well_connected_school(make_ictrules_engine: MakeEngine) -> None:
    engine = make_ictrules_engine([plugin])
    facts = {
        "authority.wifi_coverage": "95%",
        "authority.broadband_mbps": 200,
        "authority.filtering": "managed",
        "authority.safety_lead_named": True,
        "authority.safety_policy_reviewed": "2025-09-01",
    }
    result = engine.assess({"facts": facts}, plugin.FRAMEWORK_ID, as_of=AS_OF)
    assert result.strand("connect").level == 2  # 200 Mbit/s is short of the 500 level 1 needs
    assert [action.criterion for action in result.strand("connect").actions] == [
        "connect-everywhere"
    ]
    assert result.strand("safety").level == 2
    assert result.strand("safety").missing == ("authority.safety_training_share",)


@given(evidence(ENGINE, plugin.FRAMEWORK_ID))
def test_more_wifi_never_lowers_connectivity(ev: Evidence) -> None:
    better = Evidence({**ev.facts, "authority.wifi_coverage": 1.0})
    framework = ENGINE.framework(plugin.FRAMEWORK_ID)
    before = ENGINE.assess(ev, plugin.FRAMEWORK_ID, as_of=AS_OF).strand("connect")
    after = ENGINE.assess(better, plugin.FRAMEWORK_ID, as_of=AS_OF).strand("connect")
    assert framework.rank(after.level) >= framework.rank(before.level)


def test_local_criterion_joins_the_becta_strand(make_ictrules_engine: MakeEngine) -> None:
    engine = make_ictrules_engine([plugin], installed=True, disable=["example_authority"])
    if plugin.BECTA_ID not in engine.frameworks:
        pytest.skip("the Becta plugin is not installed")
    result = engine.assess(
        {"facts": {"authority.safety_lead_named": False}}, plugin.BECTA_ID, as_of=AS_OF
    )
    [added] = [c for c in result.strand(plugin.BECTA_STRAND).criteria if c.id == "ea-safety-lead"]
    assert (added.level, added.holds, added.plugin) == (plugin.BECTA_LEVEL, False, plugin.__name__)


def test_counts_of_spaces_give_the_wifi_coverage(make_ictrules_engine: MakeEngine) -> None:
    engine = make_ictrules_engine([plugin])
    facts = {"authority.spaces": 20, "authority.spaces_with_wifi": 19}
    result = engine.assess({"facts": facts}, plugin.FRAMEWORK_ID, as_of=AS_OF)
    [reading] = [
        r
        for c in result.strand("connect").criteria
        for r in c.facts
        if r.fact == "authority.wifi_coverage"
    ][:1]
    assert (reading.value, reading.derived_by) == (0.95, plugin.__name__)
    stated = {**facts, "authority.wifi_coverage": "50%"}  # what the school states wins
    again = engine.assess({"facts": stated}, plugin.FRAMEWORK_ID, as_of=AS_OF)
    assert again.strand("connect").criteria[0].facts[0].value == 0.5


def test_alone_it_loads_and_extends_nothing(make_ictrules_engine: MakeEngine) -> None:
    # neither Becta nor the refresh plugin (whose hook it implements) is on this engine
    engine = make_ictrules_engine([plugin])
    assert list(engine.frameworks) == [plugin.FRAMEWORK_ID]


def test_the_authority_laptop_policy_applies(ictrules_engine: Engine) -> None:
    refresh = pytest.importorskip("ictrules_refresh", reason="the refresh plugin is not installed")
    laptop = refresh.resolve_policies(ictrules_engine)["laptop"]
    assert (laptop.lifespan_years, laptop.unit_cost) == (4, 600)
    assert laptop.sources["lifespan_years"] == "Example Authority device policy 2026"
