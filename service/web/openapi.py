"""The OpenAPI 3.1 document of the HTTP contract (API.md), served at ``/openapi.json``.

Every schema in it is generated from the typed models — the request, query and response
models of :mod:`service.contract` and the result records of :mod:`service.model` — so a
limit or an enumeration has one definition, and the serving app's limits (from its
settings) are the ones documented. Only the paths, their statuses and descriptions are
declared here. Tests validate this document, check that every route of the app is in it,
validate real responses against it, and fuzz every operation from it (tests/web/test_openapi.py).

``401`` is documented on every write (when the deployment sets API keys, ``security``
says the key is required), ``403`` on every write (cross-site requests), ``429`` on every
operation but ``/healthz``. LibreTranslate's routes answer in its error shape
(``LibreTranslateError``) and statuses: a missing key is its 400, a wrong one its 403.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from .. import contract
from ..config import Settings
from ..contract import Limits, request_models
from ..ingest.pairing import PairingResult
from ..model import Comparison

REF = "#/components/schemas/{model}"


def _ref(name: str) -> dict:
    return {"$ref": REF.format(model=name)}


def _json(name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


def _error(description: str) -> dict:
    return _json("Error", description)


def _lt_error(description: str) -> dict:
    """An error of a LibreTranslate route: ``{"error": "message"}``."""
    return _json("LibreTranslateError", description)


def _schemas(settings: Settings) -> dict[str, Any]:
    """Every component schema, generated from the models with this deployment's limits."""
    requests = request_models(Limits.of(settings))
    validation = {"ComparisonRequest": requests.ComparisonRequest, "MemoryImport": contract.MemoryImport,
                  "TranslateRequest": contract.TranslateRequest, "DetectRequest": contract.DetectRequest,
                  "SuggestRequest": contract.SuggestRequest, "TranslateFileForm": contract.TranslateFileForm,
                  "SourceRequest": contract.SourceRequest, "PairingRequest": contract.PairingRequest}
    serialization = {"Comparison": Comparison, "ComparisonList": contract.ComparisonList,
                     "MemoryList": contract.MemoryList, "Imported": contract.Imported, "Error": contract.Error,
                     "Detected": contract.Detected, "TranslateResponse": contract.TranslateResponse,
                     "Language": contract.LanguageInfo, "Health": contract.Health,
                     "LibreTranslateError": contract.LibreTranslateError, "TranslatedFile": contract.TranslatedFile,
                     "Suggested": contract.Suggested, "FrontendSettings": contract.FrontendSettings,
                     "LibreTranslateHealth": contract.LibreTranslateHealth, "Job": contract.Job,
                     "Batch": contract.Batch, "Source": contract.Source, "SourceList": contract.SourceList,
                     "PairingResult": PairingResult}
    inputs = [(name, "validation", TypeAdapter(t)) for name, t in validation.items()]
    inputs += [(name, "serialization", TypeAdapter(t)) for name, t in serialization.items()]
    _, definitions = TypeAdapter.json_schemas(inputs, ref_template=REF)
    schemas = definitions["$defs"]
    schemas["Language"] = schemas.pop("LanguageInfo")
    return {name: schemas[name] for name in sorted(schemas)}


def _query(model: type[BaseModel], descriptions: dict[str, str] | None = None) -> list[dict]:
    """The query parameters of ``model``, one per field, with the field's own schema."""
    schema = model.model_json_schema()
    parameters = []
    for name, field_schema in schema["properties"].items():
        field_schema = {k: v for k, v in field_schema.items() if k != "title"}
        parameter = {"name": name, "in": "query", "required": name in schema.get("required", []),
                     "schema": field_schema}
        if descriptions and name in descriptions:
            parameter["description"] = descriptions[name]
        parameters.append(parameter)
    return parameters


ID_PARAM = {"name": "id", "in": "path", "required": True,
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
            "description": "a comparison's id (ours are 32 hex digits); any other string is 404"}
