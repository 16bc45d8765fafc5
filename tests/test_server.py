"""The real server (gunicorn via `python -m service serve`): serves, stores, and keeps results across a restart."""
from __future__ import annotations

import http.client
import json
import socket
import time
from urllib.parse import urlsplit

from conftest import OTHER, REFERENCE
from support import hostile
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


def raw_request(base: str, request_line: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
    """One request sent as written (no client normalises the path), and its answer."""
    url = urlsplit(base)
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        sock.sendall(f"{request_line}\r\n{head}Connection: close\r\n\r\n".encode("latin-1"))
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), fields, body


def test_gunicorns_own_answers_and_odd_paths_carry_the_error_shape_and_headers(tmp_path):
    with running_server(tmp_path, env={"COMPARE_TIME_BUDGET": "1"}) as base:
        # a request line longer than gunicorn reads: its own 414, in the API's shape
        status, headers, body = raw_request(base, f"GET /api/comparisons?q={'x' * 9000} HTTP/1.1",
                                            {"Host": "localhost"})
        assert status == 414 and json.loads(body)["error"]["code"] == "uri_too_long"
        assert headers["X-Content-Type-Options"] == "nosniff" and "frame-ancestors 'none'" in headers[
            "Content-Security-Policy"]
        # a doubled slash is no redirect to wherever the Host header points
        status, headers, _ = raw_request(base, "GET /api//comparisons HTTP/1.1", {"Host": "evil.example"})
        assert status == 404 and "Location" not in headers
        # gthread workers keep heart-beating while a request runs: the pipeline stops itself
        started = time.monotonic()
        status, _, error = request(f"{base}/api/comparisons", hostile.digits(100_000), "POST")
        assert status == 422 and error["error"]["code"] == "time_budget_exceeded"
        assert time.monotonic() - started < 15
