"""Comparisons, with the columns the list and search need next to the JSON result.

On PostgreSQL a ``rowid`` sequence column gives the insertion order SQLite's implicit
rowid gives (the list breaks ties of ``created_at`` by it)."""
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute(f"""
    CREATE TABLE comparisons (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        target_language TEXT NOT NULL,
        labels TEXT NOT NULL,
        languages TEXT NOT NULL,
        signal_counts TEXT NOT NULL,
        search_text TEXT NOT NULL,
        sample_key TEXT UNIQUE,
        result TEXT NOT NULL{", rowid BIGSERIAL" if postgres else ""}
    )""")
    op.execute("CREATE INDEX comparisons_newest ON comparisons (created_at DESC, id)")


def downgrade() -> None:
    op.execute("DROP TABLE comparisons")
