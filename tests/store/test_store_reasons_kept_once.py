"""What a framework's reasons say in every assessment is kept once, not in every saved row.

An assessment fresh from the engine is saved as what its reasons differ in (each criterion's
truth value, each fact's reading, the actions and missing facts) beside the shapes of its
framework's reasons, kept once in ``reason_templates``; an assessment whose reasons were read
first is saved whole. Either way, the assessment loaded is the one saved. A fact's reading that
says no more than its value is kept as ``[value]``; stores saved before kept every reading as a
table, and still load.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import pytest
from store_demo import AS_OF, evidence_document

from ictrules import Assessment, Engine
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


def test_kept_records_are_compressed_json(tmp_path: Path, engine: Engine) -> None:
    """Another tool reading the store finds JSON in every record, as before."""
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save(*_fresh(engine, "URN 100001"), engine)
    with sqlite3.connect(path) as db:
        (record,) = db.execute("SELECT assessment FROM assessments").fetchone()
        (body,) = db.execute("SELECT body FROM reason_templates").fetchone()
    assert zlib.decompress(record).startswith(b'{"assessment":{"framework":"demo"')
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
        if strands == "not JSON":
            with pytest.raises(StoreError, match="the store is damaged"):
                store.cohort()


def _record(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as db:
        (record,) = db.execute("SELECT assessment FROM assessments").fetchone()
    data: dict[str, Any] = json.loads(zlib.decompress(record))
    return data


def test_a_reading_that_says_only_its_value_is_kept_as_that_value(
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
    readings = _record(path)["readings"]
    assert readings["budget.share"] == [3.5]
    assert readings["vision.shared_with"] == [["staff"]]  # a list value, in its one-item list
    assert readings["lead.name"] == [None]  # unknown
    assert readings["vision.mentions_ict"]["provenance"]["source"] == "survey"  # says more
    assert loaded == assessment
    assert loaded.to_json() == assessment.to_json()


def _as_saved_before(record: dict[str, Any]) -> dict[str, Any]:
    """A record as schema 5 wrote it: every reading a table."""
    readings = {
        fact: {
            "fact": fact,
            "value": kept[0],
            "derived_by": None,
            "entailed_by": [],
            "provenance": None,
        }
        if isinstance(kept, list)
        else kept
        for fact, kept in record["readings"].items()
    }
    return {**record, "readings": readings}


def test_a_store_whose_readings_were_kept_whole_still_loads(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "s.sqlite"
    stated = {"value": 0.8, "source": "survey", "note": "autumn"}
    assessment, evidence = _fresh(
        engine,
        "URN 100001",
        **{"vision.mentions_ict": True, "vision.clarity": "clear", "staff.embrace": stated},
    )
    with Store(path) as store:
        ident = store.save(assessment, evidence, engine)
    old = _as_saved_before(_record(path))
    assert all(isinstance(reading, dict) for reading in old["readings"].values())
    with sqlite3.connect(path) as db:  # as a store saved by an earlier version holds it
        db.execute("DROP TRIGGER assessments_no_update")
        db.execute(
            "UPDATE assessments SET assessment = ?",
            (zlib.compress(json.dumps(old, separators=(",", ":")).encode()),),
        )
    with Store(path) as store:
        loaded = store.load(ident).assessment
    assert loaded == assessment
    assert loaded.to_json() == assessment.to_json()


@pytest.mark.parametrize("reading", [[], [True, False], "true", None])
def test_a_reading_changed_by_hand_is_reported_as_damage(
    tmp_path: Path, engine: Engine, reading: object
) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        ident = store.save(*_fresh(engine, "URN 100001", **{"vision.mentions_ict": True}), engine)
    record = _record(path)
    record["readings"]["vision.mentions_ict"] = reading
    with sqlite3.connect(path) as db:
        db.execute("DROP TRIGGER assessments_no_update")
        db.execute(
            "UPDATE assessments SET assessment = ?", (zlib.compress(json.dumps(record).encode()),)
        )
    with Store(path) as store, pytest.raises(StoreError) as caught:
        store.load(ident)
    assert caught.value.reason.startswith(f"the store is damaged (saved assessment #{ident}")
