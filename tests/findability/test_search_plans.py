"""The site search's ranks are read from the indexes of accmr migration 0005 on PostgreSQL.

The SQL of accmr.search must write each expression as the index does (`length(search_names)`,
`split_part(search_names, ' / ', n)`), or PostgreSQL reads every match again. The plans are
checked with sequential scans discouraged, as at scale (the tables are empty here).
"""

import os

import pytest
from django.db import connection

from accmr import search

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the ranking's indexes exist only on PostgreSQL (CI runs there)",
    ),
]


def _plan(sql: str, params: list, *settings: str) -> str:
    with connection.cursor() as cursor:
        for setting in ["enable_seqscan", *settings]:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("kind", search.KINDS, ids=lambda kind: kind.name)
def test_every_searched_table_has_the_ranking_indexes(kind):
    table = kind.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        names = {row[0] for row in cursor.fetchall()}
    suffixes = ["search_order", "search_names_trgm", "search_name1", "search_name2"]
    assert {f"{table}_{suffix}" for suffix in [*suffixes, "search_name3"]} <= names


@pytest.mark.parametrize("kind", search.KINDS, ids=lambda kind: kind.name)
def test_the_conditions_of_the_ranks_are_answered_by_the_indexes(kind):
    table = kind.model._meta.db_table
    ranking = search._Ranking(kind, "stegasi oikogeneies")
    select = f"SELECT t.id FROM {table} t"
    # A name that is the query or starts with it: the start of each name.
    sql, params = ranking.start
    names = sql.strip("()").split(" OR ")
    assert len(names) == len(params) == 3
    for position, (name, param) in enumerate(zip(names, params, strict=True), start=1):
        plan = _plan(f"{select} WHERE {name}", [param])
        assert f"{table}_search_name{position}" in plan, plan
    # Every word in the names: LIKE on the column, which its trigram index answers.
    assert ranking.in_names[0].startswith("(t.search_names LIKE %s")
    # Name-length order, from the index alone.
    order = f"ORDER BY {ranking.names_length}, t.id LIMIT 10"
    plan = _plan(f"SELECT t.id, t.search_names FROM {table} t {order}", [])
    assert f"Index Only Scan using {table}_search_order" in plan, plan
