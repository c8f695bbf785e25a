"""The strategy plugin's input error, under ictrules' one base class for bad input."""

from __future__ import annotations

from ictrules.errors import InputError

__all__ = ["StrategyError"]


class StrategyError(InputError, ValueError):
    """A strategy file, or a trust's folder of schools, could not be read or does not fit the
    assessment it is planned against: ``problems`` lists every fault with its path."""
