"""The layout tells the architecture: no import cycles, the core imports no plugin, and every
public module's ``__all__`` is a chosen list of what it defines."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import ictrules
import ictrules_becta
import ictrules_refresh
import ictrules_strategy

SRC = Path(ictrules.__file__).resolve().parent.parent
PACKAGES = ("ictrules", "ictrules_becta", "ictrules_refresh", "ictrules_strategy")


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in (ictrules, ictrules_becta, ictrules_refresh, ictrules_strategy):
        root = Path(package.__file__).resolve().parent
        found[package.__name__] = root / "__init__.py"
        for info in pkgutil.walk_packages([str(root)], prefix=package.__name__ + "."):
            name = info.name
            relative = name.split(".")[1:]
            path = root.joinpath(*relative)
            found[name] = path / "__init__.py" if info.ispkg else path.with_suffix(".py")
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports at module level (not under TYPE_CHECKING and not
    inside functions): the edges an import cycle would follow."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node) if isinstance(node, ast.If | ast.Try) else [node]:
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - child.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in child.names)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_there_is_no_import_cycle() -> None:
    """Module-level imports form no cycle (a package importing its own submodules aside)."""
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(GRAPH[name]):
            if name.startswith(target + ".") or target.startswith(name + "."):
                continue  # a package and its own submodules
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_core_imports_no_plugin() -> None:
    """ictrules knows no plugin: the Becta and refresh plugins come through entry points."""
    offenders = {
        name: sorted(
            t for t in targets if t.split(".")[0] in ("ictrules_becta", "ictrules_refresh")
        )
        for name, targets in GRAPH.items()
        if name.split(".")[0] == "ictrules"
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_command_line_imports_neither_plugins_nor_the_test_kit() -> None:
    cli = {name: targets for name, targets in GRAPH.items() if name.startswith("ictrules.cli")}
    forbidden = [
        (name, target)
        for name, targets in cli.items()
        for target in targets
        if target.startswith(("ictrules.testing", "ictrules_becta", "ictrules_refresh"))
    ]
    assert forbidden == []


PUBLIC = [
    name
    for name in MODULES
    if not any(part.startswith("_") for part in name.split("."))
    and not name.startswith(("ictrules.cli", "ictrules_becta.docs"))
]


@pytest.mark.parametrize("module_name", PUBLIC)
def test_all_is_what_the_module_defines_publicly(module_name: str) -> None:
    """Every public class and function a module defines is in its ``__all__`` (nothing public
    leaks out unlisted), and everything in ``__all__`` exists."""
    module = importlib.import_module(module_name)
    listed = set(getattr(module, "__all__", ()))
    assert listed, f"{module_name} has no __all__"
    assert all(hasattr(module, name) for name in listed)
    defined = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not (module_name.endswith("hookspecs") and name.startswith("ictrules_"))  # specs
        and (inspect.isclass(value) or inspect.isfunction(value))
        and getattr(value, "__module__", None) == module_name
    }
    assert defined - listed == set(), f"{module_name} defines public names not in __all__"
