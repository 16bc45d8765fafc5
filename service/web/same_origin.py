"""Writes only from this service's own pages or from programs, never from other web sites.

Without API keys, any web page a user visits could make the browser POST a form to this
service (a form post needs no CORS preflight): plant translation-memory entries that then
override machine translation, or run comparisons. Browsers say where a request comes from:
``Sec-Fetch-Site`` (Fetch Metadata, sent by every current browser) and ``Origin``. A
write (any method but GET, HEAD and OPTIONS) is refused with 403 ``cross_site_request``
when ``Sec-Fetch-Site`` names another site, or, for browsers that send no Fetch Metadata,
when ``Origin`` is not this service's own host. Programs (curl, client libraries) send
neither header and are not affected; the pages' own forms are same-origin. Pages of an
origin that ``COMPARE_CORS_ORIGINS`` lets call LibreTranslate's routes may POST to those
routes (:mod:`service.web.cors`).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request

from ..errors import ServiceError
from .cors import allows_this_request

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})  # "none": typed or bookmarked by the user


def cross_site() -> bool:
    """Whether this request was sent by a browser on behalf of another web site."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site.strip().lower() not in ALLOWED_FETCH_SITES
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    if origin.strip().lower() == "null":  # sandboxed frames, data: URLs, some redirects
        return True
    return urlsplit(origin.strip()).netloc.lower() != request.host.lower()


def register_same_origin_writes(app: Flask) -> None:
    @app.before_request
    def _refuse_cross_site_writes():
        if request.method in SAFE_METHODS or request.routing_exception is not None:
            return None
        if cross_site() and not allows_this_request():
            raise ServiceError(
                403, "cross_site_request", "Changes sent by a web page of another site are refused.",
                "Use this service's own pages, or call the API from a program (which sends no Origin header).",
            )
        return None
