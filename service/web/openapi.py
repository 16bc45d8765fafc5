"""The OpenAPI 3.1 document of the HTTP contract (API.md), served at ``/openapi.json``.

Tests validate this document, check that every route of the app is in it, validate real
responses against its schemas, and fuzz every operation from it (tests/test_fuzz.py), so it
cannot drift from what the service does. The limits in it (versions, characters, labels)
are the serving app's settings. ``401`` is documented on every write (it happens only when
the deployment sets API keys) and ``429`` on every operation but ``/healthz`` (only when it
sets a rate limit).
"""
from __future__ import annotations

import copy
from functools import lru_cache

from ..config import Settings
from ..model import SIGNAL_TYPES
from ..validation import MAX_URL_CHARS

STRING_OR_NULL = {"type": ["string", "null"]}
#: Largest offset the list routes accept.
MAX_OFFSET = 10**9


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


SCHEMAS: dict = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                    "message": {"type": "string"},
                    "hint": {"type": "string"},
                },
            }
        },
    },
    "VersionInput": {
        "type": "object",
        "required": ["text"],
        "properties": {
            "label": {"type": ["string", "null"], "maxLength": 64, "description": "unique within the comparison; default v1, v2, ..."},
            "text": {"type": "string", "minLength": 1, "maxLength": 100000,
                     "description": "not blank; longer than maxLength is 413. No control characters but tab, "
                                    "line breaks and form feed, no unpaired surrogates (400 invalid_text)"},
            "language": {"type": ["string", "null"], "description": "ISO 639-1 code; detected when absent or null"},
            "source_url": {"type": ["string", "null"], "maxLength": MAX_URL_CHARS},
            "published_at": {"type": ["string", "null"], "maxLength": 64, "description": "ISO 8601 date or date-time"},
        },
    },
    "ComparisonRequest": {
        "type": "object",
        "required": ["versions"],
        "properties": {
            "title": {"type": ["string", "null"], "maxLength": 300},
            "target_language": {"type": ["string", "null"], "description": "ISO 639-1 code; default from settings (en)"},
            "versions": {"type": "array", "minItems": 2, "maxItems": 6, "items": {"$ref": "#/components/schemas/VersionInput"}},
        },
    },
    "Sentence": {
        "type": "object",
        "required": ["index", "paragraph", "start", "end", "text", "translation", "translation_origin"],
        "properties": {
            "index": {"type": "integer"}, "paragraph": {"type": "integer"},
            "start": {"type": "integer"}, "end": {"type": "integer"},
            "text": {"type": "string"}, "translation": {"type": "string"},
            "translation_origin": {"enum": ["identity", "memory", "cache", "argos"]},
        },
    },
    "Quote": {
        "type": "object",
        "required": ["id", "sentence_index", "start", "end", "text", "translation", "speaker", "attribution", "scare_quote"],
        "properties": {
            "id": {"type": "string"}, "sentence_index": {"type": "integer"},
            "start": {"type": "integer"}, "end": {"type": "integer"},
            "text": {"type": "string"}, "translation": {"type": "string"},
            "translation_origin": {"type": "string"},
            "speaker": STRING_OR_NULL, "attribution": STRING_OR_NULL, "scare_quote": {"type": "boolean"},
            "hedged": STRING_OR_NULL, "translation_scope": {"enum": ["quote", "sentence"]},
            "open_mark": {"type": "string"}, "close_mark": {"type": "string"},
        },
    },
    "Version": {
        "type": "object",
        "required": ["label", "language", "language_detected", "language_confidence", "sentences", "quotes"],
        "properties": {
            "label": {"type": "string"}, "language": {"type": "string"},
            "language_detected": {"type": "boolean"}, "language_confidence": {"type": "number"},
            "text": {"type": "string"}, "source_url": STRING_OR_NULL, "published_at": STRING_OR_NULL,
            "paragraphs": {"type": "array", "items": {"type": "object"}},
            "language_candidates": {"type": "array", "items": {"type": "object", "properties": {
                "language": {"type": "string"}, "confidence": {"type": "number"}}}},
            "foreign_paragraphs": {"type": "array", "items": {"type": "object", "properties": {
                "paragraph": {"type": "integer"}, "language": {"type": "string"}, "confidence": {"type": "number"}}}},
            "sentences": {"type": "array", "items": {"$ref": "#/components/schemas/Sentence"}},
            "quotes": {"type": "array", "items": {"$ref": "#/components/schemas/Quote"}},
        },
    },
    "AlignmentRow": {
        "type": "object",
        "required": ["kind", "score", "sentences"],
        "properties": {
            "kind": {"enum": ["match", "partial", "only"]},
            "score": {"type": "number"},
            "sentences": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "integer"}}},
        },
    },
    "QuotePair": {
        "type": "object",
        "required": ["reference", "other", "similarity", "status", "diff"],
        "properties": {
            "reference": {"type": "string"}, "other": {"type": "string"}, "similarity": {"type": "number"},
            "status": {"enum": ["identical", "reworded", "altered"]},
            "diff": {"type": "array", "items": {"type": "array", "prefixItems": [
                {"enum": ["equal", "delete", "insert"]}, {"type": "string"}], "minItems": 2, "maxItems": 2}},
        },
    },
    "Signal": {
        "type": "object",
        "required": ["type", "version", "counterpart", "severity", "text", "translation", "detail", "evidence"],
        "properties": {
            "type": {"enum": list(SIGNAL_TYPES)},
            "version": {"type": "string"}, "counterpart": {"type": "string"},
            "severity": {"type": "number", "minimum": 0, "maximum": 1},
            "text": {"type": "string"}, "translation": {"type": "string"}, "detail": {"type": "string"},
            "evidence": {"type": "object"},
        },
    },
    "Comparison": {
        "type": "object",
        "required": ["id", "title", "created_at", "target_language", "versions", "alignment", "quote_pairs", "signals", "summary"],
        "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "created_at": {"type": "string"},
            "target_language": {"type": "string"},
            "versions": {"type": "array", "items": {"$ref": "#/components/schemas/Version"}},
            "alignment": {"type": "array", "items": {"$ref": "#/components/schemas/AlignmentRow"}},
            "quote_pairs": {"type": "array", "items": {"$ref": "#/components/schemas/QuotePair"}},
            "signals": {"type": "array", "items": {"$ref": "#/components/schemas/Signal"}},
            "summary": {
                "type": "object", "required": ["signals_by_type", "coverage"],
                "properties": {
                    "signals_by_type": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "coverage": {"type": "object", "additionalProperties": {"type": "number"}},
                },
            },
        },
    },
    "ComparisonSummary": {
        "type": "object",
        "required": ["id", "title", "labels", "languages", "created_at", "signal_counts"],
        "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "created_at": {"type": "string"},
            "target_language": {"type": "string"},
            "labels": {"type": "array", "items": {"type": "string"}},
            "languages": {"type": "array", "items": {"type": "string"}},
            "signal_counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
    },
    "ComparisonList": {
        "type": "object",
        "required": ["items", "total", "limit", "offset"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/ComparisonSummary"}},
            "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "q": {"type": "string"},
        },
    },
    "MemoryEntry": {
        "type": "object",
        "required": ["source_language", "target_language", "source", "target"],
        "properties": {
            "source_language": {"type": "string"}, "target_language": {"type": "string"},
            "source": {"type": "string", "minLength": 1}, "target": {"type": "string", "minLength": 1},
        },
    },
    "MemoryImport": {
        "type": "object", "required": ["entries"],
        "properties": {"entries": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/MemoryEntry"}}},
    },
    "MemoryList": {
        "type": "object", "required": ["entries"],
        "properties": {"entries": {"type": "array", "items": {"$ref": "#/components/schemas/MemoryEntry"}},
                       "limit": {"type": "integer"}, "offset": {"type": "integer"}},
    },
    "TranslateRequest": {
        "type": "object", "required": ["q", "source", "target"],
        "properties": {
            "q": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 200}]},
            "source": {"type": "string", "description": "ISO 639-1 code or auto"},
            "target": {"type": "string"},
            "format": {"type": "string"}, "api_key": {"type": "string"},
        },
    },
    "Detected": {
        "type": "object", "required": ["language", "confidence"],
        "properties": {"language": {"type": "string"}, "confidence": {"type": "number", "description": "percent"}},
    },
    "TranslateResponse": {
        "type": "object", "required": ["translatedText"],
        "properties": {
            "translatedText": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "detectedLanguage": {"oneOf": [{"$ref": "#/components/schemas/Detected"},
                                            {"type": "array", "items": {"$ref": "#/components/schemas/Detected"}}]},
        },
    },
    "Language": {
        "type": "object", "required": ["code", "name", "targets"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                       "targets": {"type": "array", "items": {"type": "string"}}},
    },
    "Health": {
        "type": "object",
        "required": ["status", "storage", "translation_pairs"],
        "properties": {
            "status": {"enum": ["ok", "unavailable"]},
            "storage": {"enum": ["ok", "read_only", "low_space", "unavailable"]},
            "storage_writable": {"type": "boolean"},
            "storage_free_bytes": {"type": ["integer", "null"], "description": "free space on the database's disk"},
            "translation_pairs": {"type": "array", "items": {"type": "string"}},
        },
    },
}

