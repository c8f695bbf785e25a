"""The store's public API: every exported name is documented and the package exports it."""

from __future__ import annotations

import importlib
import inspect

import pytest

import ictrules.store

MODULES = [
    "ictrules.store",
    "ictrules.store.cohort",
    "ictrules.store.database",
    "ictrules.store.errors",
    "ictrules.store.progress",
    "ictrules.store.records",
    "ictrules.store.render",
    "ictrules.store.versions",
]


@pytest.mark.parametrize("module_name", MODULES)
def test_store_every_public_name_has_a_docstring(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert (module.__doc__ or "").strip(), f"{module_name} has no module docstring"
    undocumented = [
        name
        for name in module.__all__
        if (inspect.isclass(getattr(module, name)) or inspect.isfunction(getattr(module, name)))
        and not (inspect.getdoc(getattr(module, name)) or "").strip()
    ]
    assert undocumented == []


@pytest.mark.parametrize("module_name", MODULES[1:])
def test_store_package_exports_every_public_name(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert set(module.__all__) <= set(ictrules.store.__all__)
