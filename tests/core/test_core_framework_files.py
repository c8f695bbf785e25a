"""Framework data files: read from TOML, every fault reported with its path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from ictrules import Engine, FactType, FrameworkError, hookimpl, read_framework_file
from ictrules.errors import MAX_LINE

GOOD = """
id = "mini"
title = "Mini"
version = "1"
source = "written for the tests"
scale = [{ value = 2, label = "low" }, { value = 1, label = "high" }]

[bands]
source = "A stricter survey guide"
lower_bounds = { none = 0.0, few = 0.0, some = 0.2, many = 0.6, most = 0.8, almost_all = 0.95, all = 1.0 }

[[facts]]
id = "plan.staff_share"
type = "proportion"
description = "Staff who know the plan."
question = "What share of staff know the plan?"

[[sections]]
code = "p"
title = "Plan"
[[sections.strands]]
code = "p1"
title = "Plan"
[[sections.strands.levels]]
level = 2
descriptor = "Few know it."
[[sections.strands.levels]]
level = 1
descriptor = "Many know it."
[[sections.strands.levels.criteria]]
id = "p1-1"
condition = "plan.staff_share >= 'many'"
statement = "Many staff know the plan"
action = "Brief the staff"
links = ["https://example.org/plan"]
"""


def test_a_framework_file_loads_and_its_bands_apply(tmp_path: Path) -> None:
    path = tmp_path / "mini.toml"
    path.write_text(GOOD, encoding="utf-8")
    loaded = read_framework_file(path)
    assert loaded.framework.id == "mini"
    assert [fact.id for fact in loaded.facts] == ["plan.staff_share"]
    criterion = loaded.framework.strand("p1").rules_for(1).criteria[0]
    assert criterion.links == ("https://example.org/plan",)

    class Mini:
        @hookimpl
        def ictrules_facts(self):  # type: ignore[no-untyped-def]
            return loaded.facts

        @hookimpl
        def ictrules_frameworks(self):  # type: ignore[no-untyped-def]
            return [loaded.framework]

    import datetime as dt

    engine = Engine([Mini()])
    # 55% is "many" by the default bands but not by this framework's own.
    result = engine.assess({"facts": {"plan.staff_share": 0.55}}, "mini", as_of=dt.date(2026, 1, 1))
    assert result.strand("p1").level == 2


def test_every_fault_in_a_framework_file_is_reported(tmp_path: Path) -> None:
    text = (
        GOOD.replace('source = "written for the tests"', 'source = "x"\ncolour = "red"')
        .replace('type = "proportion"', 'type = "percent"')
        .replace('links = ["https://example.org/plan"]', 'link = "x"')
        .replace("level = 2\n", "level = 3\n")
    )
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as excinfo:
        read_framework_file(path)
    assert [str(problem) for problem in excinfo.value.problems] == [
        "sections[0].strands[0].levels[1].criteria[0]: unknown key 'link' (did you mean 'links'?)",
        "unknown key 'colour'",
        "facts[0].type: unknown value 'percent'; allowed: boolean, integer, number, proportion, "
        "choice, choices, date, text",
    ]
    assert str(excinfo.value).startswith(f"3 problems in {path}:")


def test_structural_faults_are_reported_after_the_shape_is_right(tmp_path: Path) -> None:
    text = GOOD.replace("level = 2\n", "level = 3\n")
    path = tmp_path / "levels.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as excinfo:
        read_framework_file(path)
    assert [str(problem) for problem in excinfo.value.problems] == [
        "strand p1: no descriptor for level(s) [2]",
        "strand p1: level(s) [3] are not on the scale [2, 1]",
    ]


def test_a_malformed_framework_file_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('id = "x"\ntitle = \n', encoding="utf-8")
    with pytest.raises(FrameworkError) as excinfo:
        read_framework_file(path)
    assert [str(p) for p in excinfo.value.problems] == [
        "line 2, column 9: malformed TOML: Invalid value"
    ]


def test_a_condition_error_in_a_framework_file_names_the_file_and_line(tmp_path: Path) -> None:
    from ictrules import Engine, FrameworkError, hookimpl, read_framework_file

    path = tmp_path / "local.toml"
    path.write_text(
        'id = "local"\ntitle = "Local"\nversion = "1"\nsource = "tests"\n'
        'scale = [{ value = 2, label = "low" }, { value = 1, label = "high" }]\n\n'
        '[[facts]]\nid = "local.ready"\ntype = "boolean"\ndescription = "Ready."\n'
        'question = "Ready?"\n\n'
        '[[sections]]\ncode = "s"\ntitle = "S"\n\n'
        '[[sections.strands]]\ncode = "r"\ntitle = "R"\n\n'
        '[[sections.strands.levels]]\nlevel = 2\ndescriptor = "Not yet."\n\n'
        '[[sections.strands.levels]]\nlevel = 1\ndescriptor = "Ready."\n\n'
        '[[sections.strands.levels.criteria]]\nid = "r-ready"\ncondition = "local.redy"\n'
        'statement = "Ready."\naction = "Get ready."\n',
        encoding="utf-8",
    )
    loaded = read_framework_file(path)

    class Local:
        @hookimpl
        def ictrules_facts(self) -> Any:
            return loaded.facts

        @hookimpl
        def ictrules_frameworks(self) -> Any:
            return [loaded.framework]

    with pytest.raises(FrameworkError) as caught:
        Engine([("local", Local())])
    [problem] = caught.value.problems
    line = path.read_text(encoding="utf-8").splitlines().index('id = "r-ready"') + 1
    assert str(problem).endswith(f"({path}, line {line})")
    assert "unknown fact 'local.redy' (did you mean 'local.ready'?)" in str(problem)


def test_the_framework_file_schema_is_current_and_accepts_the_shipped_files() -> None:
    import json
    import tomllib

    import jsonschema

    from ictrules.schemas import framework_file_schema

    root = Path(__file__).resolve().parents[2]
    schema = framework_file_schema()
    committed = json.loads((root / "docs" / "reference" / "framework.schema.json").read_text())
    assert committed == schema, "regenerate docs/reference/framework.schema.json"
    validator = jsonschema.Draft202012Validator(schema)
    for path in [
        root / "src" / "ictrules_becta" / "leadership.toml",
        root
        / "docs/examples/ictrules-example-authority/src/ictrules_example_authority/framework.toml",
    ]:
        document = json.loads(json.dumps(tomllib.loads(path.read_text()), default=str))
        assert [error.message for error in validator.iter_errors(document)] == []
        document["sections"][0]["strands"][0]["monotonic"] = True  # a typo of 'monotone'
        assert [e.message for e in validator.iter_errors(document)] == [
            "Additional properties are not allowed ('monotonic' was unexpected)"
        ]


SURVEYS = """
[[survey_scales]]
name = "teaching"
answers = ["Yes", "No", "I do not teach"]
agree = ["Yes"]
not_applicable = ["I do not teach"]

