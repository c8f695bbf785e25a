"""The generated reader of plain fact values is a fast path only: whatever it accepts, the
general reader reads to the same checked values, and a document read with it gives the same
evidence, or the same problems, as one read without it."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictrules import EvidenceError, FactSpec
from ictrules.bands import BAND_NAMES
from ictrules.evidence import Evidence, School, Vocabulary, read_evidence
from ictrules.testing.builders import fact

_CHOICES = ("low", "mid", "high", "top")
#: Text that once marked a number too large: a document may hold it, as text like any other.
_MARKER = "\x00ictrules-number-too-large:"

#: Facts of every type, one and several levels deep, some sharing a namespace, some with limits.
FACTS = [
    fact("site.flag", "boolean"),
    fact("kit.count", "integer", minimum=0, maximum=500),
    fact("kit.age", "number", minimum=-1.5),
    fact("kit.share", "proportion"),
    fact("kit.deep.mode", "choice", choices=_CHOICES),
    fact("kit.deep.uses", "choices", choices=_CHOICES),
    fact("plan.reviewed", "date"),
    fact("plan.note", "text"),
    fact("plan.open", "integer"),
]
SPECS = {spec.id: spec for spec in FACTS}

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**17), max_value=10**17),
    st.sampled_from([0, 1, 2, -1, 500, 501, 10**15, -(10**15)]),
    st.floats(),  # nan and infinities included
    st.sampled_from([0.0, -0.0, 1.0, 0.5, 1.5, -1.5, -1.6, 3.0]),
    st.sampled_from(
        [*_CHOICES, *BAND_NAMES, "Most", " most", "60%", "2026-04-15", " 2026-04-15", "20260415"]
    ),
    st.sampled_from(["plain", "caf\u00e9", "\ud800", _MARKER + "1200", ""]),
    st.text(max_size=6),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1)),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2040, 1, 1)),
    st.lists(st.sampled_from([*_CHOICES, "other", 1]), max_size=5),
    st.lists(st.sampled_from(_CHOICES), max_size=3).map(tuple),
    st.just([["low"]]),  # an item that cannot be hashed
    st.fixed_dictionaries({"value": st.sampled_from([True, 3, "mid"])}),
    st.fixed_dictionaries({"at_least": st.sampled_from([1, 0.2, "low"])}),
)


def _usual(spec: FactSpec) -> st.SearchStrategy[Any]:
    """Values in the forms a fact of ``spec``'s type usually takes, in range or near it."""
    kind = spec.type.value
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(min_value=-2, max_value=502)
    if kind == "number":
        return st.one_of(st.integers(-3, 3), st.floats(min_value=-2.0, max_value=1e6))
    if kind == "proportion":
        return st.one_of(
            st.floats(min_value=0.0, max_value=1.0), st.sampled_from([0, 1, *BAND_NAMES])
        )
    if kind == "choice":
        return st.sampled_from(_CHOICES)
    if kind == "choices":
        return st.lists(st.sampled_from(_CHOICES), max_size=5)
    if kind == "date":
        return st.one_of(st.dates(), st.dates().map(dt.date.isoformat))
    return st.text(max_size=8)


