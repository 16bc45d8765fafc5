"""The JSON API of API.md: comparisons, health and the OpenAPI document.

Views only parse (with the models of :mod:`service.contract`), call the orchestrator or
storage, and shape the answer; SQL lives in :mod:`service.storage`, errors are raised as
:class:`~service.errors.ServiceError` and rendered by :mod:`service.web.errors`.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from werkzeug.routing import BaseConverter

from ..contract import (
    MAX_IDEMPOTENCY_KEY_CHARS, Batch, ComparisonList, EncoderHealth, Health, Job, ListQuery, check_depth,
    dump_comparison, parse,
)
from .. import metrics
from ..errors import ServiceError, bad_request, not_found
from ..jobs import MAX_BATCH
from ..model import Comparison
from ..services import Services
from ..storage import IdempotencyConflict
from .export import signals_csv
from .openapi import openapi_document

log = logging.getLogger(__name__)
bp = Blueprint("api", __name__)


class ComparisonIdConverter(BaseConverter):
    """A comparison id in a URL: letters, digits, ``_`` and ``-`` (ours are uuid4 hex). No dot, so
    ``/api/comparisons/<id>.csv`` is its own route and never reaches the JSON or DELETE routes."""

    regex = r"[A-Za-z0-9_-]{1,64}"


bp.record_once(lambda state: state.app.url_map.converters.setdefault("comparison_id", ComparisonIdConverter))


def services() -> Services:
    return current_app.extensions["compare"]


def read_json_body() -> Any:
    """The decoded JSON body: 415 when it is not JSON, 400 when it does not parse or nests too deep."""
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
    check_depth(body)
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
        idempotency = (idempotency_key, request_digest(body))
        earlier = _idempotent(lambda: svc.storage.find_idempotent(*idempotency))
        if earlier is not None:
            return earlier, dump_comparison(load_comparison(earlier)), True
    started = time.perf_counter()
    comparison, serialized, sources = svc.run_serialised(body)
    stored = _idempotent(lambda: svc.storage.save_comparison(comparison, idempotency=idempotency,
                                                             serialized=serialized, sources=sources))
    if stored != comparison.id:  # a concurrent request with the same key stored first
        return stored, dump_comparison(load_comparison(stored)), True
    log.info("comparison %s: %d versions in %.0f ms", comparison.id, len(comparison.versions),
             1000 * (time.perf_counter() - started))
    return comparison.id, serialized, False


def _idempotent(call):
    try:
        return call()
    except IdempotencyConflict:
        raise ServiceError(
            422, "idempotency_key_reused", "This Idempotency-Key was already used for a request with another body.",
            "Use a new key for a new request; repeat a key only to retry the very same request.",
        ) from None


IDEMPOTENCY_KEY = re.compile(rf"[\x21-\x7e]{{1,{MAX_IDEMPOTENCY_KEY_CHARS}}}")


def idempotency_key() -> str | None:
    """The request's ``Idempotency-Key`` header (IETF draft-ietf-httpapi-idempotency-key-header)."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise bad_request(f"Idempotency-Key: 1 to {MAX_IDEMPOTENCY_KEY_CHARS} printable ASCII characters "
                          "without spaces are allowed.", "invalid_idempotency_key")
    return key


def json_response(serialized: str, status: int = 200) -> Response:
    return Response(serialized, status=status, mimetype="application/json")


def request_digest(body) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8",
                          "surrogatepass")).hexdigest()


def wants_async() -> bool:
    """``Prefer: respond-async`` (RFC 7240), among any other preferences."""
    return any(p.split(";")[0].strip().casefold() == "respond-async"
               for p in request.headers.get("Prefer", "").split(","))


@bp.post("/api/comparisons")
def post_comparison():
    key = idempotency_key()
    if wants_async():
        return post_job(read_json_body(), key)
    comparison_id, serialized, replayed = create_comparison(read_json_body(), key)
    response = json_response(serialized, 201)
    response.headers["Location"] = url_for("api.get_comparison", comparison_id=comparison_id)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def post_job(body, key: str | None) -> Response:
    """202 with the queued job and its Location; a retried post with the same Idempotency-Key
    gets the first job (``Idempotent-Replayed: true``)."""
    jobs = current_app.extensions["compare_jobs"]
    job_id, replayed = _idempotent(lambda: jobs.submit(body, (key, request_digest(body)) if key else None))
    response = jsonify(job_view(job_id).model_dump())
    response.status_code = 202
    response.headers["Location"] = url_for("api.get_job", job_id=job_id)
    response.headers["Preference-Applied"] = "respond-async"
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def job_view(job_id: str) -> Job:
    job = services().storage.get_job(job_id)
    if job is None:
        raise not_found("No job has that id.")
    result = url_for("api.get_comparison", comparison_id=job["comparison_id"]) if job["comparison_id"] else None
    return Job(**job, result=result)


@bp.get("/api/jobs/<comparison_id:job_id>")
def get_job(job_id: str):
    return jsonify(job_view(job_id).model_dump(exclude_none=False))


NDJSON_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-seq")


