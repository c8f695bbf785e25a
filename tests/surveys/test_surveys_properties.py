"""Properties of the share's interval (Hypothesis): it always contains the observed share, it
narrows as replies grow, and it is the exact share when every member of the group answered."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from ictrules.surveys import wilson_interval
from ictrules.surveys.tally import GroupTally, SurveyFact

levels = st.sampled_from([0.8, 0.9, 0.95, 0.975, 0.99])


@st.composite
def counts(draw: st.DrawFn) -> tuple[int, int, int | None]:
    """``(agreed, answered, size)``: any counts a survey can give, the size sometimes unknown."""
    answered = draw(st.integers(1, 2000))
    agreed = draw(st.integers(0, answered))
    size = draw(st.none() | st.integers(answered, 5000))
    return agreed, answered, size


@given(counts(), levels)
def test_the_interval_contains_the_observed_share(
    drawn: tuple[int, int, int | None], confidence: float
) -> None:
    agreed, answered, size = drawn
    low, high = wilson_interval(agreed, answered, size, confidence)
    assert 0 <= low <= agreed / answered <= high <= 1


@given(counts(), levels)
def test_the_bounds_written_to_evidence_still_contain_the_share(
    drawn: tuple[int, int, int | None], confidence: float
) -> None:
    """Rounded to three places, outwards: the evidence never claims more than the interval."""
    agreed, answered, size = drawn
    low, high = wilson_interval(agreed, answered, size, confidence)
    value = SurveyFact("x.y", (), low, high, None).value()
    written = (value, value) if isinstance(value, float) else (value["at_least"], value["at_most"])
    assert written[0] <= low <= agreed / answered <= high <= written[1]


@given(
    st.integers(1, 50),
    st.integers(1, 50),
    st.integers(1, 20),
    st.integers(1, 20),
    st.none() | st.integers(0, 3000),
    levels,
)
def test_the_interval_narrows_as_replies_grow(
    agree_part: int,
    other_part: int,
    fewer: int,
    extra: int,
    room: int | None,
    confidence: float,
) -> None:
    """The same share from more replies (every count multiplied) gives a narrower interval,
    for a group of any known size or of none."""
    more = fewer + extra
    small = (agree_part * fewer, (agree_part + other_part) * fewer)
    large = (agree_part * more, (agree_part + other_part) * more)
    size = None if room is None else large[1] + room
    low_small, high_small = wilson_interval(*small, size, confidence)
    low_large, high_large = wilson_interval(*large, size, confidence)
    assume(high_small - low_small > 1e-12)
    assert high_large - low_large < high_small - low_small


@given(st.integers(1, 3000), st.data(), levels)
def test_when_every_member_answered_the_interval_is_the_exact_share(
    size: int, data: st.DataObject, confidence: float
) -> None:
    agreed = data.draw(st.integers(0, size))
    assert wilson_interval(agreed, size, size, confidence) == (agreed / size, agreed / size)


@given(counts())
def test_the_note_counts_what_the_tally_counts(drawn: tuple[int, int, int | None]) -> None:
    agreed, answered, size = drawn
    tally = GroupTally(
        "x.y", "staff", "Q", answered, answered, agreed, 0, 0, size, None, None, None
    )
    note = tally.note()
    assert note.startswith(f"{answered} ")
    assert note.endswith(f"; {agreed} agree")
    assert (f"of {size} staff" in note) == (size is not None)


@given(st.floats(0, 1), st.floats(0, 1))
def test_a_reported_interval_is_the_one_the_evidence_holds(a: float, b: float) -> None:
    """The survey section rounded an interval's ends to the nearest tenth of a percent while
    the evidence (and a strand's table) rounded outwards: 49.6% to 80.2% beside at most
    80.3%. Both now write the widened ends."""
    from ictrules.reports.surveys import _interval
    from ictrules.surveys.tally import widened

    low, high = min(a, b), max(a, b)
    if low == high:
        return
    at_least, at_most = widened(low, high)
    shown = f"{at_least * 100:.1f}".removesuffix(".0") + "%"
    assert _interval(low, high).startswith(shown + " to ")
    assert _interval(low, high).endswith(f"{at_most * 100:.1f}".removesuffix(".0") + "%")
    assert at_least <= low
    assert high <= at_most
