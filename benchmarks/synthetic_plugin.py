"""The synthetic framework as a plugin module, for the command line's ``--plugin`` option.

``ictrules assess DIR --plugin benchmarks/synthetic_plugin.py --framework synthetic-srf`` loads
the seeded synthetic framework (default seed) beside, or instead of, the installed plugins.
"""

from __future__ import annotations

from collections.abc import Iterable

from benchmarks.synthetic import make_framework
from ictrules import FactSpec, Framework, hookimpl

__all__ = ["ictrules_facts", "ictrules_frameworks"]

_SYNTHETIC = make_framework()


@hookimpl
def ictrules_facts() -> Iterable[FactSpec]:
    """The synthetic facts."""
    return _SYNTHETIC.facts


@hookimpl
def ictrules_frameworks() -> Iterable[Framework]:
    """The synthetic framework."""
    return [_SYNTHETIC.framework]
