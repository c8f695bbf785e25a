"""Framework versions: older assessments stay readable and marked; changed strands are named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import attrs
import pytest
from store_demo import AS_OF, DemoPlugin, evidence_document, framework

from ictrules import Criterion, Engine, ExtraCriterion, Section, hookimpl
from ictrules.store import MeaningChange, Store, StoreError, compare_revisions, revision_of

LATER = dt.date(2027, 9, 1)


def _save(store: Store, engine: Engine, school: str, as_of: dt.date, **facts: object) -> int:
    evidence = engine.load_evidence(evidence_document(school, f"School {school}", **facts))
    return store.save(engine.assess(evidence, "demo", as_of=as_of), evidence, engine)


@pytest.fixture
def mixed(tmp_path: Path, engine: Engine, engine_v2: Engine) -> Store:
    """A and B assessed under 1.0; A again later under 2.0."""
    store = Store(tmp_path / "versions.sqlite")
    _save(store, engine, "A", AS_OF, **{"vision.mentions_ict": True, "budget.share": 3.0})
    _save(store, engine, "B", AS_OF, **{"vision.mentions_ict": False, "budget.share": 3.0})
    _save(store, engine_v2, "A", LATER, **{"vision.mentions_ict": True, "budget.share": 4.5})
    return store


def test_store_compare_versions_names_the_strands_that_changed_meaning(mixed: Store) -> None:
    comparison = mixed.compare_versions("1.0", "2.0")
    assert [(s.code, s.change) for s in comparison.strands] == [
        ("v1", MeaningChange.UNCHANGED),
        ("b1", MeaningChange.CHANGED),
        ("s1", MeaningChange.ADDED),
    ]
    assert comparison.codes(MeaningChange.CHANGED) == ("b1",)
    assert not comparison.comparable
    assert mixed.compare_versions("1.0", "1.0").comparable
    assert mixed.versions() == ("1.0", "2.0")
    with pytest.raises(StoreError) as caught:
        mixed.compare_versions("1.0", "3.0")
    assert caught.value.reason == "no assessments under demo version '3.0'; versions held: 1.0, 2.0"


def test_store_older_version_assessment_stays_readable_and_marked(
    mixed: Store, engine: Engine
) -> None:
    old = mixed.load(1)
    assert old.framework_version == "1.0"
    assert old.outdated
    assert old.latest_version == "2.0"
    assert old.to_dict()["outdated"] is True
    assert [s.code for s in old.assessment.strands] == ["v1", "b1"]
    assert not mixed.load(3).outdated


def test_store_history_marks_outdated_entries_and_changed_meanings(mixed: Store) -> None:
    history = mixed.history("A")
    assert [(e.framework_version, e.outdated) for e in history.entries] == [
        ("1.0", True),
        ("2.0", False),
    ]
    assert [(p.level, p.meaning_changed) for p in history.strand("v1").points] == [
        (3, False),
        (3, False),
    ]
    assert [(p.level, p.meaning_changed) for p in history.strand("b1").points] == [
        (2, False),
        (2, True),
    ]
    assert [p.framework_version for p in history.strand("s1").points] == ["2.0"]


def test_store_cohort_counts_only_comparable_levels(mixed: Store) -> None:
    summary = mixed.cohort()
    assert summary.version == "2.0"
    assert summary.versions == {"1.0": 1, "2.0": 1}
    v1 = summary.strand("v1")  # unchanged: both schools count
    assert (v1.schools, v1.not_comparable) == (2, 0)
    b1 = summary.strand("b1")  # changed: B's level under 1.0 does not count
    assert (b1.schools, b1.not_comparable) == (1, 1)
    s1 = summary.strand("s1")  # added: B was never judged on it
    assert (s1.schools, s1.not_comparable) == (1, 1)
    standing = mixed.standing("B")
    assert [(s.code, s.level, s.rank) for s in standing.strands] == [
        ("v1", 4, 2),
        ("b1", 2, None),
        ("s1", None, None),
    ]


def test_store_fingerprint_ignores_advice_but_not_rules() -> None:
    base = framework("1.0")
    strand = base.strand("v1")
    reworded = attrs.evolve(
        strand,
        levels=tuple(
            attrs.evolve(
                rules,
                criteria=tuple(
                    attrs.evolve(c, action="New advice", links=("x",)) for c in rules.criteria
                ),
            )
            for rules in strand.levels
        ),
    )
    stricter = attrs.evolve(
        strand,
        levels=(
            *strand.levels[:2],
            attrs.evolve(
                strand.levels[2],
                criteria=(Criterion("v1-2", "vision.clarity >= 'distinctive'", "v1-2 holds", "a"),),
            ),
            strand.levels[3],
        ),
    )

    def with_v1(replacement: object) -> object:
        sections = (Section("v", "Vision", (replacement,)), *base.sections[1:])  # type: ignore[arg-type]
        return attrs.evolve(base, sections=sections)

    same = compare_revisions(revision_of(base), revision_of(with_v1(reworded)))  # type: ignore[arg-type]
    assert same.comparable
    changed = compare_revisions(revision_of(base), revision_of(with_v1(stricter)))  # type: ignore[arg-type]
    assert changed.codes(MeaningChange.CHANGED) == ("v1",)
    removed = compare_revisions(
        revision_of(base), revision_of(attrs.evolve(base, sections=base.sections[:1]))
    )
    assert removed.codes(MeaningChange.REMOVED) == ("b1",)


class LocalCriteria:
    """An authority's plugin that adds a criterion to strand b1 of the demo framework."""

    @hookimpl
    def ictrules_criteria(self, frameworks: object) -> Iterable[ExtraCriterion]:
        return [ExtraCriterion("demo", "b1", 1, Criterion("la-1", "budget.share >= 5", "s", "a"))]


def test_store_criteria_added_by_another_plugin_change_the_meaning(tmp_path: Path) -> None:
    plain = Engine([("demo", DemoPlugin("1.0"))])
    local = Engine([("demo", DemoPlugin("1.0")), ("local", LocalCriteria())])
    with Store(tmp_path / "s.sqlite") as store:
        _save(store, plain, "A", AS_OF, **{"vision.mentions_ict": True})
        _save(store, local, "B", AS_OF, **{"vision.mentions_ict": True})
        assert len(store.revisions()) == 2
        assert store.versions() == ("1.0",)
        summary = store.cohort()
        assert (summary.strand("b1").schools, summary.strand("b1").not_comparable) == (1, 1)
        assert (summary.strand("v1").schools, summary.strand("v1").not_comparable) == (2, 0)
