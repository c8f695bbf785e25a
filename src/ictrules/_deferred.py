"""Fields of a frozen attrs class worked out when first read, not when the object is made.

An assessment's reasons (each criterion's result, the facts it read, the actions, the missing
facts) cost most of an assessment to build, and many uses never read them: a summary of levels,
a report of one strand, the JSON of the reasons made straight from what the engine worked out
(:mod:`ictrules._judging`). :func:`install` wraps chosen slots of a slotted class in a data
descriptor: a slot may then hold a :class:`Later`, which the first read replaces with the real
values of every deferred slot of that object. Everything that reads a field (attribute access,
attrs' ``__eq__``, ``__hash__``, ``__repr__``, pickling, ``attrs.evolve``, cattrs) goes through
the descriptor, so an object with deferred fields behaves exactly as one made with them: only
when the work is done differs. The class's fields, signature and types are unchanged.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Later", "deferred_names", "install", "pending", "slot"]


class Later:
    """What a deferred slot holds until first read: ``values(obj)`` gives the real value of
    each deferred slot of ``obj``, by name; ``unstructured(obj, converter)`` may give instead
    the data ``converter`` would make of each, without making the values (for writing them),
    or ``None``: then they are made and unstructured as any are."""

    __slots__ = ()

    def values(self, obj: Any) -> dict[str, Any]:
        raise NotImplementedError

    def unstructured(self, obj: Any, converter: Any) -> dict[str, Any] | None:
        return None


class _Deferred:
    """A data descriptor over a slot whose value may be a :class:`Later`."""

    __slots__ = ("_slot", "_slots")

    def __init__(self, slot: Any, slots: dict[str, Any]) -> None:
        self._slot = slot
        self._slots = slots  # every deferred slot of the class, by name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = self._slot.__get__(obj, owner)
        if value.__class__ is tuple or not isinstance(value, Later):
            return value
        # another thread reading at once sets the same values: either may win
        slots = self._slots
        for name, real in value.values(obj).items():
            slots[name].__set__(obj, real)
        return self._slot.__get__(obj, owner)

    def __set__(self, obj: Any, value: Any) -> None:
        self._slot.__set__(obj, value)

    def raw(self, obj: Any) -> Any:
        """What the slot holds, a :class:`Later` included, without working anything out."""
        return self._slot.__get__(obj, type(obj))


def install(cls: type, names: tuple[str, ...]) -> None:
    """Let the slots ``names`` of the slotted class ``cls`` hold a :class:`Later`."""
    slots = {name: cls.__dict__[name] for name in names}
    for name in names:
        setattr(cls, name, _Deferred(slots[name], slots))


def deferred_names(cls: Any) -> tuple[str, ...]:
    """The names of the slots of ``cls`` that may hold a :class:`Later` (none for most)."""
    found = getattr(cls, "__dict__", {})
    return tuple(name for name, item in found.items() if isinstance(item, _Deferred))


def pending(obj: Any, name: str) -> Later | None:
    """The :class:`Later` the deferred slot ``name`` of ``obj`` holds, or ``None`` if it holds
    its real value."""
    value = type(obj).__dict__[name].raw(obj)
    return value if isinstance(value, Later) else None


def slot(cls: type, name: str) -> Any:
    """The slot ``name`` of the slotted class ``cls`` itself (its member descriptor), past the
    descriptor :func:`install` put over it, if any."""
    found = cls.__dict__[name]
    return found._slot if isinstance(found, _Deferred) else found
