"""The pluggy plugin manager behind an engine, with one typed call per hook."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pluggy

from . import hookspecs
from .__about__ import __version__
from .errors import PluginError

__all__ = ["PluginHost", "installed_plugins", "plugin_name"]


def plugin_name(plugin: object) -> str:
    """The name a plugin is known by: a module's name, or an object's class name."""
    name = getattr(plugin, "__name__", None)
    if isinstance(name, str):
        return name
    return type(plugin).__qualname__


def installed_plugins(disable: Iterable[str] = ()) -> list[tuple[str, object]]:
    """Load the plugins installed under the ``ictrules`` entry-point group, by entry-point name.

    Names in ``disable`` are skipped. A plugin that fails to import is a :class:`PluginError`.
    """
    blocked = set(disable)
    found: list[tuple[str, object]] = []
    for entry in sorted(importlib.metadata.entry_points(group=hookspecs.PROJECT), key=_ep_key):
        if entry.name in blocked:
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


class PluginHost:
    """Registers plugins with a private pluggy manager and calls their hooks one by one."""

    def __init__(self, plugins: Sequence[object | tuple[str, object]]) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.versions: dict[str, str] = {}
        for entry in plugins:
            name, plugin = entry if isinstance(entry, tuple) else (plugin_name(entry), entry)
            if self.manager.has_plugin(name) or self.manager.is_registered(plugin):
                raise PluginError(name, "register", "a plugin with this name is registered twice")
            try:
                self.manager.register(plugin, name=name)
            except pluggy.PluginValidationError as exc:
                raise PluginError(name, "register", str(exc)) from exc
            self.versions[name] = _version_of(plugin)
        for impl in self.manager.hook.ictrules_add_hookspecs.get_hookimpls():
            self._call(impl, "ictrules_add_hookspecs", {"pluginmanager": self.manager})
        try:
            self.manager.check_pending()
        except pluggy.PluginValidationError as exc:
            culprit = self.manager.get_name(exc.plugin) or plugin_name(exc.plugin)
            raise PluginError(culprit, "register", str(exc)) from exc

    @property
    def names(self) -> list[str]:
        """Registered plugin names, sorted."""
        return sorted(self.versions)

    def collect(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation of ``hook`` and return ``(plugin name, item)`` pairs.

        Implementations run in plugin-name order so that results never depend on the order in
        which plugins were registered.
        """
        caller = getattr(self.manager.hook, hook)
        impls = sorted(caller.get_hookimpls(), key=lambda impl: impl.plugin_name)
        items: list[tuple[str, Any]] = []
        for impl in impls:
            result = self._call(impl, hook, kwargs)
            if result is None:
                continue
            try:
                items.extend((impl.plugin_name, item) for item in result)
            except TypeError:
                raise PluginError(
                    impl.plugin_name, hook, f"expected an iterable, got {type(result).__name__}"
                ) from None
        return items

    def _call(self, impl: pluggy.HookImpl, hook: str, kwargs: Mapping[str, Any]) -> Any:
        arguments = {name: kwargs[name] for name in impl.argnames if name in kwargs}
        try:
            return impl.function(**arguments)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(impl.plugin_name, hook, f"{type(exc).__name__}: {exc}") from exc
