"""The command line over the real installed plugins: the Becta framework and its examples."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
from cli_support import ROOT, Runner, run_subprocess
from html_check import outline

from ictrules import Engine

EXAMPLES = ROOT / "examples"
AS_OF = ("--as-of", "2026-09-01")


@pytest.fixture(autouse=True)
def installed_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests use the installed plugins, not the sample one."""
    monkeypatch.delenv("ICTRULES_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("ICTRULES_PLUGINS", raising=False)
    if "becta-srf" not in Engine.from_installed().frameworks:  # pragma: no cover
        pytest.skip("the Becta plugin is not installed")


def test_typical_school_as_text_in_a_real_process() -> None:
    process = run_subprocess("assess", "examples/typical-school.toml", *AS_OF, sample=False)
    assert process.returncode == 0, process.stderr
    lines = process.stdout.splitlines()
    assert lines[0].startswith("Becta Self-review Framework")
    assert lines[1] == "School: Meadowbank Primary School    As of: 2026-09-01"
    strand_lines = [
        line for line in lines if line[2:5] in {"1a1", "1b3", "1c4"} and "->" not in line
    ]
    assert [line.split()[0] for line in strand_lines] == ["1a1", "1b3", "1c4"]
    assert "Action plan (weakest strand first):" in lines


def test_every_example_school_gives_a_full_html_report(cli: Runner) -> None:
    for example in sorted(EXAMPLES.glob("*-school.toml")):
        result = cli("assess", str(example), *AS_OF, "-f", "html")
        assert result.code == 0, result.err
        page = outline(result.out)
        assert len(page.with_class("article", "strand")) == 12
        assert len(page.with_class("g", "strand-bar")) == 12


def test_the_examples_folder_gives_a_summary(cli: Runner) -> None:
    result = cli("assess", str(EXAMPLES), *AS_OF, "-f", "csv")
    assert result.code == 0, result.err
    rows = result.out.splitlines()
    assert len(rows) == 1 + len(list(EXAMPLES.glob("*.toml")))
    assert rows[0].startswith("school_id,school_name,framework,as_of,1a1,1a2,1b1")


def test_becta_template_loads_empty_and_schema_accepts_the_examples(
    cli: Runner, tmp_path: Path
) -> None:
    template = tmp_path / "blank.toml"
    assert cli("template", "becta-srf", "-o", str(template)).code == 0
    engine = Engine.from_installed()
    assert engine.load_evidence(template).facts == {}
    assert all(len(line) <= 100 for line in template.read_text(encoding="utf-8").splitlines())
    schema = json.loads(cli("schema", "becta-srf").out)
    validator = jsonschema.Draft202012Validator(schema)
    for example in sorted(EXAMPLES.glob("*-school.toml")):
        document = json.loads(
            json.dumps(tomllib.loads(example.read_text(encoding="utf-8")), default=str)
        )
        assert [error.message for error in validator.iter_errors(document)] == []


def test_explain_a_becta_strand(cli: Runner) -> None:
    result = cli("explain", str(EXAMPLES / "typical-school.toml"), "1a1", *AS_OF)
    assert result.code == 0
    assert result.out.startswith("1a1 The vision: level ")