PREFER_PARAM = {
    "name": "Prefer", "in": "header", "required": False, "schema": {"type": "string", "enum": ["respond-async"]},
    "description": "respond-async (RFC 7240): validate, queue the comparison as a job and answer 202 with its "
                   "Location at once (Preference-Applied: respond-async)",
}
IDEMPOTENCY_PARAM = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "schema": {"type": "string", "pattern": f"^[\\x21-\\x7e]{{1,{contract.MAX_IDEMPOTENCY_KEY_CHARS}}}$"},
    "description": "a retry with the same key and body returns the first comparison (header "
                   "Idempotent-Replayed: true) instead of making another",
}
#: Writes take the API key when the deployment sets keys; without keys they are open.
KEY_OPTIONAL = [{}, {"ApiKey": []}]
SECURITY_SCHEMES = {
    "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
               "description": "Required for every write and delete when the deployment sets COMPARE_API_KEYS or "
                              "COMPARE_API_KEYS_FILE; reads never need it. LibreTranslate's routes also take its "
                              "api_key parameter (JSON, form or query string)."},
}
UNAUTHORIZED = {
    "description": "API key missing or not valid (only when the deployment sets API keys)",
    "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
    "content": {"application/json": {"schema": _ref("Error")}},
}
CROSS_SITE = _error("Sent by a browser on behalf of another web site (Sec-Fetch-Site or Origin)")
RATE_LIMITED = {
    "description": "Too many requests from this client (only when the deployment sets a rate limit)",
    "headers": {"Retry-After": {"schema": {"type": "string"}, "description": "seconds to wait"}},
    "content": {"application/json": {"schema": _ref("Error")}},
}
LT_RATE_LIMITED = {**RATE_LIMITED, "content": {"application/json": {"schema": _ref("LibreTranslateError")}}}
LT_FORBIDDEN = _lt_error("Wrong API key (only when the deployment sets keys), or sent by a browser on behalf of "
                         "another web site that COMPARE_CORS_ORIGINS does not allow")
#: LibreTranslate's routes (service/web/libretranslate.py): its error shape, not the API's.
LIBRETRANSLATE_PATHS = ("/translate", "/detect", "/languages", "/translate_file", "/download_file/{filename}",
                        "/suggest", "/frontend/settings", "/health")
_LT_FORM = {"application/json", "application/x-www-form-urlencoded"}


