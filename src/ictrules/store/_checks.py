"""Checks that keep a store safe to read and write: a regular file, undamaged, opened
read-only when asked, and errors that say what is wrong in plain words."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

from .errors import StoreError

__all__ = ["check_integrity", "damaged"]


def damaged(name: str, exc: object) -> StoreError:
    """The error for a store SQLite finds damaged."""
    return StoreError(name, f"the store is damaged ({exc}); restore it from a backup")


def _failed(name: str, exc: sqlite3.Error) -> StoreError:
    """A plain error for what SQLite reported while opening or writing."""
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return StoreError(
            name,
            f"the store is read-only ({text}): save to a store you may write to, or ask for "
            "write access to the file and its folder",
        )
    if "malformed" in text:
        return damaged(name, exc)
    return StoreError(name, text)


def _check_regular(path: Path, name: str) -> None:
    """Refuse a path that exists but is not a regular file (a folder, a pipe, a device)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing: the store creates it (or says it is missing)
    if stat.S_ISREG(mode):
        return
    kind = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a plain file"
    )
    raise StoreError(name, f"not a regular file ({kind}): a store is an SQLite file")


def _connect(path: Path, timeout: float, read_only: bool) -> sqlite3.Connection:
    """A connection in autocommit mode; read-only ones open the file with ``mode=ro``, or as
    ``immutable`` when even that cannot be done (a WAL store in a folder one may not write to,
    where SQLite cannot make its shared-memory file)."""
    if not read_only:
        return sqlite3.connect(path, timeout=timeout, isolation_level=None)
    where = "file:" + quote(str(path.resolve()))
    for flags in ("mode=ro", "mode=ro&immutable=1"):
        connection = sqlite3.connect(
            f"{where}?{flags}", uri=True, timeout=timeout, isolation_level=None
        )
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            connection.close()
            if "immutable" not in flags:  # no shared memory to be had: read it as it is
                continue
            raise
        except sqlite3.DatabaseError:
            return connection  # not a database: the caller's checks say so
        return connection
    raise AssertionError("unreachable")  # pragma: no cover


def check_integrity(db: sqlite3.Connection, name: str) -> None:
    """Refuse a store that fails ``PRAGMA quick_check``: never read from, never written to."""
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise  # another writer: the caller waits and tries again
        raise damaged(name, exc) from None
    except sqlite3.DatabaseError as exc:
        raise damaged(name, exc) from None
    if rows != [("ok",)]:
        raise damaged(name, f"{len(rows)} problem(s), the first: {rows[0][0]}")
