"""Jobs survive a crash: kill -9 the real server (master and workers) while acknowledged jobs
are queued and running, start it again, and every job ends done exactly once."""
from __future__ import annotations

import time

from support.http import council_pair
from support.server import request, start_server

JOBS = 24
BUDGET = 15  # seconds (model loading in a cold worker included); a job marked running longer
# than this plus the margin is taken for lost


def test_kill_9_with_jobs_in_flight_runs_each_job_once_after_restart(tmp_path):
    from service.jobs import STALE_MARGIN_SECONDS

    env = {"COMPARE_TIME_BUDGET": str(BUDGET), "COMPARE_JOB_THREADS": "1"}
    server = start_server(tmp_path, env=env)
    try:
        locations = []
        for number in range(JOBS):
            status, headers, job = request(f"{server.base}/api/comparisons", council_pair(number), "POST",
                                           headers={"Prefer": "respond-async"})
            assert status == 202, job
            locations.append(headers["Location"])
        server.kill()  # SIGKILL while some jobs are done, some running and the rest queued
    finally:
        server.stop()
    from service.storage import Storage

    left = [Storage(tmp_path / "db.sqlite3").get_job(loc.rsplit("/", 1)[1])["state"] for loc in locations]
    assert any(state in ("queued", "running") for state in left), left  # the kill did cut jobs short
    time.sleep(BUDGET + STALE_MARGIN_SECONDS + 1)  # what was running is now known to be lost
    again = start_server(tmp_path, env=env)
    try:
        deadline = time.monotonic() + 120
        states = {}
        while time.monotonic() < deadline:
            states = {loc: request(f"{again.base}{loc}")[2]["state"] for loc in locations}
            if all(s in ("done", "failed") for s in states.values()):
                break
            time.sleep(0.2)
        assert set(states.values()) == {"done"}, states
        jobs = [request(f"{again.base}{loc}")[2] for loc in locations]
        _, _, listed = request(f"{again.base}/api/comparisons?limit=100")
        assert listed["total"] == JOBS  # exactly once: no job stored two comparisons
        assert {j["comparison_id"] for j in jobs} == {item["id"] for item in listed["items"]}
        assert sorted(item["title"] for item in listed["items"]) == sorted(f"job {n}" for n in range(JOBS))
    finally:
        again.stop()
