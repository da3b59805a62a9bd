"""Finding a service on a phone (issue #17): the day and evening filters (the SQL agrees with
the Python rule), sorting, the organisation type, sub-categories of the chosen category, the
active filters and one-tap filters, the way forward from an empty result, and query counts."""

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from members.models import Service, day_from_key
from tests import factories
from tests.pages import names_on

pytestmark = pytest.mark.django_db
ATHENS = ZoneInfo("Europe/Athens")
# Thursday 4 June 2026, 10:00 in Athens; Whit Monday (a public holiday) is 1 June.
THURSDAY = dt.datetime(2026, 6, 4, 10, 0, tzinfo=ATHENS)


@pytest.fixture
def week():
    """Four services with different weeks."""
    office = factories.make_service(name="Γραφείο", slug="office")  # weekdays 09-15
    evening = factories.make_service(name="Απογευματινό", slug="evening")  # Mon, Thu 16-20
    weekend = factories.make_service(
        name="Σαββατοκύριακο", slug="weekend", open_on_public_holidays=True
    )
    closed = factories.make_service(name="Χωρίς ωράριο", slug="no-hours")
    for weekday in range(5):
        factories.add_hours(office, weekday, "09:00", "15:00")
    factories.add_hours(evening, 0, "16:00", "20:00")
    factories.add_hours(evening, 3, "16:00", "20:00")
    factories.add_hours(weekend, 5, "10:00", "14:00")
    factories.add_hours(weekend, 6, "10:00", "14:00")
    factories.add_hours(weekend, 0, "10:00", "14:00")
    return office, evening, weekend, closed


def test_day_keys_mean_the_next_such_day_from_today():
    thursday = dt.date(2026, 6, 4)
    assert day_from_key("today", thursday) == thursday
    assert day_from_key("tomorrow", thursday) == dt.date(2026, 6, 5)
    assert day_from_key("thu", thursday) == thursday
    assert day_from_key("mon", thursday) == dt.date(2026, 6, 8)
    assert day_from_key("wed", thursday) == dt.date(2026, 6, 10)


DAYS = [dt.date(2026, 6, d) for d in range(1, 8)] + [dt.date(2026, 8, 3), dt.date(2026, 12, 24)]


@pytest.mark.parametrize("day", DAYS, ids=str)
@pytest.mark.parametrize("after", [None, dt.time(17, 0), dt.time(13, 0)], ids=str)
def test_open_on_a_day_in_sql_agrees_with_the_python_rule(week, day, after):
    office, evening, weekend, _closed = week
    factories.add_closure(office, "2026-08-01", "2026-08-14")  # the August break
    factories.add_closure(office, "2026-12-24", opens="09:00", closes="11:00")  # short day
    factories.add_closure(evening, "2026-06-04")  # closed this Thursday
    in_python = {
        s.slug
        for s in Service.objects.with_hours(dt.date(2026, 1, 1))
        if s.opens_on(day, after=after)
    }
    in_sql = set(Service.objects.open_on(day, after=after).values_list("slug", flat=True))
    assert in_sql == in_python


def test_whit_monday_closes_the_office_but_not_the_service_that_keeps_holidays(week):
    open_that_day = set(Service.objects.open_on(dt.date(2026, 6, 1)).values_list("slug", flat=True))
    assert open_that_day == {"weekend"}


@time_machine.travel(THURSDAY, tick=False)
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"open_on": "today"}, ["Απογευματινό", "Γραφείο"]),
        ({"open_on": "mon"}, ["Απογευματινό", "Γραφείο", "Σαββατοκύριακο"]),
        ({"open_on": "sat"}, ["Σαββατοκύριακο"]),
        ({"open_on": "today", "evening": "on"}, ["Απογευματινό"]),
        ({"evening": "on"}, ["Απογευματινό"]),
        ({"weekend": "on"}, ["Σαββατοκύριακο"]),
    ],
)
def test_day_evening_and_weekend_filters(client, week, params, expected):
    assert names_on(client.get("/el/services/", params)) == expected


@time_machine.travel(THURSDAY, tick=False)
def test_open_today_respects_a_closure_entered_for_today(client, week):
    factories.add_closure(week[1], "2026-06-04", note_el="Απεργία")
    assert names_on(client.get("/el/services/", {"open_on": "today"})) == ["Γραφείο"]


def test_the_services_list_filters_by_organisation_type(client):
    ngo = factories.make_org_type(slug="ngo")
    city = factories.make_org_type(slug="city")
    factories.make_service(name="Της ΜΚΟ", organisation=factories.make_organisation(org_type=ngo))
    factories.make_service(
        name="Του δήμου", organisation=factories.make_organisation(org_type=city)
    )
    assert names_on(client.get("/el/services/", {"type": "city"})) == ["Του δήμου"]


