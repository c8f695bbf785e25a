"""The store's schema and its ordered migrations.

``schema_version`` records every migration applied. Opening a store applies the missing ones in
order, inside one write transaction, so two processes opening a new file at once migrate it
once. Rows are append-only: triggers refuse any UPDATE or DELETE, and (from version 4) any
INSERT whose key a row already holds, so that ``REPLACE``, ``INSERT OR REPLACE`` and UPSERT
cannot rewrite a saved row either (SQLite's REPLACE deletes the old row without firing DELETE
triggers).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable, Sequence

import attrs

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STRAND_COLUMNS",
    "Migration",
    "applied_version",
    "migrate",
]

_DATA_TABLES = ("framework_revisions", "revision_strands", "assessments", "strand_results")


def _append_only(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'the ictrules store is append-only: {table} rows are never "
        "changed'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'the ictrules store is append-only: {table} rows are never "
        "deleted'); END",
    ]


_V1 = [
    """CREATE TABLE framework_revisions (
        id INTEGER PRIMARY KEY,
        framework TEXT NOT NULL,
        version TEXT NOT NULL,
        title TEXT NOT NULL,
        scale TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        UNIQUE (framework, version, fingerprint)
    )""",
    """CREATE TABLE revision_strands (
        revision INTEGER NOT NULL REFERENCES framework_revisions (id),
        position INTEGER NOT NULL,
        code TEXT NOT NULL,
        title TEXT NOT NULL,
        section TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        PRIMARY KEY (revision, code)
    )""",
    """CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        school TEXT NOT NULL,
        school_name TEXT NOT NULL,
        framework TEXT NOT NULL,
        framework_version TEXT NOT NULL,
        revision INTEGER NOT NULL REFERENCES framework_revisions (id),
        as_of TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        plugins TEXT NOT NULL,
        evidence TEXT NOT NULL,
        evidence_dates TEXT NOT NULL,
        evidence_source TEXT,
        assessment BLOB NOT NULL
    )""",
    """CREATE TABLE strand_results (
        assessment INTEGER NOT NULL REFERENCES assessments (id),
        position INTEGER NOT NULL,
        code TEXT NOT NULL,
        level INTEGER NOT NULL,
        PRIMARY KEY (assessment, code)
    )""",
    "CREATE INDEX assessments_by_school ON assessments (school, framework, as_of, id)",
    *[statement for table in _DATA_TABLES for statement in _append_only(table)],
]


def _v2_strand_detail(connection: sqlite3.Connection) -> None:
    """Strand rows gain the best possible level, the status and the school's own level,
    filled in for existing rows from each stored assessment."""
    for column in ("best_possible INTEGER", "status TEXT", "own_level INTEGER"):
        connection.execute(f"ALTER TABLE strand_results ADD COLUMN {column}")
    connection.execute("DROP TRIGGER strand_results_no_update")
    rows = connection.execute("SELECT id, assessment FROM assessments").fetchall()
    for assessment_id, blob in rows:
        data = json.loads(zlib.decompress(blob))
        for strand in data["strands"]:
            judgement = strand.get("judgement")
            connection.execute(
                "UPDATE strand_results SET best_possible = ?, status = ?, own_level = ? "
                "WHERE assessment = ? AND code = ?",
                (
                    strand["best_possible"],
                    strand["status"],
                    None if judgement is None else judgement["level"],
                    assessment_id,
                    strand["code"],
                ),
            )
    connection.execute(_append_only("strand_results")[0])


#: Each table's unique keys: a new row may not share any of them with a saved row.
_KEYS = {
    "framework_revisions": ("id", "framework, version, fingerprint"),
    "revision_strands": ("revision, code",),
    "assessments": ("id",),
    "strand_results": ("assessment, code",),
    "schema_version": ("version",),
}


def _no_replace(table: str, keys: dict[str, tuple[str, ...]] = _KEYS) -> str:
    """A trigger refusing a row whose key a saved row already holds (REPLACE, UPSERT)."""
    tests = " OR ".join(
        "EXISTS (SELECT 1 FROM {t} WHERE {match})".format(
            t=table,
            match=" AND ".join(f"{c} = NEW.{c}" for c in (c.strip() for c in key.split(","))),
        )
        for key in keys[table]
    )
    return (
        f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} WHEN {tests} "
        f"BEGIN SELECT RAISE(ABORT, 'the ictrules store is append-only: {table} rows are never "
        "changed or replaced'); END"
    )


_V4 = [
    *[_no_replace(table) for table in _KEYS],
    *_append_only("schema_version"),
]

_V3 = [
    "CREATE INDEX assessments_latest ON assessments (framework, school, as_of, id)",
    "CREATE INDEX strand_results_by_code ON strand_results (code, level)",
]


_V5 = [
    """CREATE TABLE reason_templates (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,
        body BLOB NOT NULL
    )""",
    "ALTER TABLE assessments ADD COLUMN reasons INTEGER REFERENCES reason_templates (id)",
    *_append_only("reason_templates"),
    _no_replace("reason_templates", {"reason_templates": ("id", "fingerprint")}),
]


#: The columns of ``strand_results``, in order: what each item of ``assessments.strands`` holds
#: after the assessment's id (the position is the item's index).
STRAND_COLUMNS = ("code", "level", "best_possible", "status", "own_level")


def _strand_value(column: str) -> str:
    """The SQL for one of :data:`STRAND_COLUMNS` of ``j``, an item of ``json_each`` over an
    assessment's ``strands``."""
    return f"json_extract(j.value, '$[{STRAND_COLUMNS.index(column)}]')"


