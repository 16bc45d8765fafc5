"""The real server for tests: ``python -m service serve`` (gunicorn, as ``make run`` serves it)
as a subprocess on 127.0.0.1, in its own process group so that the master and its workers
can be stopped — or killed with SIGKILL — together.
"""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[2]
#: What a client sees when the server dies under it.
CONNECTION_ERRORS = (OSError, http.client.HTTPException)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    log: Path

    @property
    def pgid(self) -> int:
        return self.process.pid  # start_new_session: the master leads its own group

    def kill(self) -> None:
        """SIGKILL to the whole group, master and workers at once, as a crash or the OOM killer would."""
        try:
            os.killpg(self.pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """A graceful stop (SIGTERM to the group), then SIGKILL if it lingers."""
        if self.process.poll() is None:
            try:
                os.killpg(self.pgid, signal.SIGTERM)
                self.process.wait(timeout=30)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                self.kill()

    def live_members(self) -> list[int]:
        """Processes of the group still alive (zombies waiting to be reaped do not count)."""
        alive = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            state, pgrp = fields[0], int(fields[2])
            if pgrp == self.pgid and state not in ("Z", "X"):
                alive.append(int(stat.parent.name))
        return alive

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


def start_server(folder: Path, port: int | None = None, env: dict[str, str] | None = None,
                 wait_seconds: float = 60) -> Server:
    """Serve the database in ``folder`` and return once ``/healthz`` answers 200."""
    port = port or free_port()
    log = folder / f"server-{port}.log"
    environment = {**os.environ, "COMPARE_DATABASE": str(folder / "db.sqlite3"),
                   "COMPARE_PACKAGES_DIR": str(folder / "packages"),
                   "COMPARE_PACKAGE_INDEX": str(folder / "no-index.json"), "COMPARE_WORKERS": "2",
                   "COMPARE_LOG_LEVEL": "WARNING", **(env or {})}
    with open(log, "ab") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
            start_new_session=True,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            with urllib.request.urlopen(f"{server.base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except CONNECTION_ERRORS:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise AssertionError(f"the server did not become healthy:\n{server.log_tail()}")
        time.sleep(0.2)


@contextmanager
def running_server(folder: Path, port: int | None = None, env: dict[str, str] | None = None) -> Iterator[str]:
    server = start_server(folder, port, env)
    try:
        yield server.base
    finally:
        server.stop()


def request(url: str, body: dict | None = None, method: str = "GET", headers: dict[str, str] | None = None,
            timeout: float = 60):
    """(status, headers, decoded JSON body or None) of one request; raises CONNECTION_ERRORS."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, dict(response.headers), _decode(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), _decode(exc.read())


def _decode(raw: bytes):
    return json.loads(raw) if raw else None
