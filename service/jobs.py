"""Comparisons as jobs, for clients that would rather not wait: ``POST /api/comparisons`` with
``Prefer: respond-async`` (RFC 7240) stores a queued job and answers 202 at once, and
``GET /api/jobs/<id>`` tells its state and, when done, where its comparison is. A batch
(``POST /api/batches``, or ``python -m service batch submit``) is up to ``MAX_BATCH`` such
jobs stored at once.

Who runs a job depends on ``COMPARE_BROKER_URL``. Without it (the embedded mode), a small
pool of threads of the process that took the request. With it, Celery workers on any
machine (:mod:`service.workers`): the job's id goes to the broker, and the API is the same.

Either way a job is stored before the 202 is sent, so an acknowledged job is never lost,
and :func:`execute` runs it: the job is claimed by one conditional ``UPDATE`` (two runners
never both run it), and its comparison is stored in the transaction that marks it done. A
job still marked running longer ago than any comparison may take (the time budget plus a
margin) is taken for lost and may be claimed again; an embedded process that starts puts
such jobs, and every queued one, back in its pool.
"""
from __future__ import annotations

import json
import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Protocol

from .errors import ServiceError

#: comparison requests one batch may hold
MAX_BATCH = 10_000

log = logging.getLogger(__name__)

#: seconds past the time budget after which a job still marked running is taken for lost
STALE_MARGIN_SECONDS = 10
#: how long a job marked running is trusted when comparisons have no time budget
UNBUDGETED_STALE_SECONDS = 3600


def stale_seconds(settings) -> int:
    """How long a job may stay marked running before whoever runs it is taken for gone."""
    return (settings.time_budget + STALE_MARGIN_SECONDS) if settings.time_budget else UNBUDGETED_STALE_SECONDS


def stale_before(settings) -> str:
    """The ISO time before which a job marked running is taken for lost."""
    return (datetime.now(timezone.utc) - timedelta(seconds=stale_seconds(settings))).isoformat(timespec="seconds")


def execute(services, job_id: str, take_stale: bool = False) -> str:
    """Run one job: ``"done"`` or ``"failed"`` when this call ran it; ``"taken"`` when it was not
    queued (done, failed, or running elsewhere). With ``take_stale``, a job marked running
    longer ago than :func:`stale_seconds` is run again (its runner died)."""
    storage = services.storage
    request = storage.claim_job(job_id, stale_before(services.settings) if take_stale else None)
    if request is None:
        return "taken"
    try:
        comparison, serialized, sources = services.run_serialised(json.loads(request))
        storage.finish_job(job_id, comparison, serialized, sources)
        log.info("job %s: comparison %s stored", job_id, comparison.id)
        return "done"
    except ServiceError as exc:
        if exc.code == "storage_unavailable":
            raise  # the database is gone, not the request's fault: the runner tries again later
        storage.fail_job(job_id, json.dumps(exc.body(), ensure_ascii=False))
    except Exception:  # noqa: BLE001 - a job must end, and its error must not leak internals
        log.exception("job %s failed", job_id)
        failure = ServiceError(500, "internal_error", "Something went wrong on our side.")
        storage.fail_job(job_id, json.dumps(failure.body(), ensure_ascii=False))
    return "failed"


class Jobs:
    """Stores jobs and hands them to their runner: this process's threads, or (given
    ``dispatch``, see :mod:`service.workers`) a broker."""

    def __init__(self, services, threads: int, dispatch: "Dispatch | None" = None):
        self.services = services
        self.dispatch = dispatch
        self._pool = None if dispatch else ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="job")
        self._resumed = False
        self._lock = threading.Lock()

    def submit(self, body: dict, idempotency: tuple[str, str] | None = None) -> tuple[str, bool]:
        """Validate ``body`` (a comparison request: 400s now, not later), store a queued job and
        start it; returns (job id, whether an earlier job with this idempotency key is returned)."""
        self.services.validate(body)
        self._check_runner()
        job_id = uuid.uuid4().hex
        storage = self.services.storage
        stored = storage.create_job(job_id, json.dumps(body, ensure_ascii=False), idempotency)
        if stored == job_id:
            try:
                self._start([job_id])
            except ServiceError:
                storage.delete_jobs(job_id=job_id)  # a request that fails stores nothing
                raise
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
        self._check_runner()
        batch_id = uuid.uuid4().hex
        storage = self.services.storage
        queued = storage.create_batch(batch_id, [json.dumps(body, ensure_ascii=False) for body in bodies], errors)
        try:
            self._start(queued)
        except ServiceError:
            storage.delete_jobs(batch_id=batch_id)
            raise
        return batch_id, len(queued)

    def _check_runner(self) -> None:
        if self.dispatch is not None:
            self.dispatch.check()  # 503 before anything is stored when the broker is down

    def _start(self, job_ids: list[str]) -> None:
        if self.dispatch is not None:
            self.dispatch.send(job_ids)
        else:
            for job_id in job_ids:
                self._pool.submit(self._run, job_id)

    def queue_depth(self) -> int | None:
        """Jobs waiting for a runner: the broker's queue, or this process's pool."""
        if self.dispatch is not None:
            return self.dispatch.depth()
        return self._pool._work_queue.qsize()  # the executor's own queue: no public counter exists

    def resume(self) -> int:
        """Embedded mode: run the jobs a stopped process left (once per process); returns how many."""
        if self.dispatch is not None:
            return 0  # the workers take back what a stopped worker left
        with self._lock:
            if self._resumed:
                return 0
            self._resumed = True
        ids = self.services.storage.stale_jobs(stale_before(self.services.settings))
        for job_id in ids:
            self._pool.submit(self._run, job_id)
        return len(ids)

    def _run(self, job_id: str) -> None:
        try:
            execute(self.services, job_id)
        except ServiceError:
            log.warning("job %s: the database did not answer; it runs when this process starts again", job_id)

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)


class Dispatch(Protocol):
    """How jobs reach a broker's workers (:class:`service.workers.CeleryDispatch`)."""

    def check(self) -> None:
        """Raise the 503 ``broker_unavailable`` when the broker does not answer."""

    def send(self, job_ids: list[str]) -> None:
        """Hand stored jobs to the workers."""

    def depth(self) -> int | None:
        """Messages waiting in the broker's queue (None when it cannot tell)."""
