"""The JSON behaviour every store result shares."""

from __future__ import annotations

from typing import Any

from .._convert import converter, dumps

__all__ = ["JsonModel"]


class JsonModel:
    """Mixin for attrs results: plain data with :meth:`to_dict`, JSON with :meth:`to_json`."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready data (dates as ISO text, enums as their values)."""
        data: dict[str, Any] = converter.unstructure(self)
        return data

    def to_json(self) -> str:
        """The result as JSON: the same result always gives the same bytes."""
        return dumps(self.to_dict())
