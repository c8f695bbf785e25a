"""The plugin author kit: check a framework, generate evidence, document hooks.

::

    from ictrules.testing import check_framework
    check_framework([my_plugin], "my-framework")

The check (the framework linter of :mod:`ictrules.lint`, re-exported here) and the hook
reference need only ictrules. The Hypothesis strategies
(:func:`evidence`, :func:`evidence_mappings`, :func:`fact_values`, :func:`assessments`) import
Hypothesis when first used, so the core never does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ..lint import (
    DEFAULT_AS_OF,
    FINDING_KINDS,
    Finding,
    FrameworkCheckError,
    FrameworkCheckWarning,
    Severity,
    check_framework,
    finding_from_problem,
    framework_findings,
)
from .builders import (
    DEFAULT_SCALE,
    InlinePlugin,
    build_framework,
    build_strand,
    criterion,
    fact,
    inline_plugin,
)

if TYPE_CHECKING:
    from .hookdocs import hook_reference, undocumented_hooks
    from .strategies import assessments, evidence, evidence_mappings, fact_values

__all__ = [
    "DEFAULT_AS_OF",
    "DEFAULT_SCALE",
    "FINDING_KINDS",
    "Finding",
    "FrameworkCheckError",
    "FrameworkCheckWarning",
    "InlinePlugin",
    "Severity",
    "assessments",
    "build_framework",
    "build_strand",
    "check_framework",
    "criterion",
    "evidence",
    "evidence_mappings",
    "fact",
    "fact_values",
    "finding_from_problem",
    "framework_findings",
    "hook_reference",
    "inline_plugin",
    "undocumented_hooks",
]

_LAZY = {
    "assessments": "strategies",
    "evidence": "strategies",
    "evidence_mappings": "strategies",
    "fact_values": "strategies",
    "hook_reference": "hookdocs",
    "undocumented_hooks": "hookdocs",
}


def __getattr__(name: str) -> Any:
    """Import the Hypothesis strategies (and the hook reference) on first use."""
    if name in _LAZY:
        module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
