"""The public list of activities: what is upcoming, in order, filtered, paged, in few queries."""

import datetime as dt

import pytest

from bulletin.models import Activity, ActivityStatus
from members.models import Community, Status
from tests import factories
from tests.bulletin.conftest import athens
from tests.pages import names_on

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return names_on(response, "title_el")


def test_list_shows_upcoming_activities_soonest_first_and_drops_past_ones(client, frozen):
    factories.make_activity(title="Αργότερα", starts_at=athens(2026, 4, 2, 10))
    factories.make_activity(title="Σύντομα", starts_at=athens(2026, 3, 26, 10))
    factories.make_activity(title="Πέρασε", starts_at=athens(2026, 3, 20, 10))
    # A weekly activity that began earlier appears at its next occurrence.
    factories.make_weekly_activity(
        "4", dt.date(2026, 6, 26), title="Κάθε Παρασκευή", starts_at=athens(2026, 3, 6, 10)
    )
    response = client.get("/el/activities/")
    assert response.status_code == 200
    assert titles(response) == ["Σύντομα", "Κάθε Παρασκευή", "Αργότερα"]
    assert "27 Μαρτίου 2026" in response.content.decode()  # the Friday's occurrence


def test_list_shows_only_published_activities_of_published_organisations(client, frozen):
    factories.make_activity(title="Δημοσιευμένη")
    factories.make_activity(title="Σε έλεγχο", status=ActivityStatus.PENDING)
    factories.make_activity(title="Πρόχειρη", status=ActivityStatus.DRAFT)
    factories.make_activity(
        title="Κρυφής οργάνωσης", organisation=factories.make_organisation(status=Status.DRAFT)
    )
    assert titles(client.get("/en/activities/")) == ["Δημοσιευμένη"]


def test_date_filters_today_this_week_this_month_and_chosen_dates(client, frozen):
    # Now: Wednesday 25 March 2026, 12:00.
    factories.make_activity(title="Σήμερα", starts_at=athens(2026, 3, 25, 17))
    factories.make_activity(title="Κυριακή", starts_at=athens(2026, 3, 29, 11))
    factories.make_activity(title="Επόμενη εβδομάδα", starts_at=athens(2026, 3, 31, 11))
    factories.make_activity(title="Απρίλιος", starts_at=athens(2026, 4, 15, 11))
    assert titles(client.get("/el/activities/?when=today")) == ["Σήμερα"]
    assert titles(client.get("/el/activities/?when=week")) == ["Σήμερα", "Κυριακή"]
    assert titles(client.get("/el/activities/?when=month")) == [
        "Σήμερα",
        "Κυριακή",
        "Επόμενη εβδομάδα",
    ]
    chosen = client.get("/el/activities/?when=dates&date_from=2026-03-30&date_to=2026-04-15")
    assert titles(chosen) == ["Επόμενη εβδομάδα", "Απρίλιος"]
    # One day only, without saying "chosen dates".
    assert titles(client.get("/el/activities/?date_from=2026-04-15")) == ["Απρίλιος"]


def test_this_week_on_a_weekend_is_the_week_ahead(client, frozen):
    # On Sunday 29 March 2026 "this week" runs to the end of Sunday 5 April, not only today.
    frozen.move_to(athens(2026, 3, 29, 9))
    factories.make_activity(title="Κυριακή", starts_at=athens(2026, 3, 29, 11))
    factories.make_activity(title="Τρίτη", starts_at=athens(2026, 3, 31, 11))
    factories.make_activity(title="Επόμενη Κυριακή", starts_at=athens(2026, 4, 5, 20))
    factories.make_activity(title="Μεθεπόμενη Δευτέρα", starts_at=athens(2026, 4, 6, 10))
    assert titles(client.get("/el/activities/?when=week")) == [
        "Κυριακή",
        "Τρίτη",
        "Επόμενη Κυριακή",
    ]


def test_a_weekly_activity_is_found_only_in_periods_with_one_of_its_days(client, frozen):
    factories.make_weekly_activity(
        "0", dt.date(2026, 6, 29), title="Δευτέρες", starts_at=athens(2026, 3, 2, 10)
    )
    # Wednesday to Sunday of this week: no Monday left.
    assert titles(client.get("/el/activities/?when=week")) == []
    response = client.get("/el/activities/?date_from=2026-04-13&date_to=2026-04-19")
    assert titles(response) == ["Δευτέρες"]
    assert response.context["page"].object_list[0].occurrence_start == athens(2026, 4, 13, 10)


