"""Jobs and batches in storage: comparisons waiting for, taken by, or finished by a runner.

The statements that decide who runs a job and who stores its comparison are single
conditional ``UPDATE``s, which serialise on PostgreSQL's row locks as on SQLite's write lock:
a job is claimed once, and marked done (with its comparison stored in the same transaction)
once.
"""
from __future__ import annotations

import json

from sqlalchemy import bindparam, text
from sqlalchemy.exc import IntegrityError

from ..model import Comparison
from .idempotency import earlier
from .rows import utc_now

EARLIER_JOB = "SELECT id, request_digest FROM jobs WHERE idempotency_key = :key"
STATES = ("queued", "running", "done", "failed")


class JobStore:
    """The job methods of :class:`~service.storage.Storage` (which provides ``_read``,
    ``_write`` and ``_insert_comparison``)."""

    def create_job(self, job_id: str, request: str, idempotency: tuple[str, str] | None = None) -> str:
        """A queued job for ``request`` (a comparison body as JSON); returns its id. With
        ``idempotency`` = (key, request digest), a key used before returns that job's id
        instead, or raises :class:`IdempotencyConflict` when it came with another body."""
        now = utc_now()
        try:
            with self._write() as conn:
                if idempotency is not None and (made := earlier(conn, EARLIER_JOB, *idempotency)) is not None:
                    return made
                conn.execute(text("INSERT INTO jobs (id, state, request, created_at, updated_at, idempotency_key,"
                                  " request_digest) VALUES (:id, 'queued', :request, :now, :now, :key, :digest)"),
                             {"id": job_id, "request": request, "now": now,
                              "key": idempotency[0] if idempotency else None,
                              "digest": idempotency[1] if idempotency else None})
        except IntegrityError:
            if idempotency is not None:
                with self._read() as conn:
                    if (made := earlier(conn, EARLIER_JOB, *idempotency)) is not None:
                        return made
            raise
        return job_id

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
        return {**dict(batch), "counts": {state: counts.get(state, 0) for state in STATES},
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
        return [{**dict(b), "counts": {state: counts.get(b["id"], {}).get(state, 0) for state in STATES}} for b in batches]

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
        return {state: counts.get(state, 0) for state in STATES}

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

    def finish_job(self, job_id: str, comparison: Comparison, serialized: str, sources=None) -> bool:
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
            if sources is not None:  # ComparisonSources: the articles it was made from
                self._insert_sources(conn, comparison.id, sources)
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
