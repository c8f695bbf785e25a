"""The library creates and migrates the schema; files it cannot read are refused clearly."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest
from store_demo import AS_OF, evidence_document, make_engine

from ictrules import Engine, Status
from ictrules.store import Store, StoreError, revision_of
from ictrules.store._schema import MIGRATIONS, SCHEMA_VERSION, migrate


def _versions(path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT version, description FROM schema_version ORDER BY 1").fetchall()


def test_store_creates_the_schema_in_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 6
        assert store.count() == 0
    assert _versions(path) == [(m.version, m.description) for m in MIGRATIONS]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_store_migrates_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    with Store(path, create=False) as store:
        assert store.schema_version == 6
    assert [v for v, _ in _versions(path)] == [1, 2, 3, 4, 5, 6]


def test_store_migrates_a_version_1_store_keeping_its_assessments(
    tmp_path: Path, engine: Engine
) -> None:
    path = tmp_path / "old.sqlite"
    evidence = engine.load_evidence(
        {
            **evidence_document("URN 100000", "Hillside", **{"vision.mentions_ict": True}),
            "judgements": {"v1": {"level": 2, "rationale": "We think so."}},
        }
    )
    assessment = engine.assess(evidence, "demo", as_of=AS_OF)
    revision = revision_of(engine, "demo")
    db = sqlite3.connect(path, isolation_level=None)
    assert migrate(db, target=1) == [1]
    db.execute(
        "INSERT INTO framework_revisions (framework, version, title, scale, fingerprint) "
        "VALUES ('demo', '1.0', 'Demo framework', ?, ?)",
        (json.dumps([[lv.value, lv.label] for lv in revision.scale]), revision.fingerprint),
    )
    for position, strand in enumerate(revision.strands):
        db.execute(
            "INSERT INTO revision_strands VALUES (1, ?, ?, ?, ?, ?)",
            (position, strand.code, strand.title, strand.section, strand.fingerprint),
        )
    db.execute(
        "INSERT INTO assessments (school, school_name, framework, framework_version, revision, "
        "as_of, engine_version, plugins, evidence, evidence_dates, evidence_source, assessment) "
        "VALUES ('URN 100000', 'Hillside', 'demo', '1.0', 1, ?, ?, ?, ?, '[]', NULL, ?)",
        (
            AS_OF.isoformat(),
            assessment.engine_version,
            json.dumps(dict(assessment.plugins)),
            json.dumps(evidence.to_mapping()),
            zlib.compress(assessment.to_json().encode()),
        ),
    )
    for position, strand in enumerate(assessment.strands):
        db.execute(
            "INSERT INTO strand_results VALUES (1, ?, ?, ?)", (position, strand.code, strand.level)
        )
    db.close()

    with Store(path) as store:
        assert store.schema_version == 6
        loaded = store.load(1)
        assert loaded.assessment == assessment
        assert loaded.evidence == evidence
        track = store.history("URN 100000").strand("v1")
        point = track.points[0]
        assert (point.level, point.best_possible, point.status, point.own_level) == (
            3,
            1,
            Status.PROVISIONAL,
            2,
        )
        assert store.save(assessment, evidence, engine) == 2
    assert [v for v, _ in _versions(path)] == [1, 2, 3, 4, 5, 6]
    with sqlite3.connect(path) as db:
        # the strand rows saved before version 6 read back as they were, beside the new save's
        rows = db.execute("SELECT * FROM strand_results ORDER BY assessment, position").fetchall()
        expected = [
            (ident, position, s.code, s.level, s.best_possible, s.status.value, own)
            for ident in (1, 2)
            for position, s in enumerate(assessment.strands)
            for own in [None if s.judgement is None else s.judgement.level]
        ]
        assert rows == expected
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE strand_results SET level = 1")


def test_store_opening_twice_migrates_once(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    Store(path).close()
    Store(path).close()
    assert [v for v, _ in _versions(path)] == [1, 2, 3, 4, 5, 6]


def test_store_refuses_a_missing_file_when_asked_not_to_create(tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite"
    with pytest.raises(StoreError) as caught:
        Store(path, create=False)
    assert str(caught.value) == f"{path}: no such store file"
    assert not path.exists()


def test_store_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are not the tables you are looking for\n" * 20)
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value) == f"{path}: not an SQLite database (file is not a database)"


def test_store_refuses_another_applications_database(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE pupils (name TEXT)")
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert caught.value.reason == (
        "an SQLite database that is not an ictrules store (it holds tables: pupils)"
    )


def test_store_refuses_a_schema_from_a_newer_ictrules(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO schema_version VALUES (7, 'from the future')")
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert caught.value.reason == (
        "written by a newer ictrules (schema version 7; this version reads up to 6): "
        "upgrade ictrules to read it"
    )


def test_store_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Store(tmp_path)
    assert (
        str(caught.value) == f"{tmp_path}: not a regular file (a folder): a store is an SQLite file"
    )


DATA = Path(__file__).parent / "data"


def test_a_store_saved_by_schema_5_reads_back_as_it_was_assessed(tmp_path: Path) -> None:
    """``data/schema-5.sqlite`` was written by ictrules at revision 35fe76b (schema 5: strand
    rows in their own table, every reading kept whole) from the evidence in
    ``data/schema-5.json``, one school's with provenance and an own judgement, one's with a
    float the standard library writes (kept whole)."""
    path = tmp_path / "old.sqlite"
    shutil.copyfile(DATA / "schema-5.sqlite", path)
    documents = json.loads((DATA / "schema-5.json").read_text(encoding="utf-8"))
    engine = make_engine("1.0")
    with Store(path) as store:
        assert store.schema_version == 6
        for ident, document in enumerate(documents, start=1):
            evidence = engine.load_evidence(document)
            expected = engine.assess(evidence, "demo", as_of=AS_OF)
            loaded = store.load(ident)
            assert loaded.evidence == evidence
            assert loaded.assessment == expected
            assert loaded.assessment.to_json() == expected.to_json()
            # the evidence is written to the same text: saving it again adds nothing
            assert store.save(expected, evidence, engine) == ident
        assert store.count() == len(documents)
        track = store.history("URN 100002").strand("v1")
        assert [(p.level, p.own_level) for p in track.points] == [(3, 1)]
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT * FROM strand_results ORDER BY assessment, position").fetchall()
    assert len(rows) == 2 * len(documents)
    assert rows[:2] == [
        (1, 0, "v1", 1, 1, "determined", None),
        (1, 1, "b1", 1, 1, "determined", None),
    ]


def test_opened_only_to_read_an_older_or_empty_store_says_what_to_do(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copyfile(DATA / "schema-5.sqlite", old)
    with pytest.raises(StoreError) as caught:
        Store(old, create=False, read_only=True)
    assert caught.value.reason.startswith(
        "written by an older ictrules (schema version 5; this version reads 6), and opened only "
        "to read: upgrade it by saving to it once (ictrules assess FILE --store STORE)"
    )
    assert (DATA / "schema-5.sqlite").read_bytes() == old.read_bytes()  # left as it was
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    with pytest.raises(StoreError) as caught:
        Store(empty, create=False, read_only=True)
    assert caught.value.reason == "an empty file: no assessments have been saved to it"


def test_a_store_in_a_missing_folder_or_a_missing_file_to_read_is_said_plainly(
    tmp_path: Path,
) -> None:
    with pytest.raises(StoreError) as caught:
        Store(tmp_path / "nowhere" / "s.sqlite")
    assert caught.value.reason.startswith(f"no folder {str(tmp_path / 'nowhere')!r}")
    assert not (tmp_path / "nowhere").exists()
    with pytest.raises(StoreError) as caught:
        Store(tmp_path / "missing.sqlite", read_only=True)
    assert caught.value.reason == "no such store file"
