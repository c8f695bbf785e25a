"""The strategy tests run from the repository root, with every installed plugin enabled, so
that the worked examples' relative paths (examples/, strategies/, trusts/) read as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("ICTRULES_DISABLE_PLUGINS", raising=False)
