"""Batches: 500 seed-sized comparisons (the Lavrov sample, translations from memory, each
with its own title so none is a duplicate) submitted as one batch, on every runner the
service has: the in-process job pool (1 and 2 threads) on SQLite and on PostgreSQL, and
Celery workers (1 and 2 worker processes, one job at a time each) on PostgreSQL with a Redis
broker. PostgreSQL and Redis are throwaway servers started for the run (Debian's binaries,
as the tests use them); the workers are ``python -m service worker`` processes.

Then the same with machine translation: the generated package the size of a released Argos
model (``bench/translation.py``, random weights, so every sentence decodes to its length
limit: an upper bound on a real model's time), no translation memory, and a mark in every
Russian sentence so no job finds another's sentences in the cache; ``MODEL_JOBS`` jobs, on
the in-process pool (SQLite) and on 1 and 2 Celery workers (PostgreSQL).

Prints jobs per second, p50 and p95 job latency (from the job's creation to its end, as the
database records them, whole seconds), stored comparisons per second and database rows
written per second (the comparison, its search rows, and the job's claim and finish).
"""
from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JOBS = 500
MODEL_JOBS = 40


def _sample() -> tuple[dict, list]:
    from service.translation.memory_files import parse_tmx

    body = json.loads((ROOT / "samples" / "lavrov-kim-en-ru.json").read_text(encoding="utf-8"))
    return body, parse_tmx((ROOT / "samples" / body["translation_memory"]).read_bytes())


def _services(folder: Path, database_url: str = "", broker_url: str = "", memory: bool = True):
    from service.config import Settings
    from service.services import build_services

    services = build_services(Settings.load({"database": folder / "db.sqlite3", "packages_dir": folder / "pk",
                                             "database_url": database_url, "broker_url": broker_url}, environ={}))
    services.storage.migrate()
    body, entries = _sample()
    if memory:
        services.storage.import_memory(entries)
    return services, body


def _bodies(body: dict, count: int, marked: bool) -> list[dict]:
    """``count`` requests of the sample, each titled apart; ``marked``: every Russian sentence
    carries the job's number, so nothing is found in the translation cache."""
    def version(v: dict, n: int) -> dict:
        if not marked or v.get("language") != "ru":
            return v
        return {**v, "text": v["text"].replace(". ", f". №{n} ")}

    return [{"title": f"{body['title']} #{n}", "versions": [version(v, n) for v in body["versions"]]}
            for n in range(count)]


def _follow(services, submit, total: int = JOBS) -> dict:
    from service.storage.search import search_rows

    started = time.perf_counter()
    batch_id = submit()
    while True:
        counts = services.storage.batch_status(batch_id)["counts"]
        if counts["done"] + counts["failed"] == total:
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    jobs = services.storage.batch_jobs(batch_id)
    timed = [services.storage.get_job(j["id"]) for j in jobs]
    latencies = sorted((datetime.fromisoformat(j["updated_at"]) - datetime.fromisoformat(j["created_at"])).total_seconds()
                       for j in timed)
    first = services.storage.get_comparison(jobs[0]["comparison_id"])
    rows_per_job = 1 + len(search_rows(first)) + 2
    return {"seconds": elapsed, "done": counts["done"], "p50": statistics.median(latencies),
            "p95": latencies[int(0.95 * (len(latencies) - 1))], "rows": rows_per_job * counts["done"]}


def _embedded(folder: Path, threads: int, database_url: str = "", package: Path | None = None) -> dict:
    from service.jobs import Jobs

    services, body = _services(folder, database_url, memory=package is None)
    if package is not None:
        services.packages.install_file(package)
    total = MODEL_JOBS if package else JOBS
    warm = _bodies(body, 1, package is not None)[0]
    services.run_comparison({**warm, "title": "warm-up"})  # models loaded before the clock starts
    bodies = _bodies({**body, "title": body["title"] + " run"}, total, package is not None)
    jobs = Jobs(services, threads)
    try:
        return _follow(services, lambda: jobs.submit_batch(bodies)[0], total)
    finally:
        jobs.shutdown()
        services.storage.dispose()


