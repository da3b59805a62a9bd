"""The other lists of the bulletin cost the same queries for 1 or 200 rows."""

import datetime as dt

import pytest

from bulletin.models import Activity
from tests.bulletin.conftest import athens
from tests.factories import (
    make_activity,
    make_category,
    make_language,
    make_location,
    make_news_post,
    make_organisation,
    make_population_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_history(settings):
    settings.SIMPLE_HISTORY_ENABLED = False


def _activities(n: int, organisation) -> None:
    category, language = make_category(), make_language(slug="ar")
    group = make_population_group(slug="women")
    location = make_location(organisation=organisation)
    for i in range(n):
        starts_at = athens(2026, 3, 26, 9) + dt.timedelta(hours=i)
        activity = make_activity(
            organisation=organisation,
            category=category,
            starts_at=starts_at,
            place=Activity.Place.LOCATION,
            location=location,
            **(
                {"repeat": "weekly", "repeat_weekdays": str(starts_at.weekday()),
                 "repeat_until": dt.date(2026, 8, 1)}
                if i % 2 else {}
            ),
        )  # fmt: skip
        activity.languages.add(language)
        activity.population_groups.add(group)


@pytest.mark.parametrize("rows", [1, 200])
def test_list_calendar_queries_do_not_grow(
    client, frozen, no_history, django_assert_max_num_queries, rows
):
    _activities(rows, make_organisation())
    # Queries: the vocabularies (the form's, in one query); the candidates' times; the
    # activities (+ organisation, category, location); languages; population groups.
    with django_assert_max_num_queries(5):
        response = client.get("/el/activities/calendar.ics?language=ar")
    assert response.content.count(b"BEGIN:VEVENT") == rows


@pytest.mark.parametrize("rows", [1, 200])
def test_editor_activity_list_queries_do_not_grow(
    client, frozen, no_history, editor, org, django_assert_max_num_queries, rows
):
    _activities(rows, org)
    client.force_login(editor)
    # Queries: session, user, the editor's organisations, their activities (+ organisation);
    # the session's expiry written back (an UPDATE inside a savepoint: three queries).
    with django_assert_max_num_queries(7):
        response = client.get("/el/my/activities/")
    assert response.content.decode().count("/delete/") == rows


@pytest.mark.parametrize("rows", [1, 200])
def test_organisation_page_queries_do_not_grow_with_its_activities(
    client, frozen, no_history, django_assert_max_num_queries, rows
):
    organisation = make_organisation(slug="busy")
    _activities(1, organisation)
    with django_assert_max_num_queries(30) as few:
        client.get("/en/organisations/busy/")
    baseline = len(few.captured_queries)
    Activity.objects.all().delete()
    _activities(rows, organisation)
    with django_assert_max_num_queries(baseline):
        html = client.get("/en/organisations/busy/").content.decode()
    assert html.count('class="card mb-3 directory-result activity-card"') == min(rows, 5)


@pytest.mark.parametrize("rows", [1, 200])
def test_atom_feed_queries_do_not_grow(client, no_history, django_assert_max_num_queries, rows):
    for _ in range(rows):
        make_news_post()
    # Queries: the latest posts.
    with django_assert_max_num_queries(1):
        response = client.get("/en/news/feed/")
    assert response.content.count(b"<entry>") == min(rows, 30)
