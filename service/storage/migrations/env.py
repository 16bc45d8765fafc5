"""Alembic's entry point, run by :meth:`service.storage.Storage.migrate` on a connection that
is already inside the storage's migration transaction (so every revision of one upgrade
commits or rolls back together, and processes opening a new database at once queue on it)."""
from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
