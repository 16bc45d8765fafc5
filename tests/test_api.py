"""The comparison API end to end through the Flask test client, checked against the OpenAPI schemas."""
from __future__ import annotations

import csv
import io
import re

import jsonschema
from openapi_spec_validator import validate

from service.model import SIGNAL_TYPES
from service.web.openapi import openapi_document


def schema(name: str) -> dict:
    doc = openapi_document()
    return {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}


def assert_matches(instance, name: str) -> None:
    jsonschema.validate(instance, schema(name), cls=jsonschema.Draft202012Validator)


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
    assert ["delete", "firm and"] in pair["diff"] or any(op == "delete" and "firm" in w for op, w in pair["diff"])
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
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == len(body["signals"]) > 0
    assert {r["type"] for r in rows} <= set(SIGNAL_TYPES)
    assert all(not r["text"].startswith("=") for r in rows)
    assert client.get("/api/comparisons/nope.csv").status_code == 404


def test_healthz(client):
    body = client.get("/healthz").get_json()
    assert_matches(body, "Health")
    assert body["status"] == "ok" and body["storage"] == "ok"
    assert body["translation_pairs"] == []


def test_openapi_is_valid_and_documents_every_route(app, client):
    doc = client.get("/openapi.json").get_json()
    validate(doc)
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?comparison_id>", "{id}", rule.rule)
        if not path.startswith(("/api/", "/healthz", "/openapi.json", "/translate", "/detect", "/languages")):
            continue  # pages and static files are not part of the JSON contract
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, f"{method} {path} is not in openapi.json"


def test_security_headers(client):
    response = client.get("/healthz")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_pages_and_api_share_one_error_mapping(client):
    api = client.get("/api/comparisons/unknown")
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "not_found"
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


def test_list_parameters_are_whole_numbers_as_documented(client):
    for query in ("offset=", "limit=", "limit=%D9%A5", "limit=+5", "limit=5_0", "offset=1000000001",
                  "q=" + "a" * 195 + "%20" * 6):
        response = client.get(f"/api/comparisons?{query}")
        assert response.status_code == 400, query
    assert client.get("/api/comparisons?limit=5&offset=0").status_code == 200
    assert client.get("/?offset=&q=").status_code == 200  # the home page's form sends empty fields
    assert client.get("/api/translation-memory?offset=99999999999999999999999").status_code == 400