def _paths() -> dict:
    return {
        "/api/comparisons": {
            "post": {
                "operationId": "createComparison",
                "summary": "Compare 2 to 6 versions of one story",
                "parameters": [IDEMPOTENCY_PARAM, PREFER_PARAM],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("ComparisonRequest")}}},
                "responses": {
                    "201": {**_json("Comparison", "The stored result"), "headers": {"Location": {"schema": {"type": "string"}}}},
                    "202": {**_json("Job", "With Prefer: respond-async: the queued job (the body was valid)"),
                            "headers": {"Location": {"schema": {"type": "string"}, "description": "/api/jobs/<id>"}}},
                    "400": _error("Malformed or invalid body, or a version's url is not allowed (not http or "
                                  "https, or a private address that COMPARE_FETCH_ALLOW does not name)"),
                    "413": _error("A version, the body or the result is too large"),
                    "415": _error("The body is not JSON"),
                    "422": _error("A sentence nothing translates while require_translation is true, or a "
                                  "language neither a package nor the sentence encoder covers (the hint names "
                                  "the install command), the time budget ran out, an Idempotency-Key was "
                                  "reused with another body, or a fetched or uploaded page holds no article "
                                  "(no_article)"),
                    "502": _error("A version's url could not be fetched (fetch_failed: unreachable, timed out, "
                                  "an HTTP error, too large, or not a web page)"),
                    "507": _error("The server's disk is full; nothing was stored"),
                },
            },
            "get": {
                "operationId": "listComparisons",
                "summary": "Stored comparisons, newest first",
                "parameters": _query(contract.ListQuery),
                "responses": {"200": _json("ComparisonList", "One page of summaries"), "400": _error("Bad paging or query")},
            },
        },
        "/api/comparisons/{id}": {
            "get": {
                "operationId": "getComparison",
                "parameters": [ID_PARAM],
                "responses": {"200": _json("Comparison", "The stored result"), "404": _error("Unknown id")},
            },
            "delete": {
                "operationId": "deleteComparison",
                "parameters": [ID_PARAM],
                "responses": {"204": {"description": "Deleted"}, "404": _error("Unknown id")},
            },
        },
        "/api/batches": {
            "post": {
                "operationId": "createBatch",
                "summary": "Up to 10,000 comparison requests as jobs: a JSON array, or NDJSON (one request a line)",
                "requestBody": {"required": True, "content": {
                    # any items: one that is not a valid ComparisonRequest becomes a failed job of the batch
                    "application/json": {"schema": {"type": "array", "minItems": 1, "maxItems": 10_000, "items": {},
                                                    "description": "ComparisonRequest bodies"}},
                    "application/x-ndjson": {"schema": {"type": "string"}},
                }},
                "responses": {
                    "202": {**_json("Batch", "The batch (requests that did not validate are its failed jobs)"),
                            "headers": {"Location": {"schema": {"type": "string"}, "description": "/api/batches/<id>"}}},
                    "400": _error("Not an array nor NDJSON, or empty"),
                    "413": _error("More than 10,000 requests, or the body is too large"),
                    "415": _error("Not JSON nor NDJSON"),
                },
            },
        },
        "/api/batches/{id}": {
            "get": {
                "operationId": "getBatch",
                "summary": "A batch's jobs counted by state, and its first failures",
                "parameters": [{**ID_PARAM, "description": "a batch's id (32 hex digits); any other string is 404"}],
                "responses": {"200": _json("Batch", "The batch"), "404": _error("Unknown id")},
            },
        },
        "/api/batches/{id}/jobs": {
            "get": {
                "operationId": "getBatchJobs",
                "summary": "Every job of a batch in order, as NDJSON (position, job, state, result, error)",
                "parameters": [{**ID_PARAM, "description": "a batch's id"}],
                "responses": {"200": {"description": "NDJSON", "content": {"application/x-ndjson": {
                    "schema": {"type": "string"}}}}, "404": _error("Unknown id")},
            },
        },
        "/api/jobs/{id}": {
            "get": {
                "operationId": "getJob",
                "summary": "A comparison posted with Prefer: respond-async: its state, and its result's URL when done",
                "parameters": [{**ID_PARAM, "description": "a job's id (32 hex digits); any other string is 404"}],
                "responses": {"200": _json("Job", "The job"), "404": _error("Unknown id")},
            },
        },
        "/api/comparisons/{id}.csv": {
            "get": {
                "operationId": "getComparisonCsv",
                "parameters": [ID_PARAM],
                "responses": {
                    "200": {"description": "The signals as CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                    "404": _error("Unknown id"),
                },
            }
        },
        "/api/sources": {
            "post": {
                "operationId": "createSource",
                "summary": "Register an RSS or Atom feed for `python -m service watch` to poll",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("SourceRequest")}}},
                "responses": {
                    "201": _json("Source", "Registered"),
                    "200": _json("Source", "The feed was registered before: the earlier source"),
                    "400": _error("Invalid body (not an http or https address, no outlet, a bad interval)"),
                    "415": _error("The body is not JSON"),
                },
            },
            "get": {
                "operationId": "listSources",
                "summary": "The registered feeds, with their last poll and its error",
                "responses": {"200": _json("SourceList", "The feeds")},
            },
        },
        "/api/pairings": {
            "post": {
                "operationId": "createPairing",
                "summary": "Find the versions of one story among articles (given, or stored between since and until)",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("PairingRequest")}}},
                "responses": {
                    "200": _json("PairingResult", "Clusters of two or more articles with their scores and evidence"),
                    "400": _error("Invalid body"),
                    "413": _error("The body is too large, or the articles make too many candidate pairs"),
                    "415": _error("The body is not JSON"),
                    "422": _error("The time budget ran out"),
                },
            },
        },
        "/api/translation-memory": {
            "post": {
                "operationId": "importTranslationMemory",
                "summary": "Import human translations (JSON entries, a TMX 1.4 file, or a multipart field named file)",
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": _ref("MemoryImport")},
                    "application/x-tmx+xml": {"schema": {"type": "string"}},
                    "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}},
                }},
                "responses": {
                    "200": _json("Imported", "Imported"),
                    "400": _error("Malformed file; nothing imported"),
                    "413": _error("Body too large"),
                    "415": _error("Unsupported content type"),
                    "507": _error("The server's disk is full; nothing was imported"),
                },
            },
            "get": {
                "operationId": "listTranslationMemory",
                "parameters": _query(contract.MemoryQuery),
                "responses": {"200": _json("MemoryList", "Entries"), "400": _error("Bad parameters")},
            },
        },
        "/api/translation-memory.tmx": {
            "get": {
                "operationId": "exportTranslationMemory",
                "summary": "The memory (or one pair's entries) as a TMX 1.4 file the import reads back the same",
                "parameters": [p for p in _query(contract.MemoryQuery) if p["name"] in ("source_language",
                                                                                            "target_language")],
                "responses": {
                    "200": {"description": "TMX 1.4", "content": {"application/x-tmx+xml": {"schema": {"type": "string"}}}},
                    "400": _error("Bad parameters"),
                },
            }
        },
        "/translate": {
            "post": {
                "operationId": "translate",
                "summary": "LibreTranslate's /translate: a string or a list, source may be auto, text or html "
                           "(parameters in JSON, a form, or the query string)",
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": _ref("TranslateRequest")},
                    "application/x-www-form-urlencoded": {"schema": _ref("TranslateRequest")},
                }},
                "responses": {
                    "200": _json("TranslateResponse", "Translated"),
                    "400": _lt_error("Invalid request (a missing or bad parameter, too much text), or no package "
                                     "and no memory entry translates the pair (the message names the install "
                                     "command), or a missing API key"),
                    "500": _lt_error("Translation failed"),
                },
            }
        },
        "/detect": {
            "post": {
                "operationId": "detect",
                "summary": "LibreTranslate's /detect: the best guesses (at most three, confidence in percent), "
                           "however short the text",
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": _ref("DetectRequest")},
                    "application/x-www-form-urlencoded": {"schema": _ref("DetectRequest")},
                }},
                "responses": {
                    "200": {"description": "Candidates, most likely first", "content": {"application/json": {
                        "schema": {"type": "array", "items": _ref("Detected")}}}},
                    "400": _lt_error("Invalid request, or a missing API key"),
                },
            }
        },
        "/languages": {
            "get": {
                "operationId": "languages",
                "summary": "Every language with the targets an installed package (pivots through English "
                           "included) or the translation memory translates it into",
                "responses": {"200": {"description": "Languages", "content": {"application/json": {"schema": {
                    "type": "array", "items": _ref("Language")}}}}},
            }
        },
        "/translate_file": {
            "post": {
                "operationId": "translateFile",
                "summary": "LibreTranslate's /translate_file: a .txt or .html file (UTF-8); the answer is the "
                           "URL of the translation, downloadable for 30 minutes",
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "required": ["file", "source", "target"],
                    "properties": {"file": {"type": "string", "format": "binary"},
                                   "source": {"type": "string"}, "target": {"type": "string"},
                                   "api_key": {"type": "string"}}}}}},
                "responses": {
                    "200": _json("TranslatedFile", "Where the translated file is"),
                    "400": _lt_error("Invalid request: a missing parameter, a format other than .txt or .html, "
                                     "a file that is not UTF-8 text, too much text, an untranslatable pair, "
                                     "or a missing API key"),
                    "500": _lt_error("Translation failed"),
                },
            }
        },
        "/download_file/{filename}": {
            "get": {
                "operationId": "downloadFile",
                "summary": "A translated file, as an attachment named like the uploaded one",
                "parameters": [{"name": "filename", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The translated file", "content": {
                        "text/plain": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}}},
                    "400": _lt_error("Not the name of a translated file"),
                    "404": _lt_error("No such file (or older than 30 minutes)"),
                },
            }
        },
        "/suggest": {
            "post": {
                "operationId": "suggest",
                "summary": "LibreTranslate's /suggest: a better translation, stored in the translation memory "
                           "(only when COMPARE_SUGGESTIONS is on)",
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": _ref("SuggestRequest")},
                    "application/x-www-form-urlencoded": {"schema": _ref("SuggestRequest")},
                }},
                "responses": {
                    "200": _json("Suggested", "Stored"),
                    "400": _lt_error("Invalid request, or a missing API key"),
                    "403": _lt_error("Suggestions are disabled on this server, a wrong API key, or a cross-site "
                                     "request"),
                    "500": _lt_error("The server's disk is full; nothing was stored"),
                },
            }
        },
        "/frontend/settings": {
            "get": {
                "operationId": "frontendSettings",
                "summary": "LibreTranslate's frontend settings: limits, keys, suggestions, file formats, default languages",
                "responses": {"200": _json("FrontendSettings", "Settings")},
            }
        },
        "/health": {
            "get": {
                "operationId": "libretranslateHealth",
                "summary": "LibreTranslate's health check",
                "responses": {"200": _json("LibreTranslateHealth", "Ready"),
                              "500": _lt_error("The storage does not answer")},
            }
        },
        "/healthz": {
            "get": {
                "operationId": "health",
                "summary": "Readiness: storage, installed pairs and the sentence encoder (never rate limited)",
                "responses": {"200": _json("Health", "Ready"),
                              "503": _json("Health", "Storage unreadable, not writable, or its disk nearly full")},
            }
        },
        "/metrics": {
            "get": {
                "operationId": "metrics",
                "summary": "Prometheus metrics: comparisons and latency, translation tokens and seconds, jobs by "
                           "state, queue depth, loaded models, memory (never rate limited)",
                "responses": {"200": {"description": "Prometheus text format", "content": {
                    "text/plain": {"schema": {"type": "string"}}}}},
            }
        },
        "/openapi.json": {
            "get": {"operationId": "openapi", "responses": {"200": {"description": "This document", "content": {
                "application/json": {"schema": {"type": "object"}}}}}}
        },
    }


