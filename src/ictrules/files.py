"""Reading JSON, TOML and YAML documents, with parse errors located by line and column.

Public for plugins: a plugin that reads its own input files (the refresh plugin's policy files
and column mappings, an authority's settings) reads them with :func:`read_document` and gets the
same messages, raising its own :class:`~ictrules.errors.InputError` subclass::

    from ictrules.files import read_document
    data = read_document("policies.toml", error=PolicyError)
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from ._convert import structure_with_problems
from .errors import EvidenceError, InputError, Problem

__all__ = ["SUFFIXES", "parse_text", "read_document", "read_model", "structure_model"]

#: File suffixes ictrules reads, and the format each one means.
SUFFIXES = {".json": "json", ".toml": "toml", ".yaml": "yaml", ".yml": "yaml"}

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_document(path: str | Path, error: type[InputError] = EvidenceError) -> Any:
    """Read a JSON, TOML or YAML file (chosen by suffix) into plain Python data.

    Raises ``error`` (an :class:`EvidenceError` by default) naming the file, and the line and
    column of a syntax error.
    """
    path = Path(path)
    source = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise error(source, [Problem("", f"unsupported file type {path.suffix!r}; use {known}")])
    try:
        text = path.read_text(encoding="utf-8-sig")  # Windows editors may add a BOM
    except FileNotFoundError:
        raise error(source, [Problem("", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(source, [Problem("", f"cannot read the file: {exc}")]) from None
    return parse_text(text, kind, source, error)


def parse_text(
    text: str,
    kind: str,
    source: str,
    error: type[InputError] = EvidenceError,
) -> Any:
    """Parse ``text`` as ``kind`` ("json", "toml" or "yaml")."""
    if kind == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno}"
            raise error(source, [Problem(where, f"malformed JSON: {exc.msg}")]) from None
    if kind == "toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            match = _TOML_POSITION.search(message)
            where = f"line {match[1]}, column {match[2]}" if match else ""
            reason = _TOML_POSITION.sub("", message).strip()
            raise error(source, [Problem(where, f"malformed TOML: {reason}")]) from None
    return _parse_yaml(text, source, error)


def _parse_yaml(text: str, source: str, error: type[InputError]) -> Any:
    try:
        import yaml
    except ImportError:
        raise error(
            source,
            [Problem("", "reading YAML needs the optional extra: pip install 'ictrules[yaml]'")],
        ) from None
    try:
        return yaml.safe_load(text)
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
    return structure_model(read_document(path, error), cls, str(path), error)
