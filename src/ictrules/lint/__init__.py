"""The framework linter: checks a framework plugin for rules that cannot work as meant.

``ictrules check`` runs it from the command line; test suites call it through the author kit
(:func:`ictrules.testing.check_framework`), which re-exports these names::

    from ictrules.lint import framework_findings
    for finding in framework_findings(engine, "my-framework"):
        print(finding)

What it checks, and what its search can and cannot prove, is described in
:mod:`ictrules.lint.checks`.
"""

from __future__ import annotations

from .checks import DEFAULT_AS_OF, check_framework, finding_from_problem, framework_findings
from .findings import FINDING_KINDS, Finding, FrameworkCheckError, FrameworkCheckWarning, Severity

__all__ = [
    "DEFAULT_AS_OF",
    "FINDING_KINDS",
    "Finding",
    "FrameworkCheckError",
    "FrameworkCheckWarning",
    "Severity",
    "check_framework",
    "finding_from_problem",
    "framework_findings",
]
