"""The body limit for chunked requests (``Transfer-Encoding: chunked``, no ``Content-Length``).

gunicorn de-chunks such bodies and sets ``wsgi.input_terminated``; werkzeug then wraps the
stream in a ``LimitedStream`` capped at ``MAX_CONTENT_LENGTH`` that raises 413 only on a
read *past* the cap, and ``request.get_data()`` or the form parser stop *at* the cap. So an
over-long chunked body was silently cut to its first 4 MiB — a 400 "malformed JSON" at
best, and at worst a valid body made of whatever prefix fits (JSON followed by megabytes of
padding). This middleware reads such a body up to one byte past the limit before Flask sees
it and hands it on with its real ``Content-Length``, so werkzeug's ordinary check answers
413 for every route, API and form alike. Bodies with a ``Content-Length`` pass untouched.
"""
from __future__ import annotations

import io
from typing import Any, Callable, Iterable

CHUNK = 64 * 1024


class BoundedChunkedBody:
    def __init__(self, app: Callable, limit: int | None):
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        streamed = chunked or not environ.get("CONTENT_LENGTH")
        if self.limit is not None and streamed and environ.get("wsgi.input_terminated"):
            stream = environ["wsgi.input"]
            parts, size = [], 0
            while size <= self.limit:
                part = stream.read(min(CHUNK, self.limit + 1 - size))
                if not part:
                    break
                parts.append(part)
                size += len(part)
            environ["wsgi.input"] = io.BytesIO(b"".join(parts))
            environ["CONTENT_LENGTH"] = str(size)  # limit + 1 when the body is longer: werkzeug says 413
            environ.pop("HTTP_TRANSFER_ENCODING", None)  # de-chunked now, with a length
            environ.pop("wsgi.input_terminated")
        return self.app(environ, start_response)
