"""The ``ictrules`` command line.

Each command is a module in this package exposing two functions::

    def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
        '''Add the command's parser (with help text and options) and return it.'''

    def run(args: argparse.Namespace) -> int:
        '''Do the work; return the exit status. Raise IctrulesError for invalid input.'''

and is registered by adding it to :data:`COMMANDS`: one import and one line. For example, a
``history`` command lives in ``ictrules/cli/history.py``::

    from ._common import Subparsers, add_engine_options, add_output_options

    def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
        parser = subparsers.add_parser("history", help="...", description="...")
        parser.add_argument("school", metavar="SCHOOL")
        add_output_options(parser)          # --format and -o
        return parser

    def run(args: argparse.Namespace) -> int:
        ...
        write_output(text, args.output)
        return 0

and ``COMMANDS`` gains ``history``. ``--debug`` is added to every command by :func:`main`;
an option named ``--as-of`` (``type=parse_date``, no default) gets today's date. :func:`main`
builds the parser, resolves the default ``--as-of`` (today, read once here), runs the command
and turns errors into messages and exit statuses:

* 0: success;
* 1: invalid input (an :class:`~ictrules.IctrulesError`: every problem is printed on stderr,
  one per line, with its file and path);
* 2: usage error (unknown option, bad option value, wrong arguments);
* 3: an internal error (a bug in ictrules or a plugin; rerun with ``--debug``);
* 130: interrupted.

No traceback is shown unless ``--debug`` is given. Helpers for command modules live in
:mod:`ictrules.cli._common`: ``add_output_options``, ``add_engine_options``, ``build_engine``,
``choose_framework``, ``write_output``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType

from ..__about__ import __version__
from ..errors import IctrulesError
from . import assess, check, cohort, explain, frameworks, history, plan, schema, template
from ._common import add_common_options

__all__ = ["COMMANDS", "build_parser", "main"]

#: The command modules, in the order ``ictrules --help`` lists them.
COMMANDS: tuple[ModuleType, ...] = (
    frameworks,
    template,
    schema,
    assess,
    explain,
    plan,
    check,
    history,
    cohort,
)

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one subcommand per module in :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="ictrules",
        description=(
            "Turn evidence about a school's ICT into explained self-review judgements and "
            "costed refresh plans."
        ),
        epilog="Run 'ictrules COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"ictrules {__version__}")
    add_common_options(parser, top=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        command = module.add_parser(subparsers)
        add_common_options(command, top=False)
        command.set_defaults(run=module.run, parser=command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return _code(exit_)
    if getattr(args, "as_of", False) is None:
        args.as_of = dt.date.today()  # the only place ictrules reads the clock
    debug = bool(args.debug)
    try:
        status: int = args.run(args)
    except SystemExit as exit_:  # a command's parser.error(): a usage error
        return _code(exit_)
    except IctrulesError as exc:
        if debug:
            traceback.print_exc()
        _error(f"{exc}")
        return EXIT_INVALID
    except KeyboardInterrupt:
        if debug:
            traceback.print_exc()
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK  # the reader (head, less) went away: nothing left to say
    except Exception as exc:
        if debug:
            traceback.print_exc()
        _error(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in ictrules or a plugin; rerun with --debug to see the traceback."
        )
        return EXIT_INTERNAL
    return status


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _code(exit_: SystemExit) -> int:
    code = exit_.code
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_USAGE


def _error(message: str) -> None:
    sys.stderr.write(f"ictrules: error: {message}\n")
    sys.stderr.flush()