def _workers(folder: Path, processes: int, database_url: str, broker_url: str, package: Path | None = None) -> dict:
    from service.jobs import Jobs
    from service.workers import CeleryDispatch

    services, body = _services(folder, database_url, broker_url, memory=package is None)
    if package is not None:
        services.packages.install_file(package)
    total = MODEL_JOBS if package else JOBS
    env = {**os.environ, "COMPARE_DATABASE_URL": database_url, "COMPARE_BROKER_URL": broker_url,
           "COMPARE_PACKAGES_DIR": str(folder / "pk"), "COMPARE_LOG_LEVEL": "WARNING"}
    workers = [subprocess.Popen([sys.executable, "-m", "service", "worker", "--concurrency", "1",
                                 "--loglevel", "WARNING"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True) for _ in range(processes)]
    try:
        jobs = Jobs(services, 1, CeleryDispatch(services.settings))
        warm = _bodies({**body, "title": "warm-up"}, 4 * processes, package is not None)
        _follow_warm(services, jobs.submit_batch(warm)[0], len(warm))  # every worker has loaded its models
        bodies = _bodies({**body, "title": body["title"] + " run"}, total, package is not None)
        return _follow(services, lambda: jobs.submit_batch(bodies)[0], total)
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        services.storage.dispose()


def _follow_warm(services, batch_id: str, total: int) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        counts = services.storage.batch_status(batch_id)["counts"]
        if counts["done"] + counts["failed"] == total:
            return
        time.sleep(0.1)
    raise RuntimeError("the workers did not take the warm-up jobs")


def _line(name: str, r: dict) -> str:
    return (f"{name:<34} {r['done']} done in {r['seconds']:6.1f} s = {r['done'] / r['seconds']:5.1f} jobs/s "
            f"(= stored comparisons/s), {r['rows'] / r['seconds']:6.0f} rows/s; job latency p50 {r['p50']:.0f} s, "
            f"p95 {r['p95']:.0f} s")


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from support.engines import postgres_bin, postgres_server, redis_bin, start_redis

    print(f"\n== batch: {JOBS} Lavrov-sample comparisons as one batch (translations from memory) ==")
    folder = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    for threads in (1, 2):
        print(_line(f"embedded, SQLite, {threads} thread(s)", _embedded(folder / f"s{threads}", threads)), flush=True)
    if postgres_bin() is None or redis_bin() is None:
        print("PostgreSQL or Redis is not installed: `make bench` installs them (apt-get)")
        return
    with postgres_server() as postgres:
        for threads in (1, 2):
            line = _line(f"embedded, PostgreSQL, {threads} thread(s)",
                         _embedded(folder / f"p{threads}", threads, postgres.database()))
            print(line, flush=True)
        redis = start_redis(folder)
        try:
            for processes in (1, 2):
                line = _line(f"Celery, PostgreSQL, {processes} worker(s)",
                             _workers(folder / f"w{processes}", processes, postgres.database(), redis.url))
                print(line, flush=True)
        finally:
            redis.stop()
    from .translation import build_package

    package = build_package()
    print(f"\n== batch with machine translation: {MODEL_JOBS} sample comparisons, no memory, every Russian sentence "
          f"new, the realistic-size generated model ==")
    print(_line("embedded, SQLite, 1 thread(s)", _embedded(folder / "ms", 1, package=package)), flush=True)
    with postgres_server() as postgres:
        redis = start_redis(folder)
        try:
            for processes in (1, 2):
                line = _line(f"Celery, PostgreSQL, {processes} worker(s)",
                             _workers(folder / f"mw{processes}", processes, postgres.database(), redis.url, package))
                print(line, flush=True)
        finally:
            redis.stop()
