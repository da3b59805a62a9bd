"""The network's NewsItem rows become NewsPosts with the "Cities Network" topic."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("network", "0003_goodpractice_attachment_checks"), ("bulletin", "0001_initial")]
AFTER = [("network", "0004_newsitem_moved_to_bulletin_newspost")]


@pytest.mark.django_db(transaction=True)
def test_network_news_rows_are_moved_into_news_posts():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    NewsItem = old_apps.get_model("network", "NewsItem")
    common = {"body": "Κείμενο", "body_el": "Κείμενο", "body_en": "Text", "status": "published"}
    NewsItem.objects.create(
        title="Συνάντηση", title_el="Συνάντηση", title_en="A meeting", date=dt.date(2019, 3, 1),
        **common,
    )  # fmt: skip
    NewsItem.objects.create(
        title="Συνάντηση", title_el="Συνάντηση", title_en="A meeting", date=dt.date(2020, 3, 1),
        **common,
    )  # fmt: skip
    NewsItem.objects.create(
        title="Πρόχειρο", title_el="Πρόχειρο", title_en="", date=dt.date(2021, 1, 1),
        **{**common, "status": "draft"},
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    NewsPost = new_apps.get_model("bulletin", "NewsPost")
    posts = list(NewsPost.objects.order_by("date"))
    assert [(p.title_el, p.title_en, p.body_en, p.topic, p.status) for p in posts] == [
        ("Συνάντηση", "A meeting", "Text", "network", "published"),
        ("Συνάντηση", "A meeting", "Text", "network", "published"),
        ("Πρόχειρο", "", "Text", "network", "draft"),
    ]
    # Unique slugs, even for equal titles or none in English.
    assert len({p.slug for p in posts}) == 3 and all(p.slug for p in posts)
    assert "network" not in {m._meta.model_name for m in new_apps.get_models()} or not any(
        m._meta.model_name == "newsitem" for m in new_apps.get_models()
    )
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
