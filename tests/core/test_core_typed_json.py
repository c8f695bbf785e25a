"""Assessment JSON read the fast way (msgspec, straight into the models) says exactly what the
general way (parsed to dicts, then cattrs) says: the same assessment, byte for byte when written
again, or, for a document it does not take, the general way's fault. Documents are what
ictrules writes, then changed in one place in many ways."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys
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


def test_a_lone_surrogate_the_fast_way_refuses_is_refused_with_its_path() -> None:
    text = TEXTS["strong"].replace('"title": "', '"title": "\\ud800', 1)
    assert _typed_json.read(Assessment, text) is None  # msgspec refuses a lone surrogate
    with pytest.raises(ReadError, match=r"^strands\[0\]\.title: not valid Unicode text"):
        Assessment.from_json(text)


@pytest.mark.parametrize(
    "text", ["\ufeff" + TEXTS["strong"], b"\xef\xbb\xbf" + TEXTS["strong"].encode()]
)
def test_a_byte_order_mark_before_the_text_is_let_go_as_before_an_evidence_file(
    text: str | bytes,
) -> None:
    assert Assessment.from_json(text) == general(TEXTS["strong"])


def test_text_given_as_a_subclass_of_str_is_read() -> None:
    class Text(str):  # as numpy.str_ or markupsafe.Markup are: msgspec takes exact str only
        pass

    assert Assessment.from_json(Text(TEXTS["weak"])) == general(TEXTS["weak"])


def test_a_float_with_an_exponent_of_100000_is_read_as_its_value() -> None:
    # msgspec's own float parser reads this 0.0 (found by a hostile review)
    literal = "0." + "0" * 100_000 + "1e100000"
    text = TEXTS["strong"].replace('"value": "community"', '"value": ' + literal, 1)
    assert Assessment.from_json(text).strands[0].criteria[0].facts[0].value == 0.1
    assert Assessment.from_json(text).to_json() == general(text).to_json()


def test_a_subclass_reads_json_through_its_own_from_dict() -> None:
    calls: list[str] = []

    class Audited(Assessment):
        @classmethod
        def from_dict(cls, data: Any) -> Assessment:
            calls.append("from_dict")
            return super().from_dict(data)

    assert Audited.from_json(TEXTS["weak"]).to_json() == TEXTS["weak"]
    assert calls == ["from_dict"]


def _strands_read_in_a_process(tmp_path: Path, depth: int, setup: str, read: str) -> str:
    """What a fresh Python prints after ``setup`` and then ``read``, which reads the weak
    example's JSON, its first fact value nested ``depth`` lists deep, into ``found``: the
    number of strands, unless the process dies (the assertion says how)."""
    nested = json.loads(TEXTS["weak"])
    nested["strands"][0]["criteria"][0]["facts"][0]["value"] = "PLACEHOLDER"
    path = tmp_path / "deep.json"
    path.write_text(
        json.dumps(nested).replace('"PLACEHOLDER"', "[" * depth + "]" * depth), encoding="utf-8"
    )
    script = "\n".join(
        [
            "import sys, threading",
            "from ictrules import Assessment",
            f"text = open({str(path)!r}, encoding='utf-8').read()",
            "found = []",
            setup,
            read,
            "print(len(found[0].strands))",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-400:]
    return done.stdout.strip()


STRANDS = str(len(json.loads(TEXTS["weak"])["strands"]))


def test_a_deep_value_with_the_recursion_limit_raised_is_read_without_a_crash(
    tmp_path: Path,
) -> None:
    """msgspec recurses in C up to the recursion limit: raised to a million, a value nested
    25,000 lists deep would overflow the C stack (the process dies) before RecursionError."""
    setup, read = "sys.setrecursionlimit(10**6)", "found.append(Assessment.from_json(text))"
    assert _strands_read_in_a_process(tmp_path, 25_000, setup, read) == STRANDS


def test_a_deep_value_read_in_a_thread_with_a_small_stack_is_read_without_a_crash(
    tmp_path: Path,
) -> None:
    """At Python's own recursion limit, msgspec's C recursion needs some 300 KB for a value
    nested 990 deep: a thread given 256 KB (threading.stack_size) died reading it."""
    read = (
        "thread = threading.Thread(target=lambda: found.append(Assessment.from_json(text)))\n"
        "thread.start(); thread.join()"
    )
    assert _strands_read_in_a_process(tmp_path, 990, "threading.stack_size(256 * 1024)", read) == (
        STRANDS
    )


@attrs.frozen
class _Plain:
    name: str
    level: int = 0


@attrs.frozen
class _Checked:
    name: str

    def __attrs_post_init__(self) -> None:
        if not self.name:
            raise ValueError("a name is needed")


@attrs.frozen(cache_hash=True)
class _Hashed:
    name: str


@pytest.mark.parametrize(("cls", "direct"), [(_Plain, True), (_Hashed, False)])
def test_a_model_is_built_without_its_init_only_when_the_init_does_nothing_else(
    cls: type, direct: bool
) -> None:
    """Setting each slot is what attrs' __init__ does for a plain frozen class; a class whose
    __init__ keeps more (a cached hash) is built by calling it."""
    read = _typed_json.read(cls, '{"name": "a"}')
    assert read == cls(name="a")
    assert hash(read) == hash(cls(name="a"))
    assert (_typed_json._slot_setters(cls, attrs.fields(cls)) is not None) == direct


def test_a_model_that_checks_as_it_is_made_is_read_the_general_way() -> None:
    assert _typed_json.read(_Checked, '{"name": "a"}') is None
