"""The hook the refresh plugin adds to the engine, so that authorities can set policies.

The plugin registers this module with ``ictrules_add_hookspecs``. An authority plugin then
implements::

    from ictrules import hookimpl

    @hookimpl
    def ictrules_refresh_policies():
        return [{"categories": {"laptop": {"lifespan_years": {"value": 4, "source": "LA policy"}}}}]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ictrules import hookspec

__all__ = ["ictrules_refresh_policies"]


@hookspec
def ictrules_refresh_policies() -> Iterable[Mapping[str, Any]]:
    """Override refresh policies for every school assessed with this plugin installed.

    :return: policy documents in the shape of a school policy file (``settings`` and
        ``categories`` tables), applied over the defaults and under a school's own file. Several
        plugins apply in plugin-name order; a bad document is a ``PluginError`` naming the plugin.
    """
    return ()
