"""Batches in embedded mode: 500 seed-sized comparisons (the Lavrov sample, translations from
memory, each with its own title so none is a duplicate) submitted as one batch to the
in-process job pool with 1 and then 2 job threads, in one process, on SQLite.

Prints jobs per second, p50 and p95 job latency (from the job's creation to its end, as the
database records them, whole seconds) and stored comparisons per second. The PostgreSQL,
Celery and worker-count columns of issue 15's benchmark need those backends, which the service
does not have yet.
"""
from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JOBS = 500


def _run(threads: int) -> dict:
    from service.config import Settings
    from service.jobs import Jobs
    from service.services import build_services
    from service.translation.memory_files import parse_tmx

    folder = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    services = build_services(Settings.load({"database": folder / "db.sqlite3", "packages_dir": folder / "pk"}))
    services.storage.migrate()
    body = json.loads((ROOT / "samples" / "lavrov-kim-en-ru.json").read_text(encoding="utf-8"))
    services.storage.import_memory(parse_tmx((ROOT / "samples" / body["translation_memory"]).read_bytes()))
    services.run_comparison({k: body[k] for k in ("title", "versions")})  # models loaded before the clock starts
    bodies = [{"title": f"{body['title']} #{n}", "versions": body["versions"]} for n in range(JOBS)]
    jobs = Jobs(services, threads)
    started = time.perf_counter()
    batch_id, _ = jobs.submit_batch(bodies)
    while True:
        counts = services.storage.batch_status(batch_id)["counts"]
        if counts["done"] + counts["failed"] == JOBS:
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    jobs.shutdown()
    jobs_done = [services.storage.get_job(j["id"]) for j in services.storage.batch_jobs(batch_id)]
    latencies = sorted((datetime.fromisoformat(j["updated_at"]) - datetime.fromisoformat(j["created_at"])).total_seconds()
                       for j in jobs_done)
    return {"threads": threads, "seconds": elapsed, "done": counts["done"],
            "p50": statistics.median(latencies), "p95": latencies[int(0.95 * (len(latencies) - 1))]}


def main() -> None:
    print(f"\n== batch: {JOBS} Lavrov-sample comparisons as one batch, embedded mode (SQLite, in-process jobs) ==")
    for threads in (1, 2):
        r = _run(threads)
        print(f"{threads} job thread{'s' if threads > 1 else ' '}: {r['done']} done in {r['seconds']:.1f} s = "
              f"{r['done'] / r['seconds']:.1f} jobs/s (= stored comparisons/s); job latency p50 {r['p50']:.0f} s, "
              f"p95 {r['p95']:.0f} s (from creation, whole seconds)")
