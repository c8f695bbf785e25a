"""Named proportion bands: the words frameworks use for "how many" (few, most, all...).

A proportion fact (0 to 1) may be given as a number or as one of these band names, and a
condition may compare a proportion with a band name (``staff.embrace >= 'many'``).

The default thresholds are anchored on Education Scotland's *Terms we use in the inspection
process* ("few" up to 15%, "most" 75-90%, "almost all" over 90%). That source has no "some" or
"many", so ictrules places "some" from 15% and "many" from 50% (the source's "majority").
A framework may declare its own thresholds.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import attrs

__all__ = ["BAND_NAMES", "DEFAULT_BANDS", "BandScale"]

#: Band names from lowest to highest.
BAND_NAMES: tuple[str, ...] = ("none", "few", "some", "many", "most", "almost_all", "all")


def _check_lower_bounds(instance: BandScale, attribute: object, value: Mapping[str, float]) -> None:
    if tuple(value) != BAND_NAMES:
        raise ValueError(f"bands must be given in this order: {', '.join(BAND_NAMES)}")
    bounds = list(value.values())
    if bounds[0] != 0.0 or bounds[-1] != 1.0:
        raise ValueError("'none' must start at 0 and 'all' at 1")
    if any(not low < high for low, high in itertools.pairwise(bounds[1:])):  # NaN too
        raise ValueError("band lower bounds must increase strictly from 'few' to 'all'")


@attrs.frozen
class BandScale:
    """Lower bounds of each named band, as proportions from 0 to 1.

    ``none`` is exactly 0, ``all`` is exactly 1, and every other band runs from its lower bound
    up to the next band's lower bound (``few`` starts just above 0).
    """

    lower_bounds: Mapping[str, float] = attrs.field(validator=_check_lower_bounds)
    source: str = ""

    def index(self, name: str) -> int:
        """Position of a band name from lowest (0, "none") to highest."""
        return BAND_NAMES.index(name)

    def band_of(self, proportion: float) -> int:
        """Index of the band a proportion falls in."""
        if proportion <= 0.0:
            return 0
        if proportion >= 1.0:
            return len(BAND_NAMES) - 1
        found = 1
        for position, name in enumerate(BAND_NAMES[1:-1], start=1):
            if proportion >= self.lower_bounds[name]:
                found = position
        return found

    def interval(self, name: str) -> tuple[float, float]:
        """The closed range of proportions a band name stands for."""
        position = self.index(name)
        if position == 0:
            return (0.0, 0.0)
        if position == len(BAND_NAMES) - 1:
            return (1.0, 1.0)
        upper = self.lower_bounds[BAND_NAMES[position + 1]]
        return (self.lower_bounds[name], upper)


DEFAULT_BANDS = BandScale(
    lower_bounds={
        "none": 0.0,
        "few": 0.0,
        "some": 0.15,
        "many": 0.5,
        "most": 0.75,
        "almost_all": 0.9,
        "all": 1.0,
    },
    source=(
        "Education Scotland, 'Terms we use in the inspection process' (few up to 15%, most "
        "75-90%, almost all over 90%); 'some' from 15% and 'many' from 50% are ictrules' choice"
    ),
)
