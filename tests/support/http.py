"""Shared HTTP assertions: the API's error shape, and responses against the served OpenAPI schemas.

``assert_error(response, status, code=None, field=None)``
    the status; a body of exactly ``{"error": {"code", "message", "hint"?}}`` with a code
    and a message; the given code; a message that starts with the field's location
    (``versions[1].text: ...``) when a field is given; and nothing a client should not see
    (a stack trace, a source path, SQL).
``assert_lt_error(response, status, contains=None)``
    the same for LibreTranslate's routes, whose errors are ``{"error": "message"}``.
``schema(name)`` / ``assert_matches(instance, name)``
    a component of ``service.web.openapi.openapi_document()``, and validation against it.
``post(client, body=None, *, data=None, path=..., content_type=..., seconds=60)``
    one POST through the Flask test client under :func:`support.bounded.bounded`.
``wait_for(client, job_location)`` / ``wait_for_batch(client, batch_location)``
    a job once it has ended; a batch once none of its jobs is queued or running.
``council_pair(number)``
    a small English comparison request, distinct for each number.
"""
from __future__ import annotations

import json
import time
from functools import lru_cache

import jsonschema

from service.web.openapi import openapi_document
from support.bounded import bounded

#: What an error body must never contain: a stack trace, a source path, SQL.
LEAKS = ("Traceback", 'File "', "/service/", "sqlite", "SELECT", "INSERT")


def assert_error(response, status: int, code: str | None = None, field: str | None = None) -> dict:
    """Check an error response of the API and return its ``error`` object."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert isinstance(body, dict) and set(body) == {"error"}, response.get_data(as_text=True)[:500]
    error = body["error"]
    assert set(error) <= {"code", "message", "hint"} and error["code"] and error["message"], error
    if code is not None:
        assert error["code"] == code, error
    if field is not None:
        assert error["message"].startswith(field + ":"), error
    text = json.dumps(body, ensure_ascii=False)
    for leak in LEAKS:
        assert leak not in text, f"{leak!r} reached the client: {text[:300]}"
    return error


def assert_lt_error(response, status: int, contains: str | None = None) -> str:
    """Check an error of a LibreTranslate route (``{"error": "message"}``) and return the message."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert isinstance(body, dict) and set(body) == {"error"} and isinstance(body["error"], str), body
    assert body["error"], body
    if contains is not None:
        assert contains in body["error"], body
    for leak in LEAKS:
        assert leak not in body["error"], f"{leak!r} reached the client: {body['error'][:300]}"
    return body["error"]


def schema(name: str) -> dict:
    """The served document's component ``name``, as a schema that resolves its references."""
    return {"$ref": f"#/components/schemas/{name}", "components": openapi_document()["components"]}


@lru_cache(maxsize=None)
def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(name))


def assert_matches(instance, name: str) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``instance`` matches the component ``name``."""
    validator(name).validate(instance)


def post(client, body=None, *, data=None, path: str = "/api/comparisons", content_type: str = "application/json",
         seconds: float = 60):
    """POST ``body`` as JSON (or ``data`` as it is) within ``seconds`` and a bounded growth of memory."""
    with bounded(seconds):
        if body is not None:
            data = json.dumps(body)
        return client.post(path, data=data, content_type=content_type)


def wait_for(client, location: str, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(location).get_json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"the job at {location} did not end within {seconds} s")


def wait_for_batch(client, location: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch = client.get(location).get_json()
        if batch["counts"]["queued"] == batch["counts"]["running"] == 0:
            return batch
        time.sleep(0.05)
    raise AssertionError(f"the batch at {location} did not end within {seconds} s")


def council_pair(number: int) -> dict:
    """A small English pair whose title and texts carry ``number`` (no two are duplicates)."""
    return {"title": f"job {number}", "versions": [
        {"label": "A", "language": "en", "text": f"The council met on Monday for session {number}. "
                                                  "It approved the budget of 12 million."},
        {"label": "B", "language": "en", "text": f"The council met on Tuesday for session {number}. "
                                                  "It approved the budget of 15 million."}]}
