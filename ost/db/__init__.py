"""Opening the database: one file under ``$OST_HOME``, its schema brought up to date by the
migrations of ``ost.db.schema`` whenever it opens; and one line for any failure of it a user meets.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from ost import diskfull, paths
from ost.db import schema
from ost.errors import OstError
from ost.text import natural_key

SQLITE_HEADER = b"SQLite format 3\x00"
NATURAL_KEY = "natural_key"  # the SQL function of ``text.natural_key`` on every connection
BY_ID = NATURAL_KEY + "({0}), {0}"
"""An ORDER BY of ids (``BY_ID.format("t.id")``): as a person reads them, then as text."""
BUSY_SECONDS = 10.0  # how long a statement waits for another process's write to finish


def open_db(path: Path | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) the database and bring its schema up to date.

    The connection is made here and handed to sqlite-utils with its plugins off: plugin
    discovery reads every installed package's entry points, which costs more than the rest of
    start-up. A file that is not ost's, or was written by a newer ost, is refused before
    anything is written to it. The journal is a write-ahead log, so that a reader never waits
    for (or sees part of) a long write such as a large import.
    """
    path = path or paths.db_path()
    _check_header(path)
    try:
        db = sqlite_utils.Database(_connect(path), execute_plugins=False)
        if _up_to_date(db):
            _check_schema(db, path)  # a newer ost's migrations are refused all the same
        else:
            with setting_up(path):  # another ost starting now may be creating it: one at a time
                _check_schema(db, path)
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.execute("PRAGMA journal_mode = WAL")
                schema.migrations.apply(db)
        db.execute("PRAGMA foreign_keys = ON")
        # Ids in listings sort as a person reads them ("s1-user2" before "s1-user10").
        db.conn.create_function(NATURAL_KEY, 1, natural_key, deterministic=True)
    except sqlite3.DatabaseError as e:
        raise OstError(explain(e, path)) from None
    return db


def _up_to_date(db: sqlite_utils.Database) -> bool:
    """Whether the database needs nothing done: write-ahead log on, every migration applied.
    Read-only, so that the usual open takes no lock and works on a read-only file."""
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        return False
    if not db.execute(
        "select 1 from sqlite_master where type = 'table' and name = ?",
        [schema.migrations.migrations_table],
    ).fetchone():
        return False
    applied = {
        r[0]
        for r in db.execute(
            f"select name from [{schema.migrations.migrations_table}] where migration_set = ?",
            [schema.migrations.name],
        )
    }
    return schema.known_migrations() <= applied


SETUP_WAIT = 120.0  # how long an ost waits for another one that is creating or migrating the db


@contextlib.contextmanager
def setting_up(path: Path, wait: float = SETUP_WAIT) -> Iterator[None]:
    """Hold the set-up lock (an ``flock`` on a file beside the database) while the block creates,
    migrates or refreshes the database, so that two ost processes starting together on a new
    ``OST_HOME`` do it one after the other: the second then finds it done. Not reentrant. A
    folder where the lock file cannot be made (read-only) goes on without it: nothing can be
    written there anyway, and the write says so.

    The holder removes the file before it lets go, so none is left in ``OST_HOME``. Another ost
    may have opened that file and be waiting on it: once it has the lock, it checks that the file
    it locked is still the one at the path, and if not, it opens the path afresh and waits there,
    so two never hold the lock at once (one on the removed file, one on a new one)."""
    lock_path = path.with_name(path.name + ".setup-lock")
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            yield
            return
        try:
            _flock(fd, path, wait, deadline)
        except BaseException:
            os.close(fd)
            raise
        if _is_at(fd, lock_path):
            break
        os.close(fd)  # its holder removed it on ending: wait on the file there now, if any
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock_path.unlink()  # while still holding it: see above
        os.close(fd)  # closing releases the flock


def _flock(fd: int, path: Path, wait: float, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise OstError(
                    f"{path}: another ost has been setting up the database for {wait:g} s; "
                    "try again when it has ended"
                ) from None
            time.sleep(0.05)


def _is_at(fd: int, path: Path) -> bool:
    """Whether the open file ``fd`` is the file now at ``path``."""
    try:
        there = os.stat(path)
    except OSError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_SECONDS)


def _check_header(path: Path) -> None:
    from ost.reading import not_regular

    try:
        kind = not_regular(path.stat().st_mode)
        if kind:  # opening a FIFO would wait for a writer for ever
            raise OstError(
                f"{path}: not a usable ost database ({kind}, not a file); ost leaves it "
                "untouched: move it away, or set OST_HOME to another folder"
            )
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as e:
        raise OstError(f"{path}: cannot read the database ({e.strerror})") from None
    if head and head != SQLITE_HEADER[: len(head)]:
        raise OstError(
            f"{path}: not a usable ost database (not SQLite: another program's file?); ost "
            "leaves it untouched: move it away, or set OST_HOME to another folder"
        )


def _check_schema(db: sqlite_utils.Database, path: Path) -> None:
    """Refuse a foreign SQLite file and one a newer ost has migrated, before writing to either."""
    tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table'")]
    if not set(tables) - {schema.migrations.migrations_table}:
        return  # a new, empty database (or one whose creation stopped before its first migration)
    applied: list[str] = []
    if schema.migrations.migrations_table in tables:
        applied = [
            r[0]
            for r in db.execute(
                f"select name from [{schema.migrations.migrations_table}] where migration_set = ?",
                [schema.migrations.name],
            )
        ]
    if not applied:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise OstError(
            f"{path} is an SQLite database, but not ost's (its tables: {shown}); ost adds "
            "nothing to it: move it away, or set OST_HOME to another folder"
        )
    unknown = [name for name in applied if name not in schema.known_migrations()]
    if unknown:
        raise OstError(
            f"{path} was written by a newer ost (it has migration {unknown[0]}, which this "
            f"version does not know); upgrade ost, or move the file away to start afresh"
        )


def explain(error: sqlite3.Error, path: Path | None = None) -> str:
    """One line for a database failure a user can meet: full disk, damaged file, read-only,
    busy. Only a damaged file is one to move away: a full or failing disk leaves it as it was."""
    where = path or paths.db_path()
    text = str(error)
    full = _disk_full(error, where)
    if full:
        return diskfull.message(where, full)
    if "malformed" in text or "not a database" in text or "disk image" in text:
        return (
            f"{where}: the database file is damaged ({text}); nothing more was written. "
            "Restore it from a backup, or move it away to start afresh"
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return (
            f"{where}: the database (or its folder {where.parent}) is read-only; ost can "
            "only read it. Make both writable, or set OST_HOME to a writable folder"
        )
    if "locked" in text or "busy" in text:
        return f"{where}: the database is busy (is another ost running?)"
    if _primary_code(error) == sqlite3.SQLITE_IOERR or "I/O error" in text:
        return (
            f"{where}: the disk holding the database failed to read or write ({text}); the "
            "file itself may be intact. Check the disk, then run the command again"
        )
    return f"{where}: the database cannot be used ({text})"


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)  # absent on errors made by hand
    return None if code is None else code & 0xFF


def _disk_full(error: sqlite3.Error, where: Path) -> str | None:
    """Why the disk counts as full, when it does and is the cause of ``error``."""
    text, code = str(error), _primary_code(error)
    if code == sqlite3.SQLITE_FULL or "disk is full" in text:
        return diskfull.shortage(where.parent) or text
    if code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN) or "I/O error" in text:
        return diskfull.shortage(where.parent)
    return None
