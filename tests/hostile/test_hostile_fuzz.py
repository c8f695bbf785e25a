"""Any bytes, to every loader (issue 13): a result or a clean error (an IctrulesError), never
another exception. Inputs are bounded in size; the ``ci`` profile bounds the examples."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ictrules import Engine
from ictrules.errors import IctrulesError
from ictrules.frameworks import read_framework_file
from ictrules_refresh import load_inventory
from ictrules_refresh.policies import load_policies

MAX_BYTES = 2000
PIECES = {
    "json": ['{"', '":', "[", "]", "{", "}", ",", "1e999", "-", "9" * 50, '"\\ud800"', "null"],
    "toml": ["[a]\n", "a.b = ", "1979-05-27", "[[x]]\n", '"', "'''", "inf", "nan", "\n", "0x"],
    "yaml": ["&a [", "*a", "]", ": ", "- ", "\n  ", "!!python/object", "2020-02-31", "<<: "],
    "csv": ["id,name,category,purchase_date,quantity,purchase_cost\n", ",", '"', "\r\n"],
}
IDS = ["school", "facts", "id", "vision.ict_clarity", "assets", "categories", "laptop"]


def _documents(kind: str) -> st.SearchStrategy[bytes]:
    text = st.lists(st.sampled_from(PIECES[kind] + IDS) | st.text(max_size=8), max_size=60)
    return st.binary(max_size=MAX_BYTES) | text.map(lambda parts: "".join(parts).encode())


def _loads(read: Callable[[Path], Any], suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data[:MAX_BYTES] if suffix != ".xlsx" else data)
        with contextlib.suppress(IctrulesError):  # a clean error; anything else fails
            read(path)


FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("suffix", [".json", ".toml", ".yaml"])
@FUZZ
@given(data=st.data())
def test_evidence_files(engine_with_becta: Engine, suffix: str, data: st.DataObject) -> None:
    raw = data.draw(_documents(suffix[1:]))
    _loads(engine_with_becta.load_evidence, suffix, raw)


@pytest.mark.parametrize("suffix", [".csv", ".json", ".toml", ".yaml"])
@FUZZ
@given(data=st.data())
def test_inventories(suffix: str, data: st.DataObject) -> None:
    raw = data.draw(_documents("csv" if suffix == ".csv" else suffix[1:]))
    _loads(load_inventory, suffix, raw)


@FUZZ
@given(raw=st.binary(max_size=MAX_BYTES))
def test_workbooks(raw: bytes) -> None:
    _loads(load_inventory, ".xlsx", b"PK\x03\x04" + raw)


@pytest.mark.parametrize("suffix", [".json", ".toml", ".yaml"])
@FUZZ
@given(data=st.data())
def test_policy_files(suffix: str, data: st.DataObject) -> None:
    _loads(load_policies, suffix, data.draw(_documents(suffix[1:])))


@pytest.mark.parametrize("suffix", [".json", ".toml", ".yaml"])
@FUZZ
@given(data=st.data())
def test_framework_files(suffix: str, data: st.DataObject) -> None:
    _loads(read_framework_file, suffix, data.draw(_documents(suffix[1:])))
