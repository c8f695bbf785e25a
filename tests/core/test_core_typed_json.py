"""Assessment JSON read the fast way (msgspec, straight into the models) says exactly what the
general way (parsed to dicts, then cattrs) says: the same assessment, byte for byte when written
again, or, for a document it does not take, the general way's fault. Documents are what
ictrules writes, then changed in one place in many ways."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ictrules_becta
import ictrules_refresh.plugin
from ictrules import Assessment, Engine, _deferred, _typed_json
from ictrules._convert import loads
from ictrules._lean import ReadError

AS_OF = dt.date(2026, 9, 1)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ENGINE = Engine([("becta", ictrules_becta), ("refresh", ictrules_refresh.plugin)])
TEXTS = {
    name: ENGINE.assess(
        ENGINE.load_evidence(EXAMPLES / f"{name}-school.toml"), "becta-srf", as_of=AS_OF
    ).to_json()
    for name in ("weak", "strong")
}


def general(text: str) -> Assessment:
    """The document read the general way: parsed to plain data, then built by cattrs."""
    return Assessment.from_dict(loads(text))


def nodes(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value in ``data``, the document itself first."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += nodes(value, (*path, key))
    elif isinstance(data, list):
        for position, value in enumerate(data):
            found += nodes(value, (*path, position))
    return found


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


#: Values put in place of another: each JSON type, values close to right ones, and words the
#: documents use (a status, a date, a level).
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70) | st.sampled_from([0, 1, 3, 5, 7, -1, 2**63, 2**64]),
    st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([3.0, 1e-7, -0.0]),
    st.text(max_size=6)
    | st.sampled_from(["determined", "provisional", "2026-09-01", "2026-9-1", "becta-srf", ""]),
    st.lists(st.integers(1, 5) | st.text(max_size=3), max_size=3),
    st.dictionaries(st.sampled_from(["id", "name", "level", "source", "x"]), st.text(), max_size=2),
)


@st.composite
def changed_documents(draw: st.DrawFn) -> str:
    """A document ictrules wrote, changed at one place: a value replaced, a key removed or
    added, an item removed or repeated; written compactly or indented, keys as they were."""
    data = json.loads(TEXTS[draw(st.sampled_from(sorted(TEXTS)))])
    path = draw(st.sampled_from(nodes(data)))
    node = at(data, path)
    how = draw(st.sampled_from(["replace", "remove", "add", "repeat"]))
    if how == "replace" and path:
        at(data, path[:-1])[path[-1]] = draw(VALUES)
    elif how == "remove" and isinstance(node, dict) and node:
        del node[draw(st.sampled_from(sorted(node)))]
    elif how == "remove" and isinstance(node, list) and node:
        del node[draw(st.integers(0, len(node) - 1))]
    elif how == "add" and isinstance(node, dict):
        node[draw(st.sampled_from(["extra", "levle", "value", "links", "id"]))] = draw(VALUES)
    elif how == "repeat" and isinstance(node, list) and node:
        node.append(node[draw(st.integers(0, len(node) - 1))])
    return json.dumps(data, indent=draw(st.sampled_from([None, 2])), ensure_ascii=False)


@given(changed_documents())
def test_a_changed_document_reads_the_same_both_ways(text: str) -> None:
    try:
        expected = general(text)
    except ReadError as exc:  # the text is JSON: only the document can be wrong
        with pytest.raises(ReadError) as caught:
            Assessment.from_json(text)
        assert str(caught.value) == str(exc)
        return
    got = Assessment.from_json(text)
    assert got.to_json() == expected.to_json()
    assert got == expected


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_what_ictrules_writes_is_read_the_fast_way_and_written_again_unread(name: str) -> None:
    text = TEXTS[name]
    fast = _typed_json.read(Assessment, text)
    assert fast is not None
    # a strand's reasons are built when first read: written before that, the bytes are the same
    assert all(_deferred.pending(strand, "criteria") for strand in fast.strands)
    assert fast.to_json() == text
    assert pickle.loads(pickle.dumps(fast)) == general(text)
    evolved = attrs.evolve(fast.strands[0], title="Changed")
    assert evolved.criteria == general(text).strands[0].criteria
    assert fast == general(text)


def test_what_only_the_general_way_reads_is_read_or_refused_as_before() -> None:
    text = TEXTS["strong"].replace('"title": "', '"title": "\\ud800', 1)
    assert _typed_json.read(Assessment, text) is None  # msgspec refuses a lone surrogate
    assert Assessment.from_json(text).strands[0].title.startswith("\ud800")
    assert Assessment.from_json(text) == general(text)
    with pytest.raises(ReadError, match="^not JSON: "):
        Assessment.from_json("\ufeff" + TEXTS["strong"])  # a byte order mark
