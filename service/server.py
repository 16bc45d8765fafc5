"""Run the app under gunicorn (the production WSGI server) from Python.

``python -m service serve`` and the Docker image both come here, so the served command
is one thing. gunicorn's ``preload_app`` is off: each worker builds its own app (SQLite
connections and translation models are per process).

gunicorn answers some malformed requests itself, before the app sees them (414 for an
over-long request line, 431 for too many headers, 400 for a bad request line), with an
HTML page and none of the app's headers. :class:`Worker` makes those answers use the
API's error shape and the app's security headers; gunicorn offers no hook for that, so
the worker replaces the one function that writes them, in its own process only.
"""
from __future__ import annotations

import errno
import json
import re
import socket
import sys

from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from . import metrics
from .config import Settings

#: the headers every answer carries (the app adds the same ones in create_app)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error answer, in the API's error shape with the security headers."""
    code = re.sub(r"[^a-z0-9]+", "_", reason.lower()).strip("_") or "bad_request"
    body = json.dumps({"error": {"code": code, "message": f"{reason}: the server could not read this request.",
                                 "hint": "Check the request line, its length and its headers."}}).encode()
    head = [f"HTTP/1.1 {status_int} {reason}", "Connection: close", "Content-Type: application/json",
            f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in SECURITY_HEADERS.items())]
    util.write_nonblock(sock, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


class Worker(ThreadWorker):
    """gunicorn's threaded worker, with its own error answers in the API's shape."""

    def init_process(self) -> None:
        util.write_error = write_error
        super().init_process()


class _Gunicorn(BaseApplication):
    def __init__(self, settings: Settings):
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        self.cfg.set("bind", f"{s.host}:{s.port}")
        self.cfg.set("workers", s.workers)
        self.cfg.set("threads", s.threads)
        self.cfg.set("timeout", s.timeout)
        self.cfg.set("worker_class", f"{Worker.__module__}.{Worker.__qualname__}")
        self.cfg.set("accesslog", "-")
        self.cfg.set("loglevel", s.log_level.lower())

    def load(self):
        from . import create_app

        return create_app({"host": self.settings.host, "port": self.settings.port})


def serve(settings: Settings) -> None:
    """Serve until stopped; a port another program holds is said in one line (exit 1), not
    in gunicorn's retries and tracebacks."""
    problem = port_problem(settings.host, settings.port)
    if problem:
        print(f"error: cannot listen on {settings.host}:{settings.port}: {problem}. Stop the program that uses "
              f"it, or choose another port: COMPARE_PORT=8001 make run (or --port 8001).", file=sys.stderr)
        sys.exit(1)
    problem = database_problem(settings)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        sys.exit(1)
    metrics.use_multiprocess_folder()  # before the workers fork: /metrics sums them all
    _Gunicorn(settings).run()


def database_problem(settings: Settings) -> str | None:
    """Why the database server of ``COMPARE_DATABASE_URL`` cannot be used (one line, password
    hidden), or None; a SQLite file is made when missing, so it has no such problem here."""
    if not settings.database_url:
        return None
    from sqlalchemy.engine import make_url

    from .storage import Storage

    storage = Storage(settings.database_url)
    try:
        if storage.check():
            return None
    finally:
        storage.dispose()
    where = make_url(settings.database_url.replace("postgres://", "postgresql://", 1)).render_as_string(hide_password=True)
    return (f"cannot reach the database {where} (COMPARE_DATABASE_URL). Start it, or check the address, "
            f"the user and password, and that the database exists; unset COMPARE_DATABASE_URL to use the SQLite file.")


def port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (in use, not allowed, no such address), or None."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            return "the port is already in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
    return None