# Sorting ------------------------------------------------------------------------------


def test_sort_by_recently_checked_puts_unchecked_last(client):
    factories.make_service(name="Α παλιά", last_checked=dt.date(2025, 1, 1))
    factories.make_service(name="Β νέα", last_checked=dt.date(2026, 1, 1))
    factories.make_service(name="Γ ποτέ", last_checked=None)
    assert names_on(client.get("/el/services/", {"sort": "checked"})) == [
        "Β νέα",
        "Α παλιά",
        "Γ ποτέ",
    ]


@time_machine.travel(THURSDAY, tick=False)
def test_sort_by_opening_puts_open_now_first_then_the_soonest_today(client, week):
    later = factories.make_service(name="Αργότερα", slug="later")
    factories.add_hours(later, 3, "12:00", "13:00")
    response = client.get("/el/services/", {"sort": "opening"})
    # Open now (the office), opening at 12:00, at 16:00, then the rest by name.
    assert names_on(response) == [
        "Γραφείο",
        "Αργότερα",
        "Απογευματινό",
        "Σαββατοκύριακο",
        "Χωρίς ωράριο",
    ]
    # Python's opening status says the same of the first three.
    states = [s.opening.state for s in response.context["page"].object_list[:3]]
    assert states == ["open", "opens", "opens"]


@pytest.mark.parametrize("sort", ["", "checked", "opening"])
def test_pages_of_a_sorted_list_never_overlap(client, sort):
    for _number in range(45):
        factories.make_service(name="Ίδιο όνομα", last_checked=dt.date(2026, 1, 1))
    seen = []
    for page in (1, 2, 3):
        response = client.get("/el/services/", {"sort": sort, "page": page})
        seen += [s.pk for s in response.context["page"].object_list]
    assert len(seen) == len(set(seen)) == 45


def test_the_sort_is_kept_by_the_filter_form_and_the_filter_links(client):
    legal = factories.make_category(slug="legal")
    factories.make_service(category=legal)
    page = client.get("/en/services/", {"category": "legal", "sort": "checked"}).content.decode()
    assert '<option value="checked" selected>' in page
    assert "?sort=checked" in page  # removing the category keeps the order


def test_the_organisations_list_sorts_by_recently_checked(client):
    factories.make_organisation(name="Α", last_checked=dt.date(2025, 1, 1))
    factories.make_organisation(name="Β", last_checked=dt.date(2026, 1, 1))
    response = client.get("/el/organisations/", {"sort": "checked"})
    assert [o.name for o in response.context["page"].object_list] == ["Β", "Α"]


# Sub-categories -----------------------------------------------------------------------


def test_sub_categories_are_grouped_and_only_the_chosen_categorys_are_offered(client):
    legal = factories.make_category(slug="legal", name="Νομική", name_en="Legal aid")
    health = factories.make_category(slug="health", name="Υγεία", name_en="Health")
    factories.make_category(slug="asylum", name="Άσυλο", name_en="Asylum", parent=legal)
    factories.make_category(
        slug="dental", name="Οδοντιατρική", name_en="Dental care", parent=health
    )
    everything = client.get("/en/services/").content.decode()
    assert '<optgroup label="Legal aid">' in everything
    assert '<optgroup label="Health">' in everything
    chosen = client.get("/en/services/", {"category": "legal"}).content.decode()
    assert 'value="asylum"' in chosen
    assert 'value="dental"' not in chosen


def test_no_sub_category_of_the_seed_data_has_another_ones_name():
    taxonomy = json.loads(Path("members/data/taxonomy.json").read_text(encoding="utf-8"))
    for index in (1, 2):  # Greek, English
        names = Counter(
            child[index] for category in taxonomy["service_categories"] for child in category[3]
        )
        assert [name for name, times in names.items() if times > 1] == []


# Active filters, one-tap filters, the way forward ---------------------------------------


@time_machine.travel(THURSDAY, tick=False)
def test_each_active_filter_is_removable_in_one_tap(client):
    legal = factories.make_category(slug="legal", name="Νομική", name_en="Legal aid")
    farsi = factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi")
    service = factories.make_service(category=legal, is_free=True)
    service.languages.add(farsi)
    factories.add_hours(service, 3, "09:00", "17:00")
    params = {"category": "legal", "language": "fa", "free": "on", "open_on": "today", "page": "1"}
    response = client.get("/en/services/", params)
    links = {link.text: link.url for link in response.context["active_filters"]}
    assert links == {
        "Legal aid": "?language=fa&free=on&open_on=today",
        "Farsi": "?category=legal&free=on&open_on=today",
        "Free of charge only": "?category=legal&language=fa&open_on=today",
        "Open today": "?category=legal&language=fa&free=on",
    }
    page = response.content.decode()
    assert 'href="?category=legal&amp;free=on&amp;open_on=today"' in page
    assert "Clear all" in page