def _spell(draw: st.DrawFn, facts: dict[Any, Any], fact_id: str, values: Any) -> None:
    """Put a value drawn from ``values`` in ``facts`` under one spelling of ``fact_id``: its
    full id, or tables for its first parts (unless a table on the way is a value already)."""
    parts = fact_id.split(".")
    cut = draw(st.integers(min_value=1, max_value=len(parts)))
    table = facts
    for part in parts[: cut - 1]:
        table = table.setdefault(part, {})
        if not isinstance(table, dict):
            return
    table[".".join(parts[cut - 1 :])] = draw(values)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A facts table: some facts, each under a dotted key or in nested tables, now and then
    an unknown key or the same fact spelt two ways."""
    facts: dict[str, Any] = {}
    for spec in draw(st.lists(st.sampled_from(FACTS), max_size=len(FACTS), unique=True)):
        usual = draw(st.integers(0, 4))  # four in five in a usual form
        _spell(draw, facts, spec.id, _usual(spec) if usual else _VALUES)
    if draw(st.booleans()) and draw(st.booleans()):
        facts[draw(st.sampled_from(["site.flg", "kit.cont", "plan"]))] = draw(_VALUES)
    if draw(st.booleans()) and draw(st.booleans()):
        facts.setdefault("kit", {})
        if isinstance(facts["kit"], dict):
            facts["kit"]["count"] = 3
            facts["kit.count"] = 4
    return facts


def _general(vocabulary: Vocabulary) -> Vocabulary:
    """The same vocabulary with its fast path turned off."""
    general = Vocabulary(vocabulary.facts)
    general.read_plain = lambda _: None
    return general


def _typed(values: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    return {key: (type(value), value) for key, value in values.items()}


def _outcome(data: dict[str, Any], vocabulary: Vocabulary, checked: bool) -> Any:
    try:
        evidence = read_evidence(data, vocabulary, "doc", None, checked=checked)
    except EvidenceError as error:  # the same problems, in the same order
        return [(problem.path, problem.message, problem.suggestion) for problem in error.problems]
    seen = (evidence.source, evidence.has_partial, type(evidence.school))
    keys = sorted(((type(key), key) for key in evidence.facts), key=repr)  # ids of one type
    return evidence, _typed(dict(evidence.facts)), seen, keys


VOCABULARY = Vocabulary(SPECS)
GENERAL = _general(VOCABULARY)


@given(documents())
def test_what_the_fast_path_reads_is_what_the_general_reader_reads(facts: dict[str, Any]) -> None:
    read = VOCABULARY.read_plain(facts)
    if read is not None:
        fast, rest = read
        try:
            general = dict(read_evidence({"facts": facts}, GENERAL, "doc", None).facts)
        except EvidenceError:  # a value handed back is at fault, and only such a value
            assert rest
            return
        assert _typed(fast) == _typed({key: general[key] for key in fast})
        assert {fact for fact, _ in rest} | set(fast) >= set(general)
        assert not any(isinstance(value, float) and math.isnan(value) for value in fast.values())


#: School ids and names near what the quick path takes, and what it leaves to the general way.
_IDS = st.one_of(
    st.sampled_from(["URN 1", " URN 1", "URN 1 ", "", " ", "URN\n1", "URN\t1", "\u00e9cole"]),
    st.sampled_from([1, 0, -5, 10**15, 10**16, True, 1.5, None, dt.date(2026, 1, 1)]),
    st.text(max_size=4),
)
_NAMES = st.one_of(st.just("Hill"), st.sampled_from(["", "\ud800", "caf\u00e9", 3, None]))


@st.composite
def whole_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A document around a facts table: a school table now and then odd, and now and then
    own judgements, another section, or none but the facts."""
    data: dict[str, Any] = {"facts": draw(documents())}
    school = draw(st.sampled_from(["usual", "drawn", "none", "id only", "extra key", "list"]))
    if school == "usual":
        data["school"] = {"id": "URN 1", "name": "Hill"}
    elif school == "drawn":
        data["school"] = {"id": draw(_IDS), "name": draw(_NAMES)}
    elif school == "id only":
        data["school"] = {"id": draw(_IDS)}
    elif school == "extra key":
        data["school"] = {"id": "URN 1", "urn": 1}
    elif school == "list":
        data["school"] = ["URN 1"]
    extra = draw(st.sampled_from([None, None, "judgements", "judgement", "facts None"]))
    if extra == "judgements":
        data["judgements"] = {"1a": {"level": 2}}
    elif extra == "judgement":
        data["judgement"] = {}
    elif extra == "facts None":
        data["facts"] = None
    return data


@given(whole_documents(), st.booleans())
def test_a_document_gives_the_same_evidence_or_problems_either_way(
    data: dict[str, Any], checked: bool
) -> None:
    assert _outcome(data, VOCABULARY, checked) == _outcome(data, GENERAL, checked)


@pytest.mark.parametrize(
    "school",
    [
        {"id": " URN 1"},
        {"id": "URN\n1"},
        {"id": ""},
        {"id": 10**1001},
        {"id": True},
        {"id": "URN 1", "name": "\ud800"},
        {"id": "\ud800"},
        {"id": "URN 1", "name": 3},
        {"id": "URN 1", "urn": 1},
        {"name": "Hill"},
    ],
)
def test_a_school_the_quick_path_leaves_is_read_the_general_way(school: dict[str, Any]) -> None:
    data = {"school": school, "facts": {"site.flag": True}}
    outcome = _outcome(data, VOCABULARY, False)
    assert isinstance(outcome, list)  # each is a problem
    assert outcome == _outcome(data, GENERAL, False)


