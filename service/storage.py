"""The only module that speaks SQL: comparisons, translation memory and the machine cache.

SQLite (stdlib ``sqlite3``) in WAL mode, one file. The schema is versioned with
``PRAGMA user_version`` and moved forward by the ordered ``MIGRATIONS`` list, each step in
its own transaction, so an old database file opens with a new release. Every write is one
short ``BEGIN IMMEDIATE`` transaction on a fresh connection, with a busy timeout, so
concurrent gunicorn workers and threads queue instead of failing with "database is locked".
"""
from __future__ import annotations

import errno
import json
import shutil
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from .contract import dump_comparison, load_comparison
from .errors import ServiceError
from .model import Comparison

BUSY_TIMEOUT_SECONDS = 30.0
#: an I/O error with less free space than this is a full disk
FULL_DISK_BYTES = 1024 * 1024

MIGRATIONS: list[str] = [
    # 1: comparisons, with the columns the list and search need next to the JSON result.
    """
    CREATE TABLE comparisons (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        target_language TEXT NOT NULL,
        labels TEXT NOT NULL,
        languages TEXT NOT NULL,
        signal_counts TEXT NOT NULL,
        search_text TEXT NOT NULL,
        sample_key TEXT UNIQUE,
        result TEXT NOT NULL
    );
    CREATE INDEX comparisons_newest ON comparisons (created_at DESC, id);
    """,
    # 2: human translation memory and the cache of machine output.
    """
    CREATE TABLE translation_memory (
        id INTEGER PRIMARY KEY,
        source_language TEXT NOT NULL,
        target_language TEXT NOT NULL,
        source_key TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (source_language, target_language, source_key)
    );
    CREATE TABLE translation_cache (
        package TEXT NOT NULL,
        package_version TEXT NOT NULL,
        source_language TEXT NOT NULL,
        target_language TEXT NOT NULL,
        source_key TEXT NOT NULL,
        target TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (package, package_version, source_language, target_language, source_key)
    );
    """,
    # 3: Idempotency-Key of the request that created a comparison, with a digest of its body.
    """
    CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        request_digest TEXT NOT NULL,
        comparison_id TEXT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
    );
    """,
    # 4: sentence vectors of the multilingual encoder, like the machine-translation cache.
    """
    CREATE TABLE sentence_vectors (
        model TEXT NOT NULL,
        language TEXT NOT NULL,
        source_key TEXT NOT NULL,
        vector BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (model, language, source_key)
    );
    """,
    # 5: full-text search over each comparison's title, labels, texts, translations, quotes and
    # speakers; trigram tokens, so any script matches inside words (Лавров in Лаврова, 라브로프
    # in 라브로프는, 台独 in 台独势力) and case folds in every alphabet. Filled for the comparisons
    # stored before it by BACKFILLS.
    """
    CREATE VIRTUAL TABLE comparison_search USING fts5(
        comparison_id UNINDEXED, field UNINDEXED, version UNINDEXED, text, tokenize = 'trigram'
    );
    """,
    # 6: comparisons run as jobs (Prefer: respond-async, or one of a batch): the request, its
    # state, and the comparison it made or the error it ended with.
    """
    CREATE TABLE batches (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        total INTEGER NOT NULL
    );
    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        request TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        comparison_id TEXT,
        error TEXT,
        idempotency_key TEXT UNIQUE,
        request_digest TEXT,
        batch_id TEXT REFERENCES batches (id),
        position INTEGER
    );
    CREATE INDEX jobs_by_state ON jobs (state, updated_at);
    CREATE INDEX jobs_by_batch ON jobs (batch_id, position);
    """,
]


# -- full-text search ----------------------------------------------------------------------
#: where a term may be found in a comparison, in the order ``found_in`` lists them
SEARCH_FIELDS = ("title", "label", "speaker", "quote", "text", "translation")
MAX_FOUND_IN = 3  # places named per comparison
TRIGRAM = 3  # the index answers queries of at least this many characters


