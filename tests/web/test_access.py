"""Access control for exposed deployments: optional API keys for writes, optional per-client rate limits."""
from __future__ import annotations

import importlib.util
import re

import pytest

from conftest import OTHER, REFERENCE
from service.web.openapi import openapi_document
from support.http import assert_error, assert_lt_error

KEY = "k3y-for-tests-0123456789abcdef"
OTHER_KEY = "second-key-abcdefghijklmnopqrstu"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
COMPARISON = {"title": "Access", "versions": [{"label": "Wire", "language": "en", "text": REFERENCE},
                                               {"label": "Outlet", "language": "en", "text": OTHER}]}
MEMORY = {"entries": [{"source_language": "ru", "target_language": "en", "source": "Да.", "target": "Yes."}]}
#: LibreTranslate's routes answer a missing key with its 400 and a wrong one with its 403.
LIBRETRANSLATE_WRITES = {"/translate", "/detect", "/translate_file", "/suggest"}


def write_requests(doc: dict, comparison_id: str):
    """One request per documented write (every POST and DELETE of the OpenAPI document)."""
    bodies = {"/api/comparisons": COMPARISON, "/api/translation-memory": MEMORY, "/api/batches": [COMPARISON],
              "/translate": {"q": "Hello there.", "source": "en", "target": "en"},
              "/detect": {"q": "Hello there, how are you today?"},
              "/suggest": {"q": "Да.", "s": "Yes.", "source": "ru", "target": "en"},
              "/api/sources": {"url": "https://feeds.example.org/rss", "outlet": "Example"},
              "/api/pairings": {"articles": [{"text": "One."}, {"text": "Two."}]}}
    for path, operations in doc["paths"].items():
        for method in operations:
            if method in ("post", "put", "patch", "delete"):
                yield method.upper(), path.replace("{id}", comparison_id), bodies.get(path)


def test_no_key_is_needed_by_default(client):
    assert client.application.extensions["compare_api_keys"] == ()
    assert client.post("/api/comparisons", json=COMPARISON).status_code == 201
    assert client.post("/api/translation-memory", json=MEMORY).status_code == 200


def test_with_keys_every_documented_write_needs_one(make_app):
    client = make_app(api_keys=f"{KEY}, {OTHER_KEY}").test_client()
    created = client.post("/api/comparisons", json=COMPARISON, headers={"X-API-Key": KEY})
    assert created.status_code == 201
    comparison_id = created.get_json()["id"]
    writes = list(write_requests(openapi_document(), comparison_id))
    assert {(m, p.split("/")[-1]) for m, p, _ in writes} >= {("POST", "comparisons"), ("DELETE", comparison_id),
                                                             ("POST", "translation-memory"), ("POST", "translate"),
                                                             ("POST", "detect")}
    for method, path, body in writes:
        for headers, code in (({}, "api_key_required"), ({"X-API-Key": "wrong"}, "api_key_invalid"),
                              ({"X-API-Key": KEY.upper()}, "api_key_invalid")):
            response = client.open(path, method=method, json=body, headers=headers)
            if path in LIBRETRANSLATE_WRITES:
                if code == "api_key_required":
                    assert "X-API-Key" in assert_lt_error(response, 400, "get an API key")
                else:
                    assert_lt_error(response, 403, "Invalid API key")
                continue
            error = assert_error(response, 401, code)
            assert "X-API-Key" in error["hint"]
            assert response.headers["WWW-Authenticate"] == 'ApiKey header="X-API-Key"'
        for key in (KEY, OTHER_KEY):
            response = client.open(path, method=method, json=body, headers={"X-API-Key": key})
            # (/translate_file needs a file and /suggest is off by default: past the key, their own 400 and 403)
            assert response.status_code in (200, 201, 202, 204, 404) or (
                path in LIBRETRANSLATE_WRITES and response.status_code in (400, 403)
                and "API key" not in response.get_json()["error"]), (method, path, response.get_data(as_text=True))
    assert client.get(f"/api/comparisons/{comparison_id}").status_code == 404  # the keyed DELETE went through


