"""What's new on the home page and the organisation's upcoming activities."""

import datetime as dt

import pytest

from tests.bulletin.conftest import athens
from tests.factories import (
    make_activity,
    make_category,
    make_language,
    make_news_post,
    make_organisation,
    make_population_group,
    make_weekly_activity,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["el", "en"])
def test_home_shows_the_next_activities_and_the_latest_news(client, frozen, lang):
    make_activity(title="Πέρασε", title_en="Past", starts_at=athens(2026, 3, 1, 10))
    make_activity(title="Αύριο", title_en="Tomorrow", starts_at=athens(2026, 3, 26, 10))
    make_news_post(title="Νέο", title_en="Fresh news", date=dt.date(2026, 3, 20))
    html = client.get(f"/{lang}/").content.decode()
    assert ("Tomorrow" if lang == "en" else "Αύριο") in html
    assert "Past" not in html and "Πέρασε" not in html
    assert ("Fresh news" if lang == "en" else "Νέο") in html
    assert f'href="/{lang}/activities/?when=week"' in html


def _fill(n: int) -> None:
    organisation, category = make_organisation(), make_category()
    language, group = make_language(slug="ar"), make_population_group(slug="women")
    for i in range(n):
        activity = make_activity(
            organisation=organisation,
            category=category,
            starts_at=athens(2026, 3, 26, 9) + dt.timedelta(hours=i),
        )
        activity.languages.add(language)
        activity.population_groups.add(group)
        make_news_post()


@pytest.mark.parametrize("rows", [1, 200])
def test_home_queries_are_constant_with_1_or_200_activities_and_posts(
    client, frozen, settings, django_assert_max_num_queries, rows
):
    settings.SIMPLE_HISTORY_ENABLED = False
    _fill(rows)
    # Queries: the three counts (one query); the activities' times; the next activities
    # (+ organisation, category, location); their languages; their population groups; the
    # latest news; the open calls closing soon and the latest publications (bulletin.home);
    # the service categories of the "find a service" links.
    with django_assert_max_num_queries(9):
        response = client.get("/el/")
    assert len(response.context["next_activities"]) == min(rows, 4)


def test_home_is_served_from_the_page_cache_and_a_new_activity_refreshes_it(
    client, frozen, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    client.get("/el/")
    assert client.get("/el/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        make_activity(title="Καινούργια")
    response = client.get("/el/")
    assert "Καινούργια" in response.content.decode()


def test_organisation_page_lists_its_upcoming_activities_only(client, frozen):
    organisation = make_organisation(slug="with-activities")
    make_activity(title="Δική της", organisation=organisation, starts_at=athens(2026, 3, 27, 10))
    make_activity(title="Τελειωμένη", organisation=organisation, starts_at=athens(2026, 3, 2, 10))
    make_activity(title="Άλλης οργάνωσης", starts_at=athens(2026, 3, 27, 10))
    make_weekly_activity(
        "0",
        dt.date(2026, 5, 25),
        title="Εβδομαδιαία",
        organisation=organisation,
        starts_at=athens(2026, 3, 2, 10),
    )
    html = client.get("/en/organisations/with-activities/").content.decode()
    assert "Δική της" in html and "Εβδομαδιαία" in html
    assert "Τελειωμένη" not in html and "Άλλης οργάνωσης" not in html