@time_machine.travel(THURSDAY, tick=False)
def test_one_tap_filters_and_the_languages_of_the_results(client):
    legal = factories.make_category(slug="legal")
    farsi = factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi")
    arabic = factories.make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    for languages in ([farsi], [farsi, arabic], [arabic]):
        factories.make_service(category=legal).languages.add(*languages)
    factories.make_service().languages.add(farsi)  # another category: not counted
    response = client.get("/en/services/", {"category": "legal"})
    quick = {link.text: link.url for link in response.context["quick_filters"]}
    assert quick["Open today"] == "?category=legal&open_on=today"
    assert quick["Free of charge only"] == "?category=legal&free=on"
    languages = [(link.text, link.count, link.url) for link in response.context["language_links"]]
    assert sorted(languages) == [
        ("Arabic", 2, "?category=legal&language=ar"),
        ("Farsi", 2, "?category=legal&language=fa"),
    ]


@time_machine.travel(THURSDAY, tick=False)
def test_an_empty_result_says_which_filter_empties_it_and_offers_the_way_forward(client):
    legal = factories.make_category(slug="legal", name="Νομική", name_en="Legal aid")
    farsi = factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi")
    factories.make_language(slug="ur", name="Ούρντου", name_en="Urdu")
    tomorrow_only = factories.make_service(name="Αύριο", category=legal)
    tomorrow_only.languages.add(farsi)
    factories.add_hours(tomorrow_only, 4, "09:00", "13:00")  # Friday
    response = client.get(
        "/en/services/", {"category": "legal", "language": "ur", "open_on": "today"}
    )
    assert names_on(response) == []
    ways = response.context["ways_forward"]
    assert ways["without"] == []  # no one filter is alone to blame: both empty it
    alternatives = {link.text: (link.count, link.url) for link in ways["alternatives"]}
    assert alternatives == {
        "Legal aid, in any language, with no other filter": (1, "?category=legal")
    }

    response = client.get(
        "/en/services/", {"category": "legal", "language": "fa", "open_on": "today"}
    )
    ways = response.context["ways_forward"]
    assert [(link.text, link.count) for link in ways["without"]] == [("Open today", 1)]
    assert ways["emptying"] == ["Open today"]
    alternatives = {link.text: (link.count, link.url) for link in ways["alternatives"]}
    assert alternatives["The same search, open tomorrow"] == (
        1,
        "?category=legal&language=fa&open_on=tomorrow",
    )
    page = response.content.decode()
    assert "Without “Open today”: 1 result" in page
    greek = client.get("/el/services/", {"category": "legal", "language": "fa", "open_on": "today"})
    assert "Χωρίς «Ανοιχτό σήμερα»: 1 αποτέλεσμα" in greek.content.decode()


def test_an_empty_organisations_list_offers_the_search_without_each_filter(client):
    factories.make_organisation(name="Πράξις", is_member=False)
    response = client.get("/en/organisations/", {"q": "πραξις", "member": "on"})
    ways = response.context["ways_forward"]
    assert [(link.text, link.count) for link in ways["without"]] == [("ACCMR members only", 1)]


@pytest.mark.parametrize(
    "params",
    [
        {"open_on": "someday"},
        {"open_on": ["today", "mon"]},
        {"sort": "price"},
        {"evening": "\x00"},
        {"type": "' OR 1=1"},
        {"subcategory": "x" * 300},
        {"weekend": "99999999999999999999"},
    ],
)
def test_bad_values_of_the_new_filters_are_ignored_or_explained(client, params):
    factories.make_service()
    for lang in ("el", "en"):
        response = client.get(f"/{lang}/services/", params)
        assert response.status_code in (200, 400)


# Query counts -------------------------------------------------------------------------


def _many_services(count: int) -> None:
    services = factories.make_many_services(
        count, organisations=5, closes="18:00", last_checked=None
    )
    for service in services[::3]:
        factories.add_closure(service, "2026-06-04")


