"""Comparisons as jobs (service/jobs.py): ``Prefer: respond-async`` answers 202 with the job's
Location at once, ``GET /api/jobs/<id>`` gives its state and, when done, its comparison; a bad
body is still a 400 at once; a retried post with the same Idempotency-Key gets the first job;
a failure is the job's error in the API's shape; jobs a stopped process left run when the next
one starts, each once."""
from __future__ import annotations

import json
import uuid

import pytest

from support.http import assert_error, wait_for, wait_for_batch

ASYNC = {"Prefer": "respond-async"}


def test_a_job_is_queued_at_once_and_ends_with_the_same_comparison_a_direct_post_gives(client, english_pair):
    response = client.post("/api/comparisons", json=english_pair, headers=ASYNC)
    assert response.status_code == 202 and response.headers["Preference-Applied"] == "respond-async"
    job = response.get_json()
    assert response.headers["Location"] == f"/api/jobs/{job['id']}" and job["state"] in ("queued", "running", "done")
    done = wait_for(client, response.headers["Location"])
    assert done["state"] == "done" and done["error"] is None
    assert done["result"] == f"/api/comparisons/{done['comparison_id']}"
    stored = client.get(done["result"]).get_json()
    direct = client.post("/api/comparisons", json=english_pair).get_json()
    assert [s["type"] for s in stored["signals"]] == [s["type"] for s in direct["signals"]]
    assert stored["alignment"] == direct["alignment"]
    assert client.get("/api/comparisons", query_string={"q": "minister"}).get_json()["total"] == 2


def test_a_bad_body_is_refused_at_once_and_queues_nothing(client, storage):
    assert_error(client.post("/api/comparisons", json={"versions": []}, headers=ASYNC), 400)
    assert_error(client.post("/api/comparisons", data="x", content_type="text/plain", headers=ASYNC), 415)
    assert storage.stale_jobs("9999") == []  # no job was stored


def test_a_retry_with_the_same_idempotency_key_gets_the_first_job(client, english_pair):
    headers = {**ASYNC, "Idempotency-Key": "batch-7"}
    first = client.post("/api/comparisons", json=english_pair, headers=headers)
    again = client.post("/api/comparisons", json=english_pair, headers=headers)
    assert first.status_code == again.status_code == 202
    assert again.get_json()["id"] == first.get_json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    other = client.post("/api/comparisons", json={**english_pair, "title": "Another"}, headers=headers)
    assert_error(other, 422, "idempotency_key_reused")
    wait_for(client, first.headers["Location"])
    assert client.get("/api/comparisons").get_json()["total"] == 1


def test_a_job_that_fails_carries_the_error_the_direct_post_would_have_answered(client):
    body = {"require_translation": True, "versions": [
        {"language": "en", "text": "The council met on Monday."},
        {"language": "ru", "text": "Совет собрался в понедельник."}]}
    response = client.post("/api/comparisons", json=body, headers=ASYNC)
    assert response.status_code == 202
    failed = wait_for(client, response.headers["Location"])
    assert failed["state"] == "failed" and failed["result"] is None
    assert failed["error"]["error"]["code"] == "translation_unavailable"
    assert "models install ru en" in failed["error"]["error"]["hint"]
    assert client.get("/api/comparisons").get_json()["total"] == 0


def test_an_unknown_job_is_404(client):
    assert_error(client.get("/api/jobs/does-not-exist"), 404, "not_found")


def test_jobs_a_stopped_process_left_run_once_when_the_next_starts(make_app, english_pair):
    app = make_app(job_threads=1)
    storage = app.extensions["compare"].storage
    # what a killed process leaves: a queued job, and one marked running long ago
    queued, lost = uuid.uuid4().hex, uuid.uuid4().hex
    storage.create_job(queued, json.dumps(english_pair))
    storage.create_job(lost, json.dumps({**english_pair, "title": "Lost"}))
    assert storage.claim_job(lost) is not None  # marked running...
    with storage._write() as conn:  # ...by a process that died an hour ago
        conn.exec_driver_sql("UPDATE jobs SET updated_at = '2000-01-01T00:00:00+00:00' WHERE id = ?", (lost,))
    again = make_app(job_threads=1, database=storage.path)  # the next process on the same database
    client = again.test_client()
    for job_id in (queued, lost):
        assert wait_for(client, f"/api/jobs/{job_id}")["state"] == "done"
    assert client.get("/api/comparisons").get_json()["total"] == 2
    assert storage.claim_job(queued) is None  # done: nobody runs it again


