"""The confidence interval of a share: the Wilson score interval, with the finite-population
correction when the size of the group is known.

A survey of 28 staff out of 41 does not measure the share of *all* staff who agree; it
estimates it. :func:`wilson_interval` gives the range the share lies in at a chosen confidence
(95% by default): the Wilson score interval, which, unlike the textbook "plus or minus twice the
standard error", stays within 0 to 1 and behaves for small groups and shares near 0 or 1.

When the group's size is known, the replies are a sample drawn without replacement from a small
population, so the sampling variance shrinks by the finite-population correction
``(N - n) / (N - 1)``: the interval narrows as the replies approach the whole group, and when
every member answered it is the observed share exactly. (The correction scales the squared
normal quantile, ``z**2``, in the Wilson formula.)

Three properties hold, and the test suite checks them with Hypothesis: the interval always
contains the observed share; for the same share it narrows as the number of answers grows; and
it is the exact share when every member of the group answered.
"""

from __future__ import annotations

import math
from statistics import NormalDist

__all__ = ["DEFAULT_CONFIDENCE", "wilson_interval", "z_score"]

#: The confidence level used unless a survey mapping chooses another (``confidence = 0.9``).
DEFAULT_CONFIDENCE = 0.95


def z_score(confidence: float) -> float:
    """The two-sided standard normal quantile for a confidence level: 1.96 for 0.95."""
    if not 0 < confidence < 1:
        raise ValueError(f"a confidence level lies between 0 and 1, got {confidence!r}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(
    agreed: int,
    answered: int,
    size: int | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> tuple[float, float]:
    """The range ``(low, high)`` the share of the group that agrees lies in, at ``confidence``.

    :param agreed: how many answers agree;
    :param answered: how many members answered (at least one);
    :param size: how many members the group has (``None`` when not known: no correction);
    :param confidence: the confidence level, between 0 and 1.
    :raises ValueError: for counts that cannot be (more agreeing than answering, more answering
        than the group has members).
    """
    if answered < 1 or not 0 <= agreed <= answered:
        raise ValueError(
            f"expected 0 <= agreed <= answered and answered >= 1, got {agreed}/{answered}"
        )
    if size is not None and size < answered:
        raise ValueError(f"{answered} answers from a group of {size}")
    share = agreed / answered
    z2 = z_score(confidence) ** 2
    if size is not None:
        z2 *= (size - answered) / (size - 1) if size > 1 else 0.0
    if z2 == 0:
        return share, share
    ratio = z2 / answered
    centre = (share + ratio / 2) / (1 + ratio)
    half = (
        math.sqrt(z2)
        / (1 + ratio)
        * math.sqrt(share * (1 - share) / answered + ratio / (4 * answered))
    )
    return min(share, max(0.0, centre - half)), max(share, min(1.0, centre + half))