@time_machine.travel(THURSDAY, tick=False)
@pytest.mark.parametrize("count", [1, 120])
def test_new_filters_and_sorts_make_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count
):
    _many_services(count)
    # 1 the vocabularies (organisation types, categories, population groups, languages, in
    # one query), 2 the count, 3 the keys of the page's services, their cards: 4 the services
    # with provider, type, category and sub-category, 5 their hours, 6 their closures, 7 their
    # languages, 8 their locations; 9 the languages spoken in the results (with counts).
    for params in (
        {"category": "legal", "open_on": "today", "evening": "on", "sort": "opening"},
        {"weekend": "on", "type": "x", "sort": "checked", "open_on": "sat"},
        {"q": "υπηρεσια", "open_on": "mon", "sort": "opening", "page": "2"},
    ):
        with django_assert_max_num_queries(9):
            response = client.get("/el/services/", params)
        assert response.status_code == 200
    # An empty result: 1-2 as above, 3 the (empty) page, 4 the counts of every way forward.
    with django_assert_max_num_queries(4):
        response = client.get(
            "/el/services/",
            {"q": "ξωτικο", "category": "legal", "open_on": "sun", "free": "on", "weekend": "on"},
        )
    assert response.context["page"].paginator.count == 0


# Reaching the service --------------------------------------------------------------------


def test_a_phone_service_shows_the_organisations_phone_when_it_has_only_an_e_mail(client):
    organisation = factories.make_organisation(phone="210 1111111", email="org@example.org")
    factories.make_service(
        slug="phone", organisation=organisation, email="own@example.org", access_phone=True
    )
    page = client.get("/en/services/phone/").content.decode()
    assert 'href="tel:+302101111111"' in page
    assert 'href="mailto:own@example.org"' in page
    assert "the organisation&#x27;s" in page or "the organisation's" in page


@time_machine.travel(THURSDAY, tick=False)
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("el", ["Ανοιχτό τώρα", "Χωρίς ραντεβού", "Με παραπομπή", "Φαρσί"]),
        ("en", ["Open now", "Walk in", "With a referral", "Farsi"]),
    ],
)
def test_the_top_of_a_service_page_says_open_now_how_to_get_in_languages_contact(
    client, lang, words
):
    service = factories.make_service(
        slug="top",
        organisation=factories.make_organisation(phone="210 1111111"),
        access_walk_in=True,
        access_referral=True,
        description_el="Μεγάλη περιγραφή. " * 50,
    )
    service.languages.add(factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi"))
    factories.add_hours(service, 3, "09:00", "17:00")
    page = client.get(f"/{lang}/services/top/").content.decode()
    facts = page[page.index('<dl class="service-facts">') : page.index("</dl>")]
    for word in words:
        assert word in facts
    assert 'href="tel:+302101111111"' in facts
    assert page.index("service-facts") < page.index("description-heading")


def test_an_address_links_to_directions_on_openstreetmap(client):
    organisation = factories.make_organisation()
    service = factories.make_service(slug="where", organisation=organisation)
    service.locations.add(
        factories.make_location(
            organisation=organisation, latitude="37.984200", longitude="23.728000"
        )
    )
    page = client.get("/en/services/where/").content.decode()
    assert 'href="https://www.openstreetmap.org/directions?to=37.984200%2C23.728000"' in page


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("el", "Η υπηρεσία εξυπηρετεί τηλεφωνικά"),
        ("en", "The service is reached by phone"),
    ],
)
def test_a_phone_service_cannot_be_published_without_a_phone_number(lang, message):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    service = factories.make_service(
        organisation=factories.make_organisation(phone="", email="org@example.org"),
        access_phone=True,
    )
    with translation.override(lang):
        with pytest.raises(ValidationError) as refused:
            service.full_clean()
        assert message in str(refused.value.message_dict["phone"])
    service.status = "draft"
    service.full_clean()  # a draft may wait for its number
    service.status = "published"
    service.organisation.phone = "210 1111111"
    service.full_clean()  # the organisation's number will do


def test_the_admin_refuses_to_publish_an_appointment_service_without_a_contact(rf):
    from django.contrib import admin

    from accmr.models import User

    service = factories.make_service(
        organisation=factories.make_organisation(), access_appointment=True
    )
    request = rf.get("/admin/")
    request.user = User.objects.create_superuser(email="root@example.org", password="x" * 20)
    model_admin = admin.site._registry[Service]
    form_class = model_admin.get_form(request, service)
    form = form_class(instance=service)
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            name: [getattr(v, "pk", v) for v in value]
            for name, value in form.initial.items()
            if isinstance(value, list)
        }
    )
    bound = form_class(data=data, instance=service)
    assert not bound.is_valid()
    assert "phone" in bound.errors
