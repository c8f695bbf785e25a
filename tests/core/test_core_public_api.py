"""The public API: every exported name has a docstring, and the reference page lists them."""

from __future__ import annotations

import enum
import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_MODULES = [
    "ictrules",
    "ictrules.assessments",
    "ictrules.bands",
    "ictrules.derivations",
    "ictrules.compiled",
    "ictrules.engine",
    "ictrules.entailments",
    "ictrules.errors",
    "ictrules.evidence",
    "ictrules.explanations",
    "ictrules.expressions",
    "ictrules.facts",
    "ictrules.frameworks",
    "ictrules.hookspecs",
    "ictrules.intervals",
    "ictrules.partial",
    "ictrules.schemas",
    "ictrules.surveys",
    "ictrules.surveys.mapping",
    "ictrules.surveys.replies",
    "ictrules.surveys.tally",
    "ictrules.surveys.wilson",
    "ictrules.reports.surveys",
    "ictrules.tables",
    "ictrules.tables.dates",
    "ictrules.store",
]

#: The generated reference pages: the package whose ``__all__`` each lists, its title and the
#: sentence that opens it.
PAGES = {
    "python-api.md": ("ictrules", "Python API", "Everything importable from `ictrules`"),
    "store-api.md": (
        "ictrules.store",
        "Store API",
        "Everything importable from `ictrules.store` (the append-only SQLite store of "
        "assessments, their history and the cohort benchmark)",
    ),
}


CONSTANTS = {
    "BAND_NAMES": "The proportion band names, lowest first.",
    "DEFAULT_BANDS": "The default band thresholds, anchored on Education Scotland's terms.",
    "FrameworkSource": "What tells the store what a framework's strands meant: an `Engine`, "
    "compiled frameworks or a `Framework` (a type alias).",
}


def first_line(obj: object) -> str:
    """The first paragraph of an object's docstring, on one line."""
    doc = (inspect.getdoc(obj) or "").strip()
    return " ".join(doc.split("\n\n")[0].split()) if doc else ""


def render_api_reference(page: str = "python-api.md") -> str:
    """A reference page (see :data:`PAGES`), generated from a package's ``__all__`` and
    docstrings."""
    module_name, title, opening = PAGES[page]
    module = importlib.import_module(module_name)
    lines = [
        f"# {title}",
        "",
        f"{opening}, with the first line of its docstring. This page is generated from the",
        "code (regenerate with `python tests/core/test_core_public_api.py`).",
        "",
        "| name | kind | what it is |",
        "| --- | --- | --- |",
    ]
    for name in sorted(module.__all__, key=str.lower):
        obj = getattr(module, name)
        if name == "__version__":
            lines.append("| `__version__` | str | the version of ictrules |")
            continue
        kind = "class" if inspect.isclass(obj) else "function" if callable(obj) else "constant"
        summary = first_line(obj) if kind != "constant" else CONSTANTS[name]
        lines.append(f"| `{name}` | {kind} | {summary.replace('|', '/')} |")
    lines += ["", "## Classes in full", ""]
    lines += [
        "Each class with its constructor and its public methods and properties, from their",
        "docstrings.",
        "",
    ]
    for name in sorted(module.__all__, key=str.lower):
        obj = getattr(module, name)
        if inspect.isclass(obj):
            lines += _class_section(name, obj)
    return "\n".join(lines).rstrip() + "\n"


def _class_section(name: str, cls: type) -> list[str]:
    lines = [f"### `{name}`", "", _doc(cls), ""]
    if not issubclass(cls, BaseException) and not issubclass(cls, enum.Enum):
        try:
            signature = str(inspect.signature(cls))
        except (TypeError, ValueError):  # pragma: no cover - a builtin signature
            signature = "(...)"
        lines += ["```text", f"{name}{signature.replace(' -> None', '')}", "```", ""]
    for member, value in sorted(vars(cls).items()):
        if member.startswith("_"):
            continue
        if isinstance(value, property):
            doc = inspect.getdoc(value) or ""
            lines.append(f"- `{member}` (property): {' '.join(doc.split())}")
        elif inspect.isfunction(value) or isinstance(value, classmethod | staticmethod):
            function = value.__func__ if isinstance(value, classmethod | staticmethod) else value
            signature = (
                str(inspect.signature(function)).replace("(self, ", "(").replace("(self)", "()")
            )
            doc = " ".join((inspect.getdoc(function) or "").split())
            lines.append(f"- `{member}{signature}`: {doc}")
    return [*lines, ""]


def _doc(obj: object) -> str:
    return " ".join((inspect.getdoc(obj) or "").split())


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_public_name_has_a_docstring(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert first_line(module), f"{module_name} has no module docstring"
    missing = [
        name
        for name in module.__all__
        if (inspect.isclass(getattr(module, name)) or inspect.isfunction(getattr(module, name)))
        and not first_line(getattr(module, name))
    ]
    assert missing == []


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_api_reference_pages_are_current(page: str) -> None:
    path = ROOT / "docs" / "reference" / page
    assert path.read_text(encoding="utf-8") == render_api_reference(page), (
        f"docs/reference/{page} is out of date: regenerate it with "
        "python tests/core/test_core_public_api.py"
    )


if __name__ == "__main__":
    for page in PAGES:
        (ROOT / "docs" / "reference" / page).write_text(
            render_api_reference(page), encoding="utf-8"
        )
