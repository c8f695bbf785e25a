"""Lean cattrs hooks for attrs models, for ictrules' own JSON going out and coming back in.

cattrs' generated hooks call a hook for every field, keep keyword arguments in a dict and look
up defaults; for an assessment (some 200 small objects) that is most of the cost of writing it
out or reading it back. The hook factories here generate, from the same attrs fields and the
same converter's hooks, functions that do less per object:

- unstructuring: a plain field (whose hook is cattrs' identity) is read as it is, an optional
  model is tested for ``None`` inline and a tuple of models is a list comprehension over the
  item hook, looked up once (what cattrs' optional hook and ictrules' tuple hook do, without
  the call);
- structuring (for data ictrules wrote, which names every field): a dict with as many keys as
  the class has fields, every field's key found in it, has exactly the fields; each field of a
  plain type (``str``, ``int``, ``bool``, optionally ``None``) is checked by its exact type and
  handed through, a value typed ``Any`` handed through, an enum member found by its value, a
  tuple of models built by a list comprehension over the item hook, looked up once; and the
  object is built with positional arguments.

The data is what cattrs' own hooks give. A table that is not exactly as ictrules writes one
(a key missing, so its default applies, or a fault) goes the slow way, field by field, which
either builds the object or raises a :class:`ReadError` naming the path to the first fault.
A class the lean code cannot build positionally (a field with ``init=False``, keyword-only,
renamed, or without a type) keeps cattrs' generated hook.
"""

from __future__ import annotations

import enum
import itertools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
import cattrs.fns

from ._source import define
from ._text import preview
from .errors import IctrulesError, closest

__all__ = [
    "ReadError",
    "homogeneous_item",
    "lean_structure_hook",
    "lean_unstructure_hook",
    "plain_mapping",
    "plain_mapping_structure_hook",
    "tuple_structure_hook",
]

#: Types a structured field holds exactly as JSON gives them: checked by ``type(x) is T``.
_EXACT = (str, int, bool)
_NONE = type(None)
_WORDS = {str: ["a text"], int: ["a whole number"], bool: ["true", "false"], _NONE: ["null"]}

_serial = itertools.count()


class ReadError(IctrulesError, ValueError):
    """Data that is not a model as ictrules writes it: ``path`` locates the first fault (keys
    and list positions, as ``strands[3].criteria[0].level``), ``reason`` says what is wrong.
    An :class:`~ictrules.errors.IctrulesError` (and a ``ValueError``, as it always was)."""

    def __init__(self, reason: str, path: tuple[str | int, ...] = ()) -> None:
        self.reason = reason
        self.path = path
        where = "".join(f"[{step}]" if type(step) is int else f".{step}" for step in path)
        where = where.removeprefix(".")
        super().__init__(f"{where}: {reason}" if where else reason)

    def within(self, step: str | int) -> ReadError:
        """The same fault, seen from one level up (``step`` is the key or position)."""
        return ReadError(self.reason, (step, *self.path))


def _compile(name: str, source: str, env: dict[str, Any]) -> Any:
    """Define the function ``name`` from ``source`` with ``env`` as its globals, registering the
    source with linecache so that a traceback through it shows the line."""
    function = define(name, source, f"<ictrules lean {name} #{next(_serial)}>", env)
    if function is None:  # built from field names only: cannot happen
        raise RuntimeError(f"the lean hook {name} could not be compiled")
    return function


def _fields(cls: type, converter: cattrs.Converter) -> tuple[attrs.Attribute[Any], ...] | None:
    """``cls``'s attrs fields with their types resolved, or ``None`` when the lean code does
    not apply (then cattrs' own generated hook is used): a generic class, a field that is not
    an ``__init__`` argument in order (``init=False``, keyword-only, renamed), has no type or
    has an attrs converter, or a converter set to do more than the lean code does (leave out
    defaults, override types)."""
    if getattr(cls, "__parameters__", ()) or converter.omit_if_default or converter.type_overrides:
        return None
    try:
        attrs.resolve_types(cls)
    except (NameError, TypeError):
        return None
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(cls)
    for field in fields:
        if not field.init or field.kw_only or field.alias != field.name or field.type is None:
            return None
        if field.converter is not None:
            return None
    return fields


