"""Trigram indexes on the normalised search columns (PostgreSQL only).

The site search filters with `search_text LIKE '%stem%'`; a pg_trgm GIN index lets
PostgreSQL answer that from the index instead of scanning every row. SQLite has no such
index and needs none at its scale, so the migration does nothing there.
"""

from django.db import migrations

TABLES = [
    "members_organisation",
    "members_service",
    "network_municipality",
    "network_goodpractice",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
            f"ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("accmr", "0001_initial"),
        ("members", "0001_initial"),
        ("network", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