@pytest.mark.parametrize("prefer", ["respond-async, wait=10", "handling=lenient, respond-async", "RESPOND-ASYNC"])
def test_prefer_is_read_among_other_preferences(client, english_pair, prefer):
    response = client.post("/api/comparisons", json=english_pair, headers={"Prefer": prefer})
    assert response.status_code == 202
    wait_for(client, response.headers["Location"])


# -- batches ---------------------------------------------------------------------------------
def numbered(n: int) -> dict:
    return {"title": f"pair {n}", "versions": [
        {"label": "A", "language": "en", "text": f"The council met on Monday for session {n}. It approved 12 million."},
        {"label": "B", "language": "en", "text": f"The council met on Tuesday for session {n}. It approved 15 million."}]}


def test_a_batch_fans_out_and_counts_its_jobs_by_state_with_the_failures(client):
    bodies = [numbered(n) for n in range(5)] + [{"versions": [{"text": "only one"}]}]
    response = client.post("/api/batches", json=bodies)
    assert response.status_code == 202, response.get_json()
    batch = response.get_json()
    assert response.headers["Location"] == f"/api/batches/{batch['id']}" and batch["total"] == 6
    assert batch["counts"]["failed"] == 1  # the invalid request failed at once, with its 400
    ended = wait_for_batch(client, response.headers["Location"])
    assert ended["counts"] == {"queued": 0, "running": 0, "done": 5, "failed": 1}
    (failure,) = ended["failures"]
    assert failure["position"] == 5 and failure["error"]["error"]["code"] == "invalid_request"
    lines = [json.loads(line) for line in client.get(ended["jobs"]).get_data(as_text=True).splitlines()]
    assert [line["position"] for line in lines] == list(range(6))
    titles = [client.get(line["result"]).get_json()["title"] for line in lines[:5]]
    assert titles == [f"pair {n}" for n in range(5)] and lines[5]["result"] is None
    assert client.get(f"/api/jobs/{lines[0]['job']}").get_json()["state"] == "done"


def test_a_batch_may_be_ndjson(client):
    ndjson = "\n".join(json.dumps(numbered(n), ensure_ascii=False) for n in range(3)) + "\n\n"
    response = client.post("/api/batches", data=ndjson.encode(), content_type="application/x-ndjson")
    assert response.status_code == 202 and response.get_json()["total"] == 3
    assert wait_for_batch(client, response.headers["Location"])["counts"]["done"] == 3


def test_batch_bodies_that_are_not_batches_are_refused(client, monkeypatch):
    import service.web.api as api_module

    assert_error(client.post("/api/batches", json={"versions": []}), 400)
    assert_error(client.post("/api/batches", json=[]), 400)
    assert_error(client.post("/api/batches", data=b"{}\n{oops", content_type="application/x-ndjson"), 400,
                 "malformed_json")
    assert_error(client.post("/api/batches", data="x", content_type="text/plain"), 415)
    monkeypatch.setattr(api_module, "MAX_BATCH", 2)
    assert_error(client.post("/api/batches", json=[numbered(0)] * 3), 413)
    assert_error(client.get("/api/batches/nope"), 404, "not_found")
    assert client.get("/api/comparisons").get_json()["total"] == 0


def test_the_cli_runs_a_batch_with_progress_and_writes_ndjson(tmp_path, client, monkeypatch):
    from click.testing import CliRunner

    from service.__main__ import cli

    settings = client.application.extensions["compare"].settings
    monkeypatch.setenv("COMPARE_DATABASE", str(settings.database))
    monkeypatch.setenv("COMPARE_PACKAGES_DIR", str(settings.packages_dir))
    requests = tmp_path / "pairs.jsonl"
    requests.write_text("\n".join(json.dumps(numbered(n)) for n in range(3)) + "\n" + json.dumps({"versions": []}),
                        encoding="utf-8")
    out = tmp_path / "results.jsonl"
    done = CliRunner().invoke(cli, ["batch", "submit", str(requests), "--out", str(out)])
    assert done.exit_code == 1  # one request failed
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["state"] for r in results] == ["done", "done", "done", "failed"]
    assert all(client.get(f"/api/comparisons/{r['comparison_id']}").status_code == 200 for r in results[:3])
    batch_id = results[0]["job"].rsplit("-", 1)[0]
    status = CliRunner().invoke(cli, ["batch", "status", batch_id])
    assert status.exit_code == 0 and "4/4 ended: 0 queued, 0 running, 3 done, 1 failed" in status.output
    assert "#3" in status.output and "invalid_request" in status.output
