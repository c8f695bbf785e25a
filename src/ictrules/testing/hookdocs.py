"""The hook reference page, generated from the hook specifications so the two cannot drift.

``docs/reference/hooks.md`` is the output of :func:`hook_reference`; a test fails when the
committed page differs or when a hook has no docstring. Regenerate the page with::

    python -m ictrules.testing.hookdocs docs/reference/hooks.md
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from .. import hookspecs

__all__ = ["hook_reference", "hooks_in", "main", "undocumented_hooks"]

_FIELD = re.compile(r"^:(param (?P<name>\w+)|return):\s*(?P<text>.*)$")


def hooks_in(module: ModuleType | None = None) -> list[Callable[..., Any]]:
    """The hook specifications a module defines, in the order it defines them."""
    source = module or hookspecs
    marker = f"{hookspecs.PROJECT}_spec"
    return [
        value
        for value in vars(source).values()
        if inspect.isfunction(value) and hasattr(value, marker)
    ]


def undocumented_hooks(module: ModuleType | None = None) -> list[str]:
    """Names of hooks that have no docstring."""
    return [hook.__name__ for hook in hooks_in(module) if not inspect.getdoc(hook)]


def _signature(hook: Callable[..., Any]) -> str:
    annotations = hook.__annotations__
    params = [
        f"{name}: {annotations[name]}" if name in annotations else name
        for name in inspect.signature(hook).parameters
    ]
    result = annotations.get("return", "None")
    return f"{hook.__name__}({', '.join(params)}) -> {result}"


def _markdown(doc: str) -> list[str]:
    """A docstring as Markdown: ``code`` becomes `code`, fields become a list."""
    lines: list[str] = []
    fields: list[str] = []
    for raw in doc.replace("``", "`").splitlines():
        match = _FIELD.match(raw.strip())
        if match:
            name = match.group("name")
            label = f"`{name}`" if name else "Returns"
            fields.append(f"- {label}: {match.group('text')}")
        elif fields and raw.startswith(" ") and raw.strip():
            fields[-1] += " " + raw.strip()
        else:
            lines.append(raw)
    while lines and not lines[-1].strip():
        lines.pop()
    if fields:
        lines.extend(["", *fields])
    return lines


def hook_reference(module: ModuleType | None = None, *, title: str = "Hook reference") -> str:
    """The Markdown reference of every hook in ``module`` (the core's hook specifications)."""
    source = module or hookspecs
    name = source.__name__
    lines = [
        f"# {title}",
        "",
        f"<!-- Generated from `{name}` by `ictrules.testing.hook_reference()`; do not edit.",
        "     Regenerate: python -m ictrules.testing.hookdocs docs/reference/hooks.md -->",
        "",
        "A plugin implements any of these hooks as functions of the same name marked with",
        "`ictrules.hookimpl`; every hook returns an iterable. See",
        "[Write a framework plugin](../how-to/write-a-framework-plugin.md) for a worked example.",
        "",
    ]
    for hook in hooks_in(source):
        options = getattr(hook, f"{hookspecs.PROJECT}_spec")
        lines += [f"## `{hook.__name__}`", "", "```text", _signature(hook), "```", ""]
        if options.get("historic"):
            lines += [
                "*Historic*: a plugin registered later is still called with the same arguments.",
                "",
            ]
        lines += [*_markdown(inspect.getdoc(hook) or "(undocumented)"), ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the hook reference to the path given, or print it."""
    args = list(sys.argv[1:] if argv is None else argv)
    text = hook_reference()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
