"""The pluggy plugin manager behind an engine, with one typed method per hook.

Every hook is called one plugin at a time, in plugin-name order, so that results never depend
on the order plugins were registered in and a plugin that raises is named in the error. Because
of that, pluggy's ordering and wrapping options (``tryfirst``, ``trylast``, ``wrapper``,
``hookwrapper``) have nothing to act on: an implementation that asks for one is refused at
registration with a :class:`~ictrules.PluginError` naming the plugin, rather than ignored.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

from . import hookspecs
from .__about__ import __version__
from .errors import IctrulesError, PluginError, closest

if TYPE_CHECKING:
    from .commands import Command
    from .derivations import Derivation
    from .facts import FactSpec
    from .frameworks import ExtraCriterion, Framework

__all__ = [
    "DISABLE_ENV",
    "PluginHost",
    "disabled_by_environment",
    "installed_plugins",
    "plugin_name",
]

#: Names of installed plugins to leave out, comma-separated; ``all`` leaves out every one.
DISABLE_ENV = "ICTRULES_DISABLE_PLUGINS"

#: pluggy options that one-plugin-at-a-time calling cannot honour.
_REFUSED_OPTIONS = ("wrapper", "hookwrapper", "tryfirst", "trylast")


def disabled_by_environment() -> list[str]:
    """The plugin names :data:`DISABLE_ENV` asks to leave out."""
    return [name.strip() for name in os.environ.get(DISABLE_ENV, "").split(",") if name.strip()]


def plugin_name(plugin: object) -> str:
    """The name a plugin is known by: a module's name, or an object's class name."""
    name = getattr(plugin, "__name__", None)
    if isinstance(name, str):
        return name
    return type(plugin).__qualname__


def installed_plugins(disable: Iterable[str] = ()) -> list[tuple[str, object]]:
    """Load the plugins installed under the ``ictrules`` entry-point group, by entry-point name.

    Names in ``disable``, and in the :data:`DISABLE_ENV` environment variable, are skipped
    (``all`` skips every one). A plugin that fails to import is a :class:`PluginError`.
    """
    asked = [disable] if isinstance(disable, str) else list(disable)  # one name, or several
    entries = sorted(importlib.metadata.entry_points(group=hookspecs.PROJECT), key=_ep_key)
    names = [entry.name for entry in entries]
    for name in asked:
        if name != "all" and name not in names:
            raise PluginError(
                str(name),
                "disable",
                "no installed plugin of this name to leave out; installed: "
                + (", ".join(names) or "none")
                + (f" ({hint})" if (hint := closest(str(name), names)) else ""),
            )
    blocked = {*asked, *disabled_by_environment()}
    found: list[tuple[str, object]] = []
    for entry in entries:
        if entry.name in blocked or "all" in blocked:
            continue
        try:
            found.append((entry.name, entry.load()))
        except Exception as exc:
            raise PluginError(entry.name, "import", f"{type(exc).__name__}: {exc}") from exc
    return found


def _ep_key(entry: importlib.metadata.EntryPoint) -> str:
    return entry.name


def _version_of(plugin: object) -> str:
    version = getattr(plugin, "__version__", None)
    if isinstance(version, str):
        return version
    module = getattr(plugin, "__module__", None) or getattr(plugin, "__name__", "")
    top = str(module).split(".")[0]
    if top.startswith("ictrules"):
        return __version__
    try:
        return importlib.metadata.version(top)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _nearest_hook(name: str, specs: Sequence[str]) -> str | None:
    """The hook a misspelt implementation name most likely meant, comparing the parts after
    the shared ``ictrules_`` prefix (which would make every name look alike)."""
    prefix = hookspecs.PROJECT + "_"
    bare = {spec.removeprefix(prefix): spec for spec in specs}
    matches = difflib.get_close_matches(name.removeprefix(prefix), sorted(bare), n=1, cutoff=0.75)
    return bare[matches[0]] if matches else None


class PluginHost:
    """Registers plugins with a private pluggy manager and calls their hooks one by one."""

    def __init__(self, plugins: Sequence[object | tuple[str, object]]) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.versions: dict[str, str] = {}
        for entry in plugins:
            if isinstance(entry, str):
                raise PluginError(
                    entry,
                    "register",
                    "a plugin is a module or an object with hooks, not its name: import it "
                    "(importlib.import_module), or take the installed ones with "
                    "Engine.from_installed()",
                )
            name, plugin = entry if isinstance(entry, tuple) else (plugin_name(entry), entry)
            if not isinstance(name, str) or not name.strip() or name.strip() != name:
                # pluggy would name a nameless plugin by its memory address, which every
                # criterion's result then carries: output that differs from run to run
                raise PluginError(
                    repr(name),
                    "register",
                    "a plugin's name is text, not empty and without spaces at either end "
                    "(its criteria's results carry it)",
                )
            if self.manager.has_plugin(name) or self.manager.is_registered(plugin):
                raise PluginError(name, "register", "a plugin with this name is registered twice")
            try:
                self.manager.register(plugin, name=name)
            except pluggy.PluginValidationError as exc:
                raise PluginError(name, "register", str(exc)) from exc
            self.versions[name] = _version_of(plugin)
        for impl in self.manager.hook.ictrules_add_hookspecs.get_hookimpls():
            self._call(impl, "ictrules_add_hookspecs", {"pluginmanager": self.manager})
        self._check_implementations()

    def _check_implementations(self) -> None:
        """Refuse hook implementations the host cannot honour: a name that matches no hook
        (misspelt, optional or not), pluggy's ordering and wrapping options, and a plugin that
        implements no hook at all (its functions not marked, or the wrong module given)."""
        specs = sorted(
            name
            for name, caller in vars(self.manager.hook).items()
            if name.startswith(hookspecs.PROJECT) and getattr(caller, "spec", None) is not None
        )
        for name, plugin in sorted(self.manager.list_name_plugin(), key=lambda item: item[0]):
            hooks = 0
            for attribute in sorted(dir(plugin)):
                if not attribute.startswith(hookspecs.PROJECT):
                    continue
                options = self.manager.parse_hookimpl_opts(plugin, attribute)
                if options is None:
                    continue
                hooks += 1
                if attribute not in specs:
                    near = _nearest_hook(attribute, specs)
                    if options.get("optionalhook") and near is None:
                        continue  # a hook of a plugin that is not installed: optional indeed
                    raise PluginError(
                        name,
                        "register",
                        f"{attribute} matches no ictrules hook"
                        + (f" (did you mean {near!r}?)" if near else "; see the hooks reference"),
                    )
                asked = [option for option in _REFUSED_OPTIONS if options.get(option)]
                if asked:
                    raise PluginError(
                        name,
                        attribute,
                        f"{'/'.join(asked)} is not supported: ictrules calls each plugin's hook "
                        "on its own, in plugin-name order, and names the plugin that fails",
                    )
            if not hooks:
                raise PluginError(
                    name,
                    "register",
                    "implements no ictrules hook: mark each hook function with "
                    "@ictrules.hookimpl (see the hooks reference)",
                )

    @property
    def names(self) -> list[str]:
        """Registered plugin names, sorted."""
        return sorted(self.versions)

    # --- one typed method per hook --------------------------------------------------------------

    def facts(self) -> list[tuple[str, FactSpec]]:
        """``(plugin, fact)`` from every ``ictrules_facts``."""
        return self.collect("ictrules_facts")

    def frameworks(self) -> list[tuple[str, Framework]]:
        """``(plugin, framework)`` from every ``ictrules_frameworks``."""
        return self.collect("ictrules_frameworks")

    def criteria(self, frameworks: Mapping[str, Framework]) -> list[tuple[str, ExtraCriterion]]:
        """``(plugin, extra criterion)`` from every ``ictrules_criteria``."""
        return self.collect("ictrules_criteria", frameworks=frameworks)

    def derivations(self, facts: Mapping[str, FactSpec]) -> list[tuple[str, Derivation]]:
        """``(plugin, derivation)`` from every ``ictrules_derivations``."""
        return self.collect("ictrules_derivations", facts=facts)

    def commands(self) -> list[tuple[str, Command]]:
        """``(plugin, command)`` from every ``ictrules_commands``."""
        return self.collect("ictrules_commands")

    def collect(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation of ``hook`` (one of ours, or one a plugin added) and return
        ``(plugin name, item)`` pairs.

        Implementations run in plugin-name order so that results never depend on the order in
        which plugins were registered.
        """
        caller = getattr(self.manager.hook, hook, None)
        if caller is None:
            known = sorted(name for name in vars(self.manager.hook) if not name.startswith("_"))
            raise IctrulesError(
                f"no hook named {hook!r}" + (f" ({hint})" if (hint := closest(hook, known)) else "")
            )
        impls = sorted(caller.get_hookimpls(), key=lambda impl: impl.plugin_name)
        items: list[tuple[str, Any]] = []
        for impl in impls:
            result = self._call(impl, hook, kwargs)
            if result is None:
                continue
            try:
                produced = iter(result)
            except TypeError:
                raise PluginError(
                    impl.plugin_name, hook, f"expected an iterable, got {type(result).__name__}"
                ) from None
            try:  # a generator runs its body now: what it raises is the plugin's too
                items.extend((impl.plugin_name, item) for item in produced)
            except PluginError:
                raise
            except Exception as exc:
                raise PluginError(impl.plugin_name, hook, f"{type(exc).__name__}: {exc}") from exc
        return items

    def _call(self, impl: pluggy.HookImpl, hook: str, kwargs: Mapping[str, Any]) -> Any:
        arguments = {name: kwargs[name] for name in impl.argnames if name in kwargs}
        try:
            return impl.function(**arguments)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(impl.plugin_name, hook, f"{type(exc).__name__}: {exc}") from exc
