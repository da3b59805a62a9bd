"""Every table searched with `search_text LIKE '%stem%'` has a trigram index on PostgreSQL.

Without it each search on the activities, news or toolkit scans every row; with it PostgreSQL
answers from the index (the plan is checked with sequential scans discouraged, as at scale).
"""

import os

import pytest
from django.db import connection

from accmr.lib.text import search_q
from bulletin.models import Activity, NewsPost, Publication
from members.models import Organisation, Service
from network.models import GoodPractice, Municipality

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="trigram indexes exist only on PostgreSQL (CI runs there)",
    ),
]

SEARCHED = [Organisation, Service, Municipality, GoodPractice, Activity, NewsPost, Publication]


@pytest.mark.parametrize("model", SEARCHED, ids=lambda m: m.__name__)
def test_search_uses_a_trigram_index(model):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, "%gin_trgm_ops%"],
        )
        assert cursor.fetchall(), f"{table} has no trigram index on search_text"
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Unordered, as the search ranks the rows itself (a name order would pick the name index).
        plan = model.objects.filter(search_q("ellinika")).order_by().explain()
    assert f"{table}_search_trgm" in plan, plan
