"""The public list of organisations: search, filters, pagination, bad input, queries."""

import pytest

from members.models import Status
from tests import factories
from tests.pages import names_on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["el", "en"])
def test_list_shows_published_organisations_in_each_language(client, lang):
    factories.make_organisation(name="Οργάνωση Αλφα", name_en="Alpha organisation")
    response = client.get(f"/{lang}/organisations/")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
    assert len(names_on(response)) == 1


def test_list_shows_name_type_categories_and_area_of_each_result(client):
    legal = factories.make_category(slug="legal", name="Νομική συνδρομή", name_en="Legal aid")
    organisation = factories.make_organisation(
        name="Δίκτυο Αλφα", org_type=factories.make_org_type(slug="ngo", name="ΜΚΟ", name_en="NGO")
    )
    factories.make_service(organisation=organisation, category=legal)
    factories.make_location(organisation=organisation, community=3)
    page = client.get("/en/organisations/").content.decode()
    assert "Δίκτυο Αλφα" in page
    assert "NGO" in page
    assert "Legal aid" in page
    assert "3rd Municipal Community" in page


def test_draft_organisations_are_never_listed(client):
    factories.make_organisation(name="Δημοσιευμένη")
    factories.make_organisation(name="Πρόχειρη", status=Status.DRAFT)
    assert names_on(client.get("/el/organisations/")) == ["Δημοσιευμένη"]
    assert names_on(client.get("/el/organisations/", {"q": "Πρόχειρη"})) == []


@pytest.mark.parametrize("query", ["αθηνα", "ΑΘΗΝΑ", "Αθήνα", "αθήνας", "  Αθηνα  "])
def test_search_ignores_case_and_greek_accents(client, query):
    factories.make_organisation(name="Κέντρο Στήριξης Αθήνας")
    factories.make_organisation(name="Σύλλογος Πειραιά")
    response = client.get("/el/organisations/", {"q": query})
    assert names_on(response) == ["Κέντρο Στήριξης Αθήνας"]


def test_search_needs_every_word_and_finds_english_names_and_short_names(client):
    factories.make_organisation(name="Πράξις", name_en="Praksis Athens", short_name="PRK")
    factories.make_organisation(name="Άλλη", name_en="Other Athens")
    assert names_on(client.get("/en/organisations/", {"q": "PRAKSIS athens"})) == ["Praksis Athens"]
    assert names_on(client.get("/el/organisations/", {"q": "prk"})) == ["Πράξις"]
    assert names_on(client.get("/en/organisations/", {"q": "praksis piraeus"})) == []


def test_filter_by_type(client):
    factories.make_organisation(
        name="Δήμος", org_type=factories.make_org_type(slug="local_authority", name="ΤΑ")
    )
    factories.make_organisation(name="ΜΚΟ Α", org_type=factories.make_org_type(slug="ngo"))
    assert names_on(client.get("/el/organisations/", {"type": "local_authority"})) == ["Δήμος"]


def test_filter_by_category_population_group_and_language_of_their_services(client):
    legal = factories.make_category(slug="legal")
    health = factories.make_category(slug="health")
    women = factories.make_population_group(slug="women", name="Γυναίκες", name_en="Women")
    farsi = factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi")
    lawyers = factories.make_organisation(name="Νομικοί")
    doctors = factories.make_organisation(name="Γιατροί")
    legal_service = factories.make_service(organisation=lawyers, category=legal)
    legal_service.languages.add(farsi)
    health_service = factories.make_service(organisation=doctors, category=health)
    health_service.population_groups.add(women)

    assert names_on(client.get("/el/organisations/", {"category": "legal"})) == ["Νομικοί"]
    assert names_on(client.get("/el/organisations/", {"language": "fa"})) == ["Νομικοί"]
    assert names_on(client.get("/el/organisations/", {"population_group": "women"})) == ["Γιατροί"]
    # All terms must meet in one service.
    assert (
        names_on(client.get("/el/organisations/", {"category": "health", "language": "fa"})) == []
    )


def test_category_filter_ignores_draft_services(client):
    legal = factories.make_category(slug="legal")
    factories.make_service(
        organisation=factories.make_organisation(name="Πρόχειρη υπηρεσία"),
        category=legal,
        status="draft",
    )
    assert names_on(client.get("/el/organisations/", {"category": "legal"})) == []


def test_filter_by_municipal_community_of_their_locations(client):
    factories.make_location(organisation=factories.make_organisation(name="Κυψέλη"), community=6)
    factories.make_location(organisation=factories.make_organisation(name="Κέντρο"), community=1)
    assert names_on(client.get("/el/organisations/", {"community": "6"})) == ["Κυψέλη"]


def test_filter_members_only(client):
    factories.make_organisation(name="Μέλος", is_member=True)
    factories.make_organisation(name="Όχι μέλος", is_member=False)
    assert names_on(client.get("/el/organisations/", {"member": "on"})) == ["Μέλος"]


