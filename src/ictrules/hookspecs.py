"""The hooks a plugin may implement. Mark each implementation with :data:`hookimpl`.

A plugin is a module or object with functions named after these hooks::

    from ictrules import hookimpl

    @hookimpl
    def ictrules_frameworks():
        return [my_framework]

Installed plugins are found through the ``ictrules`` entry-point group. Every hook returns an
iterable; the engine calls each plugin's implementation on its own so that a plugin that raises
is named in the error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .commands import AttachmentSource, Command
    from .derivations import Derivation
    from .facts import FactSpec
    from .frameworks import ExtraCriterion, Framework

__all__ = ["PROJECT", "hookimpl", "hookspec"]

#: The one name that ties pluggy's markers and the entry-point group together.
PROJECT = "ictrules"

hookspec = pluggy.HookspecMarker(PROJECT)
#: Marks a plugin's hook implementation.
hookimpl = pluggy.HookimplMarker(PROJECT)


# --- extending the plugin system -------------------------------------------------------------


@hookspec(historic=True)
def ictrules_add_hookspecs(pluginmanager: pluggy.PluginManager) -> None:
    """Add a plugin's own hook specifications.

    Called once for every plugin as the engine is built, before any other hook. Call
    ``pluginmanager.add_hookspecs(module)`` with a module of ``@hookspec`` functions; other
    plugins may then implement those hooks. The refresh plugin adds its policy hook this way.

    :param pluginmanager: the engine's ``pluggy.PluginManager``.
    """


# --- vocabulary and frameworks ---------------------------------------------------------------


@hookspec
def ictrules_facts() -> Iterable[FactSpec]:
    """Declare the facts this plugin's conditions and derivations read.

    :return: ``FactSpec`` objects. A fact id declared by two plugins is an error naming both.
    """
    return ()


@hookspec
def ictrules_frameworks() -> Iterable[Framework]:
    """Supply frameworks: level scale, sections, strands, descriptors and criteria.

    :return: ``Framework`` objects. A framework id supplied by two plugins is an error naming
        both. Every condition is type-checked against the declared facts when the engine is
        built.
    """
    return ()


@hookspec
def ictrules_criteria(frameworks: Mapping[str, Framework]) -> Iterable[ExtraCriterion]:
    """Add local criteria to strands of frameworks that other plugins supply.

    An authority uses this to add its own expectations to a Becta strand; a criterion added to a
    level must hold, like that level's own criteria, for a school to reach it.

    :param frameworks: every framework supplied, by id, so a plugin can add only where the
        framework it extends is installed.
    :return: ``ExtraCriterion`` objects naming framework, strand and level.
    """
    return ()


@hookspec
def ictrules_derivations(facts: Mapping[str, FactSpec]) -> Iterable[Derivation]:
    """Supply derivations: facts computed from other facts or from attached data.

    Derivations are run in dependency order before conditions are evaluated, and only fill facts
    the evidence leaves unknown: what a school states wins. Each runs even when its inputs are
    unknown (they arrive as ``None``) and returns ``None`` when it cannot tell; one that raises
    is a ``DerivationError`` naming the plugin (see ``ictrules.Derivation`` for the rest). The
    plugin that derives a fact should declare it too (``ictrules_facts``), so that any
    framework can read it.

    :param facts: every declared fact, by id, so a plugin can derive only facts that exist.
    :return: ``Derivation`` objects. A cycle among derivations is an error naming the plugins.
    """
    return ()


# --- the command line ------------------------------------------------------------------------


@hookspec
def ictrules_commands() -> Iterable[Command]:
    """Add commands to the ``ictrules`` command line.

    The core's own commands come through this hook too. Each command declares the shared
    options it needs (framework, ``--as-of``, output, store, attachments, plugins), which the
    command line adds and resolves once; see :mod:`ictrules.commands`.

    :return: :class:`~ictrules.commands.Command` objects. A command name supplied by two plugins
        is an error naming both.
    """
    return ()


@hookspec
def ictrules_attachment_sources() -> Iterable[AttachmentSource]:
    """Add options to every command that assesses one school (``assess``, ``explain``,
    ``check``), and turn them into attachments for derivations and sections of the report.

    The refresh plugin adds ``--inventory`` and its plan options this way.

    :return: :class:`~ictrules.commands.AttachmentSource` objects.
    """
    return ()


# --- reports -----------------------------------------------------------------------------------


@hookspec
def ictrules_report_templates() -> Iterable[str | Path]:
    """Supply folders of report templates (Jinja2), to add templates or replace ictrules' own.

    Every HTML and Markdown report is rendered through one template environment. A template is
    looked for first in the folders given with ``--template-dir``, then in the folders plugins
    return here (plugins in name order, each plugin's folders in the order returned), then among
    the templates that ship with ictrules. A template that replaces one of ictrules' own can
    extend the original as ``default:NAME`` (``{% extends "default:base.html" %}``) and override
    only its blocks: ``brand`` (a name or logo), ``extra_style`` (colours), ``after_content``
    (a section of one's own). A plugin's own template is reachable as ``plugin:PLUGIN:NAME``.

    The refresh plugin ships its plan's templates this way (``refresh/plan.html`` and
    ``refresh/section.html``); an authority plugin restyles every report this way. HTML
    templates are autoescaped; Markdown templates escape each value with the ``md`` filter. See
    the how-to on restyling reports for what each template is given.

    :return: paths of folders; a folder that does not exist is an error naming the plugin.
    """
    return ()
