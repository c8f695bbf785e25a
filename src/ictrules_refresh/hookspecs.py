"""The hooks the refresh plugin adds to the engine, so that authorities can set policies and
read their own inventory layouts.

The plugin registers this module with ``ictrules_add_hookspecs``. An authority plugin then
implements either or both::

    from ictrules import hookimpl

    @hookimpl
    def ictrules_refresh_policies():
        return [{"categories": {"laptop": {"lifespan_years": {"value": 4, "source": "LA policy"}}}}]

    @hookimpl
    def ictrules_refresh_layouts():
        return [{"name": "county-register", "columns": {"id": "Tag", "category": "Type",
                 "purchase_date": "Bought"}, "detect": [["Tag", "Type", "Bought"]]}]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ictrules import hookspec

__all__ = ["ictrules_refresh_layouts", "ictrules_refresh_policies"]


@hookspec
def ictrules_refresh_policies() -> Iterable[Mapping[str, Any]]:
    """Override refresh policies for every school assessed with this plugin installed.

    :return: policy documents in the shape of a school policy file (``settings`` and
        ``categories`` tables), applied over the defaults and under a school's own file. Several
        plugins apply in plugin-name order; a bad document is a ``PluginError`` naming the plugin.
    """
    return ()


@hookspec
def ictrules_refresh_layouts() -> Iterable[Any]:
    """Add inventory layouts: the exports of an authority's own asset register.

    :return: :class:`ictrules_refresh.Layout` objects, or documents in the shape
        :func:`ictrules_refresh.layouts.layout_from_document` reads (``name``, ``export``,
        ``columns``, ``detect``, and optionally ``date_format``, ``category`` and ``statuses``).
        They are chosen by name (``--layout NAME``) or detected from the header like the
        presets; a bad one, or one reusing a name, is a ``PluginError`` naming the plugin.
    """
    return ()
