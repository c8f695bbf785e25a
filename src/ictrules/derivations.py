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
    """How to compute one fact: ``Derivation(fact, compute, inputs=(), description="")``.

    ``fact`` is the declared fact it fills; ``inputs`` the declared facts it reads (each must be
    declared by some plugin, or building the engine fails naming it); ``description`` says how,
    for reports. ``compute`` receives a :class:`DerivationContext` and returns the fact's value,
    bounds (a :class:`~ictrules.Bounds` or an open set) when it knows only a range, or ``None``
    when it cannot tell; what it returns is checked against the fact's declaration.

    Derivations run in dependency order (a cycle is a build error naming the plugins), before
    entailments and conditions, and **always**: also when some inputs are unknown
    (``context.inputs[fact]`` is then ``None``), so a derivation decides for itself what it can
    tell. A value the evidence gives is never replaced: what a school states wins. A derivation
    that raises, or returns a value its fact does not take, raises
    :class:`~ictrules.DerivationError` naming its plugin and the evidence being assessed (on the
    command line, exit status 3: a plugin bug, not bad evidence).
    """

    fact: str
    compute: Callable[[DerivationContext], FactValue | None] = attrs.field(eq=False)
    inputs: tuple[str, ...] = ()
    description: str = ""
