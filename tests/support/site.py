"""A small news site on 127.0.0.1 for the ingestion tests: pages and feeds the test sets and
changes, answered with an ETag (the body's digest) that conditional GETs are checked against.

    with news_site() as site:
        site.put("/a", html_bytes)            # text/html; charset from the argument
        site.url("/a")                        # http://127.0.0.1:PORT/a
        site.hits["/a"]                       # requests seen
"""
from __future__ import annotations

import hashlib
import threading
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?")[0]
        with site.lock:
            site.hits[path] += 1
            found = site.pages.get(path)
        if found is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        content_type, body = found
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            with site.lock:
                site.not_modified[path] += 1
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


class Site:
    def __init__(self, server: ThreadingHTTPServer):
        self.server = server
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def url(self, path: str) -> str:
        return self.base + path

    def put(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8") -> None:
        with self.lock:
            self.pages[path] = (content_type, body.encode("utf-8") if isinstance(body, str) else body)


@contextmanager
def news_site() -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    site = Site(server)
    server.site = site
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
