"""Trigram indexes on the bulletin's normalised search columns (PostgreSQL only).

The activity list, the toolkit, the news list and the site search filter these tables with
`search_text LIKE '%stem%'` (accmr.lib.text.search_q), as the directory does; the same pg_trgm
GIN index as accmr/migrations/0002_search_trigram_indexes.py lets PostgreSQL answer from the
index instead of scanning every row. SQLite needs none at its scale.
"""

from django.db import migrations

TABLES = ["bulletin_activity", "bulletin_newspost", "bulletin_publication"]


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
        ("accmr", "0002_search_trigram_indexes"),
        ("bulletin", "0004_calls_toolkit_coordinators"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
