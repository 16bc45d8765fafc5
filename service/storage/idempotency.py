"""Idempotency keys: a request repeated with the same key gets what the first one made."""
from __future__ import annotations

from sqlalchemy import Connection, text


class IdempotencyConflict(Exception):
    """The key was used before for a request with another body."""


def earlier(conn: Connection, query: str, key: str, digest: str) -> str | None:
    """What an earlier request with ``key`` made (``query`` selects it and that request's
    ``request_digest`` by ``:key``), None when the key is new; :class:`IdempotencyConflict`
    when that request had another body."""
    row = conn.execute(text(query), {"key": key}).first()
    if row is None:
        return None
    made, request_digest = row
    if request_digest != digest:
        raise IdempotencyConflict(key)
    return made
