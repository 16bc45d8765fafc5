"""What operators read: /metrics in Prometheus' format, /healthz's database and broker, the
batches page; and the API whole on PostgreSQL (a throwaway server)."""
from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from support.http import wait_for, wait_for_batch


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples}


def test_metrics_count_comparisons_jobs_and_refusals(client, english_pair):
    before = scrape(client)
    ok = ("compare_comparisons_total", (("outcome", "ok"),))
    assert client.post("/api/comparisons", json=english_pair).status_code == 201
    posted = client.post("/api/comparisons", json=english_pair, headers={"Prefer": "respond-async"})
    wait_for(client, posted.headers["Location"])
    too_big = {**english_pair, "versions": english_pair["versions"] * 4}  # more versions than allowed: no run
    assert client.post("/api/comparisons", json=too_big).status_code in (400, 413, 422)
    after = scrape(client)
    assert after[ok] - before.get(ok, 0) == 2
    assert after[("compare_jobs", (("state", "done"),))] == 1 and after[("compare_queue_depth", ())] == 0
    assert after[("compare_comparison_seconds_count", ())] - before.get(("compare_comparison_seconds_count", ()), 0) >= 2
    assert after[("compare_process_max_rss_bytes", ())] > 50 * 2**20
    assert ("compare_translation_tokens_total", ()) in after


def test_healthz_names_the_database_and_broker(client):
    health = client.get("/healthz").get_json()
    assert health["database"] == "sqlite" and health["broker"] == "none"


def test_the_batches_page_shows_progress(client, english_pair):
    assert "No batch yet" in client.get("/batches").get_data(as_text=True)
    posted = client.post("/api/batches", json=[english_pair, {"versions": []}])
    wait_for_batch(client, posted.headers["Location"])
    page = client.get("/batches").get_data(as_text=True)
    assert posted.get_json()["id"][:12] in page and "2/2" in page and 'http-equiv="refresh"' not in page


def test_the_api_runs_whole_on_postgres(make_app, postgres_url, english_pair):
    client = make_app(database_url=postgres_url).test_client()
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["database"] == "postgresql"
    assert health.get_json()["storage_free_bytes"] is None
    created = client.post("/api/comparisons", json=english_pair, headers={"Idempotency-Key": "k1"})
    assert created.status_code == 201
    again = client.post("/api/comparisons", json=english_pair, headers={"Idempotency-Key": "k1"})
    assert again.headers["Idempotent-Replayed"] == "true" and again.get_json()["id"] == created.get_json()["id"]
    job = client.post("/api/comparisons", json=english_pair, headers={"Prefer": "respond-async"})
    assert wait_for(client, job.headers["Location"])["state"] == "done"
    found = client.get("/api/comparisons", query_string={"q": "MINISTER"}).get_json()
    assert found["total"] == 2 and found["items"][0]["found_in"]
    page = client.get(f"/comparisons/{created.get_json()['id']}")
    assert page.status_code == 200
    assert client.delete(f"/api/comparisons/{created.get_json()['id']}").status_code == 204
    assert client.get("/api/comparisons").get_json()["total"] == 1
