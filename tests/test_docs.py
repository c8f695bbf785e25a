"""Docs are code: every ```python block in README.md and docs/ runs, top to bottom per file.

Blocks in one file share a namespace and run with the repository root as working directory.
A block whose first line is ``# not-run`` is skipped (for fragments of a larger file).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
PAGES = sorted(
    path
    for path in [ROOT / "README.md", *ROOT.joinpath("docs").rglob("*.md")]
    if BLOCK.search(path.read_text(encoding="utf-8")) and "examples" not in path.parts[-3:-1]
)


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_python_examples_in_docs_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, match in enumerate(BLOCK.finditer(page.read_text(encoding="utf-8")), start=1):
        code = match.group(1)
        if code.lstrip().startswith("# not-run"):
            continue
        line = page.read_text(encoding="utf-8")[: match.start()].count("\n") + 2
        compiled = compile("\n" * (line - 1) + code, str(page), "exec")
        try:
            exec(compiled, namespace)
        except Exception as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{page.name} block {number} (line {line}) raised {exc!r}")
    assert os.getcwd() == str(ROOT)


LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_relative_links_in_the_docs_lead_somewhere() -> None:
    pages = [ROOT / "README.md", *ROOT.joinpath("docs").rglob("*.md")]
    broken = [
        f"{page.relative_to(ROOT)} -> {target}"
        for page in pages
        for target in LINK.findall(page.read_text(encoding="utf-8"))
        if "://" not in target and not (page.parent / target).exists()
    ]
    assert broken == []


TOML_BLOCK = re.compile(r"^```toml\n(.*?)^```", re.S | re.M)


def test_toml_examples_of_evidence_load_against_the_installed_frameworks() -> None:
    """Every TOML example on the evidence-files page is real becta-srf evidence."""
    import tomllib

    from ictrules import Engine

    engine = Engine.from_installed()
    page = ROOT / "docs" / "reference" / "evidence-files.md"
    blocks = TOML_BLOCK.findall(page.read_text(encoding="utf-8"))
    assert len(blocks) >= 3
    for block in blocks:
        evidence = engine.load_evidence(tomllib.loads(block), "becta-srf")
        assert evidence.facts
