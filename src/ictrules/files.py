"""Reading JSON, TOML and YAML documents safely, with every fault located.

Files come from schools, authorities and third parties, so reading one is bounded (see
``docs/reference/limits.md``):

* only regular files are read (a named pipe, a device or a folder is refused before a byte is
  read: a FIFO would block forever, ``/dev/zero`` never ends);
* a file is at most :data:`MAX_DOCUMENT_BYTES` (callers may give a limit of their own);
* a document nests at most :data:`MAX_DEPTH` tables and lists deep;
* YAML aliases may expand a document to at most :data:`MAX_YAML_VALUES` values;
* a whole number has at most :data:`MAX_DIGITS` digits;
* text is valid Unicode (no lone surrogates, which JSON's ``\\ud800`` escapes can make);
* a key appears once per table, in JSON and YAML as in TOML.

Each fault is an :class:`~ictrules.errors.EvidenceError` (or the error type the caller asks
for) naming the file and the path of the value, or the line and column of a syntax error.

Public for plugins: a plugin that reads its own input files (the refresh plugin's policy files
and column mappings, an authority's settings) reads them with :func:`read_document` and gets the
same limits and messages, raising its own :class:`~ictrules.errors.InputError` subclass::

    from ictrules.files import read_document
    data = read_document("policies.toml", error=PolicyError)
"""

from __future__ import annotations

import ast
import codecs
import json
import os
import re
import secrets
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from ._convert import long_digits, structure_with_problems
from ._text import preview
from .errors import EvidenceError, InputError, Problem

__all__ = [
    "FEW_DIGITS",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_DOCUMENT_BYTES",
    "MAX_YAML_VALUES",
    "SUFFIXES",
    "check_document",
    "decode",
    "not_found",
    "parse_text",
    "preview",
    "read_bytes",
    "read_document",
    "read_model",
    "structure_model",
    "text_problem",
    "walk",
    "within_limits",
]

#: File suffixes ictrules reads, and the format each one means.
SUFFIXES = {".json": "json", ".toml": "toml", ".yaml": "yaml", ".yml": "yaml"}

