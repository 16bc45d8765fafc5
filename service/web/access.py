"""Access control for exposed deployments: optional API keys and per-client rate limits.

Both are off by default, so a local ``make run`` needs neither.

* **API keys** (``COMPARE_API_KEYS``, ``COMPARE_API_KEYS_FILE``): when at least one key is
  configured, every request that changes something — any method but GET, HEAD and OPTIONS,
  on the API, the LibreTranslate routes and the pages' forms alike — must carry a key in
  the ``X-API-Key`` header, else ``401``. Reads stay open. LibreTranslate's routes also take
  its ``api_key`` parameter (in a JSON body, a form or the query string), so its clients work
  unchanged, and answer as LibreTranslate does: 400 for a missing key, 403 for a wrong one. A browser cannot add the header to a form post, so with keys set the pages are
  read-only unless a reverse proxy that authenticates people adds the header. Keys are
  compared in constant time (:func:`hmac.compare_digest`).
* **Rate limits** (``COMPARE_RATE_LIMIT``, ``COMPARE_RATE_LIMIT_STORAGE``): Flask-Limiter
  counts requests per client — the API key when a valid one is sent (so clients behind one
  proxy keep separate budgets), else the remote address — and answers ``429`` in the API's
  error shape with ``Retry-After``. ``/healthz``, ``/metrics`` and static files are exempt. Counters live
  in memory per worker process by default (so N workers allow up to N times the limit), or
  in Redis (``redis://...``) shared by every worker and host; when Redis is unreachable the
  limiter falls back to memory instead of failing requests.

The limiter's check runs before the key check, so guessing keys is rate limited too.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import string
from pathlib import Path

from flask import Flask, request

from ..config import Settings
from ..errors import ServiceError

log = logging.getLogger(__name__)

HEADER = "X-API-Key"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: LibreTranslate clients send their key as a parameter named api_key.
LIBRETRANSLATE_ENDPOINTS = frozenset({"libretranslate.translate", "libretranslate.detect_language",
                                      "libretranslate.translate_file", "libretranslate.suggest"})
#: Never rate limited: health checks (load balancers, Docker) and static files.
UNLIMITED_ENDPOINTS = frozenset({"api.healthz", "api.prometheus_metrics", "static"})
_KEY_CHARACTERS = frozenset(string.ascii_letters + string.digits + string.punctuation) - {","}


def load_api_keys(settings: Settings) -> tuple[str, ...]:
    """The configured keys: ``api_keys`` (comma separated) plus the lines of ``api_keys_file``.

    A key is printable ASCII without spaces or commas (it travels in an HTTP header); a
    key file that cannot be read, or a malformed key, stops the service at start-up with
    the setting's name rather than leaving it unprotected.
    """
    keys = [(Settings.env_name("api_keys"), k.strip()) for k in settings.api_keys.split(",") if k.strip()]
    if settings.api_keys_file:
        path = Path(settings.api_keys_file)
        name = Settings.env_name("api_keys_file")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"setting {name}: cannot read the key file {str(path)!r} ({exc.__class__.__name__})") from None
        keys += [(name, line.strip()) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    for setting, key in keys:
        if not set(key) <= _KEY_CHARACTERS:
            raise ValueError(f"setting {setting}: an API key may hold printable ASCII only, without spaces or commas")
    return tuple(dict.fromkeys(key for _, key in keys))


def _presented_key() -> str | None:
    """The key the request carries: the header, or LibreTranslate's ``api_key`` parameter
    (in a JSON body, else the form or the query string, as LibreTranslate reads it)."""
    key = request.headers.get(HEADER)
    if key:
        return key
    if request.endpoint in LIBRETRANSLATE_ENDPOINTS:
        value = None
        if request.is_json:
            try:  # the view parses the body again and reports any fault in it
                body = json.loads(request.get_data(cache=True))
            except (ValueError, RecursionError):
                body = None
            value = body.get("api_key") if isinstance(body, dict) else None
        if not value:
            value = request.values.get("api_key")
        return value if isinstance(value, str) and value else None
    return None


def _matches(key: str | None, keys: tuple[str, ...]) -> bool:
    if not key:
        return False
    sent = key.encode("utf-8", "surrogatepass")
    found = False
    for candidate in keys:  # every key compared, so timing says nothing about which one is close
        found |= hmac.compare_digest(sent, candidate.encode("ascii"))
    return found


def register_access_control(app: Flask, settings: Settings) -> None:
    """Install the rate limiter (when a limit is set), then the API-key check (when keys are set)."""
    keys = load_api_keys(settings)
    app.extensions["compare_api_keys"] = keys
    if settings.rate_limit.strip():
        _install_limiter(app, settings, keys)
    if keys:
        log.info("API keys are required for writes (%d configured)", len(keys))

        @app.before_request
        def _require_api_key():
            if request.method in SAFE_METHODS or request.routing_exception is not None:
                return None  # reads are open; unknown paths and methods keep their 404 and 405
            sent = _presented_key()
            if _matches(sent, keys):
                return None
            challenge = {"WWW-Authenticate": f'ApiKey header="{HEADER}"'}
            if sent:
                raise ServiceError(401, "api_key_invalid", "The API key is not valid.",
                                   f"Send a key this service knows in the {HEADER} header.", headers=challenge)
            raise ServiceError(401, "api_key_required", "This service requires an API key for changes.",
                               f"Send your key in the {HEADER} header (curl -H '{HEADER}: ...').", headers=challenge)


def _install_limiter(app: Flask, settings: Settings, keys: tuple[str, ...]) -> None:
    from flask_limiter import Limiter
    from limits import parse_many
    from limits.errors import ConfigurationError
    from limits.storage import storage_from_string

    limit = settings.rate_limit.strip()
    try:
        parse_many(limit)
    except ValueError:
        raise ValueError(f"setting {Settings.env_name('rate_limit')}: cannot read {limit!r} "
                         "(write e.g. 60/minute or 10/second;500/hour)") from None
    try:
        storage_from_string(settings.rate_limit_storage)
    except ConfigurationError as exc:
        raise ValueError(f"setting {Settings.env_name('rate_limit_storage')}: {exc}") from None

    def client() -> str:
        sent = request.headers.get(HEADER)
        if sent and _matches(sent, keys):
            return "key:" + hashlib.sha256(sent.encode()).hexdigest()[:24]
        return "ip:" + (request.remote_addr or "unknown")

    Limiter(
        client,
        app=app,
        application_limits=[limit],  # one budget per client across all routes, not one per route
        application_limits_exempt_when=lambda: request.endpoint in UNLIMITED_ENDPOINTS,
        storage_uri=settings.rate_limit_storage,
        headers_enabled=True,
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        key_prefix="compare",
    )
    log.info("rate limit %s per client (%s)", limit, settings.rate_limit_storage.split("://", 1)[0])
