"""The quick scan that lets a document within every limit skip the full walk must never let
a problem through: wherever the full walk finds one, the scan says "look closer"."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictrules.errors import EvidenceError
from ictrules.files import MAX_DEPTH, MAX_DIGITS, check_document, within_limits

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.just(10 ** (MAX_DIGITS + 1)),  # too many digits
    st.text(),  # lone surrogates included: not valid Unicode text
    st.sampled_from(["plain", "caf\u00e9", "\ud800", "\U0001f600"]),
)
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=4), children, max_size=4),
    ),
    max_leaves=30,
)


def _finds_problems(data: Any) -> bool:
    try:
        check_document(data, "doc")
    except EvidenceError:
        return True
    return False


@given(_DOCUMENTS)
def test_the_quick_scan_passes_only_what_the_full_walk_passes(data: Any) -> None:
    from ictrules import files

    walked = files.walk  # the full walk, run without the scan in front of it
    problems: list[tuple[Any, ...]] = []
    for path, value, _ in walked(data):
        bad_text = type(value) is str and files.text_problem(value)
        if bad_text or (type(value) is int and files._digits(value) > MAX_DIGITS):
            problems.append(path)
        elif isinstance(value, dict):
            problems += [path for key in value if type(key) is str and files.text_problem(key)]
    if problems:
        assert not within_limits(data)
        assert _finds_problems(data)
    else:
        assert within_limits(data)
        assert not _finds_problems(data)


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 5])
def test_nesting_is_refused_at_the_same_depth_by_the_scan_and_the_walk(depth: int) -> None:
    data: Any = "leaf"
    for _ in range(depth):
        data = {"a": data}
    assert within_limits(data) is not _finds_problems(data)


def test_text_spelling_the_old_number_marker_is_text() -> None:
    from ictrules.files import parse_text

    marker = "\\u0000ictrules-number-too-large:"
    for text, kind in (
        (f'{{"note": "{marker}abc"}}', "json"),
        (f'note = "{marker}12"', "toml"),
    ):
        assert parse_text(text, kind, "doc")["note"].endswith(("abc", "12"))


def test_a_long_number_in_toml_is_still_refused_with_its_line() -> None:
    from ictrules.files import parse_text

    with pytest.raises(EvidenceError) as caught:
        parse_text("a = 1\nb = " + "9" * (MAX_DIGITS + 1) + "\n", "toml", "doc.toml")
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("b", f"number too large ({MAX_DIGITS + 1} digits; ictrules reads at most {MAX_DIGITS})")
    ]


@pytest.mark.parametrize(
    ("number", "refused"),
    [(10**MAX_DIGITS - 1, False), (10**MAX_DIGITS, True), (-(10**MAX_DIGITS) + 1, False)],
)
def test_whole_numbers_are_counted_exactly_at_the_limit(number: int, refused: bool) -> None:
    assert _finds_problems({"n": number}) is refused


def test_limit_problems_come_in_the_documents_order_and_none_is_dropped() -> None:
    data = {"school": {"name": "\ud800"}, "facts": {"a": ["\ud800"] * 25}}
    with pytest.raises(EvidenceError) as caught:
        check_document(data, "doc")
    paths = [problem.path for problem in caught.value.problems]
    assert paths[:3] == ["school.name", "facts.a[0]", "facts.a[1]"]
    assert len(paths) == 21
    assert caught.value.problems[-1].message == "and 6 more problems like these; fix these first"
