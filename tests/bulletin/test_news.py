"""News: one model for the site, lists per topic, pages, Atom feeds per language and topic."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from bulletin.models import Topic
from members.models import Status
from tests.factories import make_news_post
from tests.pages import names_on

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def titles(response) -> list[str]:
    return names_on(response, "title_el")


def test_news_list_shows_published_posts_newest_first(client):
    make_news_post(title="Παλιό", date=dt.date(2024, 1, 1))
    make_news_post(title="Νέο", date=dt.date(2025, 6, 1))
    make_news_post(title="Πρόχειρο", status=Status.DRAFT)
    make_news_post(title="Μελλοντικό", date=dt.date.today() + dt.timedelta(days=3))
    assert titles(client.get("/el/news/")) == ["Νέο", "Παλιό"]


def test_topic_list_shows_only_that_topic_and_an_unknown_topic_is_404(client):
    make_news_post(title="Δίκτυο", topic=Topic.NETWORK)
    make_news_post(title="Χρηματοδότηση", topic=Topic.FUNDING)
    assert titles(client.get("/en/news/topics/network/")) == ["Δίκτυο"]
    assert client.get("/en/news/topics/nonsense/").status_code == 404
    assert client.get("/en/news/topics/nonsense/feed/").status_code == 404


@pytest.mark.parametrize("lang", ["el", "en"])
def test_post_page_in_both_languages_with_a_marked_greek_fallback(client, lang):
    post = make_news_post(
        title="Ανακοίνωση", title_en="", body_el="Κείμενο ανακοίνωσης.", slug="announcement"
    )
    response = client.get(f"/{lang}/news/announcement/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Κείμενο ανακοίνωσης." in html
    if lang == "en":
        assert '<span lang="el">Ανακοίνωση</span>' in html
    assert post.get_absolute_url() == f"/{lang}/news/announcement/"


def test_draft_post_has_no_page(client):
    make_news_post(slug="draft-post", status=Status.DRAFT)
    assert client.get("/el/news/draft-post/").status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "7"])
def test_a_bad_page_number_shows_the_nearest_page(client, page):
    make_news_post()
    response = client.get(f"/el/news/?page={page}")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1


@pytest.mark.parametrize("rows", [1, 200])
def test_news_list_queries_do_not_grow_with_posts(
    client, settings, django_assert_max_num_queries, rows
):
    settings.SIMPLE_HISTORY_ENABLED = False
    for _ in range(rows):
        make_news_post(topic=Topic.MEMBERS)
    # Queries: a count and the page of posts.
    with django_assert_max_num_queries(2):
        response = client.get("/en/news/topics/members/")
    assert len(response.context["page"].object_list) == min(rows, 20)


@pytest.mark.parametrize("lang", ["el", "en"])
def test_atom_feed_per_language_is_valid_xml_in_that_language(client, lang):
    post = make_news_post(
        title="Τίτλος", title_en="Title", summary_el="Περίληψη", summary_en="Summary"
    )
    response = client.get(f"/{lang}/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == {"el": "Τίτλος", "en": "Title"}[lang]
    assert entry.findtext(f"{ATOM}summary") == {"el": "Περίληψη", "en": "Summary"}[lang]
    link = entry.find(f"{ATOM}link").get("href")
    assert link.endswith(f"/{lang}/news/{post.slug}/")
    # What RFC 4287 requires of a feed and an entry.
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}updated")
    assert feed.find(f"{ATOM}author").findtext(f"{ATOM}name") == "ACCMR"
    assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")


def test_topic_feed_has_only_that_topics_published_posts(client):
    make_news_post(title="Δίκτυο", title_en="Network", topic=Topic.NETWORK)
    make_news_post(title="Μέλη", title_en="Members", topic=Topic.MEMBERS)
    make_news_post(title="Πρόχειρο", title_en="Draft", topic=Topic.NETWORK, status=Status.DRAFT)
    feed = ET.fromstring(client.get("/en/news/topics/network/feed/").content)
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["Network"]


def test_feeds_link_from_the_lists(client):
    html = client.get("/el/news/topics/funding/").content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/el/news/topics/funding/feed/"' in html


def test_sitemap_lists_published_news_and_activities(client):
    from bulletin.models import ActivityStatus
    from tests.factories import make_activity

    make_news_post(slug="public-post")
    make_news_post(slug="draft-post", status=Status.DRAFT)
    public = make_activity()
    pending = make_activity(status=ActivityStatus.PENDING)
    news = client.get("/sitemap-news.xml").content.decode()
    assert "/el/news/public-post/" in news and "/en/news/public-post/" in news
    assert "draft-post" not in news
    activities = client.get("/sitemap-activities.xml").content.decode()
    assert f"/el/activities/{public.pk}/" in activities
    assert f"/activities/{pending.pk}/" not in activities
    assert "/el/activities/</loc>" in client.get("/sitemap-pages.xml").content.decode()