def _strand_view() -> list[str]:
    """``strand_results`` as a view of each assessment's ``strands`` (the same columns as the
    table it replaces), refusing changes with the append-only message as the table did."""
    picks = ", ".join(f"{_strand_value(column)} AS {column}" for column in STRAND_COLUMNS)
    refusals = [
        f"CREATE TRIGGER strand_results_no_{change.lower()} INSTEAD OF {change} ON strand_results "
        "BEGIN SELECT RAISE(ABORT, 'the ictrules store is append-only: strand_results rows are "
        f"never {verb}'); END"
        for change, verb in (
            ("INSERT", "changed or replaced"),
            ("UPDATE", "changed"),
            ("DELETE", "deleted"),
        )
    ]
    return [
        f"CREATE VIEW strand_results AS SELECT a.id AS assessment, "
        f"CAST(j.key AS INTEGER) AS position, {picks} "
        "FROM assessments a, json_each(a.strands) j",
        *refusals,
    ]


def _v6_strands_in_row(connection: sqlite3.Connection) -> None:
    """Each assessment keeps its strand results in its own row (``strands``: a JSON list, in
    position order, of ``[code, level, best_possible, status, own_level]``), filled in for
    existing rows from ``strand_results``, which becomes a view of them: saving writes one row
    per assessment instead of one per strand besides."""
    connection.execute("ALTER TABLE assessments ADD COLUMN strands TEXT NOT NULL DEFAULT '[]'")
    connection.execute("DROP TRIGGER assessments_no_update")
    kept: dict[int, list[list[object]]] = {}
    for ident, *columns in connection.execute(
        f"SELECT assessment, {', '.join(STRAND_COLUMNS)} FROM strand_results "
        "ORDER BY assessment, position"
    ):
        kept.setdefault(ident, []).append(columns)
    connection.executemany(
        "UPDATE assessments SET strands = ? WHERE id = ?",
        [
            (json.dumps(rows, separators=(",", ":"), ensure_ascii=False), ident)
            for ident, rows in kept.items()
        ],
    )
    connection.execute(_append_only("assessments")[0])
    for trigger in ("no_update", "no_delete", "no_replace"):
        connection.execute(f"DROP TRIGGER strand_results_{trigger}")
    connection.execute("DROP INDEX strand_results_by_code")
    connection.execute("DROP TABLE strand_results")
    for statement in _strand_view():
        connection.execute(statement)


@attrs.frozen
class Migration:
    """One schema step: its version number, what it does, and the SQL or function that does it."""

    version: int
    description: str
    apply: Sequence[str] | Callable[[sqlite3.Connection], None]

    def run(self, connection: sqlite3.Connection) -> None:
        """Apply this step on a connection that is inside a transaction."""
        if callable(self.apply):
            self.apply(connection)
        else:
            for statement in self.apply:
                connection.execute(statement)


#: Every migration, in the order they apply.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "assessments, strand levels and framework revisions", _V1),
    Migration(
        2, "strand rows keep best possible level, status and own judgement", _v2_strand_detail
    ),
    Migration(3, "indexes for each school's latest assessment and per-strand queries", _V3),
    Migration(4, "append-only against REPLACE and UPSERT as well, and for schema_version", _V4),
    Migration(
        5,
        "what a framework's reasons say in every assessment, kept once (reason_templates); "
        "an assessment made by the engine keeps only what its reasons differ in",
        _V5,
    ),
    Migration(
        6,
        "each assessment keeps its strand results in its own row (strands); strand_results "
        "becomes a view of them",
        _v6_strands_in_row,
    ),
)

#: The schema version this library reads and writes.
SCHEMA_VERSION = MIGRATIONS[-1].version


def applied_version(connection: sqlite3.Connection) -> int:
    """The highest migration applied to a database (0 for an empty one)."""
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if exists is None:
        return 0
    row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(connection: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply the migrations after the applied version up to ``target``, in one transaction.

    The connection must be in autocommit mode (``isolation_level=None``). Returns the versions
    applied (none when the database is already at ``target``).
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        current = applied_version(connection)
        if current == 0:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, description TEXT NOT NULL)"
            )
        done = []
        for migration in MIGRATIONS:
            if current < migration.version <= target:
                migration.run(connection)
                connection.execute(
                    "INSERT INTO schema_version (version, description) VALUES (?, ?)",
                    (migration.version, migration.description),
                )
                done.append(migration.version)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return done
