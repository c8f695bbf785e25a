"""A reader of plain fact values generated per set of declared facts: the fast path of
:func:`ictrules.evidence.read_evidence`, as the generated ladders are of assessment.

Most evidence gives most facts as plain values in their usual forms (``true``, ``3``,
``0.62``, a choice's name, a date, a list of choices), in nested tables or under dotted keys.
The generated function reads a ``facts`` table with one dictionary lookup per declared key and
a test per value written inline for the fact's type. A known fact's value in any other form (a
table of bounds or provenance, a percentage, a value out of range, text that is not plain) is
handed back as it stands, for the general reader to check and, if need be, to say what is wrong
with it. A table that holds an unknown key, a key that is not a table where one should be, or
the same fact twice is not read at all (``None``): the general reader reads it whole. So the
generated reader never decides a fault: it only accepts values whose checked form it knows,
which is exactly what :func:`ictrules.facts.check_value` makes of them (a Hypothesis property
in ``tests/core/test_core_evidence_reader.py`` holds the two together).

What it accepts is also within the limits :func:`ictrules.files.check_document` enforces
(plain dicts, declared keys, bounded numbers, valid text).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

from ._calendar import iso_date
from ._source import define
from .bands import BAND_NAMES
from .facts import FactSpec, FactType
from .files import FEW_DIGITS, text_problem

__all__ = ["PlainReader", "plain_reader"]

#: Reads a ``facts`` table: the checked values of the plain ones and, in the order met, each
#: other known fact's ``(id, raw value)`` for the general reader; or ``None`` when the whole
#: table must be read the general way.
PlainReader = Callable[[dict[str, Any]], "tuple[dict[str, Any], list[tuple[str, Any]]] | None"]


_MISSING = object()

#: Names the generated reader binds as its own locals.
_LOCALS = ("_M", "_B", "_INF", "_BANDS", "_date", "_iso", "int", "float", "str", "list", "tuple")


def _limits(spec: FactSpec, name: str) -> str | None:
    """The test of ``spec``'s minimum and maximum on ``name`` ('' when it has neither), or
    ``None`` for a bound that is not a finite float or a whole number (left to the general
    way). A bound is written as the literal of a plain ``float`` or ``int``, whatever subclass
    a plugin gave."""
    tests = []
    for bound, operator in ((spec.minimum, ">="), (spec.maximum, "<=")):
        if bound is None:
            continue
        if isinstance(bound, int):
            literal = repr(int(bound))
        elif isinstance(bound, float) and math.isfinite(bound):
            literal = repr(float(bound))
        else:
            return None
        tests.append(f" and {name} {operator} {literal}")
    return "".join(tests)


def _value_lines(spec: FactSpec, x: str, k: int, *, copied: bool) -> list[str]:
    """Lines that read the value ``x`` of ``spec``, just looked up: its checked value ends in
    ``out``, or ``x`` is left in ``rest`` for the general reader, or (``x`` is ``_M``) the fact
    is missing. With ``copied``, ``out`` began as a copy of the table ``x`` is in: a value
    accepted as it stands is left where it is, a converted one replaces it, and one handed
    back is taken out; a missing fact is counted in ``m``.

    The tests that accept come first, as most values pass one. Each accepts only a form whose
    checked value is certain, and that value is what the type's checker in
    :mod:`ictrules.facts` returns for it.
    """
    key = repr(spec.id)
    if copied:
        keep, put = "pass", f"out[{key}] = "
        rest, miss = f"rest.append(({key}, {x})); del out[{key}]", "m += 1"
    else:
        keep, put = f"out[{key}] = {x}", f"out[{key}] = "
        rest, miss = f"rest.append(({key}, {x}))", "pass"
    accept = _accepting(spec, x, k, keep, put, rest)
    if not accept:  # a type or a limit the fast path does not know: always the general way
        return [f"if {x} is _M: {miss}", f"else: {rest}"]
    return [*accept, f"elif {x} is _M: {miss}", f"else: {rest}"]


def _accepting(spec: FactSpec, x: str, k: int, keep: str, put: str, rest: str) -> list[str]:
    """The ``if``/``elif`` branches that accept ``x`` for ``spec`` (see :func:`_value_lines`):
    ``keep`` when it is its own checked value, ``put`` and an expression when that is another."""
    kind, limits = spec.type, _limits(spec, x)
    if limits is None:
        return []
    if kind is FactType.BOOLEAN:
        return [f"if {x} is True or {x} is False: {keep}"]
    if kind is FactType.INTEGER:
        return [f"if {x}.__class__ is int and -_B < {x} < _B{limits}: {keep}"]
    if kind is FactType.NUMBER:
        return [
            f"if {x}.__class__ is float and -_INF < {x} < _INF{limits}: {keep}",
            f"elif {x}.__class__ is int and -_B < {x} < _B{limits}: {put}float({x})",
        ]
    if kind is FactType.PROPORTION:
        return [
            f"if {x}.__class__ is float and 0.0 <= {x} <= 1.0: {keep}",
            f"elif {x}.__class__ is int and 0 <= {x} <= 1: {put}float({x})",
            f"elif {x}.__class__ is str and {x} in _BANDS: {keep}",
        ]
    if kind is FactType.CHOICE:
        return [f"if {x}.__class__ is str and {x} in _C{k}: {keep}"]
    if kind is FactType.CHOICES:
        return [  # the same lists recur from school to school: each is worked out once
            f"if {x}.__class__ is list or {x}.__class__ is tuple:",
            "    try:",
            f"        c = _S{k}.get(tuple({x}))",
            "    except TypeError:  # an item that is itself a list or a table",
            "        c = _M",
            "    if c is None:",
            f"        c = _choices({x}, _C{k}, _O{k}, _S{k})",
            f"    if c is None or c is _M: {rest}",
            f"    else: {put}c",
        ]
    if kind is FactType.DATE:
        return [
            f"if {x}.__class__ is _date: {keep}",
            f"elif {x}.__class__ is str:",
            "    try:",
            f"        {put}_iso({x})",
            "    except ValueError:",
            f"        {rest}",
        ]
    if kind is FactType.TEXT:
        return [
            f"if {x}.__class__ is str and ({x}.isascii() or _text_problem({x}) is None): {keep}"
        ]
    return []


class _Node:
    """A table in the facts tree: the facts under it by the rest of their ids, and the tables
    it may hold, by every spelling of their key (``a`` holding ``b.c`` or ``a.b`` holding ``c``)."""

    def __init__(self) -> None:
        self.facts: dict[str, FactSpec] = {}
        self.tables: dict[str, _Node] = {}


#: Facts with longer ids are left to the general way: a fact of n parts has 2 ** (n - 1)
#: spellings, each with its own lines.
_MAX_PARTS = 6


def _tree(facts: Mapping[str, FactSpec]) -> _Node:
    root = _Node()
    for spec in facts.values():
        parts = spec.id.split(".")
        if len(parts) <= _MAX_PARTS:
            _place(root, parts, spec)
    return root


def _place(node: _Node, parts: list[str], spec: FactSpec) -> None:
    node.facts[".".join(parts)] = spec
    for cut in range(1, len(parts)):
        key = ".".join(parts[:cut])
        table = node.tables.setdefault(key, _Node())
        _place(table, parts[cut:], spec)


def _node_lines(node: _Node, depth: int, index: dict[str, int]) -> list[str]:
    """Lines that read the nested table ``d{depth}``: its subtables first, then, unless they
    were all it held (as in TOML's nested tables), its facts under the rest of their ids. Every
    key of the table is counted in ``found``, less the subtables: a key that is no fact is
    never read, so the count at the end finds it (a lookup per declared key costs less than a
    test of every key given)."""
    table, tables, get = f"d{depth}", f"t{depth}", f"g{depth}"
    lines = [f"{get} = {table}.get", f"found += len({table})", f"{tables} = 0"]
    lines += _table_lines(node, depth, index)
    lines += [f"found -= {tables}", f"if {tables} != len({table}):"]
    for key, spec in node.facts.items():
        x = f"x{depth}"
        lines.append(f"    {x} = {get}({key!r}, _M)")
        lines += ["    " + line for line in _value_lines(spec, x, index[spec.id], copied=False)]
    if not node.facts:
        lines.append("    return None")  # only tables belong here, and one was not a table
    return lines


def _table_lines(node: _Node, depth: int, index: dict[str, int]) -> list[str]:
    """Lines that read the subtables of ``d{depth}`` that are there, counting them in
    ``t{depth}`` (and, at the top, taking them out of ``out``, a copy of ``d0``)."""
    lines = []
    for key, child in node.tables.items():
        if key in node.facts:
            continue  # a fact's id that begins other facts' ids: the fact is read, as in general
        inner = f"d{depth + 1}"
        lines += [
            f"{inner} = g{depth}({key!r}, _M)",
            f"if {inner} is not _M:",
            f"    if {inner}.__class__ is not dict: return None",
            f"    t{depth} += 1",
            *([f"    del out[{key!r}]"] if depth == 0 else []),
            *("    " + line for line in _node_lines(child, depth + 1, index)),
        ]
    return lines


def _root_lines(root: _Node, index: dict[str, int]) -> list[str]:
    """Lines that read the ``facts`` table ``d0`` into ``out``, which begins as its copy: the
    commonest document (the shape :meth:`~ictrules.evidence.Evidence.to_mapping` writes) gives
    every fact under its full id there, and a value accepted as it stands then costs no store.
    A key of ``d0`` is a subtable, a fact found (its id is a key) or no fact: the count of the
    facts missed (``m``) finds the last.

    A table with more keys than it could have subtables holds facts under their full ids: they
    are read first, and the subtables looked for only if keys are left. Any other (TOML's
    nested tables) is read subtables first, and the facts looked for only if keys are left.

    The subtables' lines (every spelling of every nested fact: most of the reader) are written
    once; only the facts' lines, one lookup a fact, are written twice (``m`` is -1 while the
    facts are unread)."""
    facts = len(root.facts)
    read_facts = ["m = 0"]
    for key, spec in root.facts.items():
        read_facts.append(f"x0 = g0({key!r}, _M)")
        read_facts += _value_lines(spec, "x0", index[spec.id], copied=True)
    read_tables = _table_lines(root, 0, index)
    tables = sum(key not in root.facts for key in root.tables)
    return [
        "g0 = d0.get",
        "out = dict(d0)",
        "t0 = 0",
        f"if len(d0) > {tables}:",
        *("    " + line for line in read_facts),
        f"    more = len(d0) != {facts} - m",
        "else:",
        "    m = -1",
        "    more = True",
        "if more:",
        *("    " + line for line in read_tables or ["pass"]),
        "    if m < 0:",
        f"        if t0 == len(d0): m = {facts}",
        "        else:",
        *("            " + line for line in read_facts),
        f"if len(d0) != t0 + {facts} - m: return None  # a key that is no fact",
        f"found += {facts} - m",
    ]


def plain_reader(facts: Mapping[str, FactSpec]) -> tuple[PlainReader, str]:
    """The generated reader of plain values of ``facts``, and its source (for tracebacks)."""
    index = {fact: k for k, fact in enumerate(facts)}
    namespace: dict[str, Any] = {
        "_M": _MISSING,
        "_B": FEW_DIGITS,  # a larger whole number is held to the digit limit the general way
        "_INF": math.inf,
        "_BANDS": frozenset(BAND_NAMES),
        "_date": dt.date,
        "_iso": iso_date,
        "_text_problem": text_problem,
        "_choices": _choices,
    }
    for fact, k in index.items():
        spec = facts[fact]
        if spec.type in (FactType.CHOICE, FactType.CHOICES):
            namespace[f"_C{k}"] = frozenset(spec.choices)
            namespace[f"_O{k}"] = spec.choices
            namespace[f"_S{k}"] = {}
    body = _root_lines(_tree(facts), index)
    source = "\n".join(
        [
            # the names it uses most are bound as locals, the fastest to look up
            f"def read(d0, {', '.join(f'{name}={name}' for name in _LOCALS)}):",
            "    rest = []",
            "    found = 0",
            *("    " + line for line in body),
            # a key that is no fact, or a fact read twice ("found" counts both spellings, "out"
            # holds it once; one handed back is found by _read_plain)
            "    if found != len(out) + len(rest): return None",
            "    return out, rest",
            "",
        ]
    )
    filename = f"<ictrules plain evidence reader of {len(facts)} facts>"
    reader: PlainReader | None = define("read", source, filename, namespace)
    # too large for Python's compiler: always the general way
    return (_general if reader is None else reader), source


def _choices(
    items: list[Any] | tuple[Any, ...],
    allowed: frozenset[str],
    order: tuple[str, ...],
    seen: dict[tuple[Any, ...], tuple[str, ...]],
) -> tuple[str, ...] | None:
    """The checked value of a list of choices (in declared order), remembered for the next
    school while fewer than :data:`_REMEMBERED` lists are (each no longer than the choices, so
    what is remembered stays small); ``None`` if it is not one."""
    chosen = set(items)
    if not chosen <= allowed:
        return None
    value = tuple([choice for choice in order if choice in chosen])
    if len(seen) < _REMEMBERED and len(items) <= len(order):  # a longer one repeats a choice
        seen[tuple(items)] = value
    return value


#: How many distinct lists of choices each fact remembers.
_REMEMBERED = 512


def _general(_: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, Any]]] | None:
    return None
