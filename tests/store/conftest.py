"""Store tests share a small inline framework (``store_demo``) with the writer subprocesses."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from store_demo import make_engine

from ictrules import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    """An engine over version 1.0 of the store demo framework."""
    return make_engine("1.0")


@pytest.fixture(scope="session")
def engine_v2() -> Engine:
    """An engine over version 2.0, in which strand b1 changed meaning and s1 was added."""
    return make_engine("2.0")
