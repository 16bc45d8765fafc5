"""Scale-out on the real engines: PostgreSQL and Redis started for the test, Celery workers
(``python -m service worker``) as processes, and the faults an operator meets: a worker
killed with SIGKILL in the middle of a batch, PostgreSQL stopped under posts, a broker that
does not answer."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from support.http import assert_error, council_pair
from support.server import ROOT, request, start_server

BUDGET = 5  # seconds a comparison may take: a job marked running 15 s ago is taken for lost


def start_worker(folder: Path, env: dict[str, str], name: str) -> subprocess.Popen:
    log = open(folder / f"worker-{name}.log", "ab")
    return subprocess.Popen([sys.executable, "-m", "service", "worker", "--concurrency", "1", "--loglevel", "WARNING"],
                            cwd=ROOT, env={**os.environ, **env}, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def wait_until(condition, seconds: float, step: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out")


def test_a_worker_killed_mid_batch_leaves_every_job_done_once(tmp_path, make_app, postgres_url, redis_server):
    env = {"COMPARE_DATABASE_URL": postgres_url, "COMPARE_BROKER_URL": redis_server.url,
           "COMPARE_TIME_BUDGET": str(BUDGET), "COMPARE_PACKAGES_DIR": str(tmp_path / "packages"),
           "COMPARE_PACKAGE_INDEX": str(tmp_path / "no-index.json"), "COMPARE_ENCODER": "off"}
    app = make_app(database_url=postgres_url, broker_url=redis_server.url, time_budget=BUDGET)
    client = app.test_client()
    assert client.get("/healthz").get_json()["broker"] == "ok"
    workers = [start_worker(tmp_path, env, "a"), start_worker(tmp_path, env, "b")]
    try:
        total = 120
        posted = client.post("/api/batches", json=[council_pair(n) for n in range(total)])
        assert posted.status_code == 202, posted.get_json()
        status_url = posted.headers["Location"]
        wait_until(lambda: client.get(status_url).get_json()["counts"]["done"] >= 10, 120)
        os.killpg(workers[0].pid, signal.SIGKILL)  # the worker and its pool process, as the OOM killer would
        workers[0].wait(timeout=30)
        cut_short = client.get(status_url).get_json()["counts"]
        killed_at = time.monotonic()
        workers.append(start_worker(tmp_path, env, "c"))
        counts = wait_until(lambda: (c := client.get(status_url).get_json()["counts"])["done"] + c["failed"] == total
                            and c, 180)
        assert counts == {"queued": 0, "running": 0, "done": total, "failed": 0}, (
            cut_short, counts, client.get(status_url).get_json()["failures"])  # a failure says why
        print(f"killed with {cut_short}; all done {time.monotonic() - killed_at:.1f} s later")
        jobs = [line for line in client.get(f"{status_url}/jobs").get_data(as_text=True).splitlines()]
        pages = [client.get("/api/comparisons", query_string={"limit": 100, "offset": o}).get_json() for o in (0, 100)]
        items = [item for page in pages for item in page["items"]]
        assert pages[0]["total"] == total  # exactly once: no job stored two comparisons
        assert len({item["id"] for item in items}) == total == len(jobs)
        assert sorted(i["title"] for i in items) == sorted(f"job {n}" for n in range(total))
        page = client.get("/batches").get_data(as_text=True)
        assert f"{total}/{total}" in page
        scraped = client.get("/metrics").get_data(as_text=True)
        assert f'compare_jobs{{state="done"}} {float(total)}' in scraped and "compare_queue_depth 0.0" in scraped
    finally:
        for worker in workers:
            stop(worker)


def test_with_the_broker_down_async_posts_are_503_and_sync_ones_work(make_app, english_pair):
    from support.server import free_port

    app = make_app(broker_url=f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    client = app.test_client()
    error = assert_error(client.post("/api/comparisons", json=english_pair, headers={"Prefer": "respond-async"}),
                         503, "broker_unavailable")
    assert "respond-async" in error["hint"]
    assert_error(client.post("/api/batches", json=[english_pair]), 503, "broker_unavailable")
    storage = app.extensions["compare"].storage
    assert storage.jobs_by_state() == {"queued": 0, "running": 0, "done": 0, "failed": 0}  # nothing stored
    assert storage.list_batches() == []
    assert client.post("/api/comparisons", json=english_pair).status_code == 201
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["broker"] == "unavailable"


def test_postgres_restarted_under_posts_gives_clean_503s_and_loses_nothing(tmp_path, postgres_server):
    url = postgres_server.database()
    server = start_server(tmp_path, env={"COMPARE_DATABASE_URL": url, "COMPARE_ENCODER": "off"})
    acknowledged, refused, other = [], [], []
    stop_posting = threading.Event()

    def post() -> None:
        number = 0
        while not stop_posting.is_set():
            number += 1
            try:
                status, _, answer = request(f"{server.base}/api/comparisons", council_pair(number), "POST", timeout=30)
            except OSError as exc:
                other.append(repr(exc))
                continue
            if status == 201:
                acknowledged.append(answer["id"])
            elif status == 503:
                refused.append(answer)
            else:
                other.append((status, answer))

    poster = threading.Thread(target=post)
    try:
        poster.start()
        wait_until(lambda: len(acknowledged) >= 5, 60)
        postgres_server.stop("immediate")  # as a crash would: no clean shutdown
        wait_until(lambda: len(refused) >= 3, 60)
        postgres_server.start()
        before = len(acknowledged)
        wait_until(lambda: len(acknowledged) >= before + 5, 60)
    finally:
        stop_posting.set()
        poster.join(timeout=60)
        server.stop()
        if not (postgres_server.folder / "data" / "postmaster.pid").exists():
            postgres_server.start()  # the session's server stays up for the tests after this one
    assert other == []
    assert {e["error"]["code"] for e in refused} == {"storage_unavailable"}
    for answer in refused:  # the API's error shape, no driver or SQL text
        assert "psycopg" not in str(answer) and "SELECT" not in str(answer) and "INSERT" not in str(answer)
    from service.storage import Storage

    stored = Storage(url)
    assert all(stored.get_comparison(comparison_id) is not None for comparison_id in acknowledged)
    # (one more may be stored: a commit that reached the disk just as the server went down)
    assert len(acknowledged) <= stored.count_comparisons() <= len(acknowledged) + 1
