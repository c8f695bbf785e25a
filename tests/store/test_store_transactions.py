"""Saves are whole or absent: concurrent writers lose nothing, interrupted saves leave nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from store_demo import AS_OF, evidence_document

from ictrules import Assessment, Engine, Evidence, School
from ictrules.store import Store, StoreBusyError, StoreError, UnknownAssessmentError, database

WRITER = Path(__file__).parent / "store_writer.py"
TABLES = ("framework_revisions", "revision_strands", "assessments", "strand_results")


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES
        }


def _one(engine: Engine, school: str = "URN 100000") -> tuple[Assessment, Evidence]:
    evidence = engine.load_evidence(
        evidence_document(school, "Hillside", **{"vision.mentions_ict": True})
    )
    return engine.assess(evidence, "demo", as_of=AS_OF), evidence


def test_store_two_processes_saving_500_each_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    writers = [
        subprocess.Popen([sys.executable, str(WRITER), str(path), prefix, "500"])
        for prefix in ("A", "B")
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    with Store(path) as store:
        summaries = store.assessments()
        assert len(summaries) == 1000
        assert len({s.id for s in summaries}) == 1000
        for prefix in ("A", "B"):
            ids = sorted(s.school.id for s in summaries if s.school.id.startswith(prefix))
            assert ids == [f"{prefix}-{n:04d}" for n in range(500)]
        counts = _counts(path)
        assert counts["strand_results"] == 2000  # two strands per assessment, none torn
        assert counts["framework_revisions"] == 1  # both writers recorded the same revision
        with sqlite3.connect(path) as db:
            torn = db.execute(
                "SELECT count(*) FROM assessments a WHERE (SELECT count(*) FROM strand_results s "
                "WHERE s.assessment = a.id) != 2"
            ).fetchone()[0]
            shapes = db.execute("SELECT count(*) FROM reason_templates").fetchone()[0]
        assert torn == 0
        assert shapes == 1  # what the framework's reasons say, kept once for both writers
        assert {store.load(s.id).assessment.framework for s in summaries} == {"demo"}
        for summary in summaries[::37]:
            loaded = store.load(summary.id)
            assert loaded.school == summary.school == loaded.evidence.school
            assert [s.code for s in loaded.assessment.strands] == ["v1", "b1"]


def test_store_save_interrupted_inside_the_transaction_leaves_no_rows(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.sqlite"
    assessment, evidence = _one(engine)
    with Store(path) as store:
        empty = _counts(path)

        real = database._insert_assessment

        def fail(*args: object) -> int:
            real(*args)  # type: ignore[arg-type]  # the row written, the transaction open
            raise RuntimeError("power cut")

        monkeypatch.setattr(database, "_insert_assessment", fail)
        with pytest.raises(RuntimeError, match="power cut"):
            store.save(assessment, evidence, engine)
        assert _counts(path) == empty
        monkeypatch.undo()
        assert store.save(assessment, evidence, engine) == 1
        assert _counts(path) == {
            "framework_revisions": 1,
            "revision_strands": 2,
            "assessments": 1,
            "strand_results": 2,
        }


def test_store_keyboard_interrupt_mid_batch_saves_none_of_the_batch(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.sqlite"
    items = [_one(engine, f"URN 10000{n}") for n in range(3)]
    calls = []
    real = database._insert_assessment

    def interrupt_third(*args: object) -> int:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args)  # type: ignore[arg-type]

    with Store(path) as store:
        store.save(*_one(engine, "URN 199999"), engine)  # not in the batch: saved again, no-op
        before = _counts(path)
        monkeypatch.setattr(database, "_insert_assessment", interrupt_third)
        with pytest.raises(KeyboardInterrupt):
            store.save_many(items, engine)
        assert _counts(path) == before
        assert store.count() == 1


def test_store_process_killed_mid_save_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    done = subprocess.run([sys.executable, str(WRITER), str(path), "A", "3"], check=True)
    assert done.returncode == 0
    before = _counts(path)
    crashed = subprocess.run([sys.executable, str(WRITER), str(path), "B", "3", "crash"])
    assert crashed.returncode == 3
    assert _counts(path) == before
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Store(path) as store:
        assert [s.school.id for s in store.assessments()] == ["A-0000", "A-0001", "A-0002"]


def test_store_rows_cannot_be_updated_or_deleted(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save(*_one(engine), engine)
    with sqlite3.connect(path) as db:
        with pytest.raises(sqlite3.IntegrityError) as updated:
            db.execute("UPDATE assessments SET school = 'someone else'")
        assert str(updated.value) == (
            "the ictrules store is append-only: assessments rows are never changed"
        )
        with pytest.raises(sqlite3.IntegrityError) as deleted:
            db.execute("DELETE FROM strand_results")
        assert str(deleted.value) == (
            "the ictrules store is append-only: strand_results rows are never deleted"
        )


def test_store_refuses_an_assessment_without_a_school(tmp_path: Path, engine: Engine) -> None:
    evidence = engine.load_evidence({"facts": {"vision.mentions_ict": True}})
    assessment = engine.assess(evidence, "demo", as_of=AS_OF)
    with Store(tmp_path / "s.sqlite") as store:
        with pytest.raises(StoreError) as caught:
            store.save(assessment, evidence, engine)
        assert str(caught.value) == (
            f"{tmp_path / 's.sqlite'}: the assessment names no school: give a [school] id in "
            "the evidence, or pass school="
        )
        assert store.count() == 0


@pytest.mark.parametrize(
    ("school_id", "said"),
    [
        (" URN 1 ", "' URN 1 ' has spaces at its start or end"),
        ("", "empty: give the school's id"),
        ("URN\n1", "'URN\\n1' holds a line break"),
        (5, "expected text, got 5"),  # it loaded back as '5'
        (None, "expected text, got null"),  # a bare sqlite3.IntegrityError
    ],
)
def test_store_holds_ids_built_in_python_to_the_evidence_files_rule(
    tmp_path: Path, engine: Engine, school_id: Any, said: str
) -> None:
    """An id an evidence file could not give (built in Python, or read from JSON) would start a
    second history beside 'URN 1': nothing is saved, and the message is the evidence file's."""
    evidence = engine.load_evidence({"facts": {"vision.mentions_ict": True}})
    assessment = engine.assess(evidence, "demo", as_of=AS_OF)
    with Store(tmp_path / "s.sqlite") as store:
        with pytest.raises(StoreError) as caught:
            store.save(assessment, evidence, engine, school=School(school_id))
        assert caught.value.reason.startswith(f"nothing saved: school.id: {said}")
        assert store.count() == 0


