"""Run the app under gunicorn (the production WSGI server) from Python.

``python -m service serve`` and the Docker image both come here, so the served command
is one thing. gunicorn's ``preload_app`` is off: each worker builds its own app (SQLite
connections and translation models are per process).
"""
from __future__ import annotations

from gunicorn.app.base import BaseApplication

from .config import Settings


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
        self.cfg.set("worker_class", "gthread")
        self.cfg.set("accesslog", "-")
        self.cfg.set("loglevel", s.log_level.lower())

    def load(self):
        from . import create_app

        return create_app({"host": self.settings.host, "port": self.settings.port})


def serve(settings: Settings) -> None:
    _Gunicorn(settings).run()
