"""Properties of the engine, checked with Hypothesis on the demo framework."""

from __future__ import annotations

import datetime as dt
from typing import Any

import cattrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ictrules import (
    BAND_NAMES,
    DEFAULT_BANDS,
    Assessment,
    ConditionError,
    Engine,
    Framework,
    hookimpl,
)
from ictrules.expressions import compile_condition
from ictrules.intervals import normalise

AS_OF = dt.date(2026, 9, 1)
CLARITY = ("absent", "unclear", "clear", "distinctive")
AUDIENCE = ("staff", "governors", "pupils", "parents")

FULL_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "vision.mentions_ict": st.booleans(),
    "vision.clarity": st.sampled_from(CLARITY),
    "staff.embrace": st.one_of(
        st.floats(0, 1, allow_nan=False),
        st.sampled_from(BAND_NAMES),
        st.integers(0, 100).map(lambda n: f"{n}%"),
    ),
    "vision.shared_with": st.lists(st.sampled_from(AUDIENCE), unique=True),
    "review.last": st.dates(dt.date(2015, 1, 1), dt.date(2026, 8, 31)),
    "review.per_year": st.integers(0, 6),
    "budget.share": st.floats(0, 20, allow_nan=False),
    "lead.name": st.sampled_from(["Ms Ali", "nobody", ""]),
}


@st.composite
def full_facts(draw: st.DrawFn) -> dict[str, Any]:
    return {fact: draw(values) for fact, values in FULL_VALUES.items()}