def _search_rows(comparison: Comparison) -> list[tuple[str, str | None, str]]:
    """(field, version label, text) of everything a search should find in ``comparison``."""
    rows: list[tuple[str, str | None, str]] = [("title", None, comparison.title)]
    for v in comparison.versions:
        rows.append(("label", v.label, v.label))
        rows.append(("text", v.label, v.text))
        translated = " ".join(s.translation for s in v.sentences if s.translation and s.translation != s.text)
        if translated:
            rows.append(("translation", v.label, translated))
        for q in v.quotes:
            rows.append(("quote", v.label, q.text if q.translation in (None, q.text) else f"{q.text} / {q.translation}"))
        speakers = dict.fromkeys(name for q in v.quotes for name in (q.speaker, q.speaker_translation) if name)
        if speakers:
            rows.append(("speaker", v.label, " / ".join(speakers)))
    return rows


def _index(conn: sqlite3.Connection, comparison: Comparison) -> None:
    conn.executemany("INSERT INTO comparison_search (comparison_id, field, version, text) VALUES (?, ?, ?, ?)",
                     [(comparison.id, *row) for row in _search_rows(comparison)])


def _index_stored(conn: sqlite3.Connection) -> None:
    """Index every comparison stored before the search existed (migration 5)."""
    for row in conn.execute("SELECT result FROM comparisons").fetchall():
        _index(conn, load_comparison(row[0]))


#: Python steps that fill what a migration created, by migration number (same transaction)
BACKFILLS = {5: _index_stored}

def _matching(query: str) -> tuple[str, list[str]]:
    """The condition on ``comparison_search`` rows that hold ``query``, and its parameters:
    the trigram index for a query of ``TRIGRAM`` characters or more (one FTS5 phrase, its
    double quotes doubled), else every row's text (case folded for ASCII only: short queries
    are mostly CJK words, which have no case)."""
    if len(query) >= TRIGRAM:
        return "comparison_search MATCH ?", ['"' + query.replace('"', '""') + '"']
    return "instr(lower(text), lower(?)) > 0", [query]


def _found_in(conn: sqlite3.Connection, ids: list[str], query: str) -> dict[str, list[dict]]:
    """For each comparison of ``ids``, the first places ``query`` is found, by field."""
    if not ids:
        return {}
    condition, params = _matching(query)
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT comparison_id, field, version, text FROM comparison_search"
                        f" WHERE {condition} AND comparison_id IN ({marks})", [*params, *ids]).fetchall()
    found: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: SEARCH_FIELDS.index(r["field"])):
        places = found.setdefault(row["comparison_id"], [])
        if len(places) < MAX_FOUND_IN:
            places.append({"field": row["field"], "version": row["version"], **_excerpt(row["text"], query)})
    return found


EXCERPT_CONTEXT = 40  # characters either side of a match


def _excerpt(text: str, query: str) -> dict:
    """The text around the first match of ``query`` (case-insensitively) and where the match
    is in it (``match``: start and end offsets into ``excerpt``)."""
    folded = text.casefold()
    at = folded.find(query.casefold()) if len(folded) == len(text) else text.find(query)  # offsets must hold
    if at < 0:
        at = text.find(query)
    if at < 0:  # found by the index through a folding Python does not share: the text's start
        return {"excerpt": text[: 2 * EXCERPT_CONTEXT], "match": None}
    start, end = max(0, at - EXCERPT_CONTEXT), min(len(text), at + len(query) + EXCERPT_CONTEXT)
    lead = "…" if start else ""
    excerpt = lead + text[start:end] + ("…" if end < len(text) else "")
    first = len(lead) + at - start
    return {"excerpt": excerpt, "match": [first, first + len(query)]}


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def normalise_segment(text: str) -> str:
    """The key a segment is looked up by: whitespace runs collapsed, ends stripped."""
    return " ".join(text.split())


def storage_full() -> ServiceError:
    """507: the disk holding the database is full; the write was rolled back whole."""
    return ServiceError(
        507, "storage_full", "The server's disk is full, so nothing was stored.",
        "Try again later; the operator must free disk space where the database lives (see /healthz).",
    )


def _is_disk_full(exc: BaseException, folder: Path) -> bool:
    """SQLITE_FULL or ENOSPC; or an I/O error while the disk has (next to) no space left,
    which is how SQLite reports a full disk when growing its WAL index fails."""
    if isinstance(exc, OSError):
        return exc.errno == errno.ENOSPC
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "disk is full" in str(exc):
        return True
    if code is not None and code & 0xFF == sqlite3.SQLITE_IOERR:
        try:
            return shutil.disk_usage(folder).free < FULL_DISK_BYTES
        except OSError:
            return False
    return False


