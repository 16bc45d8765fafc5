"""The JSON API of API.md: comparisons, health and the OpenAPI document.

Views only parse, call the orchestrator or storage, and shape the answer; validation lives
in :mod:`service.validation`, SQL in :mod:`service.storage`, errors are raised as
:class:`~service.errors.ServiceError` and rendered by :mod:`service.web.errors`.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
import time

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from werkzeug.routing import BaseConverter

from ..errors import ServiceError, bad_request, not_found
from ..services import Services
from ..storage import IdempotencyConflict
from ..validation import check_strings, check_text
from .openapi import MAX_OFFSET, openapi_document

log = logging.getLogger(__name__)
bp = Blueprint("api", __name__)


class ComparisonIdConverter(BaseConverter):
    """A comparison id in a URL: letters, digits, ``_`` and ``-`` (ours are uuid4 hex). No dot, so
    ``/api/comparisons/<id>.csv`` is its own route and never reaches the JSON or DELETE routes."""

    regex = r"[A-Za-z0-9_-]{1,64}"


bp.record_once(lambda state: state.app.url_map.converters.setdefault("comparison_id", ComparisonIdConverter))

MAX_PAGE = 100
CSV_FIELDS = ["type", "version", "counterpart", "severity", "text", "translation", "detail", "evidence"]


def services() -> Services:
    return current_app.extensions["compare"]


def read_json_body():
    """The decoded JSON body: 415 when it is not JSON, 400 when it does not parse."""
    if not request.is_json:
        raise ServiceError(
            415, "unsupported_media_type",
            "The body must be JSON.", "Send it with the header Content-Type: application/json.",
        )
    raw = request.get_data(cache=True)  # werkzeug raises 413 beyond MAX_CONTENT_LENGTH
    try:
        # Strict UTF-8 (RFC 8259; a leading BOM is tolerated): json.loads(bytes) would also take
        # UTF-16/32 and let surrogates encoded in UTF-8 through ("surrogatepass").
        body = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise bad_request("body: the body is not valid UTF-8.", "malformed_json") from None
    except RecursionError:
        raise bad_request("body: the JSON is nested too deeply.", "malformed_json") from None
    except ValueError as exc:
        raise bad_request(f"body: malformed JSON ({exc.args[0].split(':')[0]}).", "malformed_json") from None
    check_strings(body)  # no control characters or lone surrogates anywhere; bounded nesting
    return body


def create_comparison(body, idempotency_key: str | None = None) -> tuple[str, str, bool]:
    """Validate, compare and store; shared by the API and the page form.

    Returns (id, the result's JSON, whether it is a replay). With an idempotency key, a
    request that was answered before (same key, same body) gets the stored comparison
    again instead of a new one; the same key with another body is a 422.
    """
    svc = services()
    idempotency = None
    if idempotency_key is not None:
        digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8",
                                "surrogatepass")).hexdigest()
        idempotency = (idempotency_key, digest)
        earlier = _idempotent(lambda: svc.storage.find_idempotent(*idempotency))
        if earlier is not None:
            return earlier, json.dumps(load_comparison(earlier), ensure_ascii=False), True
    started = time.perf_counter()
    result = svc.run_comparison(body)
    serialized = json.dumps(result, ensure_ascii=False)
    svc.check_result_size(len(serialized.encode("utf-8")))
    stored = _idempotent(lambda: svc.storage.save_comparison(result, idempotency=idempotency, serialized=serialized))
    if stored != result["id"]:  # a concurrent request with the same key stored first
        return stored, json.dumps(load_comparison(stored), ensure_ascii=False), True
    log.info("comparison %s: %d versions in %.0f ms", result["id"], len(result["versions"]),
             1000 * (time.perf_counter() - started))
    return result["id"], serialized, False


def _idempotent(call):
    try:
        return call()
    except IdempotencyConflict:
        raise ServiceError(
            422, "idempotency_key_reused", "This Idempotency-Key was already used for a request with another body.",
            "Use a new key for a new request; repeat a key only to retry the very same request.",
        ) from None


IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,200}")


def idempotency_key() -> str | None:
    """The request's ``Idempotency-Key`` header (IETF draft-ietf-httpapi-idempotency-key-header)."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise bad_request("Idempotency-Key: 1 to 200 printable ASCII characters without spaces are allowed.",
                          "invalid_idempotency_key")
    return key