@st.composite
def partial_facts(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """Full facts, and the same with some facts forgotten."""
    full = draw(full_facts())
    kept = draw(st.sets(st.sampled_from(sorted(full))))
    return full, {fact: full[fact] for fact in kept}


@st.composite
def evidence_documents(draw: st.DrawFn) -> dict[str, Any]:
    _, facts = draw(partial_facts())
    document: dict[str, Any] = {"facts": facts}
    if draw(st.booleans()):
        document["school"] = {
            # any text a school's id may be: not empty, no spaces at either end, on one line
            "id": draw(
                st.text(
                    st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1
                ).filter(lambda text: text.strip() == text)
            ),
            "name": draw(st.text(max_size=12)),
        }
    codes = draw(st.sets(st.sampled_from(["v1", "b1"])))
    document["judgements"] = {
        code: {"level": draw(st.sampled_from([1, 2, 3, 4])), "rationale": draw(st.text(max_size=8))}
        for code in codes
    }
    return document


def ranks(framework: Framework, assessment: Assessment, code: str) -> tuple[int, int]:
    result = assessment.strand(code)
    return framework.rank(result.level), framework.rank(result.best_possible)


@given(evidence_documents())
def test_every_strand_gets_a_level_on_the_scale(engine: Engine, document: dict[str, Any]) -> None:
    assessment = engine.assess(document, "demo", as_of=AS_OF)
    framework = engine.framework("demo")
    for result in assessment.strands:
        assert result.level in assessment.scale
        assert result.best_possible in assessment.scale
        low, high = ranks(framework, assessment, result.code)
        assert low <= high
        assert (result.status.value == "determined") == (low == high)


@given(partial_facts())
def test_learning_a_missing_fact_stays_within_the_earlier_range(
    engine: Engine, facts: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    full, partial = facts
    framework = engine.framework("demo")
    before = engine.assess({"facts": partial}, "demo", as_of=AS_OF)
    after = engine.assess({"facts": full}, "demo", as_of=AS_OF)
    for result in after.strands:
        low, high = ranks(framework, before, result.code)
        settled, settled_high = ranks(framework, after, result.code)
        assert settled == settled_high  # full evidence settles every strand
        assert low <= settled <= high


@given(evidence_documents())
def test_serialisation_round_trips(engine: Engine, document: dict[str, Any]) -> None:
    assessment = engine.assess(document, "demo", as_of=AS_OF)
    again = Assessment.from_json(assessment.to_json())
    assert again == assessment
    assert again.to_json() == assessment.to_json()
    evidence = engine.load_evidence(document)
    assert engine.load_evidence(evidence.to_mapping()) == evidence


class Extra:
    """Adds a local criterion to the demo framework."""

    @hookimpl
    def ictrules_criteria(self, frameworks: Any) -> list[Any]:
        from ictrules import Criterion, ExtraCriterion

        return [
            ExtraCriterion(
                "demo",
                "b1",
                2,
                Criterion(
                    "local-1", "'governors' in vision.shared_with", "Governors see it", "Show them"
                ),
            )
        ]


@given(evidence_documents())
def test_results_do_not_depend_on_plugin_order(engine: Engine, document: dict[str, Any]) -> None:
    demo = next(iter(engine.pluginmanager.get_plugins()))
    one = Engine([type(demo)(), Extra()]).assess(document, "demo", as_of=AS_OF)
    other = Engine([Extra(), type(demo)()]).assess(document, "demo", as_of=AS_OF)
    assert one.to_json() == other.to_json()


# --- the evaluator against a reference three-valued evaluation ----------------------------------

F, U, T = 0, 1, 2  # Kleene truth values ordered so that 'and' is min and 'or' is max
TO_TRUTH = {False: F, None: U, True: T}


def _compare(op: str, a: Any, b: Any) -> bool:
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op]


def atom_truth(atom: tuple[str, ...], facts: dict[str, Any]) -> int:
    """A reference evaluation of one comparison, written directly from its meaning."""
    kind = atom[0]
    if kind == "bool":
        value = facts.get("vision.mentions_ict")
        return U if value is None else T if value else F
    if kind == "choice":
        value = facts.get("vision.clarity")
        if value is None:
            return U
        return T if _compare(atom[1], CLARITY.index(value), CLARITY.index(atom[2])) else F
    if kind == "band":
        value = facts.get("staff.embrace")
        if value is None:
            return U
        band = (
            BAND_NAMES.index(value)
            if isinstance(value, str)
            else DEFAULT_BANDS.band_of(float(value))
        )
        return T if _compare(atom[1], band, BAND_NAMES.index(atom[2])) else F
    if kind == "number":
        value = facts.get("review.per_year")
        return U if value is None else T if _compare(atom[1], value, int(atom[2])) else F
    if kind == "member":
        value = facts.get("vision.shared_with")
        return U if value is None else T if atom[1] in value else F
    if kind == "since":
        value = facts.get("review.last")
        if value is None:
            return U
        return T if _compare(atom[1], (AS_OF - value).days / 365.25, float(atom[2])) else F
    raise AssertionError(kind)


def atom_text(atom: tuple[str, ...]) -> str:
    kind = atom[0]
    if kind == "bool":
        return "vision.mentions_ict"
    if kind == "choice":
        return f"vision.clarity {atom[1]} {atom[2]!r}"
    if kind == "band":
        return f"staff.embrace {atom[1]} {atom[2]!r}"
    if kind == "number":
        return f"review.per_year {atom[1]} {atom[2]}"
    if kind == "member":
        return f"{atom[1]!r} in vision.shared_with"
    return f"years_since(review.last) {atom[1]} {atom[2]}"


OPS = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
ATOMS = st.one_of(
    st.just(("bool",)),
    st.tuples(st.just("choice"), OPS, st.sampled_from(CLARITY)),
    st.tuples(st.just("band"), OPS, st.sampled_from(BAND_NAMES)),
    st.tuples(st.just("number"), OPS, st.integers(0, 6).map(str)),
    st.tuples(st.just("member"), st.sampled_from(AUDIENCE)),
    st.tuples(st.just("since"), OPS, st.integers(0, 10).map(str)),
)
TREES = st.recursive(
    ATOMS.map(lambda atom: ("atom", atom)),
    lambda children: st.one_of(
        st.tuples(st.just("not"), children),
        st.tuples(st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=3)),
    ),
    max_leaves=8,
)


def tree_text(tree: Any) -> str:
    if tree[0] == "atom":
        return atom_text(tree[1])
    if tree[0] == "not":
        return f"not ({tree_text(tree[1])})"
    return f" {tree[0]} ".join(f"({tree_text(child)})" for child in tree[1])


