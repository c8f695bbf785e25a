"""Assessment JSON out and back in: the bytes plain cattrs and the standard library give, read
back as plain cattrs reads them, and a fault in a document raises, saying where it is."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ictrules_becta
import ictrules_refresh.plugin
from ictrules import Assessment, Engine
from ictrules._lean import ReadError
from ictrules._text import printable
from ictrules.testing import assessments

AS_OF = dt.date(2026, 9, 1)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCHOOLS = ("weak", "typical", "strong")
ENGINE = Engine([("becta", ictrules_becta), ("refresh", ictrules_refresh.plugin)])

#: cattrs with none of ictrules' hooks (dates as ISO text): what the tuned hooks must match.
REFERENCE = cattrs.Converter()
REFERENCE.register_unstructure_hook(dt.date, lambda day: day.isoformat())
REFERENCE.register_structure_hook(dt.date, lambda text, _: dt.date.fromisoformat(text))


def rendered(assessment: Assessment) -> str:
    """The assessment as ictrules has always written it: plain cattrs' data, written by the
    standard library's encoder (which orjson stands in for byte for byte), with characters
    that would control or reorder a terminal as JSON escapes."""
    data = REFERENCE.unstructure(assessment)
    return printable(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def assert_round_trip(assessment: Assessment) -> None:
    text = assessment.to_json()
    assert text == rendered(assessment)
    again = Assessment.from_json(text)
    assert again == assessment
    assert again == REFERENCE.structure(json.loads(text), Assessment)
    assert again.to_json() == text
    assert Assessment.from_dict(assessment.to_dict()) == assessment


def example(name: str) -> Assessment:
    evidence = ENGINE.load_evidence(EXAMPLES / f"{name}-school.toml")
    return ENGINE.assess(evidence, "becta-srf", as_of=AS_OF)


@pytest.mark.parametrize("school", SCHOOLS)
def test_an_example_school_is_written_as_before_and_read_back(school: str) -> None:
    assert_round_trip(example(school))


@given(assessments(ENGINE, "becta-srf", as_of=st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))))
def test_a_generated_assessment_is_written_as_before_and_read_back(assessment: Assessment) -> None:
    assert_round_trip(assessment)


#: Fact values as JSON data, with what orjson writes otherwise than the standard library or
#: refuses: floats below 1e-4 (0.00001, 1e-9), a lone surrogate, integers beyond 64 bits (which
#: orjson would read back as floats: such text is read by the standard library).
ODD_SCALARS = st.sampled_from([1e-5, -5e-5, 1.5e-6, 1e-9, 1e-10, 1e-300, 1e16, -0.0])
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.integers(-(2**80), 2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | ODD_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


def with_value(assessment: Assessment, value: Any) -> Assessment:
    """The assessment with ``value`` as the value of the first reading of its first criterion
    that reads a fact (and of every reading of that fact, as the engine shares it)."""
    readings = [r for s in assessment.strands for c in s.criteria for r in c.facts]
    fact = readings[0].fact

    def reading(old: Any) -> Any:
        return attrs.evolve(old, value=value) if old.fact == fact else old

    def criterion(old: Any) -> Any:
        return attrs.evolve(old, facts=tuple(reading(r) for r in old.facts))

    strands = tuple(
        attrs.evolve(s, criteria=tuple(criterion(c) for c in s.criteria))
        for s in assessment.strands
    )
    return attrs.evolve(assessment, strands=strands)


@given(st.sampled_from(SCHOOLS), VALUES)
def test_any_fact_value_is_written_as_before_and_read_back(school: str, value: Any) -> None:
    assert_round_trip(with_value(example(school), value))


@pytest.mark.parametrize("value", [1e-5, [0.5, 1.5e-6], {"at_least": 5e-5}, 2**70])
def test_a_value_orjson_writes_otherwise_is_written_by_the_standard_library(value: Any) -> None:
    assessment = with_value(example("typical"), value)
    assert assessment.to_json() == rendered(assessment)
    assert Assessment.from_json(assessment.to_json()) == assessment


def test_a_lone_surrogate_is_written_as_an_escape_and_refused_on_reading_back() -> None:
    """Text that is not valid Unicode (evidence built in Python may hold it; no file ictrules
    reads does) is written as a \\ud800 escape, so writing never fails; reading it back is
    refused with its path, as reading evidence refuses it: a report of it could not be written
    out as UTF-8."""
    assessment = with_value(example("typical"), "\ud800")
    text = assessment.to_json()
    assert text == rendered(assessment)
    assert '"value": "\\ud800"' in text
    with pytest.raises(ReadError) as caught:
        Assessment.from_json(text)
    assert str(caught.value) == (
        "strands[0].criteria[0].facts[0].value: not valid Unicode text (it holds a lone surrogate)"
    )


def test_a_document_without_the_keys_that_have_defaults_reads_as_cattrs_reads_it() -> None:
    """Keys with a default may be left out (as in a document written before they existed)."""
    data = example("strong").to_dict()
    for strand in data["strands"]:
        del strand["judgement"], strand["disagreement"]
        for criterion in strand["criteria"]:
            del criterion["links"]
            for reading in criterion["facts"]:
                del reading["derived_by"], reading["entailed_by"], reading["provenance"]
        for action in strand["actions"]:
            del action["links"]
    assert Assessment.from_dict(data) == REFERENCE.structure(data, Assessment)
    assert Assessment.from_dict(types.MappingProxyType(data)) == Assessment.from_dict(data)


def _reading(data: dict[str, Any]) -> dict[str, Any]:
    reading: dict[str, Any] = data["strands"][0]["criteria"][0]["facts"][0]
    return reading


def _criterion(data: dict[str, Any]) -> dict[str, Any]:
    criterion: dict[str, Any] = data["strands"][0]["criteria"][0]
    return criterion


READING = "strands[0].criteria[0].facts[0]"
CRITERION = "strands[0].criteria[0]"
FAULTS: list[tuple[str, Callable[[dict[str, Any]], object], str]] = [
    ("missing key", lambda d: d.pop("framework"), "missing key 'framework'"),
    ("missing inner key", lambda d: _reading(d).pop("fact"), f"{READING}: missing key 'fact'"),
    ("unknown key", lambda d: d.update(extra=1), "unknown key 'extra'"),
    ("unknown inner key", lambda d: _criterion(d).update(lvel=1), f"{CRITERION}: unknown key"),
    ("number for text", lambda d: _reading(d).update(fact=5), f"{READING}.fact: expected a text"),
    ("text for number", lambda d: _criterion(d).update(level="3"), f"{CRITERION}.level: expected"),
    ("fraction for number", lambda d: _criterion(d).update(level=3.5), f"{CRITERION}.level"),
    ("truth for number", lambda d: _criterion(d).update(level=True), f"{CRITERION}.level"),
    ("text for truth", lambda d: _criterion(d).update(holds="yes"), f"{CRITERION}.holds"),
    ("number in texts", lambda d: _criterion(d).update(links=[1]), f"{CRITERION}.links[0]"),
    ("text for list", lambda d: _reading(d).update(entailed_by="ab"), f"{READING}.entailed_by"),
    ("text for table", lambda d: _criterion(d)["facts"].append("x"), f"{CRITERION}.facts[1]"),
    ("list for tables", lambda d: d.update(strands={}), "strands: expected a list"),
    ("unknown member", lambda d: d["strands"][0].update(status="maybe"), "strands[0].status"),
    ("bad date", lambda d: d.update(as_of="yesterday"), "as_of"),
    ("number in a table", lambda d: d["plugins"].update(becta=1), "plugins.becta"),
    ("list for document", lambda d: d.clear(), "missing key"),
    ("a level twice in the scale", lambda d: d.update(scale=[5, 5, 4, 3, 2, 1]), "scale: a level"),
    (
        "own judgement off the scale",
        lambda d: d["strands"][0].update(judgement={"level": 42, "rationale": ""}),
        "strands[0].judgement.level: 42 is not on the assessment's scale",
    ),
    (
        "best possible below the level",
        lambda d: d["strands"][0].update(level=1, best_possible=5),
        "strands[0].best_possible: the best possible level (5) is below the level proven (1)",
    ),
    (
        "status against the levels",
        lambda d: d["strands"][0].update(level=3, best_possible=2, status="determined"),
        "strands[0].status: expected 'provisional' for level 3 and best possible 2",
    ),
    (
        "next level against the scale",
        lambda d: d["strands"][0].update(
            level=3, best_possible=3, status="determined", next_level=None
        ),
        "strands[0].next_level: expected 2 after level 3",
    ),
    (
        "a next level beyond the top",
        lambda d: d["strands"][0].update(
            level=1, best_possible=1, status="determined", next_level=2
        ),
        "strands[0].next_level: expected none: level 1 is the top of the scale (5, 4, 3, 2, 1), "
        "got 2",
    ),
]


@pytest.mark.parametrize(
    ("change", "where"), [(f, w) for _, f, w in FAULTS], ids=[n for n, _, _ in FAULTS]
)
def test_a_fault_in_a_document_raises_saying_where(
    change: Callable[[dict[str, Any]], object], where: str
) -> None:
    data = example("typical").to_dict()
    change(data)
    with pytest.raises(ValueError, match="^" + re.escape(where)):
        Assessment.from_json(json.dumps(data))


@pytest.mark.parametrize("text", ["[]", '"assessment"', "null", "5"])
def test_a_document_that_is_no_table_raises(text: str) -> None:
    with pytest.raises(ValueError, match="expected a table for Assessment"):
        Assessment.from_json(text)


def test_a_changed_document_is_not_read_as_the_original() -> None:
    data = example("weak").to_dict()
    original = copy.deepcopy(data)
    _reading(data)["value"] = "something else"
    assert Assessment.from_dict(data) != Assessment.from_dict(original)


@pytest.mark.parametrize("value", [2**64, -(2**70), 12345678901234567890123])
def test_a_whole_number_beyond_64_bits_reads_back_whole(value: int) -> None:
    # orjson reads such a number as a float; text that may hold one is read by the standard library
    again = Assessment.from_json(with_value(example("typical"), value).to_json())
    readings = [r for s in again.strands for c in s.criteria for r in c.facts]
    assert type(readings[0].value) is int
    assert readings[0].value == value


def test_json_a_product_did_not_write_is_refused_cleanly() -> None:
    """The embed guide has clients send assessment JSON back: what ictrules never writes is a
    ReadError naming the fault, never a bare RecursionError or AttributeError, and NaN (which
    the standard library reads and JSON does not have) is not taken in."""
    text = example("typical").to_json()
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(ReadError, match="not JSON: nested too deeply to be read"):
        Assessment.from_json(deep)
    with pytest.raises(ReadError, match="not JSON: NaN is not a JSON value"):
        Assessment.from_json(text.replace('"value": "clear"', '"value": NaN', 1))
    with pytest.raises(ReadError, match="expected JSON text \\(str or bytes\\), got NoneType"):
        Assessment.from_json(None)  # type: ignore[arg-type]
    data = json.loads(text)
    data["strands"][2]["level"] = 7
    for read in (
        lambda: Assessment.from_dict(data),
        lambda: Assessment.from_json(json.dumps(data)),
    ):
        with pytest.raises(ReadError) as caught:
            read()
        assert str(caught.value) == (
            "strands[2].level: 7 is not on the assessment's scale (5, 4, 3, 2, 1)"
        )
