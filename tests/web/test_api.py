"""The comparison API end to end through the Flask test client, checked against the OpenAPI schemas."""
from __future__ import annotations

import csv
import io

from service.model import SIGNAL_TYPES
from support.http import assert_error, assert_matches


def test_post_returns_whole_result_with_location(client, english_pair):
    response = client.post("/api/comparisons", json=english_pair)
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == f"/api/comparisons/{body['id']}"
    assert_matches(body, "Comparison")
    assert [v["label"] for v in body["versions"]] == ["Wire", "Outlet"]
    assert body["target_language"] == "en"
    for version, sent in zip(body["versions"], english_pair["versions"]):
        for sentence in version["sentences"]:
            assert sent["text"][sentence["start"]:sentence["end"]] == sentence["text"]
            assert sentence["translation"] == sentence["text"]
            assert sentence["translation_origin"] == "identity"
        for quote in version["quotes"]:
            assert sent["text"][quote["start"]:quote["end"]] == quote["text"]


def test_alignment_covers_every_sentence_exactly_once(client, english_pair):
    body = client.post("/api/comparisons", json=english_pair).get_json()
    for version in body["versions"]:
        seen = [i for row in body["alignment"] for i in row["sentences"].get(version["label"], [])]
        assert sorted(seen) == list(range(len(version["sentences"])))
    kinds = [row["kind"] for row in body["alignment"]]
    assert kinds.count("only") == 2  # the trade sentence and the protest sentence


def test_quote_diff_and_signals(client, english_pair):
    body = client.post("/api/comparisons", json=english_pair).get_json()
    (pair,) = body["quote_pairs"]
    assert pair["status"] == "altered"
    assert ["delete", "firm and"] in pair["diff"]
    types = {s["type"] for s in body["signals"]}
    assert {"quote_altered", "sentence_missing", "number_mismatch"} <= types
    assert set(body["summary"]["signals_by_type"]) == types
    severities = [s["severity"] for s in body["signals"]]
    assert severities == sorted(severities, reverse=True)
    missing = [s for s in body["signals"] if s["type"] == "sentence_missing"]
    assert {s["version"] for s in missing} == {"Wire", "Outlet"}
    assert any("trade" in s["text"] for s in missing if s["version"] == "Wire")


def test_quote_missing_when_other_version_drops_quote(client):
    body = client.post("/api/comparisons", json={"versions": [
        {"language": "en", "text": "The mayor opened the bridge. “This bridge unites our city at last,” she said."},
        {"language": "en", "text": "The mayor opened the bridge. She said the bridge would unite the city."},
    ]}).get_json()
    signals = [s for s in body["signals"] if s["type"] == "quote_missing"]
    assert len(signals) == 1
    assert signals[0]["version"] == "v1" and signals[0]["counterpart"] == "v2"
    assert signals[0]["evidence"]["quote"] == "v1:q0"


def test_get_list_search_delete(client, english_pair):
    first = client.post("/api/comparisons", json=english_pair).get_json()
    second = client.post("/api/comparisons", json={**english_pair, "title": "Another story"}).get_json()
    fetched = client.get(f"/api/comparisons/{first['id']}")
    assert fetched.status_code == 200 and fetched.get_json() == first

    listing = client.get("/api/comparisons").get_json()
    assert_matches(listing, "ComparisonList")
    assert [i["id"] for i in listing["items"]] == [second["id"], first["id"]]
    assert listing["items"][0]["labels"] == ["Wire", "Outlet"]
    assert listing["items"][0]["signal_counts"] == second["summary"]["signals_by_type"]

    page = client.get("/api/comparisons?limit=1&offset=1").get_json()
    assert [i["id"] for i in page["items"]] == [first["id"]] and page["total"] == 2
    found = client.get("/api/comparisons?q=another").get_json()
    assert [i["id"] for i in found["items"]] == [second["id"]]
    assert client.get("/api/comparisons?q=outlet").get_json()["total"] == 2  # labels are searched
    assert client.get("/api/comparisons?q=100%25").get_json()["total"] == 0  # LIKE wildcards are literal

    assert client.delete(f"/api/comparisons/{first['id']}").status_code == 204
    assert client.get(f"/api/comparisons/{first['id']}").status_code == 404
    assert client.delete(f"/api/comparisons/{first['id']}").status_code == 404