def tree_truth(tree: Any, facts: dict[str, Any]) -> int:
    if tree[0] == "atom":
        return atom_truth(tree[1], facts)
    if tree[0] == "not":
        return T - tree_truth(tree[1], facts)
    values = [tree_truth(child, facts) for child in tree[1]]
    return min(values) if tree[0] == "and" else max(values)


@given(TREES, partial_facts())
def test_the_evaluator_agrees_with_a_reference_three_valued_evaluation(
    engine: Engine, tree: Any, facts: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    _, partial = facts
    evidence = engine.load_evidence({"facts": partial})
    condition = compile_condition(tree_text(tree), engine.facts, DEFAULT_BANDS)
    ready = {
        fact: normalise(engine.facts[fact], value, DEFAULT_BANDS)
        for fact, value in evidence.facts.items()
    }
    assert TO_TRUTH[condition.evaluate(ready, AS_OF)] == tree_truth(tree, dict(evidence.facts))


CONDITION_CHARACTERS = st.sampled_from(
    [
        *"abcvisonlr._()[]{}'\"<>=!+-*/ ,:0123456789@#%\\\n",
        "and ",
        "or ",
        "not ",
        "in ",
        "lambda ",
        "__import__",
        "vision.clarity",
        "known(",
        "staff.embrace",
        "'clear'",
        "True",
        "None",
        "yield ",
        "await ",
        "f'",
    ]
)


@given(st.one_of(st.text(max_size=60), st.lists(CONDITION_CHARACTERS, max_size=25).map("".join)))
def test_arbitrary_text_never_executes_or_crashes_the_loader(engine: Engine, text: str) -> None:
    try:
        condition = compile_condition(text, engine.facts, DEFAULT_BANDS)
    except ConditionError as exc:
        assert exc.reason
        assert exc.column >= 0
        return
    assert condition.evaluate({}, AS_OF) in (True, False, None)


@given(evidence_documents())
def test_an_unexplained_assessment_is_the_full_one_without_its_reasons(
    engine: Engine, document: dict[str, Any]
) -> None:
    import attrs

    full = engine.assess(document, "demo", as_of=AS_OF)
    quick = engine.assess(document, "demo", as_of=AS_OF, explain=False)
    stripped = tuple(
        attrs.evolve(result, criteria=(), actions=(), missing=()) for result in full.strands
    )
    assert quick == attrs.evolve(full, strands=stripped)


JSON_DATA = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


#: Characters JSON writers may treat apart: control characters, DEL, C1 and bidirectional
#: controls (escaped), their neighbours and other non-ASCII (not escaped), the line and paragraph
#: separators, the last of the Basic Multilingual Plane, beyond it (in UTF-16 a surrogate
#: pair), lone surrogates (which orjson refuses), and those written with a backslash.
AWKWARD_CHARACTERS = st.sampled_from(
    [chr(code) for code in range(0x20)]
    + ["\x7f", "\x80", "\x9f", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069"]
    + ["\uffff", "\U0001f600", "\U0010ffff", "\u00a3", "\u2019", "\u202f", "\u206a"]
    + ['"', "\\", "/", "\ud800", "\udfff", "\ud83d"]
)
ANY_TEXT = st.text(st.characters() | st.characters(categories=["Cs"]) | AWKWARD_CHARACTERS)
#: Numbers at the edges: beyond 64 bits (which orjson refuses), below 1e-4 in size (which it
#: writes otherwise), very large and very small.
EDGE_NUMBERS = st.sampled_from(
    [2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**40, -(10**40)]
) | st.sampled_from([1e-5, -5e-5, 1.5e-6, 1e-9, 1e-10, 5e-324, 1e-4, 1e16, 1e22, -0.0, 1.7e308])
SORTED_JSON_DATA = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | EDGE_NUMBERS
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.floats(-1e-3, 1e-3)
    | ANY_TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(ANY_TEXT, inner, max_size=5)
    ),
    max_leaves=20,
)


