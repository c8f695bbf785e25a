"""Defining a function from Python source ictrules generates (ladders, truth values, the plain
evidence reader, lean converter hooks), with its source registered so that a traceback through
it shows the line."""

from __future__ import annotations

import linecache
from typing import Any

__all__ = ["define"]


def define(name: str, source: str, filename: str, namespace: dict[str, Any]) -> Any | None:
    """The function ``name`` that ``source`` defines, run with ``namespace`` as its globals, or
    ``None`` when Python's compiler cannot take the source (conditions nested beyond about a
    hundred levels, or too large): the caller then takes its general way."""
    try:
        code = compile(source, filename, "exec")
    except (SyntaxError, RecursionError, MemoryError):
        return None
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(code, namespace)
    return namespace[name]