def test_csv_lists_signals_and_neutralises_formulas(client):
    body = client.post("/api/comparisons", json={"versions": [
        {"language": "en", "text": "=HYPERLINK(\"x\") said the spokesman. The weather was calm."},
        {"language": "en", "text": "The weather was calm."},
    ]}).get_json()
    response = client.get(f"/api/comparisons/{body['id']}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == len(body["signals"]) > 0
    assert {r["type"] for r in rows} <= set(SIGNAL_TYPES)
    assert all(not r["text"].startswith("=") for r in rows)
    assert client.get("/api/comparisons/nope.csv").status_code == 404


def test_healthz(client):
    body = client.get("/healthz").get_json()
    assert_matches(body, "Health")
    assert body["status"] == "ok" and body["storage"] == "ok"
    assert body["translation_pairs"] == []


def test_security_headers(client):
    response = client.get("/healthz")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_pages_and_api_share_one_error_mapping(client):
    assert_error(client.get("/api/comparisons/unknown"), 404, "not_found")
    page = client.get("/comparisons/unknown", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "No comparison has that id." in page.get_data(as_text=True)


def test_csv_has_its_own_route(client, english_pair):
    comparison_id = client.post("/api/comparisons", json=english_pair).get_json()["id"]
    assert client.get(f"/api/comparisons/{comparison_id}.csv").mimetype == "text/csv"
    assert "DELETE" not in client.options(f"/api/comparisons/{comparison_id}.csv").headers["Allow"]
    assert client.delete(f"/api/comparisons/{comparison_id}.csv").status_code == 405
    assert client.get(f"/api/comparisons/{comparison_id}").status_code == 200  # still there
    assert client.get(f"/api/comparisons/{comparison_id}.json").status_code == 404


# -- idempotency, nulls, size caps and the smaller defects -------------------------------------
def test_an_idempotency_key_makes_a_retry_return_the_first_comparison(client, storage, english_pair):
    first = client.post("/api/comparisons", json=english_pair, headers={"Idempotency-Key": "retry-1"})
    again = client.post("/api/comparisons", json=english_pair, headers={"Idempotency-Key": "retry-1"})
    assert first.status_code == again.status_code == 201
    assert again.headers["Location"] == first.headers["Location"] and again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert storage.list_comparisons(10, 0)[1] == 1
    changed = {**english_pair, "title": "Another body"}
    reused = client.post("/api/comparisons", json=changed, headers={"Idempotency-Key": "retry-1"})
    assert_error(reused, 422, "idempotency_key_reused")
    bad = client.post("/api/comparisons", json=english_pair, headers={"Idempotency-Key": "has space"})
    assert_error(bad, 400, "invalid_idempotency_key")
    assert client.post("/api/comparisons", json=english_pair).status_code == 201  # no key: a new one each time
    assert storage.list_comparisons(10, 0)[1] == 2


def test_concurrent_retries_with_one_key_store_one_comparison(app, storage, english_pair):
    from concurrent.futures import ThreadPoolExecutor

    def post(_):
        response = app.test_client().post("/api/comparisons", json=english_pair, headers={"Idempotency-Key": "race"})
        return response.status_code, response.get_json()["id"]

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, range(8)))
    assert {status for status, _ in answers} == {201} and len({i for _, i in answers}) == 1
    assert storage.list_comparisons(10, 0)[1] == 1


