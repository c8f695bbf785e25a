"""The store: an append-only SQLite file of assessments, with the queries built on it.

Only the file's path is needed: opening a new file creates the schema, opening an older one
migrates it. Each save is one write transaction (``BEGIN IMMEDIATE``), so a save either lands
whole or not at all, and concurrent writers queue rather than lose work: the database runs in
WAL mode, waits for a busy lock (``timeout``) and retries a few times before giving up with
:class:`StoreBusyError`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable
from itertools import compress, repeat
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar, cast

import attrs

from .._convert import compact_sorted
from .._reasons import Shapes
from .._text import preview
from ..assessments import Assessment
from ..errors import Problem
from ..evidence import Evidence, School, _compact_text, _id_problem
from ..frameworks import Level
from ._checks import _check_regular, _connect, _failed, check_integrity, damaged
from ._record import expand, keep, shapes_from
from ._schema import SCHEMA_VERSION, applied_version, migrate
from ._strands import strand_rows, strands_column, strands_of
from .cohort import CohortSummary, SchoolStanding, cohort_summary, strand_standings
from .errors import (
    AmbiguousSchoolError,
    StoreBusyError,
    StoreError,
    UnknownAssessmentError,
    UnknownSchoolError,
)
from .progress import (
    EvidenceChanges,
    SchoolHistory,
    compare_derived,
    compare_evidence,
    history_tracks,
)
from .records import AssessmentSummary, StoredAssessment, evidence_from_document
from .versions import (
    FrameworkRevision,
    FrameworkSource,
    StrandDefinition,
    VersionComparison,
    compare_revisions,
    revision_of,
    version_key,
)

__all__ = ["PreparedAssessment", "Store", "prepare_assessment"]

T = TypeVar("T")

#: What :meth:`Store.save` accepts to learn what each strand meant: an engine (its criteria
#: include those other plugins add), a compiled framework, or a bare framework.

_LATEST = """
    SELECT id, revision FROM (
        SELECT id, revision, row_number() OVER (
            PARTITION BY school ORDER BY as_of DESC, id DESC
        ) AS n
        FROM assessments WHERE framework = ? AND as_of <= ?
    ) WHERE n = 1
