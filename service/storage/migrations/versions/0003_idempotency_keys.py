"""Idempotency-Key of the request that created a comparison, with a digest of its body."""
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.execute("""
    CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        request_digest TEXT NOT NULL,
        comparison_id TEXT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
    )""")


def downgrade() -> None:
    op.execute("DROP TABLE idempotency_keys")
