"""The cattrs converter ictrules uses to turn its models into plain data and back."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import gc
import json
import math
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import attrs
import cattrs
import cattrs.fns
import cattrs.gen
import cattrs.v
import orjson

from . import _deferred
from ._calendar import iso_date
from ._lean import (
    ReadError,
    homogeneous_item,
    lean_structure_hook,
    lean_unstructure_hook,
    plain_mapping,
    plain_mapping_structure_hook,
    tuple_structure_hook,
)
from ._text import preview, printable, unquote_hint, unsafe_utf8
from .errors import MAX_LINE, EvidenceError, FrameworkError, Problem, closest

__all__ = [
    "AwkwardFloat",
    "ReadError",
    "array_pieces",
    "collector_paused",
    "compact_bytes",
    "compact_sorted",
    "converter",
    "data_to_write",
    "dumps",
    "dumps_items",
    "dumps_model",
    "dumps_nested",
    "fast_converter",
    "loads",
    "long_digits",
    "structure_checked",
    "structure_with_problems",
    "without_reasons",
    "writer",
]

T = TypeVar("T")

#: Structures and unstructures every ictrules model; unknown keys are errors.
converter = cattrs.Converter(forbid_extra_keys=True)


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return iso_date(value)
    raise ValueError(f"expected a date as YYYY-MM-DD, got {preview(value)}")


converter.register_structure_hook(dt.date, _structure_date)


def _structure_limit(value: Any, _: type) -> int | float | None:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise ValueError(f"expected a number, got {preview(value)}")


converter.register_structure_hook(int | float | None, _structure_limit)


class _ExplainedValueError(ValueError):
    """A ValueError whose message is fit to show a user as it stands."""


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in cls)
        raise _ExplainedValueError(f"unknown value {preview(value)}; allowed: {allowed}") from None


converter.register_structure_hook_func(
    lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum), _structure_enum
)


_NUMBER_MESSAGES = (
    ("could not convert string to float: ", "a number"),
    ("invalid literal for int() with base 10: ", "a whole number"),
)


#: How much of a message's line the unknown keys of one table take, named with their
#: suggestions, before the rest are counted: what the line shows (see :data:`MAX_LINE`), and
#: no suggestion worked out for a key it would not show.
_KEYS_ROOM = MAX_LINE - 200


def _format_exception(exc: BaseException, cls: type | None) -> str:
    if isinstance(exc, _ExplainedValueError):
        return str(exc)
    if isinstance(exc, cattrs.ForbiddenExtraKeysError) and attrs.has(exc.cl):
        known = [field.name for field in attrs.fields(exc.cl)]
        extra = sorted(exc.extra_fields)
        words: list[str] = []
        used = 0
        for key in extra:  # each with its suggestion, while the line has room: not a flood
            if used > _KEYS_ROOM:
                break
            hint = closest(key, known)
            words.append(preview(key) + (f" ({hint})" if hint else ""))
            used += len(words[-1]) + 2
        if len(extra) > len(words):
            words.append(f"and {len(extra) - len(words):,} more")
        return f"unknown key{'s' if len(extra) > 1 else ''} {', '.join(words)}"
    if isinstance(exc, ValueError) and type(exc) is ValueError and exc.args:
        text = str(exc)
        for python, wanted in _NUMBER_MESSAGES:  # float('lots'), int('x'): said for people
            if text.startswith(python):
                return f"expected {wanted}, got {text[len(python) :]}"
        return text  # raised by our own validators with a message for people
    return cattrs.v.format_exception(exc, cls)


converter.register_unstructure_hook(dt.date, lambda value: value.isoformat())

# Unstructuring, configured for speed (an assessment holds some 200 small objects, and the
# store and ``to_json`` unstructure every one). The data is what cattrs' own hooks give, only
# found with less dispatch:
_PLAIN = (str, int, float, bool, type(None))


def _homogeneous_tuple(cls: Any) -> bool:
    return homogeneous_item(cls) is not None


def _unstructure_tuple_hook(cls: Any, conv: cattrs.Converter) -> Any:
    """``tuple[X, ...]`` as a list: of the items themselves when ``X``'s hook is cattrs'
    identity, otherwise each through ``X``'s hook, looked up once (cattrs' own looks it up for
    every item). ``conv`` is the converter asking."""
    inner = conv.get_unstructure_hook(typing.get_args(cls)[0])
    if inner is cattrs.fns.identity:
        return list

    def unstructure(value: tuple[Any, ...]) -> list[Any]:
        return [inner(item) for item in value]

    return unstructure


def _unstructure_any(value: Any) -> Any:
    """A value typed ``Any`` (a fact's value as JSON data): plain values as they are, a list
    item by item (a list of choices, most often), anything else by its class, as cattrs does
    for ``Any``."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [item if type(item) in _PLAIN else _unstructure_any(item) for item in value]
    return converter.unstructure(value)


def _optional_plain(cls: Any) -> bool:
    """``X | None`` for a plain ``X`` (``str | None``, ``int | None``)."""
    args = typing.get_args(cls)
    return (
        typing.get_origin(cls) in (typing.Union, types.UnionType)
        and type(None) in args
        and all(arg in _PLAIN for arg in args)
    )


converter.register_unstructure_hook_factory(_homogeneous_tuple, _unstructure_tuple_hook)
converter.register_unstructure_hook(typing.Any, _unstructure_any)
# a plain optional value is itself; cattrs' generated code reads it without a call when its hook
# is cattrs' own identity function
converter.register_unstructure_hook_factory(_optional_plain, lambda cls: cattrs.fns.identity)
# every attrs model: the dict cattrs' generated hook makes, built with less work per field
converter.register_unstructure_hook_factory(attrs.has, lean_unstructure_hook)


class AwkwardFloat(Exception):
    """A float orjson writes otherwise than the standard library: one below 1e-4 (and not 0),
    which orjson writes as 0.00001 or 1e-9 where the standard library writes 1e-05, 1e-09."""


def _checked_float(value: float) -> float:
    if -1e-4 < value < 1e-4 and value != 0.0:
        raise AwkwardFloat
    return value


_NOT_FLOAT = (str, int, bool, type(None))


def _checked_any(value: Any) -> Any:
    kind = type(value)
    if kind in _NOT_FLOAT:
        return value
    if kind is float:
        return _checked_float(value)
    if kind is list:
        return [item if type(item) in _NOT_FLOAT else _checked_any(item) for item in value]
    return writer.unstructure(value)


def _checked_optional(value: Any) -> Any:
    return _checked_float(value) if type(value) is float else value


#: For :func:`dumps_model` and :func:`data_to_write`: the data :data:`converter` gives, but a
#: float orjson would write otherwise than the standard library raises :class:`AwkwardFloat` (a
#: float's hook, and so a float field's, a float item's and a float in a value typed ``Any``,
#: checks it), so that orjson's text needs no scanning for one; and reasons not yet worked out
#: are written from templates (see :mod:`ictrules._reasons`).
writer = converter.copy()
writer.register_unstructure_hook(float, _checked_float)
writer.register_unstructure_hook(typing.Any, _checked_any)
writer.register_unstructure_hook_factory(
    lambda cls: _optional_plain(cls) and float in typing.get_args(cls),
    lambda cls: _checked_optional,
)


def _written_tuple_hook(cls: Any) -> Any:
    """``tuple[X, ...]`` for writing: the tuple itself when ``X``'s hook is cattrs' identity (a
    tuple of texts: links, entailments, missing facts), which orjson and the standard library
    write as they write a list, and which the lean hooks then read without a call."""
    return (
        cattrs.fns.identity if _written_plain_tuple(cls) else _unstructure_tuple_hook(cls, writer)
    )


def _written_plain_tuple(cls: Any) -> bool:
    item = homogeneous_item(cls)
    return item is not None and writer.get_unstructure_hook(item) is cattrs.fns.identity


writer.register_unstructure_hook_factory(_homogeneous_tuple, _written_tuple_hook)


def _deferring_hooks(
    conv: cattrs.Converter, *, reasons: bool = True
) -> Callable[[type], Callable[[Any], Any]]:
    """Hooks for a class whose fields may be worked out later (:mod:`ictrules._deferred`):
    fields not yet worked out are written from the data their
    :class:`~ictrules._deferred.Later` makes for ``conv``, when it can, rather than made first
    (the text is the same); or, without ``reasons``, as empty lists (for a record that keeps
    them apart: the same lists for every object, as the data is written at once)."""

    def factory(cls: type) -> Callable[[Any], Any]:
        names = _deferred.deferred_names(cls)
        whole = lean_unstructure_hook(cls, conv)
        given = lean_unstructure_hook(cls, conv, names)
        raw = getattr(cls, names[0]).raw
        empty: dict[str, list[Any]] = {name: [] for name in names}

        def unstructure(obj: Any) -> Any:
            later = raw(obj)
            if isinstance(later, _deferred.Later):
                if not reasons:
                    return given(obj, empty)
                data = later.unstructured(obj, conv)
                if data is not None:
                    return given(obj, data)
            return whole(obj)

        return unstructure

    return factory


def _deferring(cls: Any) -> bool:
    return bool(_deferred.deferred_names(cls))


writer.register_unstructure_hook_factory(_deferring, _deferring_hooks(writer))
#: :data:`writer`, but reasons not yet worked out are left empty lists: for a record that keeps
#: them apart (see :mod:`ictrules.store`).
without_reasons = writer.copy()
without_reasons.register_unstructure_hook_factory(
    _deferring, _deferring_hooks(writer, reasons=False)
)


def _tables_only(cls: Any, conv: cattrs.Converter) -> Any:
    """Structure an attrs model only from a table: a text, list or number where a table is
    wanted is one problem at its path ("expected a table"), not a crash inside cattrs. ``conv``
    is the converter asking (a copy, such as :data:`fast_converter`, has its own settings)."""
    inner = cattrs.gen.make_dict_structure_fn(cls, conv)

    def structure(value: Any, _: Any) -> Any:
        if type(value) is not dict and not isinstance(value, typing.Mapping):
            raise _ExplainedValueError(f"expected a table, got {preview(value)}")
        return inner(value, cls)

    return structure


converter.register_structure_hook_factory(attrs.has, _tables_only)


def structure_checked(
    data: Any,
    cls: Any,
    source: str | None,
    error: type[EvidenceError] | type[FrameworkError],
    root: str = "$",
) -> Any:
    """Structure ``data`` as ``cls``, turning cattrs' error tree into one problem per fault."""
    value, problems = structure_with_problems(data, cls, root)
    if problems:
        raise error(source, problems)
    return value


def structure_with_problems(data: Any, cls: Any, root: str = "$") -> tuple[Any, list[Problem]]:
    """Structure ``data`` as ``cls``; return ``(value, [])`` or ``(None, problems)``."""
    try:
        return converter.structure(data, cls), []
    except (cattrs.BaseValidationError, ValueError, TypeError) as exc:
        if isinstance(exc, cattrs.BaseValidationError):
            messages = cattrs.transform_error(exc, path=root, format_exception=_format_exception)
        else:
            messages = [f"{exc} @ {root}"]
        problems = []
        for message in messages:
            text, _, path = message.rpartition(" @ ")
            problems.append(Problem(_plain_path(path or root), text or message))
        return None, problems


_KEY = re.compile(r"\['([^'\]]*)'\]")


def _plain_path(path: str) -> str:
    """cattrs' ``$.a[3].b['x']`` in the one path grammar of ictrules inputs: ``a[3].b.x``."""
    return _KEY.sub(r".\1", path).removeprefix("$").removeprefix(".")


def dumps(data: Any) -> str:
    """Serialise plain data as JSON deterministically (2-space indent, UTF-8, newline at end).

    orjson writes it (some twenty times faster than the standard library's indenting encoder)
    with the same bytes; the few things it writes differently or refuses (a float below 1e-4,
    whose exponent it writes otherwise; an integer beyond 64 bits; a lone surrogate) go
    through the standard library instead, so the output never depends on which wrote it.

    Characters that would control or reorder a terminal or a page showing the text (DEL, C1
    controls, the bidirectional overrides and isolates) and lone surrogates are written as
    ``\\uXXXX`` escapes, as JSON allows (see :func:`ictrules._text.printable`): the same
    text, read back, whatever writes it out (the command line escapes them too).
    """
    return _as_stdlib(
        data, orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE, _stdlib_dumps, shown=True
    )


def _as_stdlib(
    data: Any,
    option: int,
    stdlib: Callable[[Any], str],
    default: Callable[[Any], Any] | None = None,
    *,
    shown: bool = False,
) -> str:
    """``data`` as orjson writes it with ``option`` (and ``default``), or as ``stdlib`` (the
    standard library writing the same layout, with the same ``default``) does when orjson
    refuses it or may write it otherwise; ``shown`` escapes what :func:`_shown` does."""
    try:
        text = orjson.dumps(data, default, option)
    except (TypeError, orjson.JSONEncodeError):
        return printable(stdlib(data)) if shown else stdlib(data)
    if _SMALL_FIXED.search(text) or _SHORT_EXPONENT.search(text):  # perhaps a small float
        return printable(stdlib(data)) if shown else stdlib(data)
    return _shown(text) if shown else text.decode("utf-8")


def _shown(text: bytes) -> str:
    """JSON as orjson wrote it, with what :func:`~ictrules._text.printable` escapes escaped.
    orjson escapes the C0 controls itself and refuses lone surrogates, so only DEL, the C1
    controls (UTF-8 ``C2 80`` to ``C2 9F``) and the bidirectional controls (``E2 80 AA`` to
    ``AE``, ``E2 81 A6`` to ``A9``) can need it: their lead bytes are looked for in C, and
    each one found is looked at (a pound sign or a curly quote costs a step each, not a scan
    of the whole text by a regular expression)."""
    if text.isascii() and b"\x7f" not in text:  # the common case: two passes in C
        return text.decode("ascii")
    if not unsafe_utf8(text):
        return text.decode("utf-8")
    return printable(text.decode("utf-8"))


# A finite float below 1e-4 in size is the only number orjson writes otherwise than the
# standard library: as 0.00001 or 1.5e-6 (a one-digit exponent) where the standard library
# writes 1e-05 and 1.5e-06. The text is searched for those two forms only (a text such as
# "e-safety" is no float); each pattern starts with one literal, which the regular expression
# engine finds fastest. A match inside a string costs only the slower writer.
_SMALL_FIXED = re.compile(rb"0\.0000")
_SHORT_EXPONENT = re.compile(rb"-[0-9](?![0-9])(?<=e-[0-9])")


def dumps_model(model: Any) -> str:
    """``dumps(converter.unstructure(model))``, the same text, made faster: a float orjson would
    write otherwise is found as the data is made (see :data:`writer`) rather than by
    scanning the text for one."""
    try:
        data = writer.unstructure(model)
    except AwkwardFloat:
        return dumps(converter.unstructure(model))
    try:
        return _shown(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    except (TypeError, orjson.JSONEncodeError):
        return printable(_stdlib_dumps(data))


def data_to_write(model: Any) -> Any:
    """``converter.unstructure(model)`` as :func:`dumps` and :func:`compact_bytes` write it, made
    with less work: an assessment's reasons not yet read are written from templates rather than
    made first (see :mod:`ictrules._reasons`). For writing at once only: it may hold tuples for
    lists and share parts with the data of other models, so it is not to be kept or changed."""
    try:
        return writer.unstructure(model)
    except AwkwardFloat:
        return converter.unstructure(model)


def dumps_nested(data: Any, depth: int) -> str:
    """``data`` as :func:`dumps` writes it when it sits ``depth`` levels deep in a larger
    document (a member of the top-level object is at depth 1): every line after the first
    indented by ``2 * depth`` more spaces, no newline at the end. Pieces written this way and
    joined in the document's order give the same bytes as :func:`dumps` of the whole, which is
    how a large document is written as a stream.
    """
    text = dumps(data)[:-1]
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def dumps_items(items: list[Any], depth: int) -> str:
    """The members of a JSON array at ``depth`` (its members one level deeper), as
    :func:`dumps` writes them inside the array: each on its own lines, indented, separated by
    ``",\\n"``, without the brackets or a final newline. ``items`` must not be empty. A long
    array is written as a stream by joining the pieces of consecutive slices with ``",\\n"``.
    """
    text = dumps(items)  # "[\n  first,\n  ...\n  last\n]\n"
    body = text[2:-3]
    if not depth:
        return body
    pad = "  " * depth
    return pad + body.replace("\n", "\n" + pad)


def array_pieces(members: Iterable[str]) -> Iterator[str]:
    """:func:`dumps` of a top-level array, as pieces written as they come, from each member's
    text as :func:`dumps_items` writes it alone (``dumps_items([member], 0)``): the pieces
    joined are the bytes of ``dumps`` of the whole list, so a long array is never held whole."""
    first = True
    for member in members:
        yield ("[\n" if first else ",\n") + member
        first = False
    yield "[]\n" if first else "\n]\n"


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (as it was before, after it).

    For serialising a large object into data that is written and dropped at once: its hundreds
    of short-lived containers would otherwise set off collections that rescan every object the
    process holds (a plan's million assets, a batch of saved assessments), which costs more than
    the serialising. Use it only where the block makes no reference cycles.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def compact_bytes(data: Any) -> bytes:
    """Plain data as compact UTF-8 JSON bytes, for storage (not for people): orjson, or the
    standard library for what orjson refuses (an integer beyond 64 bits, a lone surrogate).
    Floats must be finite, as every value ictrules holds is (orjson writes infinity as null)."""
    try:
        return orjson.dumps(data)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(data, separators=(",", ":")).encode("ascii")  # escapes everything


#: For :func:`compact_sorted`: a date, a dataclass or anything else the standard library refuses
#: is left to it (orjson would write it), and so refused with its error.
_PLAIN_SORTED = (
    orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
)


def compact_sorted(data: Any, default: Callable[[Any], Any] | None = None) -> str:
    """Plain data (dicts with text keys, lists, tuples, text, numbers, booleans, ``None``) as
    compact JSON text with every object's keys sorted: the very text of ``json.dumps(data,
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=default)``, which the
    store has always written (its duplicate check compares the text), some five times faster.
    orjson writes it; what it writes otherwise or refuses goes through the standard library, as
    for :func:`dumps`. ``default``, as the standard library's, is called with what neither
    writer takes as it is (a date, say) and returns plain data or raises ``TypeError``. Floats
    must be finite (orjson writes infinity as null); anything else raises the standard
    library's ``TypeError`` or ``ValueError``."""
    return _as_stdlib(
        data, _PLAIN_SORTED, functools.partial(_stdlib_sorted, default=default), default
    )


def _stdlib_dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _stdlib_sorted(data: Any, default: Callable[[Any], Any] | None = None) -> str:
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=default
    )


def loads(text: str | bytes) -> Any:
    """Read JSON text (what :func:`dumps` writes) into plain data: by orjson, unless the text
    may hold a whole number beyond 64 bits (which orjson reads as a float) or orjson refuses
    it; then by the standard library."""
    if not long_digits(text):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    try:  # integers beyond 64 bits, and the standard library's message
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("nested too deeply to be read") from None


def _no_constant(name: str) -> Any:
    """NaN and Infinity, which the standard library reads and JSON does not have (orjson
    refuses them, and ictrules writes none)."""
    raise ValueError(f"{name} is not a JSON value")


#: Every ASCII digit to "0" and every other byte to a space: a run of 19 digits is then a
#: plain search for 19 zeros, done in C.
_DIGITS_AS_ZEROS = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_LONG_RUN = b"0" * 19


def long_digits(text: str | bytes) -> bool:
    """Whether ``text`` holds a run of 19 or more ASCII digits: a whole number that may lie
    beyond 64 bits. A regular expression takes about 10 ns a character; this, under 1."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return _LONG_RUN in data.translate(_DIGITS_AS_ZEROS)


#: For reading back what ictrules itself wrote (assessment JSON): the same hooks, but every
#: attrs model and ``tuple[X, ...]`` through the lean hooks of :mod:`ictrules._lean`, which take
#: each field as ictrules writes it (a text as a text, a whole number as a whole number) and
#: raise :class:`ReadError`, naming the path, at the first fault; input files go through
#: :data:`converter`, which locates every fault.
fast_converter = converter.copy(detailed_validation=False)
fast_converter.register_structure_hook_factory(_homogeneous_tuple, tuple_structure_hook)
fast_converter.register_structure_hook_factory(plain_mapping, plain_mapping_structure_hook)
fast_converter.register_structure_hook_factory(attrs.has, lean_structure_hook)


# Files people write: a whole number is a whole number and a number a number. cattrs' own hooks
# call int() and float(), so true would be read as 1, 3.5 as 3 and "410" as 410.0. The fast
# converter, which reads back ictrules' own JSON, keeps cattrs' hooks: it was copied above.
def _structure_whole(value: Any, _: type) -> int:
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    raise _ExplainedValueError(
        f"expected a whole number, got {preview(value)}{unquote_hint(value)}"
    )


def _structure_number(value: Any, _: type) -> float:
    if type(value) is int or type(value) is float:
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if math.isfinite(number):
            return number
    raise _ExplainedValueError(f"expected a number, got {preview(value)}{unquote_hint(value)}")


def _structure_truth(value: Any, _: type) -> bool:
    if value is True or value is False:
        return value
    hint = unquote_hint(value, ("true", "false"))
    raise _ExplainedValueError(f"expected true or false, got {preview(value)}{hint}")


converter.register_structure_hook(int, _structure_whole)
converter.register_structure_hook(bool, _structure_truth)  # else bool, an int, would take int's
converter.register_structure_hook(float, _structure_number)
