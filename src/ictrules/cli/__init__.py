"""The ``ictrules`` command line.

It knows no command of its own: every command comes from a plugin's ``ictrules_commands`` hook
(see :mod:`ictrules.commands`), the core's own from the built-in plugin
:mod:`ictrules.cli._builtin` registered beside the installed ones. :func:`main` finds the
plugins (``--plugin``, ``--disable-plugin`` and the environment are read before the command
line is parsed, so that a local plugin can add a command), builds the parser with each
command's own and shared options, resolves the default ``--as-of`` (today, read once here), runs
the command and turns errors into messages and exit statuses:

* 0: success;
* 1: invalid input (an :class:`~ictrules.IctrulesError`: every problem is printed on stderr,
  one per line, with its file and path);
* 2: usage error (unknown option, bad option value, wrong arguments);
* 3: an internal error (a bug in ictrules or a plugin, such as a derivation that raises; rerun
  with ``--debug``);
* 130: interrupted.

No traceback is shown unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import signal
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .. import _plugins
from ..__about__ import __version__
from .._text import printable
from ..commands import (
    AttachmentSource,
    Command,
    Invocation,
    PluginSettings,
    installed_plugin_names,
    parse_date,
    silence_stdout,
    stdout_failure,
)
from ..errors import IctrulesError, PluginError
from . import _builtin

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["COMMANDS", "build_parser", "main"]

#: The core's command modules, each exposing ``COMMAND``, in the order ``--help`` lists them.
COMMANDS: tuple[ModuleType, ...] = _builtin.MODULES

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def _plugin_settings(argv: Sequence[str]) -> PluginSettings:
    """``--plugin`` and ``--disable-plugin`` wherever they stand, before the full parse."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--plugin", action="append", default=[])
    early.add_argument("--disable-plugin", action="append", default=[])
    known, _ = early.parse_known_args(list(argv))
    return PluginSettings.from_args(known)


def _host(settings: PluginSettings) -> _plugins.PluginHost:
    """The plugins whose commands and attachment options the command line offers."""
    plugins: list[object | tuple[str, object]] = [("ictrules", _builtin)]
    plugins += _plugins.installed_plugins(settings.disabled())
    plugins += settings.plugins()
    return _plugins.PluginHost(plugins)


def _commands(host: _plugins.PluginHost) -> list[tuple[str, Command]]:
    found: dict[str, tuple[str, Command]] = {}
    for plugin, command in host.commands():
        if not isinstance(command, Command):
            raise PluginError(plugin, "ictrules_commands", f"returned {command!r}")
        if command.name in found:
            raise PluginError(
                plugin,
                "ictrules_commands",
                f"command {command.name!r} is also supplied by plugin {found[command.name][0]!r}",
            )
        found[command.name] = (plugin, command)
    return sorted(found.values(), key=lambda item: (item[1].order, item[1].name))


def _sources(host: _plugins.PluginHost) -> list[AttachmentSource]:
    sources = []
    for plugin, source in host.collect("ictrules_attachment_sources"):
        if not isinstance(source, AttachmentSource):
            raise PluginError(plugin, "ictrules_attachment_sources", f"returned {source!r}")
        sources.append(source)
    return sources


