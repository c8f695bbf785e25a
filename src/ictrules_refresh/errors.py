"""The refresh plugin's input errors, under ictrules' one base class for bad input.

Both are :class:`ictrules.errors.InputError`: ``source`` names the file, ``problems`` lists every
fault with its path (``row 12.purchase_date``, ``categories.laptop.lifespan_years``) and a
suggestion where one exists. Catch ``InputError`` to handle any bad input at all.
"""

from __future__ import annotations

from ictrules.errors import InputError

__all__ = ["InventoryError", "PolicyError"]


class InventoryError(InputError, ValueError):
    """An asset inventory, its column mapping or its category table could not be read."""


class PolicyError(InputError, ValueError):
    """A refresh policy file or an authority's policy document is invalid."""
