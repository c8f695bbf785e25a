"""The refresh plugin's hooks, registered through the ``ictrules`` entry point ``refresh``.

* ``ictrules_add_hookspecs``: adds ``ictrules_refresh_policies``, through which authority plugins
  set refresh policies;
* ``ictrules_facts`` and ``ictrules_derivations``: the budget and environment facts it declares
  and derives from an attached inventory (see :mod:`ictrules_refresh.derived`);
* ``ictrules_commands``: ``ictrules plan``;
* ``ictrules_attachment_sources``: ``--inventory`` for ``assess``, ``explain`` and ``check``;
* ``ictrules_report_templates``: the plan's report templates (``refresh/plan.html``,
  ``refresh/section.html``), which ``--template-dir`` and authority plugins may replace.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pluggy

from ictrules import Derivation, FactSpec, hookimpl
from ictrules.commands import AttachmentSource, Command

from . import hookspecs
from .commands import INVENTORY_SOURCE, PLAN_COMMAND
from .derived import DECLARED_FACTS, derivations
from .rendering import TEMPLATES

__all__ = [
    "ictrules_add_hookspecs",
    "ictrules_attachment_sources",
    "ictrules_commands",
    "ictrules_derivations",
    "ictrules_facts",
    "ictrules_report_templates",
]


@hookimpl
def ictrules_add_hookspecs(pluginmanager: pluggy.PluginManager) -> None:
    """Add ``ictrules_refresh_policies``, through which authority plugins set policies."""
    pluginmanager.add_hookspecs(hookspecs)


@hookimpl
def ictrules_facts() -> Iterable[FactSpec]:
    """Declare the budget and environment facts this plugin derives, so any framework can
    read them."""
    return DECLARED_FACTS


@hookimpl
def ictrules_derivations(facts: Mapping[str, FactSpec]) -> Iterable[Derivation]:
    """Derive the budget and environment facts from an attached inventory or plan."""
    return derivations(facts)


@hookimpl
def ictrules_commands() -> Iterable[Command]:
    """``ictrules plan``."""
    return [PLAN_COMMAND]


@hookimpl
def ictrules_attachment_sources() -> Iterable[AttachmentSource]:
    """``--inventory`` (with its reading and plan options) for commands that assess a school."""
    return [INVENTORY_SOURCE]


@hookimpl
def ictrules_report_templates() -> Iterable[Path]:
    """The refresh plan's templates."""
    return [TEMPLATES]
