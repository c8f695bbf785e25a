"""What every command shares: options, building the engine, choosing a framework, writing output."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, TypeAlias

import attrs

from .. import hookspecs
from ..engine import Engine
from ..errors import IctrulesError, PluginError, closest
from ..frameworks import Framework

__all__ = [
    "DISABLE_ENV",
    "FORMATS",
    "PLUGINS_ENV",
    "CliError",
    "PluginSettings",
    "Subparsers",
    "add_common_options",
    "add_engine_options",
    "add_output_options",
    "build_engine",
    "choose_framework",
    "parse_date",
    "write_output",
]

#: Names of installed plugins to leave out, comma-separated; ``all`` leaves out every one.
DISABLE_ENV = "ICTRULES_DISABLE_PLUGINS"
#: Extra plugins to load, comma-separated: module names or paths to ``.py`` files.
PLUGINS_ENV = "ICTRULES_PLUGINS"

#: Report formats, in the order ``--help`` lists them.
FORMATS = ("text", "md", "html", "json", "csv")

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class CliError(IctrulesError):
    """A problem the command line reports in one line (exit status 1): a file it cannot
    write, a framework that is ambiguous, a strand that does not exist."""


def parse_date(text: str) -> dt.date:
    """An ``argparse`` type for ``--as-of``: a date as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def add_common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--debug``, accepted before or after the command name."""
    default: Any = False if top else argparse.SUPPRESS
    parser.add_argument(
        "--debug",
        action="store_true",
        default=default,
        help="show the full traceback when something fails",
    )


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """Options that choose the plugins: ``--plugin`` and ``--disable-plugin``."""
    group = parser.add_argument_group("plugins")
    group.add_argument(
        "--plugin",
        action="append",
        default=[],
        metavar="MODULE",
        help=f"also load this plugin: a module name or a .py file (repeatable; env {PLUGINS_ENV})",
    )
    group.add_argument(
        "--disable-plugin",
        action="append",
        default=[],
        metavar="NAME",
        help=f"leave out an installed plugin; 'all' leaves out every one (repeatable; env "
        f"{DISABLE_ENV})",
    )


def add_output_options(
    parser: argparse.ArgumentParser, formats: Sequence[str] = FORMATS, default: str = "text"
) -> None:
    """``--format`` and ``-o/--output``."""
    parser.add_argument(
        "-f",
        "--format",
        choices=formats,
        default=default,
        help=f"output format (default: {default})",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )


def write_output(text: str, output: str | None) -> None:
    """Write ``text`` to a file, or to standard output when ``output`` is ``None`` or ``-``."""
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(output)
    try:
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None


# --- plugins and the engine --------------------------------------------------------------------


def _split(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


@attrs.frozen
class PluginSettings:
    """Which plugins to load, as plain data that can travel to worker processes."""

    extra: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> PluginSettings:
        """The plugins ``--plugin``/``--disable-plugin`` and the environment ask for."""
        extra = [*_split(os.environ.get(PLUGINS_ENV)), *getattr(args, "plugin", [])]
        disable = [*_split(os.environ.get(DISABLE_ENV)), *getattr(args, "disable_plugin", [])]
        return cls(tuple(extra), tuple(disable))


def _installed_names() -> list[str]:
    return sorted({ep.name for ep in importlib.metadata.entry_points(group=hookspecs.PROJECT)})


def _load_module(spec: str) -> tuple[str, ModuleType]:
    if spec.endswith(".py") or os.sep in spec or "/" in spec:
        path = Path(spec)
        if not path.is_file():
            raise CliError(f"plugin file {spec} not found")
        name = path.stem
        module_spec = importlib.util.spec_from_file_location(f"ictrules_local_{name}", path)
        if module_spec is None or module_spec.loader is None:
            raise CliError(f"cannot load plugin file {spec}")
        module = importlib.util.module_from_spec(module_spec)
        try:
            module_spec.loader.exec_module(module)
        except Exception as exc:
            raise PluginError(name, "import", f"{type(exc).__name__}: {exc}") from exc
        return name, module
    try:
        return spec, importlib.import_module(spec)
    except ImportError as exc:
        raise CliError(f"cannot import plugin module {spec!r}: {exc}") from None
    except Exception as exc:
        raise PluginError(spec, "import", f"{type(exc).__name__}: {exc}") from exc


def build_engine(settings: PluginSettings) -> Engine:
    """An engine over the installed plugins, less the disabled ones, plus the extra ones."""
    installed = _installed_names()
    if "all" in settings.disable:
        disable = installed
    else:
        disable = list(settings.disable)
        for name in disable:
            if name not in installed:
                hint = closest(name, installed)
                listing = ", ".join(installed) or "none"
                raise CliError(
                    f"cannot disable plugin {name!r}: no such plugin is installed "
                    f"(installed: {listing})" + (f"; {hint}" if hint else "")
                )
    extra = [_load_module(spec) for spec in settings.extra]
    return Engine.from_installed(disable=disable, extra=extra)


def choose_framework(engine: Engine, framework_id: str | None) -> Framework:
    """The framework asked for, or the only one installed."""
    if framework_id is not None:
        return engine.framework(framework_id)
    known = sorted(engine.frameworks)
    if len(known) == 1:
        return engine.frameworks[known[0]]
    if not known:
        raise CliError(
            "no framework is installed: install a framework plugin (such as ictrules' becta "
            "plugin) or load one with --plugin"
        )
    raise CliError(
        f"several frameworks are installed ({', '.join(known)}): choose one with --framework"
    )
