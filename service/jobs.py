"""Comparisons as jobs, for clients that would rather not wait: ``POST /api/comparisons`` with
``Prefer: respond-async`` (RFC 7240) stores a queued job and answers 202 at once; the job runs
in a small pool of threads of the process that took it, and ``GET /api/jobs/<id>`` tells its
state and, when done, where its comparison is. A batch (``POST /api/batches``, or
``python -m service batch submit``) is up to ``MAX_BATCH`` such jobs stored at once.

This is the embedded mode, with no broker: one machine, the same API a worker fleet would
serve. A job is stored before the 202 is sent, so an acknowledged job is never lost: a
process that starts puts back in the queue every job that was queued, or marked running
longer ago than any comparison may take (the time budget, plus a margin), and runs it; each
job is claimed in one write transaction, so two processes never run the same job, and its
comparison is stored in the same transaction that marks it done.
"""
from __future__ import annotations

import json
import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from .errors import ServiceError

#: comparison requests one batch may hold
MAX_BATCH = 10_000

log = logging.getLogger(__name__)

#: seconds past the time budget after which a job still marked running is taken for lost
STALE_MARGIN_SECONDS = 10
#: how long a job marked running is trusted when comparisons have no time budget
UNBUDGETED_STALE_SECONDS = 3600


class Jobs:
    """The job queue of one process: submits to its own threads, reads states from storage."""

    def __init__(self, services, threads: int):
        self.services = services
        self._pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="job")
        self._resumed = False
        self._lock = threading.Lock()

    def submit(self, body: dict, idempotency: tuple[str, str] | None = None) -> tuple[str, bool]:
        """Validate ``body`` (a comparison request: 400s now, not later), store a queued job and
        start it; returns (job id, whether an earlier job with this idempotency key is returned)."""
        self.services.validate(body)
        job_id = uuid.uuid4().hex
        stored = self.services.storage.create_job(job_id, json.dumps(body, ensure_ascii=False), idempotency)
        if stored == job_id:
            self._pool.submit(self._run, job_id)
        return stored, stored != job_id

    def submit_batch(self, bodies: list) -> tuple[str, int]:
        """Store one job per comparison request of ``bodies`` (a request that does not validate
        is a failed job at once, with its 400) and start them; returns (batch id, queued)."""
        errors: dict[int, str] = {}
        for position, body in enumerate(bodies):
            try:
                self.services.validate(body)
            except ServiceError as exc:
                errors[position] = json.dumps(exc.body(), ensure_ascii=False)
        batch_id = uuid.uuid4().hex
        queued = self.services.storage.create_batch(
            batch_id, [json.dumps(body, ensure_ascii=False) for body in bodies], errors)
        for job_id in queued:
            self._pool.submit(self._run, job_id)
        return batch_id, len(queued)

    def resume(self) -> int:
        """Run the jobs a stopped process left (once per process); returns how many."""
        with self._lock:
            if self._resumed:
                return 0
            self._resumed = True
        budget = self.services.settings.time_budget
        stale = (budget + STALE_MARGIN_SECONDS) if budget else UNBUDGETED_STALE_SECONDS
        before = (datetime.now(timezone.utc) - timedelta(seconds=stale)).isoformat(timespec="seconds")
        ids = self.services.storage.stale_jobs(before)
        for job_id in ids:
            self._pool.submit(self._run, job_id)
        return len(ids)

    def _run(self, job_id: str) -> None:
        storage = self.services.storage
        request = storage.claim_job(job_id)
        if request is None:
            return  # another thread or process runs it
        try:
            comparison, serialized = self.services.run_serialised(json.loads(request))
            storage.finish_job(job_id, comparison, serialized)
            log.info("job %s: comparison %s stored", job_id, comparison.id)
        except ServiceError as exc:
            storage.fail_job(job_id, json.dumps(exc.body(), ensure_ascii=False))
        except Exception:  # noqa: BLE001 - a job must end, and its error must not leak internals
            log.exception("job %s failed", job_id)
            failure = ServiceError(500, "internal_error", "Something went wrong on our side.")
            storage.fail_job(job_id, json.dumps(failure.body(), ensure_ascii=False))

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
