"""Example Authority's ictrules plugin.

It supplies the authority's own framework (facts and two strands, kept as data in
``framework.toml``); when the Becta Self-review Framework is installed too, it adds a local
expectation to Becta's safeguarding strand; and it sets the authority's laptop policy for the
refresh plugin's plans.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ictrules import (
    Criterion,
    Derivation,
    DerivationContext,
    ExtraCriterion,
    FactSpec,
    Framework,
    hookimpl,
    read_framework_file,
)

__version__ = "0.1.0"

FRAMEWORK_ID = "example-authority"
BECTA_ID = "becta-srf"
BECTA_STRAND = "1b5"  # safeguarding
BECTA_LEVEL = 3

# Read once, on import: a fault in the file stops the plugin loading, with its path.
_FILE = read_framework_file(Path(__file__).with_name("framework.toml"))

SAFETY_LEAD = Criterion(
    id="ea-safety-lead",
    condition="authority.safety_lead_named",
    statement="A member of staff is named as online-safety lead (an Example Authority rule).",
    action="Name an online-safety lead: the authority expects one before level 3.",
)


@hookimpl
def ictrules_facts() -> Iterable[FactSpec]:
    """The facts our framework and our local criterion read."""
    return _FILE.facts


@hookimpl
def ictrules_frameworks() -> Iterable[Framework]:
    """Our own framework."""
    return [_FILE.framework]


@hookimpl
def ictrules_criteria(frameworks: Mapping[str, Framework]) -> Iterable[ExtraCriterion]:
    """Our expectation on Becta's safeguarding strand, only where that strand is installed."""
    becta = frameworks.get(BECTA_ID)
    if becta is None or BECTA_STRAND not in {strand.code for strand in becta.strands}:
        return []
    return [ExtraCriterion(BECTA_ID, BECTA_STRAND, BECTA_LEVEL, SAFETY_LEAD)]


def _wifi_coverage(context: DerivationContext) -> float | None:
    """The share of teaching spaces with wi-fi, from the two counts (unknown without both)."""
    spaces = context.inputs["authority.spaces"]
    with_wifi = context.inputs["authority.spaces_with_wifi"]
    if not isinstance(spaces, int) or not isinstance(with_wifi, int) or spaces == 0:
        return None
    return min(with_wifi, spaces) / spaces


@hookimpl
def ictrules_derivations(facts: Mapping[str, FactSpec]) -> Iterable[Derivation]:
    """Wi-fi coverage from the counts of spaces, when a school gives counts, not a share."""
    return [
        Derivation(
            "authority.wifi_coverage",
            _wifi_coverage,
            ("authority.spaces", "authority.spaces_with_wifi"),
            "share of teaching spaces with reliable wi-fi, from the two counts",
        )
    ]


#: The authority's laptop policy: applied over the refresh plugin's defaults, and under any
#: policy file a school gives.
REFRESH_POLICY: Mapping[str, Any] = {
    "categories": {
        "laptop": {
            "lifespan_years": {"value": 4, "source": "Example Authority device policy 2026"},
            "unit_cost": {"value": 600, "source": "Example Authority laptop contract 2026"},
        }
    }
}


# The refresh plugin adds this hook; optionalhook lets the plugin load without it.
@hookimpl(optionalhook=True)
def ictrules_refresh_policies() -> Iterable[Mapping[str, Any]]:
    """Our device policy, for the refresh plugin's plans."""
    return [REFRESH_POLICY]
