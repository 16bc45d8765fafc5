"""Human translation memory and the cache of machine output."""
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute(f"""
    CREATE TABLE translation_memory (
        id {"BIGSERIAL" if postgres else "INTEGER"} PRIMARY KEY,
        source_language TEXT NOT NULL,
        target_language TEXT NOT NULL,
        source_key TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (source_language, target_language, source_key)
    )""")
    op.execute("""
    CREATE TABLE translation_cache (
        package TEXT NOT NULL,
        package_version TEXT NOT NULL,
        source_language TEXT NOT NULL,
        target_language TEXT NOT NULL,
        source_key TEXT NOT NULL,
        target TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (package, package_version, source_language, target_language, source_key)
    )""")


def downgrade() -> None:
    op.execute("DROP TABLE translation_cache")
    op.execute("DROP TABLE translation_memory")