class IdempotencyConflict(Exception):
    """The key was used before for a request with another body."""


@dataclass(frozen=True)
class StorageHealth:
    readable: bool
    writable: bool  # a write transaction can begin (the file and its folder accept writes)
    free_bytes: int | None  # on the database's file system
    min_free_bytes: int

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
    """A handle on one database file; safe to share across threads and forks."""

    def __init__(self, path: Path | str, min_free_bytes: int = 0):
        self.path = Path(path)
        self.min_free_bytes = min_free_bytes
        self._migrated = False
        self._lock = threading.Lock()
        # Held open for the life of the process so that SQLite keeps the WAL and its shared-
        # memory index in place: otherwise the last connection to close deletes them and the
        # next one must create them again, which fails on a full disk even for reads.
        self._keeper: sqlite3.Connection | None = None

    # -- connections -------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        self.migrate()
        conn = self._connect()
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed whole on success, rolled back whole on any error.
        A full disk (at any statement or at the commit) is the 507 of :func:`storage_full`."""
        self.migrate()
        try:
            conn = self._connect()
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            if _is_disk_full(exc, self.path.parent):
                raise storage_full() from exc
            raise

    def migrate(self) -> int:
        """Create or upgrade the schema; returns the schema version now in force."""
        if self._migrated:
            return len(MIGRATIONS)
        with self._lock:
            if self._migrated:
                return len(MIGRATIONS)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect()
            try:
                _enable_wal(conn)
                conn.execute("BEGIN IMMEDIATE")
                try:
                    current = conn.execute("PRAGMA user_version").fetchone()[0]
                    for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
                        for statement in _statements(script):
                            conn.execute(statement)
                        if number in BACKFILLS:
                            BACKFILLS[number](conn)
                        conn.execute(f"PRAGMA user_version = {number:d}")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            finally:
                conn.close()
            self._keeper = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
            self._keeper.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # opens the WAL index
            self._migrated = True
        return len(MIGRATIONS)

    def schema_version(self) -> int:
        with self._read() as conn:
            return conn.execute("PRAGMA user_version").fetchone()[0]

    def check(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            with self._read() as conn:
                conn.execute("SELECT 1 FROM comparisons LIMIT 1").fetchall()
            return True
        except sqlite3.Error:
            return False

    def health(self) -> StorageHealth:
        """Whether the database reads, takes a write lock, and how much space its disk has."""
        readable = self.check()
        writable = False
        if readable:
            try:
                conn = self._connect()
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    conn.execute("ROLLBACK")
                    writable = True
                finally:
                    conn.close()
            except sqlite3.Error:
                writable = False
        try:
            free = shutil.disk_usage(self.path.parent).free
        except OSError:
            free = None
        return StorageHealth(readable, writable, free, self.min_free_bytes)

    def integrity_check(self) -> str:
        with self._read() as conn:
            return conn.execute("PRAGMA integrity_check").fetchone()[0]

    # -- comparisons -------------------------------------------------------------------
    def save_comparison(self, comparison: Comparison, sample_key: str | None = None,
                        idempotency: tuple[str, str] | None = None, serialized: str | None = None) -> str:
        """Store ``comparison`` (``serialized``: its JSON when the caller has it already);
        returns its id. With ``idempotency`` = (key, request digest), a key stored before
        returns the id of the comparison it made instead (nothing new is stored), or raises
        :class:`IdempotencyConflict` when it came with another body."""
        with self._write() as conn:
            if idempotency is not None:
                earlier = conn.execute("SELECT request_digest, comparison_id FROM idempotency_keys WHERE key = ?",
                                       (idempotency[0],)).fetchone()
                if earlier is not None:
                    if earlier["request_digest"] != idempotency[1]:
                        raise IdempotencyConflict(idempotency[0])
                    return earlier["comparison_id"]
            self._insert_comparison(conn, comparison, sample_key, serialized)
            if idempotency is not None:
                conn.execute("INSERT INTO idempotency_keys (key, request_digest, comparison_id, created_at)"
                             " VALUES (?, ?, ?, ?)", (*idempotency, comparison.id, utc_now()))
        return comparison.id

    @staticmethod
    def _insert_comparison(conn: sqlite3.Connection, comparison: Comparison, sample_key: str | None,
                           serialized: str | None) -> None:
        """The comparison's row and its search index, inside the caller's transaction."""
        labels = [v.label for v in comparison.versions]
        conn.execute(
            "INSERT INTO comparisons (id, title, created_at, target_language, labels, languages,"
            " signal_counts, search_text, sample_key, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                comparison.id,
                comparison.title,
                comparison.created_at,
                comparison.target_language,
                json.dumps(labels, ensure_ascii=False),
                json.dumps([v.language for v in comparison.versions]),
                json.dumps(comparison.summary.signals_by_type),
                " ".join([comparison.title, *labels]).casefold(),
                sample_key,
                serialized if serialized is not None else dump_comparison(comparison),
            ),
        )
        _index(conn, comparison)

    def find_idempotent(self, key: str, request_digest: str) -> str | None:
        """The id of the comparison an earlier request with this key made (None if none);
        :class:`IdempotencyConflict` when that request had another body."""
        with self._read() as conn:
            row = conn.execute("SELECT request_digest, comparison_id FROM idempotency_keys WHERE key = ?",
                               (key,)).fetchone()
        if row is None:
            return None
        if row["request_digest"] != request_digest:
            raise IdempotencyConflict(key)
        return row["comparison_id"]

    def has_sample(self, sample_key: str) -> bool:
        with self._read() as conn:
            row = conn.execute("SELECT 1 FROM comparisons WHERE sample_key = ?", (sample_key,)).fetchone()
        return row is not None

    def get_comparison(self, comparison_id: str) -> Comparison | None:
        """The stored result, loaded back into the pipeline's typed records."""
        with self._read() as conn:
            row = conn.execute("SELECT result FROM comparisons WHERE id = ?", (comparison_id,)).fetchone()
        return None if row is None else load_comparison(row["result"])

    def delete_comparison(self, comparison_id: str) -> bool:
        with self._write() as conn:
            cursor = conn.execute("DELETE FROM comparisons WHERE id = ?", (comparison_id,))
            conn.execute("DELETE FROM comparison_search WHERE comparison_id = ?", (comparison_id,))
        return cursor.rowcount > 0

    def list_comparisons(self, limit: int, offset: int, query: str | None = None) -> tuple[list[dict], int]:
        """Newest first, one summary row each, and the total matching ``query``.

        ``query`` is searched as a phrase in the titles, labels, texts, translations, quotes and
        speakers of every comparison (:data:`MIGRATIONS` 5); each item then says where it was
        found (``found_in``: field, version, an excerpt with the match in ``[…]``). A query of
        three characters or more uses the trigram index; a shorter one (台独, "EU") is looked
        for in every indexed text.
        """
        where, params = "", []
        if query:
            condition, params = _matching(query)
            where = f"WHERE id IN (SELECT comparison_id FROM comparison_search WHERE {condition})"
        with self._read() as conn:
            total = conn.execute(f"SELECT COUNT(*) FROM comparisons {where}", params).fetchone()[0]
            rows = conn.execute(
                "SELECT id, title, created_at, target_language, labels, languages, signal_counts"
                f" FROM comparisons {where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
            found = _found_in(conn, [row["id"] for row in rows], query) if query else {}
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
        with self._write() as conn:
            if idempotency is not None:
                earlier = conn.execute("SELECT id, request_digest FROM jobs WHERE idempotency_key = ?",
                                       (idempotency[0],)).fetchone()
                if earlier is not None:
                    if earlier["request_digest"] != idempotency[1]:
                        raise IdempotencyConflict(idempotency[0])
                    return earlier["id"]
            conn.execute("INSERT INTO jobs (id, state, request, created_at, updated_at, idempotency_key,"
                         " request_digest) VALUES (?, 'queued', ?, ?, ?, ?, ?)",
                         (job_id, request, now, now, *(idempotency or (None, None))))
        return job_id

    def create_batch(self, batch_id: str, requests: list[str], errors: dict[int, str]) -> list[str]:
        """A batch of jobs in one transaction, one per request (comparison bodies as JSON) in
        order: queued, or failed at once with ``errors[position]`` (the API's error body as
        JSON) for a request that did not validate. Returns the queued jobs' ids."""
        now = utc_now()
        queued = []
        with self._write() as conn:
            conn.execute("INSERT INTO batches (id, created_at, total) VALUES (?, ?, ?)", (batch_id, now, len(requests)))
            rows = []
            for position, request in enumerate(requests):
                job_id = f"{batch_id}-{position}"
                error = errors.get(position)
                rows.append((job_id, "failed" if error else "queued", request, now, now, error, batch_id, position))
                if not error:
                    queued.append(job_id)
            conn.executemany("INSERT INTO jobs (id, state, request, created_at, updated_at, error, batch_id, position)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return queued

    def batch_status(self, batch_id: str, failures: int = 100) -> dict | None:
        """A batch's total, its jobs counted by state, and its first ``failures`` failed jobs
        (position, job id, error)."""
        with self._read() as conn:
            batch = conn.execute("SELECT id, created_at, total FROM batches WHERE id = ?", (batch_id,)).fetchone()
            if batch is None:
                return None
            counts = dict(conn.execute("SELECT state, COUNT(*) FROM jobs WHERE batch_id = ? GROUP BY state",
                                       (batch_id,)).fetchall())
            failed = conn.execute("SELECT id, position, error FROM jobs WHERE batch_id = ? AND state = 'failed'"
                                  " ORDER BY position LIMIT ?", (batch_id, failures)).fetchall()
        return {**dict(batch), "counts": {state: counts.get(state, 0) for state in ("queued", "running", "done", "failed")},
                "failures": [{"position": r["position"], "job": r["id"], "error": json.loads(r["error"])} for r in failed]}

    def batch_jobs(self, batch_id: str) -> list[dict]:
        """Every job of a batch in order: position, id, state, comparison id and error."""
        with self._read() as conn:
            rows = conn.execute("SELECT id, position, state, comparison_id, error FROM jobs WHERE batch_id = ?"
                                " ORDER BY position", (batch_id,)).fetchall()
        return [{**dict(r), "error": json.loads(r["error"]) if r["error"] else None} for r in rows]

    def claim_job(self, job_id: str) -> str | None:
        """Mark a queued job running and return its request; None when it is not queued (another
        thread or process took it), so each job runs once."""
        with self._write() as conn:
            row = conn.execute("SELECT request FROM jobs WHERE id = ? AND state = 'queued'", (job_id,)).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE jobs SET state = 'running', updated_at = ? WHERE id = ?", (utc_now(), job_id))
        return row["request"]

    def finish_job(self, job_id: str, comparison: Comparison, serialized: str) -> None:
        """Store the job's comparison and mark it done, in one transaction: a done job always has
        its comparison, and a comparison made by a job is never stored twice."""
        with self._write() as conn:
            state = conn.execute("SELECT state FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if state is None or state["state"] != "running":
                return
            self._insert_comparison(conn, comparison, None, serialized)
            conn.execute("UPDATE jobs SET state = 'done', comparison_id = ?, updated_at = ? WHERE id = ?",
                         (comparison.id, utc_now(), job_id))

    def fail_job(self, job_id: str, error: str) -> None:
        """Mark a running job failed with ``error`` (the API's error body as JSON)."""
        with self._write() as conn:
            conn.execute("UPDATE jobs SET state = 'failed', error = ?, updated_at = ? WHERE id = ? AND state = 'running'",
                         (error, utc_now(), job_id))

    def get_job(self, job_id: str) -> dict | None:
        with self._read() as conn:
            row = conn.execute("SELECT id, state, created_at, updated_at, comparison_id, error FROM jobs WHERE id = ?",
                               (job_id,)).fetchone()
        return None if row is None else {**dict(row), "error": json.loads(row["error"]) if row["error"] else None}

    def stale_jobs(self, running_before: str) -> list[str]:
        """Jobs to run again after a restart: every queued one, and those marked running before
        ``running_before`` (an ISO time longer ago than any comparison may take), put back in the
        queue."""
        with self._write() as conn:
            conn.execute("UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running' AND updated_at < ?",
                         (utc_now(), running_before))
            rows = conn.execute("SELECT id FROM jobs WHERE state = 'queued' ORDER BY created_at").fetchall()
        return [row["id"] for row in rows]

    # -- translation memory ------------------------------------------------------------
    def import_memory(self, entries: Iterable[MemoryEntry]) -> int:
        """Insert or replace human entries in one transaction; returns how many were written."""
        now = utc_now()
        count = 0
        with self._write() as conn:
            for entry in entries:
                conn.execute(
                    "INSERT INTO translation_memory (source_language, target_language, source_key, source,"
                    " target, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (source_language, target_language, source_key)"
                    " DO UPDATE SET source = excluded.source, target = excluded.target,"
                    " created_at = excluded.created_at",
                    (
                        entry.source_language,
                        entry.target_language,
                        normalise_segment(entry.source),
                        entry.source,
                        entry.target,
                        now,
                    ),
                )
                count += 1
        return count

    def lookup_memory(self, source_language: str, target_language: str, segments: Iterable[str]) -> dict[str, str]:
        """Human translations of ``segments`` that the memory holds, keyed by normalised segment."""
        return self._targets(
            "SELECT source_key, target FROM translation_memory WHERE source_language = ? AND target_language = ?",
            [source_language, target_language], segments,
        )

    def _targets(self, query: str, params: list, segments: Iterable[str]) -> dict[str, str]:
        """Rows of ``query`` (selecting source_key, target) whose key is one of ``segments``."""
        keys = sorted({normalise_segment(s) for s in segments})
        found: dict[str, str] = {}
        with self._read() as conn:
            for chunk in _chunks(keys, 500):  # SQLite caps the number of bound parameters
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"{query} AND source_key IN ({marks})", [*params, *chunk]).fetchall()
                found.update((row["source_key"], row["target"]) for row in rows)
        return found

    def memory_pairs(self) -> set[tuple[str, str]]:
        """Every (source language, target language) the translation memory holds entries for."""
        with self._read() as conn:
            rows = conn.execute("SELECT DISTINCT source_language, target_language FROM translation_memory").fetchall()
        return {(row["source_language"], row["target_language"]) for row in rows}

    def list_memory(
        self, source_language: str | None, target_language: str | None, limit: int, offset: int = 0
    ) -> list[MemoryEntry]:
        clauses, params = [], []
        if source_language:
            clauses.append("source_language = ?")
            params.append(source_language)
        if target_language:
            clauses.append("target_language = ?")
            params.append(target_language)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT source_language, target_language, source, target FROM translation_memory"
                f" {where} ORDER BY id LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return [MemoryEntry(r["source_language"], r["target_language"], r["source"], r["target"]) for r in rows]

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
            "SELECT source_key, target FROM translation_cache WHERE package = ? AND package_version = ?"
            " AND source_language = ? AND target_language = ?",
            [package, package_version, source_language, target_language], segments,
        )

    def store_cache(self, items: Iterable[CachedTranslation]) -> None:
        now = utc_now()
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO translation_cache (package, package_version, source_language,"
                " target_language, source_key, target, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (i.package, i.package_version, i.source_language, i.target_language,
                     normalise_segment(i.source), i.target, now)
                    for i in items
                ],
            )


    # -- sentence vectors ----------------------------------------------------------------
    def lookup_vectors(self, model: str, language: str, segments: Iterable[str]) -> dict[str, bytes]:
        """Stored vectors (raw float32 bytes) of ``segments``, keyed by normalised segment."""
        keys = sorted({normalise_segment(s) for s in segments})
        found: dict[str, bytes] = {}
        with self._read() as conn:
            for chunk in _chunks(keys, 500):
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    "SELECT source_key, vector FROM sentence_vectors WHERE model = ? AND language = ?"
                    f" AND source_key IN ({marks})", [model, language, *chunk]).fetchall()
                found.update((row["source_key"], row["vector"]) for row in rows)
        return found

    def store_vectors(self, model: str, language: str, vectors: dict[str, bytes]) -> None:
        now = utc_now()
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO sentence_vectors (model, language, source_key, vector, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [(model, language, normalise_segment(text), blob, now) for text, blob in vectors.items()],
            )


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL, waiting for other processes that are doing the same.

    Changing the journal mode needs an exclusive lock, and SQLite answers "database is
    locked" at once — without calling the busy handler — while another connection holds
    any lock. That happens when gunicorn's workers open a new database together (one is
    switching or migrating while the other asks), and a worker that fails here makes
    gunicorn stop the whole server. So retry for as long as the busy timeout would wait.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
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


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


