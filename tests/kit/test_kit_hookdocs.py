"""docs/reference/hooks.md is generated from the hook specifications and must not drift."""

from __future__ import annotations

import types
from pathlib import Path

from ictrules import hookspec, hookspecs
from ictrules.testing import hook_reference, undocumented_hooks
from ictrules.testing.hookdocs import hooks_in

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "hooks.md"


def test_committed_page_matches_the_hookspecs() -> None:
    assert PAGE.read_text(encoding="utf-8") == hook_reference(), (
        "docs/reference/hooks.md is out of date; regenerate it with "
        "`python -m ictrules.testing.hookdocs docs/reference/hooks.md`"
    )


def test_every_hook_is_documented_on_the_page() -> None:
    names = [hook.__name__ for hook in hooks_in()]
    assert names == [
        "ictrules_add_hookspecs",
        "ictrules_facts",
        "ictrules_frameworks",
        "ictrules_criteria",
        "ictrules_derivations",
    ]
    text = PAGE.read_text(encoding="utf-8")
    for name in names:
        assert f"## `{name}`" in text
        assert f"{name}(" in text


def test_every_hook_has_a_docstring() -> None:
    assert undocumented_hooks(hookspecs) == []


def test_an_undocumented_hook_is_caught() -> None:
    module = types.ModuleType("extra_specs")

    @hookspec
    def ictrules_silent(value: int) -> list[int]:
        return []

    module.ictrules_silent = ictrules_silent  # type: ignore[attr-defined]
    assert undocumented_hooks(module) == ["ictrules_silent"]
    assert "ictrules_silent(value: int) -> list[int]" in hook_reference(module)