def test_null_optional_fields_are_taken_as_absent_as_the_schema_says(client, english_pair):
    body = {"title": None, "target_language": None,
            "versions": [{**v, "label": None, "language": None, "source_url": None, "published_at": None}
                         for v in english_pair["versions"]]}
    response = client.post("/api/comparisons", json=body)
    assert response.status_code == 201, response.get_json()
    result = response.get_json()
    assert [v["label"] for v in result["versions"]] == ["v1", "v2"] and result["target_language"] == "en"
    assert_matches(body, "ComparisonRequest")


def test_a_result_larger_than_the_cap_is_413_and_not_stored(make_app, english_pair):
    client = make_app(max_result_bytes=5000).test_client()
    error = assert_error(client.post("/api/comparisons", json=english_pair), 413, "result_too_large")
    assert "COMPARE_MAX_RESULT_BYTES" in error["hint"]
    assert client.get("/api/comparisons").get_json()["total"] == 0


def test_pages_are_not_cached_and_the_secure_cookie_setting_is_honoured(make_app, client):
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/api/comparisons").headers.get("Cache-Control", "")
    assert "Secure" not in client.get("/").headers.get("Set-Cookie", "")
    secure = make_app(session_cookie_secure="true")
    assert "Secure" in secure.test_client().get("/").headers["Set-Cookie"]


STORY = ("Kim Jong Un inspected a new fertilizer factory in the city on Friday. "
         "He praised the workers for finishing the building ahead of schedule.\n\n"
         "“This factory is a symbol of our strength,” Kim said.\n\n"
         "The factory will produce 10,000 tonnes of fertilizer a year.")


def agency_copy(dateline: str) -> str:
    return (f"Kim inspects fertilizer factory\n\n{dateline} {STORY}\n\n"
            "Kim Jong Un visits the factory on July 12. (KCNA)\n\nkms@yna.co.kr\n\n(END)")


def test_furniture_is_no_sentence_so_a_version_without_it_misses_nothing(client):
    full = agency_copy("PYONGYANG, July 12 (KCNA) --")
    response = client.post("/api/comparisons", json={"versions": [
        {"label": "KCNA", "language": "en", "text": full}, {"label": "Bare", "language": "en", "text": STORY}]})
    assert response.status_code == 201
    body = response.get_json()
    assert_matches(body, "Comparison")
    kcna, bare = body["versions"]
    assert [f["kind"] for f in kcna["furniture"]] == ["headline", "dateline", "caption", "contact", "end_mark"]
    assert bare["furniture"] == []
    for item in kcna["furniture"]:
        assert full[item["start"]:item["end"]] == item["text"]
        assert not any(s["start"] < item["end"] and item["start"] < s["end"] for s in kcna["sentences"])
    assert kcna["sentences"][0]["text"].startswith("Kim Jong Un inspected")
    assert [s["text"] for s in kcna["sentences"]] == [s["text"] for s in bare["sentences"]]
    assert not [s for s in body["signals"] if s["type"] == "sentence_missing"]
    assert body["summary"]["coverage"] == {"KCNA": 1.0, "Bare": 1.0}


def test_a_changed_dateline_is_a_dateline_changed_signal(client):
    body = client.post("/api/comparisons", json={"versions": [
        {"label": "KCNA", "language": "en", "text": agency_copy("PYONGYANG, July 12 (KCNA) --")},
        {"label": "Other", "language": "en", "text": agency_copy("WONSAN, July 11 (KCNA) --")}]}).get_json()
    assert [s["type"] for s in body["signals"]] == ["dateline_changed"]
    (signal,) = body["signals"]
    assert (signal["version"], signal["counterpart"], signal["text"]) == ("Other", "KCNA", "WONSAN, July 11 (KCNA) --")
    assert signal["evidence"]["changed"] == ["place", "date"]
    assert (signal["evidence"]["date"], signal["evidence"]["counterpart_date"]) == ("--07-11", "--07-12")
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/comparisons/{body['id']}.csv").data.decode("utf-8-sig"))))
    assert [r["type"] for r in rows] == ["dateline_changed"]
