"""Comparison jobs on Celery workers, for more than one machine (``COMPARE_BROKER_URL``).

The web tier stores a job and sends its id to the broker (:class:`CeleryDispatch`); a
worker (``python -m service worker``, Celery's prefork pool) runs it with
:func:`service.jobs.execute` on services built once per worker process, so translation
models, WordNet and the sentence encoder load once and serve every job that process takes.

Delivery is at least once and storage exactly once: tasks are acknowledged late and
rejected back to the queue when their worker process is lost (``acks_late``,
``reject_on_worker_lost``). A whole worker that dies leaves its unacknowledged messages to
come back after the broker's visibility timeout; sooner than that, the other workers'
janitors find its jobs still marked running past the time budget and send them again
(:func:`_janitor`). A delivered job that is still marked running elsewhere is retried once
that runner can be taken for gone, and only one runner's transaction can mark a job done and
store its comparison.
"""
from __future__ import annotations

import logging
import threading
import time

from celery import Celery, signals

from . import metrics
from .config import Settings
from .errors import ServiceError
from .jobs import execute, stale_before, stale_seconds

RUN_JOB = "service.run_job"
QUEUE = "comparisons"

log = logging.getLogger(__name__)


def broker_unavailable() -> ServiceError:
    return ServiceError(
        503, "broker_unavailable", "The job queue does not answer, so no job was stored.",
        "Try again in a moment, or post without `Prefer: respond-async` to compare now; "
        "the operator should check the broker named by COMPARE_BROKER_URL (see /healthz).",
    )


def make_celery(settings: Settings) -> Celery:
    """The Celery app of ``settings.broker_url``, configured for jobs that must not be lost."""
    app = Celery("service", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a slow job does not hold others hostage in one process
        task_ignore_result=True,  # states and results live in the database
        task_default_queue=QUEUE,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        # a message not acknowledged this long (its whole worker died) goes back to the queue
        # (Redis: swept for such messages every few seconds, not kombu's default of 100)
        broker_transport_options={"visibility_timeout": stale_seconds(settings) + 5,
                                  "unacked_restore_interval": max(2, stale_seconds(settings) // 4),
                                  "unacked_restore_throttle": 1},
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
        worker_hijack_root_logger=False,
    )

    @app.task(name=RUN_JOB, bind=True, max_retries=None)
    def run_job(task, job_id: str) -> str:
        services = worker_services(settings)
        try:
            outcome = execute(services, job_id, take_stale=True)
        except ServiceError as exc:  # the database does not answer: the job stays, try again soon
            raise task.retry(countdown=5, exc=exc)
        if outcome == "taken" and services.storage.job_state(job_id) in ("queued", "running"):
            # marked running by a runner that may still be at it: look again once it may be gone
            raise task.retry(countdown=stale_seconds(settings))
        return outcome

    return app


class CeleryDispatch:
    """:class:`service.jobs.Dispatch` through a Celery broker."""

    def __init__(self, settings: Settings):
        self.app = make_celery(settings)

    def check(self) -> None:
        try:
            with self.app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, timeout=3)
        except Exception as exc:  # noqa: BLE001 - any failure to reach the broker is the same 503
            raise broker_unavailable() from exc

    def send(self, job_ids: list[str]) -> None:
        try:
            _send(self.app, job_ids)
        except Exception as exc:  # noqa: BLE001 - the caller removes the jobs it stored for this request
            log.warning("could not send %d job(s) to the broker: %s", len(job_ids), exc)
            raise broker_unavailable() from exc

    def depth(self) -> int | None:
        return _depth(self.app)

    def status(self) -> str:
        try:
            self.check()
            return "ok"
        except ServiceError:
            return "unavailable"


def _depth(app: Celery) -> int | None:
    """Messages waiting in the queue (None when the broker does not answer)."""
    from amqp.exceptions import ChannelError

    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=3)
            try:
                return conn.default_channel.queue_declare(QUEUE, passive=True).message_count
            except ChannelError:  # no such queue yet: nothing was ever sent, or a broker that forgets empty ones
                return 0
    except Exception:  # noqa: BLE001 - no depth is better than a failed scrape
        return None


def _send(app: Celery, job_ids: list[str]) -> None:
    """One task message per job id, over one producer connection."""
    with app.producer_or_acquire() as producer:
        for job_id in job_ids:
            app.send_task(RUN_JOB, args=[job_id], queue=QUEUE, producer=producer)


def _janitor(app: Celery, settings: Settings) -> None:
    """In each worker's main process: at start, send again the jobs left queued in the database
    for longer than a job may run (stored by a web process that died before the broker had
    them); then, every half of that time, the jobs marked running by a runner that is gone (its
    whole worker was killed: the broker would give their messages back only after its
    visibility timeout), and, when the broker's queue is empty, the jobs still queued that long
    (their message was lost with a dead worker or a broker that forgot it). A job sent twice
    still runs once."""
    from .storage import Storage

    storage = Storage(settings.database_url or settings.database)  # the main process needs no models
    period = stale_seconds(settings)
    forgotten = storage.forgotten_jobs(stale_before(settings))
    while True:
        if forgotten:
            log.info("sending again %d job(s) whose runner is gone or that never reached the broker", len(forgotten))
            try:
                _send(app, forgotten)
            except Exception:  # noqa: BLE001 - the next round tries again
                log.warning("could not send lost jobs again", exc_info=True)
        time.sleep(period / 2)
        try:
            forgotten = storage.requeue_lost(stale_before(settings))
            if _depth(app) == 0:
                forgotten += storage.forgotten_jobs(stale_before(settings))
        except ServiceError:
            forgotten = []


# -- inside a worker -------------------------------------------------------------------------
_services = None


def worker_services(settings: Settings):
    """The services of this worker process, built on first use (or at process start)."""
    global _services
    if _services is None:
        from .services import build_services

        _services = build_services(settings)
    return _services


def run_worker(settings: Settings, concurrency: int, loglevel: str = "INFO") -> None:
    """``python -m service worker``: a Celery worker on ``QUEUE`` with a prefork pool."""
    if not settings.broker_url:
        raise ServiceError(400, "no_broker", "A worker needs a broker.",
                           "Set COMPARE_BROKER_URL, e.g. redis://localhost:6379/0.")
    from .server import database_problem

    problem = database_problem(settings)
    if problem:
        raise ServiceError(503, "storage_unavailable", problem[0].upper() + problem[1:])
    metrics.use_multiprocess_folder()
    app = make_celery(settings)

    @signals.worker_process_init.connect(weak=False)
    def _load(**_) -> None:  # models load once per pool process, before its first job
        services = worker_services(settings)
        services.encoder.status()
        services.warm_up()

    @signals.worker_ready.connect(weak=False)
    def _start_janitor(**_) -> None:
        threading.Thread(target=_janitor, args=(app, settings), name="job-janitor", daemon=True).start()

    app.worker_main(["worker", f"--concurrency={max(1, concurrency)}", "--pool=prefork", f"--queues={QUEUE}",
                     f"--loglevel={loglevel}", "--without-gossip", "--without-mingle"])