ID_PARAM = {"name": "id", "in": "path", "required": True,
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
            "description": "a comparison's id (ours are 32 hex digits); any other string is 404"}
#: Writes take the API key when the deployment sets keys; without keys they are open.
KEY_OPTIONAL = [{}, {"ApiKey": []}]
SECURITY_SCHEMES = {
    "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
               "description": "Required for every write and delete when the deployment sets COMPARE_API_KEYS or "
                              "COMPARE_API_KEYS_FILE; reads never need it. /translate and /detect also take "
                              "LibreTranslate's api_key body field."},
}
UNAUTHORIZED = {
    "description": "API key missing or not valid (only when the deployment sets API keys)",
    "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
CROSS_SITE = _error_response("Sent by a browser on behalf of another web site (Sec-Fetch-Site or Origin)")
RATE_LIMITED = {
    "description": "Too many requests from this client (only when the deployment sets a rate limit)",
    "headers": {"Retry-After": {"schema": {"type": "string"}, "description": "seconds to wait"}},
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _offset(maximum: int = MAX_OFFSET) -> dict:
    return {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": maximum, "default": 0}}


def _paths() -> dict:
    return {
        "/api/comparisons": {
            "post": {
                "operationId": "createComparison",
                "summary": "Compare 2 to 6 versions of one story",
                "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                                "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,200}$"},
                                "description": "a retry with the same key and body returns the first comparison "
                                               "(header Idempotent-Replayed: true) instead of making another"}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ComparisonRequest"}}}},
                "responses": {
                    "201": {**_json("Comparison", "The stored result"), "headers": {"Location": {"schema": {"type": "string"}}}},
                    "400": _error_response("Malformed or invalid body"),
                    "413": _error_response("A version, the body or the result is too large"),
                    "415": _error_response("The body is not JSON"),
                    "422": _error_response("No translation package for a language pair (the hint names the install "
                                           "command), the time budget ran out, or an Idempotency-Key was reused "
                                           "with another body"),
                    "507": _error_response("The server's disk is full; nothing was stored"),
                },
            },
            "get": {
                "operationId": "listComparisons",
                "summary": "Stored comparisons, newest first",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
                    _offset(),
                    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200}, "description": "search in titles and labels"},
                ],
                "responses": {"200": _json("ComparisonList", "One page of summaries"), "400": _error_response("Bad paging or query")},
            },
        },
        "/api/comparisons/{id}": {
            "get": {
                "operationId": "getComparison",
                "parameters": [ID_PARAM],
                "responses": {"200": _json("Comparison", "The stored result"), "404": _error_response("Unknown id")},
            },
            "delete": {
                "operationId": "deleteComparison",
                "parameters": [ID_PARAM],
                "responses": {"204": {"description": "Deleted"}, "404": _error_response("Unknown id")},
            },
        },
        "/api/comparisons/{id}.csv": {
            "get": {
                "operationId": "getComparisonCsv",
                "parameters": [ID_PARAM],
                "responses": {
                    "200": {"description": "The signals as CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                    "404": _error_response("Unknown id"),
                },
            }
        },
        "/api/translation-memory": {
            "post": {
                "operationId": "importTranslationMemory",
                "summary": "Import human translations (JSON entries, a TMX 1.4 file, or a multipart field named file)",
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/MemoryImport"}},
                    "application/x-tmx+xml": {"schema": {"type": "string"}},
                    "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}},
                }},
                "responses": {
                    "200": {"description": "Imported", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["imported"], "properties": {"imported": {"type": "integer"}}}}}},
                    "400": _error_response("Malformed file; nothing imported"),
                    "413": _error_response("Body too large"),
                    "415": _error_response("Unsupported content type"),
                    "507": _error_response("The server's disk is full; nothing was imported"),
                },
            },
            "get": {
                "operationId": "listTranslationMemory",
                "parameters": [
                    {"name": "source_language", "in": "query", "schema": {"type": "string"}},
                    {"name": "target_language", "in": "query", "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
                    _offset(),
                ],
                "responses": {"200": _json("MemoryList", "Entries"), "400": _error_response("Bad parameters")},
            },
        },
        "/translate": {
            "post": {
                "operationId": "translate",
                "summary": "LibreTranslate-compatible translation (string or list)",
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/TranslateRequest"}},
                    "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/TranslateRequest"}},
                }},
                "responses": {
                    "200": _json("TranslateResponse", "Translated"),
                    "400": _error_response("Invalid request, or the language cannot be detected"),
                    "413": _error_response("Too much text"),
                    "415": _error_response("Unsupported content type"),
                    "422": _error_response("No package for the pair"),
                },
            }
        },
        "/detect": {
            "post": {
                "operationId": "detect",
                "summary": "LibreTranslate-compatible language detection (top three, confidence in percent)",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["q"],
                    "properties": {"q": {"type": "string", "minLength": 1}, "api_key": {"type": "string"}}}}}},
                "responses": {
                    "200": {"description": "Candidates", "content": {"application/json": {"schema": {
                        "type": "array", "items": {"$ref": "#/components/schemas/Detected"}}}}},
                    "400": _error_response("Invalid request, or too short to judge"),
                    "413": _error_response("Body too large"),
                    "415": _error_response("Unsupported content type"),
                },
            }
        },
        "/languages": {
            "get": {
                "operationId": "languages",
                "summary": "Installed pairs, pivots through English included",
                "responses": {"200": {"description": "Languages", "content": {"application/json": {"schema": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Language"}}}}}},
            }
        },
        "/healthz": {
            "get": {
                "operationId": "health",
                "summary": "Readiness: storage and installed pairs (never rate limited)",
                "responses": {"200": _json("Health", "Ready"),
                              "503": _json("Health", "Storage unreadable, not writable, or its disk nearly full")},
            }
        },
        "/openapi.json": {
            "get": {"operationId": "openapi", "responses": {"200": {"description": "This document", "content": {"application/json": {"schema": {"type": "object"}}}}}}
        },
    }


def _schemas(settings: Settings) -> dict:
    """The component schemas with the serving app's limits filled in."""
    schemas = copy.deepcopy(SCHEMAS)
    version = schemas["VersionInput"]["properties"]
    version["label"]["maxLength"] = settings.max_label_chars
    version["text"]["maxLength"] = settings.max_version_chars
    request = schemas["ComparisonRequest"]["properties"]
    request["title"]["maxLength"] = settings.max_title_chars
    request["versions"]["maxItems"] = settings.max_versions
    return schemas


@lru_cache(maxsize=8)
def openapi_document(settings: Settings | None = None) -> dict:
    """The document for an app with ``settings`` (the defaults when None)."""
    settings = settings or Settings()
    keys_required = bool(settings.api_keys.strip() or settings.api_keys_file.strip())
    paths = _paths()
    for path, operations in paths.items():
        for method, operation in operations.items():
            if path != "/healthz":
                operation["responses"].setdefault("429", RATE_LIMITED)
            if method != "get":
                # Writes need the key when the deployment sets keys: say so exactly.
                operation["security"] = [{"ApiKey": []}] if keys_required else KEY_OPTIONAL
                operation["responses"].setdefault("401", UNAUTHORIZED)
                operation["responses"].setdefault("403", CROSS_SITE)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Story comparison service",
            "version": "0.1.0",
            "description": "Compare versions of one news story across languages: aligned sentences and quotes, "
            "word-level diffs and typed framing signals. Errors always have the shape "
            '{"error": {"code", "message", "hint"}}.',
        },
        "paths": paths,
        "components": {"schemas": _schemas(settings), "securitySchemes": SECURITY_SCHEMES},
    }