[[surveys]]
fact = "plan.staff_share"
group = "staff"
question = "I know our plan for ICT."

[[surveys]]
fact = "plan.staff_share"
group = "governors"
question = "I know the school's plan for ICT."
scale = "yes_no"
"""


def _with_surveys(text: str) -> str:
    head, sections = GOOD.split("[[sections]]", 1)
    return head + text + "\n[[sections]]" + sections


def test_survey_questions_and_scales_are_framework_data(tmp_path: Path) -> None:
    path = tmp_path / "mini.toml"
    path.write_text(_with_surveys(SURVEYS), encoding="utf-8")
    framework = read_framework_file(path).framework
    assert framework.survey_groups == ("governors", "staff")
    assert [(q.fact, q.group, q.scale) for q in framework.surveys] == [
        ("plan.staff_share", "staff", "agreement"),
        ("plan.staff_share", "governors", "yes_no"),
    ]
    assert framework.survey_scale("teaching").not_applicable == ("I do not teach",)
    assert framework.survey_scale("agreement").synonyms["5"] == "Strongly agree"


def test_faults_in_survey_questions_are_reported_with_their_paths(tmp_path: Path) -> None:
    text = (
        SURVEYS.replace('agree = ["Yes"]', 'agree = ["Yess"]')
        .replace('scale = "yes_no"', 'scale = "yes_or_no"')
        .replace('group = "governors"', 'group = "Governors"')
        + '\n[[surveys]]\nfact = "plan.staff_share"\ngroup = "staff"\nquestion = "I know our plan for ICT"\n'
    )
    path = tmp_path / "mini.toml"
    path.write_text(_with_surveys(text), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        read_framework_file(path)
    assert [str(problem) for problem in caught.value.problems] == [
        "surveys[1]: group 'Governors' must be a lowercase word such as 'staff' or "
        "'pupils' (letters, digits and '_')"
    ]
    path.write_text(_with_surveys(text.replace('"Governors"', '"governors"')), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        read_framework_file(path)
    assert [str(problem) for problem in caught.value.problems] == [
        "survey_scales[0].agree: 'Yess' is not one of the answers (did you mean 'Yes'?)",
        "surveys[1].scale: unknown scale 'yes_or_no'; built in: agreement, yes_no, "
        "yes_not_sure_no, or declare it in survey_scales (did you mean 'yes_no'?)",
        "surveys[2]: plan.staff_share is asked of staff twice",
        "surveys[2].question: staff are asked this question for another fact too: word each "
        "question of a group differently",
    ]


def test_a_survey_measures_a_declared_proportion_fact(tmp_path: Path) -> None:
    text = SURVEYS.replace(
        'fact = "plan.staff_share"\ngroup = "governors"',
        'fact = "plan.staf_share"\ngroup = "governors"',
    )
    path = tmp_path / "mini.toml"
    path.write_text(_with_surveys(text), encoding="utf-8")
    loaded = read_framework_file(path)
    lying = attrs.evolve(loaded.facts[0], type=FactType.NUMBER)

    class Mini:
        @hookimpl
        def ictrules_facts(self) -> Any:
            return [lying]

        @hookimpl
        def ictrules_frameworks(self) -> Any:
            return [loaded.framework]

    with pytest.raises(FrameworkError) as caught:
        Engine([("mini", Mini())])
    assert [str(p) for p in caught.value.problems if "surveys" in p.path] == [
        "plugin 'mini', framework mini, surveys[0].fact: plan.staff_share is a number fact; a "
        "survey measures a share, so its fact must be a proportion",
        "plugin 'mini', framework mini, surveys[1].fact: unknown fact id (did you mean "
        "'plan.staff_share'?)",
    ]


def test_a_fact_limit_no_float_can_hold_is_a_framework_problem(tmp_path: Path) -> None:
    """A maximum of 400 nines loaded, then reading a bound on the fact crashed with
    OverflowError (it is compared as a float)."""
    declared = (
        '[[facts]]\nid = "plan.rooms"\ntype = "integer"\ndescription = "Rooms."\n'
        f'question = "How many rooms?"\nmaximum = {"9" * 400}\n\n[[facts]]\nid = "plan.staff_share"'
    )
    path = tmp_path / "huge.toml"
    path.write_text(GOOD.replace('[[facts]]\nid = "plan.staff_share"', declared), encoding="utf-8")
    with pytest.raises(FrameworkError) as excinfo:
        read_framework_file(path)
    assert [str(problem) for problem in excinfo.value.problems] == [
        "facts[0]: fact 'plan.rooms': minimum and maximum must be below 1e308"
    ]


def test_many_unknown_keys_in_one_table_are_named_as_far_as_the_line_shows(
    tmp_path: Path,
) -> None:
    """Each unknown key was named, with a suggestion worked out, however many there were
    (a line cut at MAX_LINE showed only the first). Then ten were named and the rest counted,
    which hid a typo's suggestion behind 'and 6 more' on a line of 160 characters: the keys
    are named, with suggestions, as far as the line has room."""
    extra = "\n".join(f"a{n:02d} = 1" for n in range(30)) + '\nquestoin = "x"'
    text = GOOD.replace('type = "proportion"\n', f'type = "proportion"\n{extra}\n')
    path = tmp_path / "many.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as excinfo:
        read_framework_file(path)
    named = ", ".join(f"'a{n:02d}'" for n in range(30))
    assert [str(problem) for problem in excinfo.value.problems] == [
        f"facts[0]: unknown keys {named}, 'questoin' (did you mean 'question'?)"
    ]
    flood = "\n".join(f"key{n:06d} = 1" for n in range(100_000))
    path.write_text(GOOD.replace('type = "proportion"\n', f'type = "proportion"\n{flood}\n'))
    with pytest.raises(FrameworkError) as excinfo:
        read_framework_file(path)
    (line,) = [str(problem) for problem in excinfo.value.problems]
    assert line.startswith("facts[0]: unknown keys 'key000000', 'key000001', ")
    assert len(line) <= MAX_LINE
    assert line.endswith(" more")
    assert ", and 99," in line