@lru_cache(maxsize=8)
def openapi_document(settings: Settings | None = None) -> dict:
    """The document for an app with ``settings`` (the defaults when None)."""
    settings = settings or Settings()
    keys_required = bool(settings.api_keys.strip() or settings.api_keys_file.strip())
    paths = _paths()
    for path, operations in paths.items():
        libretranslate = path in LIBRETRANSLATE_PATHS
        for method, operation in operations.items():
            if path not in ("/healthz", "/metrics"):
                operation["responses"].setdefault("429", LT_RATE_LIMITED if libretranslate else RATE_LIMITED)
            if method != "get":
                # Writes need the key when the deployment sets keys: say so exactly.
                operation["security"] = [{"ApiKey": []}] if keys_required else KEY_OPTIONAL
                if libretranslate:  # LibreTranslate says 400 for a missing key, 403 for a wrong one
                    operation["responses"].setdefault("403", LT_FORBIDDEN)
                else:
                    operation["responses"].setdefault("401", UNAUTHORIZED)
                    operation["responses"].setdefault("403", CROSS_SITE)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Story comparison service",
            "version": "0.1.0",
            "description": "Compare versions of one news story across languages: aligned sentences and quotes, "
            "word-level diffs and typed framing signals. Errors have the shape "
            '{"error": {"code", "message", "hint"}}, but on LibreTranslate\'s routes its own: {"error": "message"}.',
        },
        "paths": paths,
        "components": {"schemas": _schemas(settings), "securitySchemes": SECURITY_SCHEMES},
    }
