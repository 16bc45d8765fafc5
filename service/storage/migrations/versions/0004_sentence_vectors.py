"""Sentence vectors of the multilingual encoder, cached like machine translations."""
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    blob = "BYTEA" if op.get_bind().dialect.name == "postgresql" else "BLOB"
    op.execute(f"""
    CREATE TABLE sentence_vectors (
        model TEXT NOT NULL,
        language TEXT NOT NULL,
        source_key TEXT NOT NULL,
        vector {blob} NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (model, language, source_key)
    )""")


def downgrade() -> None:
    op.execute("DROP TABLE sentence_vectors")