@given(SORTED_JSON_DATA)
@example({"\U0001f600": 0, "\uffff": 1, "\ue000": 2, "é": 3, "z": 4, "Z": 5, "": 6})
@example({"b": [1e-05, 2**64, "\ud800"], "a": {"\x00\x1f\x7f\u2028": -(2**63) - 1}})
def test_sorted_compact_json_is_the_standard_librarys_byte_for_byte(data: Any) -> None:
    """The store's evidence, plugins and dates are written as they always were (its duplicate
    check compares the evidence's text with rows saved by earlier versions): keys sorted by
    code point, non-ASCII as it is, control characters escaped, small floats, huge integers and
    lone surrogates as the standard library writes them."""
    import json

    from ictrules._convert import compact_sorted

    expected = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert compact_sorted(data) == expected


@given(JSON_DATA | SORTED_JSON_DATA)
@example({"a": "Oak \u202etxt.exe", "\x7f\x9b": ["\ud800", "\u2066"]})
def test_json_output_is_the_standard_librarys_with_terminal_controls_escaped(data: Any) -> None:
    """The fast writer changes nothing in what is written (small floats, huge integers and
    lone surrogates included): the standard library's bytes, with every character that
    would control or reorder a terminal as a JSON escape, so the text reads back the same and
    is the same whether the library or the command line writes it."""
    import json

    from ictrules._convert import dumps
    from ictrules._text import printable

    text = dumps(data)
    assert text == printable(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    assert printable(text) == text
    assert json.loads(text) == json.loads(json.dumps(data))


@given(ANY_TEXT)
@example("tab\tnew line\n carriage return\r DEL\x7f")
def test_printable_escapes_exactly_the_unsafe_characters(text: str) -> None:
    """The quick test for plain ASCII agrees with the full one: tab and newline stay, every
    other control character, DEL, C1 controls, bidirectional controls and lone surrogates
    become escapes, and nothing else changes."""
    from ictrules._text import _UNSAFE, printable

    expected = _UNSAFE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)
    assert printable(text) == expected


TEXT_LIKE_NUMBERS = ["e-safety", "1e-5", "0.00001", "1.5e-6", "e-1", "x0.0000"]
SMALL_FLOATS = [1e-5, -5e-5, 1.5e-6, 1e-9, -1e-7, 1e-10, 5e-324, 0.0001, 1e16, 0.5]


@pytest.mark.parametrize("number", SMALL_FLOATS)
@pytest.mark.parametrize("text", TEXT_LIKE_NUMBERS)
def test_json_output_is_the_standard_librarys_with_texts_that_look_like_numbers(
    number: float, text: str
) -> None:
    """Only a float below 1e-4 is written otherwise by orjson, and one is found however the
    texts around it look ("e-safety" beside 1e-05, "0.00001" beside 0.5)."""
    import json

    from ictrules._convert import compact_sorted, dumps

    for data in ([text, number], {text: number}, {"a": [number], text: text}, number):
        assert dumps(data) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        assert compact_sorted(data) == json.dumps(
            data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.text()
        | st.floats(allow_nan=False, allow_infinity=False),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=20,
    )
)
def test_stored_json_reads_back_as_the_same_data(data: object) -> None:
    """What the store compresses (compact JSON, through orjson or the standard library for
    what orjson refuses, such as integers beyond 64 bits) reads back as the same data. Numbers
    are finite: evidence refuses any other."""
    import json

    from ictrules._convert import compact_bytes

    assert json.loads(compact_bytes(data)) == data


def cattrs_as_configured_by_default(value: object) -> object:
    """Plain data as a cattrs converter with no hooks of ours but dates as ISO text gives it:
    what ictrules' converter, tuned for speed, must still give."""
    reference = cattrs.Converter()
    reference.register_unstructure_hook(dt.date, lambda day: day.isoformat())
    return reference.unstructure(value)


@given(evidence_documents())
def test_assessment_data_is_what_cattrs_gives_without_the_speed_hooks(
    engine: Engine, document: dict[str, Any]
) -> None:
    """The speed hooks (tuples, optional and ``Any`` values) change how fast an assessment
    becomes JSON, never what the JSON says."""
    assessment = engine.assess(document, "demo", as_of=AS_OF)
    assert assessment.to_dict() == cattrs_as_configured_by_default(assessment)