def test_the_commonest_document_is_read_quickly_to_the_same_evidence() -> None:
    data = {"school": {"id": 100000, "name": "Hill"}, "facts": {"site.flag": True}}
    evidence = read_evidence(data, VOCABULARY, "doc", None)
    assert evidence == Evidence({"site.flag": True}, school=School("100000", "Hill"))
    assert (evidence.source, evidence.has_partial) == ("doc", False)
    assert evidence.provenance == {}
    assert evidence.framework_judgements == {}


def test_plain_values_in_their_usual_forms_take_the_fast_path() -> None:
    facts = {
        "site.flag": True,
        "kit": {"count": 3, "age": 2, "share": "most", "deep": {"mode": "mid"}},
        "kit.deep.uses": ["top", "low", "low"],
        "plan": {"reviewed": dt.date(2026, 4, 1), "note": "caf\u00e9", "open": 0},
    }
    assert VOCABULARY.read_plain(facts) == (
        {
            "site.flag": True,
            "kit.count": 3,
            "kit.age": 2.0,
            "kit.share": "most",
            "kit.deep.mode": "mid",
            "kit.deep.uses": ("low", "top"),
            "plan.reviewed": dt.date(2026, 4, 1),
            "plan.note": "caf\u00e9",
            "plan.open": 0,
        },
        [],
    )


@pytest.mark.parametrize(
    ("facts", "handed_back"),
    [
        ({"site": {"flag": 1}}, 1),  # not true or false: the general reader says so
        ({"kit": {"count": 501}}, 501),  # above the maximum
        ({"kit.share": "60%"}, "60%"),  # a percentage: the general reader converts it
        ({"kit.share": {"value": 0.5, "source": "survey"}}, {"value": 0.5, "source": "survey"}),
    ],
)
def test_other_forms_of_a_known_fact_are_handed_to_the_general_reader(
    facts: dict[str, Any], handed_back: Any
) -> None:
    read = VOCABULARY.read_plain({**facts, "site.flag": True})
    assert read is not None
    assert read[0] == {"site.flag": True}
    assert [raw for _, raw in read[1]] == [handed_back]


@pytest.mark.parametrize(
    "facts",
    [
        {"site.flg": True},  # unknown: the general reader suggests "site.flag"
        {"kit": {"count": 3}, "kit.count": 3},  # the same fact twice
        {"kit": 3},  # a value where a table of facts belongs
    ],
)
def test_a_table_with_a_fault_of_its_own_is_read_the_general_way(facts: dict[str, Any]) -> None:
    assert VOCABULARY.read_plain(facts) is None


def test_a_fact_given_twice_is_found_even_if_one_is_handed_back() -> None:
    data = {"facts": {"kit": {"count": 3}, "kit.count": {"value": 3, "source": "survey"}}}
    with pytest.raises(EvidenceError, match="given twice"):
        read_evidence(data, VOCABULARY, None, None)


def test_a_huge_vocabulary_still_reads(tmp_path: Any) -> None:
    """Facts nested deeper than Python's compiler takes fall back to the general way."""
    deep = ".".join(f"p{n}" for n in range(30))
    specs: dict[str, FactSpec] = {deep: fact(deep, "boolean")}
    vocabulary = Vocabulary(specs)
    evidence = read_evidence({"facts": {deep: True}}, vocabulary, None, None)
    assert isinstance(evidence, Evidence)
    assert evidence.facts == {deep: True}


def _nested(depth: int) -> Any:
    value: Any = True
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "facts",
    [
        {"kit": {"share": _nested(98)}},  # nested table: the value sits at depth 3
        {"kit.share": _nested(99)},  # dotted key: depth 2
        {"kit": {"share": {"value": _nested(97)}}},
    ],
)
def test_a_value_handed_back_is_held_to_the_depth_limit_where_it_stands(
    facts: dict[str, Any],
) -> None:
    data = {"facts": facts}
    assert _outcome(data, VOCABULARY, False) == _outcome(data, GENERAL, False)
    with pytest.raises(EvidenceError, match="nested too deeply"):
        read_evidence(data, VOCABULARY, "doc", None)


def test_a_fact_whose_id_begins_another_is_read_as_the_fact() -> None:
    specs = {spec.id: spec for spec in [fact("y.a", "boolean"), fact("y.a.b", "boolean")]}
    fast, general = Vocabulary(specs), _general(Vocabulary(specs))
    for facts in (
        {"y": {"a": {"b": True}}},
        {"y.a": {"b": True}},
        {"y": {"a": True}, "y.a.b": False},
        {"y": {"a.b": True}},
    ):
        data = {"facts": facts}
        assert _outcome(data, fast, False) == _outcome(data, general, False)


