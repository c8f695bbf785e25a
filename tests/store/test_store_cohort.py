"""Cohort statistics against a hand-computed example, and where one school stands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from store_demo import AS_OF, evidence_document

from ictrules import Engine
from ictrules.store import (
    AmbiguousSchoolError,
    LevelCount,
    Store,
    StoreError,
    UnknownSchoolError,
)
from ictrules.store.cohort import median_level, rank_and_percentile

#: Facts that put strand v1 at each level (the other strand, b1, stays at level 4).
V1_AT = {
    4: {"vision.mentions_ict": False},
    3: {"vision.mentions_ict": True, "vision.clarity": "unclear"},
    2: {"vision.mentions_ict": True, "vision.clarity": "clear", "staff.embrace": "some"},
    1: {
        "vision.mentions_ict": True,
        "vision.clarity": "clear",
        "staff.embrace": "all",
        "vision.shared_with": ["parents"],
    },
}


def _save(store: Store, engine: Engine, school: str, level: int, as_of: dt.date = AS_OF) -> int:
    facts: dict[str, Any] = V1_AT[level]
    evidence = engine.load_evidence(evidence_document(school, f"School {school}", **facts))
    assessment = engine.assess(evidence, "demo", as_of=as_of)
    assert assessment.strand("v1").level == level
    return store.save(assessment, evidence, engine)


@pytest.fixture
def five(tmp_path: Path, engine: Engine) -> Store:
    """Schools A..E whose latest assessments put v1 at levels 1, 2, 2, 3, 4.

    A and D also have older assessments at other levels, and D two on its latest date (the
    one saved last counts).
    """
    store = Store(tmp_path / "cohort.sqlite")
    _save(store, engine, "A", 4, dt.date(2025, 9, 1))
    _save(store, engine, "D", 1, dt.date(2025, 9, 1))
    for school, level in [("A", 1), ("B", 2), ("C", 2), ("D", 4), ("E", 4)]:
        _save(store, engine, school, level)
    _save(store, engine, "D", 3)
    return store


def test_store_cohort_distribution_matches_the_hand_count(five: Store) -> None:
    summary = five.cohort()
    assert summary.schools == 5
    assert summary.versions == {"1.0": 5}
    v1 = summary.strand("v1")
    # levels worst first: 4 (E), 3 (D), 2 (B, C), 1 (A)
    assert [(c.level, c.label, c.schools) for c in v1.counts] == [
        (4, "Starting", 1),
        (3, "Developing", 1),
        (2, "Established", 2),
        (1, "Leading", 1),
    ]
    assert v1.median == 2.0  # positions 0, 1, 2, 2, 3: the middle one is level 2
    assert v1.not_comparable == 0
    assert [c.schools for c in summary.strand("b1").counts] == [5, 0, 0, 0]


def test_store_ranks_and_percentiles_match_the_hand_computation(five: Store) -> None:
    # rank = 1 + schools better; percentile = 100 * (worse + same / 2) / 5
    expected = {
        "A": (1, 1, 90.0),  # 4 worse, 1 same: (4 + 0.5) / 5
        "B": (2, 2, 60.0),  # 2 worse, 2 same: (2 + 1) / 5
        "C": (2, 2, 60.0),
        "D": (3, 4, 30.0),  # 1 worse, 1 same: (1 + 0.5) / 5
        "E": (4, 5, 10.0),  # 0 worse, 1 same: 0.5 / 5
    }
    for school, (level, rank, percentile) in expected.items():
        standing = five.standing(school)
        v1 = standing.strands[0]
        assert (v1.code, v1.level, v1.rank, v1.out_of, v1.percentile, v1.median) == (
            "v1",
            level,
            rank,
            5,
            percentile,
            2.0,
        )
        b1 = standing.strands[1]
        assert (b1.level, b1.rank, b1.percentile) == (4, 1, 50.0)  # all five tied


def test_store_cohort_as_of_uses_latest_assessments_up_to_that_date(five: Store) -> None:
    earlier = five.cohort(as_of=dt.date(2026, 1, 1))
    assert earlier.schools == 2
    assert [c.schools for c in earlier.strand("v1").counts] == [1, 0, 0, 1]
    assert earlier.strand("v1").median == 2.5  # halfway between levels 4 and 1
    assert five.standing("D", as_of=dt.date(2026, 1, 1)).strands[0].rank == 1
    with pytest.raises(StoreError) as caught:
        five.cohort(as_of=dt.date(2020, 1, 1))
    assert caught.value.reason == "no assessments under demo on or before 2020-01-01"


def test_store_median_halfway_and_rank_definitions() -> None:
    counts = tuple(LevelCount(level, str(level), 1) for level in (4, 3, 2, 1))
    assert median_level(counts) == 2.5
    assert rank_and_percentile(counts, 1) == (1, 87.5)
    assert rank_and_percentile(counts, 4) == (4, 12.5)
    assert median_level(tuple(LevelCount(level, "", 0) for level in (4, 3))) is None
    with pytest.raises(ValueError, match="no school at level 3 in this distribution"):
        rank_and_percentile((LevelCount(4, "", 2), LevelCount(3, "", 0)), 3)


def test_store_unknown_school_suggests_the_closest(five: Store) -> None:
    with pytest.raises(UnknownSchoolError) as caught:
        five.standing("School Bb")
    assert (
        caught.value.reason == "no assessments of school 'School Bb' (did you mean 'B' (School B)?)"
    )
    with pytest.raises(UnknownSchoolError) as nothing:
        five.history("Zebra Academy")
    assert (
        nothing.value.reason
        == "no assessments of school 'Zebra Academy'; the store holds 5 school(s)"
    )
    assert five.find_school("school c").id == "C"
    assert five.find_school(" c ").id == "C"  # a stray space from a pasted id


def test_a_name_two_schools_share_asks_for_the_id(tmp_path: Path, engine: Engine) -> None:
    """Two schools named alike: the name alone is not taken as either, and the message names
    both with their ids (it never says there is no such school)."""
    store = Store(tmp_path / "names.sqlite")
    for school in ("URN 100", "URN 200"):
        facts: dict[str, Any] = V1_AT[2]
        document = evidence_document(school, "St Mary's Primary", **facts)
        evidence = engine.load_evidence(document)
        store.save(engine.assess(evidence, "demo", as_of=AS_OF), evidence, engine)
    with pytest.raises(AmbiguousSchoolError) as caught:
        store.history("st mary's primary")
    assert caught.value.reason == (
        "\"st mary's primary\" names 2 schools: 'URN 100' (St Mary's Primary), 'URN 200' "
        "(St Mary's Primary); give the id of the one meant"
    )
    assert isinstance(caught.value, UnknownSchoolError)  # caught where an unknown one is
    assert caught.value.known == ("URN 100", "URN 200")  # every id held, as for an unknown one
    assert store.history("URN 200").school.id == "URN 200"
    with pytest.raises(StoreError, match="no school given: give a school's id or name"):
        store.history("  ")


def test_a_long_unknown_id_is_cut_short_in_the_message(five: Store) -> None:
    with pytest.raises(UnknownSchoolError) as caught:
        five.history("B" * 5000)
    assert len(str(caught.value)) < 200


def test_store_framework_must_be_one_the_store_holds(five: Store) -> None:
    with pytest.raises(StoreError) as caught:
        five.cohort("dmo")
    assert caught.value.reason == (
        "no assessments under framework 'dmo'; frameworks held: demo (did you mean 'demo'?)"
    )


def test_store_empty_store_has_no_cohort(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.sqlite") as store, pytest.raises(StoreError) as caught:
        store.cohort()
    assert caught.value.reason == "the store holds no assessments"


@given(st.lists(st.sampled_from([4, 3, 2, 1]), min_size=1, max_size=40), st.data())
def test_store_rank_and_percentile_follow_their_definitions(
    levels: list[int], data: st.DataObject
) -> None:
    scale = (4, 3, 2, 1)  # worst first: a lower number is a better level
    counts = tuple(LevelCount(v, str(v), levels.count(v)) for v in scale)
    mine = data.draw(st.sampled_from(levels))
    better = sum(1 for level in levels if level < mine)
    worse = sum(1 for level in levels if level > mine)
    same = levels.count(mine)
    rank, percentile = rank_and_percentile(counts, mine)
    assert rank == 1 + better
    assert percentile == pytest.approx(100 * (worse + same / 2) / len(levels))
    assert 0 < percentile < 100 or len(levels) == 1
    ordered = sorted(levels, reverse=True)  # worst first
    low, high = ordered[(len(levels) - 1) // 2], ordered[len(levels) // 2]
    assert median_level(counts) == (low + high) / 2


def test_store_unknown_school_suggests_names_containing_the_query(
    tmp_path: Path, engine: Engine
) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        for school, name in [("100", "Meadowbank Primary"), ("200", "Meadowbank Infants")]:
            evidence = engine.load_evidence(evidence_document(school, name))
            store.save(engine.assess(evidence, "demo", as_of=AS_OF), evidence, engine)
        with pytest.raises(UnknownSchoolError) as caught:
            store.history("meadowbank")
        assert caught.value.reason == (
            "no assessments of school 'meadowbank' (did you mean '200' (Meadowbank Infants) or "
            "'100' (Meadowbank Primary)?)"
        )
