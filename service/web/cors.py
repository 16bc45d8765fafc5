"""CORS for LibreTranslate's routes, off by default (``COMPARE_CORS_ORIGINS``).

LibreTranslate answers every one of its routes with ``Access-Control-Allow-Origin: *`` so
that web pages can call it; here that is a choice of the deployment: ``*`` for any origin,
or a list of origins. Only the LibreTranslate routes (:func:`service.web.errors.is_libretranslate_path`)
get the headers: ``/api/`` and the pages never do. A preflight ``OPTIONS`` is answered by
Flask (200 with ``Allow``) and gets the same headers. An allowed origin's pages may also
POST to these routes, which the cross-site check (:mod:`service.web.same_origin`) would
otherwise refuse; API keys, when set, are still required.
"""
from __future__ import annotations

import re

from flask import Flask, current_app, request

from ..config import Settings
from .errors import is_libretranslate_path

ALLOW_HEADERS = "Authorization, Content-Type, X-API-Key"
ALLOW_METHODS = "GET, POST, OPTIONS"
EXPOSE_HEADERS = "Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
MAX_AGE = str(2 * 60 * 60)  # what browsers cap a preflight's lifetime to
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


class CorsPolicy:
    def __init__(self, any_origin: bool, origins: frozenset[str]):
        self.any_origin = any_origin
        self.origins = origins

    @classmethod
    def of(cls, settings: Settings) -> "CorsPolicy":
        """The policy of ``COMPARE_CORS_ORIGINS``; a malformed origin stops the service at start-up."""
        items = [item for item in re.split(r"[\s,]+", settings.cors_origins.strip()) if item]
        if items == ["*"]:
            return cls(True, frozenset())
        for item in items:
            if not _ORIGIN.fullmatch(item.rstrip("/")):
                raise ValueError(f"setting {Settings.env_name('cors_origins')}: {item!r} is not an origin "
                                 "(write * or origins such as https://example.org or http://localhost:3000)")
        return cls(False, frozenset(item.rstrip("/").lower() for item in items))

    @property
    def enabled(self) -> bool:
        return self.any_origin or bool(self.origins)

    def allows(self, origin: str | None) -> bool:
        if not origin or origin.strip().lower() == "null":
            return False
        return self.any_origin or origin.strip().rstrip("/").lower() in self.origins


def allows_this_request() -> bool:
    """Whether the request comes from a page CORS lets call this LibreTranslate route."""
    policy: CorsPolicy | None = current_app.extensions.get("compare_cors")
    return (policy is not None and is_libretranslate_path(request.path)
            and policy.allows(request.headers.get("Origin")))


def register_cors(app: Flask, settings: Settings) -> None:
    policy = CorsPolicy.of(settings)
    app.extensions["compare_cors"] = policy
    if not policy.enabled:
        return

    @app.after_request
    def _cors_headers(response):
        if not is_libretranslate_path(request.path):
            return response
        origin = request.headers.get("Origin")
        if not policy.any_origin:
            response.vary.add("Origin")  # the answer's headers depend on it
        if not policy.allows(origin):
            return response
        if policy.any_origin:
            response.headers["Access-Control-Allow-Origin"] = "*"
        else:
            response.headers["Access-Control-Allow-Origin"] = origin.strip()
        response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        response.headers["Access-Control-Max-Age"] = MAX_AGE
        return response
