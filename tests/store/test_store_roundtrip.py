"""What is saved is what is loaded, for arbitrary evidence assessed against the demo framework."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from store_demo import AS_OF, evidence_document, evidence_documents, make_engine

from ictrules import Engine, School
from ictrules.evidence import _compact_text
from ictrules.store import FactChangeKind, Store, compare_evidence


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store(tmp_path_factory.mktemp("roundtrip") / "store.sqlite")


@given(
    document=evidence_documents(),
    as_of=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_store_loads_exactly_what_was_saved(
    store: Store, engine: Engine, document: dict[str, Any], as_of: dt.date
) -> None:
    evidence = engine.load_evidence(document)
    assessment = engine.assess(evidence, "demo", as_of=as_of)
    before = store.count()
    ident = store.save(assessment, evidence, engine)
    loaded = store.load(ident)
    # a new assessment is added once; the very same one saved again is not added twice
    assert store.count() == (before + 1 if ident > before else before)
    assert loaded.assessment == assessment
    assert loaded.assessment.to_json() == assessment.to_json()
    assert loaded.evidence == evidence
    assert loaded.evidence.to_mapping() == evidence.to_mapping()
    assert loaded.evidence.provenance == evidence.provenance
    assert loaded.school.id == document["school"]["id"]
    assert loaded.school.name == document["school"]["name"]
    assert (loaded.framework, loaded.framework_version, loaded.as_of) == ("demo", "1.0", as_of)
    assert loaded.plugins == engine.plugins
    assert not loaded.outdated


#: Values known in part (bounds, an open set), as the evidence reader makes them.
PARTIAL = list(
    make_engine()
    .load_evidence(
        {
            "facts": {
                "staff.embrace": {"at_least": "most"},
                "safety.incidents": {"at_most": 3},
                "vision.shared_with": {"includes": ["staff"], "excludes": ["parents"]},
                "review.last": {"within": "2 years"},
                "budget.share": {"more_than": 1e-5},
            }
        }
    )
    .facts.values()
)
#: Fact values as an ``Evidence`` built by hand may hold them, the awkward ones for a JSON
#: writer included: a float below 1e-4, an integer beyond 64 bits, a lone surrogate.
VALUES = st.one_of(
    st.booleans(),
    st.integers() | st.sampled_from([2**64, -(2**63) - 1]),
    st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([1e-5, 1.5e-7]),
    st.text(st.characters() | st.sampled_from(["\ud800", "\x00", "\u2028", "\U0001f600"])),
    st.dates(),
    st.lists(st.text(max_size=5), max_size=3).map(tuple),
    st.sampled_from(PARTIAL),
)


@given(
    document=evidence_documents(),
    more=st.dictionaries(st.text(max_size=8), VALUES, max_size=6),
    provenance=st.booleans(),
)
def test_the_stores_evidence_text_is_what_earlier_versions_saved(
    engine: Engine, document: dict[str, Any], more: dict[str, Any], provenance: bool
) -> None:
    """Saving the same evidence again is found in the store, rows saved by earlier versions
    included, by the evidence's text: the standard library's sorted compact JSON."""
    evidence = engine.load_evidence(document)
    evidence = attrs.evolve(
        evidence,
        facts={**evidence.facts, **more},
        provenance=evidence.provenance if provenance else {},
    )
    expected = json.dumps(
        evidence.to_mapping(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert _compact_text(evidence) == expected


@given(old=evidence_documents(school="URN 100001"), new=evidence_documents(school="URN 100001"))
def test_store_evidence_changes_account_for_every_fact(
    engine: Engine, old: dict[str, Any], new: dict[str, Any]
) -> None:
    before, after = engine.load_evidence(old), engine.load_evidence(new)
    changes, _ = compare_evidence(before, after)
    kinds = {change.fact: change.kind for change in changes}
    assert {f for f, k in kinds.items() if k is FactChangeKind.ADDED} == set(after.facts) - set(
        before.facts
    )
    assert {f for f, k in kinds.items() if k is FactChangeKind.REMOVED} == set(before.facts) - set(
        after.facts
    )
    for fact in set(before.facts) & set(after.facts):
        same = before.facts[fact] == after.facts[fact] and type(before.facts[fact]) is type(
            after.facts[fact]
        )
        if not same:
            assert kinds[fact] is FactChangeKind.CHANGED
        elif before.provenance.get(fact) != after.provenance.get(fact):
            assert kinds[fact] is FactChangeKind.RESOURCED
        else:
            assert fact not in kinds
    assert compare_evidence(after, after) == ((), ())


def test_store_saving_again_appends_and_never_overwrites(tmp_path: Path, engine: Engine) -> None:
    evidence = engine.load_evidence(
        evidence_document("URN 100000", "Hillside", **{"vision.mentions_ict": True})
    )
    assessment = engine.assess(evidence, "demo", as_of=AS_OF)
    later = engine.assess(evidence, "demo", as_of=AS_OF + dt.timedelta(days=1))
    with Store(tmp_path / "s.sqlite") as store:
        first = store.save(assessment, evidence, engine)
        again = store.save(assessment, evidence, engine)  # the same assessment: saved once
        second = store.save(later, evidence, engine)
        assert (first, again, second) == (1, 1, 2)
        assert [a.id for a in store.assessments(school="URN 100000")] == [1, 2]
        assert store.load(first).assessment == assessment


@given(
    st.lists(
        st.tuples(
            st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
            evidence_documents(school="URN 100002"),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_store_history_lists_each_save_in_date_order(
    tmp_path_factory: pytest.TempPathFactory,
    engine: Engine,
    saves: list[tuple[dt.date, dict[str, Any]]],
) -> None:
    with Store(tmp_path_factory.mktemp("history") / "s.sqlite") as store:
        expected = []
        for as_of, document in saves:
            evidence = engine.load_evidence(document)
            assessment = engine.assess(evidence, "demo", as_of=as_of)
            ident = store.save(assessment, evidence, engine)
            if ident not in [item[1] for item in expected]:  # the same again is saved once
                expected.append((as_of, ident, [s.level for s in assessment.strands], evidence))
        expected.sort(key=lambda item: (item[0], item[1]))
        history = store.history("URN 100002")
        assert [(e.as_of, e.assessment) for e in history.entries] == [
            (as_of, ident) for as_of, ident, _, _ in expected
        ]
        for index, track in enumerate(history.strands):
            assert [p.level for p in track.points] == [
                levels[index] for _, _, levels, _ in expected
            ]
        if len(expected) > 1:
            changes = compare_evidence(expected[-2][3], expected[-1][3])
            assert history.changes is not None
            assert (history.changes.facts, history.changes.judgements) == changes
        else:
            assert history.changes is None


def test_store_school_given_at_save_overrides_the_evidence(tmp_path: Path, engine: Engine) -> None:
    evidence = engine.load_evidence({"facts": {"vision.mentions_ict": True}})
    assessment = engine.assess(evidence, "demo", as_of=AS_OF)
    with Store(tmp_path / "s.sqlite") as store:
        ident = store.save(assessment, evidence, engine, school=School("URN 100009", "Brook"))
        loaded = store.load(ident)
        assert loaded.school == School("URN 100009", "Brook")
        assert loaded.evidence.school is None
        assert loaded.assessment == assessment
        assert store.schools() == (School("URN 100009", "Brook"),)
        assert [(a.id, a.school.id, a.as_of) for a in store.assessments()] == [
            (1, "URN 100009", AS_OF)
        ]
