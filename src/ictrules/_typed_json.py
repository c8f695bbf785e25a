"""Reading ictrules' own JSON straight into its models, with msgspec.

Reading an assessment back the general way parses the text into dicts and lists, then builds
each model from them with cattrs' hooks (:mod:`ictrules._lean`): some 200 small objects, each
value tested in Python, and the dicts themselves left for the garbage collector. msgspec instead
decodes JSON against a schema of its ``Struct`` types, checking each value's type as it reads,
in C, with nothing made between. This module generates that schema from the attrs models (the
same field names, types and defaults; an unknown key refused) and, per model, a function that
builds the model from its ``Struct``. A field the model may work out later
(:mod:`ictrules._deferred`: a strand's criteria, actions and missing facts) is built from its
``Struct`` when first read, so reading an assessment back makes only its strands at once.

The schema takes what the general way takes, or less: a text it refuses (any fault, a lone
surrogate, a number out of range, nesting too deep) goes the general way, which reads it or
names the fault; so does a text given as a subclass of ``str`` or ``bytes``, and any text
while the stack may not hold msgspec's recursion (a recursion limit raised far beyond Python's
default, a thread stack made small: see :func:`read`). So the fast way changes the speed only,
never what is read or what is said about a fault (``tests/core/test_core_typed_json.py``
checks the two ways agree on documents made wrong in many ways). A model with a field type the
schema does not map exactly (a float, which msgspec would take from a whole number, say) has
no fast way.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import sys
import threading
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from . import _deferred
from ._source import define

__all__ = ["read"]

T = TypeVar("T")

#: Types msgspec reads exactly as the general way does: the same values taken, the same refused.
_PLAIN: frozenset[Any] = frozenset({str, int, bool, type(None), dt.date, Any})

_serial = itertools.count()


class _Unmapped(Exception):
    """A type the schema cannot map exactly: the model has no fast way."""


@attrs.frozen
class _Model:
    """One model's part of the schema: its ``Struct`` type and the function building the model
    from one (``build``); for a model with deferred fields, the function giving their values,
    by name (``later``)."""

    struct: Any
    build: Callable[[Any], Any]
    later: Callable[[Any], dict[str, Any]] | None = None


class _FromStruct(_deferred.Later):
    """Deferred fields of a model read from JSON: their values are built from the ``Struct``
    msgspec read, when first read (writing the model reads them, as any writing does)."""

    __slots__ = ("_model", "_struct")

    def __init__(self, model: _Model, struct: Any) -> None:
        self._model = model
        self._struct = struct

    def values(self, obj: Any) -> dict[str, Any]:
        later = self._model.later
        assert later is not None  # only a model with deferred fields makes this
        return later(self._struct)


class _Schema:
    """The ``Struct`` types and builders for a model and every model its fields hold."""

    def __init__(self) -> None:
        import msgspec

        self._msgspec = msgspec
        self.models: dict[type, _Model] = {}

    def model(self, cls: type) -> _Model:
        """``cls``'s part of the schema, made (with its fields' models) on first use."""
        found = self.models.get(cls)
        if found is None:
            found = self.models[cls] = self._make(cls)
        return found

    def _fields(self, cls: type) -> tuple[attrs.Attribute[Any], ...]:
        if hasattr(cls, "__attrs_pre_init__") or hasattr(cls, "__attrs_post_init__"):
            raise _Unmapped(f"{cls.__name__} checks or works out values as it is made")
        attrs.resolve_types(cls)
        fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(cls)
        for field in fields:
            if not field.init or field.kw_only or field.alias != field.name:
                raise _Unmapped(f"{cls.__name__}.{field.name} is not a plain argument")
            if field.converter is not None or field.validator is not None:
                raise _Unmapped(f"{cls.__name__}.{field.name} converts or validates")
            if field.name.startswith("_"):
                raise _Unmapped(f"{cls.__name__}.{field.name} is private")
        return fields

    def _make(self, cls: type) -> _Model:
        msgspec = self._msgspec
        fields = self._fields(cls)
        deferred = _deferred.deferred_names(cls)
        specs: list[Any] = []
        env: dict[str, Any] = {"cl": cls, "FromStruct": _FromStruct}
        args: list[str] = []
        later: list[str] = []
        for n, field in enumerate(fields):
            struct_type, make = self._field(field.type, f"h{n}", env)
            made = f"s.{field.name}" if make is None else make(f"s.{field.name}")
            default: Any = field.default
            if default is attrs.NOTHING:
                specs.append((field.name, struct_type))
            elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # attrs' stubs
                if default.takes_self:
                    raise _Unmapped(f"{cls.__name__}.{field.name}'s default takes self")
                specs.append(
                    (field.name, struct_type, msgspec.field(default_factory=default.factory))
                )
            else:
                specs.append((field.name, struct_type, default))
            if field.name in deferred:
                args.append("lt")
                later.append(f"        {field.name!r}: {made},")
            else:
                args.append(made)
        direct = _slot_setters(cls, fields)
        if direct is not None:
            env.update(new=object.__new__, **{f"set_{n}": setter for n, setter in direct})
        struct = msgspec.defstruct(
            f"{cls.__name__}Struct",
            specs,
            forbid_unknown_fields=True,
            frozen=True,
            gc=False,  # decoded JSON holds no cycles
        )
        name = cls.__name__
        source = [f"def build_{name}(s):"]
        if deferred:
            source.append("    lt = FromStruct(model, s)")
        if direct is None:
            source.append(f"    return cl({', '.join(args)})")
        else:  # each slot set as attrs' __init__ sets it, without the call
            source.append("    o = new(cl)")
            source += [f"    set_{n}(o, {arg})" for (n, _), arg in zip(direct, args, strict=True)]
            source.append("    return o")
        if deferred:
            source += ["", f"def later_{name}(s):", "    return {", *later, "    }"]
        text = "\n".join([*source, ""])
        filename = f"<ictrules typed json {name} #{next(_serial)}>"
        build = define(f"build_{name}", text, filename, env)
        if build is None:  # made from field names only: cannot happen
            raise _Unmapped(f"{name}'s builder could not be compiled")
        model = _Model(struct, build, env.get(f"later_{name}") if deferred else None)
        env["model"] = model
        return model

    def _field(
        self, tp: Any, hook: str, env: dict[str, Any]
    ) -> tuple[Any, Callable[[str], str] | None]:
        """The ``Struct`` type for a field of type ``tp``, and how to build the field's value
        from an expression giving the ``Struct``'s (``None``: it is the value; ``hook`` names a
        builder the expression needs)."""
        if tp in _PLAIN or (isinstance(tp, type) and issubclass(tp, enum.Enum)):
            return tp, None
        if attrs.has(tp):
            model = self.model(tp)
            env[hook] = model.build
            return model.struct, lambda value: f"{hook}({value})"
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            if all(arg in _PLAIN for arg in args):
                return tp, None
            others = [arg for arg in args if arg is not type(None)]
            if len(args) != 2 or len(others) != 1 or not attrs.has(others[0]):
                raise _Unmapped(f"the union {tp!r}")
            struct, make = self._field(others[0], hook, env)
            assert make is not None
            return struct | None, lambda value: f"(None if {value} is None else {make(value)})"
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            item, make = self._field(args[0], hook, env)
            if make is None:
                return tuple[item, ...], None  # type: ignore[valid-type]
            return tuple[item, ...], lambda value: f"tuple([{make('x')} for x in {value}])"  # type: ignore[valid-type]
        if origin in (dict, Mapping) and len(args) == 2 and args[0] is str:
            item, make = self._field(args[1], hook, env)
            if make is None:
                return dict[str, item], None  # type: ignore[valid-type]
            return dict[str, item], lambda value: f"{{k: {make('x')} for k, x in {value}.items()}}"  # type: ignore[valid-type]
        raise _Unmapped(f"the type {tp!r}")


def _slot_setters(
    cls: type, fields: tuple[attrs.Attribute[Any], ...]
) -> list[tuple[str, Callable[[Any, Any], None]]] | None:
    """The setter of each field's slot, in field order, when building ``cls`` by setting its
    slots is what its ``__init__`` does (a slotted class whose slots are its fields, with an
    ``__init__`` attrs made; :meth:`_Schema._fields` has refused validators, converters and
    pre- or post-init); else ``None``, and the builder calls the class."""
    init = getattr(getattr(cls, "__init__", None), "__code__", None)
    if init is None or not init.co_filename.startswith("<attrs generated"):
        return None
    slots = {name for klass in cls.__mro__ for name in getattr(klass, "__slots__", ())}
    if "__dict__" in slots or slots - {"__weakref__"} != {field.name for field in fields}:
        return None  # attrs keeps more (a cached hash), or the class takes any attribute
    setters = []
    for field in fields:
        found = _deferred.slot(cls, field.name) if field.name in cls.__dict__ else None
        if not isinstance(found, types.MemberDescriptorType):
            return None
        setters.append((field.name, found.__set__))
    return setters


_Reader = tuple[Callable[[str | bytes], Any], Callable[[Any], Any], tuple[type[Exception], ...]]
_readers: dict[type, _Reader | None] = {}

#: The C stack msgspec's decoder takes per level of nesting, with room (it recurses in C, up to
#: the recursion limit: about 300 bytes a level were measured).
STACK_PER_LEVEL = 400
#: The stack a thread is assumed to have when none was set with ``threading.stack_size``: the
#: smallest default of the platforms CPython runs threads on (1 MiB, as for musl's builds;
#: glibc gives 8 MiB, macOS 16 MiB).
DEFAULT_STACK = 1 << 20


def _stack_holds_the_limit() -> bool:
    """Whether a thread's stack holds msgspec's recursion to the recursion limit. A limit raised
    far beyond Python's default (1,000), or a stack made small with ``threading.stack_size``,
    lets a deeply nested text overflow the C stack before ``RecursionError`` (the process
    dies): then the general way reads it."""
    stack = threading.stack_size() or DEFAULT_STACK
    return sys.getrecursionlimit() * STACK_PER_LEVEL <= stack


def _reader(cls: type) -> _Reader | None:
    """The decoder and builder of ``cls`` and what the decoder raises for a text it does not
    take, or ``None`` when ``cls`` has no fast way (made on first use: a race makes it twice,
    to the same effect)."""
    if cls in _readers:
        return _readers[cls]
    schema = _Schema()
    reader: _Reader | None
    msgspec = schema._msgspec
    try:
        model = schema.model(cls)
        # an untyped float (a fact value) is parsed by Python's float(): msgspec's own parser
        # reads a literal with an exponent of 100,000 or more wrongly (0.0 for 0.000...1e100000)
        decoder = msgspec.json.Decoder(model.struct, float_hook=float)
    except (_Unmapped, TypeError):
        reader = None
    else:
        # msgspec's errors (a fault, a number out of range), UnicodeEncodeError for a str
        # holding a lone surrogate, RecursionError
        refused = (msgspec.MsgspecError, ValueError, RecursionError)
        reader = decoder.decode, model.build, refused
    _readers[cls] = reader
    return reader


def read(cls: type[T], text: str | bytes) -> T | None:
    """``cls`` read from the JSON ``text`` the fast way, or ``None`` when the fast way does not
    take it (a fault, or what only the general way reads): the caller then reads it the general
    way, which names any fault. A subclass of ``str`` or ``bytes``, which msgspec does not
    take, and any text while the stack may not hold msgspec's recursion (see
    :func:`_stack_holds_the_limit`) go the general way too."""
    if text.__class__ is not str and text.__class__ is not bytes:
        return None
    if not _stack_holds_the_limit():
        return None
    reader = _reader(cls)
    if reader is None:
        return None
    decode, build, refused = reader
    try:
        struct = decode(text)
    except refused:
        return None
    built: T = build(struct)
    return built
