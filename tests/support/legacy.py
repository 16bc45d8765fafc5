"""Database files as releases from before Alembic left them (schema versioned by
``PRAGMA user_version`` alone), to test that they are upgraded in place."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from service.storage import _alembic


def legacy_sqlite(path: Path, version: int) -> None:
    """A SQLite file at schema ``version`` with no Alembic table: the same tables those
    releases created (the revisions hold their SQL), marked the way they marked it."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(_alembic(conn), f"{version:04d}")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE alembic_version")
        conn.execute(f"PRAGMA user_version = {version:d}")
    conn.close()