class _OddFloat(float):
    def __repr__(self) -> str:
        return f"_OddFloat({float(self)})"


def test_limits_of_any_numeric_kind_are_read() -> None:
    specs = {
        "y.n": fact("y.n", "number", minimum=_OddFloat(1.0)),
        "y.i": fact("y.i", "integer", maximum=10**300),
    }
    evidence = read_evidence({"facts": {"y.n": 3, "y.i": 7}}, Vocabulary(specs), None, None)
    assert _typed(dict(evidence.facts)) == {"y.n": (float, 3.0), "y.i": (int, 7)}


def test_lists_of_choices_are_remembered_only_when_short() -> None:
    vocabulary = Vocabulary(SPECS)
    for size in (2, 10, 10_000):
        vocabulary.read_plain({"kit.deep.uses": ["low"] * size})
    remembered = [
        key
        for name, cache in vocabulary.read_plain.__globals__.items()
        if name.startswith("_S")
        for key in cache
    ]
    assert remembered == [("low", "low")]


def test_text_that_once_marked_a_huge_number_is_text() -> None:
    evidence = read_evidence({"facts": {"plan.note": _MARKER + "abc"}}, VOCABULARY, None, None)
    assert evidence.facts == {"plan.note": _MARKER + "abc"}


def test_a_key_that_is_not_text_is_an_unknown_fact() -> None:
    with pytest.raises(EvidenceError) as caught:
        read_evidence({"facts": {1: True, "kit": {None: 2}}}, VOCABULARY, "doc", None)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("facts.1", "unknown fact id: an id is text"),
        ("facts.kit.None", "unknown fact id: an id is text"),
    ]


@pytest.mark.parametrize("text", ["20260415xy", "20260415", "2026W163", "2026-04-15x", "26-04-15"])
def test_a_date_is_written_yyyy_mm_dd(text: str) -> None:
    # Python 3.11 reads "20260415xy" as 15 April 2026; evidence asks for YYYY-MM-DD
    data = {"facts": {"plan.reviewed": text, "kit.share": {"value": 0.5, "date": text}}}
    with pytest.raises(EvidenceError) as caught:
        read_evidence(data, VOCABULARY, "doc", None)
    assert [problem.path for problem in caught.value.problems] == [
        "facts.plan.reviewed",
        "facts.kit.share.date",
    ]


def test_the_reader_writes_the_lines_of_each_subtable_once() -> None:
    """The lines that read the subtables (every spelling of every nested fact, most of the
    reader) are written once, whichever of the facts and the subtables is read first: writing
    them twice doubled the reader's source and the time to compile it."""
    from ictrules._evidence_reader import plain_reader

    source = plain_reader(SPECS)[1]
    for table in ("site", "kit", "kit.deep", "plan"):
        assert source.count(f"d1 = g0({table!r}, _M)") == 1
    assert source.count("d2 = g1('deep', _M)") == 1


@pytest.mark.parametrize(
    "facts",
    [
        {"site": {"flag": True}, "kit": {"deep": {"mode": "low"}}},  # subtables only
        {"site.flag": True, "kit.count": 3, "plan.open": 1, "plan.note": "x", "kit.age": 1},
        {"site.flag": True, "kit.count": 3, "plan.open": 1, "plan.note": "x", "kit": {"age": 1}},
        {"kit": {"count": 3}, "site.flag": True},  # no more keys than subtables, one a fact
        {"kit": {"count": 3}, "kit.count": 3, "a": 1, "b": 2, "c": 3},
        {"site.flag": True, "kit.count": 3, "plan.open": 1, "plan.note": "x", "zz": 1},
        {},
    ],
)
def test_facts_first_or_subtables_first_read_the_same(facts: dict[str, Any]) -> None:
    data = {"facts": facts}
    assert _outcome(data, VOCABULARY, False) == _outcome(data, GENERAL, False)


#: Ids that share namespaces at every depth, begin one another ("a.b", "a.b.c"), differ only
#: where a dot falls ("a.bc", "ab.c"), and reach the longest a spelling is generated for (six
#: parts) and beyond it (seven).
_POOL = (
    "a.b", "a.c", "a.b.c", "a.b.d", "a.x.y", "a.bc", "ab.c", "b.c",
    "b.c.d.e.f.g", "b.c.d.e.f.g.h", "c.d", "c.d.e", "c.e.f",
)  # fmt: skip
_TYPES = ("boolean", "integer", "number", "proportion", "choice", "choices", "date", "text")


