"""Findings: what :func:`ictrules.testing.check_framework` reports about a framework.

A finding is data: its kind, its severity, and where it lies (plugin, framework, strand, level,
criterion), with a one-line message. ``str(finding)`` is the line the command line prints.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

__all__ = ["FINDING_KINDS", "Finding", "FrameworkCheckError", "FrameworkCheckWarning", "Severity"]

#: Every kind of finding, with what it means.
FINDING_KINDS: Mapping[str, str] = {
    "build": "the engine refuses to build from these plugins",
    "derivation": "a plugin's derivation raises, or returns a bad value, on some evidence",
    "undeclared-fact": "a criterion reads a fact no plugin declares",
    "unreachable-level": "no evidence can bring a strand to a level",
    "constant-criterion": "a criterion holds for every evidence, or for none",
    "provisional": "with every question answered, a strand is still provisional",
    "band-undecided": "a criterion stays undecided when a proportion is answered as a band name",
    "no-action": "a level above the lowest gives a school nothing to do to reach it",
    "plugin-order": "results change when the plugins are registered in another order",
    "not-monotone": "raising an ordered fact lowers a strand declared monotone",
    "search-budget": "the search ran out of budget before it could decide",
}


class Severity(enum.Enum):
    """How bad a finding is: an error fails the check, a warning is reported."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Finding:
    """One thing wrong with a framework, located as precisely as the check can.

    ``evidence`` holds, where the check found one, fact values (in the evidence-file shape) that
    show the fault. ``accepted`` is the reason a warning was acknowledged in the framework
    (its strand's ``accepted`` table): an accepted warning is shown but fails nothing.
    """

    kind: str
    severity: Severity
    message: str
    plugin: str | None = None
    framework: str | None = None
    strand: str | None = None
    level: int | None = None
    criterion: str | None = None
    evidence: Mapping[str, Any] | None = attrs.field(default=None, eq=False, repr=False)
    accepted: str | None = None

    @property
    def location(self) -> str:
        """Where the finding lies: ``plugin 'p', framework f, strand s, level 2, criterion c``."""
        parts = []
        if self.plugin is not None:
            parts.append(f"plugin {self.plugin!r}")
        if self.framework is not None:
            parts.append(f"framework {self.framework}")
        if self.strand is not None:
            parts.append(f"strand {self.strand}")
        if self.level is not None:
            parts.append(f"level {self.level}")
        if self.criterion is not None:
            parts.append(f"criterion {self.criterion}")
        return ", ".join(parts)

    @property
    def counts(self) -> bool:
        """Whether the finding counts against the framework (an accepted warning does not)."""
        return self.accepted is None

    def __str__(self) -> str:
        where = self.location
        label = f"accepted {self.severity.value}" if self.accepted else self.severity.value
        text = f"{label}: {where + ': ' if where else ''}{self.message} [{self.kind}]"
        if self.accepted:
            text += f" (accepted: {self.accepted})"
        return " ".join(text.split())


class FrameworkCheckError(AssertionError):
    """Raised by :func:`~ictrules.testing.check_framework` when it finds an error.

    ``findings`` holds every finding, errors and warnings; the message lists them one a line.
    """

    def __init__(self, framework: str, findings: Sequence[Finding]) -> None:
        self.framework = framework
        self.findings = tuple(findings)
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        noun = "error" if errors == 1 else "errors"
        lines = [f"framework {framework}: {errors} {noun} found by ictrules.testing"]
        lines.extend(f"  {finding}" for finding in self.findings)
        super().__init__("\n".join(lines))


class FrameworkCheckWarning(UserWarning):
    """Issued by :func:`~ictrules.testing.check_framework` for each warning it finds."""