@bp.post("/api/batches")
def post_batch():
    """Up to MAX_BATCH comparison requests, a JSON array or NDJSON (one body a line); 202 with the
    batch and its Location. Requests that do not validate are failed jobs of the batch at once."""
    bodies = _batch_bodies()
    if not bodies:
        raise bad_request("body: a batch needs at least one comparison request.")
    if len(bodies) > MAX_BATCH:
        raise ServiceError(413, "too_large", f"A batch holds at most {MAX_BATCH:,} comparison requests; this one "
                           f"has {len(bodies):,}.", "Split it into several batches.")
    batch_id, _ = current_app.extensions["compare_jobs"].submit_batch(bodies)
    response = jsonify(batch_view(batch_id).model_dump())
    response.status_code = 202
    response.headers["Location"] = url_for("api.get_batch", batch_id=batch_id)
    return response


def _batch_bodies() -> list:
    if request.mimetype in NDJSON_TYPES:
        raw = request.get_data(cache=True)
        try:
            lines = raw.decode("utf-8-sig").splitlines()
        except UnicodeDecodeError:
            raise bad_request("body: the body is not valid UTF-8.", "malformed_json") from None
        bodies = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                bodies.append(json.loads(line))
            except (ValueError, RecursionError):
                raise bad_request(f"body: line {number} is not a JSON object.", "malformed_json") from None
            check_depth(bodies[-1])
        return bodies
    body = read_json_body()
    if not isinstance(body, list):
        raise bad_request("body: a JSON array of comparison requests (or NDJSON, one a line) is expected.")
    return body


def batch_view(batch_id: str) -> Batch:
    status = services().storage.batch_status(batch_id)
    if status is None:
        raise not_found("No batch has that id.")
    return Batch(**status, jobs=url_for("api.get_batch_jobs", batch_id=batch_id))


@bp.get("/api/batches/<comparison_id:batch_id>")
def get_batch(batch_id: str):
    return jsonify(batch_view(batch_id).model_dump())


@bp.get("/api/batches/<comparison_id:batch_id>/jobs")
def get_batch_jobs(batch_id: str):
    """Every job of the batch in order, as NDJSON: position, job, state, result URL, error."""
    batch_view(batch_id)  # 404 for an unknown batch
    lines = []
    for job in services().storage.batch_jobs(batch_id):
        result = url_for("api.get_comparison", comparison_id=job["comparison_id"]) if job["comparison_id"] else None
        lines.append(json.dumps({"position": job["position"], "job": job["id"], "state": job["state"],
                                 "result": result, "error": job["error"]}, ensure_ascii=False))
    return Response("\n".join(lines) + ("\n" if lines else ""), mimetype="application/x-ndjson")


def load_comparison(comparison_id: str) -> Comparison:
    comparison = services().storage.get_comparison(comparison_id)
    if comparison is None:
        raise not_found()
    return comparison


@bp.get("/api/comparisons/<comparison_id:comparison_id>")
def get_comparison(comparison_id: str):
    return json_response(dump_comparison(load_comparison(comparison_id)))


@bp.get("/api/comparisons/<comparison_id:comparison_id>.csv")
def comparison_csv(comparison_id: str) -> Response:
    return Response(
        signals_csv(load_comparison(comparison_id)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="comparison-{comparison_id}.csv"'},
    )


@bp.delete("/api/comparisons/<comparison_id:comparison_id>")
def delete_comparison(comparison_id: str):
    if not services().storage.delete_comparison(comparison_id):
        raise not_found()
    return Response(status=204)


def list_page(args: dict[str, str]) -> ComparisonList:
    """One page of the stored comparisons, newest first, matching ``q``."""
    query = parse(ListQuery, args)
    items, total = services().storage.list_comparisons(query.limit, query.offset, query.q.strip() or None)
    return ComparisonList(items=items, total=total, limit=query.limit, offset=query.offset, q=query.q.strip())


@bp.get("/api/comparisons")
def list_comparisons():
    return jsonify(list_page(request.args.to_dict()).model_dump())


@bp.get("/healthz")
def healthz():
    """``status`` ok (200) only when the database reads, accepts a write transaction and its
    disk has at least ``COMPARE_MIN_FREE_MB`` free; otherwise 503 with the reason in ``storage``."""
    svc = services()
    health = svc.storage.health()
    dispatch = current_app.extensions["compare_jobs"].dispatch
    broker = dispatch.status() if dispatch is not None else "none"
    ok = health.status == "ok" and broker != "unavailable"
    encoder = svc.encoder.status()
    body = Health(status="ok" if ok else "unavailable", storage=health.status, storage_writable=health.writable,
                  storage_free_bytes=health.free_bytes, database=health.backend, broker=broker,
                  translation_pairs=svc.translation_pairs(), encoder=EncoderHealth(**vars(encoder)))
    response = jsonify(body.model_dump())
    response.status_code = 200 if ok else 503
    return response


@bp.get("/metrics")
def prometheus_metrics():
    """Prometheus' text format: comparisons and their latency, translation tokens and seconds,
    jobs by state, queue depth, loaded models and memory (:mod:`service.metrics`)."""
    svc = services()
    jobs = current_app.extensions["compare_jobs"]
    state = metrics.StateCollector(svc.storage.jobs_by_state, jobs.queue_depth,
                                   lambda: len(getattr(svc.engine.machine, "loaded_pairs", ())))
    return Response(metrics.exposition(state), mimetype=None, content_type=metrics.CONTENT_TYPE)


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(services().settings))
