"""The real server (gunicorn via `python -m service serve`): serves, stores, and keeps results across a restart."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from conftest import OTHER, REFERENCE


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(tmp_path, port: int):
    env = {**os.environ, "COMPARE_DATABASE": str(tmp_path / "db.sqlite3"),
           "COMPARE_PACKAGES_DIR": str(tmp_path / "packages"), "COMPARE_WORKERS": "2"}
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the server did not become healthy in 60 s"
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def request(url: str, body: dict | None = None, method: str = "GET"):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), json.loads(exc.read())


def test_served_comparison_survives_a_restart(tmp_path):
    port = free_port()
    body = {"title": "Restart", "versions": [{"language": "en", "text": REFERENCE}, {"language": "en", "text": OTHER}]}
    with running_server(tmp_path, port) as base:
        status, headers, created = request(f"{base}/api/comparisons", body, "POST")
        assert status == 201 and headers["Location"].endswith(created["id"])
        status, _, error = request(f"{base}/api/comparisons", {"versions": []}, "POST")
        assert status == 400 and error["error"]["code"] == "invalid_request"
    with running_server(tmp_path, port) as base:
        status, _, fetched = request(f"{base}/api/comparisons/{created['id']}")
        assert status == 200 and fetched == created
        status, _, listing = request(f"{base}/api/comparisons")
        assert listing["total"] == 1
