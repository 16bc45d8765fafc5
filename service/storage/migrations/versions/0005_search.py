"""Full-text search over each comparison's title, labels, texts, translations, quotes and
speakers (:mod:`service.storage.search`), filled for the comparisons stored before it.

SQLite: an FTS5 table with trigram tokens. PostgreSQL: a plain table with a ``pg_trgm``
GIN index on ``lower(text)``; the text column takes ICU's root collation where the server
has it, so ``lower`` folds every alphabet whatever the database's own locale."""
from alembic import op

from service.storage.search import index_stored

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        icu = bind.exec_driver_sql("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'").first()
        collate = ' COLLATE "und-x-icu"' if icu else ""
        op.execute(f"""
        CREATE TABLE comparison_search (
            comparison_id TEXT NOT NULL,
            field TEXT NOT NULL,
            version TEXT,
            text TEXT{collate} NOT NULL
        )""")
        op.execute("CREATE INDEX comparison_search_text ON comparison_search USING gin (lower(text) gin_trgm_ops)")
        op.execute("CREATE INDEX comparison_search_comparison ON comparison_search (comparison_id)")
    else:
        op.execute("""
        CREATE VIRTUAL TABLE comparison_search USING fts5(
            comparison_id UNINDEXED, field UNINDEXED, version UNINDEXED, text, tokenize = 'trigram'
        )""")
    index_stored(bind)


def downgrade() -> None:
    op.execute("DROP TABLE comparison_search")