@st.composite
def vocabularies(draw: st.DrawFn) -> dict[str, FactSpec]:
    specs = {}
    for fact_id in draw(st.lists(st.sampled_from(_POOL), min_size=1, max_size=8, unique=True)):
        kind = draw(st.sampled_from(_TYPES))
        limits: dict[str, Any] = {}
        if kind in ("choice", "choices"):
            limits["choices"] = _CHOICES
        elif kind in ("integer", "number") and draw(st.booleans()):
            limits["minimum"] = draw(st.sampled_from([0, -1.5, 1]))
        specs[fact_id] = fact(fact_id, kind, **limits)
    return specs


def _fragments(specs: dict[str, FactSpec]) -> list[str]:
    """Every run of parts of every id: each key a spelling of a table or a fact might use."""
    found: set[str] = set()
    for fact_id in specs:
        parts = fact_id.split(".")
        for start in range(len(parts)):
            found.update(".".join(parts[start:end]) for end in range(start + 1, len(parts) + 1))
    return sorted(found)


#: Values some type of fact takes as they stand, as most documents give them.
_PLAIN = st.one_of(
    st.sampled_from([True, False, 0, 1, 3, 0.5, 2.5, "low", "mid", "most", "2026-04-15", "x"]),
    st.sampled_from([dt.date(2026, 4, 15), dt.date(2031, 1, 1), "2031-01-01"]),
    st.lists(st.sampled_from(_CHOICES), max_size=3),
)


def _tables(keys: list[str], depth: int = 0) -> st.SearchStrategy[dict[Any, Any]]:
    key = st.one_of(st.sampled_from(keys), st.sampled_from(["zz", 1, "a.b ", "value"]))
    value = st.one_of(_PLAIN, _PLAIN, _VALUES, *([_tables(keys, depth + 1)] if depth < 3 else []))
    return st.dictionaries(key, value, max_size=10 if depth == 0 else 4)


@st.composite
def _spelt(draw: st.DrawFn, specs: dict[str, FactSpec]) -> dict[Any, Any]:
    """A facts table giving some of the facts, each under its full id or in nested tables
    (now and then a fact twice, two ways); now and then with odd keys and tables too."""
    facts: dict[Any, Any] = {}
    given = draw(st.lists(st.sampled_from(sorted(specs)), unique=True))
    if given and draw(st.integers(0, 4)) == 0:
        given.append(draw(st.sampled_from(given)))
    for fact_id in given:
        _spell(draw, facts, fact_id, _usual(specs[fact_id]) if draw(st.integers(0, 4)) else _VALUES)
    if draw(st.integers(0, 4)) == 0:
        facts.update(draw(_tables(_fragments(specs))))
    return facts


def _snapshot(data: Any) -> Any:
    """The document as it stands, with the identity and type of every table and list."""
    if isinstance(data, dict | list):
        items = data.items() if isinstance(data, dict) else enumerate(data)
        return type(data), id(data), [(repr(k), _snapshot(v)) for k, v in items]
    return type(data), repr(data)


_AS_OF = dt.date(2030, 1, 1)


def _future(values: Any, provenance: Any) -> list[Any]:
    from ictrules.errors import Problem

    late = [k for k in sorted(values) if isinstance(values[k], dt.date) and values[k] > _AS_OF]
    return [Problem(f"facts.{key}", "after the assessment date") for key in late]


@given(st.data())
def test_any_vocabulary_reads_any_document_the_same_either_way(data: st.DataObject) -> None:
    specs = data.draw(vocabularies())
    fast = Vocabulary(specs)
    general = _general(fast)
    document: dict[str, Any] = {"facts": data.draw(_spelt(specs))}
    if data.draw(st.booleans()):
        document["school"] = {"id": data.draw(_IDS), "name": data.draw(_NAMES)}
    before = _snapshot(document)
    for dated in (None, _future):
        outcomes: list[Any] = []
        for vocabulary in (fast, general):
            try:
                read = read_evidence(document, vocabulary, "doc", None, dated=dated)
            except EvidenceError as error:
                outcomes.append([(p.path, p.message, p.suggestion) for p in error.problems])
            else:
                keys = sorted(((type(key), key) for key in read.facts), key=repr)
                outcomes.append([read, _typed(dict(read.facts)), keys, read.has_partial])
        assert outcomes[0] == outcomes[1]
        assert _snapshot(document) == before  # the caller's document is never changed
