"""Indexes from which the site search reads its ten best matches per kind (PostgreSQL only).

accmr.search ranks in branches, best rank first, each read in (name length, key) order and
stopped after ten rows: instead of ranking every match (36 ms for a word in 6,000 services),
a query reads a few dozen index entries. Per searched table:

- `_search_order`: (length of the names, key), with the names and the columns the published
  filter reads, so a rank is read in order from the index alone;
- `_search_names_trgm`: trigrams of the names, for "every word is in the names" when few rows
  have them;
- `_search_name1..3`: the start of each of the first three names (`split_part` at " / "), for
  "the query is a name" and "a name starts with the query".

The expressions are the ones accmr.search writes; tests/findability/test_search_plans.py checks
that PostgreSQL uses them. SQLite needs none at its scale.
"""

from django.db import migrations

# table -> the columns its published filter reads (accmr.search.KINDS)
TABLES = {
    "members_organisation": ["status"],
    "members_service": ["status", "organisation_id"],
    "network_municipality": ["status"],
    "network_goodpractice": ["status"],
    "bulletin_publication": ["state"],
}
NAME_POSITIONS = 3


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, published in TABLES.items():
        include = ", ".join([*published, "search_names"])
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_order"
            f" ON {table} (length(search_names), id) INCLUDE ({include})"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_names_trgm"
            f" ON {table} USING gin (search_names gin_trgm_ops)"
        )
        for position in range(1, NAME_POSITIONS + 1):
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_name{position}"
                f" ON {table} ((split_part(search_names, ' / ', {position})) text_pattern_ops)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        names = ["search_order", "search_names_trgm"]
        names += [f"search_name{position}" for position in range(1, NAME_POSITIONS + 1)]
        for name in names:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{name}")


class Migration(migrations.Migration):
    dependencies = [
        ("accmr", "0004_queue_failed_emails_scheduled_jobs_user_language"),
        ("bulletin", "0006_search_names"),
        ("members", "0014_search_names"),
        ("network", "0006_search_names"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
