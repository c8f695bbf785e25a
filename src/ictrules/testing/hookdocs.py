"""The hook reference page, generated from the hook specifications so the two cannot drift.

``docs/reference/hooks.md`` is the output of :func:`hook_reference`; a test fails when the
committed page differs or when a hook has no docstring. Regenerate the page with::

    python -m ictrules.testing.hookdocs docs/reference/hooks.md
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from .. import hookspecs
from .._plugins import plugin_name

__all__ = ["added_hookspecs", "hook_reference", "hooks_in", "main", "undocumented_hooks"]

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
    """Names of hooks in ``module`` (the core's hook specifications) that have no docstring."""
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


def added_hookspecs(plugins: Sequence[object]) -> list[ModuleType]:
    """Modules of hook specifications that ``plugins`` add through ``ictrules_add_hookspecs``."""
    from ..engine import Engine

    manager = Engine(list(plugins)).pluginmanager
    found: dict[str, ModuleType] = {}
    for caller in vars(manager.hook).values():
        spec = getattr(caller, "spec", None)
        namespace = getattr(spec, "namespace", None)
        if isinstance(namespace, ModuleType) and namespace is not hookspecs:
            found[namespace.__name__] = namespace
    return [found[name] for name in sorted(found)]


def _section(module: ModuleType, level: str) -> list[str]:
    lines: list[str] = []
    for hook in hooks_in(module):
        options = getattr(hook, f"{hookspecs.PROJECT}_spec")
        lines += [f"{level} `{hook.__name__}`", "", "```text", _signature(hook), "```", ""]
        if options.get("historic"):
            lines += [
                "*Historic*: a plugin registered later is still called with the same arguments.",
                "",
            ]
        lines += [*_markdown(inspect.getdoc(hook) or "(undocumented)"), ""]
    return lines


def hook_reference(plugins: Sequence[object] = ()) -> str:
    """The Markdown reference of every core hook and of the hooks ``plugins`` add."""
    names = " ".join(f"--plugin {plugin_name(plugin)}" for plugin in plugins)
    command = f"python -m ictrules.testing.hookdocs docs/reference/hooks.md {names}".strip()
    lines = [
        "# Hook reference",
        "",
        "<!-- Generated from the hook specifications by `ictrules.testing.hook_reference()`; do",
        f"     not edit. Regenerate: {command} -->",
        "",
        "A plugin implements any of these hooks as functions of the same name marked with",
        "`ictrules.hookimpl`; every hook returns an iterable. See",
        "[Write a framework plugin](../how-to/write-a-framework-plugin.md) for a worked example.",
        "",
        "## How hooks are called",
        "",
        "- Each hook is called **one plugin at a time, in plugin-name order**, whatever order the",
        "  plugins were registered in: results never depend on registration order, and a plugin",
        "  that raises is named in the `PluginError`.",
        "- pluggy's ordering and wrapping options (`tryfirst`, `trylast`, `wrapper`,",
        "  `hookwrapper`) have nothing to act on under that rule, so an implementation that asks",
        "  for one is **refused at registration** with a `PluginError` naming the plugin and the",
        "  hook, never silently ignored.",
        "- An `ictrules_*` function marked `@hookimpl` that matches no hook is refused with a",
        "  suggestion (`ictrules_fact` -> `ictrules_facts`). `@hookimpl(optionalhook=True)` is",
        "  for a hook another plugin adds (the refresh plugin's `ictrules_refresh_policies`): it",
        "  is left alone while that plugin is not installed, unless its name is a near miss of a",
        "  hook that exists.",
        "- `ICTRULES_DISABLE_PLUGINS` (comma-separated entry-point names, or `all`) leaves",
        "  installed plugins out, for `Engine.from_installed` and the command line alike.",
        "",
        f"## Core hooks (`{hookspecs.__name__}`)",
        "",
        *_section(hookspecs, "###"),
    ]
    for module in added_hookspecs(plugins):
        lines += [
            f"## Hooks added by a plugin (`{module.__name__}`)",
            "",
            "These exist only when the plugin that adds them is installed: implement them with",
            "`@hookimpl(optionalhook=True)` so that your plugin still loads without it.",
            "",
            *_section(module, "###"),
        ]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the hook reference to the path given, or print it."""
    parser = argparse.ArgumentParser(
        prog="python -m ictrules.testing.hookdocs", description="Write the hook reference page."
    )
    parser.add_argument("path", nargs="?", help="the page to write (default: print it)")
    parser.add_argument(
        "--plugin",
        action="append",
        default=[],
        metavar="MODULE",
        help="also document the hooks this plugin module adds (repeatable)",
    )
    args = parser.parse_args(argv)
    text = hook_reference([importlib.import_module(name) for name in args.plugin])
    if args.path:
        Path(args.path).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
