"""The one Jinja2 environment every HTML and Markdown report is rendered through.

Templates are looked up in this order, the first found winning:

1. the folders given with ``--template-dir`` (``template_dirs``), in the order given;
2. the folders plugins return from the ``ictrules_report_templates`` hook, in plugin-name order
   (the refresh plugin ships its plan templates this way);
3. the templates that ship with ictrules (:data:`DEFAULT_TEMPLATES`).

A template that replaces one of ictrules' own can extend the original by its name with the
``default:`` prefix (``{% extends "default:base.html" %}``) and override only the blocks it
changes: an authority's name and logo (``brand``), its colours (``extra_style``), a section of
its own (``after_content``). A plugin's original is reached the same way, as
``plugin:NAME:TEMPLATE``.

HTML, SVG and XML templates are autoescaped; Markdown templates (``.md``) escape every value
through the ``md`` filter (:func:`ictrules.reports.markdown.md_escape`). Rendering is a pure
function of the data handed in: no clock, no randomness, no network.

Templates are rendered in Jinja2's immutable sandbox, since a product may take them from a
trust or an authority: a template reads the data it is handed and calls its public methods,
but cannot reach Python's internals (``__globals__``, ``__class__``), call a method that changes
a list or a table, or make a range, a repeated text or a power beyond :data:`_LARGEST`. What it
tries is a :class:`ReportTemplateError` naming the template and the line. The sandbox guards
against code, not against cost: other ways to make a large text (``center(10**9)``, a wide
format) and deep loops remain, so a service rendering templates it did not write renders them
under time and memory limits of its own.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.sandbox

from ..errors import InputError, Problem, closest
from . import _format

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = [
    "DEFAULT_PREFIX",
    "DEFAULT_TEMPLATES",
    "ReportTemplateError",
    "ReportTemplates",
    "default_templates",
    "plugin_template_dirs",
    "render_template",
]

#: The folder of the templates that ship with ictrules (package data).
DEFAULT_TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The prefix that names ictrules' own template even when a folder earlier in the search order
#: replaces it: ``{% extends "default:base.html" %}``.
DEFAULT_PREFIX = "default:"

_HOOK = "ictrules_report_templates"


class ReportTemplateError(InputError):
    """A report template could not be found, read or rendered: ``source`` names the template
    (or the folder), each problem its line."""


def _folder(path: str | Path, what: str) -> Path:
    folder = Path(path)
    if not folder.is_dir():
        reason = "is not a folder" if folder.exists() else "does not exist"
        raise ReportTemplateError(
            str(folder),
            [Problem("", f"{what} {reason}", "give a folder of .html, .md or .css templates")],
        )
    return folder


def plugin_template_dirs(engine: Engine) -> list[tuple[str, Path]]:
    """``(plugin, folder)`` from every plugin's ``ictrules_report_templates`` hook, in
    plugin-name order. A folder that does not exist is a :class:`ReportTemplateError`."""
    found = []
    for plugin, folder in engine.hook(_HOOK):
        found.append((plugin, _folder(folder, f"the template folder of plugin {plugin!r}")))
    return found


class _Loader(jinja2.BaseLoader):
    """Search ``--template-dir`` folders, then plugins' folders, then the defaults; names with
    the ``default:`` prefix go straight to the defaults, ``plugin:NAME:`` to that plugin's."""

    def __init__(
        self, user: Sequence[Path], plugins: Sequence[tuple[str, Path]], defaults: Path
    ) -> None:
        self.defaults = jinja2.FileSystemLoader(str(defaults))
        self.plugins = {name: jinja2.FileSystemLoader(str(folder)) for name, folder in plugins}
        self.chain: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(d)) for d in user]
        self.chain += [jinja2.FileSystemLoader(str(folder)) for _, folder in plugins]
        self.chain.append(self.defaults)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Any]:
        if template.startswith(DEFAULT_PREFIX):
            return self.defaults.get_source(environment, template[len(DEFAULT_PREFIX) :])
        if template.startswith("plugin:"):
            parts = template.split(":", 2)
            found = self.plugins.get(parts[1]) if len(parts) == 3 else None
            if found is None:
                raise jinja2.TemplateNotFound(template)
            return found.get_source(environment, parts[2])
        for loader in self.chain:
            try:
                return loader.get_source(environment, template)
            except jinja2.TemplateNotFound:
                continue
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for loader in self.chain:
            names.update(loader.list_templates())
        return sorted(names)


#: The most items a template may make in one go: a ``range``, a text or list repeated with
#: ``*``, or the size in digits of a ``**`` power (a report's largest table is some thousands).
_LARGEST = 100_000


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, with ``*`` and ``**`` held to :data:`_LARGEST` as ``range``
    is: a template cannot run code or change the data it is given, and the plainest ways to
    ask for a vast text or number are refused (not every way: see the module)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*" and _too_long(left, right):
            raise jinja2.exceptions.SecurityError(
                f"a text or list repeated beyond {_LARGEST} items"
            )
        if operator == "**" and _too_large_power(left, right):
            raise jinja2.exceptions.SecurityError(f"a power beyond {_LARGEST} digits")
        return super().call_binop(context, operator, left, right)


def _too_long(left: Any, right: Any) -> bool:
    """Whether ``left * right`` would repeat a text or a list beyond :data:`_LARGEST` items."""
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(times, int):
            return len(sequence) * times > _LARGEST
    return False


def _too_large_power(left: Any, right: Any) -> bool:
    """Whether ``left ** right`` of whole numbers would have more than :data:`_LARGEST` digits
    (worked out from the exponent, without computing the power)."""
    if not (isinstance(left, int) and isinstance(right, int)) or abs(left) < 2:
        return False
    return right * abs(left).bit_length() * 0.30103 > _LARGEST