#: The largest evidence, framework, policy or mapping file read, in bytes (16 MiB).
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
#: How deeply tables and lists may nest in a document.
MAX_DEPTH = 100
#: How many values a YAML document may expand to when its aliases are followed.
MAX_YAML_VALUES = 1_000_000
#: The most digits a whole number in a document may have.
MAX_DIGITS = 1000
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_LONG_INTEGER = re.compile(r"(?<![\w.])[+-]?\d[\d_]{" + str(MAX_DIGITS) + r",}")
Error = type[InputError]


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def read_bytes(
    path: str | Path,
    error: Error = EvidenceError,
    *,
    limit: int = MAX_DOCUMENT_BYTES,
    what: str = "file",
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The file is opened without blocking and checked before anything is read: a named pipe, a
    device (``/dev/zero``) or a folder is refused as not a regular file, and so is a file
    larger than ``limit`` (``what`` names the kind of file in that message).
    """
    source = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise error(source, [not_found(source)]) from None
    except OSError as exc:
        if Path(path).is_dir():
            raise error(source, [Problem("", "not a regular file (a folder)")]) from None
        raise error(source, [Problem("", f"cannot read the file: {exc.strerror or exc}")]) from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise error(
            source,
            [
                Problem(
                    "",
                    f"not a regular file ({_kind(info.st_mode)}): ictrules reads only "
                    "regular files",
                )
            ],
        )
    with os.fdopen(descriptor, "rb") as stream:
        too_big = Problem(
            "",
            f"the file is over the limit of {_size(limit)} for {what}s",
            "is this the right file? Split a larger one into several",
        )
        if info.st_size > limit:
            raise error(
                source, [Problem("", f"the file is {_size(info.st_size)}: {too_big.message}")]
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        try:
            # read what the file holds (asking for the limit would set aside that much memory
            # for every small file), and on only if it grew meanwhile
            data = stream.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += stream.read(limit + 1 - len(data))
        except OSError as exc:
            raise error(
                source, [Problem("", f"cannot read the file: {exc.strerror or exc}")]
            ) from None
    if len(data) > limit:  # it grew while being read
        raise error(source, [too_big])
    return data


def not_found(source: str) -> Problem:
    """The problem of a file that is not there; ``-``, which commands elsewhere read as standard
    input, is said to be no file here."""
    if source == "-":
        return Problem(
            "", "'-' (standard input) is not read: files are named", "give the file's path"
        )
    return Problem("", "file not found")


def read_document(
    path: str | Path,
    error: Error = EvidenceError,
    *,
    limit: int = MAX_DOCUMENT_BYTES,
    what: str = "document",
    check_limits: bool = True,
) -> Any:
    """Read a JSON, TOML or YAML file (chosen by suffix) into plain Python data.

    Raises ``error`` (an :class:`EvidenceError` by default) naming the file, and the line and
    column of a syntax error or the path of a value beyond the limits (see the module). With
    ``check_limits=False`` the caller checks the values against the limits itself
    (:func:`check_document`), as evidence does on all but the facts its fast path reads.
    """
    source = os.fspath(path)  # as given: a folder's thousands of files need no Path each
    suffix = os.path.splitext(source)[1]
    kind = SUFFIXES.get(suffix.lower())
    if kind is None and not os.path.lexists(source):
        read_bytes(source, error, limit=limit, what=what)  # says the file is not there
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise error(source, [Problem("", f"unsupported file type {suffix!r}; use {known}")])
    data = read_bytes(source, error, limit=limit, what=what)
    return parse_text(decode(data, source, error), kind, source, error, check_limits=check_limits)


def decode(data: bytes, source: str, error: Error = EvidenceError) -> str:
    """A file's bytes as UTF-8 text (a byte-order mark, as Windows editors add, is dropped),
    or as UTF-16 when it starts with UTF-16's byte-order mark (Excel's and Notepad's "Unicode").

    Other text is refused with the line of the first byte that is not UTF-8 and how to fix it.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: said below as any other bytes that are not UTF-8
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    byte = data[offset]
    guess = ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        guess = " (it is UTF-16 text)"
    elif byte >= 0xA0:
        guess = f" (in Latin-1 or Windows-1252 it would be {bytes([byte]).decode('cp1252')!r})"
    raise error(
        source,
        [
            Problem(
                f"line {line}, column {column}",
                f"the file is not UTF-8 text: byte 0x{byte:02x} is not UTF-8{guess}",
                "save the file as UTF-8 (in most editors: Save As, then choose the encoding UTF-8)",
            )
        ],
    ) from None


def parse_text(
    text: str,
    kind: str,
    source: str,
    error: Error = EvidenceError,
    *,
    check_limits: bool = True,
) -> Any:
    """Parse ``text`` as ``kind`` ("json", "toml" or "yaml") and check it against the limits
    (unless ``check_limits`` is false: see :func:`read_document`)."""
    try:
        if kind == "json":
            data = _parse_json(text, source, error)
        elif kind == "toml":
            data = _parse_toml(text, source, error)
        else:
            data = _parse_yaml(text, source, error)
    except RecursionError:
        raise error(source, [_too_deep("")]) from None
    if check_limits:
        check_document(data, source, error)
    return data


def _too_deep(path: str) -> Problem:
    return Problem(
        path,
        f"nested too deeply (more than {MAX_DEPTH} levels of tables and lists)",
        "is this the right file?",
    )


class _Duplicates(dict[str, Any]):
    """A JSON object or YAML mapping that gave some keys more than once."""

    twice: tuple[str, ...] = ()


class _TooLarge:
    """A whole number with more than :data:`MAX_DIGITS` digits, kept unconverted."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table = dict(pairs)
    if len(table) == len(pairs):
        return table
    marked = _Duplicates(table)
    seen: set[str] = set()
    twice: dict[str, None] = {}
    for key, _ in pairs:
        if key in seen:
            twice[key] = None
        seen.add(key)
    marked.twice = tuple(twice)
    return marked


_SLOW = object()


def _parse_json_quickly(text: str) -> Any:
    """``text`` parsed by orjson when that is certainly what the standard library's parse (with
    its duplicate-key and long-number hooks) would give, else ``_SLOW``.

    orjson refuses what is not strict JSON (NaN, lone surrogates, control characters) and
    keeps the last of a key given twice without a word. So: its result stands only if the text
    has no long run of digits and as many colons as the parsed objects have keys. Every key
    is followed by one colon, so that count equals the keys only when no key was given twice
    and no text holds a colon; otherwise the standard library parses it and says what is wrong.
    """
    if long_digits(text):  # a whole number beyond 64 bits, which orjson would read as a float
        return _SLOW
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return _SLOW
    return data if text.count(":") == _keys(data) else _SLOW


def _keys(data: Any) -> int:
    """How many keys the objects in parsed JSON hold, all told."""
    count, stack = 0, [data]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            count += len(item)
            item = item.values()
        elif type(item) is not list:
            continue
        stack.extend(value for value in item if type(value) is dict or type(value) is list)
    return count


def _json_int(text: str) -> int | _TooLarge:
    digits = len(text.lstrip("-"))
    return _TooLarge(digits) if digits > MAX_DIGITS else int(text)


def _parse_json(text: str, source: str, error: Error) -> Any:
    quick = _parse_json_quickly(text)
    if quick is not _SLOW:
        return quick
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise error(source, [Problem(where, f"malformed JSON: {exc.msg}")]) from None


def _parse_toml(text: str, source: str, error: Error) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        where = f"line {match[1]}, column {match[2]}" if match else ""
        reason = _toml_reason(_TOML_POSITION.sub("", message).strip())
        raise error(source, [Problem(where, f"malformed TOML: {reason}")]) from None
    except ValueError:  # a whole number too long for Python to read: find where it stands
        pass
    # each long number becomes a string no document can spell (it holds a fresh random
    # token), then a _TooLarge, as the JSON and YAML readers keep one
    mark = f"\x00ictrules-number-too-large-{secrets.token_hex(8)}:"
    marked = _LONG_INTEGER.sub(
        lambda found: json.dumps(mark + str(len(found[0].lstrip("+-")))), text
    )
    try:
        return _too_large_marked(tomllib.loads(marked), mark)
    except ValueError:
        match = _LONG_INTEGER.search(text)
        line = text.count("\n", 0, match.start()) + 1 if match else 0
        raise error(
            source, [Problem(f"line {line}" if line else "", _number_too_large(MAX_DIGITS + 1))]
        ) from None


_TOML_KEY_TUPLE = re.compile(r"Cannot declare (\(.*\)) twice")


def _toml_reason(reason: str) -> str:
    """tomllib's message in the words the rest of ictrules uses: a table declared twice is
    named by its dotted key (tomllib shows a Python tuple of its parts), and a value given
    twice says so."""
    found = _TOML_KEY_TUPLE.fullmatch(reason)
    if found:
        try:
            parts = ast.literal_eval(found[1])
        except (ValueError, SyntaxError):
            return reason
        if isinstance(parts, tuple) and all(isinstance(part, str) for part in parts):
            return f"table [{'.'.join(parts)}] given twice; keep one"
    if reason == "Cannot overwrite a value":
        return "a key given twice, or a value where a table is also given; keep one"
    return reason


def _too_large_marked(data: Any, mark: str) -> Any:
    """``data`` with each string that starts with ``mark`` replaced by a :class:`_TooLarge` of
    the digits it gives."""
    stack = [data]
    while stack:
        container = stack.pop()
        keys = container.keys() if isinstance(container, dict) else range(len(container))
        for key in keys:
            item = container[key]
            if isinstance(item, str) and item.startswith(mark):
                container[key] = _TooLarge(int(item[len(mark) :]))
            elif isinstance(item, dict | list):
                stack.append(item)
    return data


def _number_too_large(digits: int) -> str:
    return f"number too large ({digits} digits; ictrules reads at most {MAX_DIGITS})"


def _parse_yaml(text: str, source: str, error: Error) -> Any:
    try:
        import yaml
    except ImportError:
        raise error(
            source,
            [Problem("", "reading YAML needs the optional extra: pip install 'ictrules[yaml]'")],
        ) from None
    try:
        return yaml.load(text, Loader=_yaml_loader())  # a SafeLoader, with the checks above
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise error(source, [Problem(where, f"malformed YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise error(source, [Problem("", f"malformed YAML: {exc}")]) from None


def structure_model(
    data: Any, cls: Any, source: str | None, error: type[InputError] = EvidenceError
) -> Any:
    """Plain data (as a file held it) as an attrs model ``cls``, with ictrules' converter (dates
    from ISO text, enums by value, unknown keys refused). Raises ``error`` naming ``source`` and
    every fault with its path (``projects[2].year: expected an integer``)."""
    value, problems = structure_with_problems(data, cls)
    if problems:
        raise error(source, problems)
    return value


def read_model(path: str | Path, cls: Any, error: type[InputError] = EvidenceError) -> Any:
    """Read a JSON, TOML or YAML file into the attrs model ``cls`` (see
    :func:`structure_model`); for plugins that keep their inputs as documented files."""
    data = read_document(path, error)
    if data is None:  # an empty YAML file (an empty TOML file is an empty table)
        raise error(str(path), [Problem("", "the file is empty: expected a table of settings")])
    return structure_model(data, cls, str(path), error)


_LOADER: list[type] = []


def _yaml_loader() -> type:
    """A ``yaml.SafeLoader`` that refuses a key given twice, counts what aliases expand to,
    keeps over-long whole numbers unconverted and reports impossible dates where they are."""
    if _LOADER:
        return _LOADER[0]
    import yaml
    from yaml.constructor import ConstructorError, SafeConstructor
    from yaml.nodes import MappingNode, ScalarNode

    class Loader(yaml.SafeLoader):
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._expanded = 0
            self._sizes: dict[int, int] = {}
            self._open: list[str | None] = []

        def compose_node(self, parent: Any, index: Any) -> Any:
            event: Any = self.peek_event()  # type: ignore[no-untyped-call]
            mark: Any = event.start_mark
            if isinstance(event, yaml.AliasEvent):
                if event.anchor in self._open:
                    raise ConstructorError(
                        None,
                        None,
                        f"the alias *{event.anchor} refers to the table or list it is in",
                        mark,
                    )
                node = super().compose_node(parent, index)
                self._expanded += self._size(node)
            else:
                anchor = getattr(event, "anchor", None)
                self._open.append(anchor)
                try:
                    node = super().compose_node(parent, index)
                finally:
                    self._open.pop()
                self._expanded += 1
            if self._expanded > MAX_YAML_VALUES:
                raise ConstructorError(
                    None,
                    None,
                    f"its aliases expand the document to more than {MAX_YAML_VALUES:,} values",
                    mark,
                )
            return node

        def _size(self, node: Any) -> int:
            """Values in ``node`` with every alias in it followed, counted once per node."""
            known = self._sizes.get(id(node))
            if known is not None:
                return known
            total = 1
            if not isinstance(node, ScalarNode):
                for item in node.value:
                    for part in item if isinstance(item, tuple) else (item,):
                        total += self._size(part)
                        if total > MAX_YAML_VALUES:
                            break
            self._sizes[id(node)] = total
            return total

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            if isinstance(node, MappingNode):
                node.value = [(_text_key(key), value) for key, value in node.value]
                seen: set[Any] = set()
                for key_node, _ in node.value:
                    if key_node.tag.endswith(":merge"):
                        continue
                    key = key_node.value
                    if key in seen:
                        raise ConstructorError(
                            None,
                            None,
                            f"key {preview(key)} given twice in one table; keep one",
                            key_node.start_mark,
                        )
                    seen.add(key)
            return dict(super().construct_mapping(node, deep=deep))

        def construct_yaml_int(self, node: Any) -> Any:
            digits = sum(character.isdigit() for character in str(node.value))
            if digits > MAX_DIGITS:
                return _TooLarge(digits)
            return SafeConstructor.construct_yaml_int(self, node)

        def construct_yaml_timestamp(self, node: Any) -> Any:
            # a date or time that is none (2022-02-30, 25:99, ISO 8601's 24:00, which PyYAML
            # refuses) is kept as the text written: the reader of the value then says what is
            # wrong with it where it stands (a fact, an inventory row), or reads it, rather
            # than the whole file failing to parse
            try:
                return SafeConstructor.construct_yaml_timestamp(self, node)
            except (ValueError, OverflowError):
                return str(node.value)

    def _text_key(key_node: Any) -> Any:
        """A key as the text it is written as: ``1``, ``true`` and ``~`` are keys "1", "true"
        and "~", as TOML reads them and as every key ictrules looks up is text. A table or a
        list as a key is refused."""
        if not isinstance(key_node, ScalarNode):
            raise ConstructorError(
                None, None, "a key is a table or a list; a key must be text", key_node.start_mark
            )
        if key_node.tag.endswith((":str", ":merge")):
            return key_node
        return ScalarNode("tag:yaml.org,2002:str", key_node.value, key_node.start_mark)

    Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    _LOADER.append(Loader)
    return Loader


# --- checking a parsed document ----------------------------------------------------------------


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be written out as UTF-8 (a lone surrogate), or ``None``."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "not valid Unicode text (it holds a lone surrogate)"
    return None


def _join(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def walk(data: Any, deepest: int | None = MAX_DEPTH) -> Iterator[tuple[tuple[Any, ...], Any, int]]:
    """Every value in ``data`` with its path (the keys and list positions leading to it) and
    depth, in the document's order, without recursion; nothing below ``deepest`` levels is
    visited (``None``: everything is)."""
    stack: list[tuple[tuple[Any, ...], Any, int]] = [((), data, 0)]
    while stack:
        path, value, depth = stack.pop()
        yield path, value, depth
        if deepest is not None and depth >= deepest:
            continue
        # children pushed last first, so that they are visited in the document's order
        if isinstance(value, dict):
            items = reversed(value.items())
            stack.extend(((*path, key), item, depth + 1) for key, item in items)
        elif isinstance(value, list | tuple):
            indexed = reversed(list(enumerate(value)))
            stack.extend(((*path, index), item, depth + 1) for index, item in indexed)


def _path_text(path: tuple[Any, ...]) -> str:
    """``facts.vision[0]`` for the path ``("facts", "vision", 0)``."""
    text = ""
    for step in path:
        text = _join(text, step)
    return text


def within_limits(data: Any, depth: int = 0) -> bool:
    """Whether ``data`` is certainly within the limits :func:`check_document` checks, held
    ``depth`` levels down in a document: a quick scan that builds no paths. ``False`` means
    "look closer", and the full walk says where."""
    stack: list[tuple[Any, int]] = [((data,), depth - 1)]
    while stack:
        container, depth = stack.pop()
        if depth >= MAX_DEPTH:
            if container:
                return False
            continue
        items: Any = container
        if isinstance(container, dict):
            if getattr(container, "twice", ()):
                return False
            for key in container:
                if type(key) is str and not key.isascii() and text_problem(key):
                    return False
            items = container.values()
        for item in items:
            kind = type(item)
            if kind is str:
                if not item.isascii() and text_problem(item):
                    return False
            elif kind is bool or kind is float or item is None:
                continue
            elif kind is int:
                if not -FEW_DIGITS < item < FEW_DIGITS and _digits(item) > MAX_DIGITS:
                    return False
            elif isinstance(item, dict | list | tuple):
                stack.append((item, depth + 1))
            elif kind is _TooLarge:
                return False
    return True


#: Whole numbers below this in size have fewer digits than any limit: no need to count them
#: (the fast ways of reading evidence take only such numbers).
FEW_DIGITS = 10**15


#: The most limit problems one document's error lists; the rest are counted.
MAX_LIMIT_PROBLEMS = 20


def check_document(data: Any, source: str | None, error: Error = EvidenceError) -> None:
    """Check parsed (or given) data against the limits of the module: raise ``error`` listing,
    in the document's order, each value nested too deeply, each key given twice, each number
    too large and each text that is not valid Unicode, with its path (the first
    :data:`MAX_LIMIT_PROBLEMS`, then how many more)."""
    if within_limits(data):
        return
    problems: list[Problem] = []
    for path, value, depth in walk(data):
        problems.extend(_limit_problems(_path_text(path), value, depth))
    if len(problems) > MAX_LIMIT_PROBLEMS:
        more = len(problems) - MAX_LIMIT_PROBLEMS
        problems[MAX_LIMIT_PROBLEMS:] = [
            Problem("", f"and {more:,} more problems like these; fix these first")
        ]
    if problems:
        raise error(source, problems)


def _limit_problems(path: str, value: Any, depth: int) -> list[Problem]:
    """What is beyond the limits in ``value`` itself (not in what it holds)."""
    kind = type(value)
    if kind is str:
        message = text_problem(value)
        return [Problem(path, message)] if message else []
    if kind is int or kind is _TooLarge:
        digits = value.digits if kind is _TooLarge else _digits(value)
        return [Problem(path, _number_too_large(digits))] if digits > MAX_DIGITS else []
    if not isinstance(value, dict | list | tuple):
        return []
    if depth >= MAX_DEPTH and value:
        return [_too_deep(path)]  # the walk goes no deeper
    if not isinstance(value, dict):
        return []
    found = [
        Problem(_join(path, "<key>"), f"a key is {message}")
        for message in (text_problem(key) for key in value if isinstance(key, str))
        if message
    ]
    found += [
        Problem(_join(path, key), "given twice in one table; keep one")
        for key in getattr(value, "twice", ())
    ]
    return found


def _digits(number: int) -> int:
    """How many decimal digits a whole number has: exact up to four times the limit, beyond it
    an estimate (the true count or one more), as a power of ten that large takes long to make."""
    size = abs(number)
    bits = size.bit_length()
    if bits < 3000:
        return len(str(size))
    estimate = int(bits * 0.30103) + 1  # the true count, or one more
    if estimate > 4 * MAX_DIGITS:
        return estimate
    return estimate if size >= 10 ** (estimate - 1) else estimate - 1
