"""The only package that speaks SQL: comparisons, jobs, translation memory and the caches.

One storage layer on SQLAlchemy 2 Core for two engines (:mod:`.engines`): a SQLite file, the
embedded default, and PostgreSQL (``COMPARE_DATABASE_URL=postgresql://…``) when several
machines share one database. The schema is moved forward by Alembic revisions
(``migrations/versions``), all of one upgrade in one transaction; a SQLite file from before
Alembic (versioned by ``PRAGMA user_version``) is stamped at its version and upgraded in
place. Every write is one short transaction (``BEGIN IMMEDIATE`` on SQLite, so concurrent
gunicorn workers and threads queue instead of failing), and the statements that decide who
runs or finishes a job are single conditional ``UPDATE``s, which serialise the same way on
both engines.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..contract import dump_comparison, load_comparison
from ..model import Comparison
from . import engines, search
from .engines import storage_full, storage_unavailable
from .search import SEARCH_FIELDS

BUSY_TIMEOUT_SECONDS = 30.0
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: key of the PostgreSQL advisory lock that makes processes migrate one at a time
MIGRATION_LOCK = 7_242_026


def _alembic(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    return config


#: the schema version a database has once migrated (the newest Alembic revision)
SCHEMA_VERSION = int(ScriptDirectory.from_config(_alembic(None)).get_current_head())  # type: ignore[arg-type]


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def normalise_segment(text_: str) -> str:
    """The key a segment is looked up by: whitespace runs collapsed, ends stripped."""
    return " ".join(text_.split())


class IdempotencyConflict(Exception):
    """The key was used before for a request with another body."""


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


@dataclass(frozen=True)
class MemoryEntry:
    source_language: str
    target_language: str
    source: str
    target: str


@dataclass(frozen=True)
class CachedTranslation:
    package: str
    package_version: str
    source_language: str
    target_language: str
    source: str
    target: str


class Storage:
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
                        idempotency: tuple[str, str] | None = None, serialized: str | None = None) -> str:
        """Store ``comparison`` (``serialized``: its JSON when the caller has it already);
        returns its id. With ``idempotency`` = (key, request digest), a key stored before
        returns the id of the comparison it made instead (nothing new is stored), or raises
        :class:`IdempotencyConflict` when it came with another body."""
        try:
            with self._write() as conn:
                if idempotency is not None:
                    earlier = self._idempotent(conn, *idempotency)
                    if earlier is not None:
                        return earlier
                self._insert_comparison(conn, comparison, sample_key, serialized)
                if idempotency is not None:
                    conn.execute(text("INSERT INTO idempotency_keys (key, request_digest, comparison_id, created_at)"
                                      " VALUES (:key, :digest, :id, :now)"),
                                 {"key": idempotency[0], "digest": idempotency[1], "id": comparison.id, "now": utc_now()})
        except IntegrityError:
            # PostgreSQL: the same key posted at once by another request, which committed first
            if idempotency is not None and (earlier := self.find_idempotent(*idempotency)) is not None:
                return earlier
            raise
        return comparison.id

    @staticmethod
    def _idempotent(conn: Connection, key: str, digest: str) -> str | None:
        row = conn.execute(text("SELECT request_digest, comparison_id FROM idempotency_keys WHERE key = :key"),
                           {"key": key}).mappings().first()
        if row is None:
            return None
        if row["request_digest"] != digest:
            raise IdempotencyConflict(key)
        return row["comparison_id"]

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
            return self._idempotent(conn, key, request_digest)

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

    # -- jobs ----------------------------------------------------------------------------
    def create_job(self, job_id: str, request: str, idempotency: tuple[str, str] | None = None) -> str:
        """A queued job for ``request`` (a comparison body as JSON); returns its id. With
        ``idempotency`` = (key, request digest), a key used before returns that job's id
        instead, or raises :class:`IdempotencyConflict` when it came with another body."""
        now = utc_now()
        try:
            with self._write() as conn:
                if idempotency is not None and (earlier := self._idempotent_job(conn, *idempotency)) is not None:
                    return earlier
                conn.execute(text("INSERT INTO jobs (id, state, request, created_at, updated_at, idempotency_key,"
                                  " request_digest) VALUES (:id, 'queued', :request, :now, :now, :key, :digest)"),
                             {"id": job_id, "request": request, "now": now,
                              "key": idempotency[0] if idempotency else None,
                              "digest": idempotency[1] if idempotency else None})
        except IntegrityError:
            if idempotency is not None:
                with self._read() as conn:
                    if (earlier := self._idempotent_job(conn, *idempotency)) is not None:
                        return earlier
            raise
        return job_id

    @staticmethod
    def _idempotent_job(conn: Connection, key: str, digest: str) -> str | None:
        row = conn.execute(text("SELECT id, request_digest FROM jobs WHERE idempotency_key = :key"),
                           {"key": key}).mappings().first()
        if row is None:
            return None
        if row["request_digest"] != digest:
            raise IdempotencyConflict(key)
        return row["id"]

    def create_batch(self, batch_id: str, requests: list[str], errors: dict[int, str]) -> list[str]:
        """A batch of jobs in one transaction, one per request (comparison bodies as JSON) in
        order: queued, or failed at once with ``errors[position]`` (the API's error body as
        JSON) for a request that did not validate. Returns the queued jobs' ids."""
        now = utc_now()
        rows = [{"id": f"{batch_id}-{position}", "state": "failed" if errors.get(position) else "queued",
                 "request": request, "now": now, "error": errors.get(position), "batch": batch_id, "position": position}
                for position, request in enumerate(requests)]
        with self._write() as conn:
            conn.execute(text("INSERT INTO batches (id, created_at, total) VALUES (:id, :now, :total)"),
                         {"id": batch_id, "now": now, "total": len(requests)})
            if rows:
                conn.execute(text("INSERT INTO jobs (id, state, request, created_at, updated_at, error, batch_id, position)"
                                  " VALUES (:id, :state, :request, :now, :now, :error, :batch, :position)"), rows)
        return [row["id"] for row in rows if row["state"] == "queued"]

    def batch_status(self, batch_id: str, failures: int = 100) -> dict | None:
        """A batch's total, its jobs counted by state, and its first ``failures`` failed jobs
        (position, job id, error)."""
        with self._read() as conn:
            batch = conn.execute(text("SELECT id, created_at, total FROM batches WHERE id = :id"),
                                 {"id": batch_id}).mappings().first()
            if batch is None:
                return None
            counts = dict(conn.execute(text("SELECT state, COUNT(*) FROM jobs WHERE batch_id = :id GROUP BY state"),
                                       {"id": batch_id}).fetchall())
            failed = conn.execute(text("SELECT id, position, error FROM jobs WHERE batch_id = :id AND state = 'failed'"
                                       " ORDER BY position LIMIT :limit"),
                                  {"id": batch_id, "limit": failures}).mappings().fetchall()
        return {**dict(batch), "counts": {state: counts.get(state, 0) for state in ("queued", "running", "done", "failed")},
                "failures": [{"position": r["position"], "job": r["id"], "error": json.loads(r["error"])} for r in failed]}

    def list_batches(self, limit: int = 50) -> list[dict]:
        """The newest batches, each with its jobs counted by state."""
        with self._read() as conn:
            batches = conn.execute(text("SELECT id, created_at, total FROM batches ORDER BY created_at DESC, id"
                                        " LIMIT :limit"), {"limit": limit}).mappings().fetchall()
            if not batches:
                return []
            counted = conn.execute(
                text("SELECT batch_id, state, COUNT(*) AS n FROM jobs WHERE batch_id IN :ids GROUP BY batch_id, state")
                .bindparams(bindparam("ids", expanding=True)), {"ids": [b["id"] for b in batches]}).mappings().fetchall()
        counts: dict[str, dict[str, int]] = {}
        for row in counted:
            counts.setdefault(row["batch_id"], {})[row["state"]] = row["n"]
        return [{**dict(b), "counts": {state: counts.get(b["id"], {}).get(state, 0)
                                       for state in ("queued", "running", "done", "failed")}} for b in batches]

    def batch_jobs(self, batch_id: str) -> list[dict]:
        """Every job of a batch in order: position, id, state, comparison id and error."""
        with self._read() as conn:
            rows = conn.execute(text("SELECT id, position, state, comparison_id, error FROM jobs WHERE batch_id = :id"
                                     " ORDER BY position"), {"id": batch_id}).mappings().fetchall()
        return [{**dict(r), "error": json.loads(r["error"]) if r["error"] else None} for r in rows]

    def jobs_by_state(self) -> dict[str, int]:
        """How many jobs are in each state (for /metrics)."""
        with self._read() as conn:
            counts = dict(conn.execute(text("SELECT state, COUNT(*) FROM jobs GROUP BY state")).fetchall())
        return {state: counts.get(state, 0) for state in ("queued", "running", "done", "failed")}

    def claim_job(self, job_id: str, running_before: str | None = None) -> str | None:
        """Mark a queued job running and return its request; None when it is not queued (another
        thread, process or machine took it), so each job runs once. With ``running_before`` (an
        ISO time longer ago than any comparison may take), a job marked running before then is
        taken too: whoever ran it is gone."""
        with self._write() as conn:
            return conn.execute(
                text("UPDATE jobs SET state = 'running', updated_at = :now WHERE id = :id AND (state = 'queued'"
                     " OR (state = 'running' AND updated_at < :before)) RETURNING request"),
                {"now": utc_now(), "id": job_id, "before": running_before or ""}).scalar()

    def job_state(self, job_id: str) -> str | None:
        with self._read() as conn:
            return conn.execute(text("SELECT state FROM jobs WHERE id = :id"), {"id": job_id}).scalar()

    def finish_job(self, job_id: str, comparison: Comparison, serialized: str) -> bool:
        """Store the job's comparison and mark it done, in one transaction: a done job always has
        its comparison, and a comparison made by a job is never stored twice (the job is marked
        done first, by an ``UPDATE`` that only one runner's transaction can make). False when
        the job was no longer running (another runner finished it)."""
        with self._write() as conn:
            marked = conn.execute(text("UPDATE jobs SET state = 'done', comparison_id = :cid, updated_at = :now"
                                       " WHERE id = :id AND state = 'running'"),
                                  {"cid": comparison.id, "now": utc_now(), "id": job_id}).rowcount
            if not marked:
                return False
            self._insert_comparison(conn, comparison, None, serialized)
        return True

    def fail_job(self, job_id: str, error: str) -> None:
        """Mark a running job failed with ``error`` (the API's error body as JSON)."""
        with self._write() as conn:
            conn.execute(text("UPDATE jobs SET state = 'failed', error = :error, updated_at = :now"
                              " WHERE id = :id AND state = 'running'"), {"error": error, "now": utc_now(), "id": job_id})

    def get_job(self, job_id: str) -> dict | None:
        with self._read() as conn:
            row = conn.execute(text("SELECT id, state, created_at, updated_at, comparison_id, error FROM jobs"
                                    " WHERE id = :id"), {"id": job_id}).mappings().first()
        return None if row is None else {**dict(row), "error": json.loads(row["error"]) if row["error"] else None}

    def stale_jobs(self, running_before: str) -> list[str]:
        """Jobs to run again after a restart: every queued one, and those marked running before
        ``running_before`` (an ISO time longer ago than any comparison may take), put back in the
        queue."""
        with self._write() as conn:
            conn.execute(text("UPDATE jobs SET state = 'queued', updated_at = :now WHERE state = 'running'"
                              " AND updated_at < :before"), {"now": utc_now(), "before": running_before})
            rows = conn.execute(text("SELECT id FROM jobs WHERE state = 'queued' ORDER BY created_at, id")).fetchall()
        return [row[0] for row in rows]

    def delete_jobs(self, job_id: str | None = None, batch_id: str | None = None) -> None:
        """Remove a job, or a batch and all its jobs, that never reached a runner (the broker
        refused them), so the request that failed leaves nothing behind."""
        with self._write() as conn:
            if job_id is not None:
                conn.execute(text("DELETE FROM jobs WHERE id = :id"), {"id": job_id})
            if batch_id is not None:
                conn.execute(text("DELETE FROM jobs WHERE batch_id = :id"), {"id": batch_id})
                conn.execute(text("DELETE FROM batches WHERE id = :id"), {"id": batch_id})

    def requeue_lost(self, running_before: str) -> list[str]:
        """Jobs marked running before ``running_before`` (their runner is gone), put back in the
        queue and returned, each to one caller only (the ``UPDATE`` decides)."""
        with self._write() as conn:
            rows = conn.execute(text("UPDATE jobs SET state = 'queued', updated_at = :now WHERE state = 'running'"
                                     " AND updated_at < :before RETURNING id"),
                                {"now": utc_now(), "before": running_before}).fetchall()
        return [row[0] for row in rows]

    def forgotten_jobs(self, queued_before: str) -> list[str]:
        """Jobs still queued that were stored before ``queued_before`` (an ISO time): a broker
        should have handed them to a worker long ago."""
        with self._read() as conn:
            rows = conn.execute(text("SELECT id FROM jobs WHERE state = 'queued' AND updated_at < :before"
                                     " ORDER BY created_at, id"), {"before": queued_before}).fetchall()
        return [row[0] for row in rows]

    # -- translation memory ------------------------------------------------------------
    def import_memory(self, entries: Iterable[MemoryEntry]) -> int:
        """Insert or replace human entries in one transaction; returns how many were written."""
        now = utc_now()
        rows = [{"sl": e.source_language, "tl": e.target_language, "key": normalise_segment(e.source),
                 "source": e.source, "target": e.target, "now": now} for e in entries]
        if not rows:
            return 0
        with self._write() as conn:
            conn.execute(
                text("INSERT INTO translation_memory (source_language, target_language, source_key, source, target,"
                     " created_at) VALUES (:sl, :tl, :key, :source, :target, :now)"
                     " ON CONFLICT (source_language, target_language, source_key)"
                     " DO UPDATE SET source = excluded.source, target = excluded.target, created_at = excluded.created_at"),
                _latest_per_key(rows, ("sl", "tl", "key")))
        return len(rows)

    def lookup_memory(self, source_language: str, target_language: str, segments: Iterable[str]) -> dict[str, str]:
        """Human translations of ``segments`` that the memory holds, keyed by normalised segment."""
        return self._targets(
            "SELECT source_key, target FROM translation_memory WHERE source_language = :sl AND target_language = :tl",
            {"sl": source_language, "tl": target_language}, segments,
        )

    def _targets(self, query: str, params: dict, segments: Iterable[str]) -> dict[str, str]:
        """Rows of ``query`` (selecting source_key, target) whose key is one of ``segments``."""
        keys = sorted({normalise_segment(s) for s in segments})
        found: dict[str, str] = {}
        statement = text(f"{query} AND source_key IN :keys").bindparams(bindparam("keys", expanding=True))
        with self._read() as conn:
            for chunk in _chunks(keys, 500):  # SQLite caps the number of bound parameters
                found.update(conn.execute(statement, {**params, "keys": chunk}).fetchall())
        return found

    def memory_pairs(self) -> set[tuple[str, str]]:
        """Every (source language, target language) the translation memory holds entries for."""
        with self._read() as conn:
            rows = conn.execute(text("SELECT DISTINCT source_language, target_language FROM translation_memory"))
            return {(row[0], row[1]) for row in rows}

    def list_memory(
        self, source_language: str | None, target_language: str | None, limit: int, offset: int = 0
    ) -> list[MemoryEntry]:
        clauses, params = [], {"limit": limit, "offset": offset}
        if source_language:
            clauses.append("source_language = :sl")
            params["sl"] = source_language
        if target_language:
            clauses.append("target_language = :tl")
            params["tl"] = target_language
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._read() as conn:
            rows = conn.execute(text("SELECT source_language, target_language, source, target FROM translation_memory"
                                     f" {where} ORDER BY id LIMIT :limit OFFSET :offset"), params).fetchall()
        return [MemoryEntry(*row) for row in rows]

    def all_memory(self, source_language: str | None = None, target_language: str | None = None) -> list[MemoryEntry]:
        """Every entry of the memory (for a pair when given), in the order they were first stored."""
        entries, offset, page = [], 0, 5000
        while True:
            chunk = self.list_memory(source_language, target_language, page, offset)
            entries.extend(chunk)
            if len(chunk) < page:
                return entries
            offset += page

    # -- machine translation cache -----------------------------------------------------
    def lookup_cache(
        self, package: str, package_version: str, source_language: str, target_language: str, segments: Iterable[str]
    ) -> dict[str, str]:
        return self._targets(
            "SELECT source_key, target FROM translation_cache WHERE package = :package AND package_version = :version"
            " AND source_language = :sl AND target_language = :tl",
            {"package": package, "version": package_version, "sl": source_language, "tl": target_language}, segments,
        )

    def store_cache(self, items: Iterable[CachedTranslation]) -> None:
        now = utc_now()
        rows = [{"package": i.package, "version": i.package_version, "sl": i.source_language,
                 "tl": i.target_language, "key": normalise_segment(i.source), "target": i.target, "now": now}
                for i in items]
        if not rows:
            return
        with self._write() as conn:
            conn.execute(
                text("INSERT INTO translation_cache (package, package_version, source_language, target_language,"
                     " source_key, target, created_at) VALUES (:package, :version, :sl, :tl, :key, :target, :now)"
                     " ON CONFLICT (package, package_version, source_language, target_language, source_key)"
                     " DO UPDATE SET target = excluded.target, created_at = excluded.created_at"),
                _latest_per_key(rows, ("package", "version", "sl", "tl", "key")))

    # -- sentence vectors ----------------------------------------------------------------
    def lookup_vectors(self, model: str, language: str, segments: Iterable[str]) -> dict[str, bytes]:
        """Stored vectors (raw float32 bytes) of ``segments``, keyed by normalised segment."""
        keys = sorted({normalise_segment(s) for s in segments})
        found: dict[str, bytes] = {}
        statement = text("SELECT source_key, vector FROM sentence_vectors WHERE model = :model AND language = :language"
                         " AND source_key IN :keys").bindparams(bindparam("keys", expanding=True))
        with self._read() as conn:
            for chunk in _chunks(keys, 500):
                rows = conn.execute(statement, {"model": model, "language": language, "keys": chunk})
                found.update((key, bytes(vector)) for key, vector in rows)
        return found

    def store_vectors(self, model: str, language: str, vectors: dict[str, bytes]) -> None:
        now = utc_now()
        rows = [{"model": model, "language": language, "key": normalise_segment(t), "vector": blob, "now": now}
                for t, blob in vectors.items()]
        if not rows:
            return
        with self._write() as conn:
            conn.execute(
                text("INSERT INTO sentence_vectors (model, language, source_key, vector, created_at)"
                     " VALUES (:model, :language, :key, :vector, :now)"
                     " ON CONFLICT (model, language, source_key) DO UPDATE SET vector = excluded.vector,"
                     " created_at = excluded.created_at"),
                _latest_per_key(rows, ("model", "language", "key")))


def _latest_per_key(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    """The last row for each key: PostgreSQL refuses an upsert that touches one row twice."""
    return list({tuple(row[k] for k in key): row for row in rows}.values())


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = ["SCHEMA_VERSION", "SEARCH_FIELDS", "CachedTranslation", "IdempotencyConflict", "MemoryEntry", "Storage",
           "StorageHealth", "normalise_segment", "storage_full", "storage_unavailable", "utc_now"]
