"""Comparisons run as jobs (Prefer: respond-async, or one of a batch): the request, its
state, and the comparison it made or the error it ended with."""
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.execute("""
    CREATE TABLE batches (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        total INTEGER NOT NULL
    )""")
    op.execute("""
    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        request TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        comparison_id TEXT,
        error TEXT,
        idempotency_key TEXT UNIQUE,
        request_digest TEXT,
        batch_id TEXT REFERENCES batches (id),
        position INTEGER
    )""")
    op.execute("CREATE INDEX jobs_by_state ON jobs (state, updated_at)")
    op.execute("CREATE INDEX jobs_by_batch ON jobs (batch_id, position)")


def downgrade() -> None:
    op.execute("DROP TABLE jobs")
    op.execute("DROP TABLE batches")
