"""``ictrules template`` and ``ictrules schema``: blank evidence that loads, and its JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import cli_sample_plugin
import jsonschema
import pytest
from cli_support import Runner

from ictrules import Engine, Status
from ictrules.templates import evidence_schema, evidence_template

FILL_LINE = re.compile(r"^# ([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+) =$", re.M)

#: A TOML value for every sample fact, as a school filling the template would write it.
ANSWERS = {
    "vision.mentions_ict": "true",
    "vision.clarity": '"compelling"',
    "staff.embrace": '"most"',
    "vision.shared_with": '["staff", "governors"]',
    "vision.last_reviewed": "2026-03-01",
    "review.interval": "12",
    "budget.ict_share": "4.5",
    "budget.notes": '"Our ICT budget"',
    "budget.renewal_planned": '{ value = true, source = "document", date = 2026-04-01 }',
}


@pytest.fixture
def engine() -> Engine:
    return Engine([cli_sample_plugin])


def test_blank_template_loads_as_nothing_known(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "blank.toml"
    path.write_text(evidence_template(engine, "sample-srf"), encoding="utf-8")
    evidence = engine.load_evidence(path)
    assert (evidence.facts, evidence.judgements, evidence.school) == ({}, {}, None)


def test_template_lists_every_fact_once_with_question_and_allowed_values(engine: Engine) -> None:
    text = evidence_template(engine, "sample-srf")
    listed = FILL_LINE.findall(text)
    assert sorted(listed) == sorted(spec.id for spec in engine.facts_for("sample-srf"))
    assert len(listed) == len(set(listed))
    block = text.split("# vision.mentions_ict =")[0].rsplit("\n\n", 1)[1]
    assert "# How clearly does the vision say what ICT is for?" in text
    assert "# Type: choice: one of absent, vague, clear, compelling (lowest first)" in text
    assert "# Type: integer, in months: a whole number" in text
    assert block.splitlines()[0] == "# Does the written vision mention ICT?"
    assert "# Can be derived by the cli_sample_plugin plugin when left empty" in text
    assert all(len(line) <= 100 for line in text.splitlines())


def test_template_groups_facts_by_section_in_reading_order(engine: Engine) -> None:
    text = evidence_template(engine, "sample-srf")
    assert text.index("# A Vision") < text.index("# B Budget")
    listed = FILL_LINE.findall(text)
    assert listed[:3] == ["vision.mentions_ict", "vision.clarity", "staff.embrace"]
    assert listed[-3:] == ["budget.ict_share", "budget.notes", "budget.renewal_planned"]


def _fill(template: str) -> str:
    filled = FILL_LINE.sub(lambda m: f"{m[1]} = {ANSWERS[m[1]]}", template)
    filled = filled.replace("# [school]\n", "[school]\n")
    filled = filled.replace('# id = "URN 100000"', 'id = "URN 100000"')
    filled = filled.replace('# name = "Hillside Primary"', 'name = "Hillside Primary"')
    return re.sub(r"# (\[judgements\.a2\][^\n]*)\n# level =", r"\1\nlevel = 2", filled)


def test_filled_template_assesses_every_strand(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "filled.toml"
    path.write_text(_fill(evidence_template(engine, "sample-srf")), encoding="utf-8")
    evidence = engine.load_evidence(path)
    assert len(evidence.facts) == len(ANSWERS)
    assert evidence.school is not None
    assert evidence.school.name == "Hillside Primary"
    assert evidence.judgements["a2"].level == 2
    assessment = engine.assess(evidence, "sample-srf", as_of=dt.date(2026, 9, 1))
    assert all(result.status is Status.DETERMINED for result in assessment.strands)
    assert [result.level for result in assessment.strands] == [1, 1, 1]


def test_template_command_writes_a_file_and_will_not_overwrite_it(
    cli: Runner, tmp_path: Path
) -> None:
    target = tmp_path / "evidence.toml"
    first = cli("template", "sample-srf", "-o", str(target))
    assert (first.code, first.out, first.err) == (0, "", "")
    assert tomllib.loads(target.read_text(encoding="utf-8")) == {"facts": {}}
    target.write_text("[facts]\nvision.mentions_ict = true\n", encoding="utf-8")
    again = cli("template", "sample-srf", "-o", str(target))
    assert again.code == 1
    assert again.err == (
        f"ictrules: error: {target} already exists and may hold answers; use --force to "
        "overwrite it\n"
    )
    assert "vision.mentions_ict = true" in target.read_text(encoding="utf-8")
    assert cli("template", "sample-srf", "-o", str(target), "--force").code == 0
    assert "# vision.mentions_ict =" in target.read_text(encoding="utf-8")


def test_template_of_unknown_framework(cli: Runner) -> None:
    result = cli("template", "samplesrf")
    assert result.code == 1
    assert "unknown framework 'samplesrf'" in result.err
    assert "(did you mean 'sample-srf'?)" in result.err


# --- the JSON Schema -----------------------------------------------------------------------


@pytest.fixture
def validator(engine: Engine) -> jsonschema.Draft202012Validator:
    schema = evidence_schema(engine, "sample-srf")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _errors(validator: jsonschema.Draft202012Validator, document: Any) -> list[str]:
    return sorted(
        "/".join(str(part) for part in error.absolute_path)
        for error in validator.iter_errors(document)
    )


def test_schema_accepts_what_the_loader_accepts(
    validator: jsonschema.Draft202012Validator, engine: Engine
) -> None:
    document = cli_sample_plugin.full_evidence()
    engine.load_evidence(document)
    assert _errors(validator, document) == []
    dotted = {"facts": {"vision.clarity": "vague", "staff.embrace": None, "review.interval": 3}}
    assert _errors(validator, dotted) == []
    assert _errors(validator, {}) == []


def test_schema_rejects_what_the_loader_rejects(
    validator: jsonschema.Draft202012Validator, engine: Engine
) -> None:
    document = {
        "school": {"name": "no id"},
        "facts": {
            "vision": {"clarity": "blurry", "shared_with": ["nobody"]},
            "staff.embrace": "150%",
            "budget.notes": {"value": "x", "source": "rumour"},
            "review.interval": 2.5,
            "nothing.here": True,
        },
        "judgements": {"a1": {"level": 7}, "zz": {"level": 1}},
        "extra": 1,
    }
    assert _errors(validator, document) == [
        "",
        "facts",
        "facts/budget.notes",
        "facts/review.interval",
        "facts/staff.embrace",
        "facts/vision/clarity",
        "facts/vision/shared_with",
        "judgements",
        "judgements/a1/level",
        "school",
    ]


def test_schema_annotates_facts_for_form_builders(engine: Engine) -> None:
    schema = evidence_schema(engine, "sample-srf")
    clarity = schema["$defs"]["facts"]["vision.clarity"]
    assert clarity["description"] == "How clearly does the vision say what ICT is for?"
    assert clarity["x-ictrules"] == {
        "type": "choice",
        "allowed": "one of absent, vague, clear, compelling (lowest first)",
        "ordered": True,
        "read_by": ["a1"],
    }
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$defs"]["judgement"]["properties"]["level"]["enum"] == [4, 3, 2, 1]


def test_schema_command_prints_the_schema(cli: Runner, engine: Engine) -> None:
    result = cli("schema", "sample-srf")
    assert result.code == 0
    assert json.loads(result.out) == evidence_schema(engine, "sample-srf")


@pytest.mark.parametrize("installed", [False, True])
def test_provenance_example_in_the_header_names_a_real_fact(
    engine: Engine, installed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The header once showed `staff.embrace_vision`, a fact no framework declares: a school
    # copying the example got "unknown fact id".
    monkeypatch.delenv("ICTRULES_DISABLE_PLUGINS")
    engine = Engine.from_installed() if installed else engine
    framework = "becta-srf" if installed else "sample-srf"
    template = evidence_template(engine, framework)
    example = template.split("for example:\n#   ", 1)[1].split("\n", 1)[0]
    fact = example.split(" = ", 1)[0]
    assert fact in {spec.id for spec in engine.facts_for(framework)}
    path = tmp_path / "school.toml"
    path.write_text(template.replace("[facts]\n", f"[facts]\n{example}\n", 1), encoding="utf-8")
    evidence = engine.load_evidence(path)
    assert list(evidence.facts) == [fact]
    assert evidence.provenance[fact].source == "survey"
