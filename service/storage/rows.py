"""How values are written into rows, the same for every table: times, segment keys, batches."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterator


def utc_now() -> str:
    """The time stored in ``created_at``/``updated_at``: ISO 8601 UTC to the second (so the text
    sorts as the time does on both engines)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def normalise_segment(text_: str) -> str:
    """The key a segment is looked up by: whitespace runs collapsed, ends stripped."""
    return " ".join(text_.split())


def latest_per_key(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    """The last row for each key: PostgreSQL refuses an upsert that touches one row twice."""
    return list({tuple(row[k] for k in key): row for row in rows}.values())


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    """``items`` in lists of at most ``size`` (SQLite caps the number of bound parameters)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