def test_result_count_is_shown(client):
    for _ in range(3):
        factories.make_organisation()
    assert "3 organisations found" in client.get("/en/organisations/").content.decode()


def test_pagination_keeps_the_filters_in_its_links(client):
    for n in range(45):
        factories.make_organisation(name=f"Οργάνωση {n:02d}", is_member=True)
    response = client.get("/en/organisations/", {"member": "on", "q": "οργανωση"})
    page = response.content.decode()
    assert "45 organisations found" in page
    assert (
        'href="?member=on&amp;q=%CE%BF%CF%81%CE%B3%CE%B1%CE%BD%CF%89%CF%83%CE%B7&amp;page=2"'
        in page
    )
    second = client.get("/en/organisations/", {"member": "on", "q": "οργανωση", "page": 2})
    assert names_on(second)[0] == "Οργάνωση 20"
    last = client.get("/en/organisations/", {"member": "on", "q": "οργανωση", "page": 3})
    assert len(names_on(last)) == 5


def test_share_link_is_the_current_search(client):
    factories.make_organisation()
    page = client.get("/en/organisations/?q=abc&member=on").content.decode()
    assert 'value="http://testserver/en/organisations/?q=abc&amp;member=on"' in page


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", ""])
def test_a_page_number_that_is_not_a_whole_number_from_1_shows_the_first_page(client, page):
    factories.make_organisation(name="Πρώτη")
    response = client.get(f"/en/organisations/?page={page}")
    assert response.status_code == 200
    assert names_on(response) == ["Πρώτη"]


@pytest.mark.parametrize("page", ["7", "9" * 5000])
def test_a_page_beyond_the_last_shows_the_last_page(client, page):
    for n in range(25):
        factories.make_organisation(name=f"Οργάνωση {n:02d}")
    response = client.get(f"/en/organisations/?q=org&page={page}")
    assert response.status_code == 200
    assert names_on(response) == [f"Οργάνωση {n:02d}" for n in range(20, 25)]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "no-such-type"},
        {"category": "nothing"},
        {"population_group": "x"},
        {"language": "klingon"},
        {"community": "9"},
        {"community": "first"},
        {"q": "α" * 5000},
        {"q": "abc\x00def"},
        {"language": "el\x00"},
    ],
)
@pytest.mark.parametrize("lang", ["el", "en"])
def test_bad_filter_values_are_left_out_with_a_message_never_a_500(client, params, lang):
    factories.make_language(slug="el")
    factories.make_organisation(name="Ορατή")
    response = client.get(f"/{lang}/organisations/", params)
    assert response.status_code == 200
    assert names_on(response) == ["Ορατή"]  # the bad criterion is ignored
    assert 'class="alert alert-warning"' in response.content.decode()


def test_bad_filter_message_names_the_field(client):
    response = client.get("/en/organisations/", {"language": "klingon"})
    page = response.content.decode()
    assert "Part of your search could not be used and was left out" in page
    assert "Speaks:" in page


def test_raw_nul_byte_in_the_query_string_is_not_a_500(client):
    response = client.get("/el/organisations/?q=%00&type=%00&page=1")
    assert response.status_code == 200


def _many_organisations(count: int) -> None:
    with factories.without_history():
        legal = factories.make_category(slug="legal")
        farsi = factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi")
        for n in range(count):
            organisation = factories.make_organisation(name=f"Οργάνωση {n}")
            factories.make_location(organisation=organisation, community=n % 7 + 1)
            service = factories.make_service(organisation=organisation, category=legal)
            service.languages.add(farsi)


@pytest.mark.parametrize("count", [1, 200])
def test_list_makes_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    _many_organisations(count)
    # Nothing remembered (DATA_CACHE_SECONDS=0 in tests): 1 the vocabularies for the filters
    # (types, categories, population groups, languages, in one query), 2 the count, 3 the keys
    # of the page's organisations; their cards (members.cards): 4 the organisations with their
    # types, 5 their published services with categories, 6 their locations.
    with django_assert_max_num_queries(6):
        response = client.get("/el/organisations/", {"language": "fa", "community": "1"})
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get("/en/organisations/", {"q": "οργανωση", "page": "1"})
    assert len(names_on(response)) == min(count, 20)


@pytest.mark.parametrize("count", [1, 200])
def test_once_remembered_a_page_reads_nothing(client, settings, django_assert_num_queries, count):
    settings.DATA_CACHE_SECONDS = 60
    _many_organisations(count)
    for params in ({"language": "fa"}, {"language": "fa", "page": "2"}, {}):
        client.get("/el/organisations/", params)
        # The vocabularies, the count, the keys of the page's rows and the cards are remembered.
        with django_assert_num_queries(0):
            response = client.get("/el/organisations/", params)
        assert response.status_code == 200
    assert len(names_on(response)) == min(count, 20)
