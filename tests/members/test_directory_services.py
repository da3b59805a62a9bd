"""The public list of services: search, every filter, open now, bad input, queries."""

import datetime as dt

import pytest

from members.models import ServiceStatus, Status
from tests import factories
from tests.pages import names_on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["el", "en"])
def test_list_shows_provider_category_languages_and_next_opening(client, lang, monday_morning):
    legal = factories.make_category(slug="legal", name="Νομική συνδρομή", name_en="Legal aid")
    service = factories.make_service(
        name="Νομική βοήθεια",
        organisation=factories.make_organisation(name="Πάροχος Α", name_en="Provider A"),
        category=legal,
    )
    service.languages.add(factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi"))
    factories.add_hours(service, 1, "09:00", "13:00")  # Tuesday
    response = client.get(f"/{lang}/services/")
    assert response.status_code == 200
    page = response.content.decode()
    if lang == "en":
        assert "Provider A" in page
        assert "Legal aid" in page
        assert "Farsi" in page
        assert "Closed now; opens tomorrow at 09:00" in page
    else:
        assert "Πάροχος Α" in page
        assert "Νομική συνδρομή" in page
        assert "Φαρσί" in page
        assert "αύριο" in page and "09:00" in page


def test_draft_retired_and_draft_providers_services_are_never_listed(client):
    factories.make_service(name="Ζωντανή")
    factories.make_service(name="Κλειστή προσωρινά", status=ServiceStatus.CLOSED)
    factories.make_service(name="Πρόχειρη", status=ServiceStatus.DRAFT)
    factories.make_service(name="Καταργημένη", status=ServiceStatus.RETIRED)
    factories.make_service(
        name="Κρυφός πάροχος", organisation=factories.make_organisation(status=Status.DRAFT)
    )
    assert names_on(client.get("/el/services/")) == ["Ζωντανή", "Κλειστή προσωρινά"]


@pytest.mark.parametrize("query", ["αθηνα", "ΑΘΗΝΑ", "Αθήνα"])
def test_search_ignores_case_and_accents(client, query):
    factories.make_service(name="Ενημέρωση στην Αθήνα")
    factories.make_service(name="Ενημέρωση στον Πειραιά")
    assert names_on(client.get("/el/services/", {"q": query})) == ["Ενημέρωση στην Αθήνα"]


def test_search_also_matches_the_provider_name(client):
    factories.make_service(
        name="Νομική βοήθεια", organisation=factories.make_organisation(name="Πράξις")
    )
    factories.make_service(
        name="Νομική βοήθεια άλλη", organisation=factories.make_organisation(name="Άλλος")
    )
    assert names_on(client.get("/el/services/", {"q": "πραξισ νομικη"})) == ["Νομική βοήθεια"]


def test_filter_by_category_and_sub_category(client):
    legal = factories.make_category(slug="legal")
    asylum = factories.make_category(slug="asylum", parent=legal)
    residence = factories.make_category(slug="residence", parent=legal)
    health = factories.make_category(slug="health")
    factories.make_service(name="Άσυλο", category=legal, subcategory=asylum)
    factories.make_service(name="Διαμονή", category=legal, subcategory=residence)
    factories.make_service(name="Υγεία", category=health)
    assert names_on(client.get("/el/services/", {"category": "legal"})) == ["Άσυλο", "Διαμονή"]
    assert names_on(client.get("/el/services/", {"subcategory": "asylum"})) == ["Άσυλο"]
    both = client.get("/el/services/", {"category": "legal", "subcategory": "residence"})
    assert names_on(both) == ["Διαμονή"]


def test_a_sub_category_of_another_category_is_explained_and_left_out(client):
    legal = factories.make_category(slug="legal")
    health = factories.make_category(slug="health")
    factories.make_category(slug="dental", parent=health)
    factories.make_service(name="Νομικό", category=legal)
    response = client.get("/en/services/", {"category": "legal", "subcategory": "dental"})
    assert response.status_code == 200
    assert names_on(response) == ["Νομικό"]
    assert "does not belong to the chosen category" in response.content.decode()


def test_filter_by_population_group_and_language(client):
    women = factories.make_population_group(slug="women", name="Γυναίκες", name_en="Women")
    arabic = factories.make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    for_women = factories.make_service(name="Για γυναίκες")
    for_women.population_groups.add(women)
    in_arabic = factories.make_service(name="Στα αραβικά")
    in_arabic.languages.add(arabic, factories.make_language(slug="el"))
    factories.make_service(name="Άλλη")
    assert names_on(client.get("/el/services/", {"population_group": "women"})) == ["Για γυναίκες"]
    assert names_on(client.get("/el/services/", {"language": "ar"})) == ["Στα αραβικά"]


def test_filter_by_municipal_community(client):
    kypseli = factories.make_service(name="Κυψέλη")
    kypseli.locations.add(factories.make_location(organisation=kypseli.organisation, community=6))
    kypseli.locations.add(factories.make_location(organisation=kypseli.organisation, community=6))
    centre = factories.make_service(name="Κέντρο")
    centre.locations.add(factories.make_location(organisation=centre.organisation, community=1))
    factories.make_service(name="Χωρίς διεύθυνση")
    # Two locations in the same community do not list the service twice.
    assert names_on(client.get("/el/services/", {"community": "6"})) == ["Κυψέλη"]


def test_filter_free_walk_in_and_municipal(client):
    municipal = factories.make_org_type(
        slug="municipal_service", name="Δημοτική", is_municipal=True
    )
    factories.make_service(
        name="Δημοτική", organisation=factories.make_organisation(org_type=municipal)
    )
    factories.make_service(name="Με χρέωση", is_free=False)
    factories.make_service(name="Χωρίς ραντεβού", access_walk_in=True)
    assert "Με χρέωση" not in names_on(client.get("/el/services/", {"free": "on"}))
    assert len(names_on(client.get("/el/services/", {"free": "on"}))) == 2
    assert names_on(client.get("/el/services/", {"walk_in": "on"})) == ["Χωρίς ραντεβού"]
    assert names_on(client.get("/el/services/", {"municipal": "on"})) == ["Δημοτική"]


def test_filter_open_now_uses_athens_time(client, monday_morning):
    open_service = factories.make_service(name="Ανοιχτή")
    factories.add_hours(open_service, 0, "09:00", "17:00")
    later = factories.make_service(name="Ανοίγει το απόγευμα")
    factories.add_hours(later, 0, "16:00", "20:00")
    tuesday = factories.make_service(name="Την Τρίτη")
    factories.add_hours(tuesday, 1, "09:00", "17:00")
    closed = factories.make_service(name="Κλειστή προσωρινά", status=ServiceStatus.CLOSED)
    factories.add_hours(closed, 0, "09:00", "17:00")
    factories.make_service(name="Χωρίς ωράριο")
    response = client.get("/en/services/", {"open_now": "on"})
    assert names_on(response) == ["Ανοιχτή"]
    assert "Open now</strong>, until 17:00" in response.content.decode()


def test_open_now_is_closed_at_closing_time(client, monday_morning):
    monday_morning.move_to("2025-03-10T17:00:00+02:00")
    service = factories.make_service(name="Ως τις πέντε")
    factories.add_hours(service, 0, "09:00", "17:00")
    assert names_on(client.get("/el/services/", {"open_now": "on"})) == []


@pytest.mark.parametrize(
    "params",
    [
        {"category": "nope"},
        {"subcategory": "nope"},
        {"population_group": "nope"},
        {"language": "nope"},
        {"community": "0"},
        {"q": "x" * 5000},
        {"q": "\x00"},
        {"category": "\x00"},
    ],
)
@pytest.mark.parametrize("lang", ["el", "en"])
def test_bad_filter_values_are_explained_never_a_500(client, params, lang):
    factories.make_service(name="Ορατή")
    response = client.get(f"/{lang}/services/", params)
    assert response.status_code == 200
    assert names_on(response) == ["Ορατή"]
    assert 'class="alert alert-warning"' in response.content.decode()


def test_too_long_query_message_says_why(client):
    response = client.get("/en/services/", {"q": "x" * 5000})
    assert "at most 200 characters" in response.content.decode()


@pytest.mark.parametrize("page", ["x", "0", "2", "9" * 100])
def test_a_bad_page_number_shows_the_nearest_page(client, page):
    factories.make_service(name="Μόνη")
    response = client.get(f"/el/services/?page={page}")
    assert response.status_code == 200
    assert "Μόνη" in response.content.decode()


@pytest.mark.parametrize("count", [1, 200])
def test_list_makes_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count, monday_morning
):
    factories.make_many_services(count)
    # Nothing remembered (DATA_CACHE_SECONDS=0 in tests): 1 the vocabularies for the
    # filters (categories, organisation types, population groups, languages, in one query),
    # 2 the count, 3 the keys of the page's services; their cards (members.cards): 4 the
    # services with provider, provider type, category and sub-category, 5 their opening hours,
    # 6 their closures, 7 their languages, 8 their locations; with no language chosen, 9 the
    # languages spoken in the results (members/finding.py).
    with django_assert_max_num_queries(8):
        response = client.get("/el/services/", {"language": "fa", "category": "legal"})
    assert len(names_on(response)) == min(count, 20)
    with django_assert_max_num_queries(9):
        response = client.get(
            "/en/services/",
            {"q": "υπηρεσια", "community": "1", "free": "on", "open_now": "on"},
        )
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 200])
def test_once_remembered_a_page_reads_nothing(
    client, settings, django_assert_num_queries, count, monday_morning
):
    settings.DATA_CACHE_SECONDS = 60
    factories.make_many_services(count)
    for params in ({"category": "legal"}, {"category": "legal", "page": "2"}, {}):
        client.get("/el/services/", params)
        # The vocabularies, the count, the keys of the page's rows, the cards and the
        # languages of the results are remembered.
        with django_assert_num_queries(0):
            response = client.get("/el/services/", params)
        assert response.status_code == 200
    assert len(names_on(response)) == min(count, 20)


def test_a_remembered_card_changes_with_its_service_and_its_opening_line_with_the_clock(
    client, settings, django_capture_on_commit_callbacks, monday_morning
):
    settings.DATA_CACHE_SECONDS = 60
    service = factories.make_service(name="Παλιό όνομα", name_en="Old name")
    factories.add_hours(service, 0, "09:00", "17:00")
    page = client.get("/en/services/").content.decode()
    assert "Old name" in page and "opening--open" in page
    # Seven hours later the card is the same one, but the service has closed for the day.
    monday_morning.shift(dt.timedelta(hours=7))
    page = client.get("/en/services/").content.decode()
    assert "Old name" in page and "opening--open" not in page
    assert "Closed now; opens on Monday at 09:00" in page
    with django_capture_on_commit_callbacks(execute=True):
        service.name_en = "New name"
        service.save()
    page = client.get("/en/services/").content.decode()
    assert "New name" in page and "Old name" not in page
