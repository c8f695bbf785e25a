"""pytest fixtures for projects that use ictrules, loaded through the ``pytest11`` entry point.

``ictrules_engine``
    An :class:`~ictrules.Engine` over the installed plugins, built once per test session.
``make_ictrules_engine``
    A factory for an isolated engine with a chosen plugin list (modules, inline plugin objects
    or ``(name, plugin)`` pairs); ``installed=True`` adds the installed plugins.

This module imports only pytest and the light ictrules core; Hypothesis is never imported here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["EngineFactory", "ictrules_engine", "make_ictrules_engine"]

#: The type of the ``make_ictrules_engine`` fixture.
EngineFactory = Callable[..., "Engine"]


@pytest.fixture(scope="session")
def ictrules_engine() -> Engine:
    """An engine over the plugins installed in the ``ictrules`` entry-point group."""
    from .engine import Engine

    return Engine.from_installed()


@pytest.fixture
def make_ictrules_engine() -> EngineFactory:
    """Build an isolated engine: ``make_ictrules_engine([plugin, ...], installed=False)``.

    With ``installed=True`` the installed plugins come too (less any named in ``disable``),
    so a local plugin can be tested beside the frameworks it extends.
    """
    from .engine import Engine

    def make(
        plugins: Sequence[object | tuple[str, object]] = (),
        *,
        installed: bool = False,
        disable: Sequence[str] = (),
    ) -> Engine:
        if installed:
            return Engine.from_installed(disable=disable, extra=plugins)
        return Engine(plugins)

    return make
