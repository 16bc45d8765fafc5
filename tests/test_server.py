"""The real server (gunicorn via `python -m service serve`): serves, stores, and keeps results across a restart."""
from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from conftest import OTHER, REFERENCE
from support.server import free_port, request, running_server

BODY_LIMIT = 20_000


def chunked_post(base: str, path: str, payload: bytes) -> tuple[int, dict]:
    """POST with Transfer-Encoding: chunked (no Content-Length), as streaming clients send."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        pieces = (payload[i:i + 4096] for i in range(0, len(payload), 4096))
        conn.request("POST", path, body=pieces, encode_chunked=True,
                     headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_served_comparison_survives_a_restart(tmp_path):
    port = free_port()
    body = {"title": "Restart", "versions": [{"language": "en", "text": REFERENCE}, {"language": "en", "text": OTHER}]}
    env = {"COMPARE_MAX_BODY_BYTES": str(BODY_LIMIT)}
    with running_server(tmp_path, port, env) as base:
        status, headers, created = request(f"{base}/api/comparisons", body, "POST")
        assert status == 201 and headers["Location"].endswith(created["id"])
        status, _, error = request(f"{base}/api/comparisons", {"versions": []}, "POST")
        assert status == 400 and error["error"]["code"] == "invalid_request"
        # gunicorn de-chunks; the limit holds without a Content-Length, and a fitting body still works
        status, chunked = chunked_post(base, "/api/comparisons", json.dumps(body).encode())
        assert status == 201 and chunked["versions"] == created["versions"]
        padded = json.dumps(body).encode() + b" " * BODY_LIMIT  # a valid prefix must not be accepted
        status, error = chunked_post(base, "/api/comparisons", padded)
        assert status == 413 and error["error"]["code"] == "too_large"
    with running_server(tmp_path, port) as base:
        status, _, fetched = request(f"{base}/api/comparisons/{created['id']}")
        assert status == 200 and fetched == created
        status, _, listing = request(f"{base}/api/comparisons")
        assert listing["total"] == 2
