"""The one mapping from errors to responses, for the API, LibreTranslate's routes and the pages.

:class:`~service.errors.ServiceError`, werkzeug's HTTP errors and anything unexpected
become the API's error shape (``{"error": {"code", "message", "hint"}}``), LibreTranslate's
(``{"error": "message"}`` with its statuses, on its routes only: :func:`libretranslate_error`)
or, for a page, an HTML error page with the same words. Unexpected exceptions are logged with their
traceback and answered with a generic 500: no stack trace, path or SQL reaches a client.
"""
from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..errors import ServiceError

log = logging.getLogger(__name__)

#: LibreTranslate's routes (service/web/libretranslate.py): its error shape and statuses, and CORS.
LIBRETRANSLATE_PATHS = frozenset({"/translate", "/detect", "/languages", "/translate_file", "/suggest",
                                  "/frontend/settings", "/health"})
LIBRETRANSLATE_PREFIXES = ("/download_file/",)
#: Paths answered in JSON whatever the client accepts.
JSON_PREFIXES = ("/api/", "/healthz", "/metrics", "/openapi.json", *LIBRETRANSLATE_PATHS, *LIBRETRANSLATE_PREFIXES)

#: LibreTranslate answers 400 for anything wrong with a request, 403 for a wrong API key or a
#: feature turned off, 429 past a limit and 500 for a failure; these statuses of ours become its.
_LIBRETRANSLATE_STATUS = {401: 403, 413: 400, 415: 400, 422: 400, 503: 500, 507: 500}

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


def is_libretranslate_path(path: str) -> bool:
    return path in LIBRETRANSLATE_PATHS or path.startswith(LIBRETRANSLATE_PREFIXES)


def libretranslate_error(error: ServiceError) -> tuple[int, str]:
    """(status, message) of ``error`` as LibreTranslate says it: one string, the hint after the
    message; a missing API key is its 400 ("Please contact the server operator..."), a wrong
    one its 403 "Invalid API key", a rate limit its "Slowdown: ..."."""
    if error.code == "api_key_required":
        return 400, "Please contact the server operator to get an API key (send it as api_key or in the X-API-Key header)"
    if error.code == "api_key_invalid":
        return 403, "Invalid API key"
    message = error.message + (f" {error.hint}" if error.hint else "")
    if error.status == 429:
        message = "Slowdown: " + message
    return _LIBRETRANSLATE_STATUS.get(error.status, error.status), message


def to_response(error: ServiceError, headers: dict[str, str] | None = None) -> Response:
    if is_libretranslate_path(request.path):
        status, message = libretranslate_error(error)
        response = jsonify({"error": message})
        response.status_code = status
        response.headers.update({k: v for k, v in (headers or {}).items() if k != "WWW-Authenticate"})
        return response
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
