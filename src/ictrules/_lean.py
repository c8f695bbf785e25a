"""Lean cattrs hooks for attrs models, for ictrules' own JSON going out.

cattrs' generated hooks call a hook for every field; for an assessment (some 200 small
objects) that is most of the cost of writing it out. The hook factory here generates, from the
same attrs fields and the same converter's hooks, functions that do less per object: a plain
field (whose hook is cattrs' identity) is read as it is, an optional model is tested for
``None`` inline and a tuple of models is a list comprehension over the item hook, looked up
once (what cattrs' optional hook and ictrules' tuple hook do, without the call). The data is
what cattrs' own hooks give. A class the lean code does not apply to keeps cattrs' generated
hook.
"""

from __future__ import annotations

import itertools
import linecache
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
import cattrs.fns

__all__ = ["lean_unstructure_hook"]

_NONE = type(None)

_serial = itertools.count()


def _compile(name: str, source: str, env: dict[str, Any]) -> Any:
    """Define the function ``name`` from ``source`` with ``env`` as its globals, registering the
    source with linecache so that a traceback through it shows the line."""
    filename = f"<ictrules lean {name} #{next(_serial)}>"
    exec(compile(source, filename, "exec"), env)  # built from field names only
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return env[name]


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


def _homogeneous_item(tp: Any) -> Any:
    """``X`` for ``tuple[X, ...]``, else ``None``."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


# --- unstructuring --------------------------------------------------------------------------


def lean_unstructure_hook(cls: type, converter: cattrs.Converter) -> Callable[[Any], Any]:
    """An unstructure hook for the attrs class ``cls``: the dict cattrs' generated hook makes
    (every field, in order, through ``converter``'s hooks), with less work per field."""
    fields = _fields(cls, converter)
    if fields is None:
        return converter.gen_unstructure_attrs_fromdict(cls)
    env: dict[str, Any] = {}
    lines, items = [], []
    for n, field in enumerate(fields):
        name, tp = field.name, field.type
        hook = converter.get_unstructure_hook(tp)
        item, inner = _homogeneous_item(tp), _optional_of(tp)
        if hook is cattrs.fns.identity:
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
    source = "\n".join([f"def {function}(i):", *lines, "    return {", *items, "    }", ""])
    hook_fn: Callable[[Any], Any] = _compile(function, source, env)
    return hook_fn
