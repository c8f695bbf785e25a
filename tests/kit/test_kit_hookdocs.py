"""docs/reference/hooks.md is generated from the hook specifications and must not drift."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import ictrules_refresh.plugin
from ictrules import hookimpl, hookspec, hookspecs
from ictrules.testing import hook_reference, undocumented_hooks
from ictrules.testing.hookdocs import added_hookspecs, hooks_in

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "hooks.md"


def test_committed_page_matches_the_hookspecs() -> None:
    assert PAGE.read_text(encoding="utf-8") == hook_reference([ictrules_refresh.plugin]), (
        "docs/reference/hooks.md is out of date; regenerate it with "
        "`python -m ictrules.testing.hookdocs docs/reference/hooks.md --plugin ictrules_refresh.plugin`"
    )


def test_the_refresh_plugins_hook_is_documented() -> None:
    [specs] = added_hookspecs([ictrules_refresh.plugin])
    assert [hook.__name__ for hook in hooks_in(specs)] == [
        "ictrules_refresh_policies",
        "ictrules_refresh_layouts",
    ]
    assert undocumented_hooks(specs) == []
    assert "### `ictrules_refresh_policies`" in PAGE.read_text(encoding="utf-8")
    assert "### `ictrules_refresh_layouts`" in PAGE.read_text(encoding="utf-8")


def test_every_hook_is_documented_on_the_page() -> None:
    names = [hook.__name__ for hook in hooks_in()]
    assert names == [
        "ictrules_add_hookspecs",
        "ictrules_facts",
        "ictrules_frameworks",
        "ictrules_criteria",
        "ictrules_derivations",
        "ictrules_commands",
        "ictrules_attachment_sources",
        "ictrules_report_templates",
    ]
    text = PAGE.read_text(encoding="utf-8")
    for name in names:
        assert f"### `{name}`" in text
        assert f"{name}(" in text


def test_every_hook_has_a_docstring() -> None:
    assert undocumented_hooks(hookspecs) == []


def test_hooks_a_plugin_adds_get_their_own_section() -> None:
    specs = types.ModuleType("extra_specs")

    @hookspec
    def ictrules_silent(value: int) -> list[int]:
        return []

    specs.ictrules_silent = ictrules_silent  # type: ignore[attr-defined]

    class AddsHooks:
        @hookimpl
        def ictrules_add_hookspecs(self, pluginmanager: Any) -> None:
            pluginmanager.add_hookspecs(specs)

    assert added_hookspecs([AddsHooks()]) == [specs]
    assert undocumented_hooks(specs) == ["ictrules_silent"]
    page = hook_reference([AddsHooks()])
    assert "## Hooks added by a plugin (`extra_specs`)\n" in page
    assert "### `ictrules_silent`\n\n```text\nictrules_silent(value: int) -> list[int]\n```" in page
    regenerate = "python -m ictrules.testing.hookdocs docs/reference/hooks.md --plugin "
    assert f"Regenerate: {regenerate}{AddsHooks.__qualname__} -->" in page