def _optional_of(tp: Any) -> Any:
    """``X`` for ``X | None`` (one type and ``None``), else ``None``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if len(args) == 2 and _NONE in args:
            return args[0] if args[1] is _NONE else args[1]
    return None


def _exact_types(tp: Any) -> tuple[type, ...] | None:
    """The types a field of type ``tp`` takes exactly as JSON gives them (``str | None``: str
    and None), or ``None`` when ``tp`` needs a hook."""
    if tp in _EXACT:
        return (tp,)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if _NONE in args and all(arg in _EXACT or arg is _NONE for arg in args):
            return args
    return None


def _expected(kinds: tuple[type, ...]) -> str:
    words = [word for kind in kinds for word in _WORDS[kind]]
    return "expected " + (", ".join(words[:-1]) + " or " if len(words) > 1 else "") + words[-1]


def _members(tp: Any) -> dict[Any, enum.Enum] | None:
    """An enum's members by their values, or ``None`` (not an enum, or unhashable values)."""
    if not (isinstance(tp, type) and issubclass(tp, enum.Enum)):
        return None
    try:
        return {member.value: member for member in tp}
    except TypeError:
        return None


def homogeneous_item(tp: Any) -> Any:
    """``X`` for ``tuple[X, ...]``, else ``None``."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


# --- unstructuring --------------------------------------------------------------------------


def lean_unstructure_hook(
    cls: type, converter: cattrs.Converter, given: tuple[str, ...] = ()
) -> Callable[..., Any]:
    """An unstructure hook for the attrs class ``cls``: the dict cattrs' generated hook makes
    (every field, in order, through ``converter``'s hooks), with less work per field. With
    ``given`` field names, the hook takes a second argument, a mapping holding those fields'
    data already unstructured (see :mod:`ictrules._deferred`)."""
    fields = _fields(cls, converter)
    if fields is None:
        if given:
            raise TypeError(f"{cls.__name__}: no lean hook to take fields already unstructured")
        return converter.gen_unstructure_attrs_fromdict(cls)
    env: dict[str, Any] = {}
    lines, items = [], []
    for n, field in enumerate(fields):
        name, tp = field.name, field.type
        hook = converter.get_unstructure_hook(tp)
        item, inner = homogeneous_item(tp), _optional_of(tp)
        if name in given:
            value = f"r[{name!r}]"
        elif hook is cattrs.fns.identity:
            value = f"i.{name}"
        elif item is not None and attrs.has(item):
            env[f"h{n}"] = converter.get_unstructure_hook(item)
            value = f"[h{n}(x) for x in i.{name}]"
        elif inner is not None and attrs.has(inner):
            env[f"h{n}"] = converter.get_unstructure_hook(inner)
            lines.append(f"    v{n} = i.{name}")
            value = f"None if v{n} is None else h{n}(v{n})"
        else:
            env[f"h{n}"] = hook
            value = f"h{n}(i.{name})"
        items.append(f"        {name!r}: {value},")
    function = f"unstructure_{cls.__name__}"
    arguments = "i, r" if given else "i"
    head = f"def {function}({arguments}):"
    source = "\n".join([head, *lines, "    return {", *items, "    }", ""])
    hook_fn: Callable[..., Any] = _compile(function, source, env)
    return hook_fn


# --- structuring ----------------------------------------------------------------------------


def _reason(exc: BaseException) -> str:
    """What a hook's exception says, for a :class:`ReadError`."""
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown keys {sorted(map(str, exc.extra_fields))}"
    text = str(exc)
    return text if text else type(exc).__name__


def lean_structure_hook(cls: type, converter: cattrs.Converter) -> Callable[..., Any]:
    """A structure hook for the attrs class ``cls``, for data ictrules wrote: see the module's
    docstring. Builds what cattrs' generated hook (without detailed validation) builds from
    such data; raises :class:`ReadError` where that would raise or convert a wrong type."""
    fields = _fields(cls, converter)
    if fields is None or converter.detailed_validation or not converter.forbid_extra_keys:
        return converter.gen_structure_attrs_fromdict(cls)
    names = frozenset(field.name for field in fields)
    env: dict[str, Any] = {"cl": cls}
    reads, checks, args = [], [], []
    plan: list[_Field] = []  # how the slow way takes each field
    for n, field in enumerate(fields):
        name, tp = field.name, field.type
        required = field.default is attrs.NOTHING
        exact, inner = _exact_types(tp), _optional_of(tp)
        if tp is Any or tp is typing.Any:
            args.append(f"o[{name!r}]")
            plan.append(_Field(name, required))
            continue
        if exact is not None:
            reads.append(f"            v{n} = o[{name!r}]")
            if len(exact) == 1:
                checks.append(f"type(v{n}) is {exact[0].__name__}")
            elif len(exact) == 2:  # X | None
                kind = exact[0] if exact[1] is _NONE else exact[1]
                checks.append(f"(v{n} is None or type(v{n}) is {kind.__name__})")
            else:
                env[f"k{n}"] = frozenset(exact)
                checks.append(f"type(v{n}) in k{n}")
            args.append(f"v{n}")
            plan.append(_Field(name, required, exact=exact))
            continue
        if inner is not None:
            env[f"h{n}"], env[f"t{n}"] = converter.get_structure_hook(inner), inner
            reads.append(f"            v{n} = o[{name!r}]")
            args.append(f"None if v{n} is None else h{n}(v{n}, t{n})")
            plan.append(_Field(name, required, env[f"h{n}"], inner, optional=True))
            continue
        env[f"h{n}"], env[f"t{n}"] = converter.get_structure_hook(tp), tp
        item = homogeneous_item(tp)
        members = _members(tp)
        if members is not None:  # a member by its value, as ictrules' enum hook finds it
            env[f"e{n}"] = members
            args.append(f"e{n}[o[{name!r}]]")
        elif _exact_types(item) is not None:  # mostly empty: links, entailments
            reads.append(f"            v{n} = o[{name!r}]")
            args.append(f"() if v{n} == [] else h{n}(v{n}, t{n})")
        elif item is not None and attrs.has(item):  # each item through its hook, inline
            env[f"i{n}"], env[f"u{n}"] = converter.get_structure_hook(item), item
            reads.append(f"            v{n} = o[{name!r}]")
            checks.append(f"type(v{n}) is list")
            args.append(f"tuple([i{n}(x, u{n}) for x in v{n}])")
        else:
            args.append(f"h{n}(o[{name!r}], t{n})")
        plan.append(_Field(name, required, env[f"h{n}"], tp))
    env["slow"] = _slow_structure(cls, names, plan)
    function = f"structure_{cls.__name__}"
    body = [
        f"def {function}(o, _=None):",
        "    try:",
        # a dict of as many keys as fields, every field's key found: exactly the fields
        f"        if type(o) is dict and len(o) == {len(fields)}:",
        *reads,
        f"            if {' and '.join(checks) or 'True'}:",
        f"                return cl({', '.join(args)})",
        "    except Exception:",
        "        pass",
        "    return slow(o)",
        "",
    ]
    hook: Callable[..., Any] = _compile(function, "\n".join(body), env)
    return hook


@attrs.frozen
class _Field:
    """How the slow way takes one field: its value as it is (``Any``), checked against
    ``exact`` types, or through ``hook`` for ``tp`` (``optional``: ``None`` stays ``None``)."""

    name: str
    required: bool
    hook: Any = None
    tp: Any = None
    exact: tuple[type, ...] | None = None
    optional: bool = False


def _slow_structure(cls: type, names: frozenset[str], plan: list[_Field]) -> Callable[[Any], Any]:
    """The slow way for ``cls``: a table with some keys left out (their defaults apply), or the
    first fault located (a :class:`ReadError`)."""

    def slow(o: Any) -> Any:
        if not isinstance(o, Mapping):
            raise ReadError(f"expected a table for {cls.__name__}, got {preview(o)}")
        unknown = [key for key in o if key not in names]
        if unknown:
            key = unknown[0]
            hint = closest(key, names) if isinstance(key, str) else None
            raise ReadError(f"unknown key {preview(key)}" + (f" ({hint})" if hint else ""))
        values: dict[str, Any] = {}
        for field in plan:
            name = field.name
            if name not in o:
                if field.required:
                    raise ReadError(f"missing key {name!r}")
                continue
            value = o[name]
            if field.exact is not None:
                if type(value) not in field.exact:
                    raise ReadError(f"{_expected(field.exact)}, got {preview(value)}", (name,))
            elif field.hook is not None and not (field.optional and value is None):
                try:
                    value = field.hook(value, field.tp)
                except ReadError as exc:
                    raise exc.within(name) from None
                except Exception as exc:
                    raise ReadError(_reason(exc), (name,)) from None
            values[name] = value
        try:
            return cls(**values)
        except Exception as exc:
            raise ReadError(_reason(exc)) from None

    return slow


def tuple_structure_hook(tp: Any, converter: cattrs.Converter) -> Callable[..., Any]:
    """A structure hook for ``tuple[X, ...]`` from a JSON array: the items themselves when
    ``X`` is a plain type (each checked), otherwise each through ``X``'s hook, looked up once.
    A fault raises :class:`ReadError` at the item's position."""
    kind = homogeneous_item(tp)
    exact = _exact_types(kind)

    def slow(value: Any) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            raise ReadError(f"expected a list, got {preview(value)}")
        items = []
        for position, item in enumerate(value):
            if exact is not None:
                if type(item) not in exact:
                    raise ReadError(f"{_expected(exact)}, got {preview(item)}", (position,))
                items.append(item)
                continue
            try:
                items.append(inner(item, kind))
            except ReadError as exc:
                raise exc.within(position) from None
            except Exception as exc:
                raise ReadError(_reason(exc), (position,)) from None
        return tuple(items)

    if exact is not None:

        def structure_plain(value: Any, _: Any = None) -> tuple[Any, ...]:
            if type(value) is list or type(value) is tuple:
                for item in value:
                    if type(item) not in exact:
                        break
                else:
                    return tuple(value)
            return slow(value)

        return structure_plain

    inner = converter.get_structure_hook(kind)

    def structure(value: Any, _: Any = None) -> tuple[Any, ...]:
        try:
            if type(value) is list:
                return tuple([inner(item, kind) for item in value])
        except Exception:  # the slow way finds and reports the fault
            pass
        return slow(value)

    return structure


def plain_mapping(tp: Any) -> bool:
    """``Mapping[K, V]`` or ``dict[K, V]`` with plain ``K`` and ``V`` (``Mapping[str, str]``)."""
    args = typing.get_args(tp)
    return (
        typing.get_origin(tp) in (dict, Mapping)
        and len(args) == 2
        and all(_exact_types(arg) is not None for arg in args)
    )


def plain_mapping_structure_hook(tp: Any) -> Callable[..., Any]:
    """A structure hook for ``Mapping[K, V]`` of plain types from a JSON object: a dict of the
    same items, each key and value checked; a fault raises :class:`ReadError` at its key."""
    keys, values = (_exact_types(arg) or () for arg in typing.get_args(tp))

    def structure(value: Any, _: Any = None) -> dict[Any, Any]:
        if type(value) is not dict and not isinstance(value, Mapping):
            raise ReadError(f"expected a table, got {preview(value)}")
        for key, item in value.items():
            if type(key) not in keys:
                raise ReadError(f"{_expected(keys)} as a key, got {preview(key)}")
            if type(item) not in values:
                raise ReadError(f"{_expected(values)}, got {preview(item)}", (key,))
        return dict(value)

    return structure
