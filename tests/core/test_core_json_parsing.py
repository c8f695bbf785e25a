"""JSON files are parsed by orjson when it gives what the standard library's parse (with its
duplicate-key and long-number hooks) gives, and by the standard library otherwise: a key given
twice, a whole number beyond 64 bits or NaN must still be found and named."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictrules.errors import EvidenceError
from ictrules.files import _SLOW, _json_int, _pairs, _parse_json_quickly, parse_text

_KEYS = st.sampled_from(["a", "b", "c", "a:b", "http://x", "é"])
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(["10:30", "https://school.example", "plain"]),
)


def _object_text(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in pairs) + "}"


@st.composite
def json_texts(draw: st.DrawFn, depth: int = 0) -> str:
    """JSON text of objects and lists, its keys sometimes given twice in one object."""
    if depth >= 3 or draw(st.integers(0, 3)) == 0:
        return json.dumps(draw(_SCALARS), ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        items = draw(st.lists(json_texts(depth + 1), max_size=3))
        return "[" + ", ".join(items) + "]"
    pairs = draw(st.lists(st.tuples(_KEYS, json_texts(depth + 1)), max_size=4))
    return _object_text(pairs)


def _standard(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_pairs, parse_int=_json_int)


def _typed(data: Any) -> Any:
    """The data with every value's type beside it, so 1 and 1.0 and True differ."""
    if isinstance(data, dict):
        return (type(data), {key: _typed(value) for key, value in data.items()})
    if isinstance(data, list):
        return [_typed(item) for item in data]
    return (type(data), data)


@given(json_texts())
def test_the_quick_parse_stands_only_where_it_equals_the_standard_one(text: str) -> None:
    quick = _parse_json_quickly(text)
    if quick is not _SLOW:
        assert _typed(quick) == _typed(_standard(text))


def test_plain_documents_take_the_quick_parse() -> None:
    assert _parse_json_quickly('{"facts": {"vision.mentions_ict": true, "kit.count": 3}}') == {
        "facts": {"vision.mentions_ict": True, "kit.count": 3}
    }


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',  # a key twice: orjson keeps the last without a word
        '{"a": 123456789012345678901234567890}',  # beyond 64 bits: orjson reads a float
        '{"a": NaN}',  # not JSON: the standard library reads it, the limits refuse it
        '{"a": "\\ud800"}',  # a lone surrogate
        '{"note": "at 10:30"}',  # a colon in text: cannot count keys by colons
    ],
)
def test_anything_else_is_parsed_by_the_standard_library(text: str) -> None:
    assert _parse_json_quickly(text) is _SLOW


def test_a_key_given_twice_is_still_named() -> None:
    with pytest.raises(EvidenceError, match="given twice"):
        parse_text('{"facts": {"a.b": 1, "a.b": 2}}', "json", "school.json")


def test_a_long_whole_number_stays_whole() -> None:
    data = parse_text('{"n": 123456789012345678901234567890}', "json", "school.json")
    assert data == {"n": 123456789012345678901234567890}
    assert not math.isnan(data["n"])


def test_yaml_keys_are_text_as_toml_reads_them() -> None:
    pytest.importorskip("yaml")
    data = parse_text("facts:\n  1: true\n  ~: 2\n  true: 3\n", "yaml", "school.yaml")
    assert data == {"facts": {"1": True, "~": 2, "true": 3}}
    with pytest.raises(EvidenceError, match="line 2, column 5: malformed YAML: a key is a table"):
        parse_text("facts:\n  ? [a, b]\n  : 1\n", "yaml", "school.yaml")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[facts.vision]\na = 1\n[facts.vision]\nb = 2\n", "table [facts.vision] given twice"),
        ("a = 1\na = 2\n", "a key given twice, or a value where a table is also given"),
    ],
)
def test_toml_names_what_was_given_twice_in_its_own_words(text: str, said: str) -> None:
    with pytest.raises(EvidenceError, match=f"malformed TOML: {re.escape(said)}; keep one"):
        parse_text(text, "toml", "school.toml")