def build_parser(
    commands: Sequence[tuple[str, Command]] | None = None,
    sources: Sequence[AttachmentSource] = (),
) -> argparse.ArgumentParser:
    """The top-level parser with one subcommand per ``(plugin, command)`` (by default, those of
    the core and of every installed plugin); ``--help`` names the plugin of each command that
    is not the core's."""
    if commands is None:
        host = _host(PluginSettings())
        commands, sources = _commands(host), _sources(host)
    parser = _Parser(
        prog="ictrules",
        description=(
            "Turn evidence about a school's ICT into explained self-review judgements and "
            "costed refresh plans."
        ),
        epilog="Run 'ictrules COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"ictrules {__version__}")
    _add_debug(parser, top=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for plugin, command in commands:
        where = "" if plugin == "ictrules" else f" [plugin {plugin}]"
        sub = subparsers.add_parser(
            command.name, help=command.help + where, description=command.description
        )
        sub.register("action", None, _StoreOnce)  # every option with one value, a plugin's too
        sub.register("action", "store", _StoreOnce)
        # a negative percentage (--inflation -5%) is a value, as a negative number is to argparse
        sub._negative_number_matcher = _NEGATIVE

        if command.arguments is not None:
            command.arguments(sub)
        _add_shared(sub, command, sources)
        _add_debug(sub, top=False)
        sub.set_defaults(invocation=(command, sub))
    return parser


def _add_debug(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--debug``, accepted before or after the command name."""
    parser.add_argument(
        "--debug",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="show the full traceback when something fails",
    )


def _add_shared(
    parser: argparse.ArgumentParser, command: Command, sources: Sequence[AttachmentSource]
) -> None:
    """The shared options ``command.uses`` asks for, in one order for every command."""
    uses = command.uses
    if "framework" in uses:
        parser.add_argument(
            "--framework", metavar="ID", help="framework id (default: the only one installed)"
        )
    if "as_of" in uses:
        parser.add_argument("--as-of", type=parse_date, metavar="DATE", help=command.as_of_help)
    if "output" in uses:
        if command.formats:
            parser.add_argument(
                "-f",
                "--format",
                choices=command.formats,
                default=command.default_format,
                help=f"output format (default: {command.default_format})",
            )
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
        )
    if "store" in uses:
        parser.add_argument(
            "--store",
            metavar="FILE",
            help="also save each assessment with its evidence to this store (an SQLite file, "
            "created if missing) for 'ictrules history' and 'ictrules cohort'",
        )
    if "attachments" in uses:
        for source in sources:
            source.arguments(parser, command.name)
    if "report" in uses:
        group = parser.add_argument_group("report")
        group.add_argument(
            "--title",
            metavar="TEXT",
            help="the report's title, such as the school's or the trust's name (default: the "
            "school's name)",
        )
        group.add_argument(
            "--template-dir",
            action="append",
            default=[],
            metavar="DIR",
            help="a folder of report templates that replace or extend ictrules' own (HTML and "
            "Markdown; repeatable, the first given wins); see the how-to on restyling reports",
        )
    if "plugins" in uses:
        group = parser.add_argument_group("plugins")
        group.add_argument(
            "--plugin",
            action="append",
            default=[],
            metavar="MODULE",
            help="also load this plugin: a module name or a .py file (repeatable; env "
            "ICTRULES_PLUGINS)",
        )
        group.add_argument(
            "--disable-plugin",
            action="append",
            default=[],
            metavar="NAME",
            help="leave out an installed plugin; 'all' leaves out every one (repeatable; env "
            f"{_plugins.DISABLE_ENV})",
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Ctrl-C at any point exits 130 with one line; run as the ``ictrules`` program (``argv`` not
    given), a further Ctrl-C while it exits is ignored and the process ends at once, so that it
    never ends in a traceback or waits on a stopped worker.
    """
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        if argv is None:
            _ignore_interrupts()
        _error("interrupted")
        if argv is None:
            _exit_now(EXIT_INTERRUPTED)
        return EXIT_INTERRUPTED


def _main(arguments: list[str]) -> int:
    debug = "--debug" in arguments
    try:
        host = _host(_plugin_settings(arguments))
        commands, sources = _commands(host), _sources(host)
    except IctrulesError as exc:
        hint = ""
        if isinstance(exc, PluginError) and exc.plugin in installed_plugin_names():
            hint = (
                f"\nLeave the plugin out with --disable-plugin {exc.plugin} (or "
                f"{_plugins.DISABLE_ENV}={exc.plugin}), or uninstall it."
            )
        if {"-h", "--help", "--version"} & set(arguments) or not arguments:
            # help and the version always work: with the core's commands alone, and a warning
            sys.stderr.write(printable(f"ictrules: warning: {exc}{hint}\n"))
            host = _plugins.PluginHost([("ictrules", _builtin)])
            commands, sources = _commands(host), _sources(host)
        else:
            return _fail(exc, debug, EXIT_INVALID, f"{exc}{hint}")
    parser = build_parser(commands, sources)
    try:
        args, extra = parser.parse_known_args(arguments)
        if extra:  # said by the command's own parser, with its usage, not the top level's
            sub = args.invocation[1] if hasattr(args, "invocation") else parser
            sub.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exit_:  # --help, --version and usage errors, written by argparse
        return _flushed(_code(exit_))
    except OSError as exc:  # help or the version could not be written (see _Parser)
        return _unwritten(exc)
    if getattr(args, "as_of", False) is None:
        args.as_of = dt.date.today()  # the only place ictrules reads the clock
    debug = bool(args.debug)
    command, sub = args.invocation
    chosen = sources if "attachments" in command.uses else ()
    invocation = Invocation(command, args, sub, chosen)
    try:
        status: int = command.run(invocation)
    except SystemExit as exit_:  # a command's parser.error(): a usage error
        return _code(exit_)
    except PluginError as exc:  # a plugin's bug, not the user's input
        if exc.hook in ("import", "register"):  # a plugin that cannot load: invalid input
            return _fail(exc, debug, EXIT_INVALID, f"{exc}")
        return _fail(
            exc,
            debug,
            EXIT_INTERNAL,
            f"{exc}\nThis is a bug in plugin {exc.plugin!r}; rerun with --debug to see the "
            "traceback.",
        )
    except IctrulesError as exc:
        return _fail(exc, debug, EXIT_INVALID, f"{exc}")
    except KeyboardInterrupt as exc:
        if debug:
            traceback.print_exception(exc)
        raise KeyboardInterrupt from None  # main says so, once
    except BrokenPipeError:
        silence_stdout()
        return EXIT_OK  # the reader (head, less) went away: nothing left to say
    except Exception as exc:
        return _fail(
            exc,
            debug,
            EXIT_INTERNAL,
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in ictrules or a plugin; rerun with --debug to see the traceback.",
        )
    return status


#: What argparse takes for a negative number rather than an option: -5, -0.5, and -5% too.
_NEGATIVE = re.compile(r"^-(\d+|\d*\.\d+)%?$")


class _StoreOnce(argparse._StoreAction):
    """An option that takes one value, given once: a second ``--inventory`` would otherwise
    replace the first without a word (argparse keeps the last), and what the first named
    would be silently left out."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        given: set[str] = namespace.__dict__.setdefault("_given_once", set())
        if self.dest in given:
            raise argparse.ArgumentError(
                self,
                f"given twice ({_as_given(getattr(namespace, self.dest))}, then "
                f"{_as_given(values)}): it takes one value; give it once",
            )
        given.add(self.dest)
        super().__call__(parser, namespace, values, option_string)


def _as_given(value: Any) -> str:
    """An option's value as a message quotes it: text in quotes, a date or number as written."""
    return repr(value) if isinstance(value, str) else str(value)


def _fail(exc: BaseException, debug: bool, status: int, message: str) -> int:
    if debug:
        traceback.print_exception(exc)
    _error(message)
    return status


def _exit_now(status: int) -> None:
    """End the program at once: after Ctrl-C, waiting on a worker pool's threads at exit could
    block on a pipe a terminated worker left half-written. Output is flushed first."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


def _ignore_interrupts() -> None:
    with contextlib.suppress(ValueError):  # not the main thread: nothing to do
        signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Parser(argparse.ArgumentParser):
    """argparse's parser, but what it writes (help, the version, a usage error) that cannot
    be written raises, as any output's failure does, where argparse drops the error."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            (file or sys.stderr).write(message)


def _flushed(status: int) -> int:
    """``status``, once what argparse wrote on standard output (help, the version) is out: a
    standard output that cannot take it (a full disk) is an error, as for any output."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        return _unwritten(exc) if status == EXIT_OK else status
    return status


def _unwritten(exc: OSError) -> int:
    """The status when standard output could not be written: none for a reader that went
    away (head), else an error saying why."""
    if isinstance(exc, BrokenPipeError):
        silence_stdout()
        return EXIT_OK
    _error(str(stdout_failure(exc)))
    return EXIT_INVALID


def _code(exit_: SystemExit) -> int:
    code = exit_.code
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_USAGE


def _error(message: str) -> None:
    sys.stderr.write(printable(f"ictrules: error: {message}\n"))
    sys.stderr.flush()