@bp.post("/api/comparisons")
def post_comparison():
    key = idempotency_key()
    comparison_id, serialized, replayed = create_comparison(read_json_body(), key)
    response = Response(serialized, status=201, mimetype="application/json")
    response.headers["Location"] = url_for("api.get_comparison", comparison_id=comparison_id)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def load_comparison(comparison_id: str) -> dict:
    result = services().storage.get_comparison(comparison_id)
    if result is None:
        raise not_found()
    return result


@bp.get("/api/comparisons/<comparison_id:comparison_id>")
def get_comparison(comparison_id: str):
    return jsonify(load_comparison(comparison_id))


@bp.get("/api/comparisons/<comparison_id:comparison_id>.csv")
def comparison_csv(comparison_id: str) -> Response:
    result = load_comparison(comparison_id)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for signal in result["signals"]:
        row = {key: signal.get(key, "") for key in CSV_FIELDS}
        row["evidence"] = json.dumps(signal["evidence"], ensure_ascii=False)
        writer.writerow({k: _spreadsheet_safe(v) for k, v in row.items()})
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="comparison-{comparison_id}.csv"'},
    )


def _spreadsheet_safe(value):
    """Neutralise cells a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@bp.delete("/api/comparisons/<comparison_id:comparison_id>")
def delete_comparison(comparison_id: str):
    if not services().storage.delete_comparison(comparison_id):
        raise not_found()
    return Response(status=204)


WHOLE_NUMBER = re.compile(r"-?[0-9]{1,20}")


def _int_arg(name: str, default: int, low: int, high: int, empty_is_default: bool) -> int:
    raw = request.args.get(name)
    if raw is None or (raw == "" and empty_is_default):
        return default
    if not WHOLE_NUMBER.fullmatch(raw):  # int() would also take " 5", "5_0" and "٥"
        raise bad_request(f"{name}: expected a whole number, got {raw[:40]!r}.")
    value = int(raw)
    if not low <= value <= high:
        raise bad_request(f"{name}: must be between {low} and {high}.")
    return value


def list_page(empty_is_default: bool = True) -> dict:
    """One page of the stored comparisons. The API says 400 for ``?offset=`` (the OpenAPI
    document says integer); the home page takes an empty field as the default, as forms send it."""
    limit = _int_arg("limit", 20, 1, MAX_PAGE, empty_is_default)
    offset = _int_arg("offset", 0, 0, MAX_OFFSET, empty_is_default)
    query = request.args.get("q", "")
    if len(query) > 200:
        raise bad_request("q: at most 200 characters are allowed.")
    check_text(query, "q")
    query = query.strip()
    items, total = services().storage.list_comparisons(limit, offset, query or None)
    return {"items": items, "total": total, "limit": limit, "offset": offset, "q": query}


@bp.get("/api/comparisons")
def list_comparisons():
    return jsonify(list_page(empty_is_default=False))


@bp.get("/healthz")
def healthz():
    """``status`` ok (200) only when the database reads, accepts a write transaction and its
    disk has at least ``COMPARE_MIN_FREE_MB`` free; otherwise 503 with the reason in ``storage``."""
    svc = services()
    health = svc.storage.health()
    ok = health.status == "ok"
    body = {"status": "ok" if ok else "unavailable", "storage": health.status,
            "storage_writable": health.writable, "storage_free_bytes": health.free_bytes,
            "translation_pairs": svc.translation_pairs()}
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    return response


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(services().settings))
