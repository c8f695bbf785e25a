"""Shared fixtures for the Becta plugin's tests: an engine over the plugin alone, and worst-case
evidence that gives every declared fact its lowest value."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import ictrules_becta
import ictrules_refresh.plugin
from ictrules import Engine, FactType

#: The date every Becta test assesses on.
AS_OF = dt.date(2026, 9, 1)

_LOWEST: dict[FactType, Any] = {
    FactType.BOOLEAN: False,
    FactType.INTEGER: 0,
    FactType.PROPORTION: 0.0,
    FactType.CHOICES: [],
    FactType.DATE: "2000-01-01",
}


@pytest.fixture(scope="session")
def engine() -> Engine:
    """An engine with the Becta plugin and the refresh plugin that declares the facts it needs,
    named as their entry points name them."""
    return Engine([("becta", ictrules_becta), ("refresh", ictrules_refresh.plugin)])


@pytest.fixture(scope="session")
def lowest_facts(engine: Engine) -> dict[str, Any]:
    """Every Becta fact at its lowest value: a school that is at level 5 on every strand."""
    facts: dict[str, Any] = {}
    for spec in engine.facts_for("becta-srf"):
        facts[spec.id] = spec.choices[0] if spec.type is FactType.CHOICE else _LOWEST[spec.type]
    return facts
