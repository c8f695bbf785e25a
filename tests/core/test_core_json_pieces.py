"""A long JSON array written member by member (the command line's summary of many schools)
is the same text as the whole array written at once."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ictrules._convert import array_pieces, dumps, dumps_items

#: JSON data with what the writer hands to the standard library (a float below 1e-4, an
#: integer beyond 64 bits, a lone surrogate) and what it escapes (controls, bidi overrides).
_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e-5, 0.0001, 2.5e-7, -0.0]),
    st.text(max_size=6),
    st.sampled_from(["\ud800", "\x7f", "\u202e", "line\nbreak"]),
)
_DATA = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(st.lists(_DATA, max_size=5))
def test_an_array_written_member_by_member_is_the_array_written_whole(items: list[Any]) -> None:
    members = (dumps_items([item], 0) for item in items)
    assert "".join(array_pieces(members)) == dumps(items)


def test_an_empty_array_is_written_as_dumps_writes_it() -> None:
    assert "".join(array_pieces(iter(()))) == dumps([]) == "[]\n"
