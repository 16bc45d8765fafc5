"""Story comparison service: compare versions of one news story across languages.

``create_app(config=None)`` builds the Flask app: settings from defaults, then the
environment (``COMPARE_*``), then ``config`` overrides; one :class:`~service.services.Services`
per process; the API and page blueprints; one error-to-response mapping for both; and the
optional API keys and rate limits of :mod:`service.web.access`.
"""
from __future__ import annotations

import logging
from typing import Any, Mapping

from flask import Flask

from .config import Settings

__all__ = ["create_app", "Settings"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    from .jobs import Jobs
    from .services import build_services
    from .web import api, ingest_api, libretranslate, pages, translation_api
    from .web.access import register_access_control
    from .web.cors import register_cors
    from .web.same_origin import register_same_origin_writes
    from .web.body_limit import BoundedChunkedBody
    from .secret_key import persistent_secret
    from .web.errors import register_error_handlers

    settings = Settings.load(config)
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = Flask(__name__, template_folder="web/templates", static_folder="web/static")
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        SECRET_KEY=settings.secret_key or persistent_secret(settings.database.parent),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
    )
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    # "//api/comparisons" would redirect to a Location built from the Host header: 404 instead.
    app.url_map.merge_slashes = False
    services = build_services(settings)
    services.storage.migrate()
    app.extensions["compare"] = services
    dispatch = None
    if settings.broker_url:
        from .workers import CeleryDispatch

        dispatch = CeleryDispatch(settings)
    jobs = app.extensions["compare_jobs"] = Jobs(services, settings.job_threads, dispatch)
    jobs.resume()  # embedded mode: what a stopped process left queued or running
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(ingest_api.bp)
    app.register_blueprint(translation_api.bp)
    app.register_blueprint(libretranslate.bp)
    register_error_handlers(app)
    register_cors(app, settings)
    register_same_origin_writes(app)
    register_access_control(app, settings)
    app.wsgi_app = BoundedChunkedBody(app.wsgi_app, settings.max_body_bytes)

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        )
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")  # pages carry CSRF tokens
        return response

    return app