def test_filters_by_category_group_language_community_free_and_online(client, frozen):
    category = factories.make_category(slug="education")
    arabic = factories.make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    women = factories.make_population_group(slug="women")
    organisation = factories.make_organisation()
    in_third = factories.make_location(organisation=organisation, community=Community.THIRD)
    match = factories.make_activity(
        title="Ταιριάζει",
        organisation=organisation,
        category=category,
        place=Activity.Place.LOCATION,
        location=in_third,
        is_free=True,
    )
    match.languages.add(arabic)
    match.population_groups.add(women)
    factories.make_activity(
        title="Άλλη", is_free=False, place=Activity.Place.ADDRESS, address_el="Οδός 2"
    )
    online = factories.make_activity(title="Διαδικτυακή", place=Activity.Place.ONLINE)
    elsewhere = factories.make_activity(
        title="Άλλη διεύθυνση",
        place=Activity.Place.ADDRESS,
        address_el="Οδός 1",
        community=Community.THIRD,
    )
    assert titles(client.get("/el/activities/?category=education")) == ["Ταιριάζει"]
    assert titles(client.get("/el/activities/?language=ar")) == ["Ταιριάζει"]
    assert titles(client.get("/el/activities/?population_group=women")) == ["Ταιριάζει"]
    assert sorted(titles(client.get("/el/activities/?community=3"))) == sorted(
        ["Ταιριάζει", elsewhere.title_el]
    )
    assert "Άλλη" not in titles(client.get("/el/activities/?free=on"))
    assert titles(client.get("/el/activities/?online=on")) == [online.title_el]


@pytest.mark.parametrize(
    "query",
    [
        "when=someday",
        "date_from=2026-13-45",
        "when=dates",
        "date_from=2026-04-10&date_to=2026-04-01",
        "date_from=2026-04-01&date_to=2028-04-01",
        "category=no-such-category",
        "community=99",
    ],
)
def test_filters_that_are_not_understood_are_explained_not_a_500(client, frozen, query):
    factories.make_activity()
    response = client.get(f"/en/activities/?{query}")
    assert response.status_code == 200
    assert "could not be used" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "9"])
def test_a_bad_page_number_shows_the_nearest_page(client, frozen, page):
    factories.make_activity()
    response = client.get(f"/el/activities/?page={page}")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1


def test_list_is_paged_with_the_sites_pagination(client, frozen):
    for day in range(21):
        factories.make_activity(starts_at=athens(2026, 4, 1, 10) + dt.timedelta(days=day))
    first = client.get("/en/activities/")
    assert len(first.context["page"].object_list) == 20
    assert 'rel="next"' in first.content.decode()
    assert len(client.get("/en/activities/?page=2").context["page"].object_list) == 1


def _many(n: int) -> None:
    language = factories.make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    group = factories.make_population_group(slug="women")
    organisation = factories.make_organisation()
    category = factories.make_category()
    for i in range(n):
        starts_at = athens(2026, 3, 26, 10) + dt.timedelta(hours=i)
        weekly = {
            "repeat": Activity.Repeat.WEEKLY,
            "repeat_weekdays": str(starts_at.weekday()),
            "repeat_until": dt.date(2026, 9, 1),
        }
        activity = factories.make_activity(
            organisation=organisation,
            category=category,
            starts_at=starts_at,
            **(weekly if i % 2 else {}),
        )
        activity.languages.add(language)
        activity.population_groups.add(group)


@pytest.mark.parametrize("rows", [1, 200])
def test_list_runs_the_same_queries_for_1_or_200_activities(
    client, frozen, settings, django_assert_max_num_queries, rows
):
    settings.SIMPLE_HISTORY_ENABLED = False
    _many(rows)
    # Queries: the vocabularies (the filters', in one query); the candidates' times; the
    # page's activities (+ organisation, category, location); languages; groups.
    with django_assert_max_num_queries(5):
        response = client.get("/en/activities/?language=ar&when=month")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 20)


@pytest.mark.parametrize("lang", ["el", "en"])
def test_list_and_english_fallback_are_marked(client, frozen, lang):
    factories.make_activity(title="Μόνο ελληνικά", title_en="")
    html = client.get(f"/{lang}/activities/").content.decode()
    if lang == "en":
        assert '<span lang="el">Μόνο ελληνικά</span>' in html
    else:
        assert ">Μόνο ελληνικά</a>" in html


def test_the_list_has_its_search_and_filters_form(client, frozen):
    # The activities list shares the directory's page; its filter form must not go missing
    # when the directory's lists render theirs another way.
    html = client.get("/en/activities/").content.decode()
    assert 'role="search" aria-label="Find activities"' in html
    assert 'name="when"' in html and 'name="language"' in html
