"""The Becta plugin: element 1 of Becta's Self-review Framework, Leadership and management.

The framework is data, not code: ``leadership.toml`` in this package holds the level scale, the
12 strands with a descriptor and criteria per level, and the facts the criteria read. This module
only reads that file and hands it to the engine through two hooks, so it doubles as the worked
example for an authority writing its own framework plugin::

    import datetime as dt
    from ictrules import Engine
    import ictrules_becta
    import ictrules_refresh.plugin  # declares the budget and environment facts 1b3, 1b4 read

    engine = Engine([ictrules_becta, ictrules_refresh.plugin])
    assessment = engine.assess({"facts": {}}, "becta-srf", as_of=dt.date(2026, 9, 1))
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources

from ictrules import FactSpec, Framework, FrameworkFile, hookimpl, read_framework_file

__all__ = [
    "DATA_FILE",
    "FRAMEWORK_ID",
    "INVENTORY_FACTS",
    "ictrules_facts",
    "ictrules_frameworks",
    "load",
]

#: The id the framework is known by: ``engine.assess(evidence, "becta-srf", ...)``.
FRAMEWORK_ID = "becta-srf"

#: The framework data file shipped inside this package.
DATA_FILE = "leadership.toml"

#: Facts strands 1b3 and 1b4 read that the refresh plugin declares and derives from a device
#: inventory (the framework file ``needs`` them from that plugin). The ids and types are the
#: contract between the two plugins; a value the school states always wins over a derived one.
INVENTORY_FACTS: tuple[str, ...] = (
    "budget.renewal_plan_coverage",
    "budget.renewal_horizon_years",
    "budget.tco_counted",
    "environment.energy_use_measured",
    "environment.embodied_carbon_estimated",
)


@functools.cache
def load() -> FrameworkFile:
    """Read the framework data file shipped with the package (once; the result is cached).

    Raises :class:`ictrules.FrameworkError` naming the file and each fault in it.
    """
    with resources.as_file(resources.files(__name__).joinpath(DATA_FILE)) as path:
        return read_framework_file(path)


@hookimpl
def ictrules_facts() -> Iterable[FactSpec]:
    """Declare the evidence vocabulary: every fact the Becta criteria read."""
    return load().facts


@hookimpl
def ictrules_frameworks() -> Iterable[Framework]:
    """Supply the Becta Self-review Framework, element 1 (id ``becta-srf``)."""
    return [load().framework]
