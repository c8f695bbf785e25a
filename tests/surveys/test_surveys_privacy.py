"""Personal data stays out: the exports hold e-mail addresses, names and free-text comments,
and none of them reaches the evidence, a report, the JSON, the store or the messages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import exports
import pytest

from ictrules import Engine
from ictrules.surveys import read_surveys

FILES, MAPPING, SCHOOL = exports.FILES, exports.MAPPING, exports.SCHOOL

PERSONAL = [
    "@meadowbank.example",
    "Staff Member",
    "More laptops for year 4",
    "filtering blocks a science site",
    "Training on the parent app",
    "Year 3",
]


def test_names_addresses_and_written_answers_never_go_forward(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The exports hold e-mail addresses, names and free-text comments: none of them reaches
    the evidence, any report format, the JSON, the store, or the messages."""
    from ictrules.cli import main

    survey = read_surveys(engine, FILES, MAPPING)
    texts = [survey.to_toml(), repr(survey.to_dict()), repr(survey.evidence)]
    store = tmp_path / "store.sqlite"
    arguments = [
        "assess",
        str(SCHOOL),
        *(item for path in FILES for item in ("--survey", str(path))),
        "--survey-mapping",
        str(MAPPING),
        "--as-of",
        "2026-09-01",
    ]
    for fmt in ("text", "md", "html", "json", "csv"):
        out = tmp_path / f"report.{fmt}"
        assert main([*arguments, "-f", fmt, "-o", str(out), "--store", str(store)]) == 0
        texts.append(out.read_text(encoding="utf-8"))
    survey = ["survey", *map(str, FILES), "--mapping", str(MAPPING), "--as-of", "2026-09-01"]
    assert main([*survey, "-f", "json"]) == 0
    captured = capsys.readouterr()
    texts += [captured.out, captured.err]
    connection = sqlite3.connect(store)
    try:
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            texts.extend(repr(row) for row in connection.execute(f'SELECT * FROM "{name}"'))
    finally:
        connection.close()
    texts.append(store.read_bytes().decode("utf-8", "replace"))
    leaked = [
        (word, index) for index, text in enumerate(texts) for word in PERSONAL if word in text
    ]
    assert leaked == []
    assert any("28 of 41 staff replied (68%); 19 agree" in text for text in texts[3:8])
