"""What a framework's reasons say in every assessment is kept once, not in every saved row.

An assessment fresh from the engine is saved as what its reasons differ in (each criterion's
truth value, each fact's reading, the actions and missing facts) beside the shapes of its
framework's reasons, kept once in ``reason_templates``; an assessment whose reasons were read
first is saved whole. Either way, the assessment loaded is the one saved. A record keeps only
the readings that say more than the evidence saved beside it; stores saved before kept every
reading, and still load (``test_store_migrations``).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import attrs
import pytest
from store_demo import AS_OF, evidence_document

from ictrules import Assessment, Engine
from ictrules.evidence import School
from ictrules.store import Store, StoreError


def _fresh(engine: Engine, school: str, **facts: object) -> tuple[Assessment, object]:
    evidence = engine.load_evidence(evidence_document(school, f"School {school}", **facts))
    return engine.assess(evidence, "demo", as_of=AS_OF), evidence


def _rows(path: Path) -> list[tuple[int | None, int]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT reasons, length(assessment) FROM assessments ORDER BY id"
        ).fetchall()


def test_many_assessments_share_one_copy_of_the_frameworks_reasons(
    tmp_path: Path, engine: Engine
) -> None:
    path = tmp_path / "s.sqlite"
    saved = [_fresh(engine, f"URN 1000{n:02d}", **{"staff.embrace": n / 40}) for n in range(40)]
    with Store(path) as store:
        ids = store.save_many(saved, engine)
        for ident, (assessment, _) in zip(ids, saved, strict=True):
            assert store.load(ident).assessment == assessment
    rows = _rows(path)
    assert {reasons for reasons, _ in rows} == {1}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM reason_templates").fetchone() == (1,)


def test_an_assessment_whose_reasons_were_read_is_saved_whole(
    tmp_path: Path, engine: Engine
) -> None:
    path = tmp_path / "s.sqlite"
    kept_apart, evidence = _fresh(engine, "URN 100001", **{"vision.mentions_ict": True})
    whole, same = _fresh(engine, "URN 100002", **{"vision.mentions_ict": True})
    assert whole.strands[0].criteria  # read: the reasons are made
    with Store(path) as store:
        first = store.save(kept_apart, evidence, engine)
        second = store.save(whole, same, engine)
        assert store.load(first).assessment == kept_apart
        assert store.load(second).assessment == whole
    (reasons_apart, size_apart), (reasons_whole, size_whole) = _rows(path)
    assert reasons_apart == 1
    assert reasons_whole is None
    assert size_apart < size_whole  # the framework's text is not in the row


def test_the_kept_reasons_are_append_only(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save(*_fresh(engine, "URN 100001"), engine)
    with sqlite3.connect(path) as db:
        for statement in (
            "UPDATE reason_templates SET body = x'00'",
            "DELETE FROM reason_templates",
            "INSERT OR REPLACE INTO reason_templates SELECT id, fingerprint, x'00' "
            "FROM reason_templates",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                db.execute(statement)


def test_a_row_naming_reasons_the_store_lacks_is_reported_as_damage(
    tmp_path: Path, engine: Engine
) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        ident = store.save(*_fresh(engine, "URN 100001"), engine)
    with sqlite3.connect(path) as db:  # an edit by hand that the triggers cannot see
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("DROP TRIGGER assessments_no_update")
        db.execute("UPDATE assessments SET reasons = 7")
    with Store(path) as store, pytest.raises(StoreError, match="damaged"):
        store.load(ident)


def test_kept_records_are_json(tmp_path: Path, engine: Engine) -> None:
    """Another tool reading the store finds JSON in every record: as it is when it is at most
    2 KB (as one keeping what an assessment differs in mostly is), compressed by zlib when
    larger (as one keeping an assessment whole mostly is); the shapes compressed."""
    path = tmp_path / "s.sqlite"
    fresh, evidence = _fresh(engine, "URN 100001")
    made = engine.assess(evidence, "demo", as_of=AS_OF)
    assert made.strands[0].criteria  # its reasons read: kept whole
    with Store(path) as store:
        store.save(fresh, evidence, engine)
        store.save(made, attrs.evolve(evidence, school=School("URN 100002", "Other")), engine)
    with sqlite3.connect(path) as db:
        (brief, whole) = [row[0] for row in db.execute("SELECT assessment FROM assessments")]
        (body,) = db.execute("SELECT body FROM reason_templates").fetchone()
    assert json.loads(brief)["assessment"]["framework"] == "demo"
    assert json.loads(zlib.decompress(whole))["framework"] == "demo"
    assert zlib.decompress(body).startswith(b'{"criteria":[')


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE reason_templates SET body = x'0102'",
        "UPDATE reason_templates SET body = zeroblob(3)",
        "UPDATE assessments SET assessment = x'789c03000000000001'",  # zlib of nothing
    ],
)
def test_a_record_changed_by_hand_is_reported_as_damage_not_a_crash(
    tmp_path: Path, engine: Engine, edit: str
) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        ident = store.save(*_fresh(engine, "URN 100001"), engine)
    with sqlite3.connect(path) as db:
        db.execute("DROP TRIGGER reason_templates_no_update")
        db.execute("DROP TRIGGER assessments_no_update")
        db.execute(edit)
    with Store(path) as store, pytest.raises(StoreError) as caught:
        store.load(ident)
    assert caught.value.reason.startswith(f"the store is damaged (saved assessment #{ident}")


@pytest.mark.parametrize("strands", ["not JSON", '[["v1", 2]]', '{"v1": 2}'])
def test_strand_results_changed_by_hand_are_reported_as_damage_not_a_crash(
    tmp_path: Path, engine: Engine, strands: str
) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save(*_fresh(engine, "URN 100001"), engine)
    with sqlite3.connect(path) as db:
        db.execute("DROP TRIGGER assessments_no_update")
        db.execute("UPDATE assessments SET strands = ?", (strands,))
    with Store(path) as store:
        for read in (store.history, store.standing):
            with pytest.raises(StoreError, match="the store is damaged"):
                read("URN 100001")
        with pytest.raises(StoreError, match="the store is damaged"):
            store.cohort()


def _record(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as db:
        (record,) = db.execute("SELECT assessment FROM assessments").fetchone()
    data: dict[str, Any] = json.loads(record)  # kept as JSON (see test_kept_records_are_json)
    return data


def test_a_record_keeps_only_the_readings_that_say_more_than_the_evidence(
    tmp_path: Path, engine: Engine
) -> None:
    path = tmp_path / "s.sqlite"
    stated = {"value": True, "source": "survey", "date": "2026-03-01"}
    assessment, evidence = _fresh(
        engine,
        "URN 100001",
        **{"vision.mentions_ict": stated, "vision.shared_with": ["staff"], "budget.share": 3.5},
    )
    with Store(path) as store:
        ident = store.save(assessment, evidence, engine)
        loaded = store.load(ident).assessment
    record = _record(path)
    assert record["form"] == 2
    # the other readings state only what the evidence saved beside them does
    assert list(record["readings"]) == ["vision.mentions_ict"]  # says more: its provenance
    assert record["readings"]["vision.mentions_ict"]["provenance"]["source"] == "survey"
    # each strand in brief: what the framework says at its level is in the shapes
    vision = assessment.strands[0]
    kept = [vision.code, vision.level, vision.best_possible, vision.status.value, None, None]
    assert record["assessment"]["strands"][0] == kept
    assert loaded == assessment
    assert loaded.to_json() == assessment.to_json()


def test_an_assessment_saved_beside_other_evidence_keeps_every_reading(
    tmp_path: Path, engine: Engine
) -> None:
    """The store saves what it is given: an assessment beside evidence it was not made from
    keeps the readings it was made with, and reads back as it was."""
    path = tmp_path / "s.sqlite"
    assessment, _ = _fresh(engine, "URN 100001", **{"budget.share": 3.5})
    _, other = _fresh(engine, "URN 100001", **{"budget.share": 1.5})
    with Store(path) as store:
        loaded = store.load(store.save(assessment, other, engine))
    assert loaded.assessment == assessment
    assert loaded.evidence == other
    assert _record(path)["readings"]["budget.share"]["value"] == 3.5


@pytest.mark.parametrize(
    ("where", "kept"),
    [
        ("readings", []),
        ("readings", [True]),
        ("readings", "true"),
        ("form", 3),
        ("form", "2"),
        ("strand", ["v1", 9, 3, "determined", None, None]),  # a level the scale lacks
        ("strand", ["x9", 3, 3, "determined", None, None]),  # a strand the framework lacks
        ("strand", ["v1", 3]),
        ("strand", "v1"),
    ],
)
def test_a_record_changed_by_hand_is_reported_as_damage(
    tmp_path: Path, engine: Engine, where: str, kept: object
) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        ident = store.save(*_fresh(engine, "URN 100001", **{"vision.mentions_ict": True}), engine)
    record = _record(path)
    if where == "readings":
        record["readings"]["vision.mentions_ict"] = kept
    elif where == "form":
        record["form"] = kept
    else:
        record["assessment"]["strands"][0] = kept
    with sqlite3.connect(path) as db:
        db.execute("DROP TRIGGER assessments_no_update")
        db.execute(
            "UPDATE assessments SET assessment = ?", (zlib.compress(json.dumps(record).encode()),)
        )
    with Store(path) as store, pytest.raises(StoreError) as caught:
        store.load(ident)
    assert caught.value.reason.startswith(f"the store is damaged (saved assessment #{ident}")


def test_evidence_changed_after_assessing_does_not_change_the_saved_reasons(
    tmp_path: Path, engine: Engine
) -> None:
    """An evidence's facts changed in place after the assessment was made (outside its
    contract, but possible with a plain dict): the record keeps the readings the assessment
    was made with rather than taking them from the changed evidence."""
    path = tmp_path / "s.sqlite"
    assessment, evidence = _fresh(engine, "URN 100001", **{"budget.share": 3.5})
    expected = assessment.to_json()
    evidence.facts["budget.share"] = 1.5  # type: ignore[attr-defined, index]
    with Store(path) as store:
        loaded = store.load(store.save(assessment, evidence, engine)).assessment
    assert loaded.to_json() == expected
