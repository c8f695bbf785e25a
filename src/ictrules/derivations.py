"""Derived facts: values computed from other facts, or from data attached to an assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import attrs

from .facts import FactValue

__all__ = ["Derivation", "DerivationContext"]


@attrs.frozen
class DerivationContext:
    """What a derivation may read: its input facts (``None`` when unknown), the assessment's
    ``as_of`` date and any ``attachments`` given to the assessment (an inventory, say).

    ``memo`` is a dictionary shared by every derivation of one assessment and discarded after
    it, so that derivations needing the same costly intermediate (a refresh plan, say) compute
    it once, without any state outliving the assessment.
    """

    inputs: Mapping[str, FactValue | None]
    as_of: dt.date
    attachments: Mapping[str, object]
    memo: dict[str, object] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen
class Derivation:
    """How to compute one fact.

    ``compute`` receives a :class:`DerivationContext` and returns the fact's value, or ``None``
    when it cannot tell. The value is checked against the fact's declaration.
    """

    fact: str
    compute: Callable[[DerivationContext], FactValue | None] = attrs.field(eq=False)
    inputs: tuple[str, ...] = ()
    description: str = ""
