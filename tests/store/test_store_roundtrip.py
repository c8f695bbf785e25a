"""What is saved is what is loaded, for arbitrary evidence assessed against the demo framework."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from store_demo import AS_OF, evidence_document, evidence_documents

from ictrules import Engine
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
    assert store.count() == before + 1
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


def test_store_saving_twice_appends_and_never_overwrites(tmp_path: Path, engine: Engine) -> None:
    evidence = engine.load_evidence(
        evidence_document("URN 100000", "Hillside", **{"vision.mentions_ict": True})
    )
    assessment = engine.assess(evidence, "demo", as_of=AS_OF)
    with Store(tmp_path / "s.sqlite") as store:
        first = store.save(assessment, evidence, engine)
        second = store.save(assessment, evidence, engine)
        assert (first, second) == (1, 2)
        assert [a.id for a in store.assessments(school="URN 100000")] == [1, 2]
        assert attrs.evolve(store.load(second), id=first) == store.load(first)