def test_with_keys_reads_stay_open(make_app):
    client = make_app(api_keys=KEY).test_client()
    comparison_id = client.post("/api/comparisons", json=COMPARISON, headers={"X-API-Key": KEY}).get_json()["id"]
    for path in ("/api/comparisons", f"/api/comparisons/{comparison_id}", f"/api/comparisons/{comparison_id}.csv",
                 "/api/translation-memory", "/languages", "/frontend/settings", "/health", "/healthz",
                 "/openapi.json", "/",
                 f"/comparisons/{comparison_id}"):
        assert client.get(path).status_code == 200, path
    assert_error(client.put("/api/comparisons"), 405, "method_not_allowed")  # unknown routes and methods keep theirs
    assert_error(client.post("/api/nothing-here"), 404, "not_found")


def test_libretranslate_clients_send_the_key_as_a_parameter(make_app):
    """In a JSON body, a form or the query string, as LibreTranslate reads it; a missing key is its
    400, a wrong one its 403. The API's own routes take the header only."""
    client = make_app(api_keys=KEY).test_client()
    translate = {"q": "Hello there.", "source": "en", "target": "en"}
    assert client.post("/translate", json={**translate, "api_key": KEY}).get_json() == {"translatedText": "Hello there."}
    assert client.post("/translate", data={**translate, "api_key": KEY}).status_code == 200  # form-encoded
    assert client.post("/translate", query_string={**translate, "api_key": KEY}).status_code == 200  # deep-translator
    assert client.post("/detect", json={"q": "Hello there, how are you today?", "api_key": KEY}).status_code == 200
    assert_lt_error(client.post("/translate", json={**translate, "api_key": "wrong"}), 403, "Invalid API key")
    assert_lt_error(client.post("/translate", query_string={**translate, "api_key": "wrong"}), 403, "Invalid API key")
    assert_lt_error(client.post("/translate", data=translate), 400, "get an API key")
    assert_error(client.post("/api/translation-memory", json={**MEMORY, "api_key": KEY}), 401, "api_key_required")
    assert_lt_error(client.post("/detect", data=b"{not json", content_type="application/json"), 400, "get an API key")


def test_with_keys_the_page_forms_need_the_key_too(make_app):
    client = make_app(api_keys=KEY).test_client()
    csrf = TOKEN.search(client.get("/").get_data(as_text=True)).group(1)
    form = {"csrf_token": csrf, "title": "", "target_language": "", "label_0": "Wire", "language_0": "en",
            "text_0": REFERENCE, "label_1": "Outlet", "language_1": "en", "text_1": OTHER}
    refused = client.post("/comparisons", data=form, headers={"Accept": "text/html"})
    assert refused.status_code == 401 and refused.mimetype == "text/html"
    assert "API key" in refused.get_data(as_text=True)
    accepted = client.post("/comparisons", data=form, headers={"X-API-Key": KEY})  # e.g. added by a proxy
    assert accepted.status_code == 303


def test_keys_come_from_the_environment_and_a_file(tmp_path, make_app, monkeypatch):
    keys = tmp_path / "keys.txt"
    keys.write_text(f"# one key a line\n\n  {OTHER_KEY}  \n# {KEY} is commented out\n", encoding="utf-8")
    monkeypatch.setenv("COMPARE_API_KEYS", KEY)
    monkeypatch.setenv("COMPARE_API_KEYS_FILE", str(keys))
    app = make_app()
    assert app.extensions["compare_api_keys"] == (KEY, OTHER_KEY)
    assert "k3y" not in repr(app.extensions["compare"].settings)  # never printed with the settings


