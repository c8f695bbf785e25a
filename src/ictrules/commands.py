"""Commands: what a plugin adds to the ``ictrules`` command line, and the kit it builds them with.

The command line knows no command of its own: every command, the core's included, comes from a
plugin's ``ictrules_commands`` hook as a :class:`Command`. A command declares the shared options
it needs (:data:`SHARED_OPTIONS`), and the command line adds and resolves them once for every
command: choosing plugins, the framework, ``--as-of`` (default: today), ``--format`` and
``-o``, ``--store``. A command's ``run`` receives an :class:`Invocation` that holds the parsed
arguments and does the shared set-up on demand::

    from ictrules import hookimpl
    from ictrules.commands import Command, Invocation

    def run(call: Invocation) -> int:
        engine = call.engine()                      # the plugins --plugin/--disable-plugin chose
        call.write(f"{len(engine.facts)} facts\\n")  # to -o FILE (atomically) or stdout
        return 0

    @hookimpl
    def ictrules_commands():
        return [Command("count-facts", "count the declared facts", "Count the facts.", run,
                        uses=("plugins", "output"))]

Commands that assess one school (``uses`` holds ``"attachments"``) also take the options of
every :class:`AttachmentSource` a plugin supplies through ``ictrules_attachment_sources``: the
refresh plugin adds ``--inventory`` this way, and its refresh plan to the report.

Errors: raise any :class:`~ictrules.IctrulesError` for bad input (exit status 1, one message per
problem, no traceback), call :meth:`Invocation.usage_error` for a misused option (exit 2).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import importlib.metadata
import importlib.util
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn

import attrs

from . import _calendar, hookspecs
from ._calendar import iso_date
from ._plugins import DISABLE_ENV, disabled_by_environment
from ._text import printable
from .errors import IctrulesError, PluginError, closest

if TYPE_CHECKING:
    from .engine import Engine
    from .frameworks import Framework
    from .reports.templating import ReportTemplates
    from .store import Store

__all__ = [
    "DISABLE_ENV",
    "FORMATS",
    "PLUGINS_ENV",
    "SHARED_OPTIONS",
    "Attachment",
    "AttachmentSource",
    "CliError",
    "Command",
    "Invocation",
    "PluginSettings",
    "ReportSection",
    "add_inputs",
    "build_engine",
    "choose_framework",
    "installed_plugin_names",
    "open_store",
    "parse_date",
    "silence_stdout",
    "stdout_failure",
    "whole_number",
    "write_output",
]

#: Extra plugins to load, comma-separated: module names or paths to ``.py`` files.
PLUGINS_ENV = "ICTRULES_PLUGINS"

#: Report formats, in the order ``--help`` lists them.
FORMATS = ("text", "md", "html", "json", "csv")

#: The shared options a command may ask for, in the order ``--help`` lists them:
#:
#: * ``framework``: ``--framework ID`` (default: the only framework installed);
#: * ``as_of``: ``--as-of DATE`` (default: today, read once by the command line);
#: * ``output``: ``-f/--format`` (the command's ``formats``) and ``-o/--output FILE``;
#: * ``store``: ``--store FILE``, an SQLite store to save assessments to;
#: * ``attachments``: the options of every plugin's :class:`AttachmentSource`;
#: * ``report``: ``--title TEXT`` and ``--template-dir DIR``, for a command that writes a report
#:   (see :meth:`Invocation.templates`);
#: * ``plugins``: ``--plugin MODULE`` and ``--disable-plugin NAME``.
SHARED_OPTIONS = ("framework", "as_of", "output", "store", "attachments", "report", "plugins")


class CliError(IctrulesError):
    """A problem the command line reports in one line (exit status 1): a file it cannot
    write, a framework that is ambiguous, a strand that does not exist."""


def parse_date(text: str) -> dt.date:
    """An ``argparse`` type for every date option (``--as-of``): YYYY-MM-DD, from 1900-01-01
    to 9000-12-31, the dates every command can judge, plan and budget from (outside them a
    usage error, exit 2)."""
    try:
        day = iso_date(text.strip())
    except ValueError:
        hint = _calendar.date_hint(text)  # 2026-02-30: no such day; 15/04/2026: how to write it
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD, got {text!r}{hint}"
        ) from None
    first, last = _calendar.AS_OF_DATES
    if not first <= day <= last:
        raise argparse.ArgumentTypeError(
            f"expected a date from {first.isoformat()} to {last.isoformat()}, got {text.strip()}"
        )
    return day


def whole_number(
    low: int, high: int | None = None, *, wanted: str | None = None
) -> Callable[[str], int]:
    """An ``argparse`` type for a whole number from ``low`` to ``high`` (no upper limit when
    ``None``); ``wanted`` says the range in words for the message (default: ``"0 or more"``,
    ``"1 to 50"``)."""
    words = wanted or (f"{low} or more" if high is None else f"{low} to {high}")

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"expected {words}, got {value}")
        return value

    return parse


def add_inputs(
    parser: argparse.ArgumentParser, name: str, metavar: str, help: str, *, optional: bool = False
) -> None:
    """A positional list of inputs (files, ids): one or more, or with ``optional`` none or
    more."""
    parser.add_argument(name, nargs="*" if optional else "+", metavar=metavar, help=help)


def write_output(text: str | bytes | Iterable[str], output: str | None) -> None:
    """Write ``text`` to a file, or to standard output when ``output`` is ``None`` or ``-``.

    ``text`` is one string, or an iterable of pieces written one after another as they come, so
    that a large output (a refresh plan of a million assets) never has to be held whole.
    A regular file is written whole or not at all: to a temporary file beside it, then
    renamed over it, so a failure part-way (an error raised while the pieces are being made
    included) never leaves an earlier report empty or cut short; the error propagates and the
    temporary file is removed. Standard output and devices receive the pieces as they come.
    A symbolic link is followed (the file it names is replaced, the link stays); a device or a
    named pipe (``/dev/null``, a FIFO) is written in place, never replaced by a file. Raises
    :class:`CliError` naming the file when it cannot be written. Terminal control characters
    and lone surrogates in ``text`` (from names in someone else's file) are written as
    ``\\uXXXX`` escapes (see :func:`ictrules._text.printable`). ``bytes`` (a workbook) are
    written as they are, and never to a terminal.
    """
    if isinstance(text, bytes):
        if output in (None, "-") and sys.stdout.isatty():
            raise CliError("this output is a binary file: write it to a file with -o FILE")
        pieces: Iterable[str | bytes] = (text,)
    else:
        pieces = (text,) if isinstance(text, str) else text
    if output is None or output == "-":
        try:
            for piece in pieces:
                if isinstance(piece, bytes):
                    sys.stdout.flush()
                    sys.stdout.buffer.write(piece)
                    sys.stdout.buffer.flush()
                else:
                    sys.stdout.write(printable(piece))
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # the reader (head, less) went away: not a failure (see ictrules.cli.main)
        except OSError as exc:  # a full disk, a device that refuses: what is left is dropped
            raise stdout_failure(exc) from None
        return
    path = Path(os.path.realpath(output))
    if path.is_dir():
        raise CliError(f"cannot write {output}: it is a folder")
    if path.exists() and not path.is_file():  # a device, a pipe, a socket: write into it
        try:
            with open(path, "wb") as stream:
                for piece in pieces:
                    stream.write(_encoded(piece))
        except OSError as exc:
            raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None
        return
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else "."
        )
        with os.fdopen(handle, "wb") as stream:
            for piece in pieces:
                stream.write(_encoded(piece))
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def stdout_failure(exc: OSError) -> CliError:
    """The error standard output's failure is (a full disk), with what was not written
    dropped (see :func:`silence_stdout`)."""
    silence_stdout()
    return CliError(f"cannot write to standard output: {exc.strerror or exc}")


def silence_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush of what
    could not be written does not fail again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def open_store(path: str) -> Store:
    """Open an existing store to read (a plugin's command reads one too); a missing file is a
    :class:`CliError` that says how to make one."""
    from .store import Store

    if not Path(path).exists():
        raise CliError(
            f"{path}: no such store file (save assessments into one with "
            f"'ictrules assess EVIDENCE --store {path}')"
        )
    return Store(path, create=False, read_only=True)


def _encoded(piece: str | bytes) -> bytes:
    """A piece of output as the bytes written: text made printable, in UTF-8."""
    return piece if isinstance(piece, bytes) else printable(piece).encode("utf-8")


def _frameworks_reading(engine: Engine, path: str) -> list[str]:
    """The frameworks that read every fact the evidence file gives (none when it does not
    load: the command then reports its problems against the framework it asks for)."""
    try:
        given = set(engine.load_evidence(path, sorted(engine.frameworks)[0]).facts)
    except IctrulesError:
        return []
    return [
        framework
        for framework in sorted(engine.frameworks)
        if given <= {spec.id for spec in engine.facts_for(framework)}
    ]


def _same_file(first: str, second: str) -> bool:
    """Whether two paths name one existing regular file (through links, any spelling)."""
    try:
        return os.path.isfile(first) and os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


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
        disable = [*disabled_by_environment(), *getattr(args, "disable_plugin", [])]
        return cls(tuple(extra), tuple(disable))

    def plugins(self) -> list[tuple[str, object]]:
        """The extra plugins, loaded: ``(name, module)``."""
        return [_load_module(spec) for spec in self.extra]

    def disabled(self) -> list[str]:
        """The installed plugin names to leave out (all of them for ``all``); an unknown name
        is a :class:`CliError` with a suggestion."""
        installed = installed_plugin_names()
        if "all" in self.disable:
            return installed
        for name in self.disable:
            if name not in installed:
                hint = closest(name, installed)
                listing = ", ".join(installed) or "none"
                raise CliError(
                    f"cannot disable plugin {name!r}: no such plugin is installed "
                    f"(installed: {listing})" + (f"; {hint}" if hint else "")
                )
        return list(self.disable)


def installed_plugin_names() -> list[str]:
    """The names of the plugins installed in the ``ictrules`` entry-point group, sorted."""
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
    from .engine import Engine

    return Engine.from_installed(disable=settings.disabled(), extra=settings.plugins())


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
        f"several frameworks are installed ({', '.join(known)}): choose one with --framework "
        f"(such as --framework {known[0]})"
    )


# --- commands ----------------------------------------------------------------------------------


@attrs.frozen
class Command:
    """One ``ictrules`` command.

    ``name`` is what users type; ``help`` the line ``ictrules --help`` shows; ``description``
    the paragraph of ``ictrules NAME --help``. ``arguments`` adds the command's own arguments to
    its ``argparse`` parser; ``uses`` names the :data:`SHARED_OPTIONS` it takes; ``formats`` and
    ``default_format`` shape ``--format`` (no ``formats``: ``-o`` alone, for a command with one
    kind of output); ``as_of_help`` says what ``--as-of`` means for it.
    ``run`` does the work and returns the exit status. ``order`` places it in ``--help``
    (lower first; the core's commands use 10 to 90).
    """

    name: str
    help: str
    description: str
    run: Callable[[Invocation], int] = attrs.field(eq=False)
    arguments: Callable[[argparse.ArgumentParser], None] | None = attrs.field(
        default=None, eq=False
    )
    uses: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS
    default_format: str = "text"
    as_of_help: str = "the date the judgement is made on, YYYY-MM-DD (default: today)"
    order: int = 100

    def __attrs_post_init__(self) -> None:
        unknown = [use for use in self.uses if use not in SHARED_OPTIONS]
        if unknown:
            raise ValueError(
                f"command {self.name!r} uses unknown shared options {unknown}; "
                f"choose from {', '.join(SHARED_OPTIONS)}"
            )
        if self.formats and self.default_format not in self.formats:
            raise ValueError(f"command {self.name!r}: default format not among its formats")


@attrs.frozen
class ReportSection:
    """A part a plugin adds to one school's report: ``key`` names it in the JSON report (beside
    ``assessment``), ``data`` is its JSON data, and ``render(format)`` gives it as ``text``,
    ``md`` or ``html`` (an HTML fragment).

    A section that names a ``template`` (an HTML template the plugin ships through the
    ``ictrules_report_templates`` hook) is rendered in HTML through the shared report templates,
    with ``context`` as its variables, so that ``--template-dir`` and authority plugins restyle
    it like the rest of the report; ``render("html")`` is then not called.
    """

    key: str
    data: Any
    render: Callable[[str], str] = attrs.field(eq=False)
    template: str = ""
    context: Mapping[str, Any] = attrs.field(factory=dict, eq=False)

    def html(self, templates: ReportTemplates) -> str:
        """The section as an HTML fragment, through ``templates`` when it names a template."""
        if self.template:
            return templates.render(self.template, **self.context)
        return self.render("html")


@attrs.frozen
class Attachment:
    """What a plugin attaches to one school's assessment from its command-line options:
    ``values`` for derivations (``engine.assess(..., attachments=values)``) and report
    ``sections``."""

    values: Mapping[str, object] = attrs.field(factory=dict)
    sections: tuple[ReportSection, ...] = ()


@attrs.frozen
class AttachmentSource:
    """Options a plugin adds to every command that assesses one school, and what they attach.

    ``option`` is the source's main option (``"--inventory"``); ``arguments(parser, command)``
    adds it and the options that go with it (``command`` is the command's name, so a source may
    add more to one command than another); ``attach(call)`` reads them and returns an
    :class:`Attachment`, or ``None`` when they were not given. It may call
    ``call.usage_error`` for options given without the one they need.
    """

    option: str
    arguments: Callable[[argparse.ArgumentParser, str], None] = attrs.field(eq=False)
    attach: Callable[[Invocation], Attachment | None] = attrs.field(eq=False)

    def given(self, args: argparse.Namespace) -> bool:
        """Whether the source's main option was given."""
        return bool(getattr(args, self.option.lstrip("-").replace("-", "_"), None))


class Invocation:
    """One run of a command: its parsed arguments and the shared set-up, done on demand.

    ``args`` is the ``argparse`` namespace; ``command`` the :class:`Command`; ``as_of`` the
    ``--as-of`` date (today when not given). :meth:`engine` builds the engine once.
    """

    def __init__(
        self,
        command: Command,
        args: argparse.Namespace,
        parser: argparse.ArgumentParser,
        sources: Sequence[AttachmentSource] = (),
    ) -> None:
        self.command = command
        self.args = args
        self.parser = parser
        self.sources = tuple(sources)
        self._engine: Engine | None = None
        self._templates: ReportTemplates | None = None

    @property
    def as_of(self) -> dt.date:
        """The ``--as-of`` date (the command line fills in today when it is not given)."""
        value: dt.date = self.args.as_of
        return value

    @property
    def format(self) -> str:
        """The ``--format`` asked for."""
        return str(self.args.format)

    @property
    def plugin_settings(self) -> PluginSettings:
        """Which plugins ``--plugin``, ``--disable-plugin`` and the environment ask for."""
        return PluginSettings.from_args(self.args)

    def engine(self) -> Engine:
        """The engine over the chosen plugins (built on first use, then kept)."""
        if self._engine is None:
            self._engine = build_engine(self.plugin_settings)
        return self._engine

    def framework(self) -> str:
        """The id of ``--framework``, or of the only framework installed, or of the only one
        whose facts the command's first evidence file reads as (with several installed)."""
        engine, chosen = self.engine(), getattr(self.args, "framework", None)
        if chosen is None and len(engine.frameworks) > 1:
            evidence = getattr(self.args, "evidence", None)
            first = evidence[0] if isinstance(evidence, list) and evidence else evidence
            if isinstance(first, str) and os.path.isfile(first):
                fitting = _frameworks_reading(engine, first)
                if len(fitting) == 1:
                    return fitting[0]
        return choose_framework(engine, chosen).id

    def attachments(self) -> list[Attachment]:
        """What each plugin's attachment options attach, in plugin-name order."""
        found = []
        for source in self.sources:
            attached = source.attach(self)
            if attached is not None:
                found.append(attached)
        return found

    @property
    def title(self) -> str | None:
        """The ``--title`` given (``None`` when not): the report's heading, such as the school's
        or trust's name."""
        title = getattr(self.args, "title", None)
        return " ".join(title.split()) if title else None

    def templates(self) -> ReportTemplates:
        """The report templates in force: each ``--template-dir``, then the folders plugins
        supply through ``ictrules_report_templates`` (plugin-name order), then ictrules' own
        (built on first use, then kept)."""
        if self._templates is None:
            from .reports.templating import ReportTemplates

            folders = getattr(self.args, "template_dir", None) or ()
            self._templates = ReportTemplates.from_engine(self.engine(), folders)
        return self._templates

    def write(self, text: str | bytes | Iterable[str]) -> None:
        """Write the command's output to ``-o FILE`` (atomically) or standard output: one
        string, bytes (a workbook), or an iterable of pieces written as they come (see
        :func:`write_output`). An
        output that is one of the command's own input files is refused (:class:`CliError`):
        a report never replaces the evidence, inventory or strategy it was made from."""
        output = getattr(self.args, "output", None)
        if output not in (None, "-"):
            for name, value in sorted(vars(self.args).items()):
                if name == "output":
                    continue
                for given in value if isinstance(value, (list, tuple)) else [value]:
                    if isinstance(given, str) and _same_file(given, output):
                        raise CliError(
                            f"cannot write {output}: it is an input of this command "
                            f"({given}); choose another output file"
                        )
        write_output(text, output)

    def usage_error(self, message: str) -> NoReturn:
        """Stop with a usage error (exit status 2) for a misused option."""
        self.parser.error(message)
