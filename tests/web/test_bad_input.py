"""Every kind of bad input gets its status and the API's error shape, and stores nothing."""
from __future__ import annotations

import json

import pytest

GOOD = {"language": "en", "text": "The council met on Monday. It approved the budget."}


def post(client, body=None, *, data=None, content_type="application/json"):
    if body is not None:
        data = json.dumps(body)
    return client.post("/api/comparisons", data=data, content_type=content_type)


def assert_error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) <= {"code", "message", "hint"} and error["code"] and error["message"]
    text = json.dumps(body)
    for leak in ("Traceback", "File \"", "/service/", "sqlite", "SELECT", "INSERT"):
        assert leak not in text
    if field:
        assert field in error["message"]
    return error


@pytest.fixture(autouse=True)
def nothing_stored(storage):
    yield
    assert storage.list_comparisons(10, 0)[1] == 0


def test_not_json_is_415(client):
    assert_error(post(client, data="versions=1", content_type="text/plain"), 415)
    assert_error(post(client, data="versions=1", content_type="application/x-www-form-urlencoded"), 415)


@pytest.mark.parametrize("data", ["{", "{\"versions\": [}", "", "\xff\xfe", "[" * 100_000 + "]" * 100_000])
def test_malformed_json_is_400(client, data):
    error = assert_error(post(client, data=data.encode("latin-1") if data == "\xff\xfe" else data), 400)
    assert error["code"] == "malformed_json"


@pytest.mark.parametrize(
    "body, field",
    [
        ([GOOD, GOOD], "body"),
        ({}, "versions"),
        ({"versions": "two"}, "versions"),
        ({"versions": [GOOD]}, "versions"),
        ({"versions": [GOOD] * 7}, "versions"),
        ({"versions": [GOOD, "text"]}, "versions[1]"),
        ({"versions": [GOOD, {"language": "en"}]}, "versions[1].text"),
        ({"versions": [GOOD, {"text": 42}]}, "versions[1].text"),
        ({"versions": [GOOD, {"text": ""}]}, "versions[1].text"),
        ({"versions": [GOOD, {"text": " \n\t "}]}, "versions[1].text"),
        ({"versions": [{**GOOD, "label": "A"}, {**GOOD, "label": "a"}]}, "versions[1].label"),
        ({"versions": [{**GOOD, "label": "x" * 65}, GOOD]}, "versions[0].label"),
        ({"versions": [{**GOOD, "label": 7}, GOOD]}, "versions[0].label"),
        ({"versions": [{**GOOD, "language": "xx"}, GOOD]}, "versions[0].language"),
        ({"versions": [{**GOOD, "language": "english"}, GOOD]}, "versions[0].language"),
        ({"versions": [{**GOOD, "language": ["en"]}, GOOD]}, "versions[0].language"),
        ({"versions": [GOOD, GOOD], "target_language": "qq"}, "target_language"),
        ({"versions": [GOOD, GOOD], "title": {"a": 1}}, "title"),
        ({"versions": [{**GOOD, "published_at": "last Tuesday"}, GOOD]}, "versions[0].published_at"),
        ({"versions": [GOOD, {"text": "ok"}]}, "versions[1].language"),  # too short to detect
    ],
)
def test_invalid_bodies_are_400_naming_the_field(client, body, field):
    assert_error(post(client, body), 400, field)


def test_default_labels_clash_with_explicit_ones(client):
    assert_error(post(client, {"versions": [GOOD, {**GOOD, "label": "v1"}]}), 400, "versions[1].label")


def test_version_over_character_limit_is_413(client, app):
    limit = app.extensions["compare"].settings.max_version_chars
    error = assert_error(post(client, {"versions": [GOOD, {"language": "en", "text": "word " * (limit // 5 + 1)}]}), 413,
                         "versions[1].text")
    assert error["code"] == "too_large"


def test_body_over_size_limit_is_413(tmp_path):
    from service import create_app

    app = create_app({"database": tmp_path / "db.sqlite3", "max_body_bytes": 2000})
    response = app.test_client().post("/api/comparisons", data=json.dumps(
        {"versions": [GOOD, {"language": "en", "text": "word " * 1000}]}), content_type="application/json")
    assert_error(response, 413)
    assert app.extensions["compare"].storage.list_comparisons(10, 0)[1] == 0


def test_unknown_id_is_404(client):
    assert_error(client.get("/api/comparisons/does-not-exist"), 404)
    assert_error(client.delete("/api/comparisons/does-not-exist"), 404)


def test_wrong_method_is_405_with_allow(client):
    response = client.put("/api/comparisons")
    assert_error(response, 405)
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=x", "offset=-1", "q=" + "a" * 201])
def test_bad_list_parameters_are_400(client, query):
    assert_error(client.get(f"/api/comparisons?{query}"), 400)


def test_missing_translation_model_is_422_with_install_hint(client):
    error = assert_error(post(client, {"versions": [GOOD, {"language": "ru", "text": "Совет собрался в понедельник."}]}), 422)
    assert error["code"] == "translation_unavailable"
    assert "python -m service models install ru en" in error["hint"]


def test_unexpected_failure_is_a_generic_500(client, app, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret detail /etc/passwd SELECT * FROM comparisons")

    monkeypatch.setattr(app.extensions["compare"].storage, "save_comparison", explode)
    error = assert_error(post(client, {"versions": [GOOD, GOOD]}), 500)
    assert "secret" not in error["message"]