@pytest.mark.parametrize("settings, variable", [
    ({"api_keys_file": "/nonexistent/keys.txt"}, "COMPARE_API_KEYS_FILE"),
    ({"api_keys": "has space"}, "COMPARE_API_KEYS"),
    ({"api_keys": "naïve-key"}, "COMPARE_API_KEYS"),
    ({"rate_limit": "sixty a minute"}, "COMPARE_RATE_LIMIT"),
    ({"rate_limit": "60/minute", "rate_limit_storage": "carrier-pigeon://loft"}, "COMPARE_RATE_LIMIT_STORAGE"),
])
def test_bad_access_settings_stop_the_start_naming_the_variable(make_app, settings, variable):
    with pytest.raises(ValueError, match=variable):
        make_app(**settings)


def test_rate_limit_answers_429_in_the_error_shape(make_app):
    client = make_app(rate_limit="3/minute").test_client()
    for _ in range(3):
        response = client.get("/api/comparisons")
        assert response.status_code == 200 and response.headers["X-RateLimit-Limit"] == "3"
    limited = client.post("/api/comparisons", json=COMPARISON)  # one budget across routes
    error = assert_error(limited, 429, "rate_limited")
    assert "Retry-After" in error["hint"]
    assert 0 < int(limited.headers["Retry-After"]) <= 60 and limited.headers["X-RateLimit-Remaining"] == "0"
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 429 and page.mimetype == "text/html"
    for _ in range(5):  # health checks and static files are never limited
        assert client.get("/healthz").status_code == 200
        assert client.get("/metrics").status_code == 200
        assert client.get("/static/style.css").status_code == 200


def test_rate_limit_is_per_client(make_app):
    client = make_app(rate_limit="2/minute", api_keys=KEY).test_client()
    here, there = {"REMOTE_ADDR": "127.0.0.1"}, {"REMOTE_ADDR": "127.0.0.2"}
    for _ in range(2):
        assert client.get("/api/comparisons", environ_base=here).status_code == 200
    assert client.get("/api/comparisons", environ_base=here).status_code == 429
    assert client.get("/api/comparisons", environ_base=there).status_code == 200  # another address
    keyed = {"X-API-Key": KEY}
    for _ in range(2):  # a valid key has its own budget, wherever it comes from
        assert client.get("/api/comparisons", environ_base=here, headers=keyed).status_code == 200
    assert client.get("/api/comparisons", environ_base=there, headers=keyed).status_code == 429
    forged = {"X-API-Key": "not-a-key"}  # an invalid key counts against the address
    assert client.get("/api/comparisons", environ_base=there, headers=forged).status_code == 200
    assert client.get("/api/comparisons", environ_base=there, headers=forged).status_code == 429


def test_redis_storage_is_taken_by_url(make_app):
    settings = {"rate_limit": "2/minute", "rate_limit_storage": "redis://127.0.0.1:1/0"}  # nothing listens on port 1
    if importlib.util.find_spec("redis") is None:
        with pytest.raises(ValueError, match="COMPARE_RATE_LIMIT_STORAGE"):
            make_app(**settings)  # says the redis package is missing, at start-up
        return
    client = make_app(**settings).test_client()
    statuses = [client.get("/api/comparisons").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # Redis unreachable: counted in memory instead, no 500


def test_the_document_says_where_401_and_429_can_happen():
    doc = openapi_document()
    scheme = doc["components"]["securitySchemes"]["ApiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-API-Key")
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            writes = method in ("post", "delete")
            if path in LIBRETRANSLATE_WRITES:  # LibreTranslate's statuses: 400 missing key, 403 wrong key
                assert {"400", "403"} <= set(operation["responses"]) and "401" not in operation["responses"], path
            else:
                assert ("401" in operation["responses"]) == writes, (method, path)
            assert (operation.get("security") == [{}, {"ApiKey": []}]) == writes, (method, path)
            assert ("429" in operation["responses"]) == (path not in ("/healthz", "/metrics")), (method, path)
