"""Fixtures for the survey tests: the installed plugins' engine, and the example exports."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent / "cli"):  # the export writers, and the HTML checker
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from ictrules import Engine  # noqa: E402


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The Becta and refresh plugins, as installed."""
    return Engine.from_installed()
