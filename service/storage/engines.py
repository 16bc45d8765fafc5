"""The two database engines behind :class:`~service.storage.Storage`, and how each fails.

SQLite (the embedded default, a file) runs through SQLAlchemy's pysqlite dialect with the
stdlib driver in autocommit mode, so that SQLAlchemy's own ``begin`` decides the kind of
transaction: ``BEGIN IMMEDIATE`` for a write (writers queue on the busy timeout instead of
failing with "database is locked" halfway through), a deferred ``BEGIN`` for a read. A fresh
connection per use (``NullPool``): safe across threads and forks, and cheap for a file.

PostgreSQL (``postgresql://…``, for several machines) runs through psycopg 3 with a pool
that is checked before use (``pool_pre_ping``) and dropped in a forked child, so gunicorn
and Celery workers never share a socket with their parent.
"""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import time
import weakref
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from ..errors import ServiceError

#: an I/O error with less free space than this is a full disk
FULL_DISK_BYTES = 1024 * 1024


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql:", "postgresql+", "postgres:"))


def postgres_engine(url: str, pool_size: int = 5) -> Engine:
    """A pooled psycopg 3 engine for ``url`` (``postgresql://`` is read as psycopg 3)."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, pool_size=pool_size, max_overflow=2 * pool_size, pool_pre_ping=True,
                           pool_timeout=10, connect_args={"connect_timeout": 5})
    _drop_pool_in_forked_children(engine)
    return engine


def _drop_pool_in_forked_children(engine: Engine) -> None:
    ref = weakref.ref(engine)

    def after_fork() -> None:
        alive = ref()
        if alive is not None:
            alive.dispose(close=False)  # the parent's sockets stay the parent's

    os.register_at_fork(after_in_child=after_fork)


def sqlite_engine(connect: Callable[[], sqlite3.Connection]) -> Engine:
    """An engine on one SQLite file whose connections come from ``connect`` (the storage's
    hook, so the busy timeout is read at each connection)."""
    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=NullPool)

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


def sqlite_connect(path: Path, timeout: float) -> sqlite3.Connection:
    """A stdlib connection in autocommit mode (the engine begins transactions) with foreign
    keys enforced and every commit synced to disk."""
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def enable_wal(path: Path, timeout: float) -> None:
    """Switch the file to WAL, waiting for other processes that are doing the same.

    Changing the journal mode needs an exclusive lock, and SQLite answers "database is
    locked" at once — without calling the busy handler — while another connection holds
    any lock. That happens when gunicorn's workers open a new database together (one is
    switching or migrating while the other asks), and a worker that fails here makes
    gunicorn stop the whole server. So retry for as long as the busy timeout would wait.
    """
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() == "wal":
                    return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError("database is locked: could not switch it to WAL mode")
            time.sleep(0.02)
    finally:
        conn.close()


def storage_full() -> ServiceError:
    """507: the disk holding the database is full; the write was rolled back whole."""
    return ServiceError(
        507, "storage_full", "The server's disk is full, so nothing was stored.",
        "Try again later; the operator must free disk space where the database lives (see /healthz).",
    )


def storage_unavailable() -> ServiceError:
    """503: the database server does not answer (down, restarting, or unreachable)."""
    return ServiceError(
        503, "storage_unavailable", "The database does not answer, so nothing was stored or read.",
        "Try again in a moment; if it lasts, the operator should check the database server (see /healthz).",
    )


def is_disk_full(exc: BaseException, folder: Path | None) -> bool:
    """SQLITE_FULL or ENOSPC (PostgreSQL: disk_full); or a SQLite I/O error while the disk has
    (next to) no space left, which is how SQLite reports a full disk when growing its WAL
    index fails."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(original, OSError):
        return original.errno == errno.ENOSPC
    if getattr(original, "sqlstate", None) == "53100":  # PostgreSQL's disk_full
        return True
    code = getattr(original, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "disk is full" in str(original):
        return True
    if code is not None and code & 0xFF == sqlite3.SQLITE_IOERR and folder is not None:
        try:
            return shutil.disk_usage(folder).free < FULL_DISK_BYTES
        except OSError:
            return False
    return False


def is_unreachable(exc: BaseException) -> bool:
    """A database server that cannot be reached or dropped the connection (not an error of
    the statement itself)."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    sqlstate = getattr(original, "sqlstate", None) or ""
    if sqlstate.startswith(("08", "57P")):  # connection exceptions; admin/crash shutdown
        return True
    module = type(original).__module__
    return module.startswith("psycopg") and type(original).__name__ == "OperationalError" and not sqlstate