def test_store_refuses_a_framework_other_than_the_assessments(
    tmp_path: Path, engine: Engine, engine_v2: Engine
) -> None:
    assessment, evidence = _one(engine)
    with Store(tmp_path / "s.sqlite") as store:
        with pytest.raises(StoreError) as caught:
            store.save(assessment, evidence, engine_v2)
        assert caught.value.reason == (
            "the assessment was made under demo 1.0 but the framework given is demo 2.0"
        )
        assert store.count() == 0


def _locked(folder: Path) -> tuple[Path, sqlite3.Connection]:
    """A new store, and another connection holding its write lock (as another process would)."""
    path = folder / "s.sqlite"
    Store(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    return path, blocker


def test_store_says_when_it_starts_waiting_for_another_writer(
    tmp_path: Path, engine: Engine
) -> None:
    """A save that finds another process writing calls on_wait once, then waits and saves."""
    path, blocker = _locked(tmp_path)
    waiting = threading.Event()
    saved: list[int] = []

    def save() -> None:
        told = []

        def on_wait() -> None:
            told.append(1)
            waiting.set()

        with Store(path, timeout=10, on_wait=on_wait) as store:
            saved.append(store.save(*_one(engine), engine))
            saved.append(store.save(*_one(engine, "URN 100001"), engine))  # not told again
        saved.append(len(told))

    writer = threading.Thread(target=save)
    writer.start()
    try:
        assert waiting.wait(timeout=30)  # told before the long wait, while still blocked
        assert saved == []
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    writer.join(timeout=60)
    assert saved == [1, 2, 1]


def test_store_gives_up_clearly_when_another_writer_keeps_the_lock(
    tmp_path: Path, engine: Engine
) -> None:
    path, blocker = _locked(tmp_path)
    try:
        with Store(path, timeout=0.01, retries=2) as store:
            with pytest.raises(StoreBusyError) as caught:
                store.save(*_one(engine), engine)
            assert caught.value.reason == (
                "another process kept the store locked (database is locked); gave up after "
                "3 attempts: try again when it has finished (from Python, "
                "Store(..., timeout=SECONDS) waits longer)"
            )
            blocker.execute("ROLLBACK")
            assert store.save(*_one(engine), engine) == 1
    finally:
        blocker.close()


def test_a_store_used_after_it_is_closed_says_so(tmp_path: Path, engine: Engine) -> None:
    """Bare sqlite3 and Python errors met a closed store, an id beyond SQLite's and a negative
    number of retries (which ended in 'AssertionError: unreachable')."""
    assessment, evidence = _one(engine)
    store = Store(tmp_path / "s.sqlite")
    ident = store.save(assessment, evidence, engine)
    with pytest.raises(
        UnknownAssessmentError, match="no assessment with id 1180591620717411303424"
    ):
        store.load(2**70)
    store.close()
    store.close()  # again: harmless
    with pytest.raises(StoreError, match="the store is closed: open it again with Store"):
        store.load(ident)
    with pytest.raises(ValueError, match="retries must be a whole number of 0 or more, got -1"):
        Store(tmp_path / "s.sqlite", retries=-1)