"""


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class Store:
    """An ictrules store in one SQLite file.

    ``create=False`` refuses to create a missing file (for commands that only read);
    ``read_only=True`` opens the file read-only (a store in a folder one may not write to can
    still be read), and any save then fails saying so. A store must be a regular file and pass
    SQLite's ``PRAGMA quick_check``: a damaged one is refused, never read or written.
    ``timeout`` is how long, in seconds, each attempt waits for another writer's lock;
    ``retries`` how many more attempts a save makes before raising :class:`StoreBusyError`.
    ``on_wait``, when given, is called (once) when a save finds another process writing and
    starts to wait for it, so that a caller can say so rather than seem to hang.
    Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        timeout: float = 10.0,
        retries: int = 5,
        read_only: bool = False,
        on_wait: Callable[[], object] | None = None,
    ) -> None:
        self.path = Path(path)
        self._name = str(path)
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise ValueError(f"retries must be a whole number of 0 or more, got {retries!r}")
        self._retries = retries
        self._timeout = timeout
        self._on_wait = on_wait
        self._kept_shapes: dict[int, Shapes] = {}  # shapes of reasons read, by row id
        self.read_only = read_only
        if (read_only or not create) and not self.path.exists():
            raise StoreError(self._name, "no such store file")
        folder = self.path.parent
        if not folder.is_dir():
            raise StoreError(
                self._name,
                f"no folder {str(folder)!r} to make the store in: create it, or name a store "
                "in a folder that exists",
            )
        _check_regular(self.path, self._name)
        try:
            self._db = _connect(self.path, timeout, read_only)
        except sqlite3.Error as exc:
            raise StoreError(self._name, f"cannot open: {exc}") from None
        try:
            self._retrying(self._prepare)  # another process may be creating the same store
        except sqlite3.OperationalError as exc:  # a read-only folder, say
            self._db.close()
            raise _failed(self._name, exc) from None
        except BaseException:
            self._db.close()
            raise

    def _prepare(self) -> None:
        try:
            tables = self._db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            ).fetchall()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
                raise  # locked while another process sets the store up: tried again
            if "malformed" in str(exc) or "readonly" in str(exc):
                raise _failed(self._name, exc) from None
            raise StoreError(self._name, f"not an SQLite database ({exc})") from None
        self._retrying(lambda: check_integrity(self._db, self._name))
        version = applied_version(self._db)
        if version == 0 and tables:
            names = ", ".join(sorted(name for (name,) in tables))
            raise StoreError(
                self._name,
                f"an SQLite database that is not an ictrules store (it holds tables: {names})",
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                self._name,
                f"written by a newer ictrules (schema version {version}; this version reads up "
                f"to {SCHEMA_VERSION}): upgrade ictrules to read it",
            )
        if self.read_only:
            if version == 0:
                raise StoreError(self._name, "an empty file: no assessments have been saved to it")
            if version < SCHEMA_VERSION:
                raise StoreError(
                    self._name,
                    f"written by an older ictrules (schema version {version}; this version reads "
                    f"{SCHEMA_VERSION}), and opened only to read: upgrade it by saving to it once "
                    "(ictrules assess FILE --store STORE) or opening it with Store(path), which "
                    "migrates it and keeps every assessment",
                )
            return
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            self._retrying(lambda: migrate(self._db))

    # --- the connection ------------------------------------------------------------------------

    def close(self) -> None:
        """Close the database connection; using the store after is a :class:`StoreError`."""
        self._db.close()
        self._db = _Closed(self._name)  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            raise damaged(self._name, exc) from None  # found while reading: say so plainly

    @property
    def schema_version(self) -> int:
        """The schema version of the open file (always the library's after opening)."""
        return applied_version(self._db)

    def _retrying(self, attempt: Callable[[], T]) -> T:
        """Call ``attempt`` until it does not find the store locked, a few times at most."""
        for number in range(1, self._retries + 2):
            try:
                return attempt()
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise _failed(self._name, exc) from None
                if number > self._retries:
                    raise StoreBusyError(
                        self._name,
                        f"another process kept the store locked ({exc}); gave up after "
                        f"{number} attempts: try again when it has finished (from Python, "
                        "Store(..., timeout=SECONDS) waits longer)",
                    ) from None
                time.sleep(0.05 * number + random.random() * 0.05)
        raise AssertionError("unreachable")  # pragma: no cover

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` in one write transaction: all of it lands, or none of it."""

        def attempt() -> T:
            self._begin()
            try:
                result = work(self._db)
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            return result

        return self._retrying(attempt)

    def _begin(self) -> None:
        """Begin a write transaction; with ``on_wait``, a short first try tells whether another
        process is writing, so the caller hears before the long wait starts."""
        on_wait, self._on_wait = self._on_wait, None  # told once at most
        if on_wait is None:
            self._db.execute("BEGIN IMMEDIATE")
            return
        self._db.execute(f"PRAGMA busy_timeout = {min(250, int(self._timeout * 1000))}")
        try:
            self._db.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
            on_wait()
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
        self._db.execute("BEGIN IMMEDIATE")  # now as long as the store waits

    # --- saving --------------------------------------------------------------------------------

    def save(
        self,
        assessment: Assessment,
        evidence: Evidence,
        framework: FrameworkSource,
        *,
        school: School | None = None,
    ) -> int:
        """Save one assessment with the evidence it was made from; returns its id.

        ``framework`` tells the store what each strand meant (see :data:`FrameworkSource`).
        ``school`` overrides the school the assessment names (one is required). Nothing saved
        is ever changed. Saving the same assessment again (the same school, framework
        revision, ``as_of``, evidence and result) adds nothing and returns the id it was saved
        under; any other assessment is added.
        """
        return self.save_many([(assessment, evidence)], framework, school=school)[0]

    def save_many(
        self,
        items: Iterable[tuple[Assessment, Evidence] | PreparedAssessment],
        framework: FrameworkSource,
        *,
        school: School | None = None,
    ) -> list[int]:
        """Save many assessments in one transaction (all or none); returns their ids in order.

        Each item is an ``(assessment, evidence)`` pair, or the same already serialised by
        :func:`prepare_assessment` (in a worker process, say: the work of saving is then done
        where the assessment was made, and only bytes travel). ``school`` overrides the school
        each pair names; a prepared item keeps the school it was prepared with. Raises
        :class:`StoreError` for an item that names no school, or one whose id an evidence file
        could not give (empty, spaces at either end, a line break), or that does not match
        ``framework``.
        """
        prepared = [
            item if isinstance(item, PreparedAssessment) else prepare_assessment(*item, school)
            for item in items
        ]
        revisions: dict[tuple[str, str], FrameworkRevision] = {}
        for item in prepared:
            key = (item.framework, item.framework_version)
            if key not in revisions:
                revisions[key] = self._check_revision(item, framework)
            if item.school is None:
                raise StoreError(
                    self._name,
                    "the assessment names no school: give a [school] id in the evidence, "
                    "or pass school=",
                )
            problem = _id_problem(item.school.id)  # as evidence files are held to: one rule
            if not isinstance(item.school.id, str):  # a file's whole number is read as text
                problem = Problem("school.id", f"expected text, got {preview(item.school.id)}")
            if problem is not None:
                raise StoreError(self._name, f"nothing saved: {problem}")

        def work(db: sqlite3.Connection) -> list[int]:
            revision_ids = {key: _revision_id(db, rev) for key, rev in revisions.items()}
            shapes_ids: dict[str, int] = {}  # by digest: looked up, or added, once a save
            saved = []
            for item in prepared:
                revision = revision_ids[(item.framework, item.framework_version)]
                reasons = None
                if item.shapes is not None:
                    reasons = shapes_ids.get(item.shapes[0])
                    if reasons is None:
                        reasons = shapes_ids[item.shapes[0]] = _shapes_id(db, item.shapes)
                same = self._saved_before(db, item, revision, reasons)
                if same is not None:  # the same assessment again: saved once
                    saved.append(same)
                    continue
                saved.append(_insert_assessment(db, item.row, revision, reasons))
            return saved

        try:
            return self._write(work)
        except UnicodeEncodeError as exc:  # SQLite keeps text as UTF-8, which has no such text
            raise StoreError(
                self._name,
                f"an assessment or its evidence holds text that is not Unicode "
                f"({exc.object[exc.start : exc.end]!r}, a lone surrogate, as a file decoded "
                "the wrong way gives): nothing was saved; correct the value where it came from",
            ) from None

    def _saved_before(
        self, db: sqlite3.Connection, item: PreparedAssessment, revision: int, reasons: int | None
    ) -> int | None:
        """The id of a saved assessment that ``item`` is again, or ``None``: the same school
        (id and name), framework revision, ``as_of`` and evidence, and the same assessment of
        them. An assessment made with other attachments (an inventory) or a plugin's criteria
        changed since, or without its reasons, is another. The same assessment is kept to the
        same bytes, unless a version before saved it otherwise: then the two are read and
        compared."""
        school, name, framework, version, as_of = item.row[:5]
        evidence, record = item.row[7], item.row[10]
        candidates = db.execute(
            "SELECT id, revision, assessment, reasons FROM assessments WHERE school = ? "
            "AND framework = ? AND as_of = ? AND school_name = ? AND framework_version = ? "
            "AND evidence = ? ORDER BY id",
            (school, framework, as_of, name, version, evidence),
        ).fetchall()
        mine: dict[str, Any] | None = None
        facts: dict[str, Any] = {}
        for ident, saved_revision, saved_record, saved_reasons in candidates:
            if saved_revision != revision:
                continue
            if saved_record == record and saved_reasons == reasons:
                return int(ident)
            if mine is None:
                facts = json.loads(str(evidence)).get("facts", {})
                shapes = None if item.shapes is None else shapes_from(item.shapes[1])
                mine = expand(cast(bytes, record), shapes, facts)
            try:
                kept = None if saved_reasons is None else _shapes_in(db, saved_reasons)
                theirs = expand(saved_record, kept, facts)
            except (zlib.error, ValueError, LookupError, TypeError, AttributeError):
                continue  # a damaged row is no assessment to be the same as
            if theirs == mine:
                return int(ident)
        return None

    def _check_revision(
        self, assessment: PreparedAssessment, source: FrameworkSource
    ) -> FrameworkRevision:
        try:
            revision = revision_of(source, assessment.framework)
        except LookupError:
            raise StoreError(
                self._name,
                f"the framework given does not define {assessment.framework!r}, "
                "the assessment's framework",
            ) from None
        given = f"{revision.framework} {revision.version}"
        made = f"{assessment.framework} {assessment.framework_version}"
        if given != made:
            raise StoreError(
                self._name,
                f"the assessment was made under {made} but the framework given is {given}",
            )
        unknown = [row[1] for row in assessment.strands if revision.strand(str(row[1])) is None]
        if unknown:
            raise StoreError(
                self._name,
                f"the assessment has strands {unknown} that {given} does not define",
            )
        return revision

    # --- reading -------------------------------------------------------------------------------

    def load(self, assessment_id: int) -> StoredAssessment:
        """One saved assessment, exactly as saved (raises :class:`UnknownAssessmentError`)."""
        if type(assessment_id) is not int or not 0 < assessment_id < 2**63:  # SQLite's ids
            raise UnknownAssessmentError(self._name, assessment_id)
        row = self._db.execute(
            "SELECT id, school, school_name, framework, framework_version, as_of, "
            "engine_version, plugins, evidence, evidence_dates, evidence_source, assessment, "
            "reasons FROM assessments WHERE id = ?",
            (assessment_id,),
        ).fetchone()
        if row is None:
            raise UnknownAssessmentError(self._name, assessment_id)
        (ident, school, name, framework, version, as_of, engine, plugins) = row[:8]
        evidence_json, dates, source, blob, reasons = row[8:]
        try:
            document = json.loads(evidence_json)
            evidence = evidence_from_document(document, tuple(json.loads(dates)), source)
            assessment = Assessment.from_dict(
                expand(blob, self._shapes(reasons), document.get("facts", {}))
            )
            day, used = self._day(ident, as_of), json.loads(plugins)
        except (zlib.error, ValueError, LookupError, TypeError, AttributeError) as exc:
            # a row changed by something other than ictrules: the triggers stop only SQL
            raise damaged(self._name, f"saved assessment #{ident} cannot be read: {exc}") from None
        return StoredAssessment(
            id=ident,
            school=School(school, name),
            framework=framework,
            framework_version=version,
            as_of=day,
            engine_version=engine,
            plugins=used,
            evidence=evidence,
            assessment=assessment,
            latest_version=self._latest_revision(framework).version,
        )

    def _day(self, ident: int, text: str) -> dt.date:
        """Saved assessment ``ident``'s ``as_of``: a date changed by hand is a damaged store."""
        try:
            return dt.date.fromisoformat(text)
        except (ValueError, TypeError):
            raise damaged(self._name, f"saved assessment #{ident}'s date {text!r}") from None

    def _shapes(self, ident: int | None) -> Shapes | None:
        """The shapes of reasons kept in row ``ident`` of ``reason_templates`` (``None`` for an
        assessment kept whole), read once per store (saved rows never change)."""
        if ident is None:
            return None
        shapes = self._kept_shapes.get(ident)
        if shapes is None:
            shapes = self._kept_shapes[ident] = _shapes_in(self._db, ident)
        return shapes

    def assessments(
        self, school: str | None = None, framework: str | None = None
    ) -> tuple[AssessmentSummary, ...]:
        """Every saved assessment (of one school, under one framework), in the order saved."""
        query = (
            "SELECT id, school, school_name, framework, framework_version, as_of FROM assessments"
        )
        clauses, args = [], []
        if school is not None:
            clauses.append("school = ?")
            args.append(school)
        if framework is not None:
            clauses.append("framework = ?")
            args.append(framework)
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        return tuple(
            AssessmentSummary(i, School(s, n), f, v, self._day(i, d))
            for i, s, n, f, v, d in self._db.execute(query + " ORDER BY id", args)
        )

    def count(self) -> int:
        """How many assessments the store holds."""
        return int(self._db.execute("SELECT count(*) FROM assessments").fetchone()[0])

    def schools(self, framework: str | None = None) -> tuple[School, ...]:
        """Every school assessed (under one framework), by id, with its most recent name."""
        query = (
            "SELECT school, school_name FROM assessments WHERE id IN "
            "(SELECT max(id) FROM assessments {} GROUP BY school) ORDER BY school"
        )
        where, args = ("WHERE framework = ?", (framework,)) if framework else ("", ())
        return tuple(School(s, n) for s, n in self._db.execute(query.format(where), args))

    def find_school(self, query: str, framework: str | None = None) -> School:
        """The school whose id is ``query``, or else whose id or name is, ignoring case and
        spaces at either end (when only one school matches that way).

        Raises :class:`UnknownSchoolError` with the closest id or name as a suggestion, or
        :class:`AmbiguousSchoolError` (one of those) when several schools match; an empty
        ``query`` is a :class:`StoreError`.
        """
        where, args = ("AND framework = ?", (query, framework)) if framework else ("", (query,))
        row = self._db.execute(
            f"SELECT school_name FROM assessments WHERE school = ? {where} "
            "ORDER BY id DESC LIMIT 1",
            args,
        ).fetchone()
        if row is not None:
            return School(query, row[0])
        schools = self.schools(framework)
        wanted = query.strip().casefold()
        if not wanted:
            raise StoreError(self._name, "no school given: give a school's id or name")
        for matches in (
            [s for s in schools if s.id.strip().casefold() == wanted],
            [s for s in schools if s.name.strip().casefold() == wanted],
        ):
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise AmbiguousSchoolError(
                    self._name,
                    query,
                    [(s.id, s.name) for s in matches],
                    [(s.id, s.name) for s in schools],
                )
        raise UnknownSchoolError(self._name, query, [(s.id, s.name) for s in schools])

    def frameworks(self) -> tuple[str, ...]:
        """The ids of the frameworks the store holds assessments under."""
        rows = self._db.execute("SELECT DISTINCT framework FROM framework_revisions ORDER BY 1")
        return tuple(framework for (framework,) in rows)

    def framework_id(self, framework: str | None = None) -> str:
        """Check a framework id against the store; with none, the only framework it holds."""
        known = self.frameworks()
        if framework is None:
            if len(known) == 1:
                return known[0]
            if not known:
                raise StoreError(self._name, "the store holds no assessments")
            raise StoreError(
                self._name,
                f"the store holds assessments under several frameworks ({', '.join(known)}): "
                "name one",
            )
        if framework not in known:
            from ..errors import closest

            hint = closest(framework, known)
            listing = ", ".join(known) or "none"
            message = f"no assessments under framework {framework!r}; frameworks held: {listing}"
            raise StoreError(self._name, message + (f" ({hint})" if hint else ""))
        return framework

    # --- framework versions --------------------------------------------------------------------

    def _revision_table(self, framework: str) -> dict[int, FrameworkRevision]:
        """Every recorded revision of a framework by its row id, in the order recorded."""
        table: dict[int, FrameworkRevision] = {}
        rows = self._db.execute(
            "SELECT id, version, title, scale, fingerprint FROM framework_revisions "
            "WHERE framework = ? ORDER BY id",
            (framework,),
        ).fetchall()
        for ident, version, title, scale, fingerprint in rows:
            strands = tuple(
                StrandDefinition(*row)
                for row in self._db.execute(
                    "SELECT code, title, section, fingerprint FROM revision_strands "
                    "WHERE revision = ? ORDER BY position",
                    (ident,),
                )
            )
            try:
                pairs = tuple(Level(value, label) for value, label in json.loads(scale))
            except (ValueError, TypeError) as exc:  # changed by hand: the triggers stop only SQL
                raise damaged(self._name, f"framework revision #{ident}'s scale: {exc}") from None
            table[ident] = FrameworkRevision(framework, version, title, pairs, strands, fingerprint)
        return table

    def revisions(self, framework: str | None = None) -> tuple[FrameworkRevision, ...]:
        """Every recorded revision of a framework, oldest version first (versions compare
        number by number, see :func:`version_key`; one version recorded twice, say after a
        plugin added criteria, sorts in the order recorded)."""
        table = self._revision_table(self.framework_id(framework))
        return tuple(table[ident] for ident in sorted(table, key=_by_version(table)))

    def versions(self, framework: str | None = None) -> tuple[str, ...]:
        """The versions of a framework the store holds assessments under, oldest first."""
        return tuple(dict.fromkeys(revision.version for revision in self.revisions(framework)))

    def _latest_revision(self, framework: str) -> FrameworkRevision:
        return self.revisions(framework)[-1]

    def compare_versions(
        self, old_version: str, new_version: str, framework: str | None = None
    ) -> VersionComparison:
        """Which strands changed meaning between two versions of a framework in the store.

        Where a version was recorded in more than one revision (another plugin added criteria
        later, say), its most recently recorded revision is used.
        """
        framework = self.framework_id(framework)
        by_version = {revision.version: revision for revision in self.revisions(framework)}
        for version in (old_version, new_version):
            if version not in by_version:
                raise StoreError(
                    self._name,
                    f"no assessments under {framework} version {version!r}; versions held: "
                    + ", ".join(self.versions(framework)),
                )
        return compare_revisions(by_version[old_version], by_version[new_version])

    # --- progress ------------------------------------------------------------------------------

    def history(self, school: str, framework: str | None = None) -> SchoolHistory:
        """One school's assessments under a framework, oldest first, with each strand's level
        over time and the evidence changes between the last two (``school`` is an id or name)."""
        framework = self.framework_id(framework)
        found = self.find_school(school, framework)
        revisions = self._revision_table(framework)
        latest = self._latest_revision(framework)
        rows = self._db.execute(
            "SELECT id, as_of, framework_version, revision, engine_version, strands "
            "FROM assessments WHERE school = ? AND framework = ? ORDER BY as_of, id",
            (found.id, framework),
        ).fetchall()
        strand_rows = [
            (row[0], *strand)
            for row in rows
            for strand in self._strands(row[0], row[5], revisions[row[3]])
        ]
        for row in rows:
            self._day(row[0], row[1])  # a date changed by hand: damage, said as such
        entries, tracks = history_tracks([row[:5] for row in rows], strand_rows, revisions, latest)
        changes = None
        if len(entries) >= 2:
            changes = self.evidence_changes(entries[-2].assessment, entries[-1].assessment)
        return SchoolHistory(
            found, framework, latest.version, latest.scale, tuple(entries), tuple(tracks), changes
        )

    def evidence_changes(self, old_id: int, new_id: int) -> EvidenceChanges:
        """What changed in the evidence from one saved assessment to another."""
        old, new = self.load(old_id), self.load(new_id)
        facts, judgements = compare_evidence(old.evidence, new.evidence)
        given = set(old.evidence.facts) | set(new.evidence.facts)
        facts = tuple(
            sorted(
                facts + compare_derived(old.assessment, new.assessment, given),
                key=lambda change: change.fact,
            )
        )
        return EvidenceChanges(old_id, new_id, old.as_of, new.as_of, facts, judgements)

    def cohort(
        self, framework: str | None = None, *, as_of: dt.date | None = None
    ) -> CohortSummary:
        """Per strand, the distribution of levels across every school's latest assessment
        (made on or before ``as_of`` when given). See :mod:`ictrules.store.cohort`."""
        return self._cohort(self.framework_id(framework), as_of)[0]

    def _cohort(
        self, framework: str, as_of: dt.date | None
    ) -> tuple[CohortSummary, FrameworkRevision]:
        cutoff = "9999-12-31" if as_of is None else as_of.isoformat()
        revisions = self._revision_table(framework)
        per_revision = self._db.execute(
            f"SELECT revision, count(*) FROM ({_LATEST}) GROUP BY revision", (framework, cutoff)
        ).fetchall()
        if not per_revision:
            raise StoreError(self._name, f"no assessments under {framework} on or before {cutoff}")
        newest = max((ident for ident, _ in per_revision), key=_by_version(revisions))
        reference = revisions[newest]
        tally: dict[tuple[str, str, int], list[int]] = {}  # schools, and provisional ones
        fingerprints: dict[int, dict[str, str]] = {}  # per revision, each strand's meaning
        for ident, revision, text in self._db.execute(
            f"SELECT a.id, l.revision, a.strands FROM ({_LATEST}) l "
            "JOIN assessments a ON a.id = l.id",
            (framework, cutoff),
        ):
            meanings = fingerprints.get(revision)
            if meanings is None:
                strands = revisions[revision].strands
                meanings = fingerprints[revision] = {s.code: s.fingerprint for s in strands}
            for code, level, _, status, _ in self._strands(ident, text, revisions[revision]):
                if code in meanings:
                    counts = tally.setdefault((code, meanings[code], level), [0, 0])
                    counts[0] += 1
                    counts[1] += status == "provisional"
        grouped = [(*key, schools, provisional) for key, (schools, provisional) in tally.items()]
        counted = [(revisions[ident].version, count) for ident, count in per_revision]
        summary = cohort_summary(framework, as_of, reference, counted, grouped)
        return summary, reference

    def standing(
        self, school: str, framework: str | None = None, *, as_of: dt.date | None = None
    ) -> SchoolStanding:
        """Where one school's latest assessment stands in the cohort, strand by strand."""
        framework = self.framework_id(framework)
        found = self.find_school(school, framework)
        cutoff = "9999-12-31" if as_of is None else as_of.isoformat()
        row = self._db.execute(
            "SELECT id, as_of, framework_version, revision FROM assessments "
            "WHERE school = ? AND framework = ? AND as_of <= ? ORDER BY as_of DESC, id DESC",
            (found.id, framework, cutoff),
        ).fetchone()
        if row is None:
            raise StoreError(
                self._name, f"no assessment of school {found.id!r} on or before {cutoff}"
            )
        ident, school_as_of, version, revision_id = row
        revision = self._revision_table(framework)[revision_id]
        summary, reference = self._cohort(framework, as_of)
        (strands,) = self._db.execute(
            "SELECT strands FROM assessments WHERE id = ?", (ident,)
        ).fetchone()
        levels = {code: level for code, level, *_ in self._strands(ident, strands, revision)}
        standings = strand_standings(summary, reference, revision, levels)
        return SchoolStanding(
            found,
            ident,
            self._day(ident, school_as_of),
            framework,
            version,
            summary,
            standings,
        )

    def _strands(self, ident: int, text: str, revision: FrameworkRevision) -> list[list[Any]]:
        """Assessment ``ident``'s strand results from its ``strands`` column (see
        :func:`~ictrules.store._strands.strands_of`), judged on ``revision``'s scale: a column
        changed by hand is a damaged store."""
        try:
            return strands_of(text, {level.value for level in revision.scale})
        except ValueError as exc:
            raise damaged(self._name, f"saved assessment #{ident}'s strands: {exc}") from None


def _by_version(table: dict[int, FrameworkRevision]) -> Callable[[int], Any]:
    return lambda ident: (version_key(table[ident].version), ident)


def _revision_id(db: sqlite3.Connection, revision: FrameworkRevision) -> int:
    row = db.execute(
        "SELECT id FROM framework_revisions WHERE framework = ? AND version = ? "
        "AND fingerprint = ?",
        (revision.framework, revision.version, revision.fingerprint),
    ).fetchone()
    if row is not None:
        return int(row[0])
    cursor = db.execute(
        "INSERT INTO framework_revisions (framework, version, title, scale, fingerprint) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            revision.framework,
            revision.version,
            revision.title,
            compact_sorted([[level.value, level.label] for level in revision.scale]),
            revision.fingerprint,
        ),
    )
    ident = int(cursor.lastrowid or 0)
    db.executemany(
        "INSERT INTO revision_strands (revision, position, code, title, section, fingerprint) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (ident, position, s.code, s.title, s.section, s.fingerprint)
            for position, s in enumerate(revision.strands)
        ],
    )
    return ident


@attrs.frozen
class PreparedAssessment:
    """An assessment and the evidence it was made from, serialised as the store saves them:
    made by :func:`prepare_assessment`, saved by :meth:`Store.save_many`. It holds only strings,
    numbers and bytes (the assessment's record: JSON, compressed by zlib when over 2 KB), so it
    is cheap to send from a worker process; the store's checks (the framework revision, a
    school named) happen on saving.

    ``school`` is the school it is saved under (``None``: none named, which saving refuses);
    ``source`` the evidence file's name (``None`` when not from a file); ``row`` the assessment's
    column values (all but its framework revision, empty without a school); ``strands`` one row
    per strand result: position, code, level, best possible level, status and own level;
    ``shapes``, when the assessment's record keeps only what it differs in from other
    assessments, the digest and compressed JSON of what the framework says in every one (kept
    once).
    """

    framework: str
    framework_version: str
    school: School | None
    source: str | None
    row: tuple[object, ...]
    strands: tuple[tuple[object, ...], ...]
    shapes: tuple[str, bytes] | None = None


def prepare_assessment(
    assessment: Assessment, evidence: Evidence, school: School | None = None
) -> PreparedAssessment:
    """``assessment`` and ``evidence`` serialised for the store (see :class:`PreparedAssessment`):
    under ``school``, or the school the assessment or else the evidence names. Pure: the same
    arguments give the same bytes in any process, so a store saved from worker processes holds
    exactly what a serial run saves."""
    who = school or assessment.school or evidence.school
    if who is None:
        return PreparedAssessment(
            assessment.framework,
            assessment.framework_version,
            who,
            evidence.source,
            (),
            tuple(strand_rows(assessment)),
        )
    kept = keep(assessment, evidence)
    strands = tuple(strand_rows(assessment))
    return PreparedAssessment(
        assessment.framework,
        assessment.framework_version,
        who,
        evidence.source,
        (*_row(assessment, evidence, who, kept.record), strands_column(strands)),
        strands,
        kept.shapes,
    )


def _row(
    assessment: Assessment, evidence: Evidence, school: School, record: bytes
) -> tuple[object, ...]:
    """An assessment's column values (all but its revision and the shapes of its reasons),
    serialised before the transaction starts so the write lock is held only for the inserts;
    ``record`` is the assessment as kept (see :func:`~ictrules.store._record.keep`)."""
    facts = evidence.facts  # the facts whose values are dates, found in C: no Python per fact
    dates = sorted(compress(facts, map(isinstance, facts.values(), repeat(dt.date))))
    return (
        school.id,
        school.name,
        assessment.framework,
        assessment.framework_version,
        assessment.as_of.isoformat(),
        assessment.engine_version,
        compact_sorted(dict(assessment.plugins)),
        _compact_text(evidence),
        compact_sorted(dates),
        evidence.source,
        record,
    )


def _insert_assessment(
    db: sqlite3.Connection, row: tuple[object, ...], revision: int, reasons: int | None
) -> int:
    cursor = db.execute(
        "INSERT INTO assessments (school, school_name, framework, framework_version, as_of, "
        "engine_version, plugins, evidence, evidence_dates, evidence_source, assessment, "
        "strands, revision, reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*row, revision, reasons),
    )
    return int(cursor.lastrowid or 0)


def _shapes_in(db: sqlite3.Connection, ident: int) -> Shapes:
    """The shapes kept in row ``ident`` of ``reason_templates``; ``ValueError`` if there is no
    such row (a row changed by hand). Read, not kept: within a save the row may be one the
    transaction added, which a rollback would take away."""
    row = db.execute("SELECT body FROM reason_templates WHERE id = ?", (ident,)).fetchone()
    if row is None:
        raise ValueError(f"no reason_templates row {ident}")
    return shapes_from(row[0])


def _shapes_id(db: sqlite3.Connection, shapes: tuple[str, bytes]) -> int:
    """The row of ``reason_templates`` holding ``shapes`` (digest, compressed JSON), added if
    no saved row does."""
    digest, body = shapes
    row = db.execute("SELECT id FROM reason_templates WHERE fingerprint = ?", (digest,)).fetchone()
    if row is not None:
        return int(row[0])
    cursor = db.execute(
        "INSERT INTO reason_templates (fingerprint, body) VALUES (?, ?)", (digest, body)
    )
    return int(cursor.lastrowid or 0)


class _Closed:
    """Stands for the connection of a closed store: whatever is asked of it says so."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        if attribute == "close":
            return lambda: None  # closing again is harmless
        raise StoreError(self._name, "the store is closed: open it again with Store(path)")
