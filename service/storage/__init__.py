"""The only package that speaks SQL: comparisons, jobs, translation memory and the caches.

One storage layer on SQLAlchemy 2 Core for two engines (:mod:`.engines`): a SQLite file, the
embedded default, and PostgreSQL (``COMPARE_DATABASE_URL=postgresql://…``) when several
machines share one database. The schema is moved forward by Alembic revisions
(``migrations/versions``), all of one upgrade in one transaction; a SQLite file from before
Alembic (versioned by ``PRAGMA user_version``) is stamped at its version and upgraded in
place. Every write is one short transaction (``BEGIN IMMEDIATE`` on SQLite, so concurrent
gunicorn workers and threads queue instead of failing).

:class:`Storage` holds the connections, the schema and the comparisons; its jobs
(:mod:`.jobs`) and translations (:mod:`.translations`: memory, machine cache, sentence
vectors) are methods of the same object, written in their own modules.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..contract import dump_comparison, load_comparison
from ..model import Comparison
from . import engines, search
from .engines import storage_full, storage_unavailable
from .idempotency import IdempotencyConflict, earlier
from .articles import AlreadySuperseded, ArticleStore, ComparisonSources, FeedSource, StoredArticle
from .jobs import JobStore
from .rows import normalise_segment, utc_now
from .search import SEARCH_FIELDS
from .translations import CachedTranslation, MemoryEntry, TranslationStore

BUSY_TIMEOUT_SECONDS = 30.0
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
EARLIER_COMPARISON = "SELECT comparison_id, request_digest FROM idempotency_keys WHERE key = :key"
#: key of the PostgreSQL advisory lock that makes processes migrate one at a time
MIGRATION_LOCK = 7_242_026


def _alembic(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    return config


#: the schema version a database has once migrated (the newest Alembic revision)
SCHEMA_VERSION = int(ScriptDirectory.from_config(_alembic(None)).get_current_head())  # type: ignore[arg-type]


@dataclass(frozen=True)
class StorageHealth:
    readable: bool
    writable: bool  # a write transaction can begin (the file and its folder accept writes)
    free_bytes: int | None  # on the database's file system (None: a database server)
    min_free_bytes: int
    backend: str = "sqlite"

    @property
    def status(self) -> str:
        if not self.readable:
            return "unavailable"
        if not self.writable:
            return "read_only"
        if self.free_bytes is not None and self.free_bytes < self.min_free_bytes:
            return "low_space"
        return "ok"


class Storage(JobStore, TranslationStore, ArticleStore):
    """A handle on one database: a SQLite file (a path, or ``sqlite:///path``) or a PostgreSQL
    server (``postgresql://…``); safe to share across threads and forks."""

    def __init__(self, target: Path | str, min_free_bytes: int = 0):
        self.min_free_bytes = min_free_bytes
        self._migrated = False
        self._lock = threading.Lock()
        # SQLite: held open for the life of the process so that SQLite keeps the WAL and its
        # shared-memory index in place: otherwise the last connection to close deletes them and
        # the next one must create them again, which fails on a full disk even for reads.
        self._keeper: sqlite3.Connection | None = None
        target = str(target)
        if engines.is_postgres(target):
            self.path: Path | None = None
            self.engine = engines.postgres_engine(target)
        else:
            self.path = Path(target.removeprefix("sqlite:///"))
            self.engine = engines.sqlite_engine(lambda: self._connect())

    @property
    def backend(self) -> str:
        return self.engine.dialect.name  # "sqlite" or "postgresql"

    # -- connections -------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        return engines.sqlite_connect(self.path, BUSY_TIMEOUT_SECONDS)

    @contextmanager
    def _failures(self) -> Iterator[None]:
        """A full disk is the 507 of :func:`storage_full`; a database server out of reach the
        503 of :func:`storage_unavailable`; anything else goes up as it is."""
        try:
            yield
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            if engines.is_disk_full(exc, self.path.parent if self.path else None):
                raise storage_full() from exc
            if engines.is_unreachable(exc):
                raise storage_unavailable() from exc
            raise

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        self.migrate()
        with self._failures(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction: committed whole on success, rolled back whole on any error."""
        self.migrate()
        with self._failures(), self.engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                yield conn

    def migrate(self) -> int:
        """Create or upgrade the schema; returns the schema version now in force."""
        if self._migrated:
            return SCHEMA_VERSION
        with self._lock:
            if self._migrated:
                return SCHEMA_VERSION
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                engines.enable_wal(self.path, BUSY_TIMEOUT_SECONDS)
            with self._failures(), self.engine.connect() as conn:
                conn.execution_options(write=True)
                with conn.begin():
                    self._upgrade(conn)
            if self.path is not None:
                self._keeper = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
                self._keeper.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # opens the WAL index
            self._migrated = True
        return SCHEMA_VERSION

    def _upgrade(self, conn: Connection) -> None:
        config = _alembic(conn)
        if self.backend == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        else:
            legacy = conn.exec_driver_sql("PRAGMA user_version").scalar()
            has_alembic = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").first() is not None
            if legacy and not has_alembic:  # a file from before Alembic: it is at revision `legacy`
                command.stamp(config, f"{legacy:04d}")
        command.upgrade(config, "head")
        if self.backend == "sqlite":  # kept in step, so a release from before Alembic reads it right
            conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION:d}")

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute(text("SELECT version_num FROM alembic_version")).scalar())

    def check(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            with self._read() as conn:
                conn.execute(text("SELECT 1 FROM comparisons LIMIT 1")).fetchall()
            return True
        except Exception:  # noqa: BLE001 - any failure means "does not answer"
            return False

    def health(self) -> StorageHealth:
        """Whether the database reads, takes a write lock, and how much space its disk has."""
        readable = self.check()
        writable = False
        if readable:
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(write=True)
                    with conn.begin():
                        if self.backend == "postgresql":
                            writable = conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "off"
                        else:
                            writable = True
            except (SQLAlchemyError, sqlite3.Error):
                writable = False
        free = None
        if self.path is not None:
            try:
                free = shutil.disk_usage(self.path.parent).free
            except OSError:
                free = None
        return StorageHealth(readable, writable, free, self.min_free_bytes, self.backend)

    def integrity_check(self) -> str:
        """SQLite's own check of the file ("ok" when sound); a server checks itself: "ok"."""
        if self.backend != "sqlite":
            return "ok" if self.check() else "unavailable"
        with self._read() as conn:
            return conn.exec_driver_sql("PRAGMA integrity_check").scalar()

    def dispose(self) -> None:
        """Close pooled connections (PostgreSQL) and the SQLite keeper."""
        self.engine.dispose()
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None
            self._migrated = False

    # -- comparisons -------------------------------------------------------------------
    def save_comparison(self, comparison: Comparison, sample_key: str | None = None,
                        idempotency: tuple[str, str] | None = None, serialized: str | None = None,
                        sources: ComparisonSources | None = None) -> str:
        """Store ``comparison`` (``serialized``: its JSON when the caller has it already);
        returns its id. With ``idempotency`` = (key, request digest), a key stored before
        returns the id of the comparison it made instead (nothing new is stored), or raises
        :class:`IdempotencyConflict` when it came with another body."""
        try:
            with self._write() as conn:
                if idempotency is not None and (made := earlier(conn, EARLIER_COMPARISON, *idempotency)) is not None:
                    return made
                self._insert_comparison(conn, comparison, sample_key, serialized)
                if sources is not None:
                    self._insert_sources(conn, comparison.id, sources)
                if idempotency is not None:
                    conn.execute(text("INSERT INTO idempotency_keys (key, request_digest, comparison_id, created_at)"
                                      " VALUES (:key, :digest, :id, :now)"),
                                 {"key": idempotency[0], "digest": idempotency[1], "id": comparison.id, "now": utc_now()})
        except IntegrityError:
            # PostgreSQL: the same key posted at once by another request, which committed first
            if idempotency is not None and (made := self.find_idempotent(*idempotency)) is not None:
                return made
            raise
        return comparison.id

    @staticmethod
    def _insert_comparison(conn: Connection, comparison: Comparison, sample_key: str | None,
                           serialized: str | None) -> None:
        """The comparison's row and its search index, inside the caller's transaction."""
        labels = [v.label for v in comparison.versions]
        conn.execute(
            text("INSERT INTO comparisons (id, title, created_at, target_language, labels, languages, signal_counts,"
                 " search_text, sample_key, result) VALUES (:id, :title, :created_at, :target_language, :labels,"
                 " :languages, :signal_counts, :search_text, :sample_key, :result)"),
            {
                "id": comparison.id,
                "title": comparison.title,
                "created_at": comparison.created_at,
                "target_language": comparison.target_language,
                "labels": json.dumps(labels, ensure_ascii=False),
                "languages": json.dumps([v.language for v in comparison.versions]),
                "signal_counts": json.dumps(comparison.summary.signals_by_type),
                "search_text": " ".join([comparison.title, *labels]).casefold(),
                "sample_key": sample_key,
                "result": serialized if serialized is not None else dump_comparison(comparison),
            },
        )
        search.index(conn, comparison)

    def find_idempotent(self, key: str, request_digest: str) -> str | None:
        """The id of the comparison an earlier request with this key made (None if none);
        :class:`IdempotencyConflict` when that request had another body."""
        with self._read() as conn:
            return earlier(conn, EARLIER_COMPARISON, key, request_digest)

    def has_sample(self, sample_key: str) -> bool:
        with self._read() as conn:
            return conn.execute(text("SELECT 1 FROM comparisons WHERE sample_key = :key"),
                                {"key": sample_key}).first() is not None

    def get_comparison(self, comparison_id: str) -> Comparison | None:
        """The stored result, loaded back into the pipeline's typed records."""
        with self._read() as conn:
            result = conn.execute(text("SELECT result FROM comparisons WHERE id = :id"), {"id": comparison_id}).scalar()
        return None if result is None else load_comparison(result)

    def delete_comparison(self, comparison_id: str) -> bool:
        with self._write() as conn:
            deleted = conn.execute(text("DELETE FROM comparisons WHERE id = :id"), {"id": comparison_id}).rowcount
            conn.execute(text("DELETE FROM comparison_search WHERE comparison_id = :id"), {"id": comparison_id})
            # the articles stay (other comparisons and pairings read them); the links go
            conn.execute(text("DELETE FROM comparison_articles WHERE comparison_id = :id"), {"id": comparison_id})
            conn.execute(text("DELETE FROM comparison_sources WHERE comparison_id = :id"), {"id": comparison_id})
            # the comparison it superseded is again the newest of its chain, and is run again on a change
            conn.execute(text("UPDATE comparison_sources SET superseded_by = NULL WHERE superseded_by = :id"),
                         {"id": comparison_id})
        return deleted > 0

    def count_comparisons(self) -> int:
        with self._read() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM comparisons")).scalar()

    def list_comparisons(self, limit: int, offset: int, query: str | None = None) -> tuple[list[dict], int]:
        """Newest first, one summary row each, and the total matching ``query``.

        ``query`` is searched as a phrase in the titles, labels, texts, translations, quotes and
        speakers of every comparison (:mod:`.search`); each item then says where it was found
        (``found_in``: field, version, an excerpt with the match in ``[…]``).
        """
        where, params = "", {}
        with self._read() as conn:
            if query:
                condition, params = search.matching(conn.dialect.name, query)
                where = f"WHERE id IN (SELECT comparison_id FROM comparison_search WHERE {condition})"
            total = conn.execute(text(f"SELECT COUNT(*) FROM comparisons {where}"), params).scalar()
            rows = conn.execute(
                text("SELECT id, title, created_at, target_language, labels, languages, signal_counts"
                     f" FROM comparisons {where} ORDER BY created_at DESC, rowid DESC LIMIT :limit OFFSET :offset"),
                {**params, "limit": limit, "offset": offset},
            ).mappings().fetchall()
            found = search.found_in(conn, [row["id"] for row in rows], query) if query else {}
        items = [
            {
                "id": row["id"],
                "title": row["title"],
                "created_at": row["created_at"],
                "target_language": row["target_language"],
                "labels": json.loads(row["labels"]),
                "languages": json.loads(row["languages"]),
                "signal_counts": json.loads(row["signal_counts"]),
                **({"found_in": found.get(row["id"], [])} if query else {}),
            }
            for row in rows
        ]
        return items, total


__all__ = ["SCHEMA_VERSION", "SEARCH_FIELDS", "AlreadySuperseded", "ArticleStore", "CachedTranslation", "ComparisonSources", "FeedSource",
           "StoredArticle", "IdempotencyConflict", "MemoryEntry", "Storage",
           "StorageHealth", "normalise_segment", "storage_full", "storage_unavailable", "utc_now"]
