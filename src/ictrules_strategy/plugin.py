"""The strategy plugin's hooks, registered through the ``ictrules`` entry point ``strategy``.

* ``ictrules_commands``: ``ictrules strategy``, ``ictrules trust-strategy`` and
  ``ictrules strategy-template``;
* ``ictrules_derivations``: ``strategy.targets`` from an attached strategy (short, medium and
  long-term targets are what Becta's 1b2 asks for), where a framework declares it;
* ``ictrules_report_templates``: the strategy's page template (``strategy/strategy.html``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ictrules import Derivation, FactSpec, hookimpl
from ictrules.commands import Command

from .commands import STRATEGY_COMMAND, TEMPLATE_COMMAND
from .feedback import targets_reach
from .rendering import TEMPLATES
from .trust_commands import TRUST_COMMAND

__all__ = ["ictrules_commands", "ictrules_derivations", "ictrules_report_templates"]


@hookimpl
def ictrules_commands() -> Iterable[Command]:
    """``ictrules strategy``, ``ictrules trust-strategy`` and ``ictrules strategy-template``."""
    return [STRATEGY_COMMAND, TRUST_COMMAND, TEMPLATE_COMMAND]


@hookimpl
def ictrules_derivations(facts: Mapping[str, FactSpec]) -> Iterable[Derivation]:
    """``strategy.targets`` from the targets of an attached strategy."""
    if "strategy.targets" not in facts:
        return []
    return [
        Derivation(
            "strategy.targets",
            targets_reach,
            (),
            "from the strategy's targets: how far ahead they reach",
        )
    ]


@hookimpl
def ictrules_report_templates() -> Iterable[Path]:
    """The strategy's templates, which ``--template-dir`` and authority plugins may replace."""
    return [TEMPLATES]