def _autoescape(name: str | None) -> bool:
    return name is not None and name.rsplit(".", 1)[-1] in ("html", "htm", "svg", "xml")


class ReportTemplates:
    """The report templates in force: ``template_dirs`` (``--template-dir``) first, then each
    plugin's folders (``plugin_dirs``, as ``(plugin, folder)``), then ictrules' own.

    :meth:`render` renders one template with the data a report hands it. Build one from an
    engine's plugins with :meth:`from_engine`; :func:`default_templates` gives ictrules' own.
    """

    def __init__(
        self,
        template_dirs: Iterable[str | Path] = (),
        plugin_dirs: Iterable[tuple[str, str | Path]] = (),
    ) -> None:
        self.template_dirs = tuple(_folder(d, "template folder") for d in template_dirs)
        self.plugin_dirs = tuple(
            (name, _folder(folder, f"the template folder of plugin {name!r}"))
            for name, folder in plugin_dirs
        )
        self.environment = _Sandbox(
            loader=_Loader(self.template_dirs, self.plugin_dirs, DEFAULT_TEMPLATES),
            autoescape=_autoescape,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
        )
        self.environment.filters.update(_format.FILTERS)
        self.environment.globals.update(_format.GLOBALS)

    @classmethod
    def from_engine(
        cls, engine: Engine, template_dirs: Iterable[str | Path] = ()
    ) -> ReportTemplates:
        """The templates of ``template_dirs``, then of the engine's plugins, then ictrules'."""
        return cls(template_dirs, plugin_template_dirs(engine))

    def with_plugin(self, name: str, folder: str | Path) -> ReportTemplates:
        """These templates, with ``folder`` added as plugin ``name``'s when it is not there yet
        (so a plugin's renderer works when called without an engine)."""
        if any(existing == name for existing, _ in self.plugin_dirs):
            return self
        plugins = sorted([*self.plugin_dirs, (name, Path(folder))], key=lambda item: item[0])
        return ReportTemplates(self.template_dirs, plugins)

    def names(self) -> list[str]:
        """Every template name found, in any folder."""
        return self.environment.list_templates()

    def render(self, name: str, /, **context: Any) -> str:
        """Render template ``name`` with ``context``; any fault is a
        :class:`ReportTemplateError` naming the template and the line."""
        try:
            template = self.environment.get_template(name)
            return template.render(**context)
        except jinja2.TemplateSyntaxError as exc:
            where = exc.filename or exc.name or name
            raise ReportTemplateError(
                where,
                [Problem(f"line {exc.lineno}", exc.message or "syntax error", _syntax_hint(exc))],
            ) from None
        except jinja2.TemplateNotFound as exc:
            missing = exc.name if isinstance(exc.name, str) else name
            raise ReportTemplateError(
                missing,
                [Problem("", "no such template", closest(str(missing), self.names()))],
            ) from None
        except jinja2.UndefinedError as exc:
            raise ReportTemplateError(
                name,
                [
                    Problem(
                        _line(exc) or "",
                        str(exc.message or exc),
                        "see the how-to on restyling reports for what each template is given",
                    )
                ],
            ) from None
        except jinja2.exceptions.SecurityError as exc:
            raise ReportTemplateError(
                name,
                [
                    Problem(
                        _line(exc) or "",
                        f"not allowed in a report template: {exc}",
                        "a template may read what a report hands it and call its public methods, "
                        "nothing else; see the how-to on restyling reports",
                    )
                ],
            ) from None
        except RecursionError:  # {% extends "x.html" %} in x.html itself, or a ring of them
            raise ReportTemplateError(
                self._origin(name),
                [
                    Problem(
                        "",
                        "the template extends or includes itself, directly or through others",
                        f"to build on the one it replaces, extend {self._replaced(name)}",
                    )
                ],
            ) from None
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
            # a mistake in what a template does with a value ({{ money(t.x) }}, {{ 1/0 }})
            raise ReportTemplateError(
                name,
                [
                    Problem(
                        _line(exc) or "",
                        f"{type(exc).__name__}: {exc}",
                        "see the how-to on restyling reports for what each template is given",
                    )
                ],
            ) from None

    def _origin(self, name: str) -> str:
        """The file a template name is read from (its name when none is found)."""
        try:
            _, filename, _ = self.environment.loader.get_source(self.environment, name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            return name
        return filename or name

    def _replaced(self, name: str) -> str:
        """How a template of the same name names the one it replaces: ictrules' own as
        ``default:NAME``, a plugin's as ``plugin:PLUGIN:NAME``."""
        for plugin, folder in self.plugin_dirs:
            if (folder / name).is_file():
                return f"'plugin:{plugin}:{name}'"
        return f"'default:{name}'"


def _syntax_hint(exc: jinja2.TemplateSyntaxError) -> str | None:
    message = exc.message or ""
    if "Unexpected end of template" in message:
        return "a block ({% if %}, {% for %}, {% block %}) is not closed"
    return "see the Jinja2 template documentation"


def _line(exc: BaseException) -> str | None:
    traceback = exc.__traceback__
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename.endswith((".html", ".md", ".css", ".svg")):
            line = f"{traceback.tb_frame.f_code.co_filename} line {traceback.tb_lineno}"
        traceback = traceback.tb_next
    return line


@functools.cache
def default_templates() -> ReportTemplates:
    """ictrules' own templates, with no folder of a user's or a plugin's."""
    return ReportTemplates()


def render_template(name: str, templates: ReportTemplates | None = None, /, **context: Any) -> str:
    """Render ``name`` with ``templates`` (ictrules' own when ``None``)."""
    return (templates or default_templates()).render(name, **context)
