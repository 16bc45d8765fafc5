"""The OpenAPI document (service/web/openapi.py): valid, documenting every route, saying
when writes need a key; and schema fuzzing: schemathesis drives every operation of
/openapi.json with generated requests.

Each operation gets schema-valid requests (positive) and schema-violating ones (negative:
wrong types, missing fields, values past the limits), sent in-process to the Flask app
(WSGI, no server), and every response must

* never be a 5xx (``not_a_server_error``);
* have a documented status, content type and headers, and match the documented schema
  (``status_code_conformance``, ``content_type_conformance``, ``response_headers_conformance``,
  ``response_schema_conformance``);
* reject what violates the schema with a 4xx (``negative_data_rejection``; 413 counts as a
  rejection because API.md answers an over-long text with 413);
* answer an undocumented method with 405 and an ``Allow`` header (``unsupported_method``);
* be, when it is an error, the API's shape ``{"error": {"code", "message", "hint"}}`` — on
  LibreTranslate's routes its shape ``{"error": "message"}`` — with nothing a client should
  not see (``api_error_shape`` below).

Nothing is excluded: every operation of the document runs, multipart and TMX bodies
included, twice — against a local deployment (no keys, no limits) and against one with API
keys and a rate limit, where the fuzzer has no key: there every write must answer the
documented 401 (LibreTranslate's routes: its 400) and every request past the limit the
documented 429.

One built-in check is off, ``positive_data_acceptance``, which says a schema-valid request
must succeed: the service has rules no JSON Schema states — a language code must be a real
ISO 639-1 code, a text must have letters enough to detect its language, a TMX file must be
well-formed XML, an id must exist — and answers them with the documented 400, 404 or 422,
whose bodies the other checks still validate.

The run is deterministic (``derandomize``) and bounded: ``FUZZ_MAX_EXAMPLES`` examples per
operation (default 100; a quarter of that for the guarded run), about half a minute on two
cores. To search longer and differently each time:
``FUZZ_RANDOM=1 FUZZ_MAX_EXAMPLES=1000 .venv/bin/python -m pytest tests/web/test_openapi.py``.
"""
from __future__ import annotations

import json
import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from service.web.errors import is_libretranslate_path
from service.web.openapi import LIBRETRANSLATE_PATHS, openapi_document
from support.apps import app_in
from support.http import validator

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "100"))
DERANDOMIZE = not os.environ.get("FUZZ_RANDOM")
LEAKS = ("Traceback", 'File "', "/service/", "site-packages", "sqlite3.", "SELECT ", "INSERT ", "Werkzeug")

REJECTIONS = ["400", "404", "405", "413", "415", "422"]


def config(rejections: list[str]) -> schemathesis.Config:
    return schemathesis.Config.from_dict({"checks": {
        "positive_data_acceptance": {"enabled": False},
        "negative_data_rejection": {"expected-statuses": rejections},
    }})


# The document the app serves (test_served_document_is_the_fuzzed_one checks they are equal).
schema = schemathesis.openapi.from_dict(openapi_document(), config=config(REJECTIONS))
# The same document against a deployment with API keys and a rate limit, sending no key:
# writes must answer the documented 401, and everything past the limit the documented 429.
guarded_schema = schemathesis.openapi.from_dict(openapi_document(), config=config(REJECTIONS + ["401", "429"]))


def api_error_shape(ctx, response, case):
    """Every 4xx/5xx is JSON in the error shape of API.md (LibreTranslate's on its routes), with
    no stack trace, path or SQL."""
    if response.status_code < 400:
        return None
    assert response.headers.get("content-type", [""])[0].startswith("application/json"), "an error that is not JSON"
    body = json.loads(response.content)
    if is_libretranslate_path(case.formatted_path):
        validator("LibreTranslateError").validate(body)
        assert set(body) == {"error"} and isinstance(body["error"], str), body
    else:
        validator("Error").validate(body)
        assert set(body) == {"error"} and set(body["error"]) <= {"code", "message", "hint"}, body
    text = response.content.decode("utf-8")
    for leak in LEAKS:
        assert leak not in text, f"{leak!r} reached the client: {text[:300]}"
    return True


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    # suggestions on, so that /suggest validates what it gets (off, it refuses everything with 403)
    return app_in(tmp_path_factory.mktemp("fuzz"), log_level="CRITICAL", suggestions=True)


@pytest.fixture(scope="module")
def guarded_app(tmp_path_factory):
    return app_in(tmp_path_factory.mktemp("fuzz-guarded"), log_level="CRITICAL",
                  api_keys="a-key-the-fuzzer-does-not-know", rate_limit="40/minute")


# -- the document ----------------------------------------------------------------------------
def test_openapi_is_valid_and_documents_every_route(app, client):
    doc = client.get("/openapi.json").get_json()
    validate(doc)
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?(?:comparison_id|job_id|batch_id)>", "{id}", rule.rule)
        path = re.sub(r"<(?:\w+:)?filename>", "{filename}", path)
        if not path.startswith(("/api/", "/healthz", "/openapi.json", *LIBRETRANSLATE_PATHS)):
            continue  # pages and static files are not part of the JSON contract
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, f"{method} {path} is not in openapi.json"


def test_the_served_document_says_writes_need_a_key_when_keys_are_set():
    from service.config import Settings

    open_doc = openapi_document(Settings())
    keyed = openapi_document(Settings(api_keys="k3y-for-tests-0123456789"))
    for doc, expected in ((open_doc, [{}, {"ApiKey": []}]), (keyed, [{"ApiKey": []}])):
        for path, operations in doc["paths"].items():
            for method, operation in operations.items():
                if method != "get":
                    assert operation["security"] == expected, (path, method)
                    # LibreTranslate's routes say a missing key with its 400, a wrong one with its 403
                    assert ({"400", "403"} if path in LIBRETRANSLATE_PATHS else {"401", "403"}) <= set(
                        operation["responses"])
                else:
                    assert "security" not in operation


# -- fuzzing ---------------------------------------------------------------------------------
def test_served_document_is_the_fuzzed_one(fuzz_app):
    served = fuzz_app.test_client().get("/openapi.json").get_json()
    assert served == json.loads(json.dumps(openapi_document()))
    operations = {(path, method) for path, ops in served["paths"].items() for method in ops}
    assert len(operations) == 26  # every one of them is parametrized below


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=DERANDOMIZE, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation(case, fuzz_app):
    case.call_and_validate(app=fuzz_app, additional_checks=[api_error_shape])


@guarded_schema.parametrize()
@settings(max_examples=max(5, MAX_EXAMPLES // 4), deadline=None, derandomize=DERANDOMIZE, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_with_keys_and_a_rate_limit(case, guarded_app):
    response = case.call_and_validate(app=guarded_app, additional_checks=[api_error_shape])
    if case.method.upper() in ("POST", "DELETE") and response.status_code < 400:
        raise AssertionError(f"{case.method} {case.path} succeeded without an API key")
