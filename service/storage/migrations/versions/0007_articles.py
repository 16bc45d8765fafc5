"""Articles fetched by URL or uploaded as HTML (the page as it came and what was extracted),
the comparisons made from them (with the request, to run again when an article changes),
and registered feeds with the items seen in them."""
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    blob = "BYTEA" if op.get_bind().dialect.name == "postgresql" else "BLOB"
    op.execute(f"""
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT,
        requested_url TEXT,
        fetched_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT,
        author TEXT,
        site TEXT,
        published TEXT,
        language TEXT,
        outlet TEXT,
        source_id TEXT,
        text TEXT NOT NULL,
        html {blob},
        etag TEXT,
        last_modified TEXT,
        stored_ns BIGINT NOT NULL
    )""")
    # stored_ns (nanoseconds when stored) orders revisions: two stored in one second stay in order
    op.execute("CREATE INDEX articles_by_url ON articles (url, stored_ns)")
    op.execute("CREATE INDEX articles_by_requested_url ON articles (requested_url, stored_ns)")
    op.execute("CREATE INDEX uploads_by_text ON articles (content_hash) WHERE url IS NULL")
    op.execute("CREATE INDEX articles_by_published ON articles (published)")
    op.execute("""
    CREATE TABLE comparison_sources (
        comparison_id TEXT PRIMARY KEY,
        request TEXT NOT NULL,
        supersedes TEXT,
        superseded_by TEXT
    )""")
    op.execute("""
    CREATE TABLE comparison_articles (
        comparison_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        url TEXT,
        article_id TEXT NOT NULL,
        PRIMARY KEY (comparison_id, position)
    )""")
    op.execute("CREATE INDEX comparison_articles_by_url ON comparison_articles (url)")
    op.execute("""
    CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        outlet TEXT NOT NULL,
        language TEXT,
        interval_seconds INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        polled_at TEXT,
        last_error TEXT
    )""")
    op.execute("""
    CREATE TABLE feed_items (
        source_id TEXT NOT NULL,
        item_key TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT,
        published TEXT,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (source_id, item_key)
    )""")


def downgrade() -> None:
    for table in ("feed_items", "sources", "comparison_articles", "comparison_sources", "articles"):
        op.execute(f"DROP TABLE {table}")
