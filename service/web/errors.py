"""The one mapping from errors to responses, for the API and the pages alike.

:class:`~service.errors.ServiceError`, werkzeug's HTTP errors and anything unexpected
become the API's error shape (``{"error": {"code", "message", "hint"}}``) or, for a page,
an HTML error page with the same words. Unexpected exceptions are logged with their
traceback and answered with a generic 500: no stack trace, path or SQL reaches a client.
"""
from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..errors import ServiceError

log = logging.getLogger(__name__)

#: Paths answered in JSON whatever the client accepts.
JSON_PREFIXES = ("/api/", "/translate", "/detect", "/languages", "/healthz", "/openapi.json")

# Our words for werkzeug's errors, so none of its HTML or wording leaks through.
_HTTP_CODES = {
    400: ("bad_request", "The request could not be read."),
    404: ("not_found", "Nothing is here."),
    405: ("method_not_allowed", "This method is not allowed here."),
    413: ("too_large", "The request body is larger than the service accepts."),
    415: ("unsupported_media_type", "Send the body as JSON (Content-Type: application/json)."),
    429: ("rate_limited", "Too many requests from this client; slow down."),
}
_HTTP_HINTS = {
    429: "Wait as long as the Retry-After header says, then try again.",
}


def wants_json() -> bool:
    if request.path.startswith(JSON_PREFIXES) or request.path.endswith((".json", ".csv")):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def to_response(error: ServiceError, headers: dict[str, str] | None = None) -> Response:
    if wants_json():
        response = jsonify(error.body())
    else:
        response = Response(render_template("error.html", error=error), mimetype="text/html")
    response.status_code = error.status
    response.headers.update(headers or {})
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def _service_error(exc: ServiceError):
        return to_response(exc, exc.headers)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        code, message = _HTTP_CODES.get(status, ("http_error", "The request failed."))
        headers = {}
        if status == 405 and getattr(exc, "valid_methods", None):
            headers["Allow"] = ", ".join(exc.valid_methods)
        # (429's Retry-After and X-RateLimit-* headers are added by the rate limiter's after_request hook.)
        return to_response(ServiceError(status, code, message, _HTTP_HINTS.get(status)), headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return to_response(ServiceError(500, "internal_error", "Something went wrong on our side."))
