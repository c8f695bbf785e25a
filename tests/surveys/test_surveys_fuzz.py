"""Any bytes as a survey export or a survey mapping: a result or a clean error (an
IctrulesError), never another exception, and no terminal control character reaches stderr."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import exports
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ictrules import Engine
from ictrules.errors import IctrulesError
from ictrules.surveys import read_surveys

MAX_BYTES = 2000
PIECES = [
    "Timestamp,Email address,Role,",
    exports.VISION,
    exports.GOVERNOR_VISION,
    "2026/06/30 10:15:32 AM GMT+1,",
    "Agree",
    "Strongly agree",
    "Yes",
    "5",
    "Teacher",
    "a@b.example",
    ",",
    '"',
    "\r\n",
    "\n",
    ";",
    "sep=;\n",
]
MAPPINGS = [
    "[groups.staff]\n",
    "size = ",
    "41",
    "-1",
    "files = ['*.csv']\n",
    'role_column = "Role"\n',
    "[[questions]]\n",
    'column = "',
    '"\n',
    'fact = "vision.staff_embrace"\n',
    "[prefer]\n",
    '"vision.staff_embrace" = "survey"\n',
    "confidence = ",
    "0.95\n",
    "1e999\n",
]
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _text(pieces: list[str]) -> st.SearchStrategy[bytes]:
    parts = st.lists(st.sampled_from(pieces) | st.text(max_size=6), max_size=50)
    return st.binary(max_size=MAX_BYTES) | parts.map(lambda chosen: "".join(chosen).encode())


def _read(engine: Engine, export: bytes, suffix: str, mapping: bytes | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"replies{suffix}"
        path.write_bytes(export)
        map_path = None
        if mapping is not None:
            map_path = Path(folder) / "mapping.toml"
            map_path.write_bytes(mapping)
        with contextlib.suppress(IctrulesError):  # a clean error; anything else fails
            read_surveys(engine, [path], map_path)


@FUZZ
@given(raw=_text(PIECES))
def test_csv_exports(engine: Engine, raw: bytes) -> None:
    _read(engine, raw, ".csv")


@FUZZ
@given(raw=st.binary(max_size=MAX_BYTES))
def test_workbooks(engine: Engine, raw: bytes) -> None:
    _read(engine, b"PK\x03\x04" + raw, ".xlsx")


@FUZZ
@given(mapping=_text(MAPPINGS))
def test_mappings(engine: Engine, mapping: bytes) -> None:
    export = (exports.EXAMPLES / "governor-survey.csv").read_bytes()
    _read(engine, export, ".csv", mapping)


@pytest.mark.parametrize("header", ["Role\x1b[31m", "Comment\x07"])
def test_control_characters_from_an_export_are_escaped_on_stderr(
    header: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ictrules.cli import main

    monkeypatch.delenv("ICTRULES_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("ICTRULES_PLUGINS", raising=False)
    path = exports.google_forms_csv(
        tmp_path / "staff.csv", [exports.VISION], [["Agree"]] * 5, extra=[(header, ["x"] * 5)]
    )
    assert main(["survey", str(path), "--as-of", "2026-09-01"]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\x07" not in err
    assert "\\u001b" in err or "\\u0007" in err
